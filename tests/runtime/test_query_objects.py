"""A query parameter holding an object, over real sockets and through the fake, sync and async:
sent `deep_object` (`filter[owner]=ann`, deeper levels adding brackets, a list of scalars as its
key repeated) or with its keys spread (exploded `form`: `color=red`).

The operations are described here by hand, as a generated resource describes its own, so that
the runtime is tested apart from the generator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import Field

from apiclients._core.client import ClientConfig
from apiclients._core.models import APIModel, Params
from apiclients._core.operation import Operation
from apiclients._core.query_objects import object_pairs, object_received
from apiclients._core.testing import Route
from apiclients.errors import InvalidArgumentError
from tests.runtime import clients
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Reply

CONFIG = ClientConfig(
    name="Queries", default_base_url=None, base_url_env="QUERIES_BASE_URL", error_keys=("message",)
)


class _Range(APIModel):
    low: int | None = None
    high: int | None = None


class _Filter(APIModel):
    owner: str | None = None
    labels: list[str] | None = None
    size: _Range | None = None
    since: int


class _Search(Params):
    query: str | None = None
    filter: _Filter | None = None


class _Tags(Params):
    page: int | None = None
    attributes: dict[str, str] | None = None


class _Needed(Params):
    where: dict[str, int]


SEARCH: Operation[None] = Operation(
    "GET", "/search", _Search, query=("query", "filter"), objects={"filter": "deep_object"}
)
TAGS: Operation[None] = Operation(
    "GET", "/tags", _Tags, query=("page", "attributes"), objects={"attributes": "form"}
)
NEEDED: Operation[None] = Operation(
    "GET", "/needed", _Needed, query=("where",), objects={"where": "form"}
)
FILTER = {"owner": "ann", "labels": ["a", "b"], "size": {"low": 1}, "since": 3}


def on_server(mode: str, api: Server, action: Callable[[Any], Any]) -> Any:
    return clients.on_server(mode, CONFIG, api.url, action)


def test_an_object_is_sent_deep_object_style(mode: str, api: Server) -> None:
    api.handle("GET", "/search", lambda r: Reply(204))
    on_server(mode, api, lambda c: c.request(SEARCH, {"query": "q", "filter": FILTER}))
    assert api.received[0].query == [
        ("query", "q"),
        ("filter[owner]", "ann"),
        ("filter[labels]", "a"),
        ("filter[labels]", "b"),
        ("filter[size][low]", "1"),
        ("filter[since]", "3"),
    ]


def test_a_model_argument_is_sent_as_its_wire_keys(mode: str, api: Server) -> None:
    api.handle("GET", "/search", lambda r: Reply(204))
    given = _Filter(owner="ann", since=3)
    on_server(mode, api, lambda c: c.request(SEARCH, {"filter": given}))
    assert api.received[0].query == [("filter[owner]", "ann"), ("filter[since]", "3")]


def test_an_object_is_sent_with_its_keys_spread(mode: str, api: Server) -> None:
    api.handle("GET", "/tags", lambda r: Reply(204))
    attributes = {"color": "red", "shape": "round"}
    on_server(mode, api, lambda c: c.request(TAGS, {"page": 2, "attributes": attributes}))
    assert api.received[0].query == [("page", "2"), ("color", "red"), ("shape", "round")]


def test_an_object_of_the_wrong_type_is_refused_before_sending(mode: str, api: Server) -> None:
    for wrong in ({"filter": {"owner": "ann"}}, {"filter": {"since": "soon"}}, {"filter": 3}):
        with pytest.raises(InvalidArgumentError, match="filter"):
            on_server(mode, api, lambda c, w=wrong: c.request(SEARCH, w))
    assert api.received == []


def test_a_spread_key_another_parameter_has_is_refused_before_sending(
    mode: str, api: Server
) -> None:
    for attributes, reason in (({"page": "9"}, "another parameter's"), ({"a[b]": "1"}, "nesting")):
        with pytest.raises(InvalidArgumentError, match=reason):
            on_server(mode, api, lambda c, a=attributes: c.request(TAGS, {"attributes": a}))
    assert api.received == []


def test_object_pairs_and_object_received_are_inverse() -> None:
    pairs = object_pairs("GET /search", "filter", "deep_object", FILTER, str, ("query",))
    query: dict[str, str | list[str]] = {"query": "q"}
    for key, value in pairs:
        previous = query.get(key)
        query[key] = (
            value
            if previous is None
            else [*([previous] if isinstance(previous, str) else previous), value]
        )
    assert object_received("filter", "deep_object", query, ("query",)) == {
        "owner": "ann",
        "labels": ["a", "b"],
        "size": {"low": "1"},
        "since": "3",
    }
    # Spread: every key no other parameter declares.
    assert object_received("filter", "form", query, ("query",)) == {
        "filter": {"owner": "ann", "labels": ["a", "b"], "size": {"low": "1"}, "since": "3"}
    }
    assert object_received("filter", "deep_object", {"query": "q"}, ("query",)) is None


# -- the fake ---------------------------------------------------------------------------------


QueriesFake = clients.fake_class(
    CONFIG,
    (
        Route("search.run", SEARCH, 204),
        Route("tags.list", TAGS, 204),
        Route("needed.get", NEEDED, 204),
    ),
    {"search.run": None, "tags.list": None, "needed.get": None},
    timeout=10.0,
)


def test_the_fake_reads_a_deep_object_back_and_checks_it(mode: str) -> None:
    fake = QueriesFake()

    clients.on_fake(mode, fake, lambda c: c.request(SEARCH, {"query": "q", "filter": FILTER}))
    call = fake.search.run.calls[0]
    assert call.query["filter[labels]"] == ["a", "b"]
    # The fake checks what the server would: a value of the wrong type, a key missing.
    for wrong, problem in (
        ({"filter[since]": "soon"}, "filter.since"),
        ({"filter[owner]": "ann"}, "filter.since: Field required"),
        ({"filter[since]": "1", "filter[size][low]": "x"}, "filter.size.low"),
    ):
        answer = fake.handle(httpx.Request("GET", fake.base_url + "/search", params=wrong))
        assert answer.status_code == 400, wrong
        assert problem in answer.text, answer.text
    # One label arrives as its text; the fake reads it back as the list the field is.
    one = {"filter[since]": "1", "filter[labels]": "x"}
    assert (
        fake.handle(httpx.Request("GET", fake.base_url + "/search", params=one)).status_code == 204
    )


def test_the_fake_reads_spread_keys_back_and_checks_them(mode: str) -> None:
    fake = QueriesFake()

    attributes = {"color": "red"}
    clients.on_fake(mode, fake, lambda c: c.request(TAGS, {"page": 1, "attributes": attributes}))
    assert fake.tags.list.calls[0].query == {"page": "1", "color": "red"}
    clients.on_fake(mode, fake, lambda c: c.request(NEEDED, {"where": {"a": 1, "b": 2}}))
    assert fake.needed.get.calls[0].query == {"a": "1", "b": "2"}
    not_numbers = fake.handle(httpx.Request("GET", fake.base_url + "/needed", params={"a": "x"}))
    assert not_numbers.status_code == 400 and "where.a" in not_numbers.text
    # A required object sent with no key at all: read as empty, which its type accepts here.
    assert fake.handle(httpx.Request("GET", fake.base_url + "/needed")).status_code == 204


def test_a_field_alias_names_the_query_object() -> None:
    """An argument whose Python name differs from its wire name (`match_` for `match`) is
    found by the fake under its wire name."""

    class _Aliased(Params):
        match_: dict[str, str] | None = Field(None, alias="match")

    aliased: Operation[None] = Operation(
        "GET", "/aliased", _Aliased, query=("match",), objects={"match": "deep_object"}
    )
    fake = clients.fake_class(CONFIG, (Route("a.get", aliased, 204),), {"a.get": None})()
    ok = fake.handle(httpx.Request("GET", fake.base_url + "/aliased", params={"match[k]": "v"}))
    assert ok.status_code == 204
