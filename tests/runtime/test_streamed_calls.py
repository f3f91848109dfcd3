"""Streamed calls end to end (`request_stream`): the client sends the request, raises an error
status at once, and reads each event as typed, from the real local server and from the fake,
sync and async; an event of another shape is refused strictly or kept tolerantly; a message
over `max_response_bytes` and a lost connection end the stream with the client's errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

import pytest

from apiclients._core.client import AsyncAPIClient, ClientConfig, SyncAPIClient
from apiclients._core.fields import NotNull
from apiclients._core.models import APIModel, Params
from apiclients._core.operation import Operation
from apiclients._core.streaming import AsyncStream, JSONLines, ServerSentEvents, Stream
from apiclients._core.testing import FakeAPI, FakeDataError, Route
from apiclients._core.types import NOT_GIVEN
from apiclients.errors import (
    APIConnectionError,
    APIResponseValidationError,
    NotFoundError,
    ResponseTooLargeError,
)
from tests.runtime import clients
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Reply

CONFIG = ClientConfig(name="Streams", default_base_url=None, base_url_env="", error_keys=("error",))


class Event(APIModel):
    id: str
    n: int


class _Params(Params):
    topic: NotNull[str] = None


def _operation(content: ServerSentEvents | JSONLines) -> Operation[Event]:
    return Operation("GET", "/events", _Params, query=("topic",), response=Event, content=content)


SSE = _operation(ServerSentEvents())
JSONL = _operation(JSONLines("application/x-ndjson"))
EVENTS = [{"id": f"e{n}", "n": n} for n in range(4)]


def _client(url: str, **options: Any) -> SyncAPIClient:
    options.setdefault("strict_response_validation", True)
    return clients.sync_client(CONFIG, url, timeout=5.0, **options)


def _async_client(url: str) -> AsyncAPIClient:
    return clients.async_client(CONFIG, url, timeout=5.0, strict_response_validation=True)


def _streamed(op: Operation[Event], events: list[Any], then: Iterable[bytes] = ()) -> Reply:
    assert op.content is not None
    body = op.content.fake_body(events)  # type: ignore[union-attr]

    def chunks() -> Iterable[bytes]:
        for i in range(0, len(body), 5):  # pieces that cut events
            yield body[i : i + 5]
        yield from then

    return Reply(headers={"Content-Type": op.content.media_type}, stream=chunks)


@pytest.mark.parametrize("op", [SSE, JSONL], ids=["sse", "jsonl"])
def test_each_event_is_read_as_its_type_from_a_server_sync_and_async(
    api: Server, op: Operation[Event]
) -> None:
    api.script("GET", "/events", _streamed(op, EVENTS), _streamed(op, EVENTS))
    with _client(api.url) as client:
        stream = client.request_stream(op, {"topic": "t"})
        assert isinstance(stream, Stream)
        events = list(stream)
    assert events == [Event(id=e["id"], n=e["n"]) for e in EVENTS]
    assert stream.response.is_closed

    async def walk() -> list[Event]:
        async with _async_client(api.url) as client:
            stream = await client.request_stream(op, {"topic": "t"})
            assert isinstance(stream, AsyncStream)
            return [event async for event in stream]

    assert asyncio.run(walk()) == events
    sent = api.requests_to("GET", "/events")
    assert [dict(r.query) for r in sent] == [{"topic": "t"}] * 2
    assert {r.headers["accept"] for r in sent} == {op.content.accept()}  # type: ignore[union-attr]


def test_an_error_status_is_raised_when_the_call_is_made(api: Server) -> None:
    api.script("GET", "/events", Reply(status=404, json={"error": "no such topic"}))
    with _client(api.url) as client, pytest.raises(NotFoundError, match="no such topic"):
        client.request_stream(SSE, {})


def test_leaving_the_loop_early_closes_the_response(api: Server) -> None:
    endless = (b'data: {"id": "x", "n": 9}\n\n' for _ in iter(int, 1))
    api.script("GET", "/events", _streamed(SSE, EVENTS[:1], then=endless))
    with _client(api.url) as client:
        stream = client.request_stream(SSE, {})
        for event in stream:
            if event.n == 9:
                break
        assert stream.response.is_closed


def test_leaving_an_async_loop_early_closes_the_response(api: Server) -> None:
    endless = (b'{"id": "x", "n": 9}\n' for _ in iter(int, 1))
    api.script("GET", "/events", _streamed(JSONL, EVENTS[:1], then=endless))

    async def walk() -> AsyncStream[Event]:
        async with _async_client(api.url) as client:
            stream = await client.request_stream(JSONL, {})
            async for event in stream:
                if event.n == 9:
                    break
            return stream

    assert asyncio.run(walk()).response.is_closed


def test_a_failed_attempt_is_retried_but_never_once_events_were_handed_out(api: Server) -> None:
    """A 503 or a reset connection before the stream is retried; a connection lost after the
    first event is the caller's error, not a second request (its events would repeat)."""
    body = JSONL.content.fake_body(EVENTS)  # type: ignore[union-attr]
    first = len(JSONL.content.fake_body(EVENTS[:1]))  # type: ignore[union-attr]
    cut = Reply(body=body, headers={"Content-Type": "application/x-ndjson"}, truncate_to=first)
    api.script("GET", "/events", Reply(status=503), Reply(reset_before_read=True), cut)
    with _client(api.url, max_retries=3) as client:
        read = []
        with pytest.raises(APIConnectionError):
            for event in client.request_stream(JSONL, {}):
                read.append(event)
    # The event came from the third reply; the reset attempt was closed before the server read
    # it, so the 503 and the stream are the requests it saw, and no fourth was sent.
    assert read == [Event(id="e0", n=0)]
    assert len(api.requests_to("GET", "/events")) == 2


class _Prompt(Params):
    prompt: str


CHAT = Operation(
    "POST",
    "/chat",
    _Prompt,
    response=Event,
    content=ServerSentEvents(),
    idempotency_header="Idempotency-Key",
)


def test_a_posted_stream_sends_its_body_extra_body_and_one_key_on_its_retries(
    api: Server,
) -> None:
    replies = (Reply(status=500), _streamed(CHAT, EVENTS[:2]), _streamed(CHAT, EVENTS))
    api.script("POST", "/chat", *replies)
    with _client(api.url, max_retries=1) as client:
        stream = client.request_stream(CHAT, {"prompt": "hi"}, extra_body={"seed": 7})
        assert [event.id for event in stream] == ["e0", "e1"]
        mine = client.request_stream(CHAT, {"prompt": "yo"}, idempotency_key="mine-1")
        mine.close()
    sent = api.requests_to("POST", "/chat")
    assert [r.json() for r in sent[:2]] == [{"prompt": "hi", "seed": 7}] * 2
    keys = [r.headers["idempotency-key"] for r in sent]
    assert keys[0] == keys[1] and len(keys[0]) == 36 and keys[2] == "mine-1"


def test_an_event_of_another_shape_is_refused_strictly_and_kept_tolerantly(
    api: Server, caplog: pytest.LogCaptureFixture
) -> None:
    events = [EVENTS[0], {"id": "e1", "n": "four"}]
    api.script("GET", "/events", _streamed(JSONL, events), _streamed(JSONL, events))
    with _client(api.url) as client:
        stream = client.request_stream(JSONL, {})
        with pytest.raises(APIResponseValidationError, match="an event of the stream") as raised:
            list(stream)
        assert raised.value.text == '{"id":"e1","n":"four"}'
    with (
        caplog.at_level(logging.WARNING, "apiclients"),
        _client(api.url, strict_response_validation=False) as client,
    ):
        kept = list(client.request_stream(JSONL, {}))
    assert kept[1].n == "four"  # type: ignore[comparison-overlap]
    assert "response field 'n' has another type" in caplog.text


def test_an_event_over_max_response_bytes_ends_the_stream(api: Server) -> None:
    huge = (b"x" * 1000 for _ in iter(int, 1))
    api.script("GET", "/events", _streamed(JSONL, EVENTS[:1], then=huge))
    with _client(api.url, max_response_bytes=4096) as client:
        read = []
        with pytest.raises(ResponseTooLargeError, match="max_response_bytes=4096"):
            for event in client.request_stream(JSONL, {}):
                read.append(event)
    assert read == [Event(id="e0", n=0)]


def test_a_connection_lost_mid_stream_is_a_connection_error(api: Server) -> None:
    body = SSE.content.fake_body(EVENTS)  # type: ignore[union-attr]
    first = len(SSE.content.fake_body(EVENTS[:1]))  # type: ignore[union-attr]
    # The announced length is never sent: the server closes after the first event.
    cut = Reply(body=body, headers={"Content-Type": "text/event-stream"}, truncate_to=first)
    api.script("GET", "/events", cut)
    with _client(api.url) as client:
        read = []
        with pytest.raises(APIConnectionError):
            for event in client.request_stream(SSE, {}):
                read.append(event)
    assert read == [Event(id="e0", n=0)]


def test_a_raw_response_parses_to_its_stream(api: Server) -> None:
    api.script("GET", "/events", _streamed(SSE, EVENTS))
    with _client(api.url) as client:
        raw: Any = client._raw_client().request_stream(SSE, {})
        assert raw.status_code == 200
        assert [event.n for event in raw.parse()] == [0, 1, 2, 3]


# -- the fake --------------------------------------------------------------------------------


def _fake(op: Operation[Event]) -> FakeAPI[SyncAPIClient, AsyncAPIClient]:
    routes = (Route("events.follow", op),)
    return clients.fake_class(CONFIG, routes, {"events.follow": EVENTS[:1]}, timeout=NOT_GIVEN)()


@pytest.mark.parametrize("op", [SSE, JSONL], ids=["sse", "jsonl"])
def test_the_fake_streams_the_events_a_test_gave_sync_and_async(op: Operation[Event]) -> None:
    fake = _fake(op)
    handle = fake.operation("events.follow")
    with fake.client() as client:
        assert list(client.request_stream(op, {})) == [Event(id="e0", n=0)]  # its default
        handle.respond([Event(id="a", n=1), {"id": "b", "n": 2}])
        assert [e.id for e in client.request_stream(op, {"topic": "t"})] == ["a", "b"]

    async def walk() -> list[str]:
        async with fake.async_client() as client:
            return [e.id async for e in await client.request_stream(op, {})]

    assert asyncio.run(walk()) == ["a", "b"]
    assert handle.calls[1].query == {"topic": "t"}
    assert handle.calls[1].request.headers["accept"] == op.content.accept()  # type: ignore[union-attr]


def test_the_fake_refuses_an_event_of_another_shape_and_fails_as_told() -> None:
    fake = _fake(SSE)
    handle = fake.operation("events.follow")
    with pytest.raises(FakeDataError, match="event 1 at n"):
        handle.respond([EVENTS[0], {"id": "b", "n": "two"}])
    with pytest.raises(FakeDataError, match="a list of events"):
        handle.respond(EVENTS[0])
    handle.fail(404, "no such topic")
    with fake.client() as client, pytest.raises(NotFoundError, match="no such topic"):
        client.request_stream(SSE, {})
