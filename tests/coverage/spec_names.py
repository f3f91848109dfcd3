"""A spec's examples and operations, for the checks of the documents' samples against them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class SpecNames:
    examples: list[dict[str, Any]] = field(default_factory=list)
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)  # by endpoint key
    data: dict[str, Any] = field(default_factory=dict)  # the spec as loaded


def endpoint_key(method: str, path: str) -> str:
    """`GET /v2/bookings/:id` and `GET /v2/bookings/{id}` -> `GET /v2/bookings/{}`."""
    path = re.sub(r"\{[^}]*\}", "{}", path)
    path = re.sub(r":[A-Za-z_][A-Za-z0-9_]*", "{}", path)
    return f"{method.upper()} {path.rstrip('/') or '/'}"


def spec_names(name: str) -> SpecNames:
    data = yaml.safe_load((ROOT / "specs" / f"{name}.yaml").read_text(encoding="utf-8"))
    out = SpecNames(data=data)

    def walk(resources: dict[str, Any]) -> None:
        for resource in resources.values():
            for op in (resource.get("operations") or {}).values():
                method, path = op["endpoint"].split(" ", 1)
                out.operations[endpoint_key(method, path)] = op
                out.examples.extend(op.get("examples") or [])
            walk(resource.get("resources") or {})

    walk(data.get("resources") or {})
    return out


def noted(element: dict[str, Any]) -> str:
    """What an element's notes say the document does and the spec decides."""
    return " ".join(n["document"] + " " + n["decision"] for n in element.get("notes") or [])


def closest_example(
    value: Any, candidates: list[tuple[Any, dict[str, Any]]]
) -> tuple[set[str], dict[str, Any]]:
    """The spec example whose (value, example) pair differs least from a document sample, and the
    keys that differ: a sample matches when those keys are all quoted by the example's notes."""
    scored = [(differing_keys(value, other), example) for other, example in candidates]
    return min(scored, key=lambda c: ("<value>" in c[0], len(c[0])))


def differing_keys(a: Any, b: Any) -> set[str]:
    """Names of the keys, at any depth, whose values differ between two JSON values
    (`<value>` when the two differ at the top, not under a key)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: set[str] = set()
        for key in a.keys() | b.keys():
            if key not in a or key not in b:
                out.add(str(key))
            elif isinstance(a[key], dict | list) and isinstance(b[key], dict | list):
                inner = differing_keys(a[key], b[key])
                out |= {str(key)} if "<value>" in inner else inner
            elif a[key] != b[key]:
                out.add(str(key))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return (
            set().union(*(differing_keys(x, y) for x, y in zip(a, b, strict=True))) if a else set()
        )
    return set() if a == b else {"<value>"}
