"""What the hostile probes share: clients on the local server, mocks, and compression bombs
made in milliseconds (repeated compressed blocks of zeros), any size."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import brotli
import httpx
import zstandard

from apiclients.nicejob import AsyncNiceJob, NiceJob
from tests.runtime.conftest import call
from tests.server.fakeapi import FakeAPI

TOKEN = "bearer-SECRET-token"
MIB = 1 << 20


def nicejob(mode: str, api: FakeAPI, action: Callable[[Any], Any], **kwargs: Any) -> Any:
    kwargs = {"access_token": TOKEN, "base_url": api.url, **kwargs}
    return call(mode, NiceJob, AsyncNiceJob, action, **kwargs)


class Mock:
    """A MockTransport answering with `handler`, recording every request that reached it."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.seen: list[httpx.Request] = []
        self._handler = handler
        self.transport = httpx.MockTransport(self._record)

    def _record(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return self._handler(request)

    def http(self, mode: str, **kwargs: Any) -> httpx.Client | httpx.AsyncClient:
        if mode == "sync":
            return httpx.Client(transport=self.transport, **kwargs)
        return httpx.AsyncClient(transport=self.transport, **kwargs)


@cache
def _deflate_block() -> bytes:
    """1 MiB of zeros as raw deflate, ended by a full flush: byte-aligned and independent of
    what came before, so the block can be repeated any number of times."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return deflate.compress(b"\0" * MIB) + deflate.flush(zlib.Z_FULL_FLUSH)


def deflate_bomb(mebibytes: int, wrapper: str = "gzip") -> Iterator[bytes]:
    """A gzip (or zlib-wrapped, or raw deflate) stream of `mebibytes` MiB of zeros, never
    ended: a reader that is not stopped by its limit reads all of it."""
    yield {"gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", "zlib": b"\x78\x9c", "raw": b""}[
        wrapper
    ]
    block = _deflate_block()
    for _ in range(mebibytes):
        yield block


@cache
def brotli_bomb(mebibytes: int) -> bytes:
    compressor = brotli.Compressor(quality=5, lgwin=24)
    zeros = b"\0" * (16 * MIB)
    parts = [compressor.process(zeros) for _ in range(mebibytes // 16)]
    return b"".join([*parts, compressor.finish()])


@cache
def zstd_bomb(mebibytes: int) -> bytes:
    compressor = zstandard.ZstdCompressor(level=3).compressobj()
    zeros = b"\0" * (16 * MIB)
    parts = [compressor.compress(zeros) for _ in range(mebibytes // 16)]
    return b"".join([*parts, compressor.flush()])


def bomb(encoding: str, mebibytes: int) -> Iterator[bytes]:
    """A body of `mebibytes` MiB of zeros in this Content-Encoding, in chunks."""
    if encoding == "gzip":
        return deflate_bomb(mebibytes, "gzip")
    if encoding == "deflate":
        return deflate_bomb(mebibytes, "zlib")
    data = brotli_bomb(mebibytes) if encoding == "br" else zstd_bomb(mebibytes)
    return iter([data[i : i + 4096] for i in range(0, len(data), 4096)])
