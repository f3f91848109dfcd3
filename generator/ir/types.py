"""Named types: enums, object models and unions, and the Python annotation of any type."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..diff import type_sides
from ..spec.loader import Location
from ..spec.model import FieldDef, Param, Spec, TypeDef, suggest
from ..spec.typeexpr import PRIMITIVES, ListOf, MapOf, Prim, Ref, TypeExpr
from . import annotations as an
from .context import Context
from .literals import doc, join_doc, whole
from .model import NO_DEFAULT, EnumIR, EnumMemberIR, FieldIR, LimitsIR, ModelIR, RulesIR, UnionIR
from .naming import attribute_name, enum_member_name, inline_enum_name

_PRIMITIVE_ANNOTATIONS: dict[str, an.Annotation] = {
    "string": an.STR,
    "uuid": an.STR,
    "integer": an.Name("int"),
    "number": an.Name("float"),
    "boolean": an.Name("bool"),
    "datetime": an.Name("_dt.datetime"),
    "date": an.Name("_dt.date"),
    "epoch_ms": an.Name("EpochMillis"),
    "object": an.Subscript("dict", (an.STR, an.ANY)),
    "any": an.ANY,
}
_MAPPING = an.Subscript("Mapping", (an.STR, an.ANY))  # what an argument accepts for a model


@dataclass
class ResolvedField:
    """A field of a model or a parameter, with its type parsed and inline enum resolved."""

    wire: str
    name: str
    expr: TypeExpr
    spec: FieldDef
    loc: Location


class TypeRegistry:
    """Declared and inline types of one spec, and how each is written in Python."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.kinds: dict[str, str] = {}
        self.enums: list[EnumIR] = []
        self.enum_raw_values: dict[str, list[Any]] = {}
        self.models: list[ModelIR] = []
        self.unions: list[UnionIR] = []
        self._fields: dict[Location, ResolvedField | None] = {}
        spec: Spec = ctx.spec
        # Types a request may carry: their optional, non-nullable keys are refused as null when
        # sent.
        self.request_types = {
            name for name, sides in type_sides(spec).items() if "request" in sides
        }
        for name, typedef in spec.types.items():
            self.kinds[name] = (
                "model"
                if typedef.fields is not None
                else ("enum" if typedef.enum is not None else "union")
            )
            ctx.claim("types", name, ("types", name), f"type {name!r}")

    # -- type expressions -------------------------------------------------------------------

    def resolve(self, text: str, loc: Location) -> TypeExpr | None:
        """Parse a type expression and check that every name it uses is declared."""
        expr = self.ctx.parse(text, loc)
        if expr is None:
            return None
        ok = True
        for name in _refs(expr):
            if name not in self.kinds:
                hint = suggest(name, [*self.kinds, *PRIMITIVES])
                self.ctx.error(loc, f"undefined type {name!r}{hint}")
                ok = False
        return expr if ok else None

    def annotation(
        self, expr: TypeExpr, *, argument: bool = False, model: bool = False
    ) -> an.Annotation:
        """The Python annotation of a type; `model` is a model attribute's, whose datetimes
        follow the API's naive-datetime rule. `argument` is a method parameter's, through which
        a caller passes data: read-only protocols (`Sequence`, `Mapping`), since `list` and
        `dict` are invariant (a caller's `dict[str, list[str]]` is no `dict[str, Sequence[str]]`)
        and a tuple is no list, and plain mappings for models."""
        if isinstance(expr, Prim):
            if model and expr.name == "datetime":
                return an.Name("DateTime")
            if argument and expr.name == "object":
                return _MAPPING
            return _PRIMITIVE_ANNOTATIONS[expr.name]
        if isinstance(expr, Ref):
            if argument and self.kinds.get(expr.name) == "model":
                return an.union(an.Name(expr.name), _MAPPING)
            if argument and expr.name in self.enum_raw_values:
                # Callers write `sort_order="asc"`, as the document does; the literal values
                # let a type checker accept that and still catch a misspelt value.
                literal = an.Literal(tuple(self.enum_raw_values[expr.name]))
                return an.union(an.Name(expr.name), literal)
            return an.Name(expr.name)
        if isinstance(expr, ListOf):
            item = self.annotation(expr.item, argument=argument, model=model)
            return an.Subscript("Sequence" if argument else "list", (item,))
        if isinstance(expr, MapOf):
            value = self.annotation(expr.value, argument=argument, model=model)
            return an.Subscript("Mapping" if argument else "dict", (an.STR, value))
        return an.union(
            *(self.annotation(member, argument=argument, model=model) for member in expr.members)
        )

    # -- fields -----------------------------------------------------------------------------

    def field(self, wire: str, spec: FieldDef, loc: Location, owner: str) -> ResolvedField | None:
        """Resolve a field's type; an inline `enum` becomes an enum type named `<Owner><Field>`."""
        if loc not in self._fields:
            self._fields[loc] = self._field(wire, spec, loc, owner)
        return self._fields[loc]

    def _field(self, wire: str, spec: FieldDef, loc: Location, owner: str) -> ResolvedField | None:
        expr = self.resolve(spec.type, (*loc, "type"))
        if expr is None:
            return None
        name = spec.name or attribute_name(wire)
        if spec.enum is not None:
            scalar = _innermost(expr)
            if not isinstance(scalar, Prim) or scalar.name not in ("string", "integer"):
                self.ctx.error((*loc, "enum"), "an inline enum needs type string or integer")
                return None
            enum_name = inline_enum_name(owner, wire)
            self.ctx.claim("types", enum_name, loc, f"the inline enum of {wire!r}")
            self.add_enum(enum_name, spec.enum, spec.description, loc, scalar.name)
            expr = _substitute(expr, Ref(enum_name))
        self._check_default(spec, loc)
        self._check_bounds(spec, expr, loc)
        return ResolvedField(wire, name, expr, spec, loc)

    def _check_bounds(self, spec: FieldDef, expr: TypeExpr, loc: Location) -> None:
        """Bounds that cannot apply to the field's type are a spec error, not a silent no-op."""
        is_list = isinstance(expr, ListOf)
        is_string = isinstance(expr, Prim) and expr.name in ("string", "uuid")
        if spec.separator is not None and not is_string:
            self.ctx.error((*loc, "separator"), "'separator' needs type string")
        for key in ("min_items", "max_items"):
            if getattr(spec, key) is not None and not (is_list or spec.separator is not None):
                self.ctx.error(
                    (*loc, key), f"{key!r} needs a list[...] type, or a string with 'separator'"
                )
        if spec.required_unless and not spec.optional:
            self.ctx.error((*loc, "required_unless"), "'required_unless' needs an optional field")

    def _check_default(self, spec: FieldDef, loc: Location) -> None:
        default = getattr(spec, "default", None)
        if default is None:
            return
        allowed = self.enum_values(spec)
        if allowed is not None and default not in allowed:
            self.ctx.error(
                (*loc, "default"),
                f"default {default!r} is not one of the enum values {allowed!r}",
            )

    def enum_values(self, spec: FieldDef) -> list[Any] | None:
        if spec.enum is not None:
            return [v.value for v in spec.enum]
        expr = self.ctx.parse(spec.type, ())
        scalar = _innermost(expr) if expr else None
        if isinstance(scalar, Ref) and self.kinds.get(scalar.name) == "enum":
            typedef = self.ctx.spec.types[scalar.name]
            return [v.value for v in typedef.enum or []]
        return None

    def model_field(self, field: ResolvedField, *, params: bool) -> FieldIR:
        """A model attribute. In params models, constraints apply and absent means unset."""
        spec = field.spec
        alias = None if field.name == field.wire else field.wire
        if spec.const is not None:
            ir = FieldIR(
                field.wire,
                field.name,
                an.Literal((spec.const,)),
                doc(spec.description) or None,
                field.expr,
                spec.nullable,  # as the spec says: the Literal already decides the Python side
                True,
                spec.deprecated,
                default=spec.const,
                alias=alias,
            )
            return _with_spec_facts(ir, spec)
        annotation = self.annotation(field.expr, model=True)
        if spec.nullable or (spec.optional and not params):
            annotation = _with_none(annotation)
        elif spec.optional:
            # An omitted argument stays unset; NotNull refuses an explicit None.
            annotation = an.NotNull(annotation)
        # Argument models enforce the older bounds through pydantic; every other bound (and, in
        # the models requests share with responses, every bound) is checked only when sent.
        bounds: list[tuple[str, Any]] = []
        checked: list[tuple[str, Any]] = []  # (keyword of Checked, value)
        for key in _BOUNDS:
            value = getattr(spec, key, None)
            if value is None:
                continue
            if params and key in _PYDANTIC_BOUNDS:
                bounds.append(({"minimum": "ge", "maximum": "le"}.get(key, key), whole(value)))
            else:
                checked.append((key, whole(value) if key != "separator" else value))
        if any(key != "separator" for key, _ in checked):
            annotation = an.Annotated(annotation, an.Call("Checked", keywords=tuple(checked)))
        notes = ["Deprecated." if spec.deprecated else None, spec.description]
        ir = FieldIR(
            wire=field.wire,
            name=field.name,
            annotation=annotation,
            doc=doc(join_doc(*notes)) or None,
            expr=field.expr,
            nullable=spec.nullable,
            optional=spec.optional,
            deprecated=spec.deprecated,
            default=None if spec.optional else NO_DEFAULT,
            alias=None if spec.aliases else alias,
            alias_choices=[field.wire, *spec.aliases] if spec.aliases else [],
            bounds=bounds,
        )
        return _with_spec_facts(ir, spec)

    # -- declared types ---------------------------------------------------------------------

    def build_declared(self) -> None:
        spec = self.ctx.spec
        for name, typedef in spec.types.items():
            loc: Location = ("types", name)
            if typedef.enum is not None:
                enum = self.add_enum(name, typedef.enum, typedef.description, loc, None)
                if enum is not None:  # an inline enum's description is its field's, not a type's
                    enum.description = typedef.description
            elif typedef.fields is not None:
                self.models.append(self._model(name, typedef, loc))
            else:
                self._union(name, typedef, loc)
        self.models = _extends_first(self.models)

    def add_enum(
        self,
        name: str,
        values: list[Any],
        description: str | None,
        loc: Location,
        scalar: str | None,
    ) -> EnumIR | None:
        raw = [v.value for v in values]
        if all(isinstance(v, str) for v in raw):
            base = "OpenStrEnum"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
            base = "OpenIntEnum"
        else:
            self.ctx.error((*loc, "enum"), "enum values must be all strings or all integers")
            return None
        if scalar is not None and (scalar == "string") != (base == "OpenStrEnum"):
            self.ctx.error((*loc, "enum"), f"enum values do not match type {scalar!r}")
        members: list[EnumMemberIR] = []
        seen: dict[str, int] = {}
        for index, value in enumerate(values):
            member = enum_member_name(value.value, value.name)
            if member in seen and raw[seen[member]] != value.value:
                self.ctx.error(
                    (*loc, "enum", index),
                    f"enum value {value.value!r} becomes member {member}, like value "
                    f"{raw[seen[member]]!r}",
                )
            seen[member] = index
            members.append(EnumMemberIR(member, value.value, doc(value.description) or None))
        if len(set(map(repr, raw))) != len(raw):
            self.ctx.error((*loc, "enum"), "enum values repeat")
        self.kinds[name] = "enum"
        self.enum_raw_values[name] = raw
        enum = EnumIR(
            name, base, doc(description) or f"Values of {name}.", members, raw, _source(loc)
        )
        self.enums.append(enum)
        return enum

    def _model(self, name: str, typedef: TypeDef, loc: Location) -> ModelIR:
        fields: list[FieldIR] = []
        for wire, fspec in (typedef.fields or {}).items():
            floc = (*loc, "fields", wire)
            resolved = self.field(wire, fspec, floc, name)
            if resolved is None:
                continue
            self.ctx.claim(f"model:{name}", resolved.name, floc, f"field {wire!r}")
            fields.append(self.model_field(resolved, params=False))
        known = {
            w: attribute_name(w) if f.name is None else f.name
            for w, f in self._all_fields(name).items()
        }
        unless = {
            wire: (fspec.required_unless, (*loc, "fields", wire))
            for wire, fspec in (typedef.fields or {}).items()
            if fspec.required_unless
        }
        rules = request_rules(self.ctx, known, typedef.exactly_one_of, loc, unless)
        not_null: list[str] = []
        if name in self.request_types:
            not_null = sorted(
                known[w]
                for w, f in self._all_fields(name).items()
                if f.optional and not f.nullable and f.const is None
            )
        base = "APIModel"
        if typedef.extends is not None:
            if self.kinds.get(typedef.extends) != "model":
                hint = suggest(typedef.extends, [k for k, v in self.kinds.items() if v == "model"])
                self.ctx.error(
                    (*loc, "extends"), f"{typedef.extends!r} is not an object type{hint}"
                )
            else:
                base = typedef.extends
        return ModelIR(
            name,
            base,
            doc(typedef.description) or f"{name}.",
            fields,
            _source(loc),
            rules=rules,
            not_null=not_null,
            description=typedef.description,
            exactly_one_of_wires=typedef.exactly_one_of,
        )

    def _union(self, name: str, typedef: TypeDef, loc: Location) -> None:
        members: list[an.Annotation] = []
        exprs: list[TypeExpr] = []
        for index, member in enumerate(typedef.union or []):
            expr = self.resolve(member, (*loc, "union", index))
            if expr is not None:
                members.append(self.annotation(expr))
                exprs.append(expr)
        # No member resolves only after an error was reported; Any keeps the IR whole meanwhile.
        annotation = an.union(*members) if members else an.ANY
        if typedef.discriminator:
            # A tag the spec does not list parses as a plain APIModel instead of failing.
            discriminator = an.Call("Field", keywords=(("discriminator", typedef.discriminator),))
            annotation = an.Annotated(
                an.union(an.Annotated(annotation, discriminator), an.Name("APIModel")),
                an.Call("Field", keywords=(("union_mode", "left_to_right"),)),
            )
        description = typedef.description
        if typedef.discriminator:
            tail = (
                f"Members are told apart by `{typedef.discriminator}`; "
                "an unknown one is kept as an APIModel."
            )
            description = join_doc(description or f"{name}.", tail)
        self.unions.append(
            UnionIR(
                name,
                doc(description) or f"{name}.",
                annotation,
                _source(loc),
                exprs,
                typedef.discriminator,
                typedef.description,
            )
        )

    def _all_fields(self, name: str) -> dict[str, FieldDef]:
        typedef = self.ctx.spec.types.get(name)
        if typedef is None or typedef.fields is None:
            return {}
        inherited = (
            self._all_fields(typedef.extends) if typedef.extends and typedef.extends != name else {}
        )
        return {**inherited, **typedef.fields}

    def object_fields(self, name: str) -> dict[str, FieldDef]:
        """A declared object type's fields, inherited ones first."""
        typedef = self.ctx.spec.types[name]
        inherited = (
            self.object_fields(typedef.extends) if typedef.extends in self.ctx.spec.types else {}
        )
        return {**inherited, **(typedef.fields or {})}


def _with_spec_facts(ir: FieldIR, spec: FieldDef) -> FieldIR:
    """The field, with what the spec says of its key in the spec's own terms (for the export)."""
    ir.description = spec.description
    ir.example = spec.example
    ir.format = spec.format
    ir.const = spec.const
    ir.server_default = spec.default if isinstance(spec, Param) else None
    ir.limits = LimitsIR(
        spec.minimum, spec.maximum, spec.min_length, spec.max_length, spec.min_items, spec.max_items
    )
    ir.required_unless = list(spec.required_unless)
    return ir


_PYDANTIC_BOUNDS = ("minimum", "maximum", "min_length", "max_length")
_BOUNDS = (*_PYDANTIC_BOUNDS, "min_items", "max_items", "separator")


def request_rules(
    ctx: Context,
    fields: dict[str, str],
    exactly_one_of: list[list[str]],
    loc: Location,
    required_unless: dict[str, tuple[list[str], Location]],
) -> RulesIR | None:
    """The rules across keys checked when a request is sent, or None when there are none.

    `fields` maps wire names to Python names; rules name wire names and are checked in Python ones.
    """
    groups: list[list[str]] = []
    for index, group in enumerate(exactly_one_of):
        names = []
        for wire in group:
            if wire not in fields:
                hint = suggest(wire, list(fields))
                ctx.error((*loc, "exactly_one_of", index), f"{wire!r} is not a field here{hint}")
                continue
            names.append(fields[wire])
        if len(group) < 2:
            ctx.error((*loc, "exactly_one_of", index), "a group needs two or more keys")
        groups.append(names)
    unless: list[tuple[str, list[str]]] = []
    for wire, (others, field_loc) in required_unless.items():
        names = []
        for other in others:
            if other not in fields:
                hint = suggest(other, list(fields))
                ctx.error((*field_loc, "required_unless"), f"{other!r} is not a field here{hint}")
                continue
            names.append(fields[other])
        unless.append((fields[wire], names))
    if not groups and not unless:
        return None
    return RulesIR(exactly_one_of=groups, required_unless=unless)


def _source(loc: Location) -> str:
    return ".".join(str(p) for p in loc)


def _refs(expr: TypeExpr) -> list[str]:
    from ..spec.typeexpr import references

    return references(expr)


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


def _with_none(annotation: an.Annotation) -> an.Annotation:
    return annotation if annotation == an.ANY else an.union(annotation, an.NONE)


def _extends_first(models: list[ModelIR]) -> list[ModelIR]:
    """Spec order, except that a base class comes before the classes extending it."""
    by_name = {m.class_name: m for m in models}
    ordered: list[ModelIR] = []
    done: set[str] = set()

    def visit(model: ModelIR, trail: tuple[str, ...]) -> None:
        if model.class_name in done or model.class_name in trail:
            return
        parent = by_name.get(model.base)
        if parent is not None:
            visit(parent, (*trail, model.class_name))
        done.add(model.class_name)
        ordered.append(model)

    for model in models:
        visit(model, ())
    return ordered
