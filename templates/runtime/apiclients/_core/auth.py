"""Credentials, applied as httpx auth flows so every scheme shares one mechanism.

A scheme that obtains tokens (a session token, an OAuth2 refresh) does it inside its flow; the
flow renews once on a 401 and replays the request. No scheme shows a secret in its repr.

Each scheme also knows the API's side, for the generated fakes (`_core.testing`): whether a
request carries credentials the API would accept (`fake_accepts`), how the API answers its token
requests (`fake_token`) and which constructor arguments a fake gives the clients it builds
(`fake_arguments`). A fake holds its API's scheme, built with fake credentials, and asks it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl

import httpx

from ..errors import AuthenticationError, ConfigurationError, RateLimitError
from .bodies import body_text
from .decoding import JSONProblem, decode_json
from .redaction import hide_names
from .types import Record

if TYPE_CHECKING:  # asyncio costs a sync client ~13 ms to import; async code has it loaded
    import asyncio

__all__ = [
    "NO_RENEWAL",
    "ApiKey",
    "ApiKeyAuth",
    "BasicAuth",
    "BearerAuth",
    "NoAuth",
    "OAuth2Auth",
    "SessionTokenAuth",
    "TokenAuth",
    "cookie_problem",
    "credential",
    "header_problem",
    "oauth2_or_bearer",
    "request_cookies",
]

# Patterns, compiled on first use (by `re`, which keeps them) rather than at import.
_HEADER_NAME = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_CONTROL = r"[\x00-\x08\x0a-\x1f\x7f]"  # every control character but the tab
_COOKIE_VALUE = r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*"  # RFC 6265


def header_problem(name: str, value: str) -> str | None:
    """Why a header could not be sent as given, or None.

    A line break, for one, would start another header.
    """
    if not isinstance(name, str) or not re.fullmatch(_HEADER_NAME, name):
        return "is not a valid header name"
    if not isinstance(value, str):
        return "the value is not a string"
    if re.search(_CONTROL, value):
        # h11 refuses them too, but only once the request is being written, as a broken
        # connection that would then be retried.
        return "the value contains a line break, NUL or another control character"
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return "the value has characters outside Latin-1"
    return None


def cookie_problem(name: str, value: str) -> str | None:
    """Why a cookie could not be sent as given, or None."""
    if not re.fullmatch(_HEADER_NAME, name):
        return "is not a valid cookie name"
    if not re.fullmatch(_COOKIE_VALUE, value):
        return "the value has a space, quote, comma, semicolon, backslash or control character"
    return None


def _header_safe(value: str, what: str) -> str:
    problem = header_problem("Authorization", value)
    if problem:
        raise ConfigurationError(f"{what} cannot be sent in a header: {problem}")
    return value


NO_RENEWAL = "apiclients.no_renewal"
"""Request extension: statuses that do not mean an expired token on this request."""


def credential(value: str | None, env: str, *, client: str, argument: str) -> str:
    """The given credential, else the environment variable's, else a ConfigurationError."""
    if value:
        return value
    from_env = os.environ.get(env)
    if from_env:
        return from_env
    raise ConfigurationError(
        f"{client} needs a credential: pass {argument}= or set the {env} environment variable."
    )


class FakeServer(Record):
    """A fake of the API, as its auth scheme sees it when a request arrives."""

    base_path: str  # the path of the fake's base URL, which the API's own endpoints are below
    generation: int  # raised by the fake's revoke_tokens(): tokens of earlier ones are refused
    error: Callable[[int, str], httpx.Response]  # an error response in the API's own format

    def __init__(
        self, base_path: str, generation: int, error: Callable[[int, str], httpx.Response]
    ) -> None:
        super().__init__(base_path=base_path, generation=generation, error=error)

    def token(self, kind: str) -> str:
        """The token of this kind ('access', 'refresh', 'session') the fake hands out now."""
        return f"fake-{kind}-token-{self.generation}"


class Scheme(httpx.Auth):
    """An auth scheme: the client's flow (httpx.Auth), and the API's side of it for a fake.

    The defaults are an API that asks for nothing and has no token endpoint.
    """

    # Whether httpx may follow a redirect with the credentials on: it drops the Authorization
    # header (and the cookies) when a redirect leaves the origin, and nothing else.
    follows_redirects = True

    def fake_accepts(self, request: httpx.Request, server: FakeServer) -> bool:
        """Whether the API would accept the credentials this request carries."""
        return True

    def fake_token(self, request: httpx.Request, server: FakeServer) -> httpx.Response | None:
        """The API's answer when this is a request of the scheme's token endpoint, else None."""
        return None

    def fake_arguments(
        self, credentials: Mapping[str, str], given: Mapping[str, Any]
    ) -> dict[str, str]:
        """Which of the fake's `credentials` (constructor argument -> fake value) a client it
        builds gets, besides the arguments a test `given`."""
        return dict(credentials)


class NoAuth(Scheme):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield request

    def __repr__(self) -> str:
        return "NoAuth()"


class BearerAuth(Scheme):
    """`Authorization: Bearer <token>`."""

    def __init__(self, token: str) -> None:
        self._header = _header_safe(f"Bearer {token}", "the access token")

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def fake_accepts(self, request: httpx.Request, server: FakeServer) -> bool:
        # Any token stands for one the user holds: a fake cannot tell a real one from a typo.
        return bool(_bearer(request))

    def __repr__(self) -> str:
        return "BearerAuth(token=***)"


class BasicAuth(Scheme):
    """HTTP Basic with a fixed user name (often empty) and the credential as password."""

    def __init__(self, username: str, password: str) -> None:
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        # The password travels base64-encoded; only its bytes matter, so nothing to refuse.
        self._header = f"Basic {token}"
        self._username = username

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def fake_accepts(self, request: httpx.Request, server: FakeServer) -> bool:
        # The user name is the API's own (often empty); any password stands for the user's key.
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        try:
            user, _, password = base64.b64decode(value).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return scheme == "Basic" and user == self._username and bool(password)

    def __repr__(self) -> str:
        return "BasicAuth(password=***)"


class ApiKey(Record):
    """One key of an API-key scheme: sent in a header, a query parameter or a cookie named
    `name`, as `prefix` followed by the value (`Token abc`). The value is never shown."""

    location: Literal["header", "query", "cookie"]
    name: str
    value: str
    prefix: str

    def __init__(
        self,
        location: Literal["header", "query", "cookie"],
        name: str,
        value: str,
        prefix: str = "",
    ) -> None:
        super().__init__(location=location, name=name, value=value, prefix=prefix)

    def __repr__(self) -> str:
        return f"ApiKey(location={self.location!r}, name={self.name!r}, prefix={self.prefix!r})"

    def problem(self) -> str | None:
        """Why the key could not be sent as given, or None (never showing the value)."""
        if self.location == "header":
            return header_problem(self.name, self.prefix + self.value)
        if self.location == "cookie":
            return cookie_problem(self.name, self.prefix + self.value)
        return None

    def sent(self, request: httpx.Request) -> str | None:
        """The value this key has in a request (prefix removed), or None."""
        found: str | None
        if self.location == "header":
            found = request.headers.get(self.name)
        elif self.location == "query":
            found = request.url.params.get(self.name)
        else:
            found = request_cookies(request).get(self.name)
        if found is None or not found.startswith(self.prefix):
            return None
        return found[len(self.prefix) :]


class ApiKeyAuth(Scheme):
    """One or more API keys, each in a header, a query parameter or a cookie, on every request.

    A key's name is added to those the package hides in what it shows (logs, messages), since
    an API may give a query key a name that says nothing (`appid`). Such a request is never
    redirected: httpx keeps other headers and the query on a redirect to another host.
    """

    follows_redirects = False

    def __init__(self, *keys: ApiKey) -> None:
        for key in keys:
            problem = key.problem()
            if problem:
                raise ConfigurationError(
                    f"the API key {key.name!r} cannot be sent in a {key.location}: {problem}"
                )
        hide_names(key.name for key in keys)
        self._keys = keys

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        for key in self._keys:
            value = key.prefix + key.value
            if key.location == "header":
                request.headers[key.name] = value
            elif key.location == "query":
                request.url = request.url.copy_set_param(key.name, value)
            else:
                cookies = {**request_cookies(request), key.name: value}
                request.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        yield request

    def fake_accepts(self, request: httpx.Request, server: FakeServer) -> bool:
        # Any key stands for one the user holds: a fake cannot tell a real one from a typo.
        return all(key.sent(request) for key in self._keys)

    def __repr__(self) -> str:
        shown = ", ".join(f"{key.location}:{key.name}=***" for key in self._keys)
        return f"ApiKeyAuth({shown})"


def request_cookies(request: httpx.Request) -> dict[str, str]:
    """The request's `Cookie` header as a mapping, in order."""
    pairs = (part.strip().partition("=") for part in request.headers.get("Cookie", "").split(";"))
    return {name: value for name, _, value in pairs if name}


class TokenAuth(Scheme):
    """A bearer token the auth flow obtains itself, then renews once when a request gets a 401.

    Concurrent requests share one fetch: whoever holds the lock fetches, the others find the new
    token when they get it. Subclasses say how to request a token and read the response.

    Token requests go through the client's own retry loop (`send_sync` / `send_async`, set by
    the client), not through the flow: so they follow the retry policy and are never
    redirected, whatever the caller's http_client does with redirects.
    """

    base_url = ""  # set by the client: token endpoints are relative to the API's base URL
    renew_early = 60.0  # seconds before expiry at which a token is renewed
    send_sync: Callable[[httpx.Request], httpx.Response] | None = None
    send_async: Callable[[httpx.Request], Awaitable[httpx.Response]] | None = None

    def __init__(self) -> None:
        self._token: str | None = None
        self._renew_at: float | None = None
        self._thread_lock = threading.Lock()
        self._loop_locks: dict[int, asyncio.Lock] = {}

    def _usable(self) -> str | None:
        """The current token, unless there is none or it is about to expire."""
        if self._renew_at is not None and time.time() >= self._renew_at:
            return None
        return self._token

    def _expires_in(self, seconds: object) -> None:
        """Plan the renewal of a token valid for `seconds`: `renew_early` before it expires, but
        never before half its life, so a short-lived token is not fetched again on every call."""
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
            self._renew_at = None  # no usable lifetime: renewed when the API answers 401
            return
        self._renew_at = time.time() + seconds - min(self.renew_early, seconds / 2)

    def token_request(self) -> httpx.Request:
        raise NotImplementedError

    def read_token(self, response: httpx.Response) -> str:
        raise NotImplementedError

    def _store(self, response: httpx.Response) -> str:
        name = type(self).__name__
        status = response.status_code
        if 300 <= status < 400:
            raise AuthenticationError(
                f"{name}: the token request was answered {status} {response.reason_phrase}; "
                "token requests are never redirected",
                response=response,
                body=None,
            )
        if status == 429:
            # Throttled, not refused: the credentials may be fine, and waiting is the remedy.
            body = _body(response)
            after = response.headers.get("Retry-After")
            raise RateLimitError(
                f"{name}: the token request was throttled (429 Too Many Requests)"
                + (f"; the server asks to wait {after!r} (Retry-After)" if after else ""),
                response=response,
                body=body,
            )
        if response.is_error:
            body = _body(response)
            detail = _description(body)
            raise AuthenticationError(
                f"{name}: the token request failed with {status}"
                + (f": {detail}" if detail else ""),
                response=response,
                body=body,
            )
        token = self.read_token(response)
        if header_problem("Authorization", token):
            raise AuthenticationError(
                f"{name}: the token response's token cannot be sent in a header",
                response=response,
                body=None,
            )
        self._token = token
        return token

    def _fetch(self) -> str:
        if self.send_sync is None:
            raise ConfigurationError(f"{type(self).__name__} is used outside a sync client")
        return self._store(self.send_sync(self.token_request()))

    async def _afetch(self) -> str:
        if self.send_async is None:
            raise ConfigurationError(f"{type(self).__name__} is used outside an async client")
        return self._store(await self.send_async(self.token_request()))

    def _authorize(self, request: httpx.Request, token: str) -> httpx.Request:
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        with self._thread_lock:
            token = self._usable() or self._fetch()
        response = yield self._authorize(request, token)
        if not _renewal_needed(request, response):
            return
        with self._thread_lock:
            if self._token == token:
                self._fetch()
            token = self._token or token
        yield self._authorize(request, token)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        lock = self._loop_lock()
        async with lock:
            token = self._usable() or await self._afetch()
        response = yield self._authorize(request, token)
        if not _renewal_needed(request, response):
            return
        async with lock:
            if self._token == token:
                await self._afetch()
            token = self._token or token
        yield self._authorize(request, token)

    def _loop_lock(self) -> asyncio.Lock:
        import asyncio  # already loaded: this runs inside an event loop

        # An asyncio.Lock belongs to one event loop; a client may be used from several in turn.
        key = id(asyncio.get_running_loop())
        lock = self._loop_locks.get(key)
        if lock is None:
            self._loop_locks = {key: asyncio.Lock()}
            lock = self._loop_locks[key]
        return lock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token=***)"


class SessionTokenAuth(TokenAuth):
    """A session token fetched from an endpoint of the API with the user's credentials.

    `query` maps each wire parameter of the token request to a recipe: a credential's name,
    `timestamp` (Unix seconds at fetch time), or `md5:a+b` (hex MD5 of credentials a and b).
    """

    def __init__(
        self,
        *,
        method: str,
        path: str,
        query: Mapping[str, str],
        token_field: str,
        credentials: Mapping[str, str],
    ) -> None:
        super().__init__()
        self._method = method
        self._path = path
        self._query = dict(query)
        self._token_field = token_field
        self._credentials = dict(credentials)

    def _value(self, recipe: str) -> str:
        if recipe == "timestamp":
            return str(int(time.time()))
        if recipe.startswith("md5:"):
            text = "".join(self._credentials[name] for name in recipe[4:].split("+"))
            return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
        return self._credentials[recipe]

    def token_request(self) -> httpx.Request:
        params = {key: self._value(recipe) for key, recipe in self._query.items()}
        return httpx.Request(
            self._method,
            self.base_url + self._path,
            params=params,
            headers={"Accept": "application/json"},
        )

    def read_token(self, response: httpx.Response) -> str:
        body = _body(response)
        token = body.get(self._token_field) if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise AuthenticationError(
                f"SessionTokenAuth: the token response has no {self._token_field!r}",
                response=response,
                body=None,
            )
        return token

    def fake_accepts(self, request: httpx.Request, server: FakeServer) -> bool:
        return _bearer(request) == server.token("session")

    def fake_token(self, request: httpx.Request, server: FakeServer) -> httpx.Response | None:
        url = request.url
        if request.method != self._method or url.path != server.base_path + self._path:
            return None
        missing = [key for key in self._query if not url.params.get(key)]
        if missing:
            return server.error(401, f"Missing {', '.join(missing)}")
        return httpx.Response(200, json={self._token_field: server.token("session")})


class OAuth2Auth(TokenAuth):
    """Access tokens from an OAuth2 token endpoint: the refresh_token grant when a refresh token
    is known, else client_credentials. Renewed before expiry and once on a 401; a refresh token
    the server rotates is kept."""

    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        refresh_token: str | None = None,
        access_token: str | None = None,
        redirect_uri: str | None = None,
        form: bool = False,
    ) -> None:
        super().__init__()
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._refresh_token = refresh_token
        self._token = access_token
        self._redirect_uri = redirect_uri
        self._form = form

    def rebase(self, oauth_base_url: str) -> None:
        """Send token requests to this scheme and host (a test server) instead of the spec's."""
        path = httpx.URL(self._token_url).raw_path.decode("ascii")
        self._token_url = oauth_base_url.rstrip("/") + path

    def token_request(self) -> httpx.Request:
        grant: dict[str, str] = {"client_id": self._client_id, "client_secret": self._client_secret}
        if self._refresh_token:
            grant.update(grant_type="refresh_token", refresh_token=self._refresh_token)
        else:
            grant["grant_type"] = "client_credentials"
        if self._redirect_uri:
            grant["redirect_uri"] = self._redirect_uri
        url = self._token_url
        if url.startswith("/"):  # on the API's own host, wherever the client points
            base = httpx.URL(self.base_url)
            url = f"{base.scheme}://{base.netloc.decode('ascii')}{url}"
        headers = {"Accept": "application/json"}
        if self._form:
            return httpx.Request("POST", url, data=grant, headers=headers)
        return httpx.Request("POST", url, json=grant, headers=headers)

    def read_token(self, response: httpx.Response) -> str:
        body = _body(response)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise AuthenticationError(
                "OAuth2Auth: the token response has no access_token", response=response, body=None
            )
        assert isinstance(body, dict)
        self._expires_in(body.get("expires_in"))
        rotated = body.get("refresh_token")
        if isinstance(rotated, str) and rotated:
            self._refresh_token = rotated
        return token

    # What each grant needs besides the client's id and secret, at a fake's token endpoint.
    _FAKE_GRANTS: Mapping[str, tuple[str, ...]] = {
        "refresh_token": ("refresh_token",),
        "authorization_code": ("code",),
        "client_credentials": (),
    }

    def fake_accepts(self, request: httpx.Request, server: FakeServer) -> bool:
        # A token the fake issued must be current; any other stands for one the user holds.
        token = _bearer(request)
        issued = token.startswith("fake-access-token-")
        return bool(token) and (not issued or token == server.token("access"))

    def fake_token(self, request: httpx.Request, server: FakeServer) -> httpx.Response | None:
        # A token URL that is a path is on the API's host, whatever host the fake is given.
        target, url = httpx.URL(self._token_url), request.url
        if request.method != "POST" or url.path != target.path:
            return None
        if target.host and target.host != url.host:
            return None
        grant = _form_or_json(request)
        if not isinstance(grant, dict):
            return httpx.Response(400, json={"error": "invalid_request"})
        kind = grant.get("grant_type")
        needed = ("client_id", "client_secret", *self._FAKE_GRANTS.get(str(kind), ()))
        if kind not in self._FAKE_GRANTS or not all(grant.get(key) for key in needed):
            return httpx.Response(400, json={"error": "invalid_grant"})
        return httpx.Response(
            200,
            json={
                "access_token": server.token("access"),
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": server.token("refresh"),
            },
        )

    def fake_arguments(
        self, credentials: Mapping[str, str], given: Mapping[str, Any]
    ) -> dict[str, str]:
        # Given any of these, the client obtains its own tokens: no access token is added.
        if any(given.get(name) for name in ("client_id", "client_secret", "refresh_token")):
            return {}
        return dict(credentials)


def oauth2_or_bearer(
    *,
    client: str,
    token_url: str,
    form: bool,
    client_credentials: bool,
    access_token: str | None,
    client_id: str | None,
    client_secret: str | None,
    refresh_token: str | None,
    redirect_uri: str | None,
    env: Mapping[str, str],
    redirect_uri_required: bool = False,
) -> httpx.Auth:
    """The auth of an OAuth2 API from what the user gave (arguments first, then environment):
    client credentials with a refresh token (or alone, where the API has the client_credentials
    grant) make the client obtain its own tokens; an access token alone is used as it is."""
    given = {
        "access_token": access_token,
        "client_id": client_id,
        "client_secret": client_secret,
        "refresh_token": refresh_token,
        "redirect_uri": redirect_uri,
    }
    values = {key: value or os.environ.get(env[key], "") or None for key, value in given.items()}
    if (
        values["client_id"]
        and values["client_secret"]
        and (values["refresh_token"] or client_credentials)
    ):
        if redirect_uri_required and not values["redirect_uri"]:
            raise ConfigurationError(
                f"{client} needs the redirect URI of its OAuth2 application to refresh tokens "
                f"(the API requires it on every token request): pass redirect_uri= or set the "
                f"{env['redirect_uri']} environment variable."
            )
        return OAuth2Auth(
            token_url=token_url,
            client_id=values["client_id"],
            client_secret=values["client_secret"],
            refresh_token=values["refresh_token"],
            access_token=values["access_token"],
            redirect_uri=values["redirect_uri"],
            form=form,
        )
    if values["access_token"]:
        return BearerAuth(values["access_token"])
    oauth = (
        "client_id= and client_secret=, with refresh_token= for a user's data"
        if client_credentials
        else "client_id=, client_secret= and refresh_token="
    )
    raise ConfigurationError(
        f"{client} needs a credential: pass access_token= or set the {env['access_token']} "
        f"environment variable (or {oauth}, or {env['client_id']}, {env['client_secret']} and "
        f"{env['refresh_token']})."
    )


def _bearer(request: httpx.Request) -> str:
    """The token of a request's `Authorization: Bearer` header, or ''."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value if scheme == "Bearer" else ""


def _form_or_json(request: httpx.Request) -> object:
    content = request.content
    if request.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(content.decode(), keep_blank_values=True))
    try:
        return decode_json(content)
    except JSONProblem:
        return None


def _renewal_needed(request: httpx.Request, response: httpx.Response) -> bool:
    return response.status_code == 401 and 401 not in request.extensions.get(NO_RENEWAL, ())


def _body(response: httpx.Response) -> object:
    try:
        return decode_json(response.content)
    except JSONProblem:
        return body_text(response)[:500]


def _description(body: object) -> str:
    """The server's reason from an OAuth2 error body (RFC 6749 5.2), or ''."""
    if not isinstance(body, dict):
        return ""
    parts = [body.get("error_description"), body.get("error"), body.get("message")]
    return "; ".join(p for p in parts if isinstance(p, str) and p)[:500]
