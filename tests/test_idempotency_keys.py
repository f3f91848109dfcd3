"""Idempotency keys end to end: a spec naming an API-wide idempotency header, one operation with
its own and one with none, generated into a scratch tree; its clients, sync and async, call a real
server on 127.0.0.1 that fails first (a 503, a reset connection), and the generated fake scripted
to fail once. Each call sends a fresh key, its retries the same one; a POST without a key is never
sent twice.

The scratch tree has its own `apiclients` package, so the clients run in a subprocess (importing
them here would clash with the `apiclients` of `generated/`); the program prints what it saw as
JSON and the assertions are made here.
"""

from __future__ import annotations

import uuid
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
  base_url: {default: "https://keyed.example.com", env: KEYED_BASE_URL}
  auth: {scheme: none}
  error_body: {messages: [error]}
  idempotency_key: {header: Idempotency-Key}
types:
  Order:
    fields:
      id: string
resources:
  orders:
    operations:
      create:
        endpoint: POST /orders
        body: {fields: {item: string}}
        response: Order
      refund:
        endpoint: POST /orders/{id}/refund
        path: {id: string}
        idempotency_key: {header: X-Refund-Key}
        response: Order
      cancel:
        endpoint: POST /orders/{id}/cancel
        path: {id: string}
        idempotency_key: false
        response: Order
      update:
        endpoint: PATCH /orders/{id}
        path: {id: string}
        body: {fields: {item: string}}
        response: Order
      retrieve:
        endpoint: GET /orders/{id}
        path: {id: string}
        response: Order
"""

# Run from the checkout (for tests.server) with the scratch tree importable; prints JSON.
PROGRAM = """\
import asyncio, json
from apiclients.errors import APIStatusError, InvalidArgumentError
from apiclients.keyed import AsyncKeyed, Keyed
from apiclients.keyed.testing import FakeKeyed
from tests.server.fakeapi import FakeAPI, Reply

ok = Reply(json={"id": "7"})
out = {}

def keys(server, path, header="idempotency-key"):
    return [r.headers.get(header) for r in server.requests_to(*path.split(" ", 1))]

with FakeAPI() as server:
    client = Keyed(base_url=server.url, max_retries=2)
    server.script("POST", "/orders", Reply(503), ok, ok)
    client.orders.create(item="a")  # a 503, then its retry
    client.orders.create(item="b")
    server.script("PATCH", "/orders/7", Reply(reset_after_read=True), ok)
    client.orders.update("7", item="c")  # a connection reset after sending, then its retry
    server.script("POST", "/orders/7/refund", Reply(502), ok)
    client.orders.refund("7")
    server.script("POST", "/orders/7/cancel", Reply(503), ok)
    try:
        client.orders.cancel("7")
    except APIStatusError as error:
        out["cancel_status"] = error.status_code
    server.script("POST", "/orders", ok, Reply(500), ok)  # the second call is retried
    client.orders.create(item="d", idempotency_key="order-d")
    client.orders.create(item="e", extra_headers={"Idempotency-Key": "given"})
    refused = {}
    for name, key in {"line_break": "k\\r\\nX-Evil: 1", "empty": ""}.items():
        try:
            client.orders.create(item="f", idempotency_key=key)
        except InvalidArgumentError as error:
            refused[name] = str(error)
    out["refused"] = refused

    async def go():
        server.script("POST", "/orders", Reply(503), ok)
        async with AsyncKeyed(base_url=server.url, max_retries=2) as aclient:
            await aclient.orders.create(item="g")

    asyncio.run(go())
    out["create"] = keys(server, "POST /orders")
    out["update"] = keys(server, "PATCH /orders/7")
    out["refund"] = keys(server, "POST /orders/7/refund", "x-refund-key")
    out["refund_default_header"] = keys(server, "POST /orders/7/refund")
    out["cancel"] = keys(server, "POST /orders/7/cancel")

fake = FakeKeyed()
fake.orders.create.fail(503, times=1)
fake.orders.create.respond({"id": "7"})
with fake.client(max_retries=2) as fclient:
    fclient.orders.create(item="a")
    fclient.orders.retrieve("7")

async def fake_async():
    fake.orders.create.fail(429, times=1)
    async with fake.async_client(max_retries=1) as aclient:
        await aclient.orders.create(item="b")

asyncio.run(fake_async())
out["fake"] = [call.idempotency_key for call in fake.orders.create.calls]
out["fake_retrieve"] = [call.idempotency_key for call in fake.orders.retrieve.calls]
out["fake_delays"] = len(fake.delays)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(tmp_path_factory.mktemp("idempotency"), "keyed", SPEC, PROGRAM)


def _fresh(key: str) -> bool:
    return uuid.UUID(key).version == 4


def test_a_call_and_its_retries_share_one_fresh_key_sync_and_async(run: dict[str, Any]) -> None:
    first, retry, second, given, own, own_retry, asynchronous, async_retry = run["create"]
    assert first == retry and _fresh(first)  # a 503 was retried, with the same key
    assert _fresh(second) and second != first  # the next call: another key
    assert given == "order-d"  # the caller's own key
    assert own == own_retry == "given"  # extra_headers still says what is sent, retries too
    assert asynchronous == async_retry and _fresh(asynchronous)
    update, update_retry = run["update"]
    assert update == update_retry and _fresh(update)  # a PATCH retried after a reset connection


def test_an_operation_names_its_own_header_or_none(run: dict[str, Any]) -> None:
    refund, refund_retry = run["refund"]
    assert refund == refund_retry and _fresh(refund)
    assert run["refund_default_header"] == [None, None]
    # Without a key a POST the server may have acted on is never sent again.
    assert run["cancel"] == [None]
    assert run["cancel_status"] == 503


def test_a_bad_key_is_refused_before_sending(run: dict[str, Any]) -> None:
    assert run["refused"] == {
        "line_break": "POST /orders: idempotency_key: the value contains a line break, NUL or "
        "another control character; nothing was sent",
        "empty": "POST /orders: idempotency_key: it is empty; nothing was sent",
    }


def test_the_fake_records_the_key_of_each_call(run: dict[str, Any]) -> None:
    failed, retried, throttled, after = run["fake"]
    assert failed == retried and _fresh(failed)
    assert throttled == after and after != failed
    assert run["fake_retrieve"] == [None]
    assert run["fake_delays"] == 2
