"""Retries, timeouts and failures of the generated clients, over real sockets to a local server."""

from __future__ import annotations

import email.utils
import logging
import time

import httpx
import pytest

from apiclients import errors
from apiclients.nicejob import AsyncNiceJob, NiceJob
from apiclients.nicejob.types import Person
from tests.runtime.conftest import call
from tests.runtime.samples import envelope, person
from tests.server.fakeapi import FakeAPI, Reply

TOKEN = "secret-test-token"


def nicejob(mode: str, api: FakeAPI, action, **kwargs):  # type: ignore[no-untyped-def]
    kwargs = {"access_token": TOKEN, "base_url": api.url, **kwargs}
    return call(mode, NiceJob, AsyncNiceJob, action, **kwargs)


def test_get_is_retried_on_5xx_until_it_succeeds(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", Reply(500), Reply(503), Reply(json=envelope(person())))
    result = nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert isinstance(result, Person)
    assert len(api.requests_to("GET", "/v2/people/p1")) == 3


def test_retries_stop_at_max_retries(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", *[Reply(502, json={"error": "upstream down"})] * 5)
    with pytest.raises(errors.InternalServerError, match="502 Bad Gateway: upstream down"):
        nicejob(mode, api, lambda c: c.people.retrieve("p1"), max_retries=1)
    assert len(api.requests_to("GET", "/v2/people/p1")) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_a_create_is_never_sent_twice_after_a_server_error(
    api: FakeAPI, mode: str, status: int
) -> None:
    api.script("POST", "/v2/people", Reply(status), Reply(json=envelope(person())))
    with pytest.raises(errors.APIStatusError):
        nicejob(mode, api, lambda c: c.people.create(first_name="Ann"))
    assert len(api.requests_to("POST", "/v2/people")) == 1


def test_a_create_is_retried_after_429(api: FakeAPI, mode: str) -> None:
    api.script(
        "POST",
        "/v2/people",
        Reply(429, headers={"Retry-After": "0"}),
        Reply(json=envelope(person())),
    )
    result = nicejob(mode, api, lambda c: c.people.create(first_name="Ann"))
    assert result.first_name == "Ann"
    assert len(api.requests_to("POST", "/v2/people")) == 2


@pytest.mark.parametrize("header", ["1", "date"])
def test_retry_after_is_honoured(api: FakeAPI, mode: str, header: str) -> None:
    value = "1" if header == "1" else email.utils.formatdate(time.time() + 2, usegmt=True)
    api.script(
        "GET", "/v2/company", Reply(429, headers={"Retry-After": value}), Reply(json=envelope(None))
    )
    started = time.monotonic()
    with pytest.raises(errors.APIResponseValidationError):  # data null where a Company is promised
        nicejob(mode, api, lambda c: c.company.retrieve())
    assert time.monotonic() - started >= 0.9
    assert len(api.requests_to("GET", "/v2/company")) == 2


def test_retry_after_is_capped(api: FakeAPI, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from apiclients._core import client as core_client

    monkeypatch.setattr(core_client, "MAX_RETRY_AFTER", 0.2)
    api.script(
        "GET",
        "/v2/people/p1",
        Reply(503, headers={"Retry-After": "3600"}),
        Reply(json=envelope(person())),
    )
    started = time.monotonic()
    nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert time.monotonic() - started < 5


def test_connection_reset_before_the_request_is_read(api: FakeAPI, mode: str) -> None:
    api.script(
        "GET", "/v2/people/p1", Reply(reset_before_read=True), Reply(json=envelope(person()))
    )
    assert nicejob(mode, api, lambda c: c.people.retrieve("p1")).id == "p1"
    assert api.connections == 2


def test_a_post_whose_connection_broke_after_sending_is_not_repeated(
    api: FakeAPI, mode: str
) -> None:
    api.script("POST", "/v2/people", Reply(reset_after_read=True), Reply(json=envelope(person())))
    with pytest.raises(errors.APIConnectionError) as info:
        nicejob(mode, api, lambda c: c.people.create(first_name="Ann"))
    assert not isinstance(info.value, errors.APITimeoutError)
    assert len(api.requests_to("POST", "/v2/people")) == 1


def test_a_get_whose_connection_broke_after_sending_is_retried(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", Reply(reset_after_read=True), Reply(json=envelope(person())))
    assert nicejob(mode, api, lambda c: c.people.retrieve("p1")).id == "p1"
    assert len(api.requests_to("GET", "/v2/people/p1")) == 2


def test_a_post_that_could_not_connect_is_retried(mode: str) -> None:
    with socket_that_refuses() as port:
        attempts = []

        class Counting(httpx.HTTPTransport):
            def handle_request(self, request: httpx.Request) -> httpx.Response:
                attempts.append(request)
                return super().handle_request(request)

        class AsyncCounting(httpx.AsyncHTTPTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                attempts.append(request)
                return await super().handle_async_request(request)

        http = (
            httpx.Client(transport=Counting())
            if mode == "sync"
            else httpx.AsyncClient(transport=AsyncCounting())
        )
        with pytest.raises(
            errors.APIConnectionError, match=r"Connection error: POST http://127\.0\.0\.1"
        ):
            call(
                mode,
                NiceJob,
                AsyncNiceJob,
                lambda c: c.people.create(first_name="Ann"),
                access_token=TOKEN,
                base_url=f"http://127.0.0.1:{port}",
                http_client=http,
                max_retries=2,
            )
        assert len(attempts) == 3


def test_a_slow_response_times_out_at_the_calls_deadline(api: FakeAPI, mode: str) -> None:
    # The timeout bounds the whole call: no retry starts once it has passed. The bound is far
    # from both the timeout and the reply's delay, so a loaded machine cannot blur the two.
    api.script("GET", "/v2/people/p1", *[Reply(delay=2.0, json=envelope(person()))] * 3)
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError):
        nicejob(mode, api, lambda c: c.people.retrieve("p1", timeout=0.2), max_retries=1)
    assert time.monotonic() - started < 1.8
    assert len(api.requests_to("GET", "/v2/people/p1")) == 1


def test_a_slow_create_is_not_repeated(api: FakeAPI, mode: str) -> None:
    api.script("POST", "/v2/people", Reply(delay=1.0, json=envelope(person())))
    with pytest.raises(errors.APITimeoutError):
        nicejob(mode, api, lambda c: c.people.create(first_name="Ann"), timeout=0.2)
    assert len(api.requests_to("POST", "/v2/people")) == 1


def test_timeout_per_client_and_with_options(api: FakeAPI, mode: str) -> None:
    api.script(
        "GET",
        "/v2/people/p1",
        Reply(delay=0.5, json=envelope(person())),
        Reply(delay=0.5, json=envelope(person())),
    )
    with pytest.raises(errors.APITimeoutError):
        nicejob(mode, api, lambda c: c.people.retrieve("p1"), timeout=0.1, max_retries=0)
    result = nicejob(
        mode,
        api,
        lambda c: c.with_options(timeout=5, max_retries=0).people.retrieve("p1"),
        timeout=0.1,
        max_retries=0,
    )
    assert result.id == "p1"


@pytest.mark.parametrize(
    ("reply", "fragment"),
    [
        (Reply(body=b'{"data": {"id": "p1", "first_na'), "not the JSON the spec describes"),
        (
            Reply(
                body=b"<html><body>Bad gateway</body></html>", headers={"Content-Type": "text/html"}
            ),
            "not the JSON",
        ),
        (Reply(json={"data": {"id": 5}}), "data.id"),
        (Reply(json=[1, 2, 3]), "not the JSON"),
    ],
)
def test_a_response_that_is_not_the_promised_json(
    api: FakeAPI, mode: str, reply: Reply, fragment: str
) -> None:
    api.script("GET", "/v2/people/p1", reply)
    with pytest.raises(errors.APIResponseValidationError, match=fragment) as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert info.value.status_code == 200
    assert info.value.text == reply.payload().decode()


def test_a_body_shorter_than_announced_is_a_connection_error(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", *[Reply(json=envelope(person()), truncate_to=20)] * 3)
    with pytest.raises(errors.APIConnectionError):
        nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert len(api.requests_to("GET", "/v2/people/p1")) == 3


def test_status_errors_carry_the_server_message(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", Reply(404, json={"error": "Person p1 not found"}))
    with pytest.raises(errors.NotFoundError, match="404 Not Found: Person p1 not found") as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert info.value.body == {"error": "Person p1 not found"}


def test_extra_headers_and_query(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", Reply(json=envelope(person())))
    nicejob(
        mode,
        api,
        lambda c: c.people.retrieve(
            "p1", extra_headers={"X-Trace": "t1"}, extra_query={"debug": 1}
        ),
    )
    (request,) = api.requests_to("GET", "/v2/people/p1")
    assert request.headers["x-trace"] == "t1"
    assert request.query == [("debug", "1")]
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


def test_debug_log_shows_requests_and_retries_without_secrets(
    api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    api.script("GET", "/v2/people", Reply(503), Reply(json=envelope([person()])))
    with caplog.at_level(logging.DEBUG, logger="apiclients"):
        nicejob(
            "sync",
            api,
            lambda c: c.people.list(email="ann@example.com", extra_query={"access_token": TOKEN}),
        )
    text = caplog.text
    assert "GET http://127.0.0.1" in text and "-> 503; retry 1" in text and "-> 200" in text
    assert TOKEN not in text and "access_token=***" in text


def test_secrets_stay_out_of_reprs_and_errors(api: FakeAPI) -> None:
    client = NiceJob(access_token=TOKEN, base_url=api.url, client_id="cid", client_secret="shh")
    assert (
        TOKEN not in repr(client) and "shh" not in repr(client) and "shh" not in repr(client._auth)
    )
    api.script(
        "GET",
        "/v2/people/p1",
        Reply(401, json={"error": "expired"}),
        Reply(401, json={"error": "expired"}),
    )
    client = NiceJob(access_token=TOKEN, base_url=api.url)
    with pytest.raises(errors.AuthenticationError) as info:
        client.people.retrieve("p1")
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)


class socket_that_refuses:
    """A local port nothing listens on: bound and not listening, held until the end so that no
    other process (tests run side by side) can take it meanwhile."""

    def __enter__(self) -> int:
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        port: int = self.socket.getsockname()[1]
        return port

    def __exit__(self, *exc: object) -> None:
        self.socket.close()
