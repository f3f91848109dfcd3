"""The fake's routes: a path parameter whose wire name is not a Python identifier
(`{change-set-id}`) reaches the operation's handle under that wire name, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic import Field

from apiclients._core.client import ClientConfig
from apiclients._core.models import APIModel, Params
from apiclients._core.operation import Operation
from apiclients._core.testing import Route
from tests.runtime import clients

CONFIG = ClientConfig(
    name="Paths", default_base_url=None, base_url_env="PATHS_BASE_URL", error_keys=("message",)
)


class _Retrieve(Params):
    change_set_id: str = Field(alias="change-set-id")
    file_id: str = Field(alias="file.id")


class ChangeSet(APIModel):
    id: str


RETRIEVE: Operation[ChangeSet] = Operation(
    "GET",
    "/change-sets/{change-set-id}/files/{file.id}",
    _Retrieve,
    path_params=("change-set-id", "file.id"),
    response=ChangeSet,
)


PathsFake = clients.fake_class(
    CONFIG,
    (Route("change_sets.retrieve", RETRIEVE, 200),),
    {"change_sets.retrieve": {"id": "c1"}},
    timeout=10.0,
)


def test_a_path_parameter_that_is_not_an_identifier_reaches_the_fake(mode: str) -> None:
    fake = PathsFake()
    arguments = {"change_set_id": "c 1", "file_id": "f1"}
    if mode == "sync":
        with fake.client() as client:
            answer = client.request(RETRIEVE, arguments)
    else:

        async def go() -> Any:
            async with fake.async_client() as client:
                return await client.request(RETRIEVE, arguments)

        answer = asyncio.run(go())
    assert answer == ChangeSet(id="c1")
    call = fake.change_sets.retrieve.calls[0]
    assert call.path_params == {"change-set-id": "c 1", "file.id": "f1"}


def test_fakes_of_one_class_share_their_compiled_routes() -> None:
    """A fake per test case: its routes are compiled once per class and base path, not per fake
    (thousands of operations made every case of a large API pay for all of them)."""
    first, second = PathsFake(), PathsFake()
    assert first._matchers is second._matchers
    assert PathsFake("https://elsewhere.test/v2")._matchers is not first._matchers
