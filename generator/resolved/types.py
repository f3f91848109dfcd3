"""Named types and fields resolved: type expressions parsed and checked against the declared
types, inline enums made types of their own, `partial` types given their fields, and each object
type's full field list (its bases' first) walked once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from types import MappingProxyType
from typing import Literal, cast

from ..spec import model as spec
from ..spec.names import inline_enum_name
from ..spec.typeexpr import (
    PRIMITIVES,
    ListOf,
    MapOf,
    Prim,
    Ref,
    TypeExpr,
    primitives,
    references,
    split_modifiers,
)
from .bases import check_bases
from .context import Context, KeyPath, notes
from .nodes import (
    JSON,
    EnumType,
    EnumValue,
    ExtraKeys,
    Field,
    Fields,
    Limits,
    Location,
    ObjectType,
    Side,
    TypeRef,
    UnionType,
)

Kind = Literal["object", "enum", "union"]
# An object type's fields as the spec declares them, each with the path it is declared at.
Declared = dict[str, tuple[spec.FieldDef, KeyPath]]


def frozen(mapping: Mapping[str, Field]) -> Fields:
    return MappingProxyType(dict(mapping))


# A field's own bounds, as the spec and `Limits` both name them.
_LIMITS = tuple(f.name for f in dataclass_fields(Limits))


class TypeResolver:
    """The declared and inline types of one spec, and every field resolved at its path."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.kinds: dict[str, Kind] = {}
        self.enums: list[EnumType] = []  # declared and inline, in the order met
        self._fields: dict[KeyPath, Field | None] = {}
        self._own: dict[str, Declared] = {}
        self._members: dict[str, tuple[TypeRef, ...]] = {}
        self._extra: dict[str, ExtraKeys | None] = {}
        for name, typedef in ctx.spec.types.items():
            self.kinds[name] = (
                "enum"
                if typedef.enum is not None
                else "union" if typedef.union is not None else "object"
            )
            ctx.claim("types", name, ("types", name), f"type {name!r}")

    # -- type expressions -------------------------------------------------------------------

    def resolve(self, text: str, path: KeyPath) -> TypeExpr | None:
        """Parse a type expression and check that every name it uses is declared."""
        expr = self.ctx.parse(text, path)
        if expr is None:
            return None
        ok = True
        for name in references(expr):
            if name not in self.kinds:
                # A capitalised name is a declared type's; a primitive is suggested only for
                # one written in lower case (`Circle` is no misspelt `file`).
                known = [*self.kinds, *(PRIMITIVES if not name[:1].isupper() else ())]
                hint = spec.suggest(name, known)
                self.ctx.error(path, f"undefined type {name!r}{hint}")
                ok = False
        return expr if ok else None

    def type_ref(self, text: str, path: KeyPath) -> TypeRef | None:
        expr = self.resolve(text, path)
        return TypeRef(text, expr) if expr is not None else None

    # -- fields -----------------------------------------------------------------------------

    def field(self, wire: str, fdef: spec.FieldDef, path: KeyPath, owner: str) -> Field | None:
        """The field declared at `path`, resolved once; an inline `enum` becomes the enum type
        `<Owner><Field>`."""
        if path not in self._fields:
            self._fields[path] = self._field(wire, fdef, path, owner)
        return self._fields[path]

    def fields(
        self, given: Mapping[str, spec.FieldDef], path: KeyPath, owner: str
    ) -> dict[str, Field]:
        """The fields of the mapping at `path` (`.../fields`, `.../query`) that resolve."""
        out = {}
        for wire, fdef in given.items():
            resolved = self.field(wire, fdef, (*path, wire), owner)
            if resolved is not None:
                out[wire] = resolved
        return out

    def _field(self, wire: str, fdef: spec.FieldDef, path: KeyPath, owner: str) -> Field | None:
        written = self.type_ref(fdef.type, (*path, "type"))
        if written is None:
            return None
        expr, inline = written.expr, None
        values = self._values(fdef.enum, path)
        if values is not None:
            scalar = _innermost(expr)
            if not isinstance(scalar, Prim) or scalar.name not in ("string", "integer"):
                self.ctx.error((*path, "enum"), "an inline enum needs type string or integer")
                return None
            inline = inline_enum_name(owner, wire)
            self.ctx.claim("types", inline, path, f"the inline enum of {wire!r}")
            self.add_enum(
                inline,
                values,
                fdef.description,
                path,
                scalar.name,
                declared=None,
                closed=fdef.closed,
            )
            expr = _substitute(expr, Ref(inline))
        if fdef.closed and values is None:
            self.ctx.error((*path, "closed"), "'closed' is for an inline 'enum'")
        self._check_default(fdef, path)
        self._check_bounds(fdef, expr, path)
        param = fdef if isinstance(fdef, spec.Param) else None
        return Field(
            wire=wire,
            type=written,
            expr=expr,
            nullable=fdef.nullable,
            optional=fdef.optional,
            deprecated=fdef.deprecated,
            unique=fdef.unique,
            enum=values,
            inline_enum=inline,
            const=fdef.const,
            format=fdef.format,
            limits=Limits(**{key: getattr(fdef, key) for key in _LIMITS}),
            separator=fdef.separator,
            required_unless=tuple(fdef.required_unless),
            example=cast(JSON, fdef.example),
            aliases=tuple(fdef.aliases),
            datetime_format=self._datetime_format(fdef, expr, path),
            name=fdef.name,
            default=param.default if param is not None else None,
            csv=param is not None and param.style == "csv",
            description=fdef.description,
            notes=notes(fdef.notes),
            loc=self.ctx.locate(path),
            item_limits=self._item_limits(fdef.items, expr, (*path, "items")),
        )

    def _item_limits(
        self, rules: spec.ItemRules | None, expr: TypeExpr, path: KeyPath
    ) -> Limits | None:
        """The bounds on each item of a list; a bound its items cannot have is a spec error,
        not a silent no-op."""
        if rules is None:
            return None
        item = expr.item if isinstance(expr, ListOf) else None
        if item is None:
            self.ctx.error(path, "'items' needs a list[...] type")
            return None
        kind = item.name if isinstance(item, Prim) else None
        numbers, strings = ("integer", "number"), ("string", "uuid")
        needs = {"minimum": numbers, "maximum": numbers}
        needs.update(min_length=strings, max_length=strings)
        for key, kinds in needs.items():
            if getattr(rules, key) is not None and kind not in kinds:
                spelled = "numbers" if kinds is numbers else "strings"
                self.ctx.error((*path, key), f"{key!r} of items needs a list of {spelled}")
        return Limits(rules.minimum, rules.maximum, rules.min_length, rules.max_length)

    def _values(
        self, values: list[spec.EnumValue] | None, path: KeyPath
    ) -> tuple[EnumValue, ...] | None:
        if values is None:
            return None
        return tuple(
            EnumValue(v.value, v.name, v.description, self.ctx.locate((*path, "enum", index)))
            for index, v in enumerate(values)
        )

    def _check_bounds(self, fdef: spec.FieldDef, expr: TypeExpr, path: KeyPath) -> None:
        """Bounds that cannot apply to the field's type are a spec error, not a silent no-op."""
        is_list = isinstance(expr, ListOf)
        is_string = isinstance(expr, Prim) and expr.name in ("string", "uuid")
        if fdef.separator is not None and not is_string:
            self.ctx.error((*path, "separator"), "'separator' needs type string")
        for key in ("min_items", "max_items"):
            if getattr(fdef, key) is not None and not (is_list or fdef.separator is not None):
                self.ctx.error(
                    (*path, key), f"{key!r} needs a list[...] type, or a string with 'separator'"
                )
        if fdef.format is not None and "string" not in primitives(expr):
            # A string format on no string would be checked nowhere: say so, not a silent no-op.
            self.ctx.error((*path, "format"), "'format' needs type string")
        if fdef.required_unless and not fdef.optional:
            self.ctx.error((*path, "required_unless"), "'required_unless' needs an optional field")

    def _datetime_format(
        self, fdef: spec.FieldDef, expr: TypeExpr, path: KeyPath
    ) -> spec.DateTimeFormat | None:
        """The format its datetimes are sent in: its own, else the API's; a format on a field
        without a datetime is a spec error, not a silent no-op."""
        has_datetime = "datetime" in primitives(expr)
        if fdef.datetime_format is not None and not has_datetime:
            self.ctx.error((*path, "datetime_format"), "'datetime_format' needs type datetime")
        if not has_datetime:
            return None
        return fdef.datetime_format or self.ctx.spec.api.datetime_format

    def _check_default(self, fdef: spec.FieldDef, path: KeyPath) -> None:
        default = fdef.default if isinstance(fdef, spec.Param) else None
        if default is None:
            return
        allowed = self._enum_values(fdef)
        if allowed is not None and default not in allowed:
            self.ctx.error(
                (*path, "default"),
                f"default {default!r} is not one of the enum values {allowed!r}",
            )

    def _enum_values(self, fdef: spec.FieldDef) -> list[spec.Scalar] | None:
        """The values a field's enum allows, inline or declared."""
        if fdef.enum is not None:
            return [v.value for v in fdef.enum]
        expr = self.ctx.parse(fdef.type, ())
        scalar = _innermost(expr) if expr else None
        typedef = self.ctx.spec.types.get(scalar.name) if isinstance(scalar, Ref) else None
        if typedef is not None and typedef.enum is not None:
            return [v.value for v in typedef.enum]
        return None

    # -- enums ------------------------------------------------------------------------------

    def add_enum(
        self,
        name: str,
        values: tuple[EnumValue, ...],
        description: str | None,
        path: KeyPath,
        scalar: str | None,
        *,
        declared: spec.TypeDef | None,
        closed: bool = False,
    ) -> None:
        """An enum type, declared (`declared` is its definition) or a field's inline one;
        `closed`: an inline one's values are all there are (a declared one says it itself)."""
        raw = [v.value for v in values]
        if all(isinstance(v, str) for v in raw):
            integer = False
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
            integer = True
        else:
            self.ctx.error((*path, "enum"), "enum values must be all strings or all integers")
            return
        if scalar is not None and (scalar == "string") == integer:
            self.ctx.error((*path, "enum"), f"enum values do not match type {scalar!r}")
        if len(set(map(repr, raw))) != len(raw):
            self.ctx.error((*path, "enum"), "enum values repeat")
        self.kinds[name] = "enum"
        documented = notes(declared.notes) if declared is not None else ()
        location = self.ctx.locate(path)
        self.enums.append(
            EnumType(
                name,
                values,
                integer,
                declared is not None,
                closed or (declared is not None and declared.closed),
                frozenset(),  # known once every operation is resolved
                description,
                documented,
                location,
            )
        )

    def declared_enum(self, name: str) -> None:
        typedef = self.ctx.spec.types[name]
        path: KeyPath = ("types", name)
        values = self._values(typedef.enum, path) or ()
        self.add_enum(name, values, typedef.description, path, None, declared=typedef)

    # -- object types -----------------------------------------------------------------------

    def declared_fields(self, name: str, trail: tuple[str, ...] = ()) -> Declared:
        """An object type's fields as declared, with the path each is declared at: those of its
        bases' first, base by base (at their own types' paths), then its own. This is the one walk
        of inherited fields; `trail` holds the types that led here, so a cycle ends it."""
        inherited: Declared = {}
        for base in self.ctx.spec.types[name].bases:
            if base in self.ctx.spec.types and base not in trail:
                # A field two bases share (checked alike) comes once, where the first has it.
                for wire, declared in self.declared_fields(base, (*trail, name)).items():
                    inherited.setdefault(wire, declared)
        return {**inherited, **self._own_declared(name, trail)}

    def _own_declared(self, name: str, trail: tuple[str, ...]) -> Declared:
        """An object type's own fields; a `partial` type's are its base's, each optional."""
        if name not in self._own:
            typedef = self.ctx.spec.types[name]
            given = (
                typedef.fields or {}
                if typedef.partial is None
                else self._partial(name, typedef, (*trail, name))
            )
            self._own[name] = {
                wire: (fdef, ("types", name, "fields", wire)) for wire, fdef in given.items()
            }
        return self._own[name]

    def _partial(
        self, name: str, typedef: spec.TypeDef, trail: tuple[str, ...]
    ) -> dict[str, spec.FieldDef]:
        base_name = typedef.partial
        assert base_name is not None
        path: KeyPath = ("types", name)
        if base_name in trail:
            chain = " -> ".join((*trail, base_name))
            self.ctx.error((*path, "partial"), f"partial types form a cycle: {chain}")
            return {}
        base = self.ctx.spec.types.get(base_name)
        if base is None or base.enum is not None or base.union is not None:
            what = "undefined type" if base is None else "not an object type:"
            objects = [
                n for n, t in self.ctx.spec.types.items() if t.enum is None and t.union is None
            ]
            hint = spec.suggest(base_name, objects)
            self.ctx.error((*path, "partial"), f"{what} {base_name!r}{hint}")
            return {}
        inherited = {
            wire: fdef for wire, (fdef, _) in self.declared_fields(base_name, trail).items()
        }
        for index, omitted in enumerate(typedef.omit):
            if omitted not in inherited:
                hint = spec.suggest(omitted, list(inherited))
                self.ctx.error(
                    (*path, "omit", index), f"{omitted!r} is not a field of {base_name}{hint}"
                )
        return {
            wire: fdef.model_copy(update={"optional": True})
            for wire, fdef in inherited.items()
            if wire not in typedef.omit
        }

    def own_fields(self, name: str) -> dict[str, Field]:
        """An object type's own fields, resolved at their paths."""
        out = {}
        for wire, (fdef, path) in self._own_declared(name, ()).items():
            resolved = self.field(wire, fdef, path, name)
            if resolved is not None:
                out[wire] = resolved
        return out

    def all_fields(self, name: str) -> dict[str, Field]:
        """An object type's fields, its bases' first, each resolved where declared."""
        out = {}
        for wire, (fdef, path) in self.declared_fields(name).items():
            resolved = self.field(wire, fdef, path, str(path[1]))
            if resolved is not None:
                out[wire] = resolved
        return out

    def check_object(self, name: str) -> None:
        """What an object type's keys must agree with: its base, and its rules' field names."""
        typedef = self.ctx.spec.types[name]
        path: KeyPath = ("types", name)
        check_bases(self.ctx, name, self.kinds, self.declared_fields)
        self._check_inherited_extra_keys(name)
        unless = {
            wire: (list(fdef.required_unless), field_path)
            for wire, (fdef, field_path) in self._own_declared(name, ()).items()
            if fdef.required_unless
        }
        check_rules(
            self.ctx, list(self.declared_fields(name)), typedef.exactly_one_of, path, unless
        )

    def extra_keys(self, name: str, trail: tuple[str, ...] = ()) -> ExtraKeys | None:
        """The type of an object type's undeclared keys: its own `extra_keys`, else the first
        of its bases' (Python's order: the first base's class attribute wins)."""
        if name in self._extra:
            return self._extra[name]
        typedef = self.ctx.spec.types[name]
        found: ExtraKeys | None = None
        if typedef.extra_keys is not None:
            found = self._own_extra_keys(name, typedef.extra_keys)
        else:
            for base in typedef.bases:
                if self.kinds.get(base) == "object" and base not in trail and found is None:
                    found = self.extra_keys(base, (*trail, name))
        if not trail:
            self._extra[name] = found
        return found

    def _own_extra_keys(self, name: str, text: str) -> ExtraKeys | None:
        path: KeyPath = ("types", name, "extra_keys")
        modifiers = split_modifiers(text)
        if modifiers.optional:
            self.ctx.error(path, "an extra key is there or not: drop the '?'")
            return None
        ref = self.type_ref(modifiers.core, path)
        if ref is None:
            return None
        return ExtraKeys(ref, modifiers.nullable, name, self.ctx.locate(path))

    def _check_inherited_extra_keys(self, name: str) -> None:
        """Bases typing extra keys differently leave the type's own to be said."""
        typedef = self.ctx.spec.types[name]
        if typedef.extra_keys is not None or len(typedef.bases) < 2:
            return
        said: dict[tuple[str, bool], str] = {}
        for base in typedef.bases:
            extra = self.extra_keys(base) if self.kinds.get(base) == "object" else None
            if extra is not None:
                said.setdefault((extra.type.text, extra.nullable), base)
        if len(said) > 1:
            listed = ", ".join(f"{base!r} ({text})" for (text, _), base in said.items())
            self.ctx.error(
                ("types", name, "extends"),
                f"the bases type extra keys differently: {listed}; "
                "give the type its own 'extra_keys'",
            )

    def object_type(self, name: str, sides: frozenset[Side]) -> ObjectType:
        typedef = self.ctx.spec.types[name]
        return ObjectType(
            name,
            frozen(self.own_fields(name)),
            frozen(self.all_fields(name)),
            tuple(base for base in typedef.bases if self.kinds.get(base) == "object"),
            tuple(tuple(group) for group in typedef.exactly_one_of),
            cast(JSON, typedef.example),
            sides,
            typedef.description,
            notes(typedef.notes),
            self.ctx.locate(("types", name)),
            self.extra_keys(name),
        )

    # -- unions -----------------------------------------------------------------------------

    def union_members(self, name: str) -> tuple[TypeRef, ...]:
        """A union type's members that resolve (resolved once)."""
        if name not in self._members:
            path: KeyPath = ("types", name, "union")
            given = enumerate(self.ctx.spec.types[name].union or [])
            refs = [self.type_ref(member, (*path, index)) for index, member in given]
            self._members[name] = tuple(ref for ref in refs if ref is not None)
        return self._members[name]

    def references_of(self, name: str) -> list[str]:
        """The declared types a declared type names: in its own fields' types (as written), its
        members, its base."""
        typedef = self.ctx.spec.types[name]
        if typedef.enum is not None:
            return []
        if typedef.union is not None:
            return [n for member in self.union_members(name) for n in references(member.expr)]
        named = [n for f in self.own_fields(name).values() for n in references(f.type.expr)]
        extra = self.extra_keys(name)
        if extra is not None and extra.declared_by == name:
            named += references(extra.type.expr)
        return named + typedef.bases

    def union_type(self, name: str, sides: frozenset[Side]) -> UnionType:
        typedef = self.ctx.spec.types[name]
        path: KeyPath = ("types", name)
        return UnionType(
            name,
            self.union_members(name),
            typedef.discriminator,
            sides,
            typedef.description,
            notes(typedef.notes),
            self.ctx.locate(path),
        )


def check_rules(
    ctx: Context,
    known: list[str],
    exactly_one_of: list[list[str]],
    path: KeyPath,
    required_unless: dict[str, tuple[list[str], KeyPath]],
) -> None:
    """Rules across a request's keys name its keys (`known`, wire names): `exactly_one_of` in
    groups of two or more, `required_unless` the keys that excuse an absent one."""
    for index, group in enumerate(exactly_one_of):
        for wire in group:
            if wire not in known:
                hint = spec.suggest(wire, known)
                ctx.error((*path, "exactly_one_of", index), f"{wire!r} is not a field here{hint}")
        if len(group) < 2:
            ctx.error((*path, "exactly_one_of", index), "a group needs two or more keys")
    for others, field_path in required_unless.values():
        for other in others:
            if other not in known:
                hint = spec.suggest(other, known)
                ctx.error((*field_path, "required_unless"), f"{other!r} is not a field here{hint}")


def _innermost(expr: TypeExpr) -> TypeExpr:
    while isinstance(expr, ListOf | MapOf):
        expr = expr.item if isinstance(expr, ListOf) else expr.value
    return expr


def _substitute(expr: TypeExpr, scalar: TypeExpr) -> TypeExpr:
    if isinstance(expr, ListOf):
        return replace(expr, item=_substitute(expr.item, scalar))
    if isinstance(expr, MapOf):
        return replace(expr, value=_substitute(expr.value, scalar))
    return scalar


__all__ = ["Location", "TypeResolver", "check_rules", "frozen"]
