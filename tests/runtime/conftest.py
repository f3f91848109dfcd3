from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from apiclients._core import client as core_client
from tests.server.fakeapi import FakeAPI


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    with FakeAPI() as server:
        yield server


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Back-off waits of milliseconds, so retry tests stay fast; the policy is unchanged."""
    monkeypatch.setattr(core_client, "INITIAL_RETRY_DELAY", 0.01)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def call(mode: str, sync_cls: type, async_cls: type, action: Callable[[Any], Any], **kwargs: Any) -> Any:
    """Build the sync or async client with `kwargs`, run `action(client)`, close the client."""
    if mode == "sync":
        with sync_cls(**kwargs) as client:
            return action(client)

    async def go() -> Any:
        async with async_cls(**kwargs) as client:
            result = action(client)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(go())
