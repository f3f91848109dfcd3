"""Whether a document's example is an example of the imported types.

The generated tests send every example through the client and read every response example
strictly, so an example that contradicts the document's own schema would fail them: it is left
out with a note saying where it goes wrong. Responses are read as the client reads them (keys
the spec does not list are kept, bounds are not checked); requests as the client sends them
(every key known, bounds kept, datetimes with a UTC offset).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from ..resolved import formats
from ..spec.typeexpr import (
    ListOf,
    MapOf,
    Prim,
    Ref,
    TypeExpr,
    TypeSyntaxError,
    UnionOf,
    parse_type,
    split_modifiers,
)

_MAX_DEPTH = 40


def _datetime(value: str, *, aware: bool) -> str | None:
    try:
        parsed = datetime.datetime.fromisoformat(
            value.replace("Z", "+00:00").replace("z", "+00:00")
        )
    except ValueError:
        return f"{value!r} is not an ISO 8601 date-time"
    if aware and parsed.tzinfo is None:
        return f"{value!r} has no UTC offset"
    fraction = re.search(r"\.(\d+)", value)
    if aware and fraction and len(fraction.group(1)) != 6:
        # A request sends what the client writes: microseconds, six digits.
        return f"{value!r} is sent with six digits of fraction"
    return None


def _date(value: str) -> str | None:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not an ISO 8601 date"
    return None


def _scalar_problem(value: Any, name: str, request: bool) -> str | None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    checks = {
        "string": isinstance(value, str),
        "uuid": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "epoch_ms": isinstance(value, int) and not isinstance(value, bool),
        "number": number,
        "boolean": isinstance(value, bool),
        "datetime": isinstance(value, str),
        "date": isinstance(value, str),
        "object": isinstance(value, dict),
        "any": True,
    }
    if not checks.get(name, True):
        return f"{_short(value)} is not a {name}"
    if name == "datetime":
        return _datetime(value, aware=request)
    if name == "date":
        return _date(value)
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Conformance:
    """Checks values against the spec types being written (`types`, filled as the import goes)."""

    def __init__(self, types: dict[str, dict[str, Any]]) -> None:
        self.types = types

    def problem(self, value: Any, type_text: str, *, request: bool) -> str | None:
        """None when `value` is an example of the type expression, else what is wrong."""
        modifiers = split_modifiers(type_text)
        if value is None:
            return None if modifiers.nullable else "null"
        try:
            expr = parse_type(modifiers.core)
        except TypeSyntaxError:
            return f"type {type_text!r} cannot be read"
        return self._check(value, expr, "", request, 0)

    def field_problem(self, value: Any, definition: dict[str, Any]) -> str | None:
        """`problem` for a field's own example, its bounds included (a field's example may be
        sent)."""
        return self.problem(value, definition["type"], request=True) or _bounds(value, definition)

    def _check(
        self, value: Any, expr: TypeExpr, path: str, request: bool, depth: int
    ) -> str | None:
        if depth > _MAX_DEPTH:
            return None
        where = f" at {path}" if path else ""
        if isinstance(expr, Prim):
            problem = _scalar_problem(value, expr.name, request)
            return problem + where if problem else None
        if isinstance(expr, ListOf):
            if not isinstance(value, list):
                return f"{_short(value)} is not a list{where}"
            for index, item in enumerate(value):
                problem = self._check(item, expr.item, f"{path}[{index}]", request, depth + 1)
                if problem:
                    return problem
            return None
        if isinstance(expr, MapOf):
            if not isinstance(value, dict):
                return f"{_short(value)} is not an object{where}"
            for key, item in value.items():
                problem = self._check(item, expr.value, f"{path}.{key}", request, depth + 1)
                if problem:
                    return problem
            return None
        if isinstance(expr, UnionOf):
            problems = [self._check(value, m, path, request, depth + 1) for m in expr.members]
            return None if None in problems else problems[0]
        return self._named(value, expr, path, request, depth)

    def _named(self, value: Any, expr: Ref, path: str, request: bool, depth: int) -> str | None:
        where = f" at {path}" if path else ""
        typedef = self.types.get(expr.name)
        if not typedef:  # being written (a type that refers to itself): taken as it comes
            return None
        if "enum" in typedef:
            first = typedef["enum"][0]
            first = first["value"] if isinstance(first, dict) else first
            kind = "string" if isinstance(first, str) else "integer"
            problem = _scalar_problem(value, kind, request)
            return problem + where if problem else None
        if "union" in typedef:
            union = UnionOf(tuple(Ref(m) for m in typedef["union"]))
            return self._check(value, union, path, request, depth + 1)
        return self.object_problem(value, self._fields(expr.name), path, request, depth)

    def object_problem(
        self, value: Any, fields: dict[str, Any], path: str, request: bool, depth: int = 0
    ) -> str | None:
        """`value` against an object's fields (a type's, or a body's inline ones)."""
        where = f" at {path}" if path else ""
        if not isinstance(value, dict):
            return f"{_short(value)} is not an object{where}"
        for wire, definition in fields.items():
            text = definition["type"] if isinstance(definition, dict) else definition
            optional = split_modifiers(text).optional
            if wire not in value:
                if not optional and not (isinstance(definition, dict) and "const" in definition):
                    return f"key {wire!r} is missing{where}"
                continue
            inner = f"{path}.{wire}" if path else wire
            problem = self.problem(value[wire], text, request=request)
            if problem is None and request and isinstance(definition, dict):
                problem = _bounds(value[wire], definition)
            if problem:
                return problem if " at " in problem else f"{problem} at {inner}"
        if request:
            unknown = [key for key in value if key not in fields]
            if unknown:
                return f"key {unknown[0]!r} is not a field{where}"
        return None

    def _fields(self, name: str, seen: frozenset[str] = frozenset()) -> dict[str, Any]:
        """A draft type's fields, its bases' first (one name or several under `extends`)."""
        if name in seen:
            return {}
        typedef = self.types.get(name) or {}
        bases = typedef.get("extends") or []
        out: dict[str, Any] = {}
        for base in [bases] if isinstance(bases, str) else bases:
            for wire, definition in self._fields(base, seen | {name}).items():
                out.setdefault(wire, definition)
        return {**out, **(typedef.get("fields") or {})}


def _bounds(value: Any, definition: dict[str, Any]) -> str | None:
    """What breaks the bounds or the checked format of a field a request sends, if anything."""
    checked = definition.get("format")
    if checked in formats.CHECKED:
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and formats.breaks(text, checked):
                return f"{_short(text)} is not {formats.spelled(checked)}"
    limits: list[tuple[str, Callable[[Any], Any], Callable[[Any, Any], bool]]] = [
        ("minimum", lambda v: v, lambda v, b: v < b),
        ("maximum", lambda v: v, lambda v, b: v > b),
        ("min_length", len, lambda v, b: v < b),
        ("max_length", len, lambda v, b: v > b),
        ("min_items", len, lambda v, b: v < b),
        ("max_items", len, lambda v, b: v > b),
    ]
    for key, measure, broken in limits:
        bound = definition.get(key)
        if bound is None or value is None:
            continue
        try:
            if broken(measure(value), bound):
                return f"{_short(value)} breaks {key} {bound}"
        except TypeError:
            continue
    return None
