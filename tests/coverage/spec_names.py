"""What a spec declares, as plain sets of names, for the document coverage tests."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# A clone on its own has no ../shared: the document checks then skip, saying how to point at them.
DOCS = Path(os.environ.get("APIGEN_DOCS") or ROOT.parent / "shared" / "docs").resolve()
VENDOR = DOCS.parent / "vendor"


def require(path: Path) -> Path:
    """`path`, or skip the calling test module when the vendor documents are not beside the clone."""
    if not path.is_file():
        pytest.skip(f"{path} not found: set APIGEN_DOCS to the vendor documents folder "
                    "(default ../shared/docs)", allow_module_level=True)
    return path


@dataclass
class SpecNames:
    endpoints: set[str] = field(default_factory=set)  # "GET /v2/bookings/{}"
    wire_names: set[str] = field(default_factory=set)  # every field, parameter and envelope key
    left_out: dict[str, str] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)  # by endpoint key
    data: dict[str, Any] = field(default_factory=dict)  # the spec as loaded
    notes: str = ""  # every note's text: a name it quotes is a recorded, deliberate difference

    def missing(self, names: set[str]) -> list[str]:
        """Names the document prints that the spec neither declares nor lists as left out."""
        return sorted(n for n in names if n not in self.wire_names and n not in self.left_out)


def normalize_path(path: str) -> str:
    """`/v2/bookings/:id` and `/v2/bookings/{id}` -> `/v2/bookings/{}`."""
    path = re.sub(r"\{[^}]*\}", "{}", path)
    path = re.sub(r":[A-Za-z_][A-Za-z0-9_]*", "{}", path)
    return path.rstrip("/") or "/"


def endpoint_key(method: str, path: str) -> str:
    return f"{method.upper()} {normalize_path(path)}"


def spec_names(name: str) -> SpecNames:
    data = yaml.safe_load((ROOT / "specs" / f"{name}.yaml").read_text(encoding="utf-8"))
    out = SpecNames(left_out=dict(data["api"].get("left_out") or {}), data=data)

    def add_fields(fields: dict[str, Any] | None) -> None:
        for wire, spec in (fields or {}).items():
            out.wire_names.add(str(wire))
            if isinstance(spec, dict):
                out.wire_names.update(spec.get("aliases") or [])

    envelope = data["api"].get("envelope") or {}
    if envelope:
        out.wire_names.update(k for k in (envelope.get("data"), envelope.get("error")) if k)
        add_fields(envelope.get("fields"))
    for typedef in (data.get("types") or {}).values():
        add_fields(typedef.get("fields"))

    def walk(resources: dict[str, Any]) -> None:
        for resource in resources.values():
            for op in (resource.get("operations") or {}).values():
                method, path = op["endpoint"].split(" ", 1)
                out.endpoints.add(endpoint_key(method, path))
                out.operations[endpoint_key(method, path)] = op
                add_fields(op.get("path"))
                add_fields(op.get("query"))
                add_fields((op.get("body") or {}).get("fields"))
                out.examples.extend(op.get("examples") or [])
            walk(resource.get("resources") or {})

    walk(data.get("resources") or {})
    out.notes = "\n".join(_notes(data))
    return out


def _notes(value: Any) -> list[str]:
    if isinstance(value, dict):
        texts = [" ".join(str(n.get(k, "")) for k in ("document", "decision", "reason"))
                 for n in value.get("notes") or [] if isinstance(n, dict)]
        return texts + [t for key, item in value.items() if key != "notes" for t in _notes(item)]
    if isinstance(value, list):
        return [t for item in value for t in _notes(item)]
    return []


def noted(element: dict[str, Any]) -> str:
    """What an element's notes say the document does and the spec decides."""
    return " ".join(n["document"] + " " + n["decision"] for n in element.get("notes") or [])


def closest_example(value: Any, candidates: list[tuple[Any, dict[str, Any]]]) -> tuple[set[str], dict[str, Any]]:
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
        return set().union(*(differing_keys(x, y) for x, y in zip(a, b, strict=True))) if a else set()
    return set() if a == b else {"<value>"}


def json_keys(value: Any) -> set[str]:
    """Every object key anywhere in a JSON value."""
    keys: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            keys.add(str(key))
            keys |= json_keys(item)
    elif isinstance(value, list):
        for item in value:
            keys |= json_keys(item)
    return keys
