"""Typed error bodies: an error status the spec types gives its body as `exc.parsed_body` (the
raw `exc.body` stays), over real sockets and from the fake's `fail()`, sync and async."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from apiclients._core.client import ClientConfig
from apiclients._core.models import APIModel, Params
from apiclients._core.operation import Operation
from apiclients._core.testing import FakeDataError, Route
from apiclients.errors import APIStatusError, NotFoundError, UnprocessableEntityError
from tests.runtime import clients
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Reply

CONFIG = ClientConfig(
    name="Items", default_base_url=None, base_url_env="ITEMS_BASE_URL", error_keys=("message",)
)


class Problem(APIModel):
    message: str
    field: str | None = None


class _Create(Params):
    name: str


CREATE: Operation[None] = Operation("POST", "/items", _Create, errors={422: Problem})


def run(mode: str, base_url: str, action: Callable[[Any], Any]) -> Any:
    return clients.on_server(mode, CONFIG, base_url, action)


def test_a_typed_error_body_is_parsed_and_the_raw_body_stays(mode: str, api: Server) -> None:
    body = {"message": "name is taken", "field": "name", "hint": "try another"}
    api.script("POST", "/items", Reply(422, json=body))
    with pytest.raises(UnprocessableEntityError) as caught:
        run(mode, api.url, lambda c: c.request(CREATE, {"name": "x"}))
    parsed = caught.value.parsed_body
    assert isinstance(parsed, Problem)
    assert (parsed.message, parsed.field) == ("name is taken", "name")
    assert caught.value.body == body
    assert "name is taken" in str(caught.value)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(404, json={"message": "no route"}),  # a status the spec does not type
        Reply(422, json={"error": "not a Problem"}),  # the body is not the type
        Reply(422, body=b"<html>proxy error</html>", headers={"Content-Type": "text/html"}),
    ],
)
def test_an_untyped_or_mismatched_error_body_has_no_parsed_body(
    mode: str, api: Server, reply: Reply
) -> None:
    api.script("POST", "/items", reply)
    with pytest.raises(APIStatusError) as caught:
        run(mode, api.url, lambda c: c.request(CREATE, {"name": "x"}))
    assert caught.value.parsed_body is None
    assert caught.value.status_code == reply.status
    assert isinstance(caught.value, NotFoundError) == (reply.status == 404)


ItemsFake = clients.fake_class(
    CONFIG,
    (Route("items.create", CREATE, 201),),
    {"items.create": None},
    timeout=10.0,
)


def test_the_fake_fails_with_a_typed_body(mode: str) -> None:
    fake = ItemsFake()
    fake.items.create.fail(422, Problem(message="too short", field="name"))

    def call(client: Any) -> Any:
        return client.request(CREATE, {"name": "x"})

    with pytest.raises(UnprocessableEntityError) as caught:
        if mode == "sync":
            with fake.client() as client:
                call(client)
        else:

            async def go() -> None:
                async with fake.async_client() as client:
                    await call(client)

            asyncio.run(go())
    assert caught.value.parsed_body == Problem(message="too short", field="name")
    assert caught.value.body == {"message": "too short", "field": "name"}


def test_the_fake_refuses_an_error_body_its_type_does_not_allow() -> None:
    fake = ItemsFake()
    with pytest.raises(FakeDataError, match="the 422 error's body is not what the spec describes"):
        fake.items.create.fail(422, {"field": 5})
    fake.items.create.fail(422, "plain words")  # in the API's own error format, not checked
