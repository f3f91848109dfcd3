"""The API's types in Python: enums, models and unions, each field's attribute, and the
annotation of any type expression."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..resolved import formats
from ..resolved.nodes import JSON, Api, EnumType, Field, Limits, ObjectType, UnionType
from ..spec.model import DateTimeFormat
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr
from . import annotations as an
from .context import Context
from .literals import doc, join_doc, whole
from .model import EnumIR, EnumMemberIR, FieldIR, ModelIR, RulesIR, UnionIR
from .naming import ReservedNames, attribute_name, enum_member_name, response_headers_class

_PYDANTIC_BOUNDS = {"minimum": "ge", "maximum": "le", "min_length": "min_length"}
_PYDANTIC_BOUNDS["max_length"] = "max_length"
_CHECKED_BOUNDS = ("min_items", "max_items")


def _checked_format(primitive: str, string_format: str | None) -> str | None:
    """The format a string primitive is checked against, if any."""
    if primitive == "uuid":
        return "uuid"
    if primitive == "string" and string_format in formats.CLIENT_CHECKED:
        return string_format
    return None


def field_name(f: Field) -> str:
    """A field's attribute (and argument) name: the spec's, else derived from its wire name."""
    return f.name or attribute_name(f.wire)


class PythonTypes:
    """How the API's types are written in Python, and its declared and inline types as
    classes."""

    def __init__(self, api: Api, ctx: Context, names: ReservedNames) -> None:
        self.api = api
        self.ctx = ctx
        self.names = names
        self.any = an.Name(names.Any)
        # What an argument accepts for a model: the model, or its JSON as a mapping.
        self.mapping = an.Subscript(names.Mapping, (an.STR, self.any))
        self.primitives: dict[str, an.Annotation] = {
            "string": an.STR,
            "uuid": an.STR,
            "integer": an.Name("int"),
            "number": an.Name("float"),
            "boolean": an.Name("bool"),
            "datetime": an.Name("_dt.datetime"),
            "date": an.Name("_dt.date"),
            "epoch_ms": an.Name(names.EpochMillis),
            "object": an.Subscript("dict", (an.STR, self.any)),
            "any": self.any,
            "file": an.Name(names.FileInput),
        }

    # -- annotations ------------------------------------------------------------------------

    def annotation(
        self,
        expr: TypeExpr,
        *,
        argument: bool = False,
        model: bool = False,
        datetime_format: DateTimeFormat | None = None,
        string_format: str | None = None,
    ) -> an.Annotation:
        """The Python annotation of a type; `model` is a model attribute's, whose datetimes
        follow the API's naive-datetime rule and are written in `datetime_format`.
        `argument` is a method parameter's, through which
        a caller passes data: read-only protocols (`Sequence`, `Mapping`), since `list` and
        `dict` are invariant (a caller's `dict[str, list[str]]` is no `dict[str, Sequence[str]]`)
        and a tuple is no list; plain mappings for models and the raw values of enums.
        `string_format` is a model attribute's checked `format`, which its strings keep."""
        if isinstance(expr, Prim):
            if model and expr.name == "datetime":
                return self._datetime(datetime_format)
            checked = _checked_format(expr.name, string_format)
            if model and checked is not None:
                call = an.Call(self.names.StringFormat, args=(checked,))
                return an.Annotated(an.STR, call, self.names.Annotated)
            if argument and expr.name == "object":
                return self.mapping
            return self.primitives[expr.name]
        if isinstance(expr, Ref):
            named = self.api.named(expr.name)
            if argument and isinstance(named, ObjectType):
                return an.union(an.Name(expr.name), self.mapping)
            if argument and isinstance(named, EnumType):
                # Callers write `sort_order="asc"`, as the document does; the literal values
                # let a type checker accept that and still catch a misspelt value.
                literal = an.Literal(tuple(v.value for v in named.values), self.names.Literal)
                return an.union(an.Name(expr.name), literal)
            return an.Name(expr.name)

        def inner(part: TypeExpr) -> an.Annotation:
            return self.annotation(
                part,
                argument=argument,
                model=model,
                datetime_format=datetime_format,
                string_format=string_format,
            )

        if isinstance(expr, ListOf):
            return an.Subscript(self.names.Sequence if argument else "list", (inner(expr.item),))
        if isinstance(expr, MapOf):
            mapping = self.names.Mapping if argument else "dict"
            return an.Subscript(mapping, (an.STR, inner(expr.value)))
        return an.union(*(inner(member) for member in expr.members))

    def _datetime(self, wire: DateTimeFormat | None) -> an.Annotation:
        """A model's datetime, with the format it is sent in when the spec gives one."""
        plain = an.Name(self.names.DateTime)
        if wire is None:
            return plain
        keywords: list[tuple[str, JSON]] = []
        if wire.precision is not None:
            keywords.append(("precision", wire.precision))
        if wire.offset != "keep":
            keywords.append(("offset", wire.offset))
        call = an.Call(self.names.DateTimeFormat, keywords=tuple(keywords))
        return an.Annotated(plain, call, self.names.Annotated)

    def with_none(self, annotation: an.Annotation) -> an.Annotation:
        return annotation if annotation == self.any else an.union(annotation, an.NONE)

    # -- fields -----------------------------------------------------------------------------

    def model_field(self, f: Field, name: str, *, params: bool) -> FieldIR:
        """A model attribute. In params models, constraints apply and absent means unset."""
        alias = None if name == f.wire else f.wire
        if f.const is not None:
            literal = an.Literal((f.const,), self.names.Literal)
            description = doc(f.description) or None
            return FieldIR(f.wire, name, literal, description, True, f.const, alias)
        annotation = self.annotation(
            f.expr, model=True, datetime_format=f.datetime_format, string_format=f.format
        )
        if f.item_limits is not None and isinstance(annotation, an.Subscript):
            annotation = self._checked_items(annotation, f.item_limits)
        if f.nullable or (f.optional and not params):
            annotation = self.with_none(annotation)
        elif f.optional:
            # An omitted argument stays unset; NotNull refuses an explicit None.
            annotation = an.NotNull(annotation, self.names.NotNull)
        bounds, checked = self._bounds(f, params=params)
        if any(key != "separator" for key, _ in checked):
            call = an.Call(self.names.Checked, keywords=checked)
            annotation = an.Annotated(annotation, call, self.names.Annotated)
        notes = ["Deprecated." if f.deprecated else None, f.description]
        return FieldIR(
            wire=f.wire,
            name=name,
            annotation=annotation,
            doc=doc(join_doc(*notes)) or None,
            has_default=f.optional,
            default=None,
            alias=None if f.aliases else alias,
            alias_choices=(f.wire, *f.aliases) if f.aliases else (),
            bounds=bounds,
        )

    def _checked_items(self, annotation: an.Subscript, limits: Limits) -> an.Subscript:
        """`list[Annotated[str, Checked(max_length=40)]]`: each item's bounds, checked when
        sent (an argument's error then names the item's index)."""
        keywords = tuple(
            (key, whole(value))
            for key in _PYDANTIC_BOUNDS
            if (value := getattr(limits, key)) is not None
        )
        call = an.Call(self.names.Checked, keywords=keywords)
        (item,) = annotation.args
        return an.Subscript(annotation.origin, (an.Annotated(item, call, self.names.Annotated),))

    @staticmethod
    def _bounds(
        f: Field, *, params: bool
    ) -> tuple[tuple[tuple[str, float | int], ...], tuple[tuple[str, JSON], ...]]:
        """The bounds pydantic enforces (the older ones, in argument models) and those `Checked`
        enforces when a request is sent (every other one, and the separator they count by)."""
        bounds: list[tuple[str, float | int]] = []
        checked: list[tuple[str, JSON]] = []
        for key in (*_PYDANTIC_BOUNDS, *_CHECKED_BOUNDS):
            value = getattr(f.limits, key)
            if value is None:
                continue
            if params and key in _PYDANTIC_BOUNDS:
                bounds.append((_PYDANTIC_BOUNDS[key], whole(value)))
            else:
                checked.append((key, whole(value)))
        if f.separator is not None:
            checked.append(("separator", f.separator))
        return tuple(bounds), tuple(checked)

    # -- declared and inline types ------------------------------------------------------------

    def enums(self) -> tuple[EnumIR, ...]:
        return tuple(self._enum(enum) for enum in self.api.enums)

    def _enum(self, enum: EnumType) -> EnumIR:
        members: list[EnumMemberIR] = []
        seen: dict[str, int] = {}
        raw = [v.value for v in enum.values]
        for index, value in enumerate(enum.values):
            member = enum_member_name(value.value, value.name)
            if member in seen and raw[seen[member]] != value.value:
                self.ctx.error(
                    value.loc,
                    f"enum value {value.value!r} becomes member {member}, like value "
                    f"{raw[seen[member]]!r}",
                )
            seen[member] = index
            members.append(EnumMemberIR(member, value.value, doc(value.description) or None))
        if enum.closed:
            base = self.names.ClosedIntEnum if enum.integer else self.names.ClosedStrEnum
            tail = "Closed: a value not listed here is refused."
        else:
            base = self.names.OpenIntEnum if enum.integer else self.names.OpenStrEnum
            tail = None
        text = doc(join_doc(enum.description or f"Values of {enum.name}.", tail))
        return EnumIR(enum.name, base, text, tuple(members), closed=enum.closed)

    def models(self) -> tuple[ModelIR, ...]:
        return tuple(self._model(obj) for obj in self.api.objects())

    def _model(self, obj: ObjectType) -> ModelIR:
        fields = []
        for f in obj.own_fields.values():
            name = field_name(f)
            self.ctx.claim(f"model:{obj.name}", name, f.loc, f"field {f.wire!r}")
            fields.append(self.model_field(f, name, params=False))
        known = {wire: field_name(f) for wire, f in obj.fields.items()}
        groups, unless = self._rules_of(obj)
        not_null: tuple[str, ...] = ()
        if "request" in obj.sides:
            not_null = tuple(
                sorted(
                    known[w]
                    for w, f in obj.fields.items()
                    if f.optional and not f.nullable and f.const is None
                )
            )
        return ModelIR(
            obj.name,
            ", ".join(obj.bases) or self.names.APIModel,
            doc(obj.description) or f"{obj.name}.",
            tuple(fields),
            rules=rules(known, groups, unless),
            not_null=not_null,
            **self._extra_keys(obj),
        )

    def _extra_keys(self, obj: ObjectType) -> dict[str, Any]:
        """The `extra_keys` and `extra_keys_doc` of a model declaring the type of its
        undeclared keys (one inheriting it says nothing: its base's annotation holds)."""
        extra = obj.extra_keys
        if extra is None or extra.declared_by != obj.name:
            return {}
        value = self.annotation(extra.type.expr, model=True)
        if extra.nullable:
            value = an.union(value, an.NONE)
        null = " or null" if extra.nullable else ""
        return {
            "extra_keys": an.Subscript("dict", (an.STR, value)),
            "extra_keys_doc": f"Keys beyond the fields above, each `{extra.type.text}`{null}.",
        }

    def header_models(self) -> tuple[ModelIR, ...]:
        """The model of each operation's typed response headers (`parse_headers()`), by its
        wire names; a header that may be absent (`T?` or `T | null`) reads as None."""
        out = []
        for op in self.api.operations:
            if op.response is None or not op.response.headers:
                continue
            path = (*op.resource, op.name)
            class_name = response_headers_class(path)
            fields = []
            for f in op.response.headers.values():
                name = field_name(f)
                self.ctx.claim(f"model:{class_name}", name, f.loc, f"header {f.wire!r}")
                absent = replace(f, optional=f.optional or f.nullable)
                fields.append(self.model_field(absent, name, params=False))
            text = f"The headers of `{'.'.join(path)}`'s response, typed."
            out.append(ModelIR(class_name, self.names.ResponseHeaders, text, tuple(fields)))
        return tuple(out)

    def _rules_of(
        self, obj: ObjectType
    ) -> tuple[tuple[tuple[str, ...], ...], list[tuple[str, tuple[str, ...]]]]:
        """The rules a model's validator checks. A class's `_request_rules` hides its bases':
        one declaring rules of its own, or extending several types (whose rules only one would
        pass on), checks its bases' rules too; another inherits its one base's validator."""
        own = [(f.wire, f.required_unless) for f in obj.own_fields.values()]
        declares = obj.exactly_one_of or any(others for _, others in own)
        if not (declares or len(obj.bases) > 1):
            return obj.exactly_one_of, own
        groups = [*self._inherited_groups(obj)]
        groups += [g for g in obj.exactly_one_of if g not in groups]
        unless = [(f.wire, f.required_unless) for f in obj.fields.values()]
        return tuple(groups), unless

    def _inherited_groups(self, obj: ObjectType) -> list[tuple[str, ...]]:
        groups: list[tuple[str, ...]] = []
        for base in obj.bases:
            parent = self.api.types.get(base)
            if isinstance(parent, ObjectType):
                found = [*self._inherited_groups(parent), *parent.exactly_one_of]
                groups += [g for g in found if g not in groups]
        return groups

    def unions(self) -> tuple[UnionIR, ...]:
        return tuple(self._union(union) for union in self.api.unions())

    def _union(self, union: UnionType) -> UnionIR:
        members = [self.annotation(member.expr) for member in union.members]
        annotation = an.union(*members) if members else self.any
        description = union.description
        if union.discriminator:
            # A tag the spec does not list parses as a plain APIModel instead of failing.
            field = self.names.Field
            tag = an.Call(field, keywords=(("discriminator", union.discriminator),))
            mode = an.Call(field, keywords=(("union_mode", "left_to_right"),))
            tagged = an.Annotated(annotation, tag, self.names.Annotated)
            anything = an.Name(self.names.APIModel)
            annotation = an.Annotated(an.union(tagged, anything), mode, self.names.Annotated)
            tail = (
                f"Members are told apart by `{union.discriminator}`; "
                "an unknown one is kept as an APIModel."
            )
            description = join_doc(description or f"{union.name}.", tail)
        return UnionIR(union.name, doc(description) or f"{union.name}.", annotation)


def rules(
    known: dict[str, str],
    exactly_one_of: tuple[tuple[str, ...], ...],
    required_unless: list[tuple[str, tuple[str, ...]]],
) -> RulesIR | None:
    """The rules across keys checked when a request is sent, by attribute name (`known` maps
    wire names to them), or None when there are none."""
    groups = tuple(tuple(known[w] for w in group if w in known) for group in exactly_one_of)
    unless = tuple(
        (known[wire], tuple(known[o] for o in others if o in known))
        for wire, others in required_unless
        if others
    )
    if not groups and not unless:
        return None
    return RulesIR(exactly_one_of=groups, required_unless=unless)
