"""Base classes of the generated resources: each holds the client it sends through."""

from __future__ import annotations

from typing import TypeVar

from .client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncResource", "SyncResource"]

SyncR = TypeVar("SyncR", bound="SyncResource")
AsyncR = TypeVar("AsyncR", bound="AsyncResource")


class SyncResource:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def _raw_responses(self: SyncR) -> SyncR:
        """This resource on a copy of the client whose calls return an APIResponse."""
        return type(self)(self._client._raw_client())

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class AsyncResource:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    def _raw_responses(self: AsyncR) -> AsyncR:
        """This resource on a copy of the client whose calls return an APIResponse."""
        return type(self)(self._client._raw_client())

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
