"""Nimble: bearer tokens renewed by the OAuth2 refresh grant (form-encoded, with redirect_uri),
`meta` page pagination, `{message, code, errors}` errors, and the contract calls."""

from __future__ import annotations

import threading
from urllib.parse import parse_qsl

import pytest

from apiclients import errors
from apiclients.nimble import AsyncNimble, Nimble
from apiclients.nimble.types import (
    ContactFieldValue,
    ContactTag,
    ContactView,
    DealsPipelinesListResponse,
)
from tests.runtime.conftest import call
from tests.server.fakeapi import FakeAPI, Received, Reply

TOKEN = "c0b5f46631455b543c309b8cb18b8dae"
OAUTH = {
    "refresh_token": "refresh-0",
    "client_id": "app-id",
    "client_secret": "app-secret",
    "redirect_uri": "http://localhost:3000/auth",
}


def contact(cid: str) -> dict[str, object]:
    """The document's contact example (trimmed), as the API sends it."""
    return {
        "updated": "2012-09-07T16:49:56+0300",
        "created": "2012-09-07T16:49:56+0300",
        "fields": {
            "first name": [{"modifier": "", "value": "Amayak", "label": "first name"}],
            "phone": [
                {"modifier": "mobile", "value": "+7 (917) 202-456-1111", "label": "phone"},
                {"modifier": "home", "value": "+7 244 231 84 22", "label": "phone"},
            ],
        },
        "object_type": "contact",
        "id": cid,
        "last_contacted": {
            "user_id": "5c459c52ceee1868ee3ab41f",
            "deletion_tstamp": None,
            "type": "LCType<message>",
            "object_id": "ed5afbee-37f5-db6b-7f71-c7d6b8750bbb",
            "tstamp": "2019-01-22T21:57:30+0000",
        },
        "avatar_url": None,
        "record_type": "person",
        "creator": "Emil Kio",
        "children": [],
        "tags": [{"tag": "csv import", "id": "5049fa0c9b85f62cb4000639"}],
        "owner_id": "5049f696a694620a0700001c",
    }


def listing(items: list[object], page: int, pages: int, per_page: int = 50) -> dict[str, object]:
    return {
        "meta": {"page": page, "pages": pages, "per_page": per_page, "total": len(items) * pages},
        "resources": items,
    }


def nimble(mode: str, api: FakeAPI, action, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("access_token", TOKEN)
    return call(
        mode, Nimble, AsyncNimble, action, base_url=api.url, oauth_base_url=api.url, **kwargs
    )


def test_requests_carry_the_bearer_token(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/api/v1/contact/c1", Reply(json={"resources": [contact("c1")]}))
    result = nimble(mode, api, lambda c: c.contacts.retrieve("c1"))
    (request,) = api.requests_to("GET", "/api/v1/contact/c1")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    (found,) = result.resources
    assert isinstance(found, ContactView) and found.id == "c1"
    assert found.fields["first name"] == [
        ContactFieldValue(modifier="", value="Amayak", label="first name")
    ]
    assert found.tags == [ContactTag(tag="csv import", id="5049fa0c9b85f62cb4000639")]


def test_the_access_token_comes_from_the_environment(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NIMBLE_ACCESS_TOKEN", "from-env")
    api.script("GET", "/api/v2/deals/d1", Reply(json={"id": "d1"}))
    with Nimble(base_url=api.url) as client:
        client.deals.retrieve("d1")
    assert (
        api.requests_to("GET", "/api/v2/deals/d1")[0].headers["authorization"] == "Bearer from-env"
    )


def test_client_credentials_without_a_refresh_token_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nimble has no client_credentials grant: an id and secret alone could never get a token, so
    the client says what is missing at construction instead of failing on the first request."""
    for name in (
        "NIMBLE_ACCESS_TOKEN",
        "NIMBLE_REFRESH_TOKEN",
        "NIMBLE_CLIENT_ID",
        "NIMBLE_CLIENT_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(errors.ConfigurationError) as raised:
        Nimble(client_id="id", client_secret="secret-value")
    message = str(raised.value)
    assert (
        "client_id=, client_secret= and refresh_token=" in message
        and "NIMBLE_REFRESH_TOKEN" in message
    )
    assert "secret-value" not in message


def test_contact_listing_walks_every_page_by_meta(api: FakeAPI, mode: str) -> None:
    def pages(request: Received) -> Reply:
        page = int(dict(request.query).get("page", "1"))
        return Reply(json=listing([contact(f"c{page}a"), contact(f"c{page}b")], page, 3))

    api.handle("GET", "/api/v1/contacts", pages)

    def collect(client):  # type: ignore[no-untyped-def]
        result = client.contacts.list(record_type="person", per_page=50)
        if isinstance(client, Nimble):
            return [c.id for c in result]

        async def walk() -> list[str]:
            return [c.id async for c in result]

        return walk()

    ids = nimble(mode, api, collect)
    assert ids == ["c1a", "c1b", "c2a", "c2b", "c3a", "c3b"]
    queries = [dict(r.query) for r in api.requests_to("GET", "/api/v1/contacts")]
    assert queries == [
        {"record_type": "person", "per_page": "50"},
        {"record_type": "person", "per_page": "50", "page": "2"},
        {"record_type": "person", "per_page": "50", "page": "3"},
    ]


def test_contact_notes_listing_is_paginated_too(api: FakeAPI) -> None:
    note = {
        "id": "n1",
        "note": "hello",
        "note_preview": "hello",
        "author_name": "A",
        "contacts": [],
        "created": "x",
        "owner_id": "o",
        "updated": "x",
        "owner": {
            "avatar_url": "",
            "email": "a@example.com",
            "is_active": True,
            "name": "A",
            "user_id": "o",
        },
    }
    api.script(
        "GET",
        "/api/v1/contacts/c1/notes",
        Reply(json=listing([note], 1, 2)),
        Reply(json=listing([dict(note, id="n2")], 2, 2)),
    )
    with Nimble(access_token=TOKEN, base_url=api.url) as client:
        assert [n.id for n in client.contacts.notes.list("c1")] == ["n1", "n2"]


def test_an_error_raises_with_its_message_and_keeps_the_code(api: FakeAPI, mode: str) -> None:
    body = {
        "message": "Validation errors",
        "code": 245,
        "errors": {
            "first name": [
                {
                    "message": "First name or last name field is required for person and should "
                    "not be empty",
                    "field_id": "5049f697a694620a07000043",
                }
            ]
        },
    }
    api.script("POST", "/api/v1/contact", Reply(409, json=body))
    with pytest.raises(errors.APIStatusError) as info:
        nimble(
            mode,
            api,
            lambda c: c.contacts.create(
                record_type="person", fields={"first name": [{"value": ""}]}
            ),
        )
    assert info.value.status_code == 409
    assert "Validation errors" in str(info.value)
    assert info.value.body["code"] == 245


def test_a_quota_error_is_a_402_with_code_108(api: FakeAPI) -> None:
    body = {
        "message": (
            "You have created the maximum number of contact records allowed for your subscription."
        ),
        "code": 108,
    }
    api.script("POST", "/api/v1/contact", Reply(402, json=body))
    with (
        Nimble(access_token=TOKEN, base_url=api.url) as client,
        pytest.raises(errors.APIStatusError) as info,
    ):
        client.contacts.create(
            record_type="company", fields={"company name": [{"value": "Nimble"}]}
        )
    assert "maximum number of contact records" in str(info.value)
    assert info.value.body["code"] == 108


class TokenServer:
    """The token endpoint issuing token-1, token-2, ...; the resource accepts only the newest."""

    def __init__(self, api: FakeAPI) -> None:
        self.issued = 0
        self.lock = threading.Lock()
        api.handle("POST", "/api/oauth/token", self.token)
        api.handle("GET", "/api/v2/deals/d1", self.resource)

    def token(self, request: Received) -> Reply:
        with self.lock:
            self.issued += 1
        return Reply(
            json={
                "access_token": f"token-{self.issued}",
                "expires_in": 559,
                "refresh_token": f"refresh-{self.issued}",
            }
        )

    def resource(self, request: Received) -> Reply:
        if request.headers.get("authorization") != f"Bearer token-{self.issued}":
            return Reply(401, json={"message": "Unauthorized", "code": 401})
        return Reply(json={"id": "d1", "name": "Big deal"})


def test_a_401_refreshes_the_token_once_form_encoded_with_redirect_uri(
    api: FakeAPI, mode: str
) -> None:
    server = TokenServer(api)
    server.issued = 3  # the given access token is stale
    deal = nimble(mode, api, lambda c: c.deals.retrieve("d1"), access_token="token-0", **OAUTH)
    assert deal.id == "d1"
    (grant,) = api.requests_to("POST", "/api/oauth/token")
    assert grant.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert dict(parse_qsl(grant.body.decode())) == {
        "grant_type": "refresh_token",
        "refresh_token": "refresh-0",
        "client_id": "app-id",
        "client_secret": "app-secret",
        "redirect_uri": "http://localhost:3000/auth",
    }
    tokens = [r.headers["authorization"] for r in api.requests_to("GET", "/api/v2/deals/d1")]
    assert tokens == ["Bearer token-0", "Bearer token-4"]


def test_the_contract_calls(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/api/v1/contacts", Reply(json=listing([contact("c1")], 1, 1)))
    api.script("GET", "/api/v1/contact/c1", Reply(json={"resources": [contact("c1")]}))
    api.script("POST", "/api/v1/contact", Reply(json=contact("c2")))
    api.script("DELETE", "/api/v1/contact/c2", Reply(200))
    api.script("GET", "/api/v1/contacts/c1/notes", Reply(json=listing([], 1, 1)))
    api.script(
        "GET", "/api/v2/deals/d1", Reply(json={"id": "d1", "name": "Big deal", "amount": 10})
    )
    api.script(
        "GET", "/api/v2/deals/pipelines", Reply(json={"pipelines": [{"id": "p1", "name": "Sales"}]})
    )

    def calls(client):  # type: ignore[no-untyped-def]
        if isinstance(client, Nimble):
            return [
                [c.id for c in client.contacts.list(record_type="person", per_page=50)],
                client.contacts.retrieve("c1").resources[0].id,
                client.contacts.create(
                    record_type="person",
                    fields={"first name": [{"value": "Amayak", "modifier": ""}]},
                ).id,
                client.contacts.delete("c2"),
                list(client.contacts.notes.list("c1")),
                client.deals.retrieve("d1").id,
                client.deals.pipelines.list(),
            ]

        async def run() -> list[object]:
            return [
                [c.id async for c in client.contacts.list(record_type="person", per_page=50)],
                (await client.contacts.retrieve("c1")).resources[0].id,
                (
                    await client.contacts.create(
                        record_type="person",
                        fields={"first name": [{"value": "Amayak", "modifier": ""}]},
                    )
                ).id,
                await client.contacts.delete("c2"),
                [n async for n in client.contacts.notes.list("c1")],
                (await client.deals.retrieve("d1")).id,
                await client.deals.pipelines.list(),
            ]

        return run()

    listed, retrieved, created, deleted, notes, deal, pipelines = nimble(mode, api, calls)
    assert (listed, retrieved, created, deleted, notes, deal) == (
        ["c1"],
        "c1",
        "c2",
        None,
        [],
        "d1",
    )
    assert isinstance(pipelines, DealsPipelinesListResponse) and pipelines.pipelines[0].id == "p1"
    (create,) = api.requests_to("POST", "/api/v1/contact")
    assert create.json() == {
        "record_type": "person",
        "fields": {"first name": [{"value": "Amayak", "modifier": ""}]},
    }


def test_a_callers_tuples_and_read_only_mappings_are_sent_as_json() -> None:
    """Parameters take any Sequence and Mapping (issue 23): a tuple and a mapping proxy reach
    the wire as the JSON list and object they stand for."""
    from types import MappingProxyType

    from apiclients.nimble.testing import FakeNimble

    fake = FakeNimble()
    fields = MappingProxyType({"first name": ({"value": "Ann"},)})
    fake.client().contacts.create(record_type="person", fields=fields, file_ids=("f1", "f2"))
    sent = fake.contacts.create.calls[0].json
    assert sent["fields"] == {"first name": [{"value": "Ann"}]}
    assert sent["file_ids"] == ["f1", "f2"]
