"""In-process fakes of the APIs, for the tests of code that uses the clients.

A fake answers the requests a client sends through an `httpx.MockTransport`: each operation
answers with what a test set (`respond`, `fail`, `respond_pages`), else with the spec's first
example, else a value built from the spec. Requests are checked as the real API would check them:
an unknown route gets a 404 and arguments that break the spec a 400, in the API's error format;
credentials are checked as the API expects them, and the OAuth2 and session-token endpoints hand
out tokens. Each API's `testing` module only describes its routes; the behaviour is all here,
except what differs between pagination styles and between auth schemes. Which page a request
asks for, and the page fields and headers sent with it, are the pagination strategy's
(`_core.pagination`: the API's, or an operation's own); whether a request's credentials are
accepted, how token requests are answered and which credentials the fake's clients get are the
API's auth scheme's (`_core.auth`).
"""

from __future__ import annotations

import copy
import functools
import importlib.resources
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, get_args
from urllib.parse import parse_qsl, unquote

import httpx
from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from .auth import FakeServer, Scheme, request_cookies
from .client import DEFAULT_TIMEOUT, AsyncAPIClient, SyncAPIClient
from .content import ContentProblem
from .error_body import error_body
from .fields import request_context
from .forms import form_received, form_shaped
from .headers import HeaderProblem, fake_headers
from .operation import Operation
from .pagination import Pagination
from .query_objects import object_received
from .reading import extra_keys_type, finite_adapter, path_text
from .types import EXTRA_BODY

__all__ = ["Answers", "Call", "FakeAPI", "FakeConfig", "FakeDataError", "OperationHandle", "Route"]

SyncT = TypeVar("SyncT", bound=SyncAPIClient)
AsyncT = TypeVar("AsyncT", bound=AsyncAPIClient)
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


class FakeDataError(ValueError):
    """Data given to a fake is not what the API would send."""


@dataclass(frozen=True)
class FakeConfig:
    """What a fake needs to know about one API, beyond its operations (wire names throughout)."""

    name: str
    default_base_url: str | None
    error_key: str  # the key (or dotted path) of an error body that carries the message
    # The API's auth scheme, built with the fake credentials, as the client builds its own.
    auth: Scheme
    credentials: Mapping[str, str] = field(default_factory=dict)  # argument -> fake value
    data_key: str | None = None  # the envelope's payload key
    # The API's pagination strategy, naming the wire's query keys and dotted envelope keys.
    pagination: Pagination | None = None


@dataclass(frozen=True)
class Route:
    """One operation of the API: its dotted name on the client, and its default answer's status."""

    name: str
    operation: Operation[Any]
    status: int = 200
    # The operation's own pagination strategy, named for the wire, where it has one.
    pagination: Pagination | None = None
    # The typed response headers (`_core.headers`) its default answer carries, as text.
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answers:
    """Each operation's default answer (the whole body, envelope included) by dotted name: a
    JSON file shipped in the API's package, read when the first fake of the API is made."""

    package: str
    file: str

    def read(self) -> Mapping[str, Any]:
        return _read_json(self.package, self.file)


@functools.cache
def _read_json(package: str, file: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        importlib.resources.files(package).joinpath(file).read_bytes()
    )
    return data


@dataclass(frozen=True)
class Call:
    """One request an operation of the fake received."""

    method: str
    path: str
    path_params: dict[str, str]
    query: dict[str, str | list[str]]
    json: Any
    headers: httpx.Headers
    request: httpx.Request
    idempotency_key: str | None = None
    """The key in the operation's idempotency header: a call's retries carry the same."""


@dataclass
class _Answer:
    status: int
    body: Any  # a JSON value, or None for an empty body
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class _Pages:
    """A list answered page by page: which page depends on the request's query."""

    pages: list[Any]
    headers: Mapping[str, str]


@dataclass
class _Queued:
    reply: _Answer | _Pages
    left: int  # calls it still answers


class OperationHandle:
    """`fake.<resource>.<operation>`: what the operation answers, and the calls it received.

    Each call is answered by the first of the answers queued with `times=` (`fail(429,
    times=1)`) while any is left, else by the standing answer (the last `respond`, `fail`,
    `respond_pages` or `respond_raw` without `times`), else by the default: the spec's first
    example, else a value built from the spec. So a queue that runs out leaves the standing
    answer, or the default when none was set.
    """

    def __init__(self, fake: FakeAPI[Any, Any], route: Route, default: Any) -> None:
        self._fake = fake
        self._route = route
        self._default = default  # never changed: shared by every fake of the API
        self._standing: _Answer | _Pages | None = None
        self._queue: list[_Queued] = []
        self.calls: list[Call] = []

    def __repr__(self) -> str:
        return f"OperationHandle({self._route.name!r}, calls={len(self.calls)})"

    @property
    def _set(self) -> bool:
        return self._standing is not None or bool(self._queue)

    @property
    def _paginated(self) -> bool:
        return self._route.operation.pagination is not None

    def respond(
        self,
        data: Any,
        status: int | None = None,
        headers: Mapping[str, Any] | None = None,
        *,
        times: int | None = None,
    ) -> None:
        """Answer later calls with `data`: what the method returns (a model, a list of models,
        or their JSON with wire names; a `str` for a text response, `bytes` for a binary one, the
        value for a header), checked against the spec now; `status`, a success status other than
        the default (where statuses answer different bodies, one the spec declares: `data` is
        then checked against that status's type); `headers`, the answer's headers (those the
        spec types, as text or as the type reads them, checked; each it leaves out keeps its
        default). Without `times`, every call no queued answer takes; with `times=n`, the next
        n calls after those queued."""
        content = self._route.operation.content
        if content is not None and (status is None or status < 400):
            try:
                value = content.fake_value(self._route.operation, data)
            except ContentProblem as problem:
                raise FakeDataError(f"{self._route.name}: {problem}") from None
            answer = _Answer(status or self._route.status, value, self._headers(headers))
            self._put(answer, times)
            return
        if self._paginated and (status is None or status < 300):
            self.respond_pages(data, headers=headers, times=times)
            return
        body = self._fake._wrap(self._route, _jsonable(data), self._default)
        self._fake._check(self._route, body, status=status or self._route.status)
        self._put(_Answer(status or self._route.status, body, self._headers(headers)), times)

    def _headers(self, given: Mapping[str, Any] | None) -> Mapping[str, str]:
        """A success answer's headers: where the spec declares typed response headers, the
        route's defaults replaced by those given, checked against their types."""
        declared = self._route.operation.response_headers
        if declared is None:
            return given or {}
        try:
            return fake_headers(declared, self._route.headers, given or {})
        except HeaderProblem as problem:
            raise FakeDataError(f"{self._route.name}: {problem}") from None

    def respond_pages(
        self,
        *pages: Sequence[Any],
        headers: Mapping[str, str] | None = None,
        times: int | None = None,
    ) -> None:
        """Answer a paginated operation page by page, in the API's own envelope and page
        fields, so that iterating the client's result walks every item of every page. `times`
        as for `respond`: each request for a page is one call."""
        if not self._paginated:
            raise TypeError(f"{self._route.name} is not paginated; use respond()")
        if not pages:
            raise ValueError("respond_pages() needs at least one page (an empty list for none)")
        items = [_jsonable(list(page)) for page in pages]
        for number in range(len(items)):
            where = f"page {number + 1} of {len(items)}: " if len(items) > 1 else ""
            body = self._page_body(items, number, httpx.URL(self._fake.base_url))
            self._fake._check(self._route, body, where)
        self._put(_Pages(items, headers or {}), times)

    def fail(
        self,
        status: int,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        *,
        times: int | None = None,
    ) -> None:
        """Answer later calls with an error: `body` as given when it is a JSON object or list (or
        a model of the type the spec gives this status's body: the client's `exc.parsed_body`,
        and checked against it), else its text (or the status' reason) in the API's error
        format. `times` as for `respond`: `fail(429, times=1)` then `respond(...)` is a rate
        limit once, then data."""
        if status < 400:
            raise ValueError(f"fail() takes an error status (400 or more), not {status}")
        given = isinstance(body, Mapping | list | BaseModel)
        if not given:
            body = self._fake._error_body(str(body) if body is not None else _reason(status))
        body = _jsonable(body)
        shape = self._route.operation.errors.get(status)
        if given and shape is not None:
            try:
                finite_adapter(shape).validate_json(json.dumps(body), strict=True)
            except ValidationError as exc:
                raise FakeDataError(
                    f"{self._route.name}: the {status} error's body is not what the spec "
                    f"describes: {_problems(exc)}"
                ) from None
        self._put(_Answer(status, body, headers or {}), times)

    def respond_raw(
        self,
        body: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        *,
        times: int | None = None,
    ) -> None:
        """Answer later calls with exactly this JSON body (envelope included), unchecked: for
        replaying a recorded response, or one the spec does not allow. `times` as for
        `respond`."""
        self._put(_Answer(status, body, headers or {}), times)

    def example(self, **overrides: Any) -> Any:
        """A copy of the default answer's data (what the method returns, as JSON with wire
        names), with `overrides` set: keyword arguments by the model's attribute names (or its
        wire names), values as `respond` takes them. A valid fixture in one line:
        `respond(handle.example(first_name="Ann"))`."""
        data = copy.deepcopy(self._fake._payload(self._route, self._default))
        if not overrides:
            return data
        if not isinstance(data, dict):
            raise TypeError(
                f"{self._route.name}.example() is not an object: set its items' keys with the "
                "example() of an operation answering one"
            )
        keys = _wire_names(self._route.operation.response)
        unknown = sorted(name for name in overrides if name not in keys and name not in data)
        if unknown:
            known = ", ".join(sorted(keys) or sorted(data))
            raise FakeDataError(
                f"{self._route.name}.example(): no key {', '.join(unknown)} (it has: {known})"
            )
        data.update({keys.get(name, name): _jsonable(value) for name, value in overrides.items()})
        return data

    def reset(self) -> None:
        """Back to the default answer, nothing queued; the calls are forgotten."""
        self._standing = None
        self._queue.clear()
        self.calls.clear()

    def _put(self, reply: _Answer | _Pages, times: int | None) -> None:
        if times is None:
            self._standing = reply
            return
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError(f"times must be a number of calls, 1 or more, not {times!r}")
        self._queue.append(_Queued(reply, times))

    @property
    def _pagination(self) -> Pagination | None:
        return self._route.pagination or self._fake.config.pagination

    def _page_body(self, pages: list[Any], number: int, url: httpx.URL, skip: int = 0) -> Any:
        """Page `number` (0-based) of `pages` as the API sends it, answering a request for
        `url`, less its first `skip` items; outside `pages`, an empty page."""
        pagination = self._pagination
        items = pages[number][skip:] if 0 <= number < len(pages) else []
        body = self._fake._wrap(self._route, items, self._default)
        if not isinstance(body, dict) or pagination is None:
            return body  # an unwrapped list: a short or empty page ends it
        for dotted, value in pagination.fake_fields(number, pages, url).items():
            _set(body, dotted, value)
        return body

    def _page_at(self, query: Mapping[str, Any], pages: list[Any]) -> tuple[int, int]:
        pagination = self._pagination
        return pagination.fake_page(query, pages) if pagination is not None else (0, 0)

    def _answer_for(self, query: Mapping[str, Any], url: httpx.URL) -> _Answer:
        """The answer to this call: the first queued, else the standing one, else the default."""
        reply = self._standing
        if self._queue:
            reply = self._queue[0].reply
            self._queue[0].left -= 1
            if not self._queue[0].left:
                self._queue.pop(0)
        if isinstance(reply, _Answer):
            return reply
        if reply is None:
            if not self._paginated:
                default = copy.deepcopy(self._default)
                return _Answer(self._route.status, default, self._route.headers)
            # The default list is one page, whatever page fields the example carried.
            reply = _Pages([self._fake._payload(self._route, self._default) or []], {})
        pages = reply.pages
        number, skip = self._page_at(query, pages)
        headers = dict(reply.headers)
        if self._pagination is not None:
            headers.update(self._pagination.fake_headers(number, pages, url))
        return _Answer(200, self._page_body(pages, number, url, skip), headers)


class _Namespace:
    """`fake.<resource>`: its operations' handles and its sub-resources, each made when first
    reached (an API may have thousands of operations, and a test makes a fake per case)."""

    def __init__(self, fake: FakeAPI[Any, Any], path: str, tree: _Tree) -> None:
        self._fake = fake
        self._path = path
        self._tree = tree
        self._spaces: dict[str, _Namespace] = {}  # so that `fake.people` is one object

    def __getattr__(self, name: str) -> Any:
        tree, spaces = self.__dict__["_tree"], self.__dict__["_spaces"]
        if name in spaces:
            return spaces[name]
        if name not in tree:
            known = ", ".join(sorted(tree))
            raise AttributeError(f"{self._path} has no {name!r} (it has: {known})")
        member = tree[name]
        if isinstance(member, Route):
            return self._fake._handle(member)
        space = spaces[name] = _Namespace(self._fake, f"{self._path}.{name}", member)
        return space

    def __dir__(self) -> list[str]:
        return sorted(self._tree)

    def __repr__(self) -> str:
        return f"<fake {self._path}>"


# A fake class's operations as its clients' resources: each name a Route, or the names under it.
_Tree = dict[str, "Route | _Tree"]
_TREES: dict[type[Any], tuple[_Tree, dict[str, Route]]] = {}


def _tree(fake: type[FakeAPI[Any, Any]]) -> tuple[_Tree, dict[str, Route]]:
    """A fake class's routes as a tree of resources, and by dotted name; once per class."""
    if fake not in _TREES:
        root: _Tree = {}
        for route in fake.routes:
            *parents, last = route.name.split(".")
            space = root
            for part in parents:
                member = space.setdefault(part, {})
                assert isinstance(member, dict)
                space = member
            space[last] = route
        _TREES[fake] = root, {route.name: route for route in fake.routes}
    return _TREES[fake]


class FakeAPI(Generic[SyncT, AsyncT]):
    """An in-process fake of one API; `client()` and `async_client()` give clients wired to it.

    Operations are reached as on the client: `fake.people.retrieve.respond({...})`, or by
    name: `fake.operation("people.retrieve")` (which also reaches a resource named like a
    method of the fake).
    """

    config: FakeConfig
    routes: tuple[Route, ...]
    answers: Answers
    client_class: Callable[..., SyncT]
    async_client_class: Callable[..., AsyncT]

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = (
            base_url or self.config.default_base_url or f"https://{self.config.name}.fake.test"
        ).rstrip("/")
        self._base_path = httpx.URL(self.base_url).path.rstrip("/")
        # Each operation's handle is made when first reached or called: the cost of a fake does
        # not grow with the API's operations.
        self._handles: dict[str, OperationHandle] = {}
        self._answers = self.answers.read()
        tree, self._routes = _tree(type(self))
        self._root = _Namespace(self, type(self).__name__, tree)
        self._matchers = _matchers(type(self), self._base_path)
        self._token_generation = 1
        self.token_requests: list[httpx.Request] = []
        self.delays: list[float] = []
        """The seconds the fake's clients waited before each retry: recorded, not slept."""

    if not TYPE_CHECKING:  # type checkers see the resources each generated fake declares

        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(name)
            return getattr(self._root, name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._root._tree})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def operation(self, name: str) -> OperationHandle:
        """The handle of an operation by its dotted name (`"people.retrieve"`)."""
        route = self._routes.get(name)
        if route is None:
            raise KeyError(f"{type(self).__name__} has no operation {name!r}")
        return self._handle(route)

    def _handle(self, route: Route) -> OperationHandle:
        handle = self._handles.get(route.name)
        if handle is None:
            default = self._answers[route.name]
            handle = self._handles[route.name] = OperationHandle(self, route, default)
        return handle

    def revoke_tokens(self) -> None:
        """Make every token handed out so far invalid: the next request with one gets a 401,
        as when a real token expires, and a client that obtains its own tokens renews it."""
        self._token_generation += 1

    # -- clients --------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """A transport answering as this fake, for an `httpx.Client` or `httpx.AsyncClient`."""
        return httpx.MockTransport(self.handle)

    def client(self, **options: Any) -> SyncT:
        """A client wired to this fake, with fake credentials unless given, and no retries
        unless `max_retries=` says otherwise (so `fail()` answers at once). It never sleeps
        before a retry: the delay it would wait is appended to `delays`."""
        # The package's default timeout, as a client that makes its own pool has: an httpx
        # client's own (5 s) would cut a scripted Retry-After short, though nothing sleeps.
        http = httpx.Client(transport=self.transport(), timeout=DEFAULT_TIMEOUT)
        client = self.client_class(**self._options(options), http_client=http)
        client._pause = self.delays.append
        return client

    def async_client(self, **options: Any) -> AsyncT:
        """An async client wired to this fake, configured as `client()`."""
        http = httpx.AsyncClient(transport=self.transport(), timeout=DEFAULT_TIMEOUT)
        client = self.async_client_class(**self._options(options), http_client=http)
        client._pause = self._delay
        return client

    async def _delay(self, seconds: float) -> None:
        self.delays.append(seconds)

    def _options(self, options: dict[str, Any]) -> dict[str, Any]:
        given = dict(options)
        for name, value in self.config.auth.fake_arguments(self.config.credentials, given).items():
            given.setdefault(name, value)
        given.setdefault("base_url", self.base_url)
        given.setdefault("max_retries", 0)
        return given

    # -- answering ------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """The fake's answer to one request."""
        path = unquote(request.url.raw_path.split(b"?")[0].decode("ascii"))
        route = params = None
        for pattern, candidate in self._matchers:
            match = pattern.fullmatch(path)
            if match is not None and candidate.operation.method == request.method:
                route, params = candidate, match
                break
        # The token endpoints hand out tokens, unless a test set what an operation at the same
        # address (NiceJob documents its token endpoint) answers.
        handle = self._handles.get(route.name) if route is not None else None
        if handle is None or not handle._set:
            token = self.config.auth.fake_token(request, self._server())
            if token is not None:
                self.token_requests.append(request)
                return token
        if route is None or params is None:
            return self._error(404, f"No route for {request.method} {path}")
        if route.operation.auth and not self.config.auth.fake_accepts(request, self._server()):
            return self._error(401, "Missing or invalid credentials")
        query = _query(request)
        encoding = route.operation.encoding
        body = encoding.received(request) if encoding is not None else _request_body(request)
        handle = self._handle(route)
        key_header = route.operation.idempotency_header
        key = request.headers.get(key_header) if key_header else None
        handle.calls.append(
            Call(request.method, path, params, query, body, request.headers, request, key)
        )
        carried = _carried(route.operation, request)
        added = request.extensions.get(EXTRA_BODY, frozenset())
        if added and isinstance(body, dict):  # a caller's own fields, which the spec lacks
            body = {key: value for key, value in body.items() if key not in added}
        problem = self._request_problem(route.operation, {**params, **carried}, query, body)
        if problem:
            return self._error(400, problem)
        answer = handle._answer_for(query, request.url)
        content = route.operation.content
        if content is not None and answer.status < 400:
            return content.fake_response(
                route.operation, answer.status, answer.body, answer.headers
            )
        if answer.body is None:
            return httpx.Response(answer.status, headers=answer.headers)
        return httpx.Response(answer.status, json=answer.body, headers=answer.headers)

    def _error(self, status: int, message: str) -> httpx.Response:
        return httpx.Response(status, json=self._error_body(message))

    def _error_body(self, message: str) -> Any:
        return error_body(self.config.error_key, message)

    def _server(self) -> FakeServer:
        return FakeServer(self._base_path, self._token_generation, self._error)

    # -- checking -------------------------------------------------------------------------

    def _request_problem(
        self, op: Operation[Any], path: Mapping[str, str], query: Mapping[str, Any], body: Any
    ) -> str | None:
        """Why the real API would refuse these arguments, or None."""
        if op.encoding is not None:
            body, problem = op.encoding.fake_fields(body)
            if problem:
                return problem
        given: dict[str, Any] = dict(path)
        for key in op.query:
            if key in op.objects:
                others = [other for other in op.query if other != key]
                received = object_received(key, op.objects[key], query, others)
                field = op.params.model_fields.get(op._argument_names.get(key, key))
                if received is not None or (field is not None and field.is_required()):
                    # Its values are text, in the argument's shape (a list sent with one item).
                    shape = field.annotation if field is not None else Any
                    given[key] = form_shaped(received or {}, shape)
            elif key in query:
                value = query[key]
                if key in op.csv and isinstance(value, str):
                    value = value.split(",")
                given[key] = value
        if op.body_argument is not None:
            given[op.body_argument] = body
        elif isinstance(body, dict):
            given.update(body)
        elif body is not None:
            return "The body must be a JSON object"
        for key, value in op.constants.items():
            if key in given and str(given.pop(key)) != str(value):
                return f"{key!r} must be {value!r}"
        # A list in the path is comma-separated; a list in the query (or a multipart body's
        # parts) may have one value.
        fields = {f.alias or name: f for name, f in op.params.model_fields.items()}
        for key, value in list(given.items()):
            placed = (*op.path_params, *op.query, *op.headers, *op.cookies)
            if op.form and key in fields and key not in placed:
                # A form's list sent with one item arrives as its text (in objects too).
                given[key] = form_shaped(value, fields[key].annotation)
            elif isinstance(value, str) and _is_list(fields.get(key)):
                if key in op.path_params or key in op.headers:
                    given[key] = value.split(",")
                elif key in op.query or op.encoding is not None:
                    given[key] = [value]
        try:
            # Under a request's rules, as the client checks them: every bound (a list's items'
            # too) and rule across keys; a datetime without an offset is the server's to read.
            op.params.model_validate(given, context=request_context("utc"))
        except ValidationError as exc:
            return "Invalid request: " + _problems(exc)
        return None

    def _check(self, route: Route, body: Any, where: str = "", status: int = 200) -> None:
        """Refuse data a test gave unless the real API could send it: strict types, no unknown
        keys, the type its success `status` answers. A test author learns at once that a
        fixture is wrong, at a path in what the test passed (`[0].email`), the envelope around
        it being the fake's own."""
        operation = route.operation.for_status(status)
        if operation is None:
            declared = ", ".join(str(s) for s in route.operation.statuses)
            raise FakeDataError(
                f"{route.name}: status {status} is none of the success statuses the spec "
                f"declares ({declared})"
            )
        try:
            value = operation.adapter.validate_json(json.dumps(body), strict=True)
        except ValidationError as exc:
            raise FakeDataError(
                f"{route.name}: the data is not what the spec describes: {where}"
                + _problems(exc, self._in_payload(route))
            ) from None
        # Only the payload: the envelope around it is the fake's own.
        payload = value.data if route.operation.wrapped else value
        unknown = sorted(_unknown_keys(payload, ()))
        if unknown:
            raise FakeDataError(
                f"{route.name}: {where}the spec does not describe the key(s) {', '.join(unknown)}"
            )

    def _in_payload(self, route: Route) -> Callable[[tuple[str | int, ...]], tuple[Any, ...]]:
        """A place in the whole body as a place in the payload the test gave."""
        at = self._items_at(route)

        def relative(loc: tuple[str | int, ...]) -> tuple[Any, ...]:
            if at and loc[: len(at)] == at:
                return loc[len(at) :]
            return loc

        return relative

    # -- envelopes ------------------------------------------------------------------------

    def _items_at(self, route: Route) -> tuple[str, ...]:
        """The keys leading to an operation's payload in its body; none for an unwrapped one."""
        if route.operation.items is not None:
            return tuple(route.operation.items.split("."))
        if route.operation.envelope is None or self.config.data_key is None:
            return ()
        return (self.config.data_key,)

    def _wrap(self, route: Route, payload: Any, template: Any) -> Any:
        """The whole body for a payload: the default body's envelope around it."""
        at = self._items_at(route)
        if not at:
            return payload
        body = copy.deepcopy(template) if isinstance(template, dict) else {}
        error_key = route.operation.envelope.error_key if route.operation.envelope else None
        if error_key:
            body.pop(error_key, None)
        _set_at(body, at, payload)
        return body

    def _payload(self, route: Route, body: Any) -> Any:
        for key in self._items_at(route):
            if not isinstance(body, dict):
                return body
            body = body.get(key)
        return body


# Each fake class's routes as path patterns, compiled once per class and base path: a test
# makes a fake per case, and an API of thousands of operations would otherwise compile
# thousands of regexes per case (more than `re`'s own cache holds).
_MATCHERS: dict[tuple[type[Any], str], list[tuple[_PathPattern, Route]]] = {}


def _matchers(fake: type[FakeAPI[Any, Any]], base_path: str) -> list[tuple[_PathPattern, Route]]:
    key = (fake, base_path)
    if key not in _MATCHERS:
        # Longest literal paths first, so /people/search wins over /people/{id}.
        _MATCHERS[key] = sorted(
            ((_PathPattern(base_path + r.operation.path), r) for r in fake.routes),
            key=lambda pair: -len(_PATH_PARAM.sub("", pair[1].operation.path)),
        )
    return _MATCHERS[key]


class _PathPattern:
    """A path template as a regex; a match gives each path parameter by its wire name (which
    need not be an identifier, as a regex group's name must: `{change-set-id}`)."""

    def __init__(self, template: str) -> None:
        parts = _PATH_PARAM.split(template)
        self.names = parts[1::2]
        self.regex = re.compile(
            "".join(
                re.escape(part) if index % 2 == 0 else "([^/]+)" for index, part in enumerate(parts)
            )
        )

    def fullmatch(self, path: str) -> dict[str, str] | None:
        match = self.regex.fullmatch(path)
        return None if match is None else dict(zip(self.names, match.groups(), strict=True))


def _carried(op: Operation[Any], request: httpx.Request) -> dict[str, str]:
    """The operation's header and cookie arguments a request carries, by wire name."""
    cookies = request_cookies(request)
    carried = {key: request.headers[key] for key in op.headers if key in request.headers}
    carried.update({key: cookies[key] for key in op.cookies if key in cookies})
    return carried


def _query(request: httpx.Request) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    for key, value in request.url.params.multi_items():
        if key in out:
            previous = out[key]
            out[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            out[key] = value
    return out


def _request_body(request: httpx.Request) -> Any:
    content = request.content
    if not content:
        return None
    if request.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
        return form_received(parse_qsl(content.decode(), keep_blank_values=True))
    try:
        return json.loads(content)
    except ValueError:
        return content.decode(errors="replace")


def _is_list(info: Any) -> bool:
    return info is not None and "list[" in str(info.annotation)


def _jsonable(value: Any) -> Any:
    """A value as JSON with wire names; models give only the fields that were set."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return to_jsonable_python(value)


def _unknown_keys(value: Any, where: tuple[str | int, ...]) -> list[str]:
    found: list[str] = []
    if isinstance(value, BaseModel):
        extra = value.model_extra or {}
        if extra_keys_type(type(value)) is None:
            found += [path_text((*where, key)) for key in extra]
        else:  # the spec describes them (`extra_keys`): their values may hold models
            for key, item in extra.items():
                found += _unknown_keys(item, (*where, key))
        for name, info in type(value).model_fields.items():
            found += _unknown_keys(getattr(value, name), (*where, info.alias or name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _unknown_keys(item, (*where, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += _unknown_keys(item, (*where, key))
    return found


def _wire_names(response: Any) -> dict[str, str]:
    """Attribute name -> wire key of the model a response type holds (`Person | None` holds
    Person); empty for any other type."""
    members = [m for m in get_args(response) if m is not type(None)] or [response]
    model = members[0] if len(members) == 1 else None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return {}
    return {name: field.alias or name for name, field in model.model_fields.items()}


def _set(body: dict[str, Any], dotted: str, value: Any) -> None:
    _set_at(body, tuple(dotted.split(".")), value)


def _set_at(body: dict[str, Any], keys: tuple[str, ...], value: Any) -> None:
    *parents, last = keys
    target = body
    for part in parents:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    target[last] = value


def _problems(
    exc: ValidationError,
    relative: Callable[[tuple[str | int, ...]], tuple[Any, ...]] = tuple,
) -> str:
    problems = []
    for error in exc.errors(include_url=False, include_input=False)[:5]:
        where = path_text(relative(tuple(error["loc"]))) or "the data"
        problems.append(f"{where}: {error['msg']}")
    more = exc.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def _reason(status: int) -> str:
    return httpx.codes.get_reason_phrase(status) or f"Error {status}"
