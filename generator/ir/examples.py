"""Test exchanges for every operation: the document's examples, else values built from the
resolved model's types."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..resolved import formats
from ..resolved.nodes import (
    JSON,
    Api,
    ArgumentBody,
    EnumType,
    Example,
    Field,
    Limits,
    ObjectType,
    Operation,
    Response,
    SpreadBody,
    UnionType,
)
from ..spec.model import PATH_PARAM
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr, UnionOf
from .annotations import Call
from .literals import whole, wire_text
from .model import (
    ArgumentBodyIR,
    ArgumentIR,
    BinaryBodyIR,
    MultipartBodyIR,
    TestCaseIR,
    TextBodyIR,
    WireIR,
)

_SAMPLES: dict[str, JSON] = {
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
    "file": "file content",  # a file argument's bytes, as text in the cases
}

_FRACTION = {"seconds": 0, "milliseconds": 3, "microseconds": 6}


@dataclass(frozen=True)
class Signature:
    """An operation's method arguments as the test cases call it."""

    positional: tuple[ArgumentIR, ...]
    keyword: tuple[ArgumentIR, ...]
    by_wire: dict[str, str]  # argument name by wire name


class Sampler:
    """Deterministic JSON values of the model's types."""

    def __init__(self, api: Api) -> None:
        self.api = api
        # A type's sample, once built without meeting a type already on its trail, is the same
        # wherever it is met: kept, so that a document whose types share many others does not
        # build each again at every place it is met (exponentially many).
        self._settled: dict[str, JSON] = {}
        self._cuts = 0  # samples that depended on their trail (a recursive type cut short)

    def field(self, f: Field, trail: tuple[str, ...] = ()) -> JSON:
        """A value of a field: its example, else one of its type as written (a format's or its
        minimum, where it has one)."""
        if f.example is not None:
            return f.example
        scalar: JSON = None
        if f.format in formats.SAMPLES:
            scalar = formats.SAMPLES[f.format]
        elif f.limits.minimum is not None:
            scalar = whole(f.limits.minimum)
        elif f.datetime_format is not None and f.datetime_format.precision is not None:
            # Written as the client sends it, so the request a test expects is the sample.
            digits = _FRACTION[f.datetime_format.precision]
            scalar = "2024-01-02T03:04:05" + ("." + "0" * digits if digits else "") + "Z"
        return within(self.value(f.type.expr, trail, scalar), f)

    def value(self, expr: TypeExpr, trail: tuple[str, ...] = (), scalar: JSON = None) -> JSON:
        if isinstance(expr, Prim):
            return scalar if scalar is not None else _SAMPLES[expr.name]
        if isinstance(expr, ListOf | MapOf) and _names_in(expr, trail):
            self._cuts += 1
            return [] if isinstance(expr, ListOf) else {}  # a recursive type ends with no items
        if isinstance(expr, ListOf):
            return [self.value(expr.item, trail, scalar)]
        if isinstance(expr, MapOf):
            return {"key": self.value(expr.value, trail, scalar)}
        if isinstance(expr, UnionOf):
            return self.value(expr.members[0], trail, scalar)
        return self.named(expr.name, trail)

    def named(self, name: str, trail: tuple[str, ...]) -> JSON:
        if name in self._settled:
            return self._settled[name]
        cuts = self._cuts
        sample = self._named(name, trail)
        if self._cuts == cuts:
            self._settled[name] = sample
        return sample

    def _named(self, name: str, trail: tuple[str, ...]) -> JSON:
        named = self.api.named(name)
        if isinstance(named, EnumType):
            return named.values[0].value
        if isinstance(named, UnionType):
            first = named.members[0].expr if named.members else Prim("any")
            return self.value(first, trail)
        if named is None:
            return {}
        if named.example is not None:
            return named.example
        if name in trail:
            self._cuts += 1
        if trail.count(name) > 1:  # a type that needs itself: no finite sample
            return {}
        out: dict[str, JSON] = {}
        # Of keys a request must give exactly one of, a sample gives the first.
        others = {wire for group in named.exactly_one_of for wire in group[1:]}
        for wire, f in named.fields.items():
            if wire in others:
                continue
            if name in trail:  # a recursive type: stop where the spec allows it
                if f.optional:
                    continue
                if f.nullable:
                    out[wire] = None
                    continue
            if f.const is not None:
                out[wire] = f.const
            elif f.enum:
                out[wire] = _wrap_like(f.expr, f.enum[0].value)
            else:
                out[wire] = self.field(f, (*trail, name))
        return out

    def wire_form(self, value: JSON, expr: TypeExpr) -> JSON:
        """A received JSON value as a model dumps it back: alternative spellings renamed."""
        if isinstance(expr, ListOf) and isinstance(value, list):
            return [self.wire_form(item, expr.item) for item in value]
        if isinstance(expr, MapOf) and isinstance(value, dict):
            return {k: self.wire_form(v, expr.value) for k, v in value.items()}
        named = self.api.named(expr.name) if isinstance(expr, Ref) else None
        if not (isinstance(named, ObjectType) and isinstance(value, dict)):
            return value
        out = dict(value)
        for wire, f in named.fields.items():
            for alias in f.aliases:
                if alias in out and wire not in out:
                    out = {wire if k == alias else k: v for k, v in out.items()}
            if wire in out:
                out[wire] = self.wire_form(out[wire], f.type.expr)
        return out


def within(value: JSON, f: Field) -> JSON:
    """A built sample brought inside the field's bounds, which the client checks before sending:
    a string padded or cut to its length, a number clipped, a list repeated or cut."""
    limits, expr = f.limits, f.type.expr
    if isinstance(expr, Prim):
        return _scalar_within(value, expr, limits)
    if isinstance(expr, ListOf) and isinstance(value, list) and value:
        item, each = expr.item, f.item_limits
        if each is not None and isinstance(item, Prim):
            value = [_scalar_within(v, item, each) for v in value]
        if limits.min_items is not None and len(value) < limits.min_items:
            value = value * limits.min_items
        return value[: limits.max_items] if limits.max_items is not None else value
    return value


def _scalar_within(value: JSON, expr: Prim, limits: Limits) -> JSON:
    if expr.name == "string" and isinstance(value, str) and value:
        return _length_within(value, limits)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if limits.maximum is not None and value > limits.maximum:
            value = whole(limits.maximum)
        if limits.minimum is not None and value < limits.minimum:
            value = whole(limits.minimum)
    return value


def _length_within(value: str, limits: Limits) -> str:
    if limits.min_length is not None and len(value) < limits.min_length:
        value = (value * limits.min_length)[: limits.min_length]
    return value[: limits.max_length] if limits.max_length is not None else value


def _names_in(expr: TypeExpr, trail: tuple[str, ...]) -> bool:
    """Whether a list's or map's items are of a type the sample is already inside."""
    while isinstance(expr, ListOf | MapOf):
        expr = expr.item if isinstance(expr, ListOf) else expr.value
    return isinstance(expr, Ref) and expr.name in trail


def _wrap_like(expr: TypeExpr, scalar: JSON) -> JSON:
    if isinstance(expr, ListOf):
        return [_wrap_like(expr.item, scalar)]
    if isinstance(expr, MapOf):
        return {"key": _wrap_like(expr.value, scalar)}
    return scalar


class ExampleBuilder:
    """Each operation's test cases: one per example the spec gives, else one built from its
    types."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.sampler = Sampler(api)
        pagination = api.pagination
        self.driven = set(pagination.driven) if pagination is not None else set()

    def cases(
        self, op: Operation, signature: Signature, wire: WireIR, dotted: str
    ) -> tuple[TestCaseIR, ...]:
        # The first case is the fake's default answer: a success (an example's, else built from
        # the types), the error examples after it.
        succeeding: list[Example | None] = [e for e in op.examples if e.status < 400]
        failing = [e for e in op.examples if e.status >= 400]
        examples = [*(succeeding or [None]), *failing]
        return tuple(self._case(op, signature, wire, dotted, e) for e in examples)

    def _case(
        self,
        op: Operation,
        signature: Signature,
        wire: WireIR,
        dotted: str,
        example: Example | None,
    ) -> TestCaseIR:
        path_values, query_values, body = self._argument_values(op, example)
        short_call, args, kwargs = _call(signature, wire, dotted, path_values, query_values, body)
        status, response, expectation = self._expected(op, example)
        files: tuple[str | int, ...] = ()
        if isinstance(wire.body, MultipartBodyIR):
            files = tuple(part.name for part in wire.body.files if part.name in kwargs)
        elif isinstance(wire.body, BinaryBodyIR):
            files = (len(args) - 1,)
        if files:  # the docs pass a file's content as bytes, as a caller would
            short_call = _with_bytes(short_call, files)
        return TestCaseIR(
            short_call=short_call,
            method=op.method,
            path=self._wire_path(op, path_values),
            query=_wire_query(wire, query_values),
            carried=_carried(wire, query_values),
            body=_with_constants(wire, body),
            form=op.body is not None and op.body.encoding == "form",
            response_status=status,
            response_json=response,
            title=example.title if example and example.title else f"{op.method} {op.path}",
            args=tuple(args),
            kwargs=kwargs,
            expectation=expectation,
            encoding=op.body.encoding if op.body is not None else "json",
            media_type=getattr(wire.body, "media_type", None),
            files=files,
            response_headers=self._response_headers(op) if status < 400 else (),
        )

    def _response_headers(self, op: Operation) -> tuple[tuple[str, str], ...]:
        """The typed headers a success answer carries (each its example, else a sample of its
        type), as the wire writes them."""
        if op.response is None:
            return ()
        return tuple(
            (
                wire,
                wire_text(
                    f.enum[0].value if f.enum and f.example is None else self.sampler.field(f)
                ),
            )
            for wire, f in op.response.headers.items()
        )

    def _argument_values(
        self, op: Operation, example: Example | None
    ) -> tuple[dict[str, JSON], dict[str, JSON], JSON]:
        """The path, query and body values a case sends, by wire name: the example's, else
        samples. A sampled call leaves out what pagination drives and all but the first of each
        exactly-one-of group, so that it is a call the API accepts."""
        given = dict(example.arguments or {}) if example else {}
        path_values = {
            wire: given.get(wire, self._param_sample(f)) for wire, f in op.path_params.items()
        }
        query_values: dict[str, JSON] = {}  # the header and cookie values too
        for wire, f in op.query.items():
            if wire in given:
                query_values[wire] = given[wire]
            elif not op.paginated or wire not in self._driven(op):
                query_values[wire] = self._param_sample(f)
        for wire, f in [*op.headers.items(), *op.cookies.items()]:
            query_values[wire] = given[wire] if wire in given else self._param_sample(f)
        body = self._body(op, example)
        if example is None:
            groups = list(op.exactly_one_of)
            groups += op.body.exactly_one_of if isinstance(op.body, SpreadBody) else ()
            for group in groups:
                for wire in group[1:]:
                    query_values.pop(wire, None)
                    if isinstance(body, dict):
                        body.pop(wire, None)
        return path_values, query_values, body

    def _driven(self, op: Operation) -> set[str]:
        """The query parameters the operation's pagination (its own, or the API's) drives."""
        return set(op.pagination.driven) if op.pagination is not None else self.driven

    def _param_sample(self, f: Field) -> JSON:
        if f.default is not None:
            return within(f.default, f)
        if f.enum:
            return _wrap_like(f.type.expr, f.enum[0].value)
        plain = f.example is None and f.format not in formats.SAMPLES
        if plain and isinstance(f.type.expr, Prim) and f.type.expr.name == "string":
            return within(f"{f.wire}-1", f)  # tells the parameters apart in a test's request
        return self.sampler.field(f)

    def _body(self, op: Operation, example: Example | None) -> JSON:
        if op.body is None:
            return None
        if example is not None and example.request is not None:
            return example.request
        if isinstance(op.body, ArgumentBody):  # a copy: the sampler keeps its samples
            return copy.deepcopy(self.sampler.value(op.body.argument.expr))
        out: dict[str, JSON] = {}
        for wire, f in op.body_fields().items():
            if f.const is None:
                out[wire] = _wrap_like(f.expr, f.enum[0].value) if f.enum else self.sampler.field(f)
        return out

    def _expected(
        self, op: Operation, example: Example | None
    ) -> tuple[int, JSON, dict[str, JSON]]:
        """The case's response (status and JSON) and what the call must return from it."""
        status = example.status if example else (op.response.status if op.response else 200)
        declared = op.response_for(status)  # where statuses answer different bodies, status's
        response = (
            example.response
            if example and example.response is not None
            else self._response(op, declared)
        )
        if status >= 400:  # an error the document prints: the call raises it
            return status, response, {"kind": "error", "status": status}
        if declared is None or declared.kind == "empty":
            return status, response, {"kind": "none"}
        if declared.json is None:  # text, bytes (compared as text) or a header's value
            return status, response, {"kind": "response"}
        envelope = self.api.envelope
        payload_key = envelope.data if op.enveloped and envelope else None
        received = (
            response[payload_key]
            if payload_key is not None and isinstance(response, dict)
            else response
        )
        if op.items is not None:
            received = _at(response, op.items)
        expected = self.sampler.wire_form(received, declared.json.expr)
        if expected != received or op.items is not None:
            # Alternative spellings come back under the declared name; a list at `items`, from
            # inside its body.
            return status, response, {"kind": "value", "value": expected}
        if payload_key is not None:
            return status, response, {"kind": "response_key", "key": payload_key}
        return status, response, {"kind": "response"}

    def _response(self, op: Operation, declared: Response | None) -> JSON:
        """A sampled body of the response `declared` (one of the operation's)."""
        if declared is None or declared.kind == "empty":
            return None
        if declared.type is None:  # a text or binary body, sampled as text
            return f"{op.method} {op.path} body"
        payload = self.sampler.value(declared.type.expr)
        if declared.event is not None:  # a stream: its events, here one
            return [payload]
        if declared.json is None:  # a header's value
            return payload
        envelope = self.api.envelope
        if op.items is not None:
            for key in reversed(op.items.split(".")):
                payload = {key: payload}
            return payload
        if not op.enveloped or envelope is None:
            return payload
        out: dict[str, JSON] = {envelope.data: payload}
        if envelope.error:
            out[envelope.error] = None
        for wire, f in envelope.fields.items():
            out[wire] = None if f.nullable else self.sampler.field(f)
        return out

    def _wire_path(self, op: Operation, path_values: dict[str, JSON]) -> str:
        """The request path, under the base URL's own path."""
        prefix = urlsplit(self.api.base_url.default or "").path.rstrip("/")
        return prefix + PATH_PARAM.sub(lambda m: _path_text(path_values[m.group(1)]), op.path)


def _at(body: JSON, dotted: str) -> JSON:
    """The value at dotted keys of a JSON body; None where a key is missing."""
    for key in dotted.split("."):
        body = body.get(key) if isinstance(body, dict) else None
    return body


def _call(
    signature: Signature,
    wire: WireIR,
    dotted: str,
    path_values: dict[str, JSON],
    query_values: dict[str, JSON],
    body: JSON,
) -> tuple[Call, list[JSON], dict[str, JSON]]:
    """The case's call with only the required arguments (for the docs), and the whole call's
    positional and keyword arguments."""
    by_wire = signature.by_wire
    args = [path_values[w] for w in PATH_PARAM.findall(wire.path_template)]
    kwargs = {by_wire[w]: v for w, v in query_values.items()}
    if isinstance(wire.body, ArgumentBodyIR | BinaryBodyIR | TextBodyIR):
        args.append(body)
    elif isinstance(body, dict):
        kwargs.update({by_wire[w]: v for w, v in body.items() if w in by_wire})
    required = {a.name for a in signature.keyword if not a.optional}
    chosen = [name for name in kwargs if name in required] or list(kwargs)[:1]
    short = Call(dotted, tuple(args), tuple((name, kwargs[name]) for name in chosen))
    return short, args, kwargs


def _with_bytes(call: Call, files: tuple[str | int, ...]) -> Call:
    """The call with its file arguments' text given as bytes."""

    def content(value: JSON | bytes, key: str | int) -> JSON | bytes:
        return value.encode() if key in files and isinstance(value, str) else value

    args = tuple(content(value, index) for index, value in enumerate(call.args))
    keywords = tuple((name, content(value, name)) for name, value in call.keywords)
    return Call(call.function, args, keywords)


def _wire_query(wire: WireIR, query_values: dict[str, JSON]) -> tuple[tuple[str, str], ...]:
    """The query as sent: lists repeated (or comma-joined where csv), objects bracketed or
    spread, None left out."""
    query: list[tuple[str, str]] = []
    objects = dict(wire.query_objects)
    for key, value in query_values.items():
        if key not in wire.query_wires:
            continue
        if key in objects and isinstance(value, dict):
            query += _nested_pairs(key if objects[key] == "deep_object" else None, value)
        elif isinstance(value, list):
            if key in wire.csv_wires:
                query.append((key, ",".join(wire_text(v) for v in value)))
            else:
                query.extend((key, wire_text(v)) for v in value)
        elif value is not None:
            query.append((key, wire_text(value)))
    query += [(key, wire_text(value)) for key, value in wire.constants if key in wire.query_wires]
    return tuple(query)


def _nested_pairs(key: str | None, value: JSON) -> list[tuple[str, str]]:
    """An object as the runtime's `_core/forms.py` sends it: keys bracketed below `key` (the
    top level's keys as they are where `key` is None), a list of scalars repeated, a list of
    objects by index."""
    if isinstance(value, dict):
        return [
            pair
            for name, item in value.items()
            for pair in _nested_pairs(name if key is None else f"{key}[{name}]", item)
        ]
    assert key is not None  # a list or scalar sits below the object's keys
    if isinstance(value, list):
        if any(isinstance(item, dict | list) for item in value):
            return [
                pair
                for index, item in enumerate(value)
                for pair in _nested_pairs(f"{key}[{index}]", item)
            ]
        return [(key, wire_text(item)) for item in value if item is not None]
    return [] if value is None else [(key, wire_text(value))]


def _carried(wire: WireIR, values: dict[str, JSON]) -> tuple[tuple[str, str, str], ...]:
    """The header and cookie arguments as sent: a list comma-joined."""
    places = {
        **dict.fromkeys(wire.header_wires, "header"),
        **dict.fromkeys(wire.cookie_wires, "cookie"),
    }
    return tuple(
        (
            places[key],
            key,
            ",".join(map(wire_text, value)) if isinstance(value, list) else wire_text(value),
        )
        for key, value in values.items()
        if key in places and value is not None
    )


def _with_constants(wire: WireIR, body: JSON) -> JSON:
    """The body the client sends: the arguments' fields plus the spec's constant fields."""
    constants = {key: value for key, value in wire.constants if key not in wire.query_wires}
    if not constants or not isinstance(body, dict):
        return body
    return {**body, **constants}


def _path_text(value: JSON) -> str:
    text = ",".join(wire_text(v) for v in value) if isinstance(value, list) else wire_text(value)
    return quote(text, safe=",")
