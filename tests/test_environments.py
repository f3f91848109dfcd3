"""Environments and URL variables end to end: a spec with two named servers and two `{variables}`
(one closed to an enum), generated into a scratch tree; its clients, sync and async, choose their
server by `environment=` and the variables' arguments against a real server on 127.0.0.1, and a
bad choice is refused when the client is made, before any request; the generated fake takes the
same arguments.

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
  name: zoned
  title: Zoned
  version: v1
  client: Zoned
  source: zoned.txt
  base_url:
    env: ZONED_BASE_URL
    environments:
      sandbox: "http://127.0.0.1:{port}/sandbox"
      production: "http://127.0.0.1:{port}/{stage}"
    default_environment: production
    variables:
      port: {default: "9", description: The server's port.}
      stage: {default: live, enum: [live, beta]}
  auth: {scheme: none}
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
        response: Item
"""

# Run from the checkout (for tests.server) with the scratch tree importable; prints JSON.
PROGRAM = """\
import asyncio, json, os
from apiclients.errors import ConfigurationError
from apiclients.zoned import AsyncZoned, Zoned
from apiclients.zoned.testing import FakeZoned
from tests.server.fakeapi import FakeAPI, Reply

out = {}
with FakeAPI() as server:
    for path in ("/live", "/beta", "/sandbox", "/over", "/from-env"):
        server.handle("GET", path + "/items/7", lambda r: Reply(json={"id": "7"}))
    port = str(server.port)
    default = Zoned(port=port)
    default.items.retrieve("7")
    Zoned(environment="production", stage="beta", port=port).items.retrieve("7")
    Zoned(environment="sandbox", port=port).items.retrieve("7")
    Zoned(environment="sandbox", port=port, base_url=server.url + "/over").items.retrieve("7")
    default.with_options(stage="beta").items.retrieve("7")
    default.with_options(environment="sandbox").items.retrieve("7")
    os.environ["ZONED_BASE_URL"] = server.url + "/from-env"
    Zoned(environment="sandbox").items.retrieve("7")
    del os.environ["ZONED_BASE_URL"]
    out["base_urls"] = [default.base_url, default.with_options(stage="beta").base_url]

    async def go():
        async with AsyncZoned(environment="sandbox", port=port) as aclient:
            await aclient.items.retrieve("7")
        async with AsyncZoned(port=port, stage="beta") as aclient:
            await aclient.items.retrieve("7")

    asyncio.run(go())
    out["paths"] = [r.path for r in server.received]
    refused = {}
    for name, kwargs in {
        "environment": {"environment": "staging"},
        "enum": {"stage": "gamma"},
        "not_a_url_part": {"port": "80/admin"},
        "credentials_in_value": {"port": "user@evil"},
        "overridden_still_checked": {"environment": "staging", "base_url": server.url},
    }.items():
        try:
            Zoned(**kwargs)
        except ConfigurationError as error:
            refused[name] = str(error)
    try:
        default.with_options(stage="gamma")
    except ConfigurationError as error:
        refused["with_options"] = str(error)
    try:
        asyncio.run(AsyncZoned(environment="staging").close())
    except ConfigurationError as error:
        refused["async"] = str(error)
    out["refused"] = refused
    out["sent_after_refusals"] = len(server.received)

fake = FakeZoned()
fake.items.retrieve.respond({"id": "7"})
with fake.client(environment="sandbox", stage="beta") as fclient:
    out["fake"] = fclient.items.retrieve("7").id

async def fake_async():
    async with fake.async_client(environment="production") as aclient:
        return (await aclient.items.retrieve("7")).id

out["fake_async"] = asyncio.run(fake_async())
try:
    fake.client(environment="staging")
except ConfigurationError as error:
    out["fake_refused"] = str(error)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(
        tmp_path_factory.mktemp("environments"), "zoned", SPEC, PROGRAM, unset=("ZONED_BASE_URL",)
    )


def test_the_environment_and_variables_choose_the_server_sync_and_async(
    run: dict[str, Any],
) -> None:
    assert run["paths"] == [
        "/live/items/7",  # the default environment, its variables at their defaults but port
        "/beta/items/7",
        "/sandbox/items/7",
        "/over/items/7",  # base_url overrides the environment
        "/beta/items/7",  # with_options changes one variable, keeps the others
        "/sandbox/items/7",
        "/from-env/items/7",  # so does the base URL's environment variable
        "/sandbox/items/7",
        "/beta/items/7",
    ]
    port = run["base_urls"][0].rsplit(":", 1)[1].split("/")[0]
    assert run["base_urls"] == [
        f"http://127.0.0.1:{port}/live",
        f"http://127.0.0.1:{port}/beta",
    ]


def test_a_bad_environment_or_variable_is_refused_when_the_client_is_made(
    run: dict[str, Any],
) -> None:
    refused = run["refused"]
    assert refused["environment"] == (
        "Zoned: environment='staging' is not one of 'sandbox', 'production'"
    )
    assert refused["enum"] == "Zoned: stage='gamma' is not one of 'live', 'beta'"
    assert refused["not_a_url_part"] == "Zoned: port='80/admin' cannot be part of a URL"
    assert "cannot be part of a URL" in refused["credentials_in_value"]
    assert refused["overridden_still_checked"] == refused["environment"]
    assert refused["with_options"] == refused["enum"]
    assert refused["async"] == refused["environment"]
    assert run["sent_after_refusals"] == 9  # the calls above, nothing more


def test_the_fake_takes_the_same_choices(run: dict[str, Any]) -> None:
    assert run["fake"] == "7"
    assert run["fake_async"] == "7"
    assert run["fake_refused"] == run["refused"]["environment"]
