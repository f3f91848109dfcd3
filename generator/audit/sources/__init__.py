"""Readers of the vendor documents: each turns one document format into a list of facts.

A fact is a flat JSON object naming one thing the document prints, with the line it came from:

- `endpoint`: `{"endpoint": "GET /v2/bookings/{id}"}`;
- `parameter`: a path, query or body parameter of an endpoint (`in`, `name`, printed `type`,
  `required`, `nullable`, `enum`, `minimum`, `maximum` where printed);
- `field`: a field of an entity table (`entity`, dotted `name`, `type` and flags), with the
  `endpoint` that returns the entity when the document places the table before it;
- `example`: the sorted key set of a printed JSON sample.

Facts hold names, types, flags and numbers only: never the document's prose.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

Fact = dict[str, Any]
Reader = Callable[[str, Path], list[Fact]]

KINDS = ("endpoint", "parameter", "field", "example")
# A fact's keys in the order a sheet prints them: identity first, then what is compared.
KEY_ORDER = (
    "kind",
    "endpoint",
    "entity",
    "in",
    "name",
    "type",
    "required",
    "nullable",
    "optional",
    "enum",
    "minimum",
    "maximum",
    "keys",
    "line",
)
DOCS_ENV = "APIGEN_DOCS"


class Sample(NamedTuple):
    """A JSON sample the document prints: its first line, the endpoint it belongs to (None for
    the document's general samples), its value, and whether it had to be repaired to parse."""

    line: int
    endpoint: str | None
    value: Any
    repaired: bool


def sample_facts(
    samples: list[Sample], keys: Callable[[Any], set[str]] | None = None
) -> list[Fact]:
    return [
        make_fact("example", s.line, endpoint=s.endpoint, keys=sorted((keys or json_keys)(s.value)))
        for s in samples
    ]


class DocumentError(Exception):
    """A document that cannot be read, or a spec no reader knows."""


def make_fact(kind: str, line: int, *, where: str | None = None, **values: Any) -> Fact:
    """A fact with its keys in sheet order (`where` is the `in` key); None values are left out."""
    values["in"] = where
    unknown = set(values) - set(KEY_ORDER)
    if unknown or kind not in KINDS:
        raise ValueError(f"not a fact: {kind} {sorted(unknown)}")
    values.update(kind=kind, line=line)
    return {key: values[key] for key in KEY_ORDER if values.get(key) is not None}


def normalize_path(path: str) -> str:
    """`/v2/bookings/:id`, `/v1/ratings/<ID>` and `{id}` all read as `{name}` placeholders."""
    path = re.sub(r":([A-Za-z_][A-Za-z0-9_]*)", r"{\1}", path)
    path = re.sub(r"<([A-Za-z_][A-Za-z0-9_]*)>", lambda m: "{" + m[1].lower() + "}", path)
    return path.rstrip("/") or "/"


def endpoint(method: str, path: str) -> str:
    return f"{method.upper()} {normalize_path(path)}"


def endpoint_shape(key: str) -> str:
    """`GET /a/{x}/b` -> `GET /a/{}/b`: two spellings of one endpoint compare equal."""
    return re.sub(r"\{[^}]*\}", "{}", key)


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


def documents_dir(root: Path) -> Path:
    """`$APIGEN_DOCS`, else `../shared/docs` beside the project."""
    return Path(os.environ.get(DOCS_ENV) or root.parent / "shared" / "docs").resolve()


def sort_key(fact: Fact) -> tuple[Any, ...]:
    """Identity, not line: a sheet keeps its order when the vendor inserts text above a fact."""
    return (
        KINDS.index(fact["kind"]),
        fact.get("endpoint", ""),
        fact.get("entity", ""),
        fact.get("in", ""),
        fact.get("name", ""),
        fact.get("keys", []),
        fact["line"],
    )


def sheet_text(api: str, document: str, facts: list[Fact]) -> str:
    """The sheet: one fact per line, sorted by identity, and every fact's document line on the
    last line (in the order of the facts), so that text inserted above facts changes that line
    alone and a vendor's change is a diff of a few lines."""
    ordered = sorted(facts, key=sort_key)
    lines = [
        json.dumps(
            {key: fact[key] for key in KEY_ORDER if key in fact and key != "line"},
            ensure_ascii=False,
        )
        for fact in ordered
    ]
    head = json.dumps({"api": api, "document": document})[:-1]
    numbers = json.dumps([fact["line"] for fact in ordered])
    return head + ', "facts": [\n' + ",\n".join(lines) + f'\n],\n"lines": {numbers}}}\n'


def load_sheet(path: Path) -> tuple[str, list[Fact]]:
    """(document name, facts) of a committed sheet, each fact with its `line` again."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read the fact sheet: {exc.strerror}") from None
    try:
        data = json.loads(text)
        facts = [dict(fact) for fact in data["facts"]]
        numbers = data.get("lines")
        if numbers is not None:
            if len(numbers) != len(facts):
                raise ValueError(f"{len(facts)} facts but {len(numbers)} lines")
            for fact, number in zip(facts, numbers, strict=True):
                fact["line"] = number
        document = str(data["document"])
    except KeyError as exc:
        raise DocumentError(f"{path}: not a fact sheet (no {exc} key)") from None
    except (ValueError, TypeError) as exc:
        raise DocumentError(f"{path}: not a fact sheet ({exc})") from None
    ordered = [{key: fact[key] for key in KEY_ORDER if key in fact} for fact in facts]
    return document, ordered


def hand_written_sheet(path: Path) -> tuple[str, list[Fact]]:
    """(document name, facts) of a sheet a maintainer wrote, each fact checked as a reader's
    would be: a known kind, known keys, and the line of the capture that prints it (a `line`
    key of its own, or the sheet's `lines`, as `apigen facts` writes it back)."""
    document, _ = load_sheet(path)  # the sheet's own shape
    data = json.loads(path.read_text(encoding="utf-8"))
    numbers = data.get("lines") or [None] * len(data["facts"])
    facts: list[Fact] = []
    for index, (given, number) in enumerate(zip(data["facts"], numbers, strict=True), 1):
        if not isinstance(given, dict):
            raise DocumentError(f"{path}: fact {index} is not an object")
        values = dict(given)
        line = values.pop("line", number)
        kind, where = values.pop("kind", None), values.pop("in", None)
        if not isinstance(line, int) or isinstance(line, bool) or line < 1:
            raise DocumentError(
                f"{path}: fact {index} needs `line`, the line of the capture that prints it"
            )
        try:
            facts.append(make_fact(str(kind), line, where=where, **values))
        except ValueError as exc:
            raise DocumentError(
                f"{path}: fact {index}: {exc} (kinds: {', '.join(KINDS)})"
            ) from None
    return document, facts
