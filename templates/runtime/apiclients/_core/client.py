"""The base clients: building requests, the retry loop, error mapping and response parsing.

`SyncAPIClient` and `AsyncAPIClient` differ only in how they send and sleep; every decision
(what to send, whether to retry, how long to wait, what a response means) is made once, here.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import random
import sys
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx

from ..errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ClientClosedError,
    ConfigurationError,
    InvalidArgumentError,
    OperationFailedError,
    ResponseTooLargeError,
    request_id_of,
    retry_after_seconds,
    status_error_class,
)
from ._version import __version__
from .auth import NO_RENEWAL, NoAuth, OAuth2Auth, TokenAuth, header_problem
from .bodies import BodyReader, BodyTooLarge, Undecodable, body_text
from .content import DOWNLOAD, ContentProblem, Download, FileTarget, download_of
from .decoding import JSONProblem, decode_json
from .error_body import error_text
from .pagination import NEXT_URL, AsyncPageRequest, AsyncPageT, LoopGuard, SyncPageT
from .redaction import hide_secrets_in_httpx_logs, is_loopback, redact_url
from .response import APIResponse, APIResponseWithHeaders
from .types import EXTRA_BODY, NOT_GIVEN, Body, Headers, NotGiven, Query, Record, Timeout

if TYPE_CHECKING:  # pydantic loads with the first operation, not with the client
    from pydantic import ValidationError

    from .operation import Operation
    from .servers import Servers  # loaded by the APIs that have several, not by the client
    from .streaming import AsyncStream, Stream  # loaded with the first streamed call

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "ClientConfig",
    "ClientT",
    "SyncAPIClient",
]

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="_BaseClient")
"""A client's own class, as `with_options` returns it (`Self`, before Python 3.11)."""
log = logging.getLogger("apiclients")
# What `platform.python_version()` gives (the first word of sys.version), without importing
# platform with the package.
_PYTHON_VERSION = sys.version.split()[0]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""32 MiB: far above any page of a JSON API, far below what would strain a process."""
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures that happen before the request leaves: safe to retry for any method.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# The monotonic time by which the call being made must end, for the requests made inside it
# (a token fetch inside an API request's auth flow), so they share the caller's deadline.
_DEADLINE: ContextVar[float | None] = ContextVar("apiclients_deadline", default=None)
# httpx logs every request's URL at INFO; a session fetch carries credentials in its query.
hide_secrets_in_httpx_logs()


class ClientConfig(Record):
    """What the base client needs to know about one API."""

    name: str
    default_base_url: str | None
    base_url_env: str
    error_keys: tuple[str, ...]  # keys or dotted paths of an error body's message
    api: str  # the subpackage name, for the User-Agent
    api_version: str  # the version of the API the spec describes
    distribution: str  # the API's distribution and its version, for the User-Agent
    distribution_version: str
    naive_datetime: str
    """A datetime argument without a UTC offset: `refuse` it or take it as `utc`."""
    oauth_base_url: str | None
    """Scheme and host of the OAuth2 endpoints as the spec gives them."""
    oauth_base_url_env: str | None
    """Environment variable pointing the OAuth2 endpoints elsewhere (a test server)."""
    servers: Servers | None
    """The environments and URL variables a caller chooses from, when the API has them."""

    def __init__(
        self,
        name: str,
        default_base_url: str | None,
        base_url_env: str,
        error_keys: tuple[str, ...],
        api: str = "",
        api_version: str = "",
        distribution: str = "",
        distribution_version: str = "",
        naive_datetime: str = "refuse",
        oauth_base_url: str | None = None,
        oauth_base_url_env: str | None = None,
        servers: Servers | None = None,
    ) -> None:
        super().__init__(
            name=name,
            default_base_url=default_base_url,
            base_url_env=base_url_env,
            error_keys=error_keys,
            api=api,
            api_version=api_version,
            distribution=distribution,
            distribution_version=distribution_version,
            naive_datetime=naive_datetime,
            oauth_base_url=oauth_base_url,
            oauth_base_url_env=oauth_base_url_env,
            servers=servers,
        )


async def _sleep(seconds: float) -> None:
    # asyncio is imported here, not at the top: a sync client never needs it (~13 ms), and an
    # async one has it loaded already.
    import asyncio

    await asyncio.sleep(seconds)


class _Lifetime:
    """Whether a client was closed; shared with the raw-response copies of it."""

    closed = False


class _BaseClient:
    # Set on the copy `with_raw_response` uses: calls return an APIResponse.
    _raw_response = False

    def __init__(
        self,
        *,
        config: ClientConfig,
        auth: Callable[..., httpx.Auth],
        credentials: Mapping[str, str | None],
        base_url: str | None,
        timeout: Timeout,
        max_retries: int,
        strict_response_validation: bool,
        max_response_bytes: int | None,
        oauth_base_url: str | None = None,
        allow_insecure_http: bool = False,
        environment: str | None = None,
        server_variables: Mapping[str, str | None] | None = None,
    ) -> None:
        """`auth` builds the client's auth from `credentials`, its constructor's credential
        arguments (the environment fills those left None). `environment` and
        `server_variables` choose among the API's servers (`ClientConfig.servers`); a
        `base_url` (or its environment variable) overrides them, once they are checked."""
        _check_max_retries(max_retries)
        _check_max_response_bytes(max_response_bytes)
        self._owns_http = True
        self._lifetime = _Lifetime()
        # The tolerant reading's warnings already given, by operation and field path: shared
        # with this client's copies.
        self._warned: set[tuple[str, str]] = set()
        self._config = config
        self._make_auth = auth
        self._credentials = dict(credentials)
        self._allow_insecure_http = allow_insecure_http
        self._given_base_url = base_url
        self._environment = environment
        self._server_variables = dict(server_variables or {})
        self.base_url = _base_url(config, base_url, environment, self._server_variables)
        # The OAuth2 host never follows base_url: pointing auth elsewhere is said explicitly.
        self.oauth_base_url = _oauth_base_url(config, oauth_base_url)
        self.timeout = timeout
        self.max_retries = max_retries
        self.strict_response_validation = strict_response_validation
        self.max_response_bytes = max_response_bytes
        products = [
            f"{config.distribution}/{config.distribution_version}" if config.distribution else "",
            f"apiclients-core/{__version__}",
            f"{config.api}/{config.api_version}" if config.api else "",
            f"python/{_PYTHON_VERSION}",
            f"httpx/{httpx.__version__}",
        ]
        self._user_agent = " ".join(filter(None, products)).encode("ascii")
        self._set_auth()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _set_auth(self) -> None:
        """(Re)build the auth from the credentials, for the base URLs and the connection pool
        this client uses; tokens obtained by an earlier auth are not carried over."""
        auth = self._make_auth(**self._credentials)
        if not self._allow_insecure_http:
            # The OAuth2 host receives client secrets and grants whatever the API's scheme is.
            # A spec whose API is plain http says so in its own server URL: that host only is
            # reached without the opt-in.
            if not isinstance(auth, NoAuth) and not _same_origin(
                self.base_url, self._config.default_base_url
            ):
                _refuse_plain_http(self._config.name, "base_url", self.base_url)
            if self.oauth_base_url:
                _refuse_plain_http(self._config.name, "oauth_base_url", self.oauth_base_url)
        if isinstance(auth, TokenAuth):
            auth.base_url = self.base_url
        if isinstance(auth, OAuth2Auth) and self.oauth_base_url:
            auth.rebase(self.oauth_base_url)
        self._wire(auth)
        self._auth = auth

    def _wire(self, auth: httpx.Auth) -> None:
        """Point the auth's own requests (tokens, session tokens) at this client's sender."""

    def _use_http(self, http_client: Any) -> None:
        """Send through `http_client` (an httpx client of this client's kind), or through a
        pool of its own when it is None."""
        raise NotImplementedError

    def _copy(
        self: ClientT,
        *,
        credentials: Mapping[str, str | NotGiven | None] | None = None,
        base_url: str | NotGiven | None = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        http_client: httpx.Client | httpx.AsyncClient | NotGiven | None = NOT_GIVEN,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
        max_response_bytes: int | NotGiven | None = NOT_GIVEN,
        oauth_base_url: str | NotGiven | None = NOT_GIVEN,
        allow_insecure_http: bool | NotGiven = NOT_GIVEN,
        environment: str | NotGiven | None = NOT_GIVEN,
        server_variables: Mapping[str, str | NotGiven | None] | None = None,
    ) -> ClientT:
        """What a generated client's `with_options` returns: a copy with the options given
        changed, read as its constructor reads them. It shares this client's connection pool
        unless `http_client` is given, and its auth (and the tokens obtained) unless the
        credentials, a base URL or the pool change."""
        clone = copy.copy(self)
        # Resources cached on the original point at it; the copy builds its own.
        clone.__dict__ = {k: v for k, v in self.__dict__.items() if not k[:1].isalpha()}
        for name in _OPTIONS:
            setattr(clone, name, getattr(self, name))
        clone._owns_http = False
        clone._lifetime = _Lifetime()
        given = {k: v for k, v in (credentials or {}).items() if not isinstance(v, NotGiven)}
        clone._credentials = {**self._credentials, **given}
        variables = {
            k: v for k, v in (server_variables or {}).items() if not isinstance(v, NotGiven)
        }
        server_changed = bool(variables) or not isinstance(environment, NotGiven)
        if not isinstance(base_url, NotGiven) or server_changed:
            if not isinstance(base_url, NotGiven):
                clone._given_base_url = base_url
            if not isinstance(environment, NotGiven):
                clone._environment = environment
            clone._server_variables = {**self._server_variables, **variables}
            clone.base_url = _base_url(
                self._config, clone._given_base_url, clone._environment, clone._server_variables
            )
        if not isinstance(oauth_base_url, NotGiven):
            clone.oauth_base_url = _oauth_base_url(self._config, oauth_base_url)
        if not isinstance(allow_insecure_http, NotGiven):
            clone._allow_insecure_http = allow_insecure_http
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(max_retries, NotGiven):
            _check_max_retries(max_retries)
            clone.max_retries = max_retries
        if not isinstance(strict_response_validation, NotGiven):
            clone.strict_response_validation = strict_response_validation
        if not isinstance(max_response_bytes, NotGiven):
            _check_max_response_bytes(max_response_bytes)
            clone.max_response_bytes = max_response_bytes
        if not isinstance(http_client, NotGiven):
            clone.timeout = _initial_timeout(timeout, http_client, clone.timeout)
            clone._use_http(http_client)
        rebuilt = [base_url, oauth_base_url, http_client, allow_insecure_http]
        if given or server_changed or any(not isinstance(o, NotGiven) for o in rebuilt):
            clone._set_auth()
        return clone

    def _raw_client(self) -> Any:
        """A copy of this client whose calls return an APIResponse; it shares the pool and
        is closed with this client."""
        clone = self._copy()
        clone._lifetime = self._lifetime
        clone._raw_response = True
        return clone

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation[Any],
        wire_arguments: dict[str, Any],
        extra_headers: Headers | None,
        extra_query: Query | None,
        timeout: Timeout | NotGiven,
        download: Download | None = None,
        extra_body: Body | None = None,
    ) -> httpx.Request:
        try:
            request = self._new_request(
                http, op, wire_arguments, extra_headers, extra_query, timeout, extra_body
            )
        except APIError:
            raise
        except (httpx.InvalidURL, ValueError, TypeError) as error:
            # A 70 KB cursor, a string no encoding can send (a lone surrogate), NaN in a body.
            raise InvalidArgumentError(
                f"{op.method} {op.path}: the request cannot be built "
                f"({type(error).__name__}: {error}); nothing was sent"
            ) from error
        if download is not None:
            request.extensions[DOWNLOAD] = download
        return request

    def _new_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation[Any],
        wire_arguments: dict[str, Any],
        extra_headers: Headers | None,
        extra_query: Query | None,
        timeout: Timeout | NotGiven,
        extra_body: Body | None = None,
    ) -> httpx.Request:
        wire = op.to_wire(wire_arguments)
        if extra_body:
            wire = op.with_extra_body(wire, extra_body)
        query: list[tuple[str, str | int | float | bool | None]] = list(wire.query)
        if extra_query:
            query.extend((key, str(value)) for key, value in extra_query.items())
        accept = op.content.accept() if op.content is not None else "application/json"
        headers = {b"Accept": accept.encode("ascii"), b"User-Agent": self._user_agent}
        stream = None
        if wire.content_type is not None:
            from .uploads import stream_of

            stream, length = stream_of(wire.content)
            headers[b"Content-Type"] = wire.content_type.encode("latin-1")
            if stream is not None:
                size = b"Transfer-Encoding" if length is None else b"Content-Length"
                headers[size] = b"chunked" if length is None else str(length).encode("ascii")
        if wire.headers:
            headers.update((name.encode(), value.encode("latin-1")) for name, value in wire.headers)
        if wire.cookies:
            headers[b"Cookie"] = "; ".join(f"{k}={v}" for k, v in wire.cookies).encode()
        if extra_headers:
            extra = _checked_headers(extra_headers)
            # A caller's header replaces the default of the same name, whatever its case.
            given = {name.lower() for name in extra}
            headers = {name: value for name, value in headers.items() if name.lower() not in given}
            headers.update(extra)
        base = self.base_url
        if op.server == "oauth2" and self.oauth_base_url:
            base = self.oauth_base_url
        request = _build_request(
            http,
            wire.method,
            base + wire.path,
            params=httpx.QueryParams(query) if query else None,
            json=wire.json,
            data=wire.form,
            files=wire.files,
            content=wire.content if stream is None else None,
            headers=headers,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
        )
        if stream is not None:
            request.stream = stream  # a file, read from its start at each attempt
        if extra_body:
            # The fake reads these keys as the caller's own, outside the spec's arguments.
            request.extensions[EXTRA_BODY] = frozenset(extra_body)
        if op.status_means:
            # A status that means something else here (a 401 for "not found") is no reason
            # for the auth flow to renew a token and replay the request.
            request.extensions[NO_RENEWAL] = frozenset(op.status_means)
        return request

    def _payload(self, op: Operation[Any], parsed: Any) -> Any:
        return parsed.data if op.wrapped and parsed is not None else parsed

    def _retry_delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            after = retry_after_seconds(response.headers.get("Retry-After"))
            if after is not None:
                return min(after, MAX_RETRY_AFTER)
        delay = min(INITIAL_RETRY_DELAY * 2.0**attempt, MAX_RETRY_DELAY)
        return delay * (1 - 0.25 * random.random())

    def _retry_after_error(
        self,
        request: httpx.Request,
        error: httpx.TransportError,
        attempt: int,
        idempotent: bool,
        deadline: float | None,
    ) -> float | None:
        """Seconds to wait before retrying after a transport error, or None to give up."""
        safe = (
            idempotent or request.method in IDEMPOTENT_METHODS or isinstance(error, NOT_SENT_ERRORS)
        )
        # A request h11 refused to write would be refused again.
        if attempt >= self.max_retries or not safe or isinstance(error, httpx.LocalProtocolError):
            return None
        delay = self._retry_delay(attempt, None)
        if not _in_time(delay, deadline):
            return None
        log.debug(
            "%s %s failed (%s); retry %d in %.2fs",
            request.method,
            redact_url(request.url),
            type(error).__name__,
            attempt + 1,
            delay,
        )
        return delay

    def _retry_after_response(
        self,
        request: httpx.Request,
        response: httpx.Response,
        attempt: int,
        idempotent: bool,
        deadline: float | None,
    ) -> float | None:
        """Seconds to wait before retrying after this response, or None to keep it."""
        status = response.status_code
        if attempt >= self.max_retries or status not in RETRYABLE_STATUSES:
            return None
        # A POST or PATCH the server may have acted on is never sent twice; a 429 was refused.
        if not idempotent and request.method not in IDEMPOTENT_METHODS and status != 429:
            return None
        delay = self._retry_delay(attempt, response)
        if not _in_time(delay, deadline):
            return None  # waiting would pass the call's deadline: the caller gets this answer
        log.debug(
            "%s %s -> %d; retry %d in %.2fs",
            request.method,
            redact_url(request.url),
            status,
            attempt + 1,
            delay,
        )
        return delay

    def _connection_error(self, request: httpx.Request, error: Exception) -> APIError:
        where = f"{request.method} {redact_url(request.url)}"
        if isinstance(error, httpx.TimeoutException):
            return APITimeoutError(f"Request timed out: {where}", request=request)
        if isinstance(error, httpx.LocalProtocolError):
            # h11 refused to write the request: it was never sent, and never could be.
            return InvalidArgumentError(f"{where} cannot be sent: {error}")
        return APIConnectionError(
            f"Connection error: {where}: {type(error).__name__}", request=request
        )

    def _start(self, request: httpx.Request) -> tuple[dict[str, float | None], float | None]:
        """The phase timeouts of this exchange and the monotonic time it must end by: its
        timeout's `read` value from now (a number timeout is the same for every phase), or the
        enclosing call's deadline when that comes sooner (a token fetch inside a call)."""
        # Only read here: `_clip` gives each attempt a dict of its own.
        timeouts: dict[str, float | None] = (
            request.extensions.get("timeout") or httpx.Timeout(self.timeout).as_dict()
        )
        seconds = timeouts.get("read")
        deadline = None if seconds is None else time.monotonic() + seconds
        outer = _DEADLINE.get()
        if outer is not None and (deadline is None or outer < deadline):
            deadline = outer
        return timeouts, deadline

    def _clip(
        self, request: httpx.Request, timeouts: dict[str, float | None], deadline: float | None
    ) -> None:
        """Give the next attempt its phase timeouts, none reaching past the deadline."""
        if deadline is None:
            request.extensions["timeout"] = dict(timeouts)
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._past_deadline(request)
        request.extensions["timeout"] = {
            phase: left if value is None else min(value, left) for phase, value in timeouts.items()
        }

    def _last(
        self, request: httpx.Request, last: httpx.Response | httpx.TransportError
    ) -> httpx.Response:
        if isinstance(last, httpx.Response):
            return last
        raise self._connection_error(request, last) from last

    def _past_deadline(self, request: httpx.Request) -> APITimeoutError:
        return APITimeoutError(
            f"Request timed out: {request.method} {redact_url(request.url)}: the call's "
            "timeout passed",
            request=request,
        )

    def _body_reader(self, response: httpx.Response, deadline: float | None) -> BodyReader | None:
        """Ready to read the body (None when it was read already, as a mock's may be): refused
        now when its announced size is too large, its reads given no more time than is left."""
        download = response.request.extensions.get(DOWNLOAD) if response.is_success else None
        limit = download.limit if isinstance(download, Download) else self.max_response_bytes
        try:
            content = response.content
        except httpx.ResponseNotRead:
            pass
        else:  # its size is known: what the headers announce no longer matters
            if limit is not None and len(content) > limit:
                raise self._too_large(response, "passes that size", limit)
            if isinstance(download, Download):
                download.begin()
                if download.to_file:
                    download.write(content)
            return None
        too_large = self._declared_too_large(response, limit)
        if too_large is not None:
            raise too_large
        if isinstance(download, Download):
            download.begin()
        if deadline is not None:
            # httpcore takes the body's read timeout from this dict when the body is first read.
            timeouts = response.request.extensions.get("timeout")
            if isinstance(timeouts, dict):
                left = max(deadline - time.monotonic(), 0.001)
                read = timeouts.get("read")
                timeouts["read"] = left if read is None else min(read, left)
        out = download.write if isinstance(download, Download) and download.to_file else None
        return BodyReader(response, limit, out)

    def _take_chunk(
        self, reader: BodyReader, chunk: bytes, response: httpx.Response, deadline: float | None
    ) -> bool:
        """Decode one raw chunk; False when the rest need not be read (see `_undecodable`)."""
        try:
            reader.feed(chunk)
        except BodyTooLarge:
            raise self._too_large(response, "passes that size", reader.limit) from None
        except Undecodable as problem:
            return self._undecodable(response, problem)
        if deadline is not None and time.monotonic() > deadline:
            raise self._past_deadline(response.request)
        return True

    def _keep(self, reader: BodyReader, response: httpx.Response) -> None:
        try:
            body = reader.body()
        except BodyTooLarge:
            raise self._too_large(response, "passes that size", reader.limit) from None
        except Undecodable as problem:
            self._undecodable(response, problem)
            return
        # httpx keeps a read body in `_content`; a streamed one has none until it is set here.
        response._content = body

    def _undecodable(self, response: httpx.Response, problem: Undecodable) -> bool:
        """A body that is not in its Content-Encoding (a proxy's stray `gzip` on plain text).
        An error status keeps its meaning, without the body (False: read no further); on any
        other status the response cannot be read."""
        encoding = response.headers.get("Content-Encoding", "")
        if response.is_error:
            response._content = b""
            response.extensions[_UNDECODABLE] = problem
            return False
        request = response.request
        raise APIResponseValidationError(
            f"{request.method} {redact_url(request.url)}: the response body cannot be decoded "
            f"as its Content-Encoding {encoding!r} says: {problem}",
            response=response,
            text="",
        ) from problem.__cause__

    def _status_error(
        self, response: httpx.Response, op: Operation[Any] | None = None
    ) -> APIStatusError:
        body = _raw(response)
        try:
            detail = error_text(body, self._config.error_keys)
        except JSONProblem:
            detail = ""
        message = f"{response.status_code} {response.reason_phrase}"
        meant: int | None = None
        if op is not None and response.status_code in op.status_means:
            meant = op.status_means[response.status_code]
            phrase = httpx.codes.get_reason_phrase(meant)
            message += f" (on {op.method} {op.path} it means {meant} {phrase})"
        # The server's words, unless they only repeat the status (`404 Not Found: Not Found`).
        if detail and detail.rstrip(".").casefold() != response.reason_phrase.casefold():
            message += f": {detail}"
        request_id = request_id_of(response)
        if request_id:
            message += f" (request id {request_id})"
        undecodable = response.extensions.get(_UNDECODABLE)
        if undecodable is not None:
            message += f" (its body cannot be decoded: {undecodable})"
        cls = status_error_class(meant if meant is not None else response.status_code)
        parsed = op.error_body(response.status_code, response.content) if op is not None else None
        error = cls(message, response=response, body=body, parsed_body=parsed)
        error.__cause__ = undecodable
        return error

    def _parse(self, op: Operation[Any], response: httpx.Response) -> Any:
        """The response's envelope (or payload, for unwrapped operations), validated."""
        if log.isEnabledFor(logging.DEBUG):  # the URL's redaction costs a tenth of a call
            log.debug(
                "%s %s -> %d",
                response.request.method,
                redact_url(response.request.url),
                response.status_code,
            )
        if response.is_error:
            raise self._status_error(response, op)
        op = self._for_status(op, response)
        if op.content is not None:
            try:
                return op.content.read(op, response)
            except ContentProblem as problem:
                raise APIResponseValidationError(
                    f"{op.method} {op.path}: the response is not what the spec describes: "
                    f"{problem}",
                    response=response,
                    text="",
                ) from None
        if op.response is None:
            return None
        ValidationError = _validation_error()
        envelope = op.envelope
        try:
            if self.strict_response_validation:
                parsed = op.parse(response.content)
            else:
                label = f"{op.method} {op.path}"
                parsed = op.parse_tolerantly(response.content, label, self._warned)
        except ValidationError as exc:
            parsed = self._reread(op, response, exc, response.content)
        if envelope is not None and envelope.error_key:
            failure = getattr(parsed, "error", None)
            if failure:
                raise OperationFailedError(str(failure), response=response, body=_raw(response))
        return parsed

    def _for_status(self, op: Operation[Any], response: httpx.Response) -> Operation[Any]:
        """The operation as it reads this success status (`Operation.for_status`); a status the
        spec does not declare, where statuses answer different bodies, is refused."""
        chosen = op.for_status(response.status_code)
        if chosen is None:
            declared = ", ".join(str(status) for status in op.statuses)
            raise APIResponseValidationError(
                f"{op.method} {op.path}: status {response.status_code} is none of the success "
                f"statuses the spec declares ({declared}), so its body has no known type",
                response=response,
                text=body_text(response),
            )
        return chosen

    def _reread(
        self, op: Operation[Any], response: httpx.Response, exc: ValidationError, content: bytes
    ) -> Any:
        """A response (or a streamed event: `content`) strict validation refused: a failure the
        envelope reports, an error, or (reading tolerantly) the data as received. Only this path
        pays for the second look."""
        text = content.decode("utf-8", errors="replace") if op.streams else None
        try:
            body = decode_json(content)
        except JSONProblem:
            raise self._invalid_response(op, response, _first_problem(exc), text) from None
        failure = _failure_in(body, op.envelope.error_key if op.envelope else None)
        if failure:
            raise OperationFailedError(failure, response=response, body=body)
        if self.strict_response_validation:
            raise self._invalid_response(op, response, _first_problem(exc), text)
        from .reading import ShapeMismatch, read_tolerantly

        try:
            return read_tolerantly(
                op.shape,
                body,
                label=f"{op.method} {op.path}",
                envelope=op.wrapped,
                warned=self._warned,
            )
        except ShapeMismatch as mismatch:
            raise self._invalid_response(op, response, str(mismatch), text) from None
        except RecursionError:
            raise self._invalid_response(op, response, "nested too deeply to read", text) from None

    def _invalid_response(
        self, op: Operation[Any], response: httpx.Response, problem: str, text: str | None = None
    ) -> APIResponseValidationError:
        """`text`: what was refused, when not the whole body (a streamed event)."""
        what = "an event of the stream" if op.streams else "the response"
        return APIResponseValidationError(
            f"{op.method} {op.path}: {what} is not the JSON the spec describes: {problem}",
            response=response,
            text=body_text(response) if text is None else text,
        )

    def _event(self, op: Operation[Any], response: httpx.Response, message: bytes) -> Any:
        """One event of a streamed response, read as a response body is."""
        from pydantic import ValidationError

        try:
            if self.strict_response_validation:
                return op.parse(message)
            return op.parse_tolerantly(message, f"{op.method} {op.path}", self._warned)
        except ValidationError as exc:
            return self._reread(op, response, exc, message)

    def _stream_failure(self, response: httpx.Response, error: Exception) -> APIError:
        """What a stream raises when its connection fails or a message passes the size cap."""
        from .streaming import MessageTooLarge

        if isinstance(error, MessageTooLarge):
            return self._too_large(response, f"has {error}", self.max_response_bytes)
        return self._connection_error(response.request, error)

    def _stream_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation[Any],
        arguments: Mapping[str, Any],
        extra_headers: Headers | None,
        extra_query: Query | None,
        extra_body: Body | None,
        timeout: Timeout | NotGiven,
        idempotency_key: str | NotGiven,
    ) -> httpx.Request:
        """A streamed call's request: its success body is left for the stream to read (the
        retry loop reads only an error's body, so a retry never follows a handed-out byte)."""
        if not op.streams:
            raise TypeError(f"{op.method} {op.path} does not stream; use request()")
        key = _idempotency_key(op, idempotency_key)
        wire = op.validate(arguments, self._config.naive_datetime)
        request = self._build_request(
            http, op, wire, extra_headers, extra_query, timeout, None, extra_body
        )
        _send_key(request, op, key, 0)
        request.extensions[_STREAMED] = True
        return request

    def _check_open(self, http: httpx.Client | httpx.AsyncClient) -> None:
        if self._lifetime.closed or http.is_closed:
            raise ClientClosedError(
                f"{type(self).__name__} is closed: make a new client (or use it inside its "
                "`with` block) to send requests"
            )

    def _refuse_redirect(self, response: httpx.Response, what: str) -> None:
        if response.is_redirect or 300 <= response.status_code < 400:
            raise AuthenticationError(
                f"{what} was answered {response.status_code} {response.reason_phrase}; a request "
                "carrying credentials is never redirected",
                response=response,
                body=None,
            )

    def _too_large(
        self, response: httpx.Response, size: str, limit: int | None
    ) -> ResponseTooLargeError:
        assert limit is not None
        request = response.request
        # A download's limit is its call's max_bytes; any other response's, the client's.
        download = response.is_success and DOWNLOAD in request.extensions
        option = "max_bytes" if download else "max_response_bytes"
        return ResponseTooLargeError(
            f"{request.method} {redact_url(request.url)}: the response {size}, more than "
            f"{option}={limit}",
            response=response,
            limit=limit,
        )

    def _declared_too_large(
        self, response: httpx.Response, limit: int | None
    ) -> ResponseTooLargeError | None:
        declared = response.headers.get("Content-Length", "")
        if limit is not None and declared.isdigit() and int(declared) > limit:
            return self._too_large(response, f"announces {int(declared)} bytes", limit)
        return None

    def _raise_for_status(self, response: httpx.Response) -> httpx.Response:
        if response.is_error:
            raise self._status_error(response)
        return response

    def _raw(self, op: Operation[T], responses: list[httpx.Response]) -> APIResponse[T]:
        """The last response of a call; parse() joins the results of all of them (batches), and
        parse_headers() reads the typed headers the spec declares, if it declares any."""
        last = responses[-1]

        def parse() -> T:
            return op.join([self._payload(op, self._parse(op, r)) for r in responses])

        declared = op.response_headers
        if declared is None:
            return APIResponse(last, parse)
        from .headers import read_headers

        label = f"{op.method} {op.path}"
        strict = self.strict_response_validation
        return APIResponseWithHeaders(
            last,
            parse,
            lambda: read_headers(declared, last, strict=strict, label=label, warned=self._warned),
        )

    def _next_arguments(
        self,
        op: Operation[Any],
        arguments: Mapping[str, Any],
        parsed: Any,
        response: httpx.Response,
    ) -> dict[str, Any] | None:
        assert op.pagination is not None
        items = self._payload(op, parsed) or []
        following = op.pagination.next_arguments(arguments, parsed, items, response.headers)
        url = following.get(NEXT_URL) if following is not None else None
        if following is None or not isinstance(url, str):
            return following
        return {**following, NEXT_URL: _next_page_url(op, response, url)}

    def _page_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        op: Operation[Any],
        arguments: Mapping[str, Any],
        extra_headers: Headers | None,
        extra_query: Query | None,
        timeout: Timeout | NotGiven,
        extra_body: Body | None = None,
    ) -> httpx.Request:
        """A page's request: built from the arguments, or, on a page the server named by its
        URL, that URL with the headers the arguments give (the URL keeps its own query)."""
        url = arguments.get(NEXT_URL)
        given = {key: value for key, value in arguments.items() if key != NEXT_URL}
        wire = op.validate(given, self._config.naive_datetime)
        if url is None:
            return self._build_request(
                http, op, wire, extra_headers, extra_query, timeout, None, extra_body
            )
        request = self._build_request(
            http, op, wire, extra_headers, None, timeout, None, extra_body
        )
        request.url = httpx.URL(url)
        return request


class SyncAPIClient(_BaseClient):
    _http: httpx.Client
    # How the retry loop waits; a fake's clients record the delay instead of sleeping.
    _pause: Callable[[float], None] = staticmethod(time.sleep)

    def __init__(
        self,
        *,
        config: ClientConfig,
        auth: Callable[..., httpx.Auth],
        credentials: Mapping[str, str | None],
        base_url: str | None,
        timeout: Timeout | NotGiven,
        max_retries: int,
        http_client: httpx.Client | None,
        strict_response_validation: bool = False,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        oauth_base_url: str | None = None,
        allow_insecure_http: bool = False,
        environment: str | None = None,
        server_variables: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(
            config=config,
            auth=auth,
            credentials=credentials,
            base_url=base_url,
            timeout=_initial_timeout(timeout, http_client),
            max_retries=max_retries,
            strict_response_validation=strict_response_validation,
            max_response_bytes=max_response_bytes,
            oauth_base_url=oauth_base_url,
            allow_insecure_http=allow_insecure_http,
            environment=environment,
            server_variables=server_variables,
        )
        self._use_http(http_client)

    def _use_http(self, http_client: httpx.Client | None) -> None:
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout)

    def _wire(self, auth: httpx.Auth) -> None:
        if isinstance(auth, TokenAuth):
            auth.send_sync = self._send_token

    def request(
        self,
        op: Operation[T],
        arguments: Mapping[str, Any],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        to_file: FileTarget | NotGiven | None = NOT_GIVEN,
        max_bytes: int | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
    ) -> T:
        """One call: `to_file` and `max_bytes` are a binary response's (`_core.content`),
        `idempotency_key` an operation's with an idempotency header (a fresh one unless given)."""
        results: list[Any] = []
        responses: list[httpx.Response] = []
        download = _download(op, to_file, max_bytes)
        key = _idempotency_key(op, idempotency_key)
        try:
            parts = op.batches(op.validate(arguments, self._config.naive_datetime))
            for index, part in enumerate(parts):
                request = self._build_request(
                    self._http, op, part, extra_headers, extra_query, timeout, download, extra_body
                )
                _send_key(request, op, key, index)
                response = self._send(request, op)
                if self._raw_response:
                    responses.append(self._raise_for_status(response))
                else:
                    results.append(self._payload(op, self._parse(op, response)))
        except APIError as error:
            if results:
                error.partial_result = op.join(results)
            raise
        if self._raw_response:
            return cast(T, self._raw(op, responses))
        return op.join(results)

    def request_page(
        self,
        op: Operation[list[T]],
        arguments: Mapping[str, Any],
        *,
        page: type[SyncPageT],
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> SyncPageT:
        """The first page of a list, of the API's page class `page` (holding its response's
        fields), which fetches the next ones."""
        guard = LoopGuard(op.pagination, f"{op.method} {op.path}")

        def send(args: Mapping[str, Any], depth: int) -> httpx.Response:
            request = self._page_request(
                self._http, op, args, extra_headers, extra_query, timeout, extra_body
            )
            guard.before(args, depth)
            return self._send(request, op)

        def parsed(args: Mapping[str, Any], depth: int, response: httpx.Response) -> SyncPageT:
            envelope = self._parse(op, response)
            items = self._payload(op, envelope) or []
            guard.after(args, depth, response.content, items)
            return page(
                items,
                self._next_arguments(op, args, envelope, response),
                lambda next_args: fetch(next_args, depth + 1),
                envelope,
            )

        def fetch(args: Mapping[str, Any], depth: int = 1) -> SyncPageT:
            return parsed(args, depth, send(args, depth))

        if self._raw_response:
            first = self._raise_for_status(send(arguments, 1))
            return cast(SyncPageT, APIResponse(first, lambda: parsed(arguments, 1, first)))
        return fetch(arguments)

    def request_stream(
        self,
        op: Operation[T],
        arguments: Mapping[str, Any],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
    ) -> Stream[T]:
        """A streamed call (`_core.streaming`): sent now, an error status raised now; the
        events are read as the loop over the result asks for them."""
        request = self._stream_request(
            self._http,
            op,
            arguments,
            extra_headers,
            extra_query,
            extra_body,
            timeout,
            idempotency_key,
        )
        response = self._send(request, op)
        if self._raw_response:
            self._raise_for_status(response)
            return cast("Stream[T]", APIResponse(response, lambda: self._stream(op, response)))
        if response.is_error:
            raise self._status_error(response, op)
        return self._stream(op, response)

    def _stream(self, op: Operation[T], response: httpx.Response) -> Stream[T]:
        from .streaming import Stream, StreamedContent

        assert isinstance(op.content, StreamedContent)
        return Stream(
            response,
            op.content.splitter(self.max_response_bytes),
            lambda message: self._event(op, response, message),
            lambda error: self._stream_failure(response, error),
        )

    def _send(self, request: httpx.Request, op: Operation[Any]) -> httpx.Response:
        auth = self._auth if op.auth else None
        keyed = _keyed(request, op)
        if not (op.carries_credentials or _pins_origin(auth)):
            return self._exchange(request, auth, idempotent=keyed)
        response = self._exchange(request, auth, redirects=False, idempotent=keyed)
        self._refuse_redirect(response, f"{op.method} {op.path}")
        return response

    def _send_token(self, request: httpx.Request) -> httpx.Response:
        """A token or session-token request of the auth: never redirected, and retried like an
        idempotent request (a refresh grant may be sent again)."""
        return self._exchange(request, None, redirects=False, idempotent=True)

    def _exchange(
        self,
        request: httpx.Request,
        auth: httpx.Auth | None,
        *,
        redirects: bool = True,
        idempotent: bool = False,
    ) -> httpx.Response:
        """The one retry loop: send, and send again while the retry policy allows, all
        within the call's deadline."""
        self._check_open(self._http)
        follow = self._http.follow_redirects and redirects
        timeouts, deadline = self._start(request)
        outer = _DEADLINE.set(deadline)
        try:
            attempt = 0
            while True:
                self._clip(request, timeouts, deadline)
                try:
                    response = self._http.send(
                        request, auth=auth, follow_redirects=follow, stream=True
                    )
                    self._read(response, deadline)
                except httpx.TransportError as error:
                    delay = self._retry_after_error(request, error, attempt, idempotent, deadline)
                    if delay is None:
                        raise self._connection_error(request, error) from error
                    last: httpx.Response | httpx.TransportError = error
                except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
                    # Redirects that go round, a redirect to a URL httpx cannot follow: final.
                    raise self._connection_error(request, error) from error
                else:
                    delay = self._retry_after_response(
                        request, response, attempt, idempotent, deadline
                    )
                    if delay is None:
                        return response
                    last = response
                self._pause(delay)
                if deadline is not None and time.monotonic() >= deadline:
                    # The wait overran the deadline (a busy machine): the last answer stands.
                    return self._last(request, last)
                attempt += 1
        finally:
            _DEADLINE.reset(outer)

    def _read(self, response: httpx.Response, deadline: float | None) -> None:
        """Read a streamed response's body within max_response_bytes and the deadline."""
        if response.is_success and response.request.extensions.get(_STREAMED):
            return  # a streamed call's events, read as its loop asks for them
        try:
            reader = self._body_reader(response, deadline)
            if reader is None:
                return
            for chunk in response.iter_raw():
                if not self._take_chunk(reader, chunk, response, deadline):
                    return
            self._keep(reader, response)
        finally:
            response.close()
            _end_download(response)

    def close(self) -> None:
        """Close the client: later calls raise ClientClosedError. The connection pool is closed
        too unless it is the `http_client` you gave, or shared with the client it was copied
        from."""
        self._lifetime.closed = True
        if self._owns_http:
            self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(_BaseClient):
    # How the retry loop waits; a fake's clients record the delay instead of sleeping.
    _pause: Callable[[float], Awaitable[None]] = staticmethod(_sleep)

    def __init__(
        self,
        *,
        config: ClientConfig,
        auth: Callable[..., httpx.Auth],
        credentials: Mapping[str, str | None],
        base_url: str | None,
        timeout: Timeout | NotGiven,
        max_retries: int,
        http_client: httpx.AsyncClient | None,
        strict_response_validation: bool = False,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        oauth_base_url: str | None = None,
        allow_insecure_http: bool = False,
        environment: str | None = None,
        server_variables: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(
            config=config,
            auth=auth,
            credentials=credentials,
            base_url=base_url,
            timeout=_initial_timeout(timeout, http_client),
            max_retries=max_retries,
            strict_response_validation=strict_response_validation,
            max_response_bytes=max_response_bytes,
            oauth_base_url=oauth_base_url,
            allow_insecure_http=allow_insecure_http,
            environment=environment,
            server_variables=server_variables,
        )
        self._use_http(http_client)

    def _use_http(self, http_client: httpx.AsyncClient | None) -> None:
        self._owns_http = http_client is None
        self._pool = _LoopBound(
            http_client or httpx.AsyncClient(timeout=self.timeout), owned=http_client is None
        )

    def _wire(self, auth: httpx.Auth) -> None:
        if isinstance(auth, TokenAuth):
            auth.send_async = self._send_token

    @property
    def _http(self) -> httpx.AsyncClient:
        return self._pool.client

    def _http_in_this_loop(self) -> httpx.AsyncClient:
        """The httpx client for the running event loop. Its connections belong to the loop
        they were opened in: a client this package made is replaced when a later loop (a second
        `asyncio.run`) uses it; the caller's own cannot be, and is refused with the reason."""
        import asyncio

        self._check_open(self._http)
        pool = self._pool
        loop = asyncio.get_running_loop()
        if pool.loop is not None and pool.loop() is loop:
            return pool.client
        if pool.loop is not None:
            if not pool.owned:
                raise ConfigurationError(
                    f"{type(self).__name__}: its http_client was first used in another event "
                    "loop, and an httpx.AsyncClient's connections belong to the loop that opened "
                    "them: make the httpx.AsyncClient (and this client) inside the event loop "
                    "that uses it, or let the client make its own"
                )
            pool.client = httpx.AsyncClient(timeout=pool.client.timeout)
        pool.loop = weakref.ref(loop)
        return pool.client

    async def request(
        self,
        op: Operation[T],
        arguments: Mapping[str, Any],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        to_file: FileTarget | NotGiven | None = NOT_GIVEN,
        max_bytes: int | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
    ) -> T:
        """One call: `to_file` and `max_bytes` are a binary response's (`_core.content`),
        `idempotency_key` an operation's with an idempotency header (a fresh one unless given)."""
        results: list[Any] = []
        responses: list[httpx.Response] = []
        download = _download(op, to_file, max_bytes)
        key = _idempotency_key(op, idempotency_key)
        try:
            parts = op.batches(op.validate(arguments, self._config.naive_datetime))
            for index, part in enumerate(parts):
                request = self._build_request(
                    self._http, op, part, extra_headers, extra_query, timeout, download, extra_body
                )
                _send_key(request, op, key, index)
                response = await self._send(request, op)
                if self._raw_response:
                    responses.append(self._raise_for_status(response))
                else:
                    results.append(self._payload(op, self._parse(op, response)))
        except APIError as error:
            if results:
                error.partial_result = op.join(results)
            raise
        if self._raw_response:
            return cast(T, self._raw(op, responses))
        return op.join(results)

    def request_page(
        self,
        op: Operation[list[T]],
        arguments: Mapping[str, Any],
        *,
        page: type[AsyncPageT],
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPageRequest[T, AsyncPageT]:
        """A request for a list: awaited, its first page of the API's page class `page`."""
        guard = LoopGuard(op.pagination, f"{op.method} {op.path}")

        async def send(args: Mapping[str, Any], depth: int) -> httpx.Response:
            request = self._page_request(
                self._http, op, args, extra_headers, extra_query, timeout, extra_body
            )
            guard.before(args, depth)
            return await self._send(request, op)

        def parsed(args: Mapping[str, Any], depth: int, response: httpx.Response) -> AsyncPageT:
            envelope = self._parse(op, response)
            items = self._payload(op, envelope) or []
            guard.after(args, depth, response.content, items)
            return page(
                items,
                self._next_arguments(op, args, envelope, response),
                lambda next_args: fetch(next_args, depth + 1),
                envelope,
            )

        async def fetch(args: Mapping[str, Any], depth: int = 1) -> AsyncPageT:
            return parsed(args, depth, await send(args, depth))

        async def raw() -> APIResponse[AsyncPageT]:
            first = self._raise_for_status(await send(arguments, 1))
            return APIResponse(first, lambda: parsed(arguments, 1, first))

        # Arguments are checked now, so a bad one fails at the call, not at the first await.
        op.validate(arguments, self._config.naive_datetime)
        if self._raw_response:
            return cast(AsyncPageRequest[T, AsyncPageT], raw())
        return AsyncPageRequest(lambda: fetch(arguments))

    async def request_stream(
        self,
        op: Operation[T],
        arguments: Mapping[str, Any],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
    ) -> AsyncStream[T]:
        """A streamed call (`_core.streaming`): sent now, an error status raised now; the
        events are read as the `async for` over the result asks for them."""
        request = self._stream_request(
            self._http,
            op,
            arguments,
            extra_headers,
            extra_query,
            extra_body,
            timeout,
            idempotency_key,
        )
        response = await self._send(request, op)
        if self._raw_response:
            self._raise_for_status(response)
            return cast("AsyncStream[T]", APIResponse(response, lambda: self._stream(op, response)))
        if response.is_error:
            raise self._status_error(response, op)
        return self._stream(op, response)

    def _stream(self, op: Operation[T], response: httpx.Response) -> AsyncStream[T]:
        from .streaming import AsyncStream, StreamedContent

        assert isinstance(op.content, StreamedContent)
        return AsyncStream(
            response,
            op.content.splitter(self.max_response_bytes),
            lambda message: self._event(op, response, message),
            lambda error: self._stream_failure(response, error),
        )

    async def _send(self, request: httpx.Request, op: Operation[Any]) -> httpx.Response:
        auth = self._auth if op.auth else None
        keyed = _keyed(request, op)
        if not (op.carries_credentials or _pins_origin(auth)):
            return await self._exchange(request, auth, idempotent=keyed)
        response = await self._exchange(request, auth, redirects=False, idempotent=keyed)
        self._refuse_redirect(response, f"{op.method} {op.path}")
        return response

    async def _send_token(self, request: httpx.Request) -> httpx.Response:
        """A token or session-token request of the auth: never redirected, and retried like an
        idempotent request (a refresh grant may be sent again)."""
        return await self._exchange(request, None, redirects=False, idempotent=True)

    async def _exchange(
        self,
        request: httpx.Request,
        auth: httpx.Auth | None,
        *,
        redirects: bool = True,
        idempotent: bool = False,
    ) -> httpx.Response:
        """The one retry loop (its async twin): send, and again while the policy allows,
        within the call's deadline, which here cuts even a server that answers byte by byte."""
        http = self._http_in_this_loop()
        follow = http.follow_redirects and redirects
        timeouts, deadline = self._start(request)
        outer = _DEADLINE.set(deadline)
        try:
            attempt = 0
            while True:
                self._clip(request, timeouts, deadline)
                try:
                    async with _cut_at(deadline):
                        response = await http.send(
                            request, auth=auth, follow_redirects=follow, stream=True
                        )
                        await self._read(response, deadline)
                except httpx.TransportError as error:
                    delay = self._retry_after_error(request, error, attempt, idempotent, deadline)
                    if delay is None:
                        raise self._connection_error(request, error) from error
                    last: httpx.Response | httpx.TransportError = error
                except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
                    raise self._connection_error(request, error) from error
                except TimeoutError:  # the deadline cut the attempt short
                    raise self._past_deadline(request) from None
                else:
                    delay = self._retry_after_response(
                        request, response, attempt, idempotent, deadline
                    )
                    if delay is None:
                        return response
                    last = response
                await self._pause(delay)
                if deadline is not None and time.monotonic() >= deadline:
                    # The wait overran the deadline (a busy machine): the last answer stands.
                    return self._last(request, last)
                attempt += 1
        finally:
            _DEADLINE.reset(outer)

    async def _read(self, response: httpx.Response, deadline: float | None) -> None:
        """Read a streamed response's body within max_response_bytes and the deadline."""
        if response.is_success and response.request.extensions.get(_STREAMED):
            return  # a streamed call's events, read as its loop asks for them
        try:
            reader = self._body_reader(response, deadline)
            if reader is None:
                return
            async for chunk in response.aiter_raw():
                if not self._take_chunk(reader, chunk, response, deadline):
                    return
            self._keep(reader, response)
        finally:
            await response.aclose()
            _end_download(response)

    async def close(self) -> None:
        """Close the client: later calls raise ClientClosedError. The connection pool is closed
        too unless it is the `http_client` you gave, or shared with the client it was copied
        from."""
        if self._owns_http and not self._http.is_closed:
            # Connections of an earlier loop cannot be closed from this one: they are dropped.
            await self._http_in_this_loop().aclose()
        self._lifetime.closed = True

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


_OPTIONS = (
    "base_url",
    "timeout",
    "max_retries",
    "strict_response_validation",
    "max_response_bytes",
    "oauth_base_url",
)


class _LoopBound:
    """An async client's httpx client, shared with its copies (`with_options`), and the event
    loop it was first used in."""

    def __init__(self, client: httpx.AsyncClient, owned: bool) -> None:
        self.client = client
        self.owned = owned
        self.loop: weakref.ref[Any] | None = None


_UNDECODABLE = "apiclients.undecodable"
# Request extension: a streamed call's success body is left unread for its stream.
_STREAMED = "apiclients.streamed"
"""Response extension: why an error response's body could not be decoded."""


def _next_page_url(op: Operation[Any], response: httpx.Response, url: str) -> str:
    """The next page's URL a response names, made absolute against its request's URL. One on
    another scheme, host or port is refused: the client's credentials go to its API alone."""
    here = response.request.url
    try:
        target = here.join(url)
    except httpx.InvalidURL:
        target = None
    if target is None or (target.scheme, target.host, target.port) != (
        here.scheme,
        here.host,
        here.port,
    ):
        raise APIResponseValidationError(
            f"{op.method} {op.path}: the next page's URL {redact_url(url)!r} is not on "
            f"{here.scheme}://{here.netloc.decode('ascii')}, which answered this page; the "
            "client sends its credentials nowhere else",
            response=response,
            text=body_text(response),
        )
    return str(target)


def _download(
    op: Operation[Any], to_file: FileTarget | NotGiven | None, max_bytes: int | NotGiven | None
) -> Download | None:
    """Where a binary response goes (None for any other response)."""
    if op.content is None or not op.content.downloads:
        return None
    return download_of(to_file, max_bytes)


def _end_download(response: httpx.Response) -> None:
    """Close the file a download opened for this response's body, if any."""
    download = response.request.extensions.get(DOWNLOAD)
    if isinstance(download, Download):
        download.end()


def _in_time(delay: float, deadline: float | None) -> bool:
    """Whether a wait of `delay` seconds still ends before the deadline."""
    return deadline is None or time.monotonic() + delay < deadline


def _initial_timeout(
    timeout: Timeout | NotGiven,
    http_client: httpx.Client | httpx.AsyncClient | None,
    default: Timeout = DEFAULT_TIMEOUT,
) -> Timeout:
    """The given timeout; else the caller's http_client's own; else `default`."""
    if not isinstance(timeout, NotGiven):
        return timeout
    return http_client.timeout if http_client is not None else default


def _base_url(
    config: ClientConfig,
    given: str | None,
    environment: str | None = None,
    variables: Mapping[str, str | None] | None = None,
) -> str:
    """The base URL given, else its environment variable's, else the chosen server's (checked
    whichever wins: a bad choice is an error even when overridden)."""
    if config.servers is not None:
        chosen: str | None = config.servers.url(config.name, environment, variables or {})
    else:
        chosen = config.default_base_url
    base = given or os.environ.get(config.base_url_env) or chosen
    if not base:
        raise ConfigurationError(
            f"{config.name} needs a base URL: pass base_url= or set the "
            f"{config.base_url_env} environment variable."
        )
    return _checked_url(config.name, "base_url", base).rstrip("/")


def _oauth_base_url(config: ClientConfig, given: str | None) -> str | None:
    oauth_base = (
        given
        or (os.environ.get(config.oauth_base_url_env) if config.oauth_base_url_env else None)
        or config.oauth_base_url
    )
    if not oauth_base:
        return None
    return _checked_url(config.name, "oauth_base_url", oauth_base).rstrip("/")


def _idempotency_key(op: Operation[Any], given: str | NotGiven) -> str | None:
    """The call's idempotency key: the caller's, checked before anything is sent, else a fresh
    one; None for an operation without an idempotency header."""
    if op.idempotency_header is None:
        return None
    if isinstance(given, NotGiven):
        return _fresh_key()
    problem = header_problem(op.idempotency_header, given) if given else "it is empty"
    if problem:
        raise InvalidArgumentError(
            f"{op.method} {op.path}: idempotency_key: {problem}; nothing was sent"
        )
    return given


def _fresh_key() -> str:
    # uuid is imported by the first key made, not with the package: few operations take one.
    import uuid

    return str(uuid.uuid4())


def _send_key(request: httpx.Request, op: Operation[Any], key: str | None, part: int) -> None:
    """Put the call's key on the request (each batch of a call its own: `<key>-2`, ...), unless
    the caller's extra_headers gave that header; the retries re-send this request, key and all."""
    header = op.idempotency_header
    if key is not None and header is not None and header not in request.headers:
        request.headers[header] = key if part == 0 else f"{key}-{part + 1}"


def _keyed(request: httpx.Request, op: Operation[Any]) -> bool:
    """Whether the request carries its operation's idempotency key: then the server recognises
    a retry of it, and a POST is retried as safely as a PUT."""
    return op.idempotency_header is not None and op.idempotency_header in request.headers


def _check_max_retries(value: int) -> None:
    if value < 0:
        raise ConfigurationError("max_retries must be 0 or more")


def _checked_url(client: str, argument: str, value: str) -> str:
    """A base URL, refused unless it is an absolute http(s) URL without user information
    (a password there would show wherever the URL does). The message never repeats it."""
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as error:
        raise ConfigurationError(f"{client}: {argument} is not a valid URL ({error})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"{client}: {argument} must be an absolute http:// or https:// URL"
        )
    if url.userinfo:
        raise ConfigurationError(
            f"{client}: {argument} must not hold a user name or password (user:password@host): "
            "pass credentials as the client's own arguments"
        )
    return value


def _pins_origin(auth: httpx.Auth | None) -> bool:
    """Whether requests with this auth must not be redirected: httpx would carry its
    credentials (a key in another header or in the query) to wherever the redirect points."""
    return auth is not None and not getattr(auth, "follows_redirects", True)


def _same_origin(url: str, spec_url: str | None) -> bool:
    """Whether `url` has the scheme, host and port of the URL the spec gives."""
    if spec_url is None:
        return False
    one, other = httpx.URL(url), httpx.URL(spec_url)
    return (one.scheme, one.host, one.port) == (other.scheme, other.host, other.port)


def _refuse_plain_http(client: str, argument: str, value: str) -> None:
    url = httpx.URL(value)
    if url.scheme == "http" and not is_loopback(url.host):
        raise ConfigurationError(
            f"{client}: {argument} is plain http:// to {url.host}, which would send credentials "
            "unencrypted; use https://, or pass allow_insecure_http=True to send them anyway"
        )


def _check_max_response_bytes(value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ConfigurationError("max_response_bytes must be a positive number of bytes, or None")


def _checked_headers(headers: Headers) -> dict[bytes, bytes]:
    """Extra headers, refused before sending when a name or value could not travel as one header."""
    checked: dict[bytes, bytes] = {}
    for name, value in headers.items():
        problem = header_problem(name, value)
        if problem:
            raise InvalidArgumentError(f"extra_headers[{name!r}]: {problem}")
        # httpx encodes str values as ASCII; HTTP allows Latin-1, so headers travel as bytes.
        checked[name.encode("ascii")] = value.encode("latin-1")
    return checked


def _build_request(
    http: httpx.Client | httpx.AsyncClient,
    method: str,
    url: str,
    *,
    headers: dict[bytes, bytes],
    timeout: Timeout,
    params: httpx.QueryParams | None = None,
    **body: Any,
) -> httpx.Request:
    """`http.build_request(...)` for an absolute URL, made as httpx makes it: the http client's
    headers, cookies and query parameters merged with the request's (`headers` replacing those
    of the same names), `timeout` in the request's extensions, `body` (json, data, ...) passed on.

    httpx merges the headers name by name through its case-insensitive multi-dict, a sixth of a
    call's client-side cost; filtering the byte pairs gives the same list. An http client whose
    class builds its requests its own way keeps its way.
    """
    if type(http).build_request is not _HTTPX_BUILD:
        return http.build_request(
            method, url, params=params, headers=headers, timeout=timeout, **body
        )
    replaced = {name.lower() for name in headers}
    merged = [pair for pair in http.headers.raw if pair[0].lower() not in replaced]
    merged.extend(headers.items())
    if http.params:
        params = http.params.merge(params)
    limits = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    cookies = http.cookies  # asking a cookie jar whether it is empty walks it: once
    return httpx.Request(
        method,
        url,
        params=params,
        headers=merged,
        cookies=cookies if cookies else None,
        extensions={"timeout": limits.as_dict()},
        **body,
    )


_HTTPX_BUILD = httpx.Client.build_request


def _raw(response: httpx.Response) -> Any:
    try:
        return decode_json(response.content)
    except JSONProblem:
        return body_text(response)


def _failure_in(body: Any, error_key: str | None) -> str | None:
    failure = body.get(error_key) if error_key and isinstance(body, dict) else None
    return str(failure) if failure else None


@functools.cache
def _validation_error() -> type[ValidationError]:
    """pydantic's ValidationError, imported on first use (an import statement in the request
    path costs a microsecond a call)."""
    from pydantic import ValidationError

    return ValidationError


def _first_problem(exc: ValidationError) -> str:
    from .reading import path_text

    error = exc.errors(include_url=False, include_input=False)[0]
    where = path_text(error["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {error['msg']}{more}" if where else f"{error['msg']}{more}"


def _cut_at(deadline: float | None) -> Any:
    """A context that cancels what runs inside it at the deadline (TimeoutError), if any."""
    import asyncio
    import contextlib

    if deadline is None or not hasattr(asyncio, "timeout"):  # asyncio.timeout: Python 3.11
        return contextlib.nullcontext()
    return asyncio.timeout(max(deadline - time.monotonic(), 0.0))
