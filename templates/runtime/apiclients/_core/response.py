"""Raw responses: `client.<resource>.with_raw_response.<method>(...)` returns an `APIResponse`.

Each generated resource has a `...WithRawResponse` twin whose methods are the resource's own,
bound to a copy of the client that returns raw responses; the helpers below only give them
their types.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

from .pagination import AsyncPageRequest, AsyncPageT

__all__ = [
    "APIResponse",
    "APIResponseWithHeaders",
    "raw_async",
    "raw_async_headers",
    "raw_async_pages",
    "raw_sync",
    "raw_sync_headers",
]

T = TypeVar("T")
H = TypeVar("H")
R = TypeVar("R")
P = ParamSpec("P")
_UNPARSED: Any = object()


class APIResponse(Generic[T]):
    """The HTTP response of a call, with `parse()` giving what the plain call returns.

    A 4xx or 5xx status raises at the call, as the plain call does; `parse()` raises what the
    plain call raises for a body that is not what the spec describes.
    """

    def __init__(self, http_response: httpx.Response, parse: Callable[[], T]) -> None:
        self.http_response = http_response
        self._parse = parse
        self._parsed: Any = _UNPARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    def parse(self) -> T:
        """The call's result (a model, a list, a page, or None); parsed once, then kept."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parse()
        return self._parsed  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<APIResponse [{self.status_code}] {request.method} {request.url.path}>"


class APIResponseWithHeaders(APIResponse[T], Generic[T, H]):
    """The raw response of an operation whose spec declares typed response headers:
    `parse_headers()` reads them (`headers` keeps the raw `httpx.Headers`)."""

    def __init__(
        self, http_response: httpx.Response, parse: Callable[[], T], parse_headers: Callable[[], H]
    ) -> None:
        super().__init__(http_response, parse)
        self._parse_headers = parse_headers
        self._parsed_headers: Any = _UNPARSED

    def parse_headers(self) -> H:
        """The declared headers, typed (attributes by Python name); read once, then kept. Read
        strictly, a required header missing, or one its type refuses, raises
        `APIResponseValidationError` naming it; read tolerantly, it is None or the text received,
        with a warning."""
        if self._parsed_headers is _UNPARSED:
            self._parsed_headers = self._parse_headers()
        return self._parsed_headers  # type: ignore[no-any-return]


# The method given is already bound to a client that returns raw responses: these only say so.


def raw_sync(method: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    return cast(Callable[P, APIResponse[R]], method)


def raw_async(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[APIResponse[R]]]:
    return cast(Callable[P, Awaitable[APIResponse[R]]], method)


def raw_async_pages(
    method: Callable[P, AsyncPageRequest[T, AsyncPageT]],
) -> Callable[P, Awaitable[APIResponse[AsyncPageT]]]:
    return cast(Callable[P, Awaitable[APIResponse[AsyncPageT]]], method)


def raw_sync_headers(
    method: Callable[P, R], headers: type[H]
) -> Callable[P, APIResponseWithHeaders[R, H]]:
    return cast(Callable[P, APIResponseWithHeaders[R, H]], method)


def raw_async_headers(
    method: Callable[P, Awaitable[R]], headers: type[H]
) -> Callable[P, Awaitable[APIResponseWithHeaders[R, H]]]:
    return cast(Callable[P, Awaitable[APIResponseWithHeaders[R, H]]], method)
