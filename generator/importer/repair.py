"""The draft read back as `apigen validate` reads it, before it is written.

The importer checks each example against the types it writes (`examples.py`), but the spec's
own checks are the judge: an example they still refuse is left out with a note rather than
written to fail validation. Other errors stay for `apigen validate` to report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..spec.errors import SpecErrors
from .constructs import Findings
from .document import child

if TYPE_CHECKING:
    from ..resolved.nodes import Api

_ROUNDS = 3  # the checks report every refused example at once: a second round finds none
_INDEX = re.compile(r"\[(\d+)\]")


def checked_text(
    spec: dict[str, Any],
    findings: Findings,
    places: dict[str, str],
    text_of: Callable[[dict[str, Any]], str],
    display: str,
) -> tuple[str, Api | None]:
    """The spec's text with the examples the spec's checks refuse left out, and its resolved
    model (None when other errors remain). `places` maps a spec element's dotted path
    (`types.Pet`, `resources.pets.operations.list`) to its pointer in the document."""
    from ..resolved.build import resolve
    from ..spec.loader import parse_spec

    text = text_of(spec)
    for _ in range(_ROUNDS):
        try:
            return text, resolve(parse_spec(text, display))
        except SpecErrors as exc:
            refused = [e for e in exc.errors if _drop(spec, e.where, e.message, findings, places)]
            if not refused:
                return text, None
        text = text_of(spec)
    return text, None


def _drop(
    spec: dict[str, Any], where: str, message: str, findings: Findings, places: dict[str, str]
) -> bool:
    """Leave out the example an error at `where` is about, with a note; False when the error is
    not about an example (or it is gone already)."""
    owner, container, key, prefix = _example_at(spec, where)
    if container is None:
        return False
    pointer = _pointer(prefix, places)
    example = "`example`" if isinstance(container, dict) else f"example {key + 1}"
    if isinstance(container, dict):
        del container[key]
    else:
        container.pop(key)
        if not container:
            del owner["examples"]
    findings.note(owner, "example.mismatch", pointer, prefix, f"The {example}: {message}.")
    return True


def _example_at(spec: dict[str, Any], where: str) -> tuple[Any, Any, Any, str]:
    """The element holding the example the dotted path `where` is in, the container to drop it
    from, its key there, and the element's dotted path."""
    node: Any = spec
    rest = where
    while rest:
        if isinstance(node, dict):
            key = _longest_key(node, rest)
            if key is None:
                break
            after = rest[len(key) :].removeprefix(".")
            owner_path = where[: len(where) - len(rest)].rstrip(".")
            if key == "example":
                return node, node, key, owner_path
            if key == "examples" and isinstance(node[key], list):
                index = _INDEX.match(after)
                if index is None or int(index.group(1)) >= len(node[key]):
                    break
                return node, node[key], int(index.group(1)), owner_path
            node, rest = node[key], after
        elif isinstance(node, list):
            index = _INDEX.match(rest)
            if index is None or int(index.group(1)) >= len(node):
                break
            node, rest = node[int(index.group(1))], rest[index.end() :].removeprefix(".")
        else:
            break
    return None, None, None, ""


def _longest_key(node: dict[str, Any], rest: str) -> str | None:
    """The key of `node` the dotted path `rest` begins with (wire names may hold dots)."""
    matches = [
        k
        for k in node
        if isinstance(k, str) and rest.startswith(k) and rest[len(k) : len(k) + 1] in ("", ".", "[")
    ]
    return max(matches, key=len) if matches else None


def _pointer(prefix: str, places: dict[str, str]) -> str:
    """The document pointer of the spec element at `prefix`, or of the nearest one holding it
    (a type's field's is its property's)."""
    field = re.match(r"(types\.[^.]+)\.fields\.(.+?)$", prefix)
    if field and field.group(1) in places:
        return child(places[field.group(1)], "properties", field.group(2))
    known = [p for p in places if prefix == p or prefix.startswith(p + ".")]
    return places[max(known, key=len)] if known else ""
