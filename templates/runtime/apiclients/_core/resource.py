"""Base classes of the generated resources: each holds the client it sends through."""

from __future__ import annotations

from .client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncResource", "SyncResource"]


class SyncResource:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class AsyncResource:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
