"""What an operation's success response is when it is not JSON: text, bytes, or one header.

A JSON response (the default) is read by the operation's models (`operation.py`). The kinds
here each read their own response for the client and answer for the fake, so that neither the
client nor the fake holds per-kind code: `Operation.content` is one of them, or None for JSON.

A binary response is read outside the JSON size cap (`max_response_bytes`): into memory up to
the call's `max_bytes`, or straight into a file (`to_file=`) without holding it in memory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, ClassVar, TypeAlias

import httpx

from ..errors import InvalidArgumentError
from .bodies import body_text
from .types import NotGiven, Record

if TYPE_CHECKING:
    from .operation import Operation
    from .streaming import JSONLines, ServerSentEvents

__all__ = [
    "DEFAULT_MAX_DOWNLOAD_BYTES",
    "BinaryContent",
    "ContentProblem",
    "Download",
    "FileTarget",
    "HeaderContent",
    "ResponseContent",
    "TextContent",
]

DEFAULT_MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024
"""1 GiB: the most a binary response read into memory holds unless the call says otherwise."""

FileTarget = str | os.PathLike[str] | IO[bytes]
"""Where `to_file=` writes a binary response: a path (created or overwritten) or a binary file
open for writing (written from its current position)."""

DOWNLOAD = "apiclients.download"
"""Request extension: the `Download` a binary response's body goes to."""


class ContentProblem(Exception):
    """The response is not what its kind promises (a header missing or not of its type)."""


class Download:
    """Where one call's binary response goes: kept in memory up to `limit` bytes, or written
    to `target` (a path opened when a success body starts and closed when it ends, or the
    caller's file). A retry after a body was partly written starts the file again, where the
    caller's file can seek back."""

    def __init__(self, target: FileTarget | None, limit: int | None) -> None:
        writable = isinstance(target, str | os.PathLike) or callable(getattr(target, "write", None))
        if target is not None and not writable:
            raise InvalidArgumentError("to_file must be a path or a binary file open for writing")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise InvalidArgumentError("max_bytes must be a number of bytes, or None")
        if limit is not None and limit < 1:
            raise InvalidArgumentError("max_bytes must be 1 or more, or None")
        self.target = target
        self.limit = limit
        self.written = 0
        self._file: IO[bytes] | None = None
        self._start: int | None = None

    @property
    def to_file(self) -> bool:
        return self.target is not None

    def begin(self) -> None:
        """A success body starts: open the file, or go back to where the last attempt began."""
        self.written = 0
        if self.target is None:
            return
        if isinstance(self.target, str | os.PathLike):
            self._file = open(self.target, "wb")  # noqa: SIM115 - closed by `end`
            return
        if self._start is None:
            self._start = _position(self.target)
        elif self._start >= 0:
            self.target.seek(self._start)
            self.target.truncate()
        else:
            raise OSError("the file given as to_file cannot be rewound for a retry")

    def write(self, piece: bytes) -> None:
        file = self._file if self._file is not None else self.target
        assert file is not None and not isinstance(file, str | os.PathLike)
        file.write(piece)
        self.written += len(piece)

    def end(self) -> None:
        """Close a file this download opened."""
        if self._file is not None:
            self._file.close()
            self._file = None


def _position(file: IO[bytes]) -> int:
    """Where a caller's file is now (-1 when it cannot seek back there)."""
    try:
        return file.tell() if file.seekable() else -1
    except (OSError, ValueError, AttributeError):
        return -1


class TextContent(Record):
    """The body as `str`, in its declared charset (else UTF-8), within `max_response_bytes`."""

    media_type: str
    downloads: ClassVar[bool] = False
    streams: ClassVar[bool] = False

    def __init__(self, media_type: str = "text/plain") -> None:
        super().__init__(media_type=media_type)

    def accept(self) -> str:
        return self.media_type

    def read(self, op: Operation[Any], response: httpx.Response) -> str:
        return body_text(response)

    def fake_value(self, op: Operation[Any], data: Any) -> str:
        if not isinstance(data, str):
            raise ContentProblem(f"a text response is a str, not {type(data).__name__}")
        return data

    def fake_response(
        self, op: Operation[Any], status: int, value: Any, headers: Mapping[str, str]
    ) -> httpx.Response:
        charset = "" if "charset=" in self.media_type else "; charset=utf-8"
        out = {"Content-Type": self.media_type + charset, **headers}
        return httpx.Response(status, content=str(value).encode(), headers=out)


class BinaryContent(Record):
    """The body as `bytes` (the call's `max_bytes` bounds it, not `max_response_bytes`), or
    written to the call's `to_file`, the call then returning the number of bytes written."""

    media_type: str
    downloads: ClassVar[bool] = True
    streams: ClassVar[bool] = False

    def __init__(self, media_type: str = "application/octet-stream") -> None:
        super().__init__(media_type=media_type)

    def accept(self) -> str:
        return self.media_type

    def read(self, op: Operation[Any], response: httpx.Response) -> bytes | int:
        download = response.request.extensions.get(DOWNLOAD)
        if isinstance(download, Download) and download.to_file:
            return download.written
        return response.content

    def fake_value(self, op: Operation[Any], data: Any) -> bytes:
        if isinstance(data, str):
            return data.encode()  # the fake's answers file holds text
        if not isinstance(data, bytes | bytearray):
            raise ContentProblem(f"a binary response is bytes, not {type(data).__name__}")
        return bytes(data)

    def fake_response(
        self, op: Operation[Any], status: int, value: Any, headers: Mapping[str, str]
    ) -> httpx.Response:
        out = {"Content-Type": self.media_type, **headers}
        return httpx.Response(status, content=self.fake_value(op, value), headers=out)


class HeaderContent(Record):
    """No body: the call returns the value of one response header (an id in `Resource-ID`, a
    URL in `Location`), read as the operation's response type."""

    header: str
    downloads: ClassVar[bool] = False
    streams: ClassVar[bool] = False

    def __init__(self, header: str) -> None:
        super().__init__(header=header)

    def accept(self) -> str:
        return "*/*"

    def read(self, op: Operation[Any], response: httpx.Response) -> Any:
        from pydantic import ValidationError

        value = response.headers.get(self.header)
        if value is None:
            if _may_be_none(op):
                return None
            raise ContentProblem(f"the response has no {self.header} header")
        try:
            return op.adapter.validate_python(value)
        except ValidationError as exc:
            error = exc.errors(include_url=False, include_input=False)[0]
            raise ContentProblem(f"its {self.header} header: {error['msg']}") from None

    def fake_value(self, op: Operation[Any], data: Any) -> Any:
        if not isinstance(data, str | int | float) or isinstance(data, bool):
            raise ContentProblem(f"a header's value is a string or a number, not {data!r}")
        return data

    def fake_response(
        self, op: Operation[Any], status: int, value: Any, headers: Mapping[str, str]
    ) -> httpx.Response:
        out = dict(headers)
        if value is not None:
            out[self.header] = str(value)
        return httpx.Response(status, headers=out)


ResponseContent: TypeAlias = (
    "TextContent | BinaryContent | HeaderContent | ServerSentEvents | JSONLines"
)
"""The response kinds other than JSON; a new kind joins this union. Written as text, so that
the streamed kinds' module loads with an API that streams, not with every client."""


def _may_be_none(op: Operation[Any]) -> bool:
    from typing import get_args

    return op.response is None or type(None) in get_args(op.response)


def download_of(
    to_file: FileTarget | NotGiven | None, max_bytes: int | NotGiven | None
) -> Download:
    """The `Download` of a call's `to_file=` and `max_bytes=`: into memory up to 1 GiB unless
    `max_bytes` says otherwise; into a file without a limit unless `max_bytes` gives one."""
    target = None if isinstance(to_file, NotGiven) else to_file
    if isinstance(max_bytes, NotGiven):
        limit = None if target is not None else DEFAULT_MAX_DOWNLOAD_BYTES
    else:
        limit = max_bytes
    return Download(target, limit)
