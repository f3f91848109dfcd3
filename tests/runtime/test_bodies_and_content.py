"""Bodies other than JSON (multipart with files, raw bytes, text) and responses other than JSON
(bytes, text, a header, nothing), over real sockets and through the fake, sync and async.

The operations are described here by hand, as a generated resource describes its own, so that
the runtime is tested apart from the generator.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from apiclients._core.auth import NoAuth
from apiclients._core.client import AsyncAPIClient, ClientConfig, SyncAPIClient
from apiclients._core.content import BinaryContent, HeaderContent, TextContent
from apiclients._core.models import Params
from apiclients._core.operation import Operation
from apiclients._core.testing import FakeAPI, FakeConfig, FakeDataError, Route
from apiclients._core.uploads import BinaryBody, FilePart, MultipartBody, TextBody, UploadedFile
from apiclients.errors import (
    APIResponseValidationError,
    InvalidArgumentError,
    ResponseTooLargeError,
)
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Received, Reply

CONFIG = ClientConfig(
    name="Files", default_base_url=None, base_url_env="FILES_BASE_URL", error_keys=("message",)
)


class _Id(Params):
    id: str


class _Upload(Params):
    title: str
    tags: list[str] | None = None
    pages: int | None = None


class _Text(Params):
    text: str


class _Nothing(Params):
    pass


DOWNLOAD: Operation[bytes] = Operation(
    "GET",
    "/files/{id}",
    _Id,
    path_params=("id",),
    response=bytes,
    content=BinaryContent("application/pdf"),
)
EXPORT: Operation[str] = Operation(
    "GET", "/export", _Nothing, response=str, content=TextContent("text/csv")
)
CREATE: Operation[int] = Operation(
    "POST", "/webhooks", _Nothing, response=int, content=HeaderContent("Resource-ID")
)
MAYBE_CREATED: Operation[str | None] = Operation(
    "POST", "/maybe", _Nothing, response=str | None, content=HeaderContent("Location")
)
DELETE: Operation[None] = Operation("DELETE", "/files/{id}", _Id, path_params=("id",))
UPLOAD: Operation[None] = Operation(
    "POST",
    "/uploads",
    _Upload,
    encoding=MultipartBody((FilePart("file", "file"), FilePart("thumbnail", "thumb", False))),
)
PUT_RAW: Operation[None] = Operation(
    "PUT",
    "/files/{id}/content",
    _Id,
    path_params=("id",),
    encoding=BinaryBody(FilePart("content", "content")),
)
PUT_TEXT: Operation[None] = Operation(
    "PUT", "/notes", _Text, body_argument="text", encoding=TextBody("text/markdown")
)


def run(mode: str, base_url: str, action: Callable[[Any], Any], **options: Any) -> Any:
    """`action(client)` on a sync or async base client pointed at `base_url`."""
    settings: dict[str, Any] = {
        "config": CONFIG,
        "auth": lambda: NoAuth(),
        "credentials": {},
        "base_url": base_url,
        "timeout": 10.0,
        "max_retries": 0,
        "http_client": None,
        **options,
    }
    if mode == "sync":
        with SyncAPIClient(**settings) as client:
            return action(client)

    async def go() -> Any:
        async with AsyncAPIClient(**settings) as client:
            result = action(client)
            return await result if asyncio.iscoroutine(result) else result

    return asyncio.run(go())


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as api:
        yield api


def parts(received: Received) -> dict[str, Any]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + received.headers["content-type"].encode() + b"\r\n\r\n" + received.body
    )
    found: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        found.setdefault(name, []).append(
            (part.get_filename(), part.get("Content-Type"), part.get_payload(decode=True))
        )
    return found


# -- responses --------------------------------------------------------------------------------


def test_a_binary_response_is_its_bytes_outside_the_json_cap(mode: str, server: Server) -> None:
    body = bytes(range(256)) * 400  # 100 KiB, past the client's 1 KiB cap for JSON
    server.script("GET", "/files/f1", Reply(body=body, headers={"Content-Type": "application/pdf"}))
    got = run(
        mode, server.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}), max_response_bytes=1024
    )
    assert got == body
    assert server.received[0].headers["accept"] == "application/pdf"


def test_a_binary_response_past_max_bytes_is_refused(mode: str, server: Server) -> None:
    server.script("GET", "/files/f1", Reply(body=b"x" * 5000), Reply(body=b"x" * 5000, stream=None))
    with pytest.raises(ResponseTooLargeError, match="max_bytes=100") as caught:
        run(mode, server.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, max_bytes=100))
    assert caught.value.limit == 100


def test_an_unannounced_binary_body_past_max_bytes_stops_reading(mode: str, server: Server) -> None:
    endless = Reply(stream=lambda: iter([b"y" * 4096] * 100_000))
    server.script("GET", "/files/f1", endless)
    with pytest.raises(ResponseTooLargeError, match="passes that size, more than max_bytes=65536"):
        run(mode, server.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, max_bytes=65536))


def test_a_binary_response_streams_to_a_path(mode: str, server: Server, tmp_path: Path) -> None:
    body = b"%PDF" + b"z" * 300_000
    server.script("GET", "/files/f1", Reply(body=body))
    target = tmp_path / "out.pdf"
    written = run(mode, server.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, to_file=target))
    assert written == len(body)
    assert target.read_bytes() == body


def test_a_binary_response_streams_to_an_open_file(mode: str, server: Server) -> None:
    server.script("GET", "/files/f1", Reply(body=b"abc"))
    out = io.BytesIO(b"head:")
    out.seek(0, io.SEEK_END)
    assert run(mode, server.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, to_file=out)) == 3
    assert out.getvalue() == b"head:abc"


def test_a_retried_download_starts_its_file_again(
    mode: str, server: Server, tmp_path: Path
) -> None:
    body = b"0123456789" * 1000
    server.script("GET", "/files/f1", Reply(body=body, truncate_to=4000), Reply(body=body))
    target = tmp_path / "out.bin"
    written = run(
        mode,
        server.url,
        lambda c: c.request(DOWNLOAD, {"id": "f1"}, to_file=target),
        max_retries=1,
    )
    assert written == len(body)
    assert target.read_bytes() == body
    assert len(server.received) == 2


def test_an_error_answering_a_download_is_raised_and_nothing_is_written(
    mode: str, server: Server, tmp_path: Path
) -> None:
    server.script("GET", "/files/f1", Reply(404, json={"message": "no such file"}))
    target = tmp_path / "out.bin"
    with pytest.raises(Exception, match="404"):
        run(mode, server.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, to_file=target))
    assert not target.exists()


@pytest.mark.parametrize("bad", [{"to_file": 42}, {"max_bytes": 0}, {"max_bytes": "1"}])
def test_bad_download_arguments_are_refused_before_sending(
    mode: str, server: Server, bad: dict[str, Any]
) -> None:
    with pytest.raises(InvalidArgumentError):
        run(mode, server.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, **bad))
    assert server.received == []


def test_a_text_response_is_a_str_in_its_charset(mode: str, server: Server) -> None:
    csv = "name,city\nZoë,Kraków\n"
    server.script(
        "GET",
        "/export",
        Reply(body=csv.encode("latin-1"), headers={"Content-Type": "text/csv; charset=latin-1"}),
        Reply(body=csv.encode(), headers={"Content-Type": "text/csv"}),
    )
    assert run(mode, server.url, lambda c: c.request(EXPORT, {})) == csv
    assert run(mode, server.url, lambda c: c.request(EXPORT, {})) == csv
    assert server.received[0].headers["accept"] == "text/csv"


def test_a_text_response_stays_within_max_response_bytes(mode: str, server: Server) -> None:
    server.script("GET", "/export", Reply(body=b"a" * 2000, headers={"Content-Type": "text/csv"}))
    with pytest.raises(ResponseTooLargeError, match="max_response_bytes=1000"):
        run(mode, server.url, lambda c: c.request(EXPORT, {}), max_response_bytes=1000)


def test_a_header_response_is_the_header_typed(mode: str, server: Server) -> None:
    server.script("POST", "/webhooks", Reply(201, headers={"Resource-ID": "42"}))
    assert run(mode, server.url, lambda c: c.request(CREATE, {})) == 42


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        ({}, "the response has no Resource-ID header"),
        ({"Resource-ID": "abc"}, "Resource-ID header"),
    ],
)
def test_a_missing_or_mistyped_header_is_an_invalid_response(
    mode: str, server: Server, headers: dict[str, str], problem: str
) -> None:
    server.script("POST", "/webhooks", Reply(201, headers=headers))
    with pytest.raises(APIResponseValidationError, match=problem):
        run(mode, server.url, lambda c: c.request(CREATE, {}))


def test_an_optional_header_response_may_be_absent(mode: str, server: Server) -> None:
    server.script("POST", "/maybe", Reply(201), Reply(201, headers={"Location": "/things/7"}))
    assert run(mode, server.url, lambda c: c.request(MAYBE_CREATED, {})) is None
    assert run(mode, server.url, lambda c: c.request(MAYBE_CREATED, {})) == "/things/7"


def test_an_empty_response_returns_none(mode: str, server: Server) -> None:
    server.script("DELETE", "/files/f1", Reply(204))
    assert run(mode, server.url, lambda c: c.request(DELETE, {"id": "f1"})) is None


# -- request bodies ---------------------------------------------------------------------------


def test_multipart_sends_files_of_every_kind_and_text_fields(
    mode: str, server: Server, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 data")
    server.handle("POST", "/uploads", lambda r: Reply(204))
    given: list[Any] = [
        path,
        b"raw bytes",
        io.BytesIO(b"from a file"),
        ("notes.txt", b"hello", "text/plain"),
        ("photo.png", path),
    ]
    for file in given:
        run(
            mode,
            server.url,
            lambda c, file=file: c.request(
                UPLOAD, {"file": file, "title": "Q3", "tags": ["a", "b"], "pages": 3}
            ),
        )
    received = [parts(r) for r in server.received]
    assert received[0]["file"] == [("report.pdf", "application/pdf", b"%PDF-1.7 data")]
    assert received[1]["file"] == [("file", "application/octet-stream", b"raw bytes")]
    assert received[2]["file"][0][2] == b"from a file"
    assert received[3]["file"] == [("notes.txt", "text/plain", b"hello")]
    assert received[4]["file"] == [("photo.png", "image/png", b"%PDF-1.7 data")]
    for each in received:
        assert each["title"] == [(None, None, b"Q3")]
        assert each["tags"] == [(None, None, b"a"), (None, None, b"b")]
        assert each["pages"] == [(None, None, b"3")]
        assert "thumb" not in each
    assert server.received[0].headers["content-type"].startswith("multipart/form-data; boundary=")


def test_multipart_retries_send_a_path_whole_again(
    mode: str, server: Server, tmp_path: Path
) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"q" * 200_000)
    server.script("PUT", "/files/f1/content", Reply(503), Reply(204))
    run(
        mode,
        server.url,
        lambda c: c.request(PUT_RAW, {"id": "f1", "content": path}),
        max_retries=1,
    )
    assert [len(r.body) for r in server.received] == [200_000, 200_000]
    assert server.received[0].headers["content-length"] == "200000"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("report.pdf", "a str is not a file"),
        (io.StringIO("text"), "binary mode"),
        (Path("/no/such/file"), "no file at"),
        (("a", b"x", 5), "content type must be a str"),
        ((b"x",), "a file tuple is"),
        (12, "expected bytes, a binary file, a path"),
        (None, "missing the file argument 'file'"),
    ],
)
def test_a_bad_file_argument_is_refused_before_sending(
    mode: str, server: Server, value: Any, problem: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=problem):
        run(mode, server.url, lambda c: c.request(UPLOAD, {"file": value, "title": "x"}))
    assert server.received == []


def test_a_raw_binary_body_is_sent_as_its_media_type(mode: str, server: Server) -> None:
    server.handle("PUT", "/files/f1/content", lambda r: Reply(204))
    run(mode, server.url, lambda c: c.request(PUT_RAW, {"id": "f1", "content": b"\x00\x01"}))
    run(
        mode,
        server.url,
        lambda c: c.request(
            PUT_RAW, {"id": "f1", "content": ("x.png", io.BytesIO(b"PNG"), "image/png")}
        ),
    )
    first, second = server.received
    assert (first.body, first.headers["content-type"]) == (b"\x00\x01", "application/octet-stream")
    assert (second.body, second.headers["content-type"]) == (b"PNG", "image/png")


def test_a_text_body_is_sent_in_utf8(mode: str, server: Server) -> None:
    server.handle("PUT", "/notes", lambda r: Reply(204))
    run(mode, server.url, lambda c: c.request(PUT_TEXT, {"text": "# Zoë"}))
    sent = server.received[0]
    assert sent.body == "# Zoë".encode()
    assert sent.headers["content-type"] == "text/markdown; charset=utf-8"
    with pytest.raises(InvalidArgumentError):
        run(mode, server.url, lambda c: c.request(PUT_TEXT, {"text": 5}))


# -- the fake ---------------------------------------------------------------------------------


class _Answers:
    def read(self) -> dict[str, Any]:
        return {
            "files.download": "default file",
            "files.export": "a,b\n",
            "webhooks.create": 7,
            "files.delete": None,
            "files.upload": None,
            "files.put_raw": None,
            "notes.put": None,
        }


class FilesFake(FakeAPI[SyncAPIClient, AsyncAPIClient]):
    config = FakeConfig(name="files", default_base_url=None, error_key="message", auth=NoAuth())
    routes = (
        Route("files.download", DOWNLOAD),
        Route("files.export", EXPORT),
        Route("webhooks.create", CREATE, 201),
        Route("files.delete", DELETE, 204),
        Route("files.upload", UPLOAD, 201),
        Route("files.put_raw", PUT_RAW, 204),
        Route("notes.put", PUT_TEXT, 204),
    )
    answers = _Answers()  # type: ignore[assignment]

    @staticmethod
    def client_class(**options: Any) -> SyncAPIClient:
        return SyncAPIClient(config=CONFIG, auth=NoAuth, credentials={}, timeout=10.0, **options)

    @staticmethod
    def async_client_class(**options: Any) -> AsyncAPIClient:
        return AsyncAPIClient(config=CONFIG, auth=NoAuth, credentials={}, timeout=10.0, **options)


def on_fake(mode: str, fake: FilesFake, action: Callable[[Any], Any]) -> Any:
    if mode == "sync":
        with fake.client() as client:
            return action(client)

    async def go() -> Any:
        async with fake.async_client() as client:
            result = action(client)
            return await result if asyncio.iscoroutine(result) else result

    return asyncio.run(go())


def test_the_fake_answers_each_response_kind(mode: str, tmp_path: Path) -> None:
    fake = FilesFake()
    assert on_fake(mode, fake, lambda c: c.request(DOWNLOAD, {"id": "f"})) == b"default file"
    assert on_fake(mode, fake, lambda c: c.request(EXPORT, {})) == "a,b\n"
    assert on_fake(mode, fake, lambda c: c.request(CREATE, {})) == 7
    assert on_fake(mode, fake, lambda c: c.request(DELETE, {"id": "f"})) is None
    fake.files.download.respond(b"\x89PNG")
    fake.files.export.respond("x\n")
    fake.webhooks.create.respond(99)
    assert on_fake(mode, fake, lambda c: c.request(DOWNLOAD, {"id": "f"})) == b"\x89PNG"
    target = tmp_path / "f.png"
    assert on_fake(mode, fake, lambda c: c.request(DOWNLOAD, {"id": "f"}, to_file=target)) == 4
    assert target.read_bytes() == b"\x89PNG"
    assert on_fake(mode, fake, lambda c: c.request(EXPORT, {})) == "x\n"
    assert on_fake(mode, fake, lambda c: c.request(CREATE, {})) == 99
    fake.files.download.fail(404, "gone")
    with pytest.raises(Exception, match="404 Not Found: gone"):
        on_fake(mode, fake, lambda c: c.request(DOWNLOAD, {"id": "f"}))


def test_the_fake_refuses_data_its_response_kind_cannot_send() -> None:
    fake = FilesFake()
    with pytest.raises(FakeDataError, match="a text response is a str"):
        fake.files.export.respond(b"bytes")
    with pytest.raises(FakeDataError, match="a binary response is bytes"):
        fake.files.download.respond({"a": 1})
    with pytest.raises(FakeDataError, match="a header's value"):
        fake.webhooks.create.respond({"id": 1})


def test_the_fake_reads_uploads_and_refuses_a_missing_file(mode: str) -> None:
    fake = FilesFake()
    on_fake(
        mode,
        fake,
        lambda c: c.request(
            UPLOAD, {"file": ("a.txt", b"hi", "text/plain"), "title": "T", "pages": 2}
        ),
    )
    call = fake.files.upload.calls[0]
    assert call.json == {
        "title": "T",
        "pages": "2",
        "file": UploadedFile("a.txt", "text/plain", b"hi"),
    }
    bad = httpx.Request("POST", fake.base_url + "/uploads", files=[("title", (None, b"T"))])
    bad.read()
    answer = fake.handle(bad)
    assert answer.status_code == 400
    assert "The file part 'file' is required" in answer.text
    on_fake(mode, fake, lambda c: c.request(PUT_RAW, {"id": "f", "content": b"abc"}))
    assert fake.files.put_raw.calls[0].json == b"abc"
    on_fake(mode, fake, lambda c: c.request(PUT_TEXT, {"text": "note"}))
    assert fake.notes.put.calls[0].json == "note"
    wrong = httpx.Request(
        "POST",
        fake.base_url + "/uploads",
        files=[("file", ("a", b"x")), ("title", (None, b"T")), ("pages", (None, b"many"))],
    )
    wrong.read()
    assert fake.handle(wrong).status_code == 400
