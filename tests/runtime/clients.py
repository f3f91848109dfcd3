"""Base clients and fakes for the runtime's own tests, which describe their operations by hand:
no credentials, no retries and a short timeout unless a test says otherwise, and one way to run
a test's action on either kind of client, so that each test is written once for sync and async."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from apiclients._core.auth import NoAuth
from apiclients._core.client import AsyncAPIClient, ClientConfig, SyncAPIClient
from apiclients._core.testing import Answers, FakeAPI, FakeConfig, Route


def settings(config: ClientConfig, base_url: str, **options: Any) -> dict[str, Any]:
    """A base client's constructor arguments."""
    return {
        "config": config,
        "auth": NoAuth,
        "credentials": {},
        "base_url": base_url,
        "timeout": 10.0,
        "max_retries": 0,
        "http_client": None,
        **options,
    }


def sync_client(config: ClientConfig, base_url: str, **options: Any) -> SyncAPIClient:
    return SyncAPIClient(**settings(config, base_url, **options))


def async_client(config: ClientConfig, base_url: str, **options: Any) -> AsyncAPIClient:
    return AsyncAPIClient(**settings(config, base_url, **options))


def run(mode: str, client_of: Callable[[type[Any]], Any], action: Callable[[Any], Any]) -> Any:
    """`action(client)` on the client `client_of` makes of the mode's class (`"sync"` or
    `"async"`), closed afterwards; an async action's result is awaited."""
    if mode == "sync":
        with client_of(SyncAPIClient) as client:
            return action(client)

    async def go() -> Any:
        async with client_of(AsyncAPIClient) as client:
            result = action(client)
            return await result if asyncio.iscoroutine(result) else result

    return asyncio.run(go())


def on_server(
    mode: str, config: ClientConfig, base_url: str, action: Callable[[Any], Any], **options: Any
) -> Any:
    """`action(client)` on a base client of the mode's kind pointed at `base_url`."""
    return run(mode, lambda cls: cls(**settings(config, base_url, **options)), action)


def on_fake(
    mode: str, fake: FakeAPI[SyncAPIClient, AsyncAPIClient], action: Callable[[Any], Any]
) -> Any:
    """`action(client)` on the fake's client of the mode's kind."""
    return run(
        mode, lambda cls: fake.client() if cls is SyncAPIClient else fake.async_client(), action
    )


class GivenAnswers(Answers):
    """Each operation's default answer, given by the test instead of read from a package."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        super().__init__("apiclients", "none.json")
        self._answers = answers

    def read(self) -> Mapping[str, Any]:
        return self._answers


def fake_class(
    api: ClientConfig, routes: tuple[Route, ...], answers: Mapping[str, Any], **options: Any
) -> type[FakeAPI[SyncAPIClient, AsyncAPIClient]]:
    """A fake of the hand-described `routes`, answering `answers` by operation; its clients are
    base clients of `api` (constructor `options` beside the fake's own)."""
    client_options = {"config": api, "auth": NoAuth, "credentials": {}, **options}

    class Fake(FakeAPI[SyncAPIClient, AsyncAPIClient]):
        config = FakeConfig(
            name=api.name.lower(), default_base_url=None, error_key=api.error_keys[0], auth=NoAuth()
        )

        @staticmethod
        def client_class(**given: Any) -> SyncAPIClient:
            return SyncAPIClient(**{**client_options, **given})

        @staticmethod
        def async_client_class(**given: Any) -> AsyncAPIClient:
            return AsyncAPIClient(**{**client_options, **given})

    Fake.routes = routes
    Fake.answers = GivenAnswers(answers)
    return Fake
