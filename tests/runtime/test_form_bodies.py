"""A form-urlencoded body with nested fields, over real sockets and through the fake, sync and
async: an object sent deepObject-style (`filter[owner]=ann`), a list as its key repeated.

The operation is described here by hand, as a generated resource describes its own, so that the
runtime is tested apart from the generator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from apiclients._core.client import ClientConfig
from apiclients._core.forms import form_pairs, form_received
from apiclients._core.models import APIModel, Params
from apiclients._core.operation import Operation
from apiclients._core.testing import Route
from apiclients.errors import InvalidArgumentError
from tests.runtime import clients
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Reply

CONFIG = ClientConfig(
    name="Forms", default_base_url=None, base_url_env="FORMS_BASE_URL", error_keys=("message",)
)


class _Range(APIModel):
    low: int | None = None
    high: int | None = None


class _Filter(APIModel):
    owner: str | None = None
    labels: list[str] | None = None
    size: _Range | None = None


class _Line(APIModel):
    price: str
    quantity: int | None = None


class _Search(Params):
    query: str
    lines: list[_Line] | None = None
    tags: list[str] | None = None
    filter: _Filter | None = None
    extra: dict[str, Any] | None = None


SEARCH: Operation[None] = Operation("POST", "/search", _Search, form=True)


def on_server(mode: str, api: Server, action: Callable[[Any], Any]) -> Any:
    return clients.on_server(mode, CONFIG, api.url, action)


NESTED = {
    "query": "q3",
    "tags": ["a", "b"],
    "filter": {"owner": "ann", "labels": ["x"], "size": {"low": 1, "high": 9}},
}


def test_nested_fields_are_sent_deep_object_style(mode: str, api: Server) -> None:
    api.handle("POST", "/search", lambda r: Reply(204))
    on_server(mode, api, lambda c: c.request(SEARCH, NESTED))
    sent = api.received[0]
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(sent.body.decode()) == [
        ("query", "q3"),
        ("tags", "a"),
        ("tags", "b"),
        ("filter[owner]", "ann"),
        ("filter[labels]", "x"),
        ("filter[size][low]", "1"),
        ("filter[size][high]", "9"),
    ]


def test_a_map_key_with_a_bracket_is_refused_before_sending(mode: str, api: Server) -> None:
    for extra in ({"a[b]": 1}, {"rows": [{"c]": 1}]}):
        with pytest.raises(InvalidArgumentError, match="cannot be sent"):
            on_server(mode, api, lambda c, e=extra: c.request(SEARCH, {"query": "q", "extra": e}))
    assert api.received == []


def test_form_pairs_and_form_received_are_inverse() -> None:
    pairs = form_pairs("POST /search", NESTED, str)
    assert pairs["filter[size][low]"] == "1"
    flat = [
        (k, v)
        for k, value in pairs.items()
        for v in (value if isinstance(value, list) else [value])
    ]
    assert form_received(flat) == {
        "query": "q3",
        "tags": ["a", "b"],
        "filter": {"owner": "ann", "labels": "x", "size": {"low": "1", "high": "9"}},
    }
    # Nothing of an empty object or list, or of a field left out, is sent.
    assert form_pairs("x", {"a": {}, "b": [], "c": None}, str) == {"b": []}


# -- the fake ---------------------------------------------------------------------------------


FormsFake = clients.fake_class(
    CONFIG,
    (Route("search.run", SEARCH, 204),),
    {"search.run": None},
    timeout=10.0,
)


def test_the_fake_reads_nested_form_fields_back(mode: str) -> None:
    fake = FormsFake()

    clients.on_fake(mode, fake, lambda c: c.request(SEARCH, NESTED))
    call = fake.search.run.calls[0]
    # One label arrives as its text; the fake reads it back as the list the argument is.
    assert call.json["filter"] == {"owner": "ann", "labels": "x", "size": {"low": "1", "high": "9"}}
    assert call.json["tags"] == ["a", "b"]
    wrong = httpx.Request(
        "POST", fake.base_url + "/search", data={"query": "q", "filter[size][low]": "many"}
    )
    wrong.read()
    answer = fake.handle(wrong)
    assert answer.status_code == 400
    assert "filter.size.low" in answer.text


def test_a_list_of_objects_is_sent_by_index_and_read_back(mode: str, api: Server) -> None:
    api.handle("POST", "/search", lambda r: Reply(204))
    lines = [{"price": "p1", "quantity": 2}, {"price": "p2"}]
    on_server(mode, api, lambda c: c.request(SEARCH, {"query": "q", "lines": lines}))
    assert parse_qsl(api.received[0].body.decode()) == [
        ("query", "q"),
        ("lines[0][price]", "p1"),
        ("lines[0][quantity]", "2"),
        ("lines[1][price]", "p2"),
    ]
    fake = FormsFake()

    clients.on_fake(mode, fake, lambda c: c.request(SEARCH, {"query": "q", "lines": lines}))
    assert fake.search.run.calls[0].json["lines"] == {
        "0": {"price": "p1", "quantity": "2"},
        "1": {"price": "p2"},
    }
    wrong = httpx.Request(
        "POST", fake.base_url + "/search", data={"query": "q", "lines[0][quantity]": "2"}
    )
    wrong.read()
    assert "lines[0].price: Field required" in fake.handle(wrong).text
