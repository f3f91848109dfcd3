"""Types and rules end to end (issue 20, item 11): a spec using each construct, generated into a
scratch tree; its clients, sync and async, call a real server on 127.0.0.1 and the generated
fake.

The scratch tree has its own `apiclients` package, so the clients run in a subprocess (importing
them here would clash with the `apiclients` of `generated/`); the program prints what it saw as
JSON and the assertions are made here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scratch_api import run_against

ROOT = Path(__file__).resolve().parents[1]

SPEC = """\
api:
  name: typed
  title: Typed
  version: v1
  client: Typed
  source: typed.txt
  base_url: {default: "https://typed.example.com", env: TYPED_BASE_URL}
  auth: {scheme: api_key, credentials: {key: {env: TYPED_KEY, header: X-Key}}}
  error_body: {messages: [error]}
  datetime_format: {precision: seconds}
types:
  Level:
    enum: [low, high]
    closed: true
  Event:
    fields:
      id: string
      at: datetime
      level: Level?
      kind: {type: "string?", enum: [meeting, call]}
      logged:
        type: datetime
        datetime_format: {precision: milliseconds, offset: utc}
resources:
  events:
    operations:
      list:
        endpoint: GET /events
        query:
          since: datetime?
          order: {type: "string?", enum: [asc, desc], closed: true}
        response: list[Event]
      create:
        endpoint: POST /events
        body: {type: Event}
        response: Event
"""

# Run from the checkout (for tests.server) with the scratch tree importable; prints JSON.
PROGRAM = """\
import asyncio, datetime as dt, json
from apiclients.errors import APIResponseValidationError, InvalidArgumentError
from apiclients.typed import AsyncTyped, Typed
from apiclients.typed.testing import FakeTyped
from apiclients._core.testing import FakeDataError
from tests.server.fakeapi import FakeAPI, Reply

out = {}
plus2 = dt.timezone(dt.timedelta(hours=2))
at = dt.datetime(2017, 10, 24, 13, 37, 0, 123456, tzinfo=plus2)
EVENT = {"id": "e1", "at": "2017-10-24T13:37:00+02:00", "logged": "2017-10-24T11:37:00.123Z"}
with FakeAPI() as server:
    server.handle("GET", "/events", lambda r: Reply(json=[EVENT]))
    server.handle("POST", "/events", lambda r: Reply(json=EVENT))
    client = Typed("k", base_url=server.url)
    read = client.events.list(since=at)
    client.events.create(id="e1", at=at, logged=at)

    async def go():
        async with AsyncTyped("k", base_url=server.url) as aclient:
            await aclient.events.list(since=at.replace(tzinfo=dt.timezone.utc))

    asyncio.run(go())
    out["received"] = [
        {"query": r.query, "body": r.json() if r.body else None} for r in server.received
    ]
    out["read"] = [read[0].at.isoformat(), read[0].logged.isoformat()]

    # Closed enums refuse a value they do not list; open ones keep it.
    sent = len(server.received)
    refused = {}
    for name, call in {
        "inline_argument": lambda: client.events.list(order="up"),
        "model_argument": lambda: client.events.create(id="e", at=at, logged=at, level="mid"),
    }.items():
        try:
            call()
        except InvalidArgumentError as error:
            refused[name] = str(error)
    out["refused"] = refused
    out["sent_after_refusals"] = len(server.received) - sent
    odd = {**EVENT, "level": "mid", "kind": "visit"}
    server.handle("GET", "/events", lambda r: Reply(json=[odd]))
    try:
        client.with_options(strict_response_validation=True).events.list()
    except APIResponseValidationError as error:
        out["strict_read"] = str(error)
    tolerant = client.events.list()[0]
    out["tolerant_read"] = [type(tolerant).__name__, tolerant.level]
    open_kind = {**EVENT, "kind": "visit"}
    server.handle("GET", "/events", lambda r: Reply(json=[open_kind]))
    out["open_read"] = client.with_options(strict_response_validation=True).events.list()[0].kind

fake = FakeTyped()
with fake.client() as fclient:
    fclient.events.create(id="e2", at=at, logged=at)
    out["fake_default"] = fake.events.list.example()
out["fake_sent"] = fake.events.create.calls[0].json

async def fake_async():
    async with fake.async_client() as aclient:
        await aclient.events.list(since=at)

asyncio.run(fake_async())
out["fake_async_query"] = fake.events.list.calls[0].query
try:
    fake.events.list.respond([{**EVENT, "level": "mid"}])
except FakeDataError as error:
    out["fake_fixture"] = str(error)
import httpx
with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
    out["fake_unlisted_order"] = raw.get("/events?order=up", headers={"X-Key": "k"}).status_code
    out["fake_listed_order"] = raw.get("/events?order=asc", headers={"X-Key": "k"}).status_code
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(tmp_path_factory.mktemp("types"), "typed", SPEC, PROGRAM)


def test_datetimes_are_sent_in_the_format_the_spec_gives_sync_and_async(
    run: dict[str, Any],
) -> None:
    listed, created, from_async = run["received"]
    # The API's format: to the second, the value's own offset.
    assert listed["query"] == [["since", "2017-10-24T13:37:00+02:00"]]
    assert created["body"] == {
        "id": "e1",
        "at": "2017-10-24T13:37:00+02:00",
        # The field's own format: milliseconds, converted to UTC.
        "logged": "2017-10-24T11:37:00.123Z",
    }
    assert from_async["query"] == [["since", "2017-10-24T13:37:00Z"]]
    # Reading is not narrowed: what the server sends is read as it is.
    assert run["read"] == ["2017-10-24T13:37:00+02:00", "2017-10-24T11:37:00.123000+00:00"]


def test_the_fake_sees_and_answers_datetimes_in_their_formats(run: dict[str, Any]) -> None:
    assert run["fake_sent"]["logged"] == "2017-10-24T11:37:00.123Z"
    assert run["fake_sent"]["at"] == "2017-10-24T13:37:00+02:00"
    assert run["fake_async_query"] == {"since": "2017-10-24T13:37:00+02:00"}
    (sample,) = run["fake_default"]
    assert sample["at"] == "2024-01-02T03:04:05Z"
    assert sample["logged"] == "2024-01-02T03:04:05.000Z"


def test_a_closed_enum_refuses_an_unlisted_argument_before_sending(run: dict[str, Any]) -> None:
    refused = run["refused"]
    assert sorted(refused) == ["inline_argument", "model_argument"]
    assert "'order'" in refused["inline_argument"]
    assert "'asc' or 'desc'" in refused["inline_argument"]
    assert "'level'" in refused["model_argument"]
    assert "'low' or 'high'" in refused["model_argument"]
    assert run["sent_after_refusals"] == 0


def test_a_closed_enum_refuses_an_unlisted_value_read_strictly_and_an_open_one_keeps_it(
    run: dict[str, Any],
) -> None:
    assert "[0].level: Input should be 'low' or 'high'" in run["strict_read"]
    assert run["open_read"] == "visit"
    # The default, tolerant reading keeps the item and its value as received (and logs it).
    assert run["tolerant_read"] == ["Event", "mid"]


def test_the_fake_refuses_unlisted_values_of_a_closed_enum(run: dict[str, Any]) -> None:
    assert "level" in run["fake_fixture"]
    assert run["fake_unlisted_order"] == 400
    assert run["fake_listed_order"] == 200
