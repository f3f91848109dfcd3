"""Every example a spec gives, checked against what it exemplifies before anything is built from
it: an operation's `arguments`, `request` and `response` (an error status's response against the
error body), and each field's and parameter's own `example:`.

What is checked is what the client and its fake would make of the value. What a call sends
(arguments, request bodies, examples of fields) must be a call the client accepts: declared keys
only, every required one, enum values the spec lists, bounds and `format` kept. What a response
carries is read as the client reads it: every required key of the right type, while unknown keys,
values an open enum does not list and bounds are the server's business. Each problem is an error
at the value inside the example, its path named (`...examples[0].response.data[2].id`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from ..spec.errors import SpecError
from ..spec.loader import dotted
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr, UnionOf
from . import formats
from .nodes import (
    JSON,
    Api,
    ArgumentBody,
    EnumType,
    Example,
    ExtraKeys,
    Field,
    Fields,
    InlineBody,
    Limits,
    ObjectType,
    Operation,
    Response,
    SpreadBody,
    UnionType,
)

Side = Literal["request", "response"]
Path = tuple[str | int, ...]

_SHAPES = {
    "datetime": (formats.DATETIME, "an ISO 8601 date and time"),
    "date": (formats.DATE, "an ISO 8601 date (YYYY-MM-DD)"),
    "uuid": (formats.UUID, "a UUID"),
}


@dataclass(frozen=True)
class _Value:
    """A value of an example, where it is, and what it must be."""

    value: JSON
    path: Path
    side: Side


class ExampleChecker:
    """The errors of one API's examples."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.errors: list[SpecError] = []

    def check(self) -> list[SpecError]:
        for op in self.api.operations:
            for example in op.examples:
                self._example(op, example)
        for field in self._declared_fields():
            if field.example is not None:
                path = (*field.loc.path, "example")
                self._field(_Value(field.example, path, "request"), field)
        return self.errors

    def _declared_fields(self) -> Iterator[Field]:
        for named in self.api.types.values():
            if isinstance(named, ObjectType):
                yield from named.own_fields.values()
        if self.api.envelope is not None:
            yield from self.api.envelope.fields.values()
        for op in self.api.operations:
            yield from op.path_params.values()
            yield from op.query.values()
            if isinstance(op.body, InlineBody):
                yield from op.body.fields.values()
            elif isinstance(op.body, ArgumentBody):
                yield op.body.argument

    # -- an operation's example ----------------------------------------------------------------

    def _example(self, op: Operation, example: Example) -> None:
        at = example.loc.path
        self._arguments(op, example.arguments or {}, (*at, "arguments"))
        if example.request is not None:
            self._request(op, _Value(example.request, (*at, "request"), "request"))
        expected = op.response_for(example.status)
        if example.status >= 400:
            self._error_body(op, example, (*at, "response"))
        elif expected is None and op.by_status:
            statuses = ", ".join(str(r.status) for r in op.success_responses)
            self._error(
                (*at, "status"),
                f"status {example.status} is not among the operation's success statuses "
                f"({statuses})",
            )
        elif example.response is not None and expected is not None:
            self._response(op, expected, _Value(example.response, (*at, "response"), "response"))

    def _arguments(self, op: Operation, arguments: Mapping[str, JSON], at: Path) -> None:
        parameters = {**op.path_params, **op.query}
        for wire, value in arguments.items():
            if wire not in parameters:
                known = ", ".join(parameters) or "none"
                self._error((*at, wire), f"no path or query parameter {wire!r} (it has: {known})")
            else:
                self._field(_Value(value, (*at, wire), "request"), parameters[wire])

    def _request(self, op: Operation, body: _Value) -> None:
        if op.body is None:
            self._error(body.path, "the operation sends no body; a request example has none")
        elif isinstance(op.body, ArgumentBody):
            self._field(body, op.body.argument)
        else:
            name = op.body.type.text if isinstance(op.body, SpreadBody) else "the body"
            groups = op.body.exactly_one_of if isinstance(op.body, SpreadBody) else ()
            self._object(body, op.body_fields(), name, groups)

    def _response(self, op: Operation, expected: Response, response: _Value) -> None:
        if expected.kind == "text":
            self._kind(response, str, "the response's text")
        elif expected.event is not None:  # the events the stream sends, in order
            if self._kind(response, list, "a list of the stream's events"):
                assert isinstance(response.value, list)
                for index, event in enumerate(response.value):
                    at = (*response.path, index)
                    self._typed(_Value(event, at, "response"), expected.event.expr, False)
        elif expected.kind == "header" and expected.type is not None:
            self._typed(response, expected.type.expr, expected.nullable)  # the header's value
        elif expected.json is not None:
            self._payload(op, expected.json.expr, expected.nullable, response)

    def _payload(self, op: Operation, expr: TypeExpr, nullable: bool, response: _Value) -> None:
        """A JSON body: the payload, or the envelope around it."""
        envelope = self.api.envelope
        if not op.enveloped or envelope is None:
            self._typed(response, expr, nullable)
            return
        if not self._kind(response, dict, "an object (the envelope)"):
            return
        assert isinstance(response.value, dict)
        if envelope.data not in response.value:
            self._error(response.path, f"no envelope key {envelope.data!r} holding the payload")
            return
        data = _Value(response.value[envelope.data], (*response.path, envelope.data), "response")
        self._typed(data, expr, nullable)
        for wire, field in envelope.fields.items():
            if wire in response.value:
                self._field(_Value(response.value[wire], (*response.path, wire), "response"), field)

    def _error_body(self, op: Operation, example: Example, at: Path) -> None:
        if op.errors and example.status not in op.errors:
            statuses = ", ".join(str(s) for s in op.errors)
            self._error(
                (*example.loc.path, "status"),
                f"status {example.status} is not among the operation's errors ({statuses})",
            )
        if not messages_in(example.response, self.api.error_body.messages):
            paths = ", ".join(self.api.error_body.messages)
            self._error(
                at, f"an error body with no message where api.error_body reads one ({paths})"
            )

    # -- values --------------------------------------------------------------------------------

    def _field(self, value: _Value, field: Field) -> None:
        if field.const is not None:
            if value.value != field.const:
                self._error(value.path, f"must be {_shown(field.const)}, the field's const value")
            return
        if not self._typed(value, field.expr, field.nullable) or value.value is None:
            return
        # What is sent keeps every checked format; what is read, those the clients check (a
        # strict reading refuses a value breaking one).
        checked = formats.CHECKED if value.side == "request" else formats.CLIENT_CHECKED
        if field.format in checked:
            for text in _strings(value.value):
                if formats.breaks(text, field.format):
                    self._error(
                        value.path,
                        f"{_shown(text)} is not {formats.spelled(field.format)} "
                        f"(format: {field.format})",
                    )
        if value.side == "request":
            self._bounds(value, field.limits, field.separator)
            if field.item_limits is not None and isinstance(value.value, list):
                for index, item in enumerate(value.value):
                    where = _Value(item, (*value.path, index), value.side)
                    self._bounds(where, field.item_limits, None)

    def _typed(self, value: _Value, expr: TypeExpr, nullable: bool) -> bool:
        """Whether the value is of the type; its errors reported when not."""
        before = len(self.errors)
        if value.value is None:
            if not nullable:
                self._error(value.path, f"null where {_spelling(expr)} is not nullable")
            return len(self.errors) == before
        if isinstance(expr, UnionOf):
            self._union(value, expr.members, _spelling(expr))
        elif isinstance(expr, ListOf):
            if self._kind(value, list, f"a list ({_spelling(expr)})"):
                assert isinstance(value.value, list)
                for index, item in enumerate(value.value):
                    self._typed(_Value(item, (*value.path, index), value.side), expr.item, False)
        elif isinstance(expr, MapOf):
            if self._kind(value, dict, f"an object ({_spelling(expr)})"):
                assert isinstance(value.value, dict)
                for key, item in value.value.items():
                    self._typed(_Value(item, (*value.path, key), value.side), expr.value, False)
        elif isinstance(expr, Prim):
            self._primitive(value, expr.name)
        else:
            self._named(value, expr.name)
        return len(self.errors) == before

    def _primitive(self, value: _Value, name: str) -> None:
        v = value.value
        if name in ("object", "any"):
            if name == "object":
                self._kind(value, dict, "an object")
        elif name == "boolean":
            self._kind(value, bool, "true or false")
        elif name in ("integer", "epoch_ms"):
            if not isinstance(v, int) or isinstance(v, bool):
                self._error(value.path, f"expected an integer, got {_shown(v)}")
        elif name == "number":
            if not isinstance(v, int | float) or isinstance(v, bool):
                self._error(value.path, f"expected a number, got {_shown(v)}")
        elif self._kind(value, str, "a string") and name in _SHAPES:
            pattern, spelled = _SHAPES[name]
            if not pattern.match(str(v)):
                self._error(value.path, f"expected {spelled}, got {_shown(v)}")

    def _named(self, value: _Value, name: str) -> None:
        named = self.api.named(name)
        if isinstance(named, ObjectType):
            self._object(value, named.fields, name, named.exactly_one_of, named.extra_keys)
        elif isinstance(named, EnumType):
            self._enum(value, named)
        elif isinstance(named, UnionType):
            self._union(value, tuple(m.expr for m in named.members), name, named.discriminator)

    def _enum(self, value: _Value, enum: EnumType) -> None:
        listed = [v.value for v in enum.values]
        if enum.integer:
            if not isinstance(value.value, int) or isinstance(value.value, bool):
                self._error(
                    value.path, f"expected an integer of {enum.name}, got {_shown(value.value)}"
                )
                return
        elif not self._kind(value, str, f"a string of {enum.name}"):
            return
        # A response may carry a value an open enum does not list (kept, as the clients keep
        # it); what is sent must be listed, as a server checking against the export would
        # insist, and so must all a closed enum reads.
        if (value.side == "request" or enum.closed) and value.value not in listed:
            shown = ", ".join(json.dumps(v) for v in listed)
            self._error(
                value.path, f"{_shown(value.value)} is not one of {enum.name}'s values [{shown}]"
            )

    def _union(
        self, value: _Value, members: tuple[TypeExpr, ...], name: str, tag: str | None = None
    ) -> None:
        if tag is not None and isinstance(value.value, dict) and tag in value.value:
            chosen = [m for m in members if self._tagged(m, tag) == value.value[tag]]
            if chosen:
                self._typed(value, chosen[0], False)
                return
        for member in members:
            trial = ExampleChecker(self.api)
            trial._typed(value, member, False)
            if not trial.errors:
                return
        self._error(value.path, f"{_shown(value.value)} matches no member of {name}")

    def _tagged(self, member: TypeExpr, tag: str) -> JSON:
        named = self.api.named(member.name) if isinstance(member, Ref) else None
        field = named.fields.get(tag) if isinstance(named, ObjectType) else None
        return field.const if field is not None else None

    def _object(
        self,
        value: _Value,
        fields: Fields,
        name: str,
        groups: tuple[tuple[str, ...], ...],
        extra: ExtraKeys | None = None,
    ) -> None:
        if not self._kind(value, dict, f"an object ({name})"):
            return
        assert isinstance(value.value, dict)
        given = dict(value.value)
        for wire, field in fields.items():
            spelling = next((k for k in (wire, *field.aliases) if k in given), None)
            if spelling is None:
                # A request leaves out a const (the client adds it) and the other keys of an
                # exactly-one-of group.
                sent_anyway = value.side == "request" and field.const is not None
                grouped = any(wire in group for group in groups)
                if not (field.optional or sent_anyway or grouped):
                    self._error(value.path, f"missing key {wire!r} ({name} requires it)")
                continue
            item = given.pop(spelling)
            self._field(_Value(item, (*value.path, spelling), value.side), field)
        if extra is not None:  # the other keys are the type's typed extra keys
            for key, item in given.items():
                self._typed(
                    _Value(item, (*value.path, key), value.side), extra.type.expr, extra.nullable
                )
        elif value.side == "request":
            for key in given:
                self._error(
                    (*value.path, key),
                    f"no field {key!r} in {name} (a request sends declared fields only)",
                )

    def _bounds(self, value: _Value, limits: Limits, separator: str | None) -> None:
        v = value.value
        if isinstance(v, int | float) and not isinstance(v, bool):
            if limits.minimum is not None and v < limits.minimum:
                self._error(value.path, f"{v} is below the minimum {limits.minimum:g}")
            if limits.maximum is not None and v > limits.maximum:
                self._error(value.path, f"{v} is above the maximum {limits.maximum:g}")
        sized = len(v) if isinstance(v, str | list) and separator is None else None
        low = limits.min_length if isinstance(v, str) else limits.min_items
        high = limits.max_length if isinstance(v, str) else limits.max_items
        if sized is not None and low is not None and sized < low:
            self._error(value.path, f"{sized} long, below the minimum {low}")
        if sized is not None and high is not None and sized > high:
            self._error(value.path, f"{sized} long, above the maximum {high}")

    # -- reporting -----------------------------------------------------------------------------

    def _kind(self, value: _Value, kind: type, spelled: str) -> bool:
        ok = isinstance(value.value, kind) and not (
            kind is not bool and isinstance(value.value, bool)
        )
        if not ok:
            self._error(value.path, f"expected {spelled}, got {_shown(value.value)}")
        return ok

    def _error(self, path: Path, message: str) -> None:
        line, column = self.api.positions.of(path)
        self.errors.append(SpecError(self.api.file, line, column, dotted(path), message))


def example_errors(api: Api) -> list[SpecError]:
    """Every problem of the API's examples (none: each is what it exemplifies)."""
    return ExampleChecker(api).check()


def messages_in(body: JSON, paths: tuple[str, ...]) -> bool:
    """Whether an error body has a non-empty string (or list) along one of the message paths
    (`message`, `_embedded.errors[].message`), as the clients read it."""
    return any(_found(body, path.split(".")) for path in paths)


def _found(value: JSON, keys: list[str]) -> bool:
    if not keys:
        return bool(value) and isinstance(value, str | list | dict)
    key, *rest = keys
    each = key.endswith("[]")
    found = value.get(key.removesuffix("[]")) if isinstance(value, dict) else None
    if each:
        return isinstance(found, list) and any(_found(item, rest) for item in found)
    return found is not None and _found(found, rest)


def _strings(value: JSON) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _spelling(expr: TypeExpr) -> str:
    if isinstance(expr, Prim | Ref):
        return expr.name
    if isinstance(expr, ListOf):
        return f"list[{_spelling(expr.item)}]"
    if isinstance(expr, MapOf):
        return f"map[{_spelling(expr.value)}]"
    return " | ".join(_spelling(m) for m in expr.members)


def _shown(value: JSON) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
