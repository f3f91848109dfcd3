"""Request bodies other than JSON and form-urlencoded: multipart with files, raw bytes, text.

Each encoding builds its request's body for the client and reads it back for the fake, so
neither holds per-encoding code: `Operation.encoding` is one of them, or None for JSON and
form bodies. A file argument takes `bytes`, a binary file object, a path (`pathlib.Path` or
any `os.PathLike`), or a tuple `(filename, content)` or `(filename, content, content_type)` of
those; a path is opened only while its bytes are sent, so a retry sends it again whole.
"""

from __future__ import annotations

import email.parser
import email.policy
import io
import os
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

import httpx

from ..errors import InvalidArgumentError
from .types import NotGiven

__all__ = [
    "BinaryBody",
    "BodyEncoding",
    "FileContent",
    "FileInput",
    "FilePart",
    "MultipartBody",
    "TextBody",
    "UploadedFile",
]

FileContent = bytes | IO[bytes] | os.PathLike[str]
"""A file's bytes: in memory, in a binary file object, or at a path."""
FileInput = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
"""A file argument: its content, optionally with its file name and content type."""

_CHUNK = 1 << 16


@dataclass(frozen=True)
class FilePart:
    """A file argument of an operation: its Python name and the wire name it is sent as."""

    name: str
    wire: str
    required: bool = True


@dataclass(frozen=True)
class UploadedFile:
    """A file part as the fake received it."""

    filename: str | None
    content_type: str | None
    content: bytes


class _PathFile:
    """A file at a path, opened only while it is read: httpx reads it from the start at each
    attempt, and it is closed once read to its end."""

    def __init__(self, path: os.PathLike[str]) -> None:
        self.name = os.fspath(path)
        self._position = 0
        self._file: IO[bytes] | None = None

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position}.get(whence)
        self._position = (os.path.getsize(self.name) if base is None else base) + offset
        return self._position

    def tell(self) -> int:
        return self._position

    def read(self, size: int = -1) -> bytes:
        if self._file is None:
            self._file = open(self.name, "rb")  # noqa: SIM115 - closed at the end of the file
        self._file.seek(self._position)
        data = self._file.read(size)
        self._position += len(data)
        if not data or size < 0:
            self._file.close()
            self._file = None
        return data


class _FileStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A raw body read from a file in pieces, from its start at each attempt."""

    def __init__(self, file: IO[bytes] | _PathFile) -> None:
        self._file = file

    def __iter__(self) -> Iterator[bytes]:
        self._file.seek(0)
        while piece := self._file.read(_CHUNK):
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self:
            yield piece


def _content(where: str, value: Any) -> bytes | IO[bytes] | _PathFile:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, os.PathLike):
        if not os.path.isfile(value):
            raise InvalidArgumentError(f"{where}: no file at {os.fspath(value)!r}")
        return _PathFile(value)
    if isinstance(value, io.TextIOBase):
        raise InvalidArgumentError(f"{where}: a file must be opened in binary mode ('rb')")
    if callable(getattr(value, "read", None)):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        raise InvalidArgumentError(
            f"{where}: a str is not a file; pass its bytes, a pathlib.Path, or a file opened 'rb'"
        )
    raise InvalidArgumentError(
        f"{where}: expected bytes, a binary file, a path or a (filename, content[, content_type])"
        f" tuple, not {type(value).__name__}"
    )


def file_triple(where: str, value: Any) -> tuple[str | None, Any, str | None]:
    """A file argument as (file name, content, content type), refused when it is none."""
    filename: Any = None
    content_type: Any = None
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise InvalidArgumentError(
                f"{where}: a file tuple is (filename, content) or (filename, content, content_type)"
            )
        filename, value, *rest = value
        content_type = rest[0] if rest else None
        if filename is not None and not isinstance(filename, str):
            raise InvalidArgumentError(f"{where}: the file name must be a str")
        if content_type is not None and not isinstance(content_type, str):
            raise InvalidArgumentError(f"{where}: the content type must be a str")
    content = _content(where, value)
    if filename is None and not isinstance(content, bytes):
        name = getattr(content, "name", None)
        filename = os.path.basename(name) if isinstance(name, str) else None
    return filename, content, content_type


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _form_text(value: Any) -> str:
    from .operation import _text

    return _text(value)


@dataclass(frozen=True)
class MultipartBody:
    """`multipart/form-data`: each file argument a file part, every other body field a text
    part (a list one part per item, an object its JSON)."""

    files: tuple[FilePart, ...] = ()

    @property
    def file_parts(self) -> tuple[FilePart, ...]:
        return self.files

    def build(self, label: str, fields: Mapping[str, Any], files: Mapping[str, Any]) -> Any:
        data: dict[str, str | list[str]] = {}
        for key, value in fields.items():
            if value is None:
                continue
            if isinstance(value, list):
                data[key] = [_form_text(item) for item in value]
            else:
                data[key] = _form_text(value)
        parts: list[tuple[str, Any]] = []
        for part in self.files:
            if part.wire in files:
                filename, content, content_type = files[part.wire]
                parts.append((part.wire, (filename or part.wire, content, content_type)))
        if parts:
            return {"form": data, "files": parts}
        # httpx sends fields without files form-urlencoded: as parts without a file name, they
        # stay multipart, as the operation declares.
        texts = [(key, v) for key, value in data.items() for v in _as_list(value)]
        return {"files": [(key, (None, text.encode("utf-8"))) for key, text in texts]}

    def received(self, request: httpx.Request) -> dict[str, Any]:
        """The parts of a multipart request, as the fake reads them: text parts as `str` (a
        repeated name as a list), file parts as `UploadedFile`."""
        content_type = request.headers.get("Content-Type", "")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + request.content
        )
        out: dict[str, Any] = {}
        for part in message.iter_parts() if message.is_multipart() else ():
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str) or not name:
                continue
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
            if part.get_filename() is not None or part.get("Content-Type") is not None:
                file = UploadedFile(part.get_filename(), part.get_content_type(), content)
                out[name] = file
                continue
            text = content.decode("utf-8", errors="replace")
            previous = out.get(name)
            if previous is None:
                out[name] = text
            else:
                out[name] = [*_as_list(previous), text]
        return out

    def fake_fields(self, body: Any) -> tuple[Any, str | None]:
        """The body's text fields for the operation's arguments, or why the API refuses it."""
        fields = dict(body) if isinstance(body, dict) else {}
        for part in self.files:
            given = fields.pop(part.wire, None)
            if given is None and part.required:
                return None, f"The file part {part.wire!r} is required"
            if given is not None and not isinstance(given, UploadedFile):
                return None, f"{part.wire!r} must be a file part"
        return fields, None


@dataclass(frozen=True)
class BinaryBody:
    """The body is one file argument's bytes, sent as `media_type`."""

    file: FilePart
    media_type: str = "application/octet-stream"

    @property
    def file_parts(self) -> tuple[FilePart, ...]:
        return (self.file,)

    def build(self, label: str, fields: Mapping[str, Any], files: Mapping[str, Any]) -> Any:
        given = files.get(self.file.wire)
        if given is None:
            return {"content": b"", "content_type": self.media_type}
        _, content, content_type = given
        return {"content": content, "content_type": content_type or self.media_type}

    def received(self, request: httpx.Request) -> bytes:
        return request.content

    def fake_fields(self, body: Any) -> tuple[Any, str | None]:
        if self.file.required and not body:
            return None, "The request body is required"
        return None, None


@dataclass(frozen=True)
class TextBody:
    """The body is one `str` argument (its `body_argument`), sent in UTF-8 as `media_type`."""

    media_type: str = "text/plain"

    @property
    def file_parts(self) -> tuple[FilePart, ...]:
        return ()

    def build(self, label: str, fields: Mapping[str, Any], files: Mapping[str, Any]) -> Any:
        text = next(iter(fields.values()), None)
        charset = "" if "charset=" in self.media_type else "; charset=utf-8"
        content = b"" if text is None else str(text).encode("utf-8")
        return {"content": content, "content_type": self.media_type + charset}

    def received(self, request: httpx.Request) -> str:
        return request.content.decode("utf-8", errors="replace")

    def fake_fields(self, body: Any) -> tuple[Any, str | None]:
        return body, None


BodyEncoding = MultipartBody | BinaryBody | TextBody
"""The request encodings other than JSON and form-urlencoded; a new one joins this union."""


def stream_of(content: Any) -> tuple[httpx.SyncByteStream | None, int | None]:
    """A raw body's stream when it is a file (None for bytes), and its length when known."""
    if isinstance(content, bytes):
        return None, len(content)
    return _FileStream(content), _length(content)


def _length(file: Any) -> int | None:
    """The size of a file from its start, without reading it; None when it cannot tell."""
    try:
        return os.fstat(file.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        pass
    try:
        here = file.tell()
        size = file.seek(0, os.SEEK_END)
        file.seek(here)
        return int(size)
    except (AttributeError, OSError, ValueError):
        return None


def given_files(
    label: str, parts: tuple[FilePart, ...], arguments: dict[str, Any]
) -> dict[str, Any]:
    """The file arguments taken out of `arguments` (Python names), checked, by wire name."""
    out: dict[str, Any] = {}
    for part in parts:
        value = arguments.pop(part.name, None)
        if isinstance(value, NotGiven) or value is None:
            if part.required:
                raise InvalidArgumentError(f"{label}: missing the file argument {part.name!r}")
            continue
        out[part.wire] = file_triple(f"{label}: {part.name!r}", value)
    return out
