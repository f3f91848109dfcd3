"""Request bodies other than JSON and form (multipart with files, raw bytes, text), over real
sockets and through the fake, sync and async.

The operations are described here by hand, as a generated resource describes its own, so that
the runtime is tested apart from the generator.
"""

from __future__ import annotations

import email.parser
import email.policy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from apiclients._core.client import ClientConfig
from apiclients._core.models import Params
from apiclients._core.operation import Operation
from apiclients._core.testing import Route
from apiclients._core.uploads import BinaryBody, FilePart, MultipartBody, TextBody, UploadedFile
from apiclients.errors import InvalidArgumentError
from tests.runtime import clients
from tests.runtime.clients import on_fake
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
    return clients.on_server(mode, CONFIG, base_url, action, **options)


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


# -- request bodies ---------------------------------------------------------------------------


def test_multipart_sends_files_of_every_kind_and_text_fields(
    mode: str, api: Server, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 data")
    api.handle("POST", "/uploads", lambda r: Reply(204))
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
            api.url,
            lambda c, file=file: c.request(
                UPLOAD, {"file": file, "title": "Q3", "tags": ["a", "b"], "pages": 3}
            ),
        )
    received = [parts(r) for r in api.received]
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
    assert api.received[0].headers["content-type"].startswith("multipart/form-data; boundary=")


def test_multipart_retries_send_a_path_whole_again(mode: str, api: Server, tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"q" * 200_000)
    api.script("PUT", "/files/f1/content", Reply(503), Reply(204))
    run(
        mode,
        api.url,
        lambda c: c.request(PUT_RAW, {"id": "f1", "content": path}),
        max_retries=1,
    )
    assert [len(r.body) for r in api.received] == [200_000, 200_000]
    assert api.received[0].headers["content-length"] == "200000"


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
    mode: str, api: Server, value: Any, problem: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=problem):
        run(mode, api.url, lambda c: c.request(UPLOAD, {"file": value, "title": "x"}))
    assert api.received == []


def test_a_raw_binary_body_is_sent_as_its_media_type(mode: str, api: Server) -> None:
    api.handle("PUT", "/files/f1/content", lambda r: Reply(204))
    run(mode, api.url, lambda c: c.request(PUT_RAW, {"id": "f1", "content": b"\x00\x01"}))
    run(
        mode,
        api.url,
        lambda c: c.request(
            PUT_RAW, {"id": "f1", "content": ("x.png", io.BytesIO(b"PNG"), "image/png")}
        ),
    )
    first, second = api.received
    assert (first.body, first.headers["content-type"]) == (b"\x00\x01", "application/octet-stream")
    assert (second.body, second.headers["content-type"]) == (b"PNG", "image/png")


def test_a_text_body_is_sent_in_utf8(mode: str, api: Server) -> None:
    api.handle("PUT", "/notes", lambda r: Reply(204))
    run(mode, api.url, lambda c: c.request(PUT_TEXT, {"text": "# Zoë"}))
    sent = api.received[0]
    assert sent.body == "# Zoë".encode()
    assert sent.headers["content-type"] == "text/markdown; charset=utf-8"
    with pytest.raises(InvalidArgumentError):
        run(mode, api.url, lambda c: c.request(PUT_TEXT, {"text": 5}))


# -- the fake ---------------------------------------------------------------------------------


FilesFake = clients.fake_class(
    CONFIG,
    (
        Route("files.upload", UPLOAD, 201),
        Route("files.put_raw", PUT_RAW, 204),
        Route("notes.put", PUT_TEXT, 204),
    ),
    {
        "files.upload": None,
        "files.put_raw": None,
        "notes.put": None,
    },
    timeout=10.0,
)


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
