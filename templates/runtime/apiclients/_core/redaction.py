"""Keeping credentials out of what the package shows: logs, reprs, messages, pickles.

A credential travels in a header (`Authorization`), in a request body (a token grant) or, for
some APIs, in the query (TimeTap's session fetch sends its API key and a signature). Whatever
the package shows of a request goes through here first: URLs with credential-like query values
replaced by `***` and no user information, headers that carry credentials replaced, and bodies
left out. httpx's own INFO line about each request is filtered the same way.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Iterable
from urllib.parse import unquote_plus

import httpx

__all__ = [
    "SHOWN",
    "hide_names",
    "hide_secrets_in_httpx_logs",
    "is_loopback",
    "redact_url",
    "secret_name",
    "shown_request",
    "shown_response",
]

SHOWN = "***"

# Parts of a name that say it holds a credential: anywhere in the name for these...
# (The patterns are compiled on first use, by `re`, which keeps them, rather than at import.)
_SECRET_ANYWHERE = r"(?i)token|secret|passw|signature|credential|apikey|session|jwt|authoriz|cookie"
# ...and as a whole word (`api_key`, `X-Sig`, `pwd`) for these short ones, which other words
# contain (`keyword`, `design`, `author`).
_SECRET_WORDS = frozenset({"key", "sig", "pass", "pwd", "auth", "code", "otp", "sid", "hmac"})
_WORDS = r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+"
# Names an API's scheme sends its keys under (`appid`, `k`), whatever they say: added by the
# scheme when a client is built, and never removed (hiding a value of the same name elsewhere
# costs nothing).
_DECLARED: set[str] = set()


def hide_names(names: Iterable[str]) -> None:
    """Treat query parameters and headers of these names (any case) as credentials."""
    _DECLARED.update(name.lower() for name in names)


def secret_name(name: str) -> bool:
    """Whether a query parameter or header of this name may hold a credential."""
    if name.lower() in _DECLARED or re.search(_SECRET_ANYWHERE, name):
        return True
    return any(word.lower() in _SECRET_WORDS for word in re.findall(_WORDS, name))


def redact_url(url: httpx.URL | str) -> str:
    """The URL as the package shows it: credential-like query values replaced, no user info."""
    if isinstance(url, str):
        try:
            url = httpx.URL(url)
        except httpx.InvalidURL:
            return "(an invalid URL)"
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    if not url.query:
        return str(url)
    parts = url.query.decode("ascii").split("&")
    shown = [_shown_pair(part) for part in parts]
    if shown == parts:
        return str(url)
    return str(url.copy_with(query=None)) + "?" + "&".join(shown)


def _shown_pair(part: str) -> str:
    name, equals, _ = part.partition("=")
    return f"{name}={SHOWN}" if equals and secret_name(unquote_plus(name)) else part


def _shown_headers(headers: httpx.Headers) -> httpx.Headers:
    return httpx.Headers(
        [(name, SHOWN if secret_name(name) else value) for name, value in headers.multi_items()]
    )


def _needs_hiding(request: httpx.Request) -> bool:
    url = request.url
    return bool(url.userinfo) or any(secret_name(name) for name, _ in url.params.multi_items())


def shown_request(request: httpx.Request, *, whole: bool = False) -> httpx.Request:
    """The request as an error shows it: the same object when its URL holds no credential,
    else a copy with the URL redacted. `whole` (for a pickle) also replaces credential headers
    and leaves the body out."""
    if not whole and not _needs_hiding(request):
        return request
    headers = _shown_headers(request.headers) if whole else request.headers
    return httpx.Request(request.method, redact_url(request.url), headers=headers)


def shown_response(response: httpx.Response) -> httpx.Response:
    """A copy of a response, with its request, fit to be pickled: no credential header either
    way, no request body."""
    copy = httpx.Response(
        response.status_code,
        headers=_shown_headers(response.headers),
        content=_content(response),
        request=shown_request(response.request, whole=True),
    )
    copy.read()
    return copy


def _content(response: httpx.Response) -> bytes:
    try:
        return response.content
    except httpx.ResponseNotRead:
        return b""


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this machine (credentials may travel in clear there)."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _RedactingFilter(logging.Filter):
    """Redacts the URLs in httpx's own log lines (`HTTP Request: GET <url> ...`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(a, httpx.URL) for a in args):
            record.args = tuple(redact_url(a) if isinstance(a, httpx.URL) else a for a in args)
        return True


def hide_secrets_in_httpx_logs() -> None:
    """Install the filter on httpx's logger, once per process."""
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactingFilter) for f in logger.filters):
        logger.addFilter(_RedactingFilter())
