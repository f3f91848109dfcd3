"""Bounds on each item of a list (issue 20, item 11) end to end: a spec whose lists bound their
items, generated into a scratch tree; its clients, sync and async, call a real server on
127.0.0.1 and the generated fake.

The scratch tree has its own `apiclients` package, so the clients run in a subprocess; the
program prints what it saw as JSON and the assertions are made here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.scratch_api import run_against

SPEC = """\
api:
  name: lists
  title: Lists
  version: v1
  client: Lists
  source: lists.txt
  base_url: {default: "https://lists.example.com", env: LISTS_BASE_URL}
  auth: {scheme: api_key, credentials: {key: {env: LISTS_KEY, header: X-Key}}}
  error_body: {messages: [error]}
types:
  Label:
    fields:
      names: {type: "list[string]", items: {max_length: 5}}
  Survey:
    fields:
      id: string
      tags:
        type: "list[string]?"
        items: {min_length: 1, max_length: 5}
        max_items: 3
      scores: {type: "list[integer]", items: {minimum: 1, maximum: 5}}
      label: Label?
resources:
  surveys:
    operations:
      list:
        endpoint: GET /surveys
        query:
          ratings: {type: "list[integer]?", items: {minimum: 1, maximum: 5}}
        response: list[Survey]
      create:
        endpoint: POST /surveys
        body: {type: Survey}
        response: Survey
"""

PROGRAM = """\
import asyncio, json
import httpx
from apiclients.errors import InvalidArgumentError
from apiclients.lists import AsyncLists, Lists
from apiclients.lists.testing import FakeLists
from tests.server.fakeapi import FakeAPI, Reply

out = {}
SURVEY = {"id": "s1", "tags": ["a", "toolongtag"], "scores": [0, 9]}


def refusals(calls):
    found = {}
    for name, call in calls.items():
        try:
            call()
        except InvalidArgumentError as error:
            found[name] = str(error)
    return found


with FakeAPI() as server:
    server.handle("GET", "/surveys", lambda r: Reply(json=[SURVEY]))
    server.handle("POST", "/surveys", lambda r: Reply(json=SURVEY))
    client = Lists("k", base_url=server.url)
    out["refused"] = refusals({
        "query": lambda: client.surveys.list(ratings=[1, 6]),
        "body_length": lambda: client.surveys.create(id="s", tags=["ok", ""], scores=[1]),
        "body_number": lambda: client.surveys.create(id="s", scores=[3, 4, 0]),
        "nested": lambda: client.surveys.create(
            id="s", scores=[1], label={"names": ["ok", "longer"]}
        ),
    })
    out["sent_after_refusals"] = len(server.received)
    client.surveys.list(ratings=[1, 5])
    client.surveys.create(id="s", tags=["a", "abcde"], scores=[1, 5], label={"names": ["abcde"]})
    read = client.surveys.list()[0]
    strict = client.with_options(strict_response_validation=True).surveys.list()[0]
    out["read"] = [read.tags, read.scores, strict.tags, strict.scores]

    async def go():
        async with AsyncLists("k", base_url=server.url) as aclient:
            try:
                await aclient.surveys.create(id="s", tags=["x" * 6], scores=[1])
            except InvalidArgumentError as error:
                out["async_refused"] = str(error)
            try:
                await aclient.surveys.list(ratings=[0])
            except InvalidArgumentError as error:
                out["async_refused_query"] = str(error)
            await aclient.surveys.list(ratings=[3])

    asyncio.run(go())
    out["received"] = [
        {"query": r.query, "body": r.json() if r.body else None} for r in server.received
    ]

fake = FakeLists()
with fake.client() as fclient:
    out["fake_sample"] = [s.model_dump(mode="json") for s in fclient.surveys.list()]
    out["fake_refused"] = refusals({"query": lambda: fclient.surveys.list(ratings=[7])})


async def fake_async():
    async with fake.async_client() as aclient:
        await aclient.surveys.create(id="s", tags=["abc"], scores=[2])


asyncio.run(fake_async())
out["fake_async_sent"] = fake.surveys.create.calls[-1].json
with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
    key = {"X-Key": "k"}
    out["fake_raw"] = {
        "query_out": raw.get("/surveys?ratings=9", headers=key).status_code,
        "query_in": raw.get("/surveys?ratings=5", headers=key).status_code,
        "body_out": raw.post("/surveys", json={"id": "s", "scores": [7]}, headers=key).json(),
        "body_in": raw.post("/surveys", json={"id": "s", "scores": [5]}, headers=key).status_code,
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(tmp_path_factory.mktemp("items"), "lists", SPEC, PROGRAM)


def test_an_item_out_of_bounds_is_refused_before_sending_naming_its_index(
    run: dict[str, Any],
) -> None:
    refused = run["refused"]
    assert refused == {
        "query": "GET /surveys: invalid argument 'ratings[1]': must be at most 5",
        "body_length": "POST /surveys: invalid argument 'tags[1]': must have at least 1 characters",
        "body_number": "POST /surveys: invalid argument 'scores[2]': must be at least 1",
        "nested": "POST /surveys: invalid argument 'label.names[1]': "
        "must have at most 5 characters",
    }
    assert run["sent_after_refusals"] == 0
    assert run["async_refused"] == (
        "POST /surveys: invalid argument 'tags[0]': must have at most 5 characters"
    )
    assert run["async_refused_query"] == (
        "GET /surveys: invalid argument 'ratings[0]': must be at least 1"
    )


def test_items_within_bounds_are_sent_as_given_sync_and_async(run: dict[str, Any]) -> None:
    listed, created, *_reads, from_async = run["received"]
    assert listed == {"query": [["ratings", "1"], ["ratings", "5"]], "body": None}
    assert created["body"] == {
        "id": "s",
        "tags": ["a", "abcde"],
        "scores": [1, 5],
        "label": {"names": ["abcde"]},
    }
    assert from_async["query"] == [["ratings", "3"]]


def test_responses_are_read_as_they_come_strictly_or_not(run: dict[str, Any]) -> None:
    """As every bound: the server's values are its business, in strict reading too."""
    tags, scores = ["a", "toolongtag"], [0, 9]
    assert run["read"] == [tags, scores, tags, scores]


def test_the_fake_keeps_and_checks_each_items_bounds(run: dict[str, Any]) -> None:
    (sample,) = run["fake_sample"]
    assert all(1 <= len(tag) <= 5 for tag in sample["tags"])
    assert all(1 <= score <= 5 for score in sample["scores"])
    assert run["fake_refused"] == {
        "query": "GET /surveys: invalid argument 'ratings[0]': must be at most 5"
    }
    assert run["fake_async_sent"] == {"id": "s", "tags": ["abc"], "scores": [2]}
    raw = run["fake_raw"]
    assert raw["query_out"] == 400 and raw["query_in"] == 200
    assert raw["body_out"] == {
        "error": "Invalid request: scores[0]: Value error, must be at most 5"
    }
    assert raw["body_in"] == 200
