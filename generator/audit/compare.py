"""The spec against a document's facts: every fact honoured, explained, or reported.

A spec honours a fact when it accepts everything the document prints: the endpoint is an
operation, the parameter or field is declared, its JSON type admits the printed one, it is
nullable where the document prints null, it is required exactly where the document requires it,
its enum has every printed value, and a bound it sets is the printed one. A difference is
explained by a `left_out` entry naming the fact or by a note that names it: a note on the element
itself that mentions the printed value (the type, `null`, `required`/`optional`/`?`, the enum
value, the bound), a note of its operation or type that names it and mentions that value, or a
note quoting its name in backticks (any note, for a name the spec lacks altogether).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ir.literals import whole
from ..resolved.nodes import EnumType, InlineBody, Operation, UnionType, notes_text
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr, UnionOf
from .sources import Fact
from .spec_index import Element, SpecIndex, envelope_key, type_of

KINDS = (
    "endpoint-missing",
    "parameter-missing",
    "field-missing",
    "type-differs",
    "nullability-differs",
    "required-differs",
    "enum-differs",
    "bound-differs",
    "spec-only",
)


@dataclass(frozen=True)
class Finding:
    """One thing to act on: what it is, where the document prints it, and where in the spec it
    belongs or differs."""

    kind: str
    subject: str  # `Rating.channel`, `GET /v1/csat/ratings: query channel`, an endpoint
    printed: str  # what the document prints of it: `string, nullable`
    document: str  # file:line, or "" for what no document prints
    spec: str  # file:line:column where it belongs or differs
    spec_path: str  # the dotted spec path there: `types.Rating.fields`
    detail: str
    also: tuple[str, ...] = ()  # further document lines of the same finding

    def documents(self) -> str:
        """`page.txt:113`, or `page.txt:113 (also 370, 412)` for a collapsed repeat."""
        if not self.also:
            return self.document or "-"
        name = self.document.rpartition(":")[0]
        rest = [
            line.rpartition(":")[2] if line.startswith(f"{name}:") else line for line in self.also
        ]
        return f"{self.document} (also {', '.join(rest)})"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "printed": self.printed,
            "document": self.document,
            "also": list(self.also),
            "spec": self.spec,
            "spec_path": self.spec_path,
            "detail": self.detail,
        }


def printed_wire_type(printed: str) -> str | None:
    """The JSON type a printed type stands for.

    None when it names a schema the audit cannot judge.
    """
    text = printed.strip().lower()
    table = [
        (r"^(array|list)", "array"),
        (r"^enum<", "string"),
        (r"^(int|integer)\b", "integer"),
        (r"^(float|number|double)\b", "number"),
        (r"^(bool|boolean)\b", "boolean"),
        (r"^(string|date|datetime)\b", "string"),
        (r"^object\b", "object"),
        (r"^any\b", "any"),
    ]
    return next((wire for pattern, wire in table if re.search(pattern, text)), None)


def spec_wire_types(index: SpecIndex, expr: TypeExpr) -> set[str]:
    if isinstance(expr, UnionOf):
        return {wire for member in expr.members for wire in spec_wire_types(index, member)}
    if isinstance(expr, ListOf):
        return {"array"}
    if isinstance(expr, MapOf):
        return {"object"}
    if isinstance(expr, Ref):
        named = index.api.types.get(expr.name)
        if isinstance(named, EnumType):
            return {"integer" if named.integer else "string"}
        if isinstance(named, UnionType):
            return {w for member in named.members for w in spec_wire_types(index, member.expr)}
        return {"object"}
    prim = expr.name if isinstance(expr, Prim) else "any"
    return {
        "string": {"string"},
        "uuid": {"string"},
        "date": {"string"},
        "datetime": {"string"},
        "epoch_ms": {"integer"},
        "integer": {"integer"},
        "number": {"number", "integer"},
        "boolean": {"boolean"},
        "object": {"object"},
    }.get(prim, {"any"})


def spec_enum(index: SpecIndex, element: Element) -> set[str] | None:
    """The values an element's enum (inline, or the declared type it names) allows."""
    values = element.field.enum
    expr = type_of(element.field)
    while isinstance(expr, ListOf):
        expr = expr.item
    named = index.api.types.get(expr.name) if isinstance(expr, Ref) else None
    if values is None and isinstance(named, EnumType):
        values = named.values
    if values is None:
        return None
    return {str(v.value) for v in values}


def _quoted(name: str, text: str) -> bool:
    """`items[].amount.value` is named by `items[].amount.value`, `value`, or its object `items`."""
    parts = [part.removesuffix("[]") for part in name.split(".")]
    return any(f"`{quoted}`" in text for quoted in (name, parts[-1], parts[0]))


def _left_out(index: SpecIndex, name: str) -> bool:
    return bool({name, name.split(".")[-1].removesuffix("[]")} & set(index.left_out))


def explained_missing(index: SpecIndex, name: str) -> bool:
    """A name the spec does not declare: left out, or quoted by a note."""
    return _left_out(index, name) or _quoted(name, index.notes)


def explained_difference(
    index: SpecIndex, element: Element, name: str, evidence: list[str]
) -> bool:
    """A declared element that differs: its notes (or its operation's or type's) quote its name in
    backticks, or its own notes, or its operation's or type's notes naming it, mention what the
    document prints."""
    if _left_out(index, name) or _quoted(name, element.notes):
        return True
    leaf = name.split(".")[-1].removesuffix("[]")
    naming = notes_text(element.field.notes) + (
        element.notes if re.search(rf"\b{re.escape(leaf)}\b", element.notes) else ""
    )
    return any(word and word in naming for word in evidence)


def _segments(name: str) -> list[str]:
    return [part.removesuffix("[]") for part in name.split(".")]


def _descend(index: SpecIndex, found: Element, rest: list[str]) -> Element | None:
    """The element at `rest` under `found`, through the object types of its type."""
    for part in rest:
        types = index.object_types(type_of(found.field))
        hits = [(f, t) for t in types for wire, f in index.type_fields(t).items() if wire == part]
        if not hits:
            return None
        f, owner = hits[0]
        found = Element(f, notes_text(f.notes) + " " + index.type_notes(owner))
    return found


def _parameters(index: SpecIndex, op: Operation, where: str) -> dict[str, Element]:
    """An operation's parameters in `where`.

    Path names are in lower case: documents capitalise them.
    """
    out: dict[str, Element] = {}
    held = notes_text(op.notes)
    if where in ("path", "query", "header"):
        given = {"path": op.path_params, "query": op.query}.get(where, {})
        for wire, f in given.items():
            name = wire.lower() if where == "path" else wire
            out[name] = Element(f, notes_text(f.notes) + " " + held)
        return out
    around = (notes_text(op.body.notes) if op.body else "") + " " + held
    body_type = index.body_type(op)
    for type_name in index.object_types(body_type) if body_type is not None else []:
        for wire, f in index.type_fields(type_name).items():
            notes = " ".join((notes_text(f.notes), index.type_notes(type_name), around))
            out[wire] = Element(f, notes)
    if isinstance(op.body, InlineBody):
        for wire, f in op.body.fields.items():
            out[wire] = Element(f, notes_text(f.notes) + " " + around)
    return out


def find_parameter(index: SpecIndex, fact: Fact) -> Element | None:
    op = index.operation(fact["endpoint"])
    if op is None:
        return None
    first, *rest = _segments(fact["name"])
    first = first.lower() if fact["in"] == "path" else first
    found = _parameters(index, op, fact["in"]).get(first)
    return _descend(index, found, rest) if found else None


def root_types(index: SpecIndex, fact: Fact) -> list[str]:
    """The object types a field fact may belong to, most likely first."""
    op = index.operation(fact["endpoint"]) if fact.get("endpoint") else None
    returned = []
    for response in op.success_responses if op is not None else ():
        if response.json is not None:
            returned += index.object_types(response.json.expr)
    entity = index.entity_type(fact["entity"]) if fact.get("entity") else None
    # A table of the outbound webhook delivery documents no endpoint of the API.
    hooks = index.api.webhooks
    webhook = hooks.payload.text if hooks is not None else None
    return returned + [name for name in (entity, webhook) if name]


def find_field(index: SpecIndex, fact: Fact) -> Element | None:
    """A response or entity field: in the type the endpoint returns, else the entity's type, else
    the envelope every response comes in."""
    first, *rest = _segments(fact["name"])
    for type_name in root_types(index, fact):
        fields = index.type_fields(type_name)
        if first in fields:
            f = fields[first]
            found = Element(f, notes_text(f.notes) + " " + index.type_notes(type_name))
            return _descend(index, found, rest)
    envelope = index.api.envelope
    if envelope is not None and (
        first in (envelope.data, envelope.error) or first in envelope.fields
    ):
        return Element(envelope_key(index.api), "")
    return None


def differences(index: SpecIndex, fact: Fact, element: Element) -> list[tuple[str, str, list[str]]]:
    """(kind, detail, evidence words a note would mention) for each way `element` fails `fact`."""
    spec = element.field
    out: list[tuple[str, str, list[str]]] = []
    printed = str(fact.get("type") or "")
    wire = printed_wire_type(printed) if printed else None
    admitted = spec_wire_types(index, type_of(spec))
    if wire and wire != "any" and "any" not in admitted and wire not in admitted:
        out.append(("type-differs", f"printed {printed}, spec {spec.type.text}", [printed, "type"]))
    if fact.get("nullable") and not spec.nullable and "any" not in admitted:
        out.append(("nullability-differs", "printed nullable, spec not nullable", ["null"]))
    if fact["kind"] == "parameter" and fact.get("required") is not None and spec.const is None:
        optional = spec.optional or spec.default is not None
        if fact["required"] == optional:
            said = "required" if fact["required"] else "optional"
            out.append(
                (
                    "required-differs",
                    f"printed {said}, spec {'optional' if optional else 'required'}",
                    ["required", "optional", "`?`"],
                )
            )
    may_be_absent = fact.get("required") is False or fact.get("optional") is True
    if fact["kind"] == "field" and may_be_absent and not spec.optional and spec.const is None:
        # A union's tag (`const`) is how its members are told apart: the spec needs it present.
        out.append(
            (
                "required-differs",
                "printed as possibly absent, spec requires it",
                ["optional", "absent", "required"],
            )
        )
    values = spec_enum(index, element)
    lacking = sorted(set(map(str, fact.get("enum") or [])) - values) if values is not None else []
    if lacking:
        out.append(("enum-differs", f"spec lacks {', '.join(lacking)}", lacking))
    limits = spec.limits
    for bound, spec_bounds in (
        ("minimum", (limits.minimum, limits.min_length)),
        ("maximum", (limits.maximum, limits.max_length)),
    ):
        set_by_spec = [whole(value) for value in spec_bounds if value is not None]
        if fact.get(bound) is not None and set_by_spec and fact[bound] not in set_by_spec:
            out.append(
                (
                    "bound-differs",
                    f"printed {bound} {fact[bound]}, spec {set_by_spec[0]}",
                    [str(fact[bound])],
                )
            )
    return out
