"""Object types built from several bases (`extends: [A, B]`) and with typed extra keys
(`extra_keys`), issue 20 item 11, end to end: a spec using them, generated into a scratch tree;
its clients, sync and async, call a real server on 127.0.0.1 and the generated fake.

The scratch tree has its own `apiclients` package, so the clients run in a subprocess (see
tests/scratch_api.py); the program prints what it saw as JSON and the assertions are made here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.scratch_api import run_against

SPEC = """\
api:
  name: shaped
  title: Shaped
  version: v1
  client: Shaped
  source: shaped.txt
  base_url: {default: "https://shaped.example.com", env: SHAPED_BASE_URL}
  auth: {scheme: api_key, credentials: {key: {env: SHAPED_KEY, header: X-Key}}}
  error_body: {messages: [error]}
types:
  Owned:
    fields:
      owner: string
      owner_email: "string?"
      owner_phone: "string?"
    exactly_one_of: [[owner_email, owner_phone]]
  Labelled:
    fields:
      labels: "list[string]?"
      color: "string?"
      shade: {type: "string?", required_unless: [color]}
  Template:
    extends: [Owned, Labelled]
    fields:
      id: string
    extra_keys: "string | null"
  Counts:
    fields:
      total: integer
    extra_keys: integer
resources:
  counts:
    operations:
      retrieve:
        endpoint: GET /counts
        response: Counts
  templates:
    operations:
      list:
        endpoint: GET /templates
        response: list[Template]
      create:
        endpoint: POST /templates
        body: {type: Template, argument: template}
        response: Template
"""

PROGRAM = """\
import asyncio, json, logging
from apiclients.errors import APIResponseValidationError, InvalidArgumentError
from apiclients.shaped import AsyncShaped, Shaped
from apiclients.shaped.testing import FakeShaped
from apiclients.shaped.types import Labelled, Owned, Template
from apiclients._core.testing import FakeDataError
from tests.server.fakeapi import FakeAPI, Reply

out = {}
SENT = {"owner": "ann", "owner_email": "ann@example.com", "labels": ["a"], "color": "red"}
SENT["id"] = "t1"
READ = {"owner": "bob", "labels": ["x", "y"], "id": "t2", "unlisted": "u"}
COUNTS = {"total": 12, "hall": 5, "office": 7}
BAD_COUNTS = {**COUNTS, "attic": "lots"}

def seen(template):
    return {
        "type": type(template).__name__,
        "owned": isinstance(template, Owned),
        "labelled": isinstance(template, Labelled),
        "dump": template.model_dump(mode="json", exclude_unset=True),
    }

with FakeAPI() as server:
    server.handle("GET", "/templates", lambda r: Reply(json=[READ]))
    server.handle("POST", "/templates", lambda r: Reply(json=r.json()))
    client = Shaped("k", base_url=server.url)
    out["sync_read"] = seen(client.templates.list()[0])
    out["sync_created"] = seen(client.templates.create(template=Template(**SENT)))

    async def go():
        async with AsyncShaped("k", base_url=server.url) as aclient:
            read = (await aclient.templates.list())[0]
            made = await aclient.templates.create(template=Template(**SENT))
            return seen(read), seen(made)

    out["async_read"], out["async_created"] = asyncio.run(go())
    out["bodies"] = [r.json() for r in server.received if r.method == "POST"]

    # Typed extra keys: read as their type, sync and async.
    server.handle("GET", "/counts", lambda r: Reply(json=COUNTS))
    out["counts"] = client.counts.retrieve().model_extra

    async def counts():
        async with AsyncShaped("k", base_url=server.url) as aclient:
            return (await aclient.counts.retrieve()).model_extra

    out["async_counts"] = asyncio.run(counts())
    server.handle("GET", "/counts", lambda r: Reply(json=BAD_COUNTS))
    try:
        client.with_options(strict_response_validation=True).counts.retrieve()
    except APIResponseValidationError as error:
        out["strict_counts"] = str(error)

    async def strict_counts():
        async with AsyncShaped("k", base_url=server.url, strict_response_validation=True) as c:
            try:
                await c.counts.retrieve()
            except APIResponseValidationError as error:
                return str(error)

    out["async_strict_counts"] = asyncio.run(strict_counts())
    logged = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())
    logging.getLogger("apiclients").addHandler(handler)
    tolerant = client.counts.retrieve()
    out["tolerant_counts"] = [tolerant.total, tolerant.model_extra]
    out["logged"] = logged
    server.handle("GET", "/templates", lambda r: Reply(json=[{**READ, "footer": 3}]))
    out["tolerant_templates"] = client.templates.list()[0].model_extra
    sent_extras = Template(**SENT, greeting="Hi", footer=None)
    out["sent_extras"] = client.templates.create(template=sent_extras).model_extra
    out["sent_extras_body"] = server.received[-1].json()

    # Each base's rules across keys hold for the type extending both.
    sent = len(server.received)
    refused = {}
    for name, given in {
        "owned_rule": {**SENT, "owner_phone": "555"},
        "labelled_rule": {key: v for key, v in SENT.items() if key != "color"},
    }.items():
        try:
            client.templates.create(template=Template(**given))
        except InvalidArgumentError as error:
            refused[name] = str(error)
    # An extra value of another type, in a dict or in a model built without validation.
    for name, given in {
        "extra_in_dict": {**SENT, "greeting": 5},
        "extra_in_built_model": Template.model_construct(**SENT, greeting=5),
    }.items():
        try:
            client.templates.create(template=given)
        except InvalidArgumentError as error:
            refused[name] = str(error)
    out["refused"] = refused
    out["sent_after_refusals"] = len(server.received) - sent

fake = FakeShaped()
with fake.client() as fclient:
    fclient.templates.create(template=Template(**SENT))
    out["fake_default"] = seen(fclient.templates.list()[0])
out["fake_sent"] = fake.templates.create.calls[0].json

async def fake_async():
    fake.templates.list.respond([Template(owner="cy", id="t3", owner_phone="1")])
    async with fake.async_client() as aclient:
        return seen((await aclient.templates.list())[0])

out["fake_async"] = asyncio.run(fake_async())
try:
    fake.templates.list.respond([{"id": "t4", "labels": []}])
except FakeDataError as error:
    out["fake_fixture"] = str(error)
try:
    fake.counts.retrieve.respond(BAD_COUNTS)
except FakeDataError as error:
    out["fake_extra_fixture"] = str(error)
fake.counts.retrieve.respond(COUNTS)

async def fake_counts():
    async with fake.async_client() as aclient:
        return (await aclient.counts.retrieve()).model_extra

out["fake_counts"] = asyncio.run(fake_counts())
import httpx
with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
    bad = raw.post("/templates", json={**SENT, "greeting": 5}, headers={"X-Key": "k"})
    good = raw.post("/templates", json={**SENT, "greeting": "Hi"}, headers={"X-Key": "k"})
    out["fake_requests"] = [bad.status_code, good.status_code]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(tmp_path_factory.mktemp("shapes"), "shaped", SPEC, PROGRAM)


def test_a_type_with_several_bases_is_an_instance_of_each_sync_and_async(
    run: dict[str, Any],
) -> None:
    for key in ("sync_read", "async_read"):
        read = run[key]
        assert (read["type"], read["owned"], read["labelled"]) == ("Template", True, True)
        assert read["dump"] == {"owner": "bob", "labels": ["x", "y"], "id": "t2", "unlisted": "u"}
    for key in ("sync_created", "async_created"):
        assert run[key]["owned"] and run[key]["labelled"]


def test_the_fields_of_every_base_are_sent(run: dict[str, Any]) -> None:
    expected = {
        "owner": "ann",
        "owner_email": "ann@example.com",
        "labels": ["a"],
        "color": "red",
        "id": "t1",
    }
    assert run["bodies"] == [expected, expected]
    assert run["fake_sent"] == expected


def test_the_rules_of_each_base_are_checked_before_sending(run: dict[str, Any]) -> None:
    refused = run["refused"]
    assert {"labelled_rule", "owned_rule"} <= set(refused)
    assert "owner_email" in refused["owned_rule"] and "owner_phone" in refused["owned_rule"]
    assert "shade" in refused["labelled_rule"]
    assert run["sent_after_refusals"] == 0


def test_the_fake_answers_with_and_checks_the_fields_of_every_base(run: dict[str, Any]) -> None:
    default = run["fake_default"]
    assert default["owned"] and default["labelled"]
    assert {"owner", "id"} <= set(default["dump"])
    assert run["fake_async"]["dump"] == {"owner": "cy", "id": "t3", "owner_phone": "1"}
    assert "owner" in run["fake_fixture"]  # the base's required field, missing


def test_typed_extra_keys_are_read_as_their_type_sync_and_async(run: dict[str, Any]) -> None:
    assert run["counts"] == {"hall": 5, "office": 7}
    assert run["async_counts"] == {"hall": 5, "office": 7}
    assert run["fake_counts"] == {"hall": 5, "office": 7}


def test_an_extra_value_of_another_type_is_refused_strictly_and_kept_tolerantly(
    run: dict[str, Any],
) -> None:
    for key in ("strict_counts", "async_strict_counts"):
        assert "attic" in run[key] and "integer" in run[key]
    # The default reading keeps the value as received and logs the key, never the value.
    assert run["tolerant_counts"] == [12, {"hall": 5, "office": 7, "attic": "lots"}]
    (message,) = [m for m in run["logged"] if "attic" in m]
    assert "'attic' has another type (expected int)" in message
    assert "lots" not in message
    assert run["tolerant_templates"] == {"unlisted": "u", "footer": 3}
    assert any("'[0].footer' has another type" in m for m in run["logged"])


def test_extra_keys_are_sent_and_a_wrong_one_refused_before_sending(run: dict[str, Any]) -> None:
    assert run["sent_extras"] == {"greeting": "Hi", "footer": None}
    assert run["sent_extras_body"]["greeting"] == "Hi"
    assert run["sent_extras_body"]["footer"] is None
    refused = run["refused"]
    for key in ("extra_in_dict", "extra_in_built_model"):
        assert "greeting" in refused[key], refused[key]
    assert run["sent_after_refusals"] == 0


def test_the_fake_checks_typed_extra_keys(run: dict[str, Any]) -> None:
    assert "attic" in run["fake_extra_fixture"]
    assert run["fake_requests"] == [400, 200]
