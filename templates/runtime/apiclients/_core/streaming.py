"""Streamed responses: server-sent events (`text/event-stream`) and JSON lines, read as they
arrive and yielded as typed values, sync and async.

A format serves both sides of an API, as a pagination strategy does: in a client it splits the
body into messages, each the JSON of one value; in the API's fake (`_core.testing`) it writes the
values a test gave as the API would stream them. A message longer than the client's
`max_response_bytes` ends the stream with `ResponseTooLargeError`, so a server that never ends a
line cannot fill memory. Leaving the loop early (`break`, an exception) or the `with` block closes
the response.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

import httpx

from .types import Record

if TYPE_CHECKING:
    from .operation import Operation

__all__ = [
    "AsyncStream",
    "JSONLines",
    "ServerSentEvents",
    "Stream",
    "StreamFormat",
    "StreamedContent",
]

T = TypeVar("T")


class MessageTooLarge(Exception):
    """A message of a stream grew past its limit before it ended."""


class Splitter(Protocol):
    """Splits a streamed body into messages, fed as it arrives."""

    def feed(self, chunk: bytes) -> list[bytes]:
        """The messages this chunk completes."""

    def end(self) -> list[bytes]:
        """The messages the end of the body completes."""


class StreamFormat(Protocol):
    """What every stream format implements: the client's side, then the fake's."""

    media_type: str

    def splitter(self, limit: int | None) -> Splitter:
        """A splitter for one response; `limit` bounds a message's bytes (None: no bound)."""

    def fake_body(self, values: Sequence[Any]) -> bytes:
        """The body a fake streams for these values (JSON data)."""


class _Bounded:
    """A splitter's limit: a message over it is refused, after the messages the same chunk
    completed before it (a chunk may hold the end of one message and the start of a huge one)."""

    def __init__(self) -> None:
        self._refused: MessageTooLarge | None = None

    def _check(self) -> None:
        if self._refused is not None:
            raise self._refused

    def _refuse(self, what: str, done: list[bytes]) -> list[bytes]:
        self._refused = MessageTooLarge(what)
        if not done:
            raise self._refused
        return done


class _Lines(_Bounded):
    """Lines of a body, ended by CR, LF or CRLF, each at most `limit` bytes."""

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self._limit = limit
        self._pending = b""
        self._after_cr = False

    def feed(self, chunk: bytes) -> list[bytes]:
        self._check()
        if self._after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]  # the LF of a CRLF split across chunks
        self._after_cr = chunk.endswith(b"\r")
        text = self._pending + chunk
        lines = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        self._pending = lines.pop()
        if self._limit is not None and len(self._pending) > self._limit:
            return self._refuse(f"a line of more than {self._limit} bytes", lines)
        return lines

    def end(self) -> list[bytes]:
        self._check()
        rest, self._pending = self._pending, b""
        return [rest] if rest else []


class _EventSplitter(_Bounded):
    """Server-sent events (the WHATWG HTML standard's parsing): each event's `data` lines,
    joined by newlines, is one message; comments, `event`, `id` and `retry` fields are read past."""

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self._lines = _Lines(limit)
        self._limit = limit
        self._data: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> list[bytes]:
        self._check()
        return self._events(self._lines.feed(chunk))

    def end(self) -> list[bytes]:
        self._check()
        # A last event without its blank line is dropped, as the standard says.
        self._events(self._lines.end())
        return []

    def _events(self, lines: list[bytes]) -> list[bytes]:
        out: list[bytes] = []
        for line in lines:
            if not line:
                if self._data:
                    out.append(b"\n".join(self._data))
                self._data, self._size = [], 0
                continue
            name, colon, value = line.partition(b":")
            if not name and colon:
                continue  # a comment (keep-alive)
            if name != b"data":
                continue
            value = value[1:] if value.startswith(b" ") else value
            self._size += len(value) + 1
            if self._limit is not None and self._size > self._limit:
                return self._refuse(f"an event of more than {self._limit} bytes", out)
            self._data.append(value)
        return out


class _LineSplitter:
    """JSON lines: each non-blank line is one message."""

    def __init__(self, limit: int | None) -> None:
        self._lines = _Lines(limit)

    def feed(self, chunk: bytes) -> list[bytes]:
        return [line for line in self._lines.feed(chunk) if line.strip()]

    def end(self) -> list[bytes]:
        return [line for line in self._lines.end() if line.strip()]


class StreamedContent:
    """What both formats share as an operation's response content (`_core.content`): the
    client reads the body as it arrives (`request_stream`), the fake writes a test's events."""

    media_type: str
    downloads: ClassVar[bool] = False
    streams: ClassVar[bool] = True

    def accept(self) -> str:
        return self.media_type

    def splitter(self, limit: int | None) -> Splitter:
        raise NotImplementedError

    def fake_body(self, values: Sequence[Any]) -> bytes:
        raise NotImplementedError

    def read(self, op: Operation[Any], response: httpx.Response) -> list[Any]:
        """Every event of a body already read (the raw response's `parse()` reads the stream)."""
        splitter = self.splitter(None)
        messages = [*splitter.feed(response.content), *splitter.end()]
        return [op.parse(message) for message in messages]

    def fake_value(self, op: Operation[Any], data: Any) -> list[Any]:
        """A test's events as JSON with wire names, each checked against the event type."""
        from pydantic import BaseModel, ValidationError
        from pydantic_core import to_jsonable_python

        from .content import ContentProblem

        if not isinstance(data, list | tuple):
            raise ContentProblem(f"a stream answers a list of events, not {type(data).__name__}")
        events = [
            (
                item.model_dump(mode="json", by_alias=True, exclude_unset=True)
                if isinstance(item, BaseModel)
                else to_jsonable_python(item)
            )
            for item in data
        ]
        for index, event in enumerate(events):
            try:
                op.parse(_json(event))
            except ValidationError as exc:
                error = exc.errors(include_url=False, include_input=False)[0]
                where = ".".join(str(part) for part in error["loc"])
                raise ContentProblem(
                    f"event {index}{' at ' + where if where else ''}: {error['msg']}"
                ) from None
        return events

    def fake_response(
        self, op: Operation[Any], status: int, value: Any, headers: Mapping[str, str]
    ) -> httpx.Response:
        out = {"Content-Type": self.media_type, **headers}
        return httpx.Response(status, content=self.fake_body(list(value or [])), headers=out)


class ServerSentEvents(StreamedContent, Record):
    """`text/event-stream`: each event's data is the JSON of one value."""

    def __init__(self, media_type: str = "text/event-stream") -> None:
        super().__init__(media_type=media_type)

    def splitter(self, limit: int | None) -> Splitter:
        return _EventSplitter(limit)

    def fake_body(self, values: Sequence[Any]) -> bytes:
        return b"".join(b"data: " + _json(value) + b"\n\n" for value in values)


class JSONLines(StreamedContent, Record):
    """JSON lines (`application/jsonl`, also sent as `application/x-ndjson`): one JSON value a
    line."""

    def __init__(self, media_type: str = "application/jsonl") -> None:
        super().__init__(media_type=media_type)

    def splitter(self, limit: int | None) -> Splitter:
        return _LineSplitter(limit)

    def fake_body(self, values: Sequence[Any]) -> bytes:
        return b"".join(_json(value) + b"\n" for value in values)


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class Stream(Generic[T]):
    """A streamed response: iterating it yields each value as it arrives. It is closed when the
    loop ends, early or not, or its `with` block does; `close()` closes it by hand."""

    def __init__(
        self,
        response: httpx.Response,
        splitter: Splitter,
        read: Callable[[bytes], T],
        fail: Callable[[Exception], Exception],
    ) -> None:
        self.response = response
        self._splitter = splitter
        self._read = read
        self._fail = fail  # a transport error or an oversized message, as the client raises it

    def __iter__(self) -> Iterator[T]:
        try:
            try:
                for chunk in self.response.iter_bytes():
                    for message in self._splitter.feed(chunk):
                        yield self._read(message)
                messages = self._splitter.end()
            except (httpx.TransportError, MessageTooLarge) as error:
                raise self._fail(error) from error
            for message in messages:
                yield self._read(message)
        finally:
            self.close()

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.response.status_code})"


class AsyncStream(Generic[T]):
    """A streamed response; `async for` over it yields each value as it arrives. It is closed
    when the loop ends, early or not, or its `async with` block does; `aclose()` by hand."""

    def __init__(
        self,
        response: httpx.Response,
        splitter: Splitter,
        read: Callable[[bytes], T],
        fail: Callable[[Exception], Exception],
    ) -> None:
        self.response = response
        self._splitter = splitter
        self._read = read
        self._fail = fail

    async def __aiter__(self) -> AsyncIterator[T]:
        try:
            try:
                async for chunk in self.response.aiter_bytes():
                    for message in self._splitter.feed(chunk):
                        yield self._read(message)
                messages = self._splitter.end()
            except (httpx.TransportError, MessageTooLarge) as error:
                raise self._fail(error) from error
            for message in messages:
                yield self._read(message)
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.response.status_code})"
