"""Object types built from several bases (`extends: [A, B]`, issue 20 item 11) end to end: a
spec using them, generated into a scratch tree; its clients, sync and async, call a real
server on 127.0.0.1 and the generated fake.

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
resources:
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
import asyncio, json
from apiclients.errors import InvalidArgumentError
from apiclients.shaped import AsyncShaped, Shaped
from apiclients.shaped.testing import FakeShaped
from apiclients.shaped.types import Labelled, Owned, Template
from apiclients._core.testing import FakeDataError
from tests.server.fakeapi import FakeAPI, Reply

out = {}
SENT = {"owner": "ann", "owner_email": "ann@example.com", "labels": ["a"], "color": "red"}
SENT["id"] = "t1"
READ = {"owner": "bob", "labels": ["x", "y"], "id": "t2", "unlisted": 1}

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
        assert read["dump"] == {"owner": "bob", "labels": ["x", "y"], "id": "t2", "unlisted": 1}
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
    assert sorted(refused) == ["labelled_rule", "owned_rule"]
    assert "owner_email" in refused["owned_rule"] and "owner_phone" in refused["owned_rule"]
    assert "shade" in refused["labelled_rule"]
    assert run["sent_after_refusals"] == 0


def test_the_fake_answers_with_and_checks_the_fields_of_every_base(run: dict[str, Any]) -> None:
    default = run["fake_default"]
    assert default["owned"] and default["labelled"]
    assert {"owner", "id"} <= set(default["dump"])
    assert run["fake_async"]["dump"] == {"owner": "cy", "id": "t3", "owner_phone": "1"}
    assert "owner" in run["fake_fixture"]  # the base's required field, missing
