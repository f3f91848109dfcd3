"""OpenAPI schemas -> the spec's types: named types for `components/schemas` objects, enums and
unions, type expressions for everything else, and the field keys the language has (enum,
format, bounds, const, example); what it lacks becomes a note on the field.

Named types are created in document order: the components first, then each inline object,
named after its owner and field (`Pet` + `owner` -> `PetOwner`), where it is met.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..ir.naming import enum_member_name
from ..openapi import CLOSED_ENUM
from ..spec.names import inline_enum_name
from .api import datetime_format
from .constructs import Findings
from .document import Document, child, mapping, sequence
from .examples import Conformance
from .names import TypeNames, field_names

_COMPONENTS = "/components/schemas/"
_STRING_FORMATS = {"date-time": "datetime", "date": "date", "uuid": "uuid"}
_DOC_FORMATS = {
    "email": "email",
    "uri": "uri",
    "url": "uri",
    "ipv4": "ipv4",
    "ipv6": "ipv6",
    "password": "password",
}
# Formats that refine a JSON type the language already says exactly.
_PLAIN_FORMATS = {"int32", "int64", "float", "double", "byte", "integer", "number", "string"}
_NO_FORM = ("multipleOf", "uniqueItems", "minProperties", "maxProperties")


# The bounds a field's `items` gives each item of its list.
_ITEM_BOUNDS = ("minimum", "maximum", "min_length", "max_length")


@dataclass
class Typed:
    """A schema as the language says it: a type expression, nullability, the field keys it
    brings, and the notes waiting for the element that will hold them."""

    type: str
    nullable: bool = False
    keys: dict[str, Any] = field(default_factory=dict)
    notes: list[tuple[str, str, str]] = field(default_factory=list)


class Schemas:
    def __init__(self, doc: Document, findings: Findings, names: TypeNames) -> None:
        self.doc = doc
        self.findings = findings
        self.names = names
        self.types: dict[str, dict[str, Any]] = {}
        self.named: dict[str, str] = {}  # component pointer -> type name
        self.kinds: dict[str, str] = {}  # component pointer -> object / enum / union / alias
        self.conformance = Conformance(self.types)
        self._open: set[str] = set()

    # -- components -------------------------------------------------------------------------

    def declare_components(self) -> None:
        """Name every component that becomes a declared type, then write each one."""
        schemas = (self.doc.data.get("components") or {}).get("schemas") or {}
        if not isinstance(schemas, dict):
            raise self.doc.error("/components/schemas", "`schemas` must be a mapping")
        pointers = [child("/components/schemas", key) for key in schemas]
        short = _short_names([str(key) for key in schemas])
        for key, pointer in zip(schemas, pointers, strict=True):
            if self._kind(pointer, ()) != "alias":
                self.named[pointer] = self.names.claim(short[str(key)])
        for pointer in pointers:
            name = self.named.get(pointer)
            if name is not None:
                self.types[name] = {}
                self.types[name] = self._declared(name, pointer)

    def _kind(self, pointer: str, trail: tuple[str, ...]) -> str:
        if pointer in self.kinds:
            return self.kinds[pointer]
        if pointer in trail:
            return "alias"
        schema = self.doc.at(pointer, pointer)
        kind = "alias"
        if isinstance(schema, dict):
            if "$ref" in schema and len(schema) == 1:
                kind = "alias"
            elif _enum_values(schema) is not None and _enum_kind(schema) is not None:
                kind = "enum"
            elif _is_object(schema) and _members(schema) is None:
                kind = "object"
            elif (members := _members(schema)) is not None:
                refs = [m.get("$ref") for m in members if not _is_null(m)]
                if len(refs) > 1 and all(
                    isinstance(r, str)
                    and r.startswith("#" + _COMPONENTS)
                    and self._kind(r[1:], (*trail, pointer)) == "object"
                    for r in refs
                ):
                    kind = "union"
        self.kinds[pointer] = kind
        return kind

    def _declared(self, name: str, pointer: str) -> dict[str, Any]:
        schema = self.doc.at(pointer, pointer)
        kind = self.kinds[pointer]
        if kind == "enum":
            typedef: dict[str, Any] = {}
            _describe(typedef, schema)
            typed = Typed("string")
            self._enum(schema, pointer, typed, name, None, own=True)
            typedef["enum"] = typed.keys.pop("enum")
            if typed.keys.pop("closed", False):
                typedef["closed"] = True
            self._flush(typedef, typed, pointer, f"types.{name}")
            return typedef
        if kind == "union":
            typedef = {}
            _describe(typedef, schema)
            members = _members(schema) or []
            typedef["union"] = [
                self.named[m["$ref"][1:]] for m in members if isinstance(m, dict) and "$ref" in m
            ]
            if "discriminator" in schema:
                self.findings.note(
                    typedef,
                    "schema.discriminator",
                    child(pointer, "discriminator"),
                    f"types.{name}",
                    "A `discriminator` on " f"`{_display(schema['discriminator'])}`.",
                )
            return typedef
        return self.object_type(name, schema, pointer)

    # -- objects ----------------------------------------------------------------------------

    def object_type(self, name: str, schema: dict[str, Any], pointer: str) -> dict[str, Any]:
        typedef: dict[str, Any] = {}
        _describe(typedef, schema)
        where = f"types.{name}"
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set(_strings(schema.get("required")))
        self._object_parts(typedef, schema, pointer, where, properties, required)
        for key, value in mapping(schema.get("properties")).items():
            properties[key] = (value, child(pointer, "properties", key))
        for keyword in (k for k in _NO_FORM[2:] if k in schema):
            said = f"`{keyword}: {_display(schema[keyword])}`."
            at = child(pointer, keyword)
            self.findings.note(typedef, "schema.bound_ignored", at, where, said)
        fields: dict[str, Any] = {}
        renames = field_names(list(properties))
        for wire, (value, prop_pointer) in properties.items():
            definition = self.field(value, prop_pointer, name, wire, wire in required)
            if renames[wire]:
                definition["name"] = renames[wire]
            fields[wire] = definition
        typedef["fields"] = fields
        self._extra_keys(typedef, schema, pointer, name)
        self.types[name] = typedef  # its example is checked against its fields
        self._example(typedef, schema, pointer, name)
        return typedef

    def _object_parts(
        self,
        typedef: dict[str, Any],
        schema: dict[str, Any],
        pointer: str,
        where: str,
        properties: dict[str, tuple[Any, str]],
        required: set[str],
    ) -> None:
        """An object's `allOf` parts: its named object parts are its bases (`extends`, in
        order), the other parts' properties are its own; when two parts declare the same
        property (or a part is named twice), all are merged, with a note."""
        parts = sequence(schema.get("allOf"))
        bases = [
            p["$ref"][1:]
            for p in parts
            if isinstance(p, dict)
            and isinstance(p.get("$ref"), str)
            and self.kinds.get(p["$ref"][1:]) == "object"
            and p["$ref"][1:] in self.named
        ]
        extended = bool(bases) and len(set(bases)) == len(bases)
        if extended and self._redeclares(bases, parts, schema, pointer):
            extended = False  # a field said again by another part: merged, not extended
        if extended:
            named = [self.named[b] for b in bases]
            typedef["extends"] = named[0] if len(named) == 1 else named
        elif bases:
            names = ", ".join(f"`{self.named[b]}`" for b in dict.fromkeys(bases))
            said = f"`allOf` of {names}" + (
                " with fields of it again." if len(set(bases)) == 1 else " declaring a field twice."
            )
            self.findings.note(typedef, "schema.all_of", child(pointer, "allOf"), where, said)
        for index, part in enumerate(parts):
            target, target_pointer = self.doc.resolve(part, child(pointer, "allOf", index))
            if not extended or target_pointer not in bases:
                self._collect(target, target_pointer, properties, required, set())

    def _extra_keys(
        self, typedef: dict[str, Any], schema: dict[str, Any], pointer: str, name: str
    ) -> None:
        """Typed `additionalProperties` beside properties (on the object, or on an `allOf` part
        of its own, as apigen's export writes it): the type's `extra_keys`."""
        found = [(schema.get("additionalProperties"), pointer)]
        for index, part in enumerate(sequence(schema.get("allOf"))):
            if isinstance(part, dict) and "$ref" not in part:
                found.append((part.get("additionalProperties"), child(pointer, "allOf", index)))
        for extra, owner in found:
            if isinstance(extra, dict) and extra:
                at = child(owner, "additionalProperties")
                typed = self.typed(extra, at, name, "extra keys", inline_enum=None, depth=1)
                text = typed.type
                if typed.nullable and text != "any":
                    text += " | null"
                typedef["extra_keys"] = text
                for key, value in typed.keys.items():
                    said = f"Extra keys: `{key}: {_display(value)}`."
                    typed.notes.append(("schema.bound_ignored", at, said))
                self._flush(typedef, typed, at, f"types.{name}")
                return

    def _redeclares(
        self, bases: list[str], parts: list[Any], schema: dict[str, Any], pointer: str
    ) -> bool:
        """Whether a property is declared by two of: each named base, the object's own parts
        (a subclass cannot narrow its base's field; two bases declaring one field, or one base
        extending another, leave a class Python cannot make plainly)."""
        groups: list[set[str]] = []
        for base in bases:
            inherited: dict[str, tuple[Any, str]] = {}
            self._collect(self.doc.at(base, base), base, inherited, set(), set())
            groups.append(set(inherited))
        own: dict[str, tuple[Any, str]] = dict(mapping(schema.get("properties")))
        for index, part in enumerate(parts):
            target, target_pointer = self.doc.resolve(part, child(pointer, "allOf", index))
            if target_pointer not in bases:
                self._collect(target, target_pointer, own, set(), set())
        groups.append(set(own))
        seen: set[str] = set()
        for group in groups:
            if seen & group:
                return True
            seen |= group
        return False

    def _collect(
        self,
        schema: Any,
        pointer: str,
        properties: dict[str, tuple[Any, str]],
        required: set[str],
        seen: set[str],
    ) -> None:
        """The properties and required names of an `allOf` part, its own parts included."""
        if not isinstance(schema, dict) or pointer in seen:
            return
        seen.add(pointer)
        for index, part in enumerate(schema.get("allOf") or []):
            target, target_pointer = self.doc.resolve(part, child(pointer, "allOf", index))
            self._collect(target, target_pointer, properties, required, seen)
        for key, value in mapping(schema.get("properties")).items():
            properties[key] = (value, child(pointer, "properties", key))
        required.update(_strings(schema.get("required")))

    def _inline_object(self, schema: dict[str, Any], pointer: str, owner: str, wire: str) -> str:
        title = schema.get("title")
        base = title if isinstance(title, str) and title.strip() else owner + " " + wire
        name = self.names.claim(base)
        self.types[name] = {}  # taken before its fields are read: they may refer back
        self._open.add(pointer)
        self.types[name] = self.object_type(name, schema, pointer)
        self._open.discard(pointer)
        return name

    # -- fields -----------------------------------------------------------------------------

    def field(
        self,
        schema: Any,
        pointer: str,
        owner: str,
        wire: str,
        required: bool,
        *,
        enum_owner: str = "",
        parameter: bool = False,
    ) -> dict[str, Any]:
        """A field (or parameter) definition in the long form; the writer shortens it."""
        typed = self.typed(schema, pointer, owner, wire, inline_enum=(enum_owner or owner, wire))
        default = typed.keys.pop("__default__", None)
        definition: dict[str, Any] = {}
        text = typed.type
        if typed.nullable and text != "any":
            text += " | null"
        definition["type"] = text if required else text + "?"
        resolved, resolved_pointer = self._resolved(schema, pointer)
        if isinstance(schema, dict):
            _describe(definition, schema)
        if "description" not in definition and resolved_pointer not in self.named:
            _describe(definition, resolved if isinstance(resolved, dict) else {})
        definition.update(typed.keys)
        if default is not None:
            self._default(definition, default, parameter)
        if isinstance(resolved, dict):
            if resolved.get("deprecated") is True:
                definition["deprecated"] = True
            self._field_example(definition, resolved, pointer, typed)
        self._flush(definition, typed, pointer, f"{owner}.{wire}")
        return definition

    def _default(self, definition: dict[str, Any], default: Any, parameter: bool) -> None:
        """A parameter's default where the language can hold it; otherwise, and for fields,
        the description says it."""
        values = [v["value"] if isinstance(v, dict) else v for v in definition.get("enum") or []]
        fits = (
            parameter
            and isinstance(default, str | int | float | bool)
            and self.conformance.field_problem(default, definition) is None
            and (not values or default in values)
        )
        if fits:
            definition["default"] = default
            return
        said = f"Default: `{_display(default, 80)}`."
        text = definition.get("description")
        definition["description"] = f"{text}\n\n{said}" if text else said

    def _field_example(
        self, definition: dict[str, Any], schema: dict[str, Any], pointer: str, typed: Typed
    ) -> None:
        if "example" in schema:
            example, where = schema["example"], child(pointer, "example")
        elif isinstance(schema.get("examples"), list) and schema["examples"]:
            example, where = schema["examples"][0], child(pointer, "examples", 0)
        else:
            return
        if example is None:
            return
        problem = self.conformance.field_problem(example, definition)
        if problem is None:
            definition["example"] = example
        else:
            typed.notes.append(
                ("example.mismatch", where, f"Example {_display(example)}: {problem}.")
            )

    def _example(
        self, typedef: dict[str, Any], schema: dict[str, Any], pointer: str, name: str
    ) -> None:
        if "example" not in schema or schema["example"] is None:
            return
        # A type's example is the sample of every request that sends the type too.
        problem = self.conformance.problem(schema["example"], name, request=True)
        if problem is None:
            typedef["example"] = schema["example"]
        else:
            self.findings.note(
                typedef,
                "example.mismatch",
                child(pointer, "example"),
                f"types.{name}",
                f"The type's example: {problem}.",
            )

    def _flush(self, element: dict[str, Any], typed: Typed, pointer: str, where: str) -> None:
        for construct, at, document in typed.notes:
            self.findings.note(element, construct, at, where, document)
        typed.notes.clear()

    def _resolved(self, schema: Any, pointer: str) -> tuple[Any, str]:
        return self.doc.resolve(schema, pointer)

    def type_of(self, schema: Any, pointer: str, owner: str, wire: str) -> Typed:
        """A schema where only a type expression fits (a response, a list body): an enum
        becomes a named type."""
        return self.typed(schema, pointer, owner, wire, inline_enum=None)

    def typed(
        self,
        schema: Any,
        pointer: str,
        owner: str,
        wire: str,
        *,
        inline_enum: tuple[str, str] | None,
        depth: int = 0,
    ) -> Typed:
        """The schema's type; `inline_enum` is the (owner, wire) an enum would be named after
        by the generator when the field can hold it inline."""
        if isinstance(schema, bool) or schema is None:
            return Typed("any")
        if not isinstance(schema, dict):
            return Typed(
                "any", notes=[("schema.invalid", pointer, f"A schema {_display(schema)}.")]
            )
        if "$ref" in schema:
            return self._reference(schema, pointer, owner, wire, inline_enum, depth)
        typed = self._shape(schema, pointer, owner, wire, inline_enum, depth)
        if _nullable(schema):
            typed.nullable = True
        self._remarks(schema, pointer, typed)
        return typed

    def _reference(
        self,
        schema: dict[str, Any],
        pointer: str,
        owner: str,
        wire: str,
        inline_enum: tuple[str, str] | None,
        depth: int,
    ) -> Typed:
        target = self.doc.target(schema["$ref"], pointer)
        if target in self.named:
            return Typed(self.named[target], nullable=_nullable(schema))
        resolved, final = self.doc.resolve(schema, pointer)
        if final in self.named:
            return Typed(self.named[final], nullable=_nullable(schema))
        if final in self._open or depth > 40:
            return Typed(
                "any",
                notes=[
                    (
                        "schema.recursive_inline",
                        pointer,
                        f"`$ref` to `#{final}`, which contains it.",
                    )
                ],
            )
        self._open.add(final)
        try:
            typed = self.typed(
                resolved, final, owner, wire, inline_enum=inline_enum, depth=depth + 1
            )
        finally:
            self._open.discard(final)
        typed.nullable = typed.nullable or _nullable(schema)
        return typed

    def _shape(
        self,
        schema: dict[str, Any],
        pointer: str,
        owner: str,
        wire: str,
        inline_enum: tuple[str, str] | None,
        depth: int,
    ) -> Typed:
        if "not" in schema and len({k for k in schema if k not in ("description", "title")}) == 1:
            return Typed("any", notes=[("schema.not", child(pointer, "not"), "A `not` schema.")])
        members = _members(schema)
        if members is not None:
            return self._union(schema, members, pointer, owner, wire, inline_enum, depth)
        if isinstance(schema.get("allOf"), list):
            return self._all_of(schema, pointer, owner, wire, inline_enum, depth)
        if _enum_values(schema) is not None:
            typed = Typed("any")
            self._enum(schema, pointer, typed, f"{owner} {wire}", inline_enum)
            return typed
        kind = _json_type(schema)
        if kind == "array":
            return self._array(schema, pointer, owner, wire, inline_enum, depth)
        if kind == "object":
            return self._object(schema, pointer, owner, wire, depth)
        if kind == "string":
            return self._string(schema, pointer)
        if kind in ("integer", "number", "boolean"):
            typed = Typed(kind)
            self._bounds(schema, pointer, typed, kind)
            return typed
        if isinstance(kind, list):  # 3.1: `type: [string, integer]`
            return Typed(" | ".join(_PRIMITIVE.get(k, "any") for k in kind))
        return Typed("any")

    def _union(
        self,
        schema: dict[str, Any],
        members: list[Any],
        pointer: str,
        owner: str,
        wire: str,
        inline_enum: tuple[str, str] | None,
        depth: int,
    ) -> Typed:
        key = "oneOf" if isinstance(schema.get("oneOf"), list) else "anyOf"
        kept = [(i, m) for i, m in enumerate(members) if not _is_null(m)]
        nullable = len(kept) < len(members)
        texts: list[str] = []
        notes: list[tuple[str, str, str]] = []
        for index, member in kept:
            single = len(kept) == 1
            inner = self.typed(
                member,
                child(pointer, key, index),
                owner,
                wire if single else f"{wire} option {index + 1}",
                inline_enum=inline_enum if single else None,
                depth=depth + 1,
            )
            nullable = nullable or inner.nullable
            notes += inner.notes
            if len(kept) == 1:
                inner.nullable = nullable
                inner.notes = notes
                return inner
            for part in inner.type.split(" | "):
                if part not in texts:
                    texts.append(part)
        if "discriminator" in schema:
            notes.append(
                (
                    "schema.discriminator",
                    child(pointer, "discriminator"),
                    f"A `discriminator` on `{_display(schema['discriminator'])}`.",
                )
            )
        text = "any" if not texts or "any" in texts else " | ".join(texts)
        return Typed(text, nullable=nullable, notes=notes)

    def _all_of(
        self,
        schema: dict[str, Any],
        pointer: str,
        owner: str,
        wire: str,
        inline_enum: tuple[str, str] | None,
        depth: int,
    ) -> Typed:
        parts = [p for p in schema["allOf"] if not (isinstance(p, dict) and _annotation_only(p))]
        rest = {
            k: v
            for k, v in schema.items()
            if k not in ("allOf", "description", "title", "nullable", "example", "deprecated")
        }
        if len(parts) == 1 and not rest:
            index = schema["allOf"].index(parts[0])
            return self.typed(
                parts[0],
                child(pointer, "allOf", index),
                owner,
                wire,
                inline_enum=inline_enum,
                depth=depth + 1,
            )
        if not parts and not rest:
            return Typed("any")
        return Typed(self._inline_object(schema, pointer, owner, wire))

    def _array(
        self,
        schema: dict[str, Any],
        pointer: str,
        owner: str,
        wire: str,
        inline_enum: tuple[str, str] | None,
        depth: int,
    ) -> Typed:
        items = schema.get("items", {})
        inner = self.typed(
            items,
            child(pointer, "items"),
            owner,
            wire + " item",
            inline_enum=inline_enum if depth == 0 else None,
            depth=depth + 1,
        )
        typed = Typed(f"list[{inner.type}]", notes=inner.notes)
        for key in ("enum", "closed"):
            if key in inner.keys:
                typed.keys[key] = inner.keys.pop(key)
        if "datetime_format" in inner.keys:
            typed.keys["datetime_format"] = inner.keys.pop("datetime_format")
        each = {k: inner.keys.pop(k) for k in _ITEM_BOUNDS if k in inner.keys}
        if each and depth == 0:  # a field's own list: `items` holds each item's bounds
            typed.keys["items"] = each
        else:
            inner.keys.update(each)
        dropped = {k: v for k, v in inner.keys.items() if k != "format"}
        for key, value in dropped.items():
            typed.notes.append(
                (
                    "schema.bound_ignored",
                    child(pointer, "items"),
                    f"Each item: `{key}: {_display(value)}`.",
                )
            )
        if inner.nullable:
            typed.notes.append(
                ("schema.bound_ignored", child(pointer, "items"), "Items may be null.")
            )
            typed.type = "list[any]"
        self._bounds(schema, pointer, typed, "array")
        return typed

    def _object(
        self, schema: dict[str, Any], pointer: str, owner: str, wire: str, depth: int
    ) -> Typed:
        if isinstance(schema.get("properties"), dict) and schema["properties"]:
            return Typed(self._inline_object(schema, pointer, owner, wire))
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            inner = self.typed(
                extra,
                child(pointer, "additionalProperties"),
                owner,
                wire + " value",
                inline_enum=None,
                depth=depth + 1,
            )
            value = "any" if inner.nullable else inner.type
            typed = Typed(f"map[{value}]", notes=inner.notes)
        else:
            typed = Typed("object")
        for keyword in _NO_FORM[2:]:
            if keyword in schema:
                typed.notes.append(
                    (
                        "schema.bound_ignored",
                        child(pointer, keyword),
                        f"`{keyword}: {_display(schema[keyword])}`.",
                    )
                )
        return typed

    def _string(self, schema: dict[str, Any], pointer: str) -> Typed:
        fmt = schema.get("format")
        typed = Typed(_STRING_FORMATS.get(fmt, "string") if isinstance(fmt, str) else "string")
        wire = datetime_format(schema) if typed.type == "datetime" else None
        if wire is not None:
            # The pattern beside it says the same; the API's own format goes without saying.
            if wire != datetime_format(self.doc.data):
                typed.keys["datetime_format"] = wire
            schema = {key: value for key, value in schema.items() if key != "pattern"}
        if isinstance(fmt, str):
            if fmt in _DOC_FORMATS:
                typed.keys["format"] = _DOC_FORMATS[fmt]
            elif fmt == "binary":
                typed.notes.append(
                    ("schema.binary_field", child(pointer, "format"), "`format: binary`.")
                )
            elif fmt not in _STRING_FORMATS and fmt not in _PLAIN_FORMATS:
                typed.notes.append(("schema.format", child(pointer, "format"), f"`format: {fmt}`."))
        if typed.type == "string":
            self._bounds(schema, pointer, typed, "string")
        if "pattern" in schema:
            typed.notes.append(
                (
                    "schema.pattern",
                    child(pointer, "pattern"),
                    f"`pattern: {_display(schema['pattern'])}`.",
                )
            )
        return typed

    def _bounds(self, schema: dict[str, Any], pointer: str, typed: Typed, kind: str) -> None:
        applies = {
            "integer": ("minimum", "maximum"),
            "number": ("minimum", "maximum"),
            "string": ("minLength", "maxLength"),
            "array": ("minItems", "maxItems"),
        }.get(kind, ())
        spelled = {
            "minLength": "min_length",
            "maxLength": "max_length",
            "minItems": "min_items",
            "maxItems": "max_items",
        }
        every = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")
        for key in every:
            value = schema.get(key)
            if value is None:
                continue
            if (
                key not in applies
                or not _number(value)
                or (key != "minimum" and key != "maximum" and (value < 0 or value != int(value)))
            ):
                typed.notes.append(
                    (
                        "schema.bound_ignored",
                        child(pointer, key),
                        f"`{key}: {_display(value)}` on a `{kind}`.",
                    )
                )
                continue
            typed.keys[spelled.get(key, key)] = int(value) if value == int(value) else value
        self._exclusive(schema, pointer, typed, kind)
        for keyword in _NO_FORM[:2]:
            if keyword in schema and schema[keyword] not in (False, None):
                typed.notes.append(
                    (
                        "schema.bound_ignored",
                        child(pointer, keyword),
                        f"`{keyword}: {_display(schema[keyword])}`.",
                    )
                )

    def _exclusive(self, schema: dict[str, Any], pointer: str, typed: Typed, kind: str) -> None:
        for key, bound, step in (
            ("exclusiveMinimum", "minimum", 1),
            ("exclusiveMaximum", "maximum", -1),
        ):
            value = schema.get(key)
            if value is None or value is False:
                continue
            limit = schema.get(bound) if value is True else value
            if (
                kind not in ("integer", "number")
                or not isinstance(limit, int | float)
                or not _number(limit)
            ):
                typed.notes.append(
                    ("schema.bound_ignored", child(pointer, key), f"`{key}: {_display(value)}`.")
                )
                continue
            exact = kind == "integer" and limit == int(limit)
            typed.keys[bound] = int(limit) + step if exact else limit
            if not exact:
                typed.notes.append(
                    ("schema.exclusive_bound", child(pointer, key), f"`{key}: {_display(value)}`.")
                )

    def _enum(
        self,
        schema: dict[str, Any],
        pointer: str,
        typed: Typed,
        name_text: str,
        inline_enum: tuple[str, str] | None,
        *,
        own: bool = False,
    ) -> None:
        """An enum's values on `typed`: inline (`keys["enum"]`) where the field can hold them
        under the name the generator gives it, else as a named enum type; values the language
        cannot enumerate become a note."""
        values = _enum_values(schema) or []
        kind = _enum_kind(schema)
        if kind is None:
            declared = _json_type(schema)
            typed.type = _PRIMITIVE.get(declared, "any") if isinstance(declared, str) else "any"
            typed.notes.append(
                ("schema.enum", child(pointer, "enum"), f"`enum: {_display(values)}`.")
            )
            return
        typed.type = kind
        typed.nullable = typed.nullable or None in values
        members = _enum_members([v for v in values if v is not None], kind)
        if not members:
            return
        closed = {"closed": True} if schema.get(CLOSED_ENUM) is True else {}
        if own or (
            inline_enum is not None and self.names.claim_exact(inline_enum_name(*inline_enum))
        ):
            typed.keys.update(enum=members, **closed)
            return
        name = self.names.claim(name_text)
        self.types[name] = {"enum": members, **closed}
        typed.type = name

    def _remarks(self, schema: dict[str, Any], pointer: str, typed: Typed) -> None:
        for key in ("readOnly", "writeOnly"):
            if schema.get(key) is True:
                typed.notes.append(
                    ("schema.read_write_only", child(pointer, key), f"`{key}: true`.")
                )
        const = schema.get("const")
        if isinstance(const, str | int | float | bool) and typed.type in _PRIMITIVE:
            typed.keys["const"] = const
        if "default" in schema and schema["default"] is not None:
            typed.keys["__default__"] = schema["default"]


_PRIMITIVE = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "list[any]",
    "object": "object",
}


def _short_names(keys: list[str]) -> dict[str, str]:
    """A schema's name without its namespace (`Contacts.ContactView` -> `ContactView`) where no
    other schema has the same last part."""
    last = [key.rsplit(".", 1)[-1] for key in keys]
    return {
        key: part if last.count(part) == 1 else key for key, part in zip(keys, last, strict=True)
    }


def _json_type(schema: dict[str, Any]) -> str | list[str] | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        if len(kinds) == 1:
            return str(kinds[0])
        return [str(k) for k in kinds] if kinds else None
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def _nullable(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return (
        schema.get("nullable") is True
        or (isinstance(kind, list) and "null" in kind)
        or (isinstance(schema.get("enum"), list) and None in schema["enum"])
    )


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or schema.get("enum") == [None]
    )


def _members(schema: dict[str, Any]) -> list[Any] | None:
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return list(schema[key])
    return None


def _is_object(schema: dict[str, Any]) -> bool:
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        return True
    parts = schema.get("allOf")
    return isinstance(parts, list) and len(parts) > 1 and not _members(schema)


def _annotation_only(schema: dict[str, Any]) -> bool:
    return bool(schema) and all(
        k in ("description", "title", "nullable", "example") for k in schema
    )


def _enum_values(schema: dict[str, Any]) -> list[Any] | None:
    values = schema.get("enum")
    return values if isinstance(values, list) and values else None


def _enum_kind(schema: dict[str, Any]) -> str | None:
    """`string` or `integer` when the language can enumerate the values, else None."""
    values = [v for v in _enum_values(schema) or [] if v is not None]
    declared = _json_type(schema)
    if not values:
        return None
    if declared == "string" and all(isinstance(v, str | int | float | bool) for v in values):
        return "string"
    if declared in ("integer", None, "number") and all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    ):
        return "integer"
    if declared is None and all(isinstance(v, str) for v in values):
        return "string"
    return None


def _enum_members(values: list[Any], kind: str) -> list[Any]:
    """The enum's values as the language writes them; a value whose member name another value
    already has is named after its position."""
    out: list[Any] = []
    seen_values: set[str] = set()
    seen_members: set[str] = set()
    for value in values:
        if kind == "string" and not isinstance(value, str):
            value = str(value).lower() if isinstance(value, bool) else str(value)
        if repr(value) in seen_values:
            continue
        seen_values.add(repr(value))
        member = enum_member_name(value)
        if member in seen_members:
            named = f"{member}_{len(out) + 1}".lower()
            seen_members.add(named.upper())
            out.append({"value": value, "name": named})
        else:
            seen_members.add(member)
            out.append(value)
    return out


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _number(value: Any) -> bool:
    """A finite JSON number (`1e400` reads as infinity, which no bound can say)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _describe(element: dict[str, Any], schema: dict[str, Any]) -> None:
    text = schema.get("description")
    if isinstance(text, str) and text.strip():
        element["description"] = text.strip()


def _display(value: Any, limit: int = 120) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."
