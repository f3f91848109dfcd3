"""Clients that obtain, renew and share their own tokens, against a local server."""

from __future__ import annotations

import asyncio
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from apiclients import errors
from apiclients._core import auth as core_auth
from apiclients.nicejob import AsyncNiceJob, NiceJob
from tests.runtime.conftest import retrieve_person
from tests.runtime.samples import envelope, person
from tests.server.fakeapi import FakeAPI, Received, Reply

CREDENTIALS = {"client_id": "app-id", "client_secret": "app-secret"}


class TokenServer:
    """A token endpoint issuing token-1, token-2, ... and a resource accepting only the newest."""

    def __init__(self, api: FakeAPI, expires_in: int = 86400) -> None:
        self.issued = 0
        self.expires_in = expires_in
        self.lock = threading.Lock()
        api.handle("POST", "/oauth/token", self.token)
        api.handle("GET", "/v2/people/p1", self.resource)

    def token(self, request: Received) -> Reply:
        with self.lock:
            self.issued += 1
            number = self.issued
        return Reply(
            json={
                "access_token": f"token-{number}",
                "token_type": "bearer",
                "expires_in": self.expires_in,
                "refresh_token": f"refresh-{number}",
            }
        )

    def resource(self, request: Received) -> Reply:
        if request.headers.get("authorization") != f"Bearer token-{self.issued}":
            return Reply(401, json={"error": "token expired"})
        return Reply(json=envelope(person()))


def test_a_client_obtains_its_token_with_the_refresh_grant(api: FakeAPI, mode: str) -> None:
    server = TokenServer(api)
    result = retrieve_person(
        mode,
        base_url=api.url,
        oauth_base_url=api.url,
        refresh_token="refresh-0",
        **CREDENTIALS,
    )
    assert result.id == "p1"
    (grant,) = api.requests_to("POST", "/oauth/token")
    assert grant.headers["content-type"] == "application/json"
    assert grant.json() == {
        "client_id": "app-id",
        "client_secret": "app-secret",
        "grant_type": "refresh_token",
        "refresh_token": "refresh-0",
    }
    assert server.issued == 1


def test_client_credentials_when_no_refresh_token(api: FakeAPI, mode: str) -> None:
    TokenServer(api)
    retrieve_person(
        mode,
        base_url=api.url,
        oauth_base_url=api.url,
        **CREDENTIALS,
    )
    (grant,) = api.requests_to("POST", "/oauth/token")
    assert grant.json()["grant_type"] == "client_credentials"


def test_an_expired_token_is_refreshed_once_on_401_and_the_request_replayed(
    api: FakeAPI, mode: str
) -> None:
    server = TokenServer(api)
    server.issued = 5  # the server has moved on: the given access token is stale
    result = retrieve_person(
        mode,
        base_url=api.url,
        oauth_base_url=api.url,
        access_token="token-0",
        refresh_token="refresh-0",
        **CREDENTIALS,
    )
    assert result.id == "p1"
    assert len(api.requests_to("POST", "/oauth/token")) == 1
    tokens = [r.headers["authorization"] for r in api.requests_to("GET", "/v2/people/p1")]
    assert tokens == ["Bearer token-0", "Bearer token-6"]


def test_a_token_rejected_twice_raises_authentication_error(api: FakeAPI, mode: str) -> None:
    api.handle("POST", "/oauth/token", lambda r: Reply(json={"access_token": "useless"}))
    api.handle("GET", "/v2/people/p1", lambda r: Reply(401, json={"error": "no"}))
    with pytest.raises(errors.AuthenticationError, match="401 Unauthorized: no"):
        retrieve_person(
            mode,
            base_url=api.url,
            oauth_base_url=api.url,
            **CREDENTIALS,
        )
    assert len(api.requests_to("POST", "/oauth/token")) == 2  # first use, then once on the 401
    assert len(api.requests_to("GET", "/v2/people/p1")) == 2


def test_a_failed_token_request_is_an_authentication_error_without_secrets(
    api: FakeAPI, mode: str
) -> None:
    api.script("POST", "/oauth/token", Reply(400, json={"error": "invalid_grant"}))
    with pytest.raises(errors.AuthenticationError, match="token request failed with 400") as info:
        retrieve_person(
            mode,
            base_url=api.url,
            oauth_base_url=api.url,
            refresh_token="refresh-0",
            **CREDENTIALS,
        )
    assert "app-secret" not in str(info.value) and "refresh-0" not in str(info.value)


def test_a_token_near_expiry_is_renewed_before_use(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = TokenServer(api, expires_in=30)  # shorter than the 60 s early-renewal window
    clock = [1_000_000.0]
    monkeypatch.setattr(core_auth, "time", SimpleNamespace(time=lambda: clock[0]))
    with NiceJob(
        base_url=api.url, oauth_base_url=api.url, refresh_token="refresh-0", **CREDENTIALS
    ) as client:
        client.people.retrieve("p1")
        client.people.retrieve("p1")  # a short-lived token is still used, not fetched per call
        assert server.issued == 1
        clock[0] += 16  # past half its life: renewed before use
        client.people.retrieve("p1")
    assert server.issued == 2
    grants = [r.json() for r in api.requests_to("POST", "/oauth/token")]
    assert grants[1]["refresh_token"] == "refresh-1"  # the rotated refresh token is used


def test_twenty_concurrent_threads_share_one_refresh(api: FakeAPI) -> None:
    server = TokenServer(api)
    server.issued = 1
    with NiceJob(
        base_url=api.url,
        oauth_base_url=api.url,
        access_token="token-0",
        refresh_token="r",
        **CREDENTIALS,
    ) as client:
        barrier = threading.Barrier(20)

        def fetch(_: int) -> str:
            barrier.wait()
            return client.people.retrieve("p1").id

        with ThreadPoolExecutor(20) as pool:
            assert list(pool.map(fetch, range(20))) == ["p1"] * 20
    assert len(api.requests_to("POST", "/oauth/token")) == 1


def test_twenty_concurrent_tasks_share_one_refresh(api: FakeAPI) -> None:
    server = TokenServer(api)
    server.issued = 1

    async def main() -> list[str]:
        async with AsyncNiceJob(
            base_url=api.url,
            oauth_base_url=api.url,
            access_token="token-0",
            refresh_token="r",
            **CREDENTIALS,
        ) as client:
            people = await asyncio.gather(*(client.people.retrieve("p1") for _ in range(20)))
            return [p.id for p in people]

    assert asyncio.run(main()) == ["p1"] * 20
    assert len(api.requests_to("POST", "/oauth/token")) == 1


def test_missing_credentials_name_the_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NICEJOB_ACCESS_TOKEN", "NICEJOB_CLIENT_ID", "NICEJOB_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(errors.ConfigurationError, match=r"NICEJOB_ACCESS_TOKEN.*NICEJOB_CLIENT_ID"):
        NiceJob()


def test_credentials_from_the_environment(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    TokenServer(api)
    monkeypatch.setenv("NICEJOB_CLIENT_ID", "env-id")
    monkeypatch.setenv("NICEJOB_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("NICEJOB_BASE_URL", api.url)
    monkeypatch.setenv("NICEJOB_OAUTH_BASE_URL", api.url)
    with NiceJob() as client:
        client.people.retrieve("p1")
    assert json.loads(api.requests_to("POST", "/oauth/token")[0].body)["client_id"] == "env-id"
