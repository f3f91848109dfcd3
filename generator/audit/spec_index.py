"""A spec as the audit looks things up in it: operations by endpoint, fields by dotted name,
types by a document's entity name, and the notes and `left_out` entries that explain a
difference. It reads the resolved model (generator/resolved/), in which partial types have their
fields and paginated operations the parameters their pagination drives."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from ..resolved.build import resolve_file
from ..resolved.nodes import (
    Api,
    ArgumentBody,
    Field,
    InlineBody,
    Limits,
    Note,
    ObjectType,
    Operation,
    SpreadBody,
    TypeRef,
    UnionType,
    notes_text,
    walk,
)
from ..spec.loader import Positions
from ..spec.model import Note as SpecNote
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr, UnionOf
from .sources import endpoint_shape

SpecPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Element:
    """A field or parameter of the spec, and the notes that concern it: its own and those of
    the operation or type holding it."""

    field: Field
    notes: str

    @property
    def path(self) -> SpecPath:
        return self.field.loc.path


def envelope_key(api: Api) -> Field:
    """An envelope key as the audit compares it: present, of any type, possibly null."""
    assert api.envelope is not None
    return Field(
        wire="",
        type=TypeRef("any", Prim("any")),
        expr=Prim("any"),
        nullable=True,
        optional=False,
        deprecated=False,
        unique=False,
        enum=None,
        inline_enum=None,
        const=None,
        format=None,
        limits=Limits(),
        separator=None,
        required_unless=(),
        example=None,
        aliases=(),
        datetime_format=None,
        name=None,
        default=None,
        csv=False,
        description=None,
        notes=(),
        loc=api.envelope.loc,
    )


@dataclass
class SpecIndex:
    api: Api
    operations: dict[str, Operation] = field(default_factory=dict)  # by endpoint shape
    notes: str = ""  # every note of the spec
    shared_bases: set[str] = field(
        default_factory=set
    )  # schema names two namespaces of a document share

    @classmethod
    def load(cls, path: Path, display: str) -> SpecIndex:
        return cls.of(resolve_file(path, display))

    @classmethod
    def of(cls, api: Api) -> SpecIndex:
        operations = {endpoint_shape(op.endpoint): op for op in api.operations}
        return cls(api, operations, " ".join(note.text() for note in all_notes(api)))

    @property
    def display(self) -> str:
        return self.api.file

    @property
    def positions(self) -> Positions:
        """Where the file writes each key, and its shared blocks (YAML anchors)."""
        return self.api.positions

    def where(self, path: SpecPath) -> str:
        """`file:line:column` of the key at `path`, or of its nearest ancestor the file writes."""
        line, column = self.positions.of(path, key=True)
        return f"{self.display}:{line}:{column}"

    @property
    def left_out(self) -> Mapping[str, str]:
        return self.api.left_out

    def operation(self, key: str) -> Operation | None:
        return self.operations.get(endpoint_shape(key))

    def object_type(self, name: str) -> ObjectType | None:
        named = self.api.types.get(name)
        return named if isinstance(named, ObjectType) else None

    def type_fields(self, name: str) -> dict[str, Field]:
        """A declared object type's fields, its bases' first, each also
        under the other spellings it accepts."""
        obj = self.object_type(name)
        out: dict[str, Field] = {}
        for f in obj.fields.values() if obj is not None else []:
            out[f.wire] = f
            for alias in f.aliases:
                out[alias] = f
        return out

    def type_notes(self, name: str) -> str:
        named = self.api.types.get(name)
        return notes_text(named.notes) if named is not None else ""

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
        named = self.api.types.get(expr.name) if isinstance(expr, Ref) else None
        if isinstance(named, UnionType):
            return [n for m in named.members for n in self.object_types(m.expr)]
        return [named.name] if isinstance(named, ObjectType) else []

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
        return next((name for name in candidates if name in self.api.types), None)

    def wire_names(self) -> set[str]:
        """Every name the spec gives a field, parameter, alias or envelope key."""
        names: set[str] = set()
        envelope = self.api.envelope
        if envelope is not None:
            names.update(key for key in (envelope.data, envelope.error) if key)
            names.update(envelope.fields)
        for type_name in self.api.types:
            names.update(self.type_fields(type_name))
        for op in self.operations.values():
            names.update(op.path_params)
            names.update(op.query)
            if isinstance(op.body, InlineBody):
                names.update(op.body.fields)
        return names

    def field_lists(self) -> dict[SpecPath, tuple[Mapping[str, Field], str]]:
        """Each mapping of fields the spec declares, by its path, with the notes of what holds
        it (the type, the operation, the body)."""
        out: dict[SpecPath, tuple[Mapping[str, Field], str]] = {}
        for name, named in self.api.types.items():
            if isinstance(named, ObjectType):
                out[("types", name, "fields")] = (named.own_fields, notes_text(named.notes))
        for op in self.api.operations:
            held = notes_text(op.notes)
            out[(*op.loc.path, "path")] = (op.path_params, held)
            out[(*op.loc.path, "query")] = (op.query, held)
            if isinstance(op.body, InlineBody):
                out[(*op.loc.path, "body", "fields")] = (op.body.fields, notes_text(op.body.notes))
        return out

    def body_type(self, op: Operation) -> TypeExpr | None:
        """The type a body names (a spread object, or one argument's), as written."""
        if isinstance(op.body, SpreadBody | ArgumentBody) and op.body.type is not None:
            return op.body.type.expr
        return None


def all_notes(api: Api) -> Iterator[Note]:
    """Every note of a resolved spec."""
    yield from api.notes
    yield from api.base_url.notes
    yield from (n for c in api.auth.credentials.values() for n in c.notes)
    yield from _settings_notes(api.auth.scheme)
    if api.envelope is not None:
        yield from api.envelope.notes
        yield from (n for f in api.envelope.fields.values() for n in f.notes)
    if api.pagination is not None:
        yield from _settings_notes(api.pagination.style)
    yield from api.error_body.notes
    if api.webhooks is not None:
        yield from api.webhooks.notes
    for named in api.types.values():
        yield from named.notes
        if isinstance(named, ObjectType):
            yield from (n for f in named.own_fields.values() for n in f.notes)
    for resource in walk(api.resources, lambda r: r.resources):
        yield from resource.notes
        for op in resource.operations:
            yield from _operation_notes(op)


def _operation_notes(op: Operation) -> Iterator[Note]:
    yield from op.notes
    yield from (n for f in [*op.path_params.values(), *op.query.values()] for n in f.notes)
    if op.body is not None:
        yield from op.body.notes
        if isinstance(op.body, InlineBody):
            yield from (n for f in op.body.fields.values() for n in f.notes)
    for response in op.success_responses:
        yield from response.notes
    yield from (n for example in op.examples for n in example.notes)


def _settings_notes(value: object) -> Iterator[Note]:
    """The notes of an auth scheme's or a pagination style's keys (the spec's own objects)."""
    if isinstance(value, SpecNote):
        yield Note(value.document, value.decision, value.reason)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _settings_notes(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _settings_notes(item)


def type_of(f: Field) -> TypeExpr:
    """A field's type as the spec writes it (an inline enum's field is its scalar)."""
    return f.type.expr
