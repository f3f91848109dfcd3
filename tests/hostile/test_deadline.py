"""The caller's timeout bounds the whole call: retries, Retry-After waits and a server that
drips its answer a byte at a time included."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from apiclients import errors
from apiclients.nicejob import NiceJob
from tests.hostile.probes import nicejob
from tests.runtime.samples import envelope, person
from tests.server.fakeapi import FakeAPI, Reply

# A body dripped a byte every 0.2 s: 4-5 s to send, were the call not cut.
SHORT_BODY = b'{"data": {"id": "p1"}}'


def timed(call: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`call(client)` after a first call that loads the models, timed from its start: the
    elapsed seconds are in `timed.elapsed` once it has ended (in an error too)."""

    def run(client: Any) -> Any:
        if isinstance(client, NiceJob):
            client.people.retrieve("p1")
            started = time.monotonic()
            try:
                return call(client)
            finally:
                ELAPSED.append(time.monotonic() - started)

        async def go() -> Any:
            await client.people.retrieve("p1")
            started = time.monotonic()
            try:
                return await call(client)
            finally:
                ELAPSED.append(time.monotonic() - started)

        return go()

    return run


ELAPSED: list[float] = []
WARM_UP = Reply(json=envelope(person()))


def test_a_dripping_server_is_cut_at_the_deadline(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", WARM_UP, Reply(body=SHORT_BODY, drip=0.2))
    ELAPSED.clear()
    with pytest.raises(errors.APITimeoutError, match="timed out"):
        nicejob(mode, api, timed(lambda c: c.people.retrieve("p1")), timeout=1.0)
    # Cut at the deadline (sync: at the first byte after it, 0.2 s later at most).
    assert 0.9 < ELAPSED[0] < 1.6


def test_a_per_call_timeout_is_a_deadline_too(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", WARM_UP, Reply(body=SHORT_BODY, drip=0.2))
    ELAPSED.clear()
    with pytest.raises(errors.APITimeoutError):
        nicejob(mode, api, timed(lambda c: c.people.retrieve("p1", timeout=0.5)))
    assert ELAPSED[0] < 1.0


def test_a_429_storm_does_not_hold_a_post_past_its_timeout(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", WARM_UP)
    api.handle("POST", "/v2/people", lambda r: Reply(429, headers={"Retry-After": "1"}))
    ELAPSED.clear()
    with pytest.raises(errors.RateLimitError) as info:
        nicejob(
            mode, api, timed(lambda c: c.people.create(first_name="Ann")), timeout=1, max_retries=10
        )
    # A wait of 1 s would end past the deadline: the 429 is the answer, at once.
    assert ELAPSED[0] < 0.9
    assert info.value.retry_after == 1.0
    assert len(api.requests_to("POST", "/v2/people")) == 1


def test_retries_and_their_waits_fit_in_the_timeout(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", WARM_UP)
    api.handle("GET", "/v2/people/p1", lambda r: Reply(503, headers={"Retry-After": "0.3"}))
    ELAPSED.clear()
    # The last 503, or a timeout when the deadline passes during the last attempt.
    with pytest.raises((errors.InternalServerError, errors.APITimeoutError)):
        nicejob(mode, api, timed(lambda c: c.people.retrieve("p1")), timeout=1, max_retries=10)
    assert ELAPSED[0] < 1.2
    assert 1 + 2 <= len(api.requests_to("GET", "/v2/people/p1")) <= 1 + 4


def test_a_call_within_its_timeout_is_retried_as_usual(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", Reply(503), Reply(503), Reply(json=envelope(person())))
    assert nicejob(mode, api, lambda c: c.people.retrieve("p1"), timeout=5).id == "p1"


def test_a_token_fetch_shares_the_calls_deadline(api: FakeAPI, mode: str) -> None:
    # A token response dripped over 4 s; the call (its first: models load too) must end by 1 s.
    api.handle("POST", "/oauth/token", lambda r: Reply(json={"access_token": "t"}, drip=0.2))
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError, match="timed out"):
        nicejob(
            mode,
            api,
            lambda c: c.people.retrieve("p1"),
            access_token=None,
            client_id="app",
            client_secret="app-secret",
            refresh_token="r",
            oauth_base_url=api.url,
            timeout=1,
        )
    assert time.monotonic() - started < 2.5
    assert api.requests_to("GET", "/v2/people/p1") == []
