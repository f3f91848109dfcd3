"""Typed response headers beside a JSON body, text or none end to end: a spec whose `retrieve`
answers a Document with rate-limit, ETag, date and enum headers, whose `export` answers CSV with
a row count, and whose `remove` answers 204 with a Location, is generated into a scratch tree;
its clients, sync and async, call a real server on 127.0.0.1 and the generated fake. The plain
call returns the body alone; `with_raw_response` reads the headers typed with `parse_headers()`,
strictly (an error naming the header) or tolerantly (None or the text received, with a warning).

The clients run in a subprocess (`tests.scratch_api`); the program prints what it saw as JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scratch_api import run_against

SPEC = """\
api:
  name: library
  title: Library
  version: v1
  client: Library
  source: library.txt
  base_url: {default: "https://library.example.com", env: LIBRARY_BASE_URL}
  auth: {scheme: none}
  error_body: {messages: [error]}
types:
  Book:
    fields:
      id: string
      title: string
resources:
  books:
    operations:
      retrieve:
        endpoint: GET /books/{book_id}
        path: {book_id: string}
        response:
          type: Book
          headers:
            X-RateLimit-Remaining:
              {type: integer, name: remaining, example: 59, description: Calls left.}
            ETag: {type: string, name: etag, example: '"v1"'}
            Last-Modified: {type: "datetime?", description: When it last changed.}
            X-Cache: {type: "string | null", enum: [hit, miss]}
        examples:
          - arguments: {book_id: b1}
            response: {id: b1, title: Dune}
      export:
        endpoint: GET /books/export
        response:
          content: text
          media_type: text/csv
          headers:
            X-Row-Count: {type: integer, minimum: 0, example: 2}
      remove:
        endpoint: DELETE /books/{book_id}
        path: {book_id: string}
        response:
          status: 204
          headers:
            Location: {type: string, description: Where the shelf listing is.}
"""

PROGRAM = """\
import asyncio, json, logging
from apiclients.errors import APIResponseValidationError
from apiclients.library import AsyncLibrary, Library
from apiclients.library.testing import FakeLibrary, FakeDataError
from apiclients.library.types import BooksRetrieveHeaders
from tests.server.fakeapi import FakeAPI, Reply

out = {}
warnings = []

class Keep(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())

logging.getLogger("apiclients").addHandler(Keep())

def typed(headers):
    return {name: [type(value).__name__, str(getattr(value, "value", value))]
            for name, value in headers}

def refused(call):
    try:
        call()
    except (APIResponseValidationError, FakeDataError) as error:
        return str(error)
    return "accepted"

book = {"id": "b1", "title": "Dune"}
sent = {"X-RateLimit-Remaining": "41", "ETag": '"v9"',
        "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT", "X-Cache": "miss"}
with FakeAPI() as server:
    client = Library(base_url=server.url, strict_response_validation=True)
    server.script(
        "GET", "/books/b1",
        Reply(json=book, headers=sent), Reply(json=book, headers=sent),
        Reply(json=book, headers={"ETag": "x"}),
        Reply(json=book, headers={**sent, "X-RateLimit-Remaining": "many"}),
        Reply(json=book, headers={"X-RateLimit-Remaining": "many", "ETag": "x"}),
    )
    out["plain"] = client.books.retrieve("b1").model_dump()
    raw = client.books.with_raw_response.retrieve("b1")
    headers = raw.parse_headers()
    out["raw"] = [raw.status_code, raw.parse().model_dump(), typed(headers),
                  raw.headers["x-ratelimit-remaining"], isinstance(headers, BooksRetrieveHeaders)]
    missing = client.books.with_raw_response.retrieve("b1")
    out["missing"] = [missing.parse().title, refused(missing.parse_headers)]
    out["wrong"] = refused(client.books.with_raw_response.retrieve("b1").parse_headers)
    tolerant = Library(base_url=server.url, strict_response_validation=False)
    out["tolerantly"] = typed(tolerant.books.with_raw_response.retrieve("b1").parse_headers())
    server.script("DELETE", "/books/b1", Reply(status=204, headers={"Location": "/shelves/3"}))
    removed = client.books.with_raw_response.remove("b1")
    out["bodiless"] = [removed.parse(), removed.parse_headers().location]

    server.script("GET", "/books/export", Reply(body=b"id\\nb1\\n", headers={"X-Row-Count": "1"}))
    exported = client.books.with_raw_response.export()
    out["text"] = [exported.parse(), exported.parse_headers().x_row_count]

    async def go():
        server.script("GET", "/books/b1", Reply(json=book, headers=sent))
        async with AsyncLibrary(base_url=server.url) as aclient:
            answered = await aclient.books.with_raw_response.retrieve("b1")
            return [answered.parse().title, typed(answered.parse_headers())]

    out["async"] = asyncio.run(go())
out["warnings"] = warnings

fake = FakeLibrary()
handle = fake.books.retrieve
with fake.client() as fclient:
    out["fake_default"] = typed(fclient.books.with_raw_response.retrieve("b1").parse_headers())
    handle.respond(book, headers={"X-RateLimit-Remaining": 3, "X-Cache": "hit"})
    out["fake_given"] = typed(fclient.books.with_raw_response.retrieve("b1").parse_headers())
    out["fake_plain"] = fclient.books.retrieve("b1").title
with fake.client() as fclient:
    default_export = fclient.books.with_raw_response.export().parse_headers().x_row_count
    fake.books.export.respond("id\\n", headers={"X-Row-Count": 0})
    answered = fclient.books.with_raw_response.export()
    out["fake_text"] = [default_export, answered.parse(), answered.parse_headers().x_row_count]
wrong_count = {"X-Row-Count": "some"}
out["fake_text_wrong"] = refused(lambda: fake.books.export.respond("", headers=wrong_count))
out["fake_wrong"] = refused(lambda: handle.respond(book, headers={"X-RateLimit-Remaining": "lots"}))

async def fake_async():
    async with fake.async_client() as aclient:
        answered = await aclient.books.with_raw_response.retrieve("b1")
        return typed(answered.parse_headers())

out["fake_async"] = asyncio.run(fake_async())
print(json.dumps(out))
"""

SENT = {
    "remaining": ["int", "41"],
    "etag": ["str", '"v9"'],
    "last_modified": ["datetime", "2015-10-21 07:28:00+00:00"],
    "x_cache": ["BooksRetrieveHeadersXCache", "miss"],
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(tmp_path_factory.mktemp("headers"), "library", SPEC, PROGRAM)


def test_the_plain_call_returns_the_body_and_the_raw_one_types_the_headers(
    run: dict[str, Any],
) -> None:
    book = {"id": "b1", "title": "Dune"}
    assert run["plain"] == book
    assert run["raw"] == [200, book, SENT, "41", True]
    assert run["async"] == ["Dune", SENT]
    assert run["bodiless"] == [None, "/shelves/3"]
    assert run["text"] == ["id\nb1\n", 1]


def test_strict_reading_names_the_header_and_leaves_the_body_readable(
    run: dict[str, Any],
) -> None:
    title, problem = run["missing"]
    assert title == "Dune"  # the body is read apart from the headers
    assert problem == "GET /books/{book_id}: the response's X-RateLimit-Remaining header is missing"
    assert run["wrong"].startswith(
        "GET /books/{book_id}: the response's X-RateLimit-Remaining header is not what the spec "
        "declares: "
    )
    assert "many" not in run["wrong"]  # the value is never in the message


def test_tolerant_reading_keeps_what_it_can_and_warns_once(run: dict[str, Any]) -> None:
    assert run["tolerantly"] == {
        "remaining": ["str", "many"],
        "etag": ["str", "x"],
        "last_modified": ["NoneType", "None"],
        "x_cache": ["NoneType", "None"],
    }
    assert [w for w in run["warnings"] if "X-RateLimit-Remaining" in w] == [
        "GET /books/{book_id}: response header 'X-RateLimit-Remaining' is not what the spec "
        "declares: Input should be a valid integer, unable to parse string as an integer; kept "
        "as received. strict_response_validation=True refuses such responses."
    ]


def test_the_fake_answers_declared_headers_checked(run: dict[str, Any]) -> None:
    default = {
        "remaining": ["int", "59"],
        "etag": ["str", '"v1"'],
        "last_modified": ["datetime", "2024-01-02 03:04:05+00:00"],
        "x_cache": ["BooksRetrieveHeadersXCache", "hit"],
    }
    assert run["fake_default"] == default
    assert run["fake_given"] == {**default, "remaining": ["int", "3"]}
    assert run["fake_plain"] == "Dune"
    assert run["fake_async"] == {**default, "remaining": ["int", "3"]}
    assert run["fake_text"] == [2, "id\n", 0]
    assert run["fake_text_wrong"].startswith(
        "books.export: its X-Row-Count header is not what the spec declares: "
    )
    assert run["fake_wrong"].startswith(
        "books.retrieve: its X-RateLimit-Remaining header is not what the spec declares: "
    )


def test_the_headers_model_is_public_and_documented(tmp_path: Path) -> None:
    out = run_against(
        tmp_path,
        "library",
        SPEC,
        "import json\n"
        "from apiclients.library.types import BooksRetrieveHeaders as H\n"
        "import inspect\n"
        "fields = {name: [f.alias, f.is_required()] for name, f in H.model_fields.items()}\n"
        "print(json.dumps({'fields': fields, 'source': inspect.getsource(H)}))",
    )
    assert out["fields"] == {
        "remaining": ["X-RateLimit-Remaining", True],
        "etag": ["ETag", True],
        "last_modified": ["Last-Modified", False],
        "x_cache": ["X-Cache", False],
    }
    assert '    remaining: int = Field(alias="X-RateLimit-Remaining")\n    """Calls left."""' in (
        out["source"]
    )
