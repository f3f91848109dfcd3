"""Raw responses: `client.<resource>.with_raw_response.<method>(...)` returns an `APIResponse`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

if TYPE_CHECKING:
    from .resource import AsyncResource, SyncResource

__all__ = ["APIResponse", "RawResponses"]

T = TypeVar("T")
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


class RawResponses:
    """`resource.with_raw_response`: the resource's methods (and sub-resources), each returning
    an `APIResponse` instead of the parsed result."""

    def __init__(self, resource: SyncResource | AsyncResource) -> None:
        # The same resource class, bound to a copy of the client that returns raw responses.
        self._resource = type(resource)(resource._client._raw_client())

    def __getattr__(self, name: str) -> Any:
        from .resource import AsyncResource, SyncResource

        member = getattr(self._resource, name)
        if isinstance(member, SyncResource | AsyncResource):
            return RawResponses(member)
        return member

    def __repr__(self) -> str:
        return f"{type(self._resource).__name__}.with_raw_response"
