"""What an operation is on the wire, and how method arguments become a request."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import quote

from pydantic import AliasPath, BaseModel, Field, TypeAdapter, ValidationError, create_model
from pydantic_core import CoreSchema, SchemaValidator

from ..errors import InvalidArgumentError
from .auth import cookie_problem, header_problem
from .collector import collector_paused
from .decoding import JSONProblem, encode_json
from .fields import request_context, response_schema
from .forms import form_pairs
from .models import BaseEnvelope, Params, ResponseHeaders
from .query_objects import object_pairs
from .reading import REFUSALS, finite_adapter, mend, path_text
from .types import NOT_GIVEN

if TYPE_CHECKING:
    from .content import ResponseContent
    from .pagination import Pagination
    from .uploads import BodyEncoding

__all__ = ["Operation", "WireRequest"]

T = TypeVar("T")
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
# Text `quote(text, safe=",")` leaves as it is: unreserved characters and the comma.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~,-]*")
# Bodies from this size up are parsed with the collector paused (`_core/collector.py`); below it
# the pause costs more than the collections it saves (a few per cent of a small call).
_PAUSE_FROM = 64 * 1024
# Argument names of credentials an operation may carry in its body or query (a grant, a revoke).
_CREDENTIAL_NAME = re.compile(r"token|secret|password|code", re.IGNORECASE)


@dataclass
class WireRequest:
    """The parts of one HTTP request, ready for httpx (made once per request and not changed:
    not frozen, as a frozen dataclass sets each field through `object.__setattr__`, a
    microsecond a request)."""

    method: str
    path: str
    query: list[tuple[str, str]]
    json: Any = None
    form: Mapping[str, Any] | None = None
    files: Any = None  # multipart parts, as httpx takes them
    content: Any = None  # a raw body: bytes, or a file read as it is sent
    content_type: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One endpoint: its method and path, its arguments, and what its response parses to.

    `T` is what a call returns once the envelope (if any) is unwrapped.
    """

    method: str
    path: str
    params: type[Params]
    path_params: tuple[str, ...] = ()
    query: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    cookies: tuple[str, ...] = ()
    csv: tuple[str, ...] = ()
    objects: Mapping[str, str] = field(default_factory=dict)
    """The query parameters holding an object, and how each is sent: `deep_object`, or `form`
    (its keys spread); `_core.query_objects`."""
    constants: Mapping[str, Any] = field(default_factory=dict)
    body_argument: str | None = None
    form: bool = False
    response: Any = None
    envelope: type[BaseEnvelope[Any]] | None = None
    items: str | None = None
    """Where the list sits in the response body (dotted wire keys: `_embedded.tags`), for a list
    whose body is an object around it; the body is then not the API's envelope."""
    pagination: Pagination | None = None
    auth: bool = True
    batch_size: int | None = None
    status_means: Mapping[int, int] = field(default_factory=dict)
    """Statuses this operation's server sends for what another status means (401 for 404)."""
    server: str = "api"
    """`oauth2`: sent to the client's OAuth2 host rather than its base URL."""
    content: ResponseContent | None = None
    """A success response that is not JSON: text, bytes, a header (`_core.content`) or a stream
    of events (`_core.streaming`)."""
    encoding: BodyEncoding | None = None
    """A body that is neither JSON nor form-urlencoded: multipart, bytes or text."""
    errors: Mapping[int, Any] = field(default_factory=dict)
    """The type of an error status's body, where the spec gives one (`exc.parsed_body`)."""
    idempotency_header: str | None = None
    """Where each call sends its idempotency key: a fresh one per call, the same on the call's
    retries, which the key makes safe for a POST or PATCH."""
    statuses: Mapping[int, Any] = field(default_factory=dict)
    """Where success statuses answer different bodies: the type of each one's payload (None:
    no body), `response` being their union; empty when the operation has one success response."""
    response_headers: type[ResponseHeaders] | None = None
    """The headers its success response declares beside the body, read typed only when asked
    (`APIResponse.parse_headers()`, `_core.headers`)."""

    @property
    def streams(self) -> bool:
        """The call returns a stream of events (`_core.streaming`), read as they arrive."""
        return self.content is not None and self.content.streams

    def for_status(self, status: int) -> Operation[Any] | None:
        """The operation as it reads a success response of `status`: where its statuses answer
        different bodies, the one declared for it (None: the spec declares none such); else
        itself. The body's type comes from the status, never from the body's shape."""
        if not self.statuses:
            return self
        return self._by_status.get(status)

    @cached_property
    def _by_status(self) -> dict[int, Operation[Any]]:
        return {
            status: replace(self, response=shape, statuses={})
            for status, shape in self.statuses.items()
        }

    @cached_property
    def shape(self) -> Any:
        """The type of the whole response body, envelope included."""
        if self.items is not None:
            return _items_body(self.response, self.items)
        if self.envelope is None:
            return self.response
        return self.envelope[self.response]  # type: ignore[index]

    @property
    def wrapped(self) -> bool:
        """The call's result is the `data` of the parsed body (an envelope, or a body holding
        the list at `items`)."""
        return self.envelope is not None or self.items is not None

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        """Validates a response body (envelope included) straight from its JSON bytes."""
        return finite_adapter(self.shape)

    @cached_property
    def reader(self) -> SchemaValidator:
        """What `parse` runs: `adapter`'s validator without the rules only a request's arguments
        obey (naive datetimes, bounds), each a Python call per value that changes nothing here.

        pydantic-core 2.27 and later validate a model it has already built for its own use with
        that model's validator, request rules included: it reads the same, a little slower."""
        return SchemaValidator(response_schema(_built_schema(self.adapter)))

    @cached_property
    def tolerant_reader(self) -> SchemaValidator | None:
        """`reader` reading each item of the payload list on its own (`reading.tolerant_schema`),
        for clients that read tolerantly; None when the payload is no list."""
        from .reading import tolerant_schema

        self.reader  # noqa: B018 (builds the adapter's deferred schema)
        schema = tolerant_schema(
            response_schema(self.adapter.core_schema), envelope=self.envelope is not None
        )
        return None if schema is None else SchemaValidator(schema)

    @cached_property
    def carries_credentials(self) -> bool:
        """Sent without the client's auth but with a credential among its arguments: such a
        request is never redirected, whatever the caller's http_client does."""
        return not self.auth and any(_CREDENTIAL_NAME.search(name) for name in self._argument_names)

    def error_body(self, status: int, content: bytes) -> Any:
        """An error response's body read as the spec's type for its status (JSON's lax rules:
        an error is read to help, never refused); None when the status has no type or the body
        is not of it."""
        adapter = self._error_adapters.get(status)
        if adapter is None:
            return None
        try:
            return adapter.validate_json(content)
        except ValidationError:
            return None

    @cached_property
    def _error_adapters(self) -> dict[int, TypeAdapter[Any]]:
        return {status: finite_adapter(shape) for status, shape in self.errors.items()}

    def parse(self, content: bytes | str) -> Any:
        """A response body validated by `adapter` in pydantic's strict mode for JSON (`"4"` is
        no integer, `"false"` no boolean; an ISO string is a datetime); raises pydantic's
        `ValidationError`."""
        reader = self.reader  # built outside the pause: building a schema makes cycles
        if len(content) < _PAUSE_FROM:
            return reader.validate_json(content, strict=True)
        with collector_paused():
            return reader.validate_json(content, strict=True)

    def parse_tolerantly(
        self, content: bytes | str, label: str, warned: set[tuple[str, str]]
    ) -> Any:
        """A response body read by `tolerant_reader` (strictly, as `parse` reads): a listing's
        items its schema refuses are read again on their own, leniently, logging what did not
        fit once per (operation, path) in `warned`; raises pydantic's `ValidationError` when
        what is refused lies outside the items."""
        reader = self.tolerant_reader
        if reader is None:
            return self.parse(content)
        refusals: list[Any] = []
        context = {REFUSALS: refusals}
        if len(content) < _PAUSE_FROM:
            parsed = reader.validate_json(content, strict=True, context=context)
        else:
            with collector_paused():
                parsed = reader.validate_json(content, strict=True, context=context)
        if not refusals:
            return parsed
        envelope = self.envelope is not None
        return mend(parsed, refusals, label=label, envelope=envelope, warned=warned)

    @cached_property
    def _body_fields(self) -> frozenset[str]:
        located = {*self.path_params, *self.query, *self.headers, *self.cookies}
        names = [f.alias or name for name, f in self.params.model_fields.items()]
        return frozenset(key for key in [*names, *self.constants] if key not in located)

    @cached_property
    def _argument_names(self) -> dict[str, str]:
        return {f.alias or name: name for name, f in self.params.model_fields.items()}

    def validate(
        self, arguments: Mapping[str, Any], naive_datetime: str = "refuse"
    ) -> dict[str, Any]:
        """Check the given arguments against the spec; return them as wire names and JSON values.

        `naive_datetime` is the API's rule for a datetime without a UTC offset: `refuse` or `utc`.
        """
        given = {name: value for name, value in arguments.items() if value is not NOT_GIVEN}
        files: dict[str, Any] = {}
        if self.encoding is not None:
            from .uploads import given_files

            files = given_files(self._label, self.encoding.file_parts, given)
        # The model's own validator and serializer: what model_validate and model_dump call,
        # without their per-call Python checks of options not used here.
        try:
            params = self.params.__pydantic_validator__.validate_python(
                given, context=request_context(naive_datetime)
            )
        except ValidationError as exc:
            raise InvalidArgumentError(self._describe(exc)) from None
        nulls = _sent_nulls(params, ())
        if nulls:
            problems = "; ".join(f"{where!r}: may be omitted but not None" for where in nulls)
            raise InvalidArgumentError(f"{self._label}: invalid argument {problems}")
        wire: dict[str, Any] = self.params.__pydantic_serializer__.to_python(
            params, mode="json", by_alias=True, exclude_unset=True
        )
        return {**wire, **self.constants, **files}

    def batches(self, wire: dict[str, Any]) -> list[dict[str, Any]]:
        """One request's wire arguments, or several when a list body is sent in batches."""
        if self.batch_size is None or self.body_argument is None:
            return [wire]
        items = wire.get(self.body_argument) or []
        size = self.batch_size
        return [
            {**wire, self.body_argument: items[i : i + size]} for i in range(0, len(items), size)
        ]

    def join(self, results: list[Any]) -> T:
        """The call's result from its requests' results: batched lists are concatenated in order."""
        if self.batch_size is None or self.body_argument is None:
            return results[0]  # type: ignore[no-any-return]
        return [item for result in results for item in result or []]  # type: ignore[return-value]

    def to_wire(self, wire: dict[str, Any]) -> WireRequest:
        """Place validated wire values into the path, the query and the body."""
        pieces = self._path_pieces
        if len(pieces) == 1:
            path = self.path
        else:
            path = "".join(
                [self._path_value(piece, wire) if odd else piece for odd, piece in pieces]
            )
        query: list[tuple[str, str]] = []
        for key in self.query:
            value = wire.get(key)
            if value is None:
                continue
            if key in self.objects and isinstance(value, dict):
                others = [other for other in self.query if other != key]
                style = self.objects[key]
                query += object_pairs(self._label, key, style, value, _text, others)
            elif isinstance(value, list):
                if key in self.csv:
                    query.append((key, ",".join(_text(item) for item in value)))
                else:
                    query.extend((key, _text(item)) for item in value)
            else:
                query.append((key, _text(value)))
        headers = self._placed(wire, self.headers, "header", header_problem)
        cookies = self._placed(wire, self.cookies, "cookie", cookie_problem)
        if self.body_argument is not None:
            body: Any = wire.get(self.body_argument)
        elif self._body_fields:
            body = {key: value for key, value in wire.items() if key in self._body_fields}
        else:
            body = None
        if self.encoding is not None:
            files = {p.wire: wire[p.wire] for p in self.encoding.file_parts if p.wire in wire}
            fields = body if isinstance(body, dict) else {}
            if self.body_argument is not None:
                fields = {self.body_argument: body}
            built = self.encoding.build(self._label, fields, files)
            return WireRequest(self.method, path, query, headers=headers, cookies=cookies, **built)
        if self.form and body is not None:
            form = form_pairs(self._label, body, _text)
            return WireRequest(
                self.method, path, query, form=form, headers=headers, cookies=cookies
            )
        return WireRequest(self.method, path, query, json=body, headers=headers, cookies=cookies)

    def with_extra_body(self, wire: WireRequest, extra: Mapping[str, Any]) -> WireRequest:
        """The request with a caller's `extra_body` fields in its JSON object body (a field
        the spec does not list), replacing the body's own of the same name."""
        if self.encoding is not None or self.form or not isinstance(wire.json, dict):
            raise InvalidArgumentError(
                f"{self._label}: extra_body= is for a JSON object body; nothing was sent"
            )
        return replace(wire, json={**wire.json, **{str(k): v for k, v in extra.items()}})

    @cached_property
    def _path_pieces(self) -> tuple[tuple[bool, str], ...]:
        """The path split around its parameters: (False, literal text) or (True, a name)."""
        split = _PATH_PARAM.split(self.path)
        return tuple((index % 2 == 1, piece) for index, piece in enumerate(split) if piece)

    def _path_value(self, name: str, wire: dict[str, Any]) -> str:
        """A path parameter's wire value as one segment of the path, percent-encoded."""
        value = wire.get(name)
        text = ",".join(map(str, value)) if isinstance(value, list) else _text(value)
        if text == "":
            raise InvalidArgumentError(f"{self._label}: path parameter {name!r} is empty")
        if text in (".", ".."):
            # A dot segment would move the request to another path: URLs collapse them.
            raise InvalidArgumentError(
                f"{self._label}: path parameter {name!r} may not be {text!r}"
            )
        if _UNRESERVED.fullmatch(text):
            return text  # what quote() returns for it, found without its per-call work
        return quote(text, safe=",")

    def _placed(
        self,
        wire: dict[str, Any],
        keys: tuple[str, ...],
        what: str,
        problem_of: Callable[[str, str], str | None],
    ) -> list[tuple[str, str]]:
        """The header or cookie arguments given, as text (a list comma-joined), each refused
        before sending when HTTP cannot carry it."""
        out: list[tuple[str, str]] = []
        for key in keys:
            value = wire.get(key)
            if value is None:
                continue
            text = ",".join(map(_text, value)) if isinstance(value, list) else _text(value)
            problem = problem_of(key, text)
            if problem:
                raise InvalidArgumentError(
                    f"{self._label}: invalid argument {self._argument_names.get(key, key)!r}: "
                    f"the {what} cannot be sent: {problem}"
                )
            out.append((key, text))
        return out

    @property
    def _label(self) -> str:
        return f"{self.method} {self.path}"

    def _describe(self, exc: ValidationError) -> str:
        problems = []
        for error in exc.errors(include_url=False, include_input=False):
            loc = list(error["loc"])
            if loc and isinstance(loc[0], str):
                loc[0] = self._argument_names.get(loc[0], loc[0])
            where = path_text(loc) or "arguments"
            message = "unknown argument" if error["type"] == "extra_forbidden" else error["msg"]
            message = message.removeprefix("Value error, ")
            problems.append(f"{where!r}: {message}")
        return f"{self._label}: invalid argument " + "; ".join(problems)


def _items_body(response: Any, items: str) -> type[BaseEnvelope[Any]]:
    """A body holding the list at a dotted path: its `data` is read from there, and its other
    keys (page fields, links) are kept as received."""
    return create_model(
        "ItemsBody",
        __base__=BaseEnvelope[response],
        data=(response, Field(validation_alias=AliasPath(*items.split(".")))),
    )


def _built_schema(adapter: TypeAdapter[Any]) -> CoreSchema:
    """`adapter`'s core schema, built if its type defers building (pydantic 2.10 and later; an
    earlier TypeAdapter is built when made and has no `rebuild`)."""
    rebuild = getattr(adapter, "rebuild", None)
    if rebuild is not None:
        rebuild()  # a no-op once built
    return adapter.core_schema


# Argument values with nothing inside them: `_sent_nulls` need not look into one.
_ATOMS = frozenset({str, int, float, bool})


def _sent_nulls(value: Any, where: tuple[str, ...]) -> list[str]:
    """Dotted places inside the arguments where a key that may be absent but not null is None.

    Response models accept None for such keys (servers send it); a request must not, so the
    check walks the arguments here rather than in the models, and costs nothing when reading.
    """
    found: list[str] = []
    if isinstance(value, BaseModel):
        not_null: frozenset[str] = getattr(type(value), "_sent_not_null", frozenset())
        for name in sorted(value.model_fields_set):
            item = getattr(value, name, None)
            if item is None:
                if name in not_null:
                    found.append(".".join((*where, name)))
            elif type(item) not in _ATOMS:
                found += _sent_nulls(item, (*where, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += _sent_nulls(item, (*where, str(index)))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += _sent_nulls(item, (*where, str(key)))
    return found


_EXACT = 2**53  # floats below it are whole numbers exactly


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        try:
            return encode_json(value, separators=(",", ":"), ensure_ascii=False)
        except JSONProblem as problem:
            raise InvalidArgumentError(f"an argument {problem}") from None
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
        return str(int(value))  # a `number` argument of 300 is sent as `300`, not `300.0`
    return str(value)
