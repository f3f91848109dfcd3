"""API-key auth end to end: a spec whose scheme sends three keys (a header with a prefix, a query
parameter whose name says nothing of a secret, a cookie) generated into a scratch tree; its
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
  name: keyed
  title: Keyed
  version: v1
  client: Keyed
  source: keyed.txt
  base_url: {default: "https://keyed.example.com/v1", env: KEYED_BASE_URL}
  auth:
    scheme: api_key
    credentials:
      api_key: {env: KEYED_API_KEY, header: Authorization, prefix: "Token "}
      app: {env: KEYED_APP, query: appid}
      account: {env: KEYED_ACCOUNT, cookie: acct}
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
        query: {expand: "string?"}
        response: Item
      ping:
        endpoint: GET /ping
        auth: false
"""

KEY, APP, ACCOUNT = "k-SECRET-1", "a-SECRET-2", "c-SECRET-3"

# Run in the scratch tree with the server's package (tests.server) importable; prints JSON.
PROGRAM = """\
import asyncio, json, logging, pickle, sys
import httpx
from apiclients.errors import APIError, AuthenticationError, ConfigurationError
from apiclients.keyed import AsyncKeyed, Keyed
from apiclients.keyed.testing import FakeKeyed
from tests.server.fakeapi import FakeAPI, Reply

KEY, APP, ACCOUNT = sys.argv[1:4]
out = {}
lines = []

class Collect(logging.Handler):
    def emit(self, record):
        lines.append(record.getMessage())

for name in ("apiclients", "httpx"):
    logger = logging.getLogger(name)
    logger.setLevel(logging.DEBUG)
    logger.addHandler(Collect())

def seen(received):
    return {"query": received.query, "authorization": received.headers.get("authorization"),
            "cookie": received.headers.get("cookie")}

with FakeAPI() as server:
    base = server.url + "/v1"
    server.handle("GET", "/v1/items/7", lambda r: Reply(json={"id": "7"}))
    server.handle("GET", "/v1/ping", lambda r: Reply(status=204))
    client = Keyed(KEY, APP, ACCOUNT, base_url=base)
    out["sync"] = client.items.retrieve("7", expand="all").id
    client.items.ping()

    async def go():
        async with AsyncKeyed(KEY, APP, ACCOUNT, base_url=base) as aclient:
            return (await aclient.items.retrieve("7")).id

    out["async"] = asyncio.run(go())
    out["received"] = [seen(r) for r in server.received]

    server.script("GET", "/v1/items/8", Reply(status=500, json={"error": "broken"}))
    try:
        client.with_options(max_retries=0).items.retrieve("8")
    except APIError as error:
        request = error.response.request
        pickled = pickle.dumps(error).decode("latin-1")
        out["error"] = "\\n".join([str(error), repr(error), str(request.url), pickled])
    server.script("GET", "/v1/items/9", Reply(302, headers={"Location": "https://elsewhere.test/"}))
    try:
        client.items.retrieve("9")
    except AuthenticationError as error:
        out["redirect"] = str(error)
    out["requests"] = len(server.received)
    out["repr"] = repr(client) + repr(client._auth)

for given, problem in [((None, APP, ACCOUNT), "missing"), ((KEY + "\\n", APP, ACCOUNT), "bad"),
                       ((KEY, APP, ACCOUNT + ";x"), "bad_cookie")]:
    try:
        Keyed(*given)
    except ConfigurationError as error:
        out[problem] = str(error)

fake = FakeKeyed()
fake.items.retrieve.respond({"id": "7"})
with fake.client() as client:
    out["fake"] = client.items.retrieve("7").id
    call = fake.items.retrieve.calls[0]
    out["fake_sent"] = {"query": call.query, "authorization": call.headers.get("authorization"),
                        "cookie": call.headers.get("cookie")}

async def fake_async():
    async with fake.async_client() as aclient:
        return (await aclient.items.retrieve("7")).id

out["fake_async"] = asyncio.run(fake_async())
bare = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
out["fake_without_keys"] = bare.get("/items/7", params={"appid": "x"}).status_code
out["logs"] = "\\n".join(lines)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(
        tmp_path_factory.mktemp("keys"),
        "keyed",
        SPEC,
        PROGRAM,
        argv=(KEY, APP, ACCOUNT),
        unset=(
            "KEYED_API_KEY",
            "KEYED_APP",
            "KEYED_ACCOUNT",
        ),
    )


def test_every_key_reaches_a_real_server_in_its_place_sync_and_async(run: dict[str, Any]) -> None:
    assert run["sync"] == run["async"] == "7"
    retrieve, ping, retrieve_async = run["received"]
    assert retrieve == {
        "query": [["expand", "all"], ["appid", APP]],
        "authorization": f"Token {KEY}",
        "cookie": f"acct={ACCOUNT}",
    }
    assert retrieve_async == {
        "query": [["appid", APP]],
        "authorization": f"Token {KEY}",
        "cookie": f"acct={ACCOUNT}",
    }
    # `auth: false`: no key at all.
    assert ping == {"query": [], "authorization": None, "cookie": None}


def test_no_key_is_shown_in_messages_reprs_urls_or_logs(run: dict[str, Any]) -> None:
    shown = "\n".join(run[k] for k in ("error", "redirect", "repr", "bad", "bad_cookie", "logs"))
    assert "broken" in run["error"] and "appid=***" in run["error"]
    assert "HTTP Request: GET" in run["logs"]  # httpx's own lines were captured, redacted
    for secret in (KEY, APP, ACCOUNT):
        assert secret not in shown


def test_a_request_with_keys_is_never_redirected(run: dict[str, Any]) -> None:
    assert "never redirected" in run["redirect"]
    assert run["requests"] == 5  # the 302 was not followed to elsewhere.test


def test_a_missing_or_unsendable_key_is_refused_at_construction(run: dict[str, Any]) -> None:
    assert "pass api_key= or set the KEYED_API_KEY environment variable" in run["missing"]
    assert "'Authorization' cannot be sent in a header" in run["bad"]
    assert "'acct' cannot be sent in a cookie" in run["bad_cookie"]


def test_the_fake_checks_every_key_and_its_clients_send_them(run: dict[str, Any]) -> None:
    assert run["fake"] == run["fake_async"] == "7"
    assert run["fake_sent"] == {
        "query": {"appid": "fake-app"},
        "authorization": "Token fake-api_key",
        "cookie": "acct=fake-account",
    }
    assert run["fake_without_keys"] == 401
