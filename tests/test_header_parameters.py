"""Header and cookie parameters end to end: a spec whose operation takes a required header, an
optional list header, an integer header and a cookie, generated into a scratch tree; its
clients, sync and async, call a real server on 127.0.0.1 and the generated fake.

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
  name: headed
  title: Headed
  version: v1
  client: Headed
  source: headed.txt
  base_url: {default: "https://headed.example.com", env: HEADED_BASE_URL}
  auth: {scheme: api_key, credentials: {key: {env: HEADED_KEY, header: X-Key}}}
  error_body: {messages: [error]}
types:
  Item:
    fields:
      id: string
resources:
  items:
    operations:
      retrieve:
        endpoint: GET /items/{id}
        path: {id: string}
        headers:
          X-Tenant: {type: string, description: The tenant the item belongs to.}
          X-Trace: {type: "list[string]?", max_items: 3}
          X-Depth: {type: "integer?", minimum: 1, maximum: 5}
        cookies:
          region: {type: "string?", description: Where the data lives.}
        response: Item
"""

# Run from the checkout (for tests.server) with the scratch tree importable; prints JSON.
PROGRAM = """\
import asyncio, json
from apiclients.errors import InvalidArgumentError
from apiclients.headed import AsyncHeaded, Headed
from apiclients.headed.testing import FakeHeaded
from tests.server.fakeapi import FakeAPI, Reply

out = {}
with FakeAPI() as server:
    server.handle("GET", "/items/7", lambda r: Reply(json={"id": "7"}))
    client = Headed("k", base_url=server.url)
    client.items.retrieve("7", x_tenant="acme", x_trace=["a", "b"], x_depth=2, region="eu")
    client.items.retrieve("7", x_tenant="acme")

    async def go():
        async with AsyncHeaded("k", base_url=server.url) as aclient:
            await aclient.items.retrieve("7", x_tenant="beta", region="us")

    asyncio.run(go())
    out["received"] = [
        {k: r.headers.get(k) for k in ("x-tenant", "x-trace", "x-depth", "cookie", "x-key")}
        for r in server.received
    ]
    refused = {}
    for name, kwargs in {
        "line_break": {"x_tenant": "acme\\r\\nX-Evil: 1"},
        "too_deep": {"x_tenant": "acme", "x_depth": 9},
        "cookie_separator": {"x_tenant": "acme", "region": "eu; admin=1"},
        "too_many": {"x_tenant": "acme", "x_trace": ["a", "b", "c", "d"]},
        "not_latin1": {"x_tenant": "acme\\u2603"},
    }.items():
        try:
            client.items.retrieve("7", **kwargs)
        except InvalidArgumentError as error:
            refused[name] = str(error)
    out["refused"] = refused
    out["sent_after_refusals"] = len(server.received)

fake = FakeHeaded()
fake.items.retrieve.respond({"id": "7"})
with fake.client() as fclient:
    fclient.items.retrieve("7", x_tenant="acme", x_trace=["a", "b"], region="eu")
call = fake.items.retrieve.calls[0]
out["fake"] = {"tenant": call.headers.get("x-tenant"), "cookie": call.headers.get("cookie")}

async def fake_async():
    async with fake.async_client() as aclient:
        return (await aclient.items.retrieve("7", x_tenant="acme")).id

out["fake_async"] = asyncio.run(fake_async())
bare = fake.transport()
import httpx
with httpx.Client(transport=bare, base_url=fake.base_url) as raw:
    out["fake_without_tenant"] = raw.get("/items/7", headers={"X-Key": "k"}).status_code
    deep = {"X-Key": "k", "X-Tenant": "a", "X-Depth": "9"}
    out["fake_bad_depth"] = raw.get("/items/7", headers=deep).status_code
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(tmp_path_factory.mktemp("headers"), "headed", SPEC, PROGRAM)


def test_header_and_cookie_arguments_reach_a_real_server_sync_and_async(
    run: dict[str, Any],
) -> None:
    every, required_only, from_async = run["received"]
    assert every == {
        "x-tenant": "acme",
        "x-trace": "a,b",
        "x-depth": "2",
        "cookie": "region=eu",
        "x-key": "k",
    }
    assert required_only == {
        "x-tenant": "acme",
        "x-trace": None,
        "x-depth": None,
        "cookie": None,
        "x-key": "k",
    }
    assert from_async["x-tenant"] == "beta" and from_async["cookie"] == "region=us"


def test_a_bad_header_or_cookie_argument_is_refused_before_sending(run: dict[str, Any]) -> None:
    refused = run["refused"]
    assert sorted(refused) == [
        "cookie_separator",
        "line_break",
        "not_latin1",
        "too_deep",
        "too_many",
    ]
    assert "'x_tenant'" in refused["line_break"] and "line break" in refused["line_break"]
    assert "'x_depth'" in refused["too_deep"]
    assert "'region'" in refused["cookie_separator"] and "semicolon" in refused["cookie_separator"]
    assert "'x_trace'" in refused["too_many"]
    assert "Latin-1" in refused["not_latin1"]
    assert run["sent_after_refusals"] == 3  # the three calls above, nothing more


def test_the_fake_reads_header_and_cookie_arguments_as_the_api_would(run: dict[str, Any]) -> None:
    assert run["fake"] == {"tenant": "acme", "cookie": "region=eu"}
    assert run["fake_async"] == "7"
    assert run["fake_without_tenant"] == 400
    assert run["fake_bad_depth"] == 400
