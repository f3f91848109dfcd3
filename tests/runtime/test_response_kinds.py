"""Responses other than JSON (bytes, text, a header, nothing), over real sockets and through the
fake, sync and async.

The operations are described here by hand, as a generated resource describes its own, so that
the runtime is tested apart from the generator.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from apiclients._core.client import ClientConfig
from apiclients._core.content import BinaryContent, HeaderContent, TextContent
from apiclients._core.models import Params
from apiclients._core.operation import Operation
from apiclients._core.testing import FakeDataError, Route
from apiclients.errors import (
    APIResponseValidationError,
    InvalidArgumentError,
    ResponseTooLargeError,
)
from tests.runtime import clients
from tests.runtime.clients import on_fake
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Reply

CONFIG = ClientConfig(
    name="Files", default_base_url=None, base_url_env="FILES_BASE_URL", error_keys=("message",)
)


class _Id(Params):
    id: str


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


def run(mode: str, base_url: str, action: Callable[[Any], Any], **options: Any) -> Any:
    return clients.on_server(mode, CONFIG, base_url, action, **options)


# -- responses --------------------------------------------------------------------------------


def test_a_binary_response_is_its_bytes_outside_the_json_cap(mode: str, api: Server) -> None:
    body = bytes(range(256)) * 400  # 100 KiB, past the client's 1 KiB cap for JSON
    api.script("GET", "/files/f1", Reply(body=body, headers={"Content-Type": "application/pdf"}))
    got = run(mode, api.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}), max_response_bytes=1024)
    assert got == body
    assert api.received[0].headers["accept"] == "application/pdf"


def test_a_binary_response_past_max_bytes_is_refused(mode: str, api: Server) -> None:
    api.script("GET", "/files/f1", Reply(body=b"x" * 5000), Reply(body=b"x" * 5000, stream=None))
    with pytest.raises(ResponseTooLargeError, match="max_bytes=100") as caught:
        run(mode, api.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, max_bytes=100))
    assert caught.value.limit == 100


def test_an_unannounced_binary_body_past_max_bytes_stops_reading(mode: str, api: Server) -> None:
    endless = Reply(stream=lambda: iter([b"y" * 4096] * 100_000))
    api.script("GET", "/files/f1", endless)
    with pytest.raises(ResponseTooLargeError, match="passes that size, more than max_bytes=65536"):
        run(mode, api.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, max_bytes=65536))


def test_a_binary_response_streams_to_a_path(mode: str, api: Server, tmp_path: Path) -> None:
    body = b"%PDF" + b"z" * 300_000
    api.script("GET", "/files/f1", Reply(body=body))
    target = tmp_path / "out.pdf"
    written = run(mode, api.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, to_file=target))
    assert written == len(body)
    assert target.read_bytes() == body


def test_a_binary_response_streams_to_an_open_file(mode: str, api: Server) -> None:
    api.script("GET", "/files/f1", Reply(body=b"abc"))
    out = io.BytesIO(b"head:")
    out.seek(0, io.SEEK_END)
    assert run(mode, api.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, to_file=out)) == 3
    assert out.getvalue() == b"head:abc"


def test_a_retried_download_starts_its_file_again(mode: str, api: Server, tmp_path: Path) -> None:
    body = b"0123456789" * 1000
    api.script("GET", "/files/f1", Reply(body=body, truncate_to=4000), Reply(body=body))
    target = tmp_path / "out.bin"
    written = run(
        mode,
        api.url,
        lambda c: c.request(DOWNLOAD, {"id": "f1"}, to_file=target),
        max_retries=1,
    )
    assert written == len(body)
    assert target.read_bytes() == body
    assert len(api.received) == 2


def test_an_error_answering_a_download_is_raised_and_nothing_is_written(
    mode: str, api: Server, tmp_path: Path
) -> None:
    api.script("GET", "/files/f1", Reply(404, json={"message": "no such file"}))
    target = tmp_path / "out.bin"
    with pytest.raises(Exception, match="404"):
        run(mode, api.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, to_file=target))
    assert not target.exists()


@pytest.mark.parametrize("bad", [{"to_file": 42}, {"max_bytes": 0}, {"max_bytes": "1"}])
def test_bad_download_arguments_are_refused_before_sending(
    mode: str, api: Server, bad: dict[str, Any]
) -> None:
    with pytest.raises(InvalidArgumentError):
        run(mode, api.url, lambda c: c.request(DOWNLOAD, {"id": "f1"}, **bad))
    assert api.received == []


def test_a_text_response_is_a_str_in_its_charset(mode: str, api: Server) -> None:
    csv = "name,city\nZoë,Kraków\n"
    api.script(
        "GET",
        "/export",
        Reply(body=csv.encode("latin-1"), headers={"Content-Type": "text/csv; charset=latin-1"}),
        Reply(body=csv.encode(), headers={"Content-Type": "text/csv"}),
    )
    assert run(mode, api.url, lambda c: c.request(EXPORT, {})) == csv
    assert run(mode, api.url, lambda c: c.request(EXPORT, {})) == csv
    assert api.received[0].headers["accept"] == "text/csv"


def test_a_text_response_stays_within_max_response_bytes(mode: str, api: Server) -> None:
    api.script("GET", "/export", Reply(body=b"a" * 2000, headers={"Content-Type": "text/csv"}))
    with pytest.raises(ResponseTooLargeError, match="max_response_bytes=1000"):
        run(mode, api.url, lambda c: c.request(EXPORT, {}), max_response_bytes=1000)


def test_a_header_response_is_the_header_typed(mode: str, api: Server) -> None:
    api.script("POST", "/webhooks", Reply(201, headers={"Resource-ID": "42"}))
    assert run(mode, api.url, lambda c: c.request(CREATE, {})) == 42


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        ({}, "the response has no Resource-ID header"),
        ({"Resource-ID": "abc"}, "Resource-ID header"),
    ],
)
def test_a_missing_or_mistyped_header_is_an_invalid_response(
    mode: str, api: Server, headers: dict[str, str], problem: str
) -> None:
    api.script("POST", "/webhooks", Reply(201, headers=headers))
    with pytest.raises(APIResponseValidationError, match=problem):
        run(mode, api.url, lambda c: c.request(CREATE, {}))


def test_an_optional_header_response_may_be_absent(mode: str, api: Server) -> None:
    api.script("POST", "/maybe", Reply(201), Reply(201, headers={"Location": "/things/7"}))
    assert run(mode, api.url, lambda c: c.request(MAYBE_CREATED, {})) is None
    assert run(mode, api.url, lambda c: c.request(MAYBE_CREATED, {})) == "/things/7"


def test_an_empty_response_returns_none(mode: str, api: Server) -> None:
    api.script("DELETE", "/files/f1", Reply(204))
    assert run(mode, api.url, lambda c: c.request(DELETE, {"id": "f1"})) is None


# -- the fake ---------------------------------------------------------------------------------


FilesFake = clients.fake_class(
    CONFIG,
    (
        Route("files.download", DOWNLOAD),
        Route("files.export", EXPORT),
        Route("webhooks.create", CREATE, 201),
        Route("files.delete", DELETE, 204),
    ),
    {
        "files.download": "default file",
        "files.export": "a,b\n",
        "webhooks.create": 7,
        "files.delete": None,
    },
    timeout=10.0,
)


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
