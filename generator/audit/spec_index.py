"""A spec as the audit looks things up in it: operations by endpoint, fields by dotted name,
types by a document's entity name, and the notes and `left_out` entries that explain a difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..sources import endpoint_shape
from ..spec.loader import Location, Positions, read_yaml
from ..spec.model import Pagination
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr, UnionOf, parse_type, split_modifiers


@dataclass(frozen=True)
class Element:
    """A field or parameter of the spec, with where it is and the notes that concern it."""

    loc: Location
    spec: dict[str, Any]
    notes: str  # its own notes and those of the operation or type holding it


def notes_text(value: Any) -> str:
    """The text of every note on an element (not those of elements inside it)."""
    notes = value.get("notes") if isinstance(value, dict) else None
    return " ".join(
        " ".join(str(n.get(k, "")) for k in ("document", "decision", "reason"))
        for n in notes or []
        if isinstance(n, dict)
    )


def all_notes(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(
            [notes_text(value), *(all_notes(v) for k, v in value.items() if k != "notes")]
        )
    if isinstance(value, list):
        return " ".join(all_notes(item) for item in value)
    return ""


def _as_field(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {"type": value}


def written_out(data: Any) -> Any:
    """The parsed spec as the audit compares it: `T?` and `T | null` as the `optional` and
    `nullable` keys, `partial` types with their fields, and each paginated operation with the
    query parameter its pagination drives (as `generator/spec/expand.py` writes them out for
    the generator; the audit reads the YAML itself, for positions and spellings)."""
    if not isinstance(data, dict):
        return data
    data = _short_forms(data, None)
    types = data.get("types") if isinstance(data.get("types"), dict) else {}
    for name, typedef in list(types.items()):
        if isinstance(typedef, dict) and isinstance(typedef.get("partial"), str):
            types[name] = _partial(types, typedef, {name})
    api = data.get("api") if isinstance(data.get("api"), dict) else {}
    try:
        driven = TypeAdapter(Pagination).validate_python(api["pagination"]).driven_parameters()
    except (KeyError, TypeError, ValidationError):
        driven = {}
    if driven and isinstance(data.get("resources"), dict):
        _imply(data["resources"], driven)
    return data


_FIELD_HOLDERS = ("fields", "path", "query")


def _short_forms(value: Any, holder: str | None) -> Any:
    if isinstance(value, list):
        return [_short_forms(item, None) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if holder in _FIELD_HOLDERS or (holder is None and key == "response"):
            item = _expanded_field(item)
        out[key] = _short_forms(item, key if key in _FIELD_HOLDERS else None)
    return out


def _expanded_field(value: Any) -> Any:
    field = _as_field(value) if isinstance(value, str | dict) else value
    if not isinstance(field, dict) or not isinstance(field.get("type"), str):
        return value
    modifiers = split_modifiers(field["type"])
    if not (modifiers.optional or modifiers.nullable):
        return value
    flags = {
        key: True
        for key, on in (("optional", modifiers.optional), ("nullable", modifiers.nullable))
        if on
    }
    return {**field, "type": modifiers.core, **flags}


def _partial(types: dict[str, Any], typedef: dict[str, Any], trail: set[str]) -> dict[str, Any]:
    base_name = typedef["partial"]
    base = types.get(base_name)
    if not isinstance(base, dict) or base_name in trail:
        return typedef
    if isinstance(base.get("partial"), str):
        base = types[base_name] = _partial(types, base, trail | {base_name})
    inherited = _raw_fields(types, base_name, trail)
    omitted = set(typedef.get("omit") or [])
    fields = {
        wire: {**_as_field(f), "optional": True}
        for wire, f in inherited.items()
        if wire not in omitted
    }
    rest = {k: v for k, v in typedef.items() if k not in ("partial", "omit")}
    return {**rest, "fields": fields}


def _raw_fields(types: dict[str, Any], name: str, trail: set[str]) -> dict[str, Any]:
    typedef = types.get(name) or {}
    parent = typedef.get("extends")
    inherited = (
        _raw_fields(types, parent, trail | {name})
        if parent in types and parent not in trail
        else {}
    )
    return {**inherited, **(typedef.get("fields") or {})}


def _imply(resources: dict[str, Any], driven: dict[str, str]) -> None:
    for resource in resources.values():
        if not isinstance(resource, dict):
            continue
        for op in (resource.get("operations") or {}).values():
            if isinstance(op, dict) and op.get("paginated") is True:
                query: dict[str, Any] = op["query"] if isinstance(op.get("query"), dict) else {}
                implied = {
                    wire: {"type": kind, "optional": True}
                    for wire, kind in driven.items()
                    if wire not in query
                }
                op["query"] = {**implied, **query}
        _imply(resource.get("resources") or {}, driven)


@dataclass
class SpecIndex:
    display: str
    data: dict[str, Any]
    positions: Positions
    operations: dict[str, tuple[Location, dict[str, Any]]] = field(default_factory=dict)
    notes: str = ""
    shared_bases: set[str] = field(
        default_factory=set
    )  # schema names two namespaces of a document share

    @classmethod
    def load(cls, path: Path, display: str) -> SpecIndex:
        data, positions = read_yaml(path.read_text(encoding="utf-8"), display)
        data = written_out(data)
        index = cls(display, data, positions, notes=all_notes(data))
        index._walk(data.get("resources") or {}, ("resources",))
        return index

    def _walk(self, resources: dict[str, Any], loc: Location) -> None:
        for name, resource in resources.items():
            for op_name, op in (resource.get("operations") or {}).items():
                self.operations[endpoint_shape(op["endpoint"])] = (
                    (*loc, name, "operations", op_name),
                    op,
                )
            self._walk(resource.get("resources") or {}, (*loc, name, "resources"))

    @property
    def types(self) -> dict[str, Any]:
        return self.data.get("types") or {}

    @property
    def left_out(self) -> dict[str, str]:
        return dict(self.data["api"].get("left_out") or {})

    def where(self, loc: Location) -> str:
        line, column = self.positions.of(loc, key=True)
        return f"{self.display}:{line}:{column}"

    def operation(self, key: str) -> tuple[Location, dict[str, Any]] | None:
        return self.operations.get(endpoint_shape(key))

    def type_fields(self, name: str) -> dict[str, tuple[Location, dict[str, Any]]]:
        """A declared object type's fields, those of its `extends` chain first."""
        typedef = self.types.get(name) or {}
        out = self.type_fields(typedef["extends"]) if typedef.get("extends") else {}
        for wire, spec in (typedef.get("fields") or {}).items():
            out[str(wire)] = (("types", name, "fields", wire), _as_field(spec))
            for alias in _as_field(spec).get("aliases") or []:
                out[str(alias)] = out[str(wire)]
        return out

    def object_types(self, expr: TypeExpr) -> list[str]:
        """The object types a value of `expr` may be.

        Through lists, maps, unions and unions' members.
        """
        if isinstance(expr, ListOf):
            return self.object_types(expr.item)
        if isinstance(expr, MapOf):
            return self.object_types(expr.value)
        if isinstance(expr, UnionOf):
            return [name for member in expr.members for name in self.object_types(member)]
        if isinstance(expr, Ref) and "union" in (self.types.get(expr.name) or {}):
            return [
                n for m in self.types[expr.name]["union"] for n in self.object_types(parse_type(m))
            ]
        return (
            [expr.name]
            if isinstance(expr, Ref) and "fields" in (self.types.get(expr.name) or {})
            else []
        )

    def entity_type(self, entity: str) -> str | None:
        """`CSAT Rating` -> `CsatRating`, `invitation` -> `Invitation`, `Contacts.ContactView` ->
        `ContactView`, or `ContactsContactView` where another namespace has a `ContactView` too."""
        words = re.split(r"[\s._]+", entity)
        namespaced = "".join(words)
        shared = "." in entity and entity.split(".", 1)[1] in self.shared_bases
        if "." in entity:
            candidates = [namespaced, words[-1]] if shared else [words[-1], namespaced]
        else:
            candidates = [
                entity,
                "".join(w[:1].upper() + w[1:] for w in words),
                "".join(w.capitalize() for w in words),
            ]
        return next((name for name in candidates if name in self.types), None)

    def wire_names(self) -> set[str]:
        """Every name the spec gives a field, parameter, alias or envelope key."""
        names: set[str] = set()
        envelope = self.data["api"].get("envelope") or {}
        names.update(str(envelope[k]) for k in ("data", "error") if envelope.get(k))
        names.update(str(k) for k in envelope.get("fields") or {})
        for type_name in self.types:
            names.update(self.type_fields(type_name))
        for _, op in self.operations.values():
            for where in ("path", "query"):
                names.update(str(k) for k in op.get(where) or {})
            body = op.get("body") or {}
            names.update(str(k) for k in body.get("fields") or {})
        return names


def type_of(spec: dict[str, Any]) -> TypeExpr:
    text = spec.get("type", "any")
    try:
        return parse_type(str(text))
    except ValueError:
        return Prim("any")
