"""Base classes of the generated resources: each holds the client it sends through."""

from __future__ import annotations

from functools import cached_property

from .client import AsyncAPIClient, SyncAPIClient
from .response import RawResponses

__all__ = ["AsyncResource", "SyncResource"]


class SyncResource:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> RawResponses:
        """The same methods, each returning an `APIResponse` (status, headers, `parse()`)."""
        return RawResponses(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class AsyncResource:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> RawResponses:
        """The same methods, each returning an `APIResponse` (status, headers, `parse()`)."""
        return RawResponses(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
