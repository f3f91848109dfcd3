"""Reading a response body within a size limit: decoded by our own bounded decompressors.

httpx decodes a body one received chunk at a time, each in one call: a few kilobytes of brotli
come out as gigabytes before a caller counting decoded bytes sees any of them. Here the body is
read raw and decoded by decompressors that are never asked for more than `PIECE` bytes at a time,
so reading stops as soon as the decoded body passes the limit, whatever the encoding. The same
encodings as httpx's are decoded (gzip, deflate, and br and zstd when their packages are
installed, as httpx's own `Accept-Encoding` offers them); others are kept as received, as httpx
keeps them.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import httpx

__all__ = ["BodyReader", "BodyTooLarge", "Undecodable", "body_text"]

PIECE = 1 << 16
"""The most output a decompressor is asked for in one step."""


def _optional(*names: str) -> Any:
    """The first of these modules that imports (httpx's own choice among them), or None."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


_brotli = _optional("brotli", "brotlicffi")
_zstandard = _optional("zstandard")


class BodyTooLarge(Exception):
    """The decoded body passed the limit; nothing past it was decoded."""


class Undecodable(Exception):
    """The body is not in the encoding its Content-Encoding names; the message says why."""


class _Decoder(Protocol):
    def decode(self, data: bytes, room: int | None) -> Iterator[bytes]:
        """The output of `data`, in pieces of at most about PIECE bytes, produced lazily;
        `room` is how much more output the reader takes (a decoder that cannot pause stops
        past it with BodyTooLarge)."""

    def finish(self) -> Iterator[bytes]:
        """What is left once the body has ended."""


class _Zlib:
    """gzip, and deflate (zlib-wrapped, or raw as some servers send it, as httpx allows)."""

    def __init__(self, wbits: int, name: str) -> None:
        self._name = name
        self._wbits = wbits
        self._inflate = zlib.decompressobj(wbits)
        self._started = False

    def decode(self, data: bytes, room: int | None) -> Iterator[bytes]:
        try:
            yield from self._drain(data)
        except zlib.error as error:
            if self._name == "deflate" and not self._started:
                # Raw deflate without the zlib header: what httpx's decoder falls back to.
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                self._started = True
                try:
                    yield from self._drain(data)
                except zlib.error as again:
                    raise Undecodable(f"not valid {self._name} ({again})") from again
                return
            raise Undecodable(f"not valid {self._name} ({error})") from error

    def _drain(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while pending or not self._inflate.eof:
            out = self._inflate.decompress(pending, PIECE)
            self._started = True
            pending = self._inflate.unconsumed_tail
            if out:
                yield out
            if len(out) < PIECE and not pending:
                return  # the input is used up and nothing more is buffered

    def finish(self) -> Iterator[bytes]:
        try:
            rest = self._inflate.flush()
        except zlib.error as error:  # pragma: no cover - flush after decompress rarely fails
            raise Undecodable(f"not valid {self._name} ({error})") from error
        if rest:
            yield rest


class _Brotli:
    def __init__(self) -> None:
        assert _brotli is not None
        self._inflate = _brotli.Decompressor()
        self._bounded = hasattr(self._inflate, "can_accept_more_data")

    def decode(self, data: bytes, room: int | None) -> Iterator[bytes]:
        try:
            if not self._bounded:  # pragma: no cover - older brotli packages
                # No output limit: feed small slices, so each call's output stays small.
                for start in range(0, len(data), 64):
                    yield self._call(data[start : start + 64])
                return
            out = self._inflate.process(data, output_buffer_limit=PIECE)
            yield out
            while not self._inflate.can_accept_more_data():
                yield self._inflate.process(b"", output_buffer_limit=PIECE)
        except _brotli.error as error:
            raise Undecodable(f"not valid br ({error})") from error

    def _call(self, data: bytes) -> bytes:  # pragma: no cover - older brotli packages
        method = getattr(self._inflate, "process", None) or self._inflate.decompress
        return method(data)  # type: ignore[no-any-return]

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Zstd:
    """zstd through zstandard's writer, which hands its output over in pieces of `PIECE` bytes
    and cannot pause: a piece past the reader's room stops it."""

    def __init__(self) -> None:
        assert _zstandard is not None
        self._pieces: list[bytes] = []
        self._size = 0
        self._room: int | None = None
        self._writer = _zstandard.ZstdDecompressor().stream_writer(
            self, write_size=PIECE, write_return_read=True
        )

    def write(self, piece: bytes) -> int:
        self._pieces.append(bytes(piece))
        self._size += len(piece)
        if self._room is not None and self._size > self._room:
            raise BodyTooLarge
        return len(piece)

    def decode(self, data: bytes, room: int | None) -> Iterator[bytes]:
        self._room, self._size = room, 0
        try:
            self._writer.write(data)
        except _zstandard.ZstdError as error:
            raise Undecodable(f"not valid zstd ({error})") from error
        pieces, self._pieces = self._pieces, []
        yield from pieces

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Chain:
    """Several encodings, the last named applied last, so decoded first."""

    def __init__(self, decoders: list[_Decoder]) -> None:
        self._decoders = decoders

    def decode(self, data: bytes, room: int | None) -> Iterator[bytes]:
        return self._through(0, iter([data]), room, final=False)

    def finish(self) -> Iterator[bytes]:
        return self._through(0, iter([]), None, final=True)

    def _through(
        self, index: int, pieces: Iterator[bytes], room: int | None, final: bool
    ) -> Iterator[bytes]:
        if index == len(self._decoders):
            yield from pieces
            return
        decoder = self._decoders[index]
        # Only the last decoder's output is the body the room is about.
        last = index == len(self._decoders) - 1

        def outputs() -> Iterator[bytes]:
            for piece in pieces:
                yield from decoder.decode(piece, room if last else None)
            if final:
                yield from decoder.finish()

        yield from self._through(index + 1, outputs(), room, final)


def body_decoder(response: httpx.Response) -> _Decoder | None:
    """The decoder of the response's Content-Encoding, or None when it is sent as it is."""
    if "content-encoding" not in response.headers:
        return None
    names = [
        value.strip().lower()
        for value in response.headers.get_list("content-encoding", split_commas=True)
    ]
    decoders: list[_Decoder] = []
    for name in reversed(names):
        if name == "gzip":
            decoders.append(_Zlib(zlib.MAX_WBITS | 16, "gzip"))
        elif name == "deflate":
            decoders.append(_Zlib(zlib.MAX_WBITS, "deflate"))
        elif name == "br" and _brotli is not None:
            decoders.append(_Brotli())
        elif name == "zstd" and _zstandard is not None:
            decoders.append(_Zstd())
    if not decoders:
        return None
    return decoders[0] if len(decoders) == 1 else _Chain(decoders)


class BodyReader:
    """Decodes a body fed raw chunk by chunk, raising BodyTooLarge once it passes `limit`
    decoded bytes (None: no limit), and keeps it, or hands each piece to `out` (a file)."""

    def __init__(
        self,
        response: httpx.Response,
        limit: int | None,
        out: Callable[[bytes], None] | None = None,
    ) -> None:
        self._decoder = body_decoder(response)
        self.limit = limit
        self._out = out
        self._pieces: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        if self._decoder is None:
            self._keep(chunk)
            return
        room = None if self.limit is None else self.limit - self._size
        for piece in self._decoder.decode(chunk, room):
            self._keep(piece)

    def body(self) -> bytes:
        """The whole decoded body, once the raw one has ended."""
        if self._decoder is not None:
            for piece in self._decoder.finish():
                self._keep(piece)
        return b"".join(self._pieces)

    def _keep(self, piece: bytes) -> None:
        self._size += len(piece)
        if self.limit is not None and self._size > self.limit:
            raise BodyTooLarge
        if self._out is not None:
            self._out(piece)
        else:
            self._pieces.append(piece)


def body_text(response: httpx.Response) -> str:
    """The body as text in its declared charset, else UTF-8, undecodable bytes replaced.

    Not `response.text`: httpx hands the charset a server names to Python's codec machinery as
    it is, and `charset=rot13` or `charset=base64` (codecs of text to text, bytes to bytes)
    then fail with TypeError or AssertionError. `bytes.decode` accepts text encodings only.
    """
    content = response.content
    try:
        return content.decode(response.charset_encoding or "utf-8", errors="replace")
    except LookupError:
        return content.decode("utf-8", errors="replace")
