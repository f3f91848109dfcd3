"""An async client used from a later event loop (a second `asyncio.run`) works; one given an
http_client of the caller's, which cannot move between loops, says why it cannot."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from apiclients import errors
from apiclients.nicejob import AsyncNiceJob
from tests.hostile.probes import TOKEN
from tests.runtime.samples import envelope, person

BODY = json.dumps(envelope(person())).encode()


class KeepAlive(BaseHTTPRequestHandler):
    """Answers every GET with a person and keeps the connection open for the next request:
    a pooled connection is what ties an httpx.AsyncClient to its loop."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(BODY)}"
        self.wfile.write(head.encode() + b"\r\n\r\n" + BODY)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def keep_alive_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), KeepAlive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_client_works_from_a_second_event_loop(keep_alive_url: str) -> None:
    client = AsyncNiceJob(access_token=TOKEN, base_url=keep_alive_url)
    copy = client.with_options(max_retries=0)

    async def retrieve() -> str:
        return (await client.people.retrieve("p1")).id

    async def retrieve_with_the_copy() -> str:
        return (await copy.people.retrieve("p1")).id

    assert asyncio.run(retrieve()) == "p1"
    assert asyncio.run(retrieve()) == "p1"  # a new loop: the pool of the first one is closed
    assert asyncio.run(retrieve_with_the_copy()) == "p1"
    assert asyncio.run(retrieve()) == "p1"

    async def close() -> None:
        await client.close()

    asyncio.run(close())


def test_a_callers_http_client_from_another_loop_is_refused_with_the_reason(
    keep_alive_url: str,
) -> None:
    http = httpx.AsyncClient()
    client = AsyncNiceJob(access_token=TOKEN, base_url=keep_alive_url, http_client=http)

    async def retrieve() -> str:
        return (await client.people.retrieve("p1")).id

    assert asyncio.run(retrieve()) == "p1"
    with pytest.raises(errors.ConfigurationError, match="another event loop"):
        asyncio.run(retrieve())
