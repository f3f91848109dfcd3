"""Test exchanges for every operation: the document's examples, else values built from the spec."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from ..spec.model import PATH_PARAM, Example, FieldDef, Operation
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr, UnionOf
from .annotations import Call
from .literals import whole, wire_text
from .model import OperationIR, TestCaseIR
from .types import TypeRegistry

_SAMPLES: dict[str, Any] = {
    "string": "string",
    "uuid": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    "integer": 1,
    "number": 1.5,
    "boolean": True,
    "datetime": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "epoch_ms": 1704164645000,
    "object": {"key": "value"},
    "any": "value",
}
_FORMAT_SAMPLES = {"email": "user@example.com", "uri": "https://example.com/", "ipv4": "8.8.8.8"}


class Sampler:
    """Deterministic JSON values of spec types."""

    def __init__(self, types: TypeRegistry) -> None:
        self.types = types
        self.spec = types.ctx.spec

    def field(self, spec: FieldDef, expr: TypeExpr, trail: tuple[str, ...] = ()) -> Any:
        if spec.example is not None:
            return spec.example
        scalar: Any = None
        if spec.format in _FORMAT_SAMPLES:
            scalar = _FORMAT_SAMPLES[spec.format]
        elif spec.minimum is not None:
            scalar = whole(spec.minimum)
        return self.value(expr, trail, scalar)

    def value(self, expr: TypeExpr, trail: tuple[str, ...] = (), scalar: Any = None) -> Any:
        if isinstance(expr, Prim):
            return scalar if scalar is not None else _SAMPLES[expr.name]
        if isinstance(expr, ListOf | MapOf) and _names_in(expr, trail):
            return [] if isinstance(expr, ListOf) else {}  # a recursive type ends with no items
        if isinstance(expr, ListOf):
            return [self.value(expr.item, trail, scalar)]
        if isinstance(expr, MapOf):
            return {"key": self.value(expr.value, trail, scalar)}
        if isinstance(expr, UnionOf):
            return self.value(expr.members[0], trail, scalar)
        return self.named(expr.name, trail)

    def wire_form(self, value: Any, expr: TypeExpr | None) -> Any:
        """A received JSON value as a model dumps it back: alternative spellings renamed."""
        if expr is None:
            return value
        if isinstance(expr, ListOf) and isinstance(value, list):
            return [self.wire_form(item, expr.item) for item in value]
        if isinstance(expr, MapOf) and isinstance(value, dict):
            return {k: self.wire_form(v, expr.value) for k, v in value.items()}
        if not (
            isinstance(expr, Ref)
            and isinstance(value, dict)
            and self.types.kinds.get(expr.name) == "model"
        ):
            return value
        out = dict(value)
        for wire, fspec in self.types.object_fields(expr.name).items():
            for alias in fspec.aliases:
                if alias in out and wire not in out:
                    out = {wire if k == alias else k: v for k, v in out.items()}
            if wire in out:
                out[wire] = self.wire_form(out[wire], self.types.ctx.parse(fspec.type, ()))
        return out

    def named(self, name: str, trail: tuple[str, ...]) -> Any:
        kind = self.types.kinds.get(name)
        if kind == "enum":
            enum = next(e for e in self.types.enums if e.class_name == name)
            return enum.values[0]
        typedef = self.spec.types.get(name)
        if kind == "union" and typedef is not None:
            first = self.types.ctx.parse((typedef.union or ["any"])[0], ())
            return self.value(first, trail) if first else {}
        if typedef is None:
            return {}
        if typedef.example is not None:
            return typedef.example
        if trail.count(name) > 1:  # a type that needs itself: no finite sample
            return {}
        out: dict[str, Any] = {}
        # Of keys a request must give exactly one of, a sample gives the first.
        others = {wire for group in typedef.exactly_one_of for wire in group[1:]}
        for wire, fspec in self.types.object_fields(name).items():
            expr = self.types.ctx.parse(fspec.type, ())
            if expr is None or wire in others:
                continue
            if name in trail:  # a recursive type: stop where the spec allows it
                if fspec.optional:
                    continue
                if fspec.nullable:
                    out[wire] = None
                    continue
            if fspec.const is not None:
                out[wire] = fspec.const
            elif fspec.enum:
                out[wire] = _wrap_like(expr, fspec.enum[0].value)
            else:
                out[wire] = self.field(fspec, expr, (*trail, name))
        return out


def _names_in(expr: TypeExpr, trail: tuple[str, ...]) -> bool:
    """Whether a list's or map's items are of a type the sample is already inside."""
    while isinstance(expr, ListOf | MapOf):
        expr = expr.item if isinstance(expr, ListOf) else expr.value
    return isinstance(expr, Ref) and expr.name in trail


def _wrap_like(expr: TypeExpr, scalar: Any) -> Any:
    if isinstance(expr, ListOf):
        return [_wrap_like(expr.item, scalar)]
    if isinstance(expr, MapOf):
        return {"key": _wrap_like(expr.value, scalar)}
    return scalar


def attach_tests(types: TypeRegistry, operations: list[tuple[OperationIR, Operation]]) -> None:
    """Each operation's test cases, from the spec operation it was built from."""
    sampler = Sampler(types)
    for op, spec in operations:
        examples: list[Example | None] = list(spec.examples) or [None]
        op.tests = [_case(op, spec, sampler, example) for example in examples]


def _case(
    op: OperationIR, spec: Operation, sampler: Sampler, example: Example | None
) -> TestCaseIR:
    path_values, query_values, body = _argument_values(op, spec, sampler, example)
    short_call, args, kwargs = _call(op, path_values, query_values, body)
    status, response, expectation = _expected(op, spec, sampler, example)
    return TestCaseIR(
        short_call=short_call,
        method=op.http_method,
        path=_wire_path(sampler, op, path_values),
        query=_wire_query(op, query_values),
        body=_with_constants(op, body),
        form=op.form,
        response_status=status,
        response_json=response,
        title=(
            example.title if example and example.title else f"{op.http_method} {op.path_template}"
        ),
        args=args,
        kwargs=kwargs,
        expectation=expectation,
    )


def _argument_values(
    op: OperationIR, spec: Operation, sampler: Sampler, example: Example | None
) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """The path, query and body values a case sends, by wire name: the example's, else samples.

    A sampled call leaves out what pagination drives and all but the first of each
    exactly-one-of group, so that it is a call the API accepts."""
    given = dict(example.arguments or {}) if example else {}
    path_values = {
        wire: given.get(wire, _param_sample(sampler, param, wire))
        for wire, param in spec.path.items()
    }
    query_values: dict[str, Any] = {}
    for wire, param in spec.query.items():
        if wire in given:
            query_values[wire] = given[wire]
        elif not op.item_annotation or wire not in _pagination_params(sampler):
            query_values[wire] = _param_sample(sampler, param, wire)
    body = _body(op, spec, sampler, example)
    groups = list(spec.exactly_one_of)
    if spec.body is not None and spec.body.type is not None and spec.body.argument is None:
        spread = sampler.spec.types.get(spec.body.type)
        groups += spread.exactly_one_of if spread is not None else []
    if example is None:
        for group in groups:
            for wire in group[1:]:
                query_values.pop(wire, None)
                if isinstance(body, dict):
                    body.pop(wire, None)
    return path_values, query_values, body


def _call(
    op: OperationIR, path_values: dict[str, Any], query_values: dict[str, Any], body: Any
) -> tuple[Call, list[Any], dict[str, Any]]:
    """The case's call with only the required arguments (for the docs), and the whole call's
    positional and keyword arguments."""
    by_wire = {f.wire: f.name for f in op.params.fields}
    args = [path_values[w] for w in PATH_PARAM.findall(op.path_template)]
    kwargs = {by_wire[w]: v for w, v in query_values.items()}
    if op.body_argument is not None:
        args.append(body)
    elif isinstance(body, dict):
        kwargs.update({by_wire[w]: v for w, v in body.items() if w in by_wire})
    required = {a.name for a in op.keyword if not a.optional}
    chosen = [name for name in kwargs if name in required] or list(kwargs)[:1]
    short = Call(op.dotted, tuple(args), tuple((name, kwargs[name]) for name in chosen))
    return short, args, kwargs


def _wire_path(sampler: Sampler, op: OperationIR, path_values: dict[str, Any]) -> str:
    """The request path, under the base URL's own path."""
    prefix = urlsplit(sampler.spec.api.base_url.default or "").path.rstrip("/")
    return prefix + PATH_PARAM.sub(lambda m: _path_text(path_values[m.group(1)]), op.path_template)


def _wire_query(op: OperationIR, query_values: dict[str, Any]) -> list[tuple[str, str]]:
    """The query as sent: lists repeated (or comma-joined where csv), None left out."""
    query: list[tuple[str, str]] = []
    for wire, value in query_values.items():
        if isinstance(value, list):
            if wire in op.csv_wires:
                query.append((wire, ",".join(wire_text(v) for v in value)))
            else:
                query.extend((wire, wire_text(v)) for v in value)
        elif value is not None:
            query.append((wire, wire_text(value)))
    query += [(wire, wire_text(value)) for wire, value in op.constants if wire in op.query_wires]
    return query


def _expected(
    op: OperationIR, spec: Operation, sampler: Sampler, example: Example | None
) -> tuple[int, Any, dict[str, Any]]:
    """The case's response (status and JSON) and what the call must return from it."""
    status = example.status if example else (spec.response.status if spec.response else 200)
    response = (
        example.response
        if example and example.response is not None
        else _response(op, spec, sampler)
    )
    if spec.response is None:
        return status, response, {"kind": "none"}
    envelope = sampler.spec.api.envelope
    payload_key = envelope.data if op.envelope and envelope else None
    received = (
        response[payload_key]
        if payload_key is not None and isinstance(response, dict)
        else response
    )
    expected = sampler.wire_form(received, sampler.types.ctx.parse(spec.response.type, ()))
    if expected != received:  # alternative spellings come back under the declared name
        return status, response, {"kind": "value", "value": expected}
    if payload_key is not None:
        return status, response, {"kind": "response_key", "key": payload_key}
    return status, response, {"kind": "response"}


def _pagination_params(sampler: Sampler) -> set[str]:
    pagination = sampler.spec.api.pagination
    return set(pagination.driven_parameters()) if pagination else set()


def _param_sample(sampler: Sampler, param: FieldDef, wire: str) -> Any:
    default = getattr(param, "default", None)
    if default is not None:
        return default
    expr = sampler.types.ctx.parse(param.type, ())
    if param.enum:
        return _wrap_like(expr, param.enum[0].value) if expr else param.enum[0].value
    if isinstance(expr, Prim) and expr.name == "string" and param.example is None:
        return f"{wire}-1"
    return sampler.field(param, expr) if expr else "x"


def _body(op: OperationIR, spec: Operation, sampler: Sampler, example: Example | None) -> Any:
    if spec.body is None:
        return None
    if example is not None and example.request is not None:
        return example.request
    if op.body_argument is not None:
        expr = sampler.types.ctx.parse(spec.body.type or "object", ())
        return sampler.value(expr) if expr else {}
    declared = (
        sampler.types.object_fields(spec.body.type)
        if spec.body.type is not None
        else spec.body.fields or {}
    )
    out: dict[str, Any] = {}
    for field in op.params.fields:
        if field.wire in op.path_wires or field.wire in op.query_wires:
            continue
        fspec = declared[field.wire]
        out[field.wire] = (
            _wrap_like(field.expr, fspec.enum[0].value)
            if fspec.enum
            else sampler.field(fspec, field.expr)
        )
    return out


def _with_constants(op: OperationIR, body: Any) -> Any:
    """The body the client sends: the arguments' fields plus the spec's constant fields."""
    constants = {wire: value for wire, value in op.constants if wire not in op.query_wires}
    if not constants or not isinstance(body, dict):
        return body
    return {**body, **constants}


def _response(op: OperationIR, spec: Operation, sampler: Sampler) -> Any:
    if spec.response is None:
        return None
    expr = sampler.types.ctx.parse(spec.response.type, ())
    payload = sampler.value(expr) if expr else None
    envelope = sampler.spec.api.envelope
    if not op.envelope or envelope is None:
        return payload
    out: dict[str, Any] = {envelope.data: payload}
    if envelope.error:
        out[envelope.error] = None
    for wire, fspec in envelope.fields.items():
        fexpr = sampler.types.ctx.parse(fspec.type, ())
        out[wire] = None if fspec.nullable else (sampler.field(fspec, fexpr) if fexpr else None)
    return out


def _path_text(value: Any) -> str:
    text = ",".join(wire_text(v) for v in value) if isinstance(value, list) else wire_text(value)
    return quote(text, safe=",")
