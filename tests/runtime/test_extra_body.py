"""`extra_body=`: fields a caller adds to a JSON object body (one the document left out), over
real sockets and through the fake, sync and async; refused for a body that is not a JSON object.

The operations are described here by hand, as a generated resource describes its own, so that
the runtime is tested apart from the generator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from apiclients._core.client import ClientConfig
from apiclients._core.models import Params
from apiclients._core.operation import Operation
from apiclients._core.testing import Route
from apiclients.errors import InvalidArgumentError
from tests.runtime import clients
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Reply

CONFIG = ClientConfig(
    name="Extra", default_base_url=None, base_url_env="EXTRA_BASE_URL", error_keys=("message",)
)


class _Create(Params):
    name: str
    size: int | None = None


CREATE: Operation[None] = Operation("POST", "/items", _Create)
FORM: Operation[None] = Operation("POST", "/forms", _Create, form=True)


def on_server(mode: str, api: Server, action: Callable[[Any], Any]) -> Any:
    return clients.on_server(mode, CONFIG, api.url, action)


def test_extra_body_adds_fields_and_replaces_the_bodys_own(mode: str, api: Server) -> None:
    api.handle("POST", "/items", lambda r: Reply(204))
    extra = {"color": "red", "size": 9, "tags": ["a"]}
    on_server(mode, api, lambda c: c.request(CREATE, {"name": "n", "size": 1}, extra_body=extra))
    assert api.received[0].json() == {"name": "n", "size": 9, "color": "red", "tags": ["a"]}
    # The spec's own arguments are still checked before anything is sent.
    with pytest.raises(InvalidArgumentError):
        on_server(mode, api, lambda c: c.request(CREATE, {"size": 1}, extra_body=extra))
    assert len(api.received) == 1


def test_extra_body_is_refused_for_a_body_that_is_not_json(mode: str, api: Server) -> None:
    with pytest.raises(InvalidArgumentError, match="extra_body= is for a JSON object body"):
        on_server(mode, api, lambda c: c.request(FORM, {"name": "n"}, extra_body={"x": 1}))
    with pytest.raises(InvalidArgumentError, match="cannot be built"):
        on_server(mode, api, lambda c: c.request(CREATE, {"name": "n"}, extra_body={"x": object()}))
    assert api.received == []


ExtraFake = clients.fake_class(
    CONFIG,
    (Route("items.create", CREATE, 204), Route("forms.create", FORM, 204)),
    {"items.create": None, "forms.create": None},
    timeout=10.0,
)


def test_the_fake_accepts_a_callers_extra_fields_and_records_them(mode: str) -> None:
    fake = ExtraFake()

    clients.on_fake(
        mode, fake, lambda c: c.request(CREATE, {"name": "n"}, extra_body={"color": "red"})
    )
    assert fake.items.create.calls[0].json == {"name": "n", "color": "red"}
    # A key the spec does not list is still refused when it is not the caller's extra_body.
    stray = httpx.Request("POST", fake.base_url + "/items", json={"name": "n", "color": "red"})
    assert fake.handle(stray).status_code == 400
