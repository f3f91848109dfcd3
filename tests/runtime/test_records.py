"""`_core.types.Record`, the plain base of the runtime's small value classes (a client's
configuration, the pagination styles, the response contents, an API key): it keeps what the
frozen dataclasses it replaced gave, without their cost at import."""

from __future__ import annotations

import copy
import pickle

import pytest

from apiclients._core.auth import ApiKey
from apiclients._core.client import ClientConfig
from apiclients._core.content import TextContent
from apiclients._core.pagination import CursorPagination, LinkHeaderPagination, PagePagination
from apiclients._core.servers import Servers, ServerVariable
from apiclients._core.streaming import JSONLines, ServerSentEvents


def test_equal_when_class_and_values_are() -> None:
    assert PagePagination("page", total_field="total") == PagePagination(
        "page", None, None, "total", 1
    )
    assert PagePagination("page") != PagePagination("page", first_page=0)
    assert LinkHeaderPagination() == LinkHeaderPagination()
    # The same values in another class are another thing.
    assert CursorPagination("cursor", "next") != ("cursor", "next")
    assert ServerSentEvents("text/event-stream") != JSONLines("text/event-stream")


def test_equal_values_hash_alike() -> None:
    first = CursorPagination("cursor", "meta.next")
    assert hash(first) == hash(CursorPagination("cursor", "meta.next"))
    assert len({first, CursorPagination("cursor", "meta.next"), LinkHeaderPagination()}) == 2


def test_immutable() -> None:
    config = ClientConfig("Example", "https://api.example.com", "EXAMPLE_BASE_URL", ("message",))
    with pytest.raises(AttributeError, match="ClientConfig is immutable"):
        config.name = "Other"
    with pytest.raises(AttributeError, match="immutable"):
        del config.name
    assert config.name == "Example"


def test_repr_shows_the_values_in_order() -> None:
    assert repr(TextContent()) == "TextContent(media_type='text/plain')"
    servers = Servers(variables=(ServerVariable("region", "us", ("us", "eu")),))
    assert repr(servers) == (
        "Servers(template='', environments={}, default_environment='', variables="
        "(ServerVariable(name='region', default='us', enum=('us', 'eu')),))"
    )


def test_an_api_keys_value_is_never_shown() -> None:
    key = ApiKey("header", "X-Api-Key", "s3cret-value", prefix="Token ")
    assert "s3cret" not in repr(key)
    assert "s3cret" not in str(key)
    assert repr(key) == "ApiKey(location='header', name='X-Api-Key', prefix='Token ')"


def test_copied_and_pickled_whole() -> None:
    config = ClientConfig(
        "Example",
        None,
        "EXAMPLE_BASE_URL",
        ("error.message",),
        servers=Servers(environments={"sandbox": "https://sandbox.example.com"}),
    )
    assert copy.copy(config) == config
    assert copy.deepcopy(config) == config
    assert pickle.loads(pickle.dumps(config)) == config
