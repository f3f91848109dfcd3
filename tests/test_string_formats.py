"""Checked string formats (issue 20, item 11) end to end: a spec whose strings state `email`,
`uri`, `ipv4`, `ipv6` and the `uuid` type, generated into a scratch tree; its clients, sync and
async, call a real server on 127.0.0.1 and the generated fake.

The scratch tree has its own `apiclients` package, so the clients run in a subprocess; the
program prints what it saw as JSON and the assertions are made here.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.resolved import formats
from tests.scratch_api import run_against

SPEC = """\
api:
  name: formats
  title: Formats
  version: v1
  client: Formats
  source: formats.txt
  base_url: {default: "https://formats.example.com", env: FORMATS_BASE_URL}
  auth: {scheme: api_key, credentials: {key: {env: FORMATS_KEY, header: X-Key}}}
  error_body: {messages: [error]}
types:
  Contact:
    fields:
      id: uuid
      email: {type: string, format: email}
      homepage: {type: "string?", format: uri}
      last_ip: {type: "string?", format: ipv4}
      last_ip6: {type: "string?", format: ipv6}
      aliases: {type: "list[string]?", format: email}
      phone: {type: "string?", format: phone}
resources:
  contacts:
    operations:
      list:
        endpoint: GET /contacts
        query:
          email: {type: "string?", format: email}
        response: list[Contact]
      create:
        endpoint: POST /contacts
        body: {type: Contact}
        response: Contact
"""

CONTACT = {
    "id": "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
    "email": "ann@example.com",
    "homepage": "https://example.com/ann",
    "last_ip": "8.8.8.8",
    "last_ip6": "2001:0db8::0001",
    "aliases": ["a@example.com"],
    "phone": "not checked",
}

PROGRAM = """\
import asyncio, json, logging, sys
import httpx
from apiclients.errors import APIResponseValidationError, InvalidArgumentError
from apiclients.formats import AsyncFormats, Formats
from apiclients.formats.testing import FakeFormats
from apiclients._core.fields import StringFormat
from apiclients._core.testing import FakeDataError
from tests.server.fakeapi import FakeAPI, Reply

CONTACT = json.loads(sys.argv[1])
BAD = {**CONTACT, "email": "ann.example.com", "last_ip": "999.1.1.1"}
out = {}


def refusals(calls):
    found = {}
    for name, call in calls.items():
        try:
            call()
        except InvalidArgumentError as error:
            found[name] = str(error)
    return found


def good(**changes):
    return {**CONTACT, **changes}


with FakeAPI() as server:
    server.handle("GET", "/contacts", lambda r: Reply(json=[CONTACT]))
    server.handle("POST", "/contacts", lambda r: Reply(json=CONTACT))
    client = Formats("k", base_url=server.url)
    out["refused"] = refusals({
        "query": lambda: client.contacts.list(email="ann"),
        "email": lambda: client.contacts.create(**good(email="ann@localhost")),
        "uri": lambda: client.contacts.create(**good(homepage="example.com/ann")),
        "ipv4": lambda: client.contacts.create(**good(last_ip="2001:db8::1")),
        "ipv6": lambda: client.contacts.create(**good(last_ip6="8.8.8.8")),
        "uuid": lambda: client.contacts.create(**good(id="3f2504e0")),
        "list_item": lambda: client.contacts.create(**good(aliases=["a@example.com", "b"])),
    })
    out["sent_after_refusals"] = len(server.received)
    client.contacts.list(email="ann@example.com")
    client.contacts.create(**CONTACT)
    read = client.contacts.list()[0]
    out["read"] = [read.id, read.last_ip6, type(read.id).__name__]
    out["written_back"] = read.model_dump(mode="json")
    server.handle("GET", "/contacts", lambda r: Reply(json=[BAD]))
    try:
        client.with_options(strict_response_validation=True).contacts.list()
    except APIResponseValidationError as error:
        out["strict_read"] = str(error)
    warnings = []
    handler = logging.Handler()
    handler.emit = lambda record: warnings.append(record.getMessage())
    logging.getLogger("apiclients").addHandler(handler)
    tolerant = client.contacts.list()[0]
    out["tolerant_read"] = [tolerant.email, tolerant.last_ip]
    out["warnings"] = list(warnings)

    async def go():
        async with AsyncFormats("k", base_url=server.url) as aclient:
            try:
                await aclient.contacts.list(email="nobody")
            except InvalidArgumentError as error:
                out["async_refused"] = str(error)
            await aclient.contacts.list(email="bo@example.org")

    asyncio.run(go())
    out["received"] = [
        {"query": r.query, "body": r.json() if r.body else None} for r in server.received
    ]

fake = FakeFormats()
with fake.client() as fclient:
    out["fake_sample"] = [c.model_dump(mode="json") for c in fclient.contacts.list()]
    out["fake_refused"] = refusals({"query": lambda: fclient.contacts.list(email="x")})
try:
    fake.contacts.list.respond([BAD])
except FakeDataError as error:
    out["fake_fixture"] = str(error)


async def fake_async():
    async with fake.async_client() as aclient:
        await aclient.contacts.create(**CONTACT)


asyncio.run(fake_async())
out["fake_async_sent"] = fake.contacts.create.calls[-1].json
with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
    key = {"X-Key": "k"}
    out["fake_raw"] = {
        "query_out": raw.get("/contacts?email=x", headers=key).status_code,
        "body_out": raw.post("/contacts", json=BAD, headers=key).json(),
    }
checks = {}
for name, values in json.loads(sys.argv[2]).items():
    check = StringFormat(name).func
    for value in values:
        try:
            check(value)
            checks[name + ":" + value] = True
        except ValueError:
            checks[name + ":" + value] = False
out["checks"] = checks
print(json.dumps(out))
"""

# Values on each side of each format's rule, judged alike by the client and `apigen validate`.
PROBES = {
    "email": ["a@b.co", "first.last+tag@mail.example.org", "a@b", "a b@c.de", "@c.de", "a@@c.de"],
    "uri": ["https://x.org/a?b=1", "mailto:a@b.co", "urn:isbn:0451450523", "x.org/a", "", "a b:c"],
    "ipv4": ["8.8.8.8", "0.0.0.0", "256.1.1.1", "8.8.8", "::1", "08.8.8.8"],
    "ipv6": ["::1", "2001:db8::1", "2001:0db8:0000::0001", "8.8.8.8", ":::", "fe80::1%eth0"],
    "uuid": [
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "3F2504E04F8941D39A0C0305E82C3301",
        "3f2504e0",
    ],
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import json

    argv = (json.dumps(CONTACT), json.dumps(PROBES))
    return run_against(tmp_path_factory.mktemp("formats"), "formats", SPEC, PROGRAM, argv=argv)


def test_a_value_breaking_its_format_is_refused_before_sending(run: dict[str, Any]) -> None:
    refused = run["refused"]
    assert refused == {
        "query": "GET /contacts: invalid argument 'email': must be an email address "
        "(format: email)",
        "email": "POST /contacts: invalid argument 'email': must be an email address "
        "(format: email)",
        "uri": "POST /contacts: invalid argument 'homepage': must be a URI with a scheme "
        "(format: uri)",
        "ipv4": "POST /contacts: invalid argument 'last_ip': must be an IPv4 address "
        "(format: ipv4)",
        "ipv6": "POST /contacts: invalid argument 'last_ip6': must be an IPv6 address "
        "(format: ipv6)",
        "uuid": "POST /contacts: invalid argument 'id': must be a UUID (format: uuid)",
        "list_item": "POST /contacts: invalid argument 'aliases[1]': must be an email address "
        "(format: email)",
    }
    assert run["sent_after_refusals"] == 0
    assert run["async_refused"] == (
        "GET /contacts: invalid argument 'email': must be an email address (format: email)"
    )


def test_valid_values_are_sent_and_read_back_exactly_sync_and_async(run: dict[str, Any]) -> None:
    listed, created, *_reads, from_async = run["received"]
    assert listed["query"] == [["email", "ann@example.com"]]
    assert created["body"] == CONTACT
    assert from_async["query"] == [["email", "bo@example.org"]]
    # A str, as received: a UUID keeps its case, an IPv6 address its zeros.
    assert run["read"] == [CONTACT["id"], "2001:0db8::0001", "str"]
    assert run["written_back"] == CONTACT


def test_a_response_breaking_a_format_fails_strict_reading_and_is_kept_tolerantly(
    run: dict[str, Any],
) -> None:
    assert "[0].email" in run["strict_read"] and "must be an email address" in run["strict_read"]
    assert run["tolerant_read"] == ["ann.example.com", "999.1.1.1"]
    assert run["warnings"] == [
        f"GET /contacts: response field '[0].{name}' breaks its format (expected str); kept as "
        "received. strict_response_validation=True refuses such responses."
        for name in ("email", "last_ip")
    ]


def test_the_fake_answers_and_checks_formats(run: dict[str, Any]) -> None:
    (sample,) = run["fake_sample"]
    assert sample["email"] == "user@example.com"
    assert sample["last_ip"] == "8.8.8.8" and sample["last_ip6"] == "2001:db8::1"
    assert run["fake_refused"] == {
        "query": "GET /contacts: invalid argument 'email': must be an email address "
        "(format: email)"
    }
    assert "[0].email" in run["fake_fixture"]
    assert run["fake_async_sent"] == CONTACT
    assert run["fake_raw"]["query_out"] == 400
    assert "email: Value error, must be an email address" in run["fake_raw"]["body_out"]["error"]


def test_the_client_and_apigen_validate_judge_each_format_alike(run: dict[str, Any]) -> None:
    judged = run["checks"]
    for name, values in PROBES.items():
        for value in values:
            assert judged[f"{name}:{value}"] == (not formats.breaks(value, name)), (name, value)
    assert judged["email:a@b.co"] and not judged["email:a@b"]
    assert judged["uri:mailto:a@b.co"] and not judged["uri:x.org/a"]
    assert not judged["ipv4:08.8.8.8"] and not judged["ipv6:8.8.8.8"]
