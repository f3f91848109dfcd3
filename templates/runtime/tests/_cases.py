"""The generated tests of one API as data: `cases/<api>.json` read into pytest parameters.

Each case names a client method and its arguments, the request the client must send, the
response the server gives, and what the method must return; `check` runs it through the sync
and the async client of the API's fake with `_harness.run`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from apiclients import errors
from apiclients._core.testing import FakeAPI

from ._harness import Exchange, canonical, payload, run

__all__ = ["Case", "cases", "check"]


@dataclass(frozen=True)
class Case:
    name: str  # the test's id: the operation's dotted name, with a number where it has several
    title: str
    call: str  # the method, as `resource.method` from the client
    args: list[Any]
    kwargs: dict[str, Any]
    exchange: dict[str, Any]  # Exchange's fields, JSON as in the file
    expect: dict[str, Any]  # {"kind": "none" | "response" | "response_key" | "value" | "error"}
    files: tuple[str | int, ...] = ()  # file arguments (names, positions): sent as their bytes


def cases(api: str) -> list[Any]:
    """The cases of `cases/<api>.json`, as pytest parameters with readable ids."""
    data = json.loads((Path(__file__).parent / "cases" / f"{api}.json").read_text(encoding="utf-8"))
    shared = data["exchange"]
    return [
        pytest.param(
            Case(
                name=item["name"],
                title=item["title"],
                call=item["call"],
                args=item["args"],
                kwargs=item["kwargs"],
                exchange={**shared, **item["exchange"]},
                expect=item["expect"],
                files=tuple(item.get("files", ())),
            ),
            id=item["name"],
        )
        for item in data["cases"]
    ]


def _method(client: Any, call: str) -> Any:
    target = client
    for part in call.split("."):
        target = getattr(target, part)
    return target


def check(case: Case, fake: FakeAPI[Any, Any]) -> None:
    """Call the case's method through both clients of the API's fake; check the requests and
    what came back."""
    fields = dict(case.exchange)
    fields["query"] = [(key, value) for key, value in fields.get("query", [])]
    exchange = Exchange(**fields)

    # A file argument's content is text in the file: it is passed as its bytes.
    args = [v.encode() if i in case.files else v for i, v in enumerate(case.args)]
    kwargs = {k: v.encode() if k in case.files else v for k, v in case.kwargs.items()}
    kind = case.expect["kind"]
    # An error example's call raises; the error is what the call gives back here.
    caught = errors.APIStatusError if kind == "error" else ()

    def call(client: Any) -> Any:
        try:
            return _method(client, case.call)(*args, **kwargs)
        except caught as error:
            return error

    async def acall(client: Any) -> Any:
        try:
            return await _method(client, case.call)(*args, **kwargs)
        except caught as error:
            return error

    for result in run(exchange, fake, case.call, call, acall):
        if kind == "error":
            assert isinstance(result, errors.APIStatusError)
            assert result.status_code == case.expect["status"]
        elif kind == "none":
            assert result is None
        elif kind == "response":
            assert payload(result) == canonical(exchange.response)
        elif kind == "response_key":
            assert payload(result) == canonical(exchange.response[case.expect["key"]])
        else:
            assert payload(result) == canonical(case.expect["value"])
