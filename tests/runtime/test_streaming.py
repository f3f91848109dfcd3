"""Streamed responses (`_core.streaming`), driven directly: server-sent events and JSON lines
split as the standards say, read from the real local server as they arrive, sync and async;
a message over the limit ends the stream, and leaving the loop early closes the response."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from typing import Any

import httpx
import pytest

from apiclients._core.streaming import (
    AsyncStream,
    JSONLines,
    MessageTooLarge,
    ServerSentEvents,
    Stream,
    StreamFormat,
)
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Reply

SERVER_SENT_EVENTS = ServerSentEvents()
JSON_LINES = JSONLines()


def _split(fmt: StreamFormat, chunks: Iterable[bytes], limit: int | None = None) -> list[bytes]:
    splitter = fmt.splitter(limit)
    out = [message for chunk in chunks for message in splitter.feed(chunk)]
    return out + splitter.end()


def test_events_are_split_as_the_standard_says() -> None:
    body = (
        b": keep-alive\r\n"
        b'event: update\r\ndata: {"a":\r\ndata: 1}\r\nid: 7\r\n\r\n'
        b'data:{"b": 2}\n\n'
        b"retry: 10\n\n"  # no data: no event
        b'data: {"c": 3}\r\r'
        b'data: {"lost": true}'  # no blank line before the end: dropped
    )
    expected = [b'{"a":\n1}', b'{"b": 2}', b'{"c": 3}']
    assert _split(SERVER_SENT_EVENTS, [body]) == expected
    # Byte by byte, a CRLF split across chunks included.
    assert _split(SERVER_SENT_EVENTS, [body[i : i + 1] for i in range(len(body))]) == expected


def test_json_lines_are_split_by_line_blank_lines_skipped() -> None:
    body = b'{"a": 1}\n\n{"b": 2}\r\n{"c": 3}'
    assert _split(JSON_LINES, [body[:5], body[5:13], body[13:]]) == [
        b'{"a": 1}',
        b'{"b": 2}',
        b'{"c": 3}',
    ]


@pytest.mark.parametrize("fmt", [SERVER_SENT_EVENTS, JSON_LINES])
def test_a_message_over_the_limit_is_refused_before_it_ends(fmt: StreamFormat) -> None:
    with pytest.raises(MessageTooLarge):
        _split(fmt, [b"data: " + b"x" * 64 for _ in range(10)], limit=100)


@pytest.mark.parametrize("fmt", [SERVER_SENT_EVENTS, JSON_LINES])
def test_a_fakes_body_reads_back_as_its_values(fmt: StreamFormat) -> None:
    values = [{"n": 1, "text": "a\nb"}, [1, 2], "x"]
    assert [json.loads(m) for m in _split(fmt, [fmt.fake_body(values)])] == values


def _reply(fmt: StreamFormat, values: list[Any], then: Iterable[bytes] = ()) -> Reply:
    body = fmt.fake_body(values)

    def chunks() -> Iterable[bytes]:
        for i in range(0, len(body), 7):  # pieces that cut messages
            yield body[i : i + 7]
        yield from then

    return Reply(headers={"Content-Type": fmt.media_type}, stream=chunks)


def _fail(error: Exception) -> Exception:
    return RuntimeError(f"stream failed: {error}")


VALUES = [{"n": n} for n in range(5)]


@pytest.mark.parametrize("fmt", [SERVER_SENT_EVENTS, JSON_LINES], ids=["sse", "jsonl"])
def test_a_stream_yields_each_value_from_a_server_sync_and_async(
    api: Server, fmt: StreamFormat
) -> None:
    api.script("GET", "/events", _reply(fmt, VALUES), _reply(fmt, VALUES))
    with httpx.Client() as http:
        response = http.send(http.build_request("GET", f"{api.url}/events"), stream=True)
        stream = Stream(response, fmt.splitter(1000), json.loads, _fail)
        assert list(stream) == VALUES
        assert response.is_closed

    async def walk() -> list[Any]:
        async with httpx.AsyncClient() as http:
            request = http.build_request("GET", f"{api.url}/events")
            response = await http.send(request, stream=True)
            async with AsyncStream(response, fmt.splitter(1000), json.loads, _fail) as stream:
                return [value async for value in stream]

    assert asyncio.run(walk()) == VALUES


def test_leaving_the_loop_early_closes_the_response(api: Server) -> None:
    endless = (b'data: {"n": 9}\n\n' for _ in iter(int, 1))
    api.script("GET", "/events", _reply(SERVER_SENT_EVENTS, VALUES[:2], then=endless))
    with httpx.Client() as http:
        response = http.send(http.build_request("GET", f"{api.url}/events"), stream=True)
        for value in Stream(response, SERVER_SENT_EVENTS.splitter(1000), json.loads, _fail):
            if value == {"n": 9}:
                break
        assert response.is_closed


def test_a_line_that_never_ends_ends_the_stream(api: Server) -> None:
    endless = (b"x" * 1000 for _ in iter(int, 1))
    api.script("GET", "/events", _reply(JSON_LINES, VALUES[:1], then=endless))
    with httpx.Client() as http:
        response = http.send(http.build_request("GET", f"{api.url}/events"), stream=True)
        stream = Stream(response, JSON_LINES.splitter(10_000), json.loads, _fail)
        read = []
        with pytest.raises(RuntimeError, match="a line of more than 10000 bytes"):
            for value in stream:
                read.append(value)
        assert read == VALUES[:1]
        assert response.is_closed
