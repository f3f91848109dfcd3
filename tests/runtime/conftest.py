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


@pytest.fixture(autouse=True)
def strict_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's own tests read responses strictly, so a spec mistake fails here; a test of
    tolerant reading passes `strict_response_validation=False` itself."""
    import importlib
    import pkgutil

    import apiclients

    for info in pkgutil.iter_modules(apiclients.__path__):
        if info.name.startswith("_") or info.name == "errors":
            continue
        package = importlib.import_module(f"apiclients.{info.name}")
        for name in package.__all__:
            cls = getattr(package, name)
            defaults = getattr(getattr(cls, "__init__", None), "__kwdefaults__", None) or {}
            if "strict_response_validation" in defaults:
                monkeypatch.setitem(defaults, "strict_response_validation", True)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def call(
    mode: str, sync_cls: type, async_cls: type, action: Callable[[Any], Any], **kwargs: Any
) -> Any:
    """Build the sync or async client with `kwargs`, run `action(client)`, close the client."""
    if mode == "sync":
        with sync_cls(**kwargs) as client:
            return action(client)

    async def go() -> Any:
        async with async_cls(**kwargs) as client:
            result = action(client)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(go())


def retrieve_person(mode: str, **kwargs: Any) -> Any:
    """`people.retrieve("p1")` on a NiceJob client (sync or async) built with `kwargs`: the call
    most transport and auth tests make."""
    from apiclients.nicejob import AsyncNiceJob, NiceJob

    return call(mode, NiceJob, AsyncNiceJob, lambda c: c.people.retrieve("p1"), **kwargs)
