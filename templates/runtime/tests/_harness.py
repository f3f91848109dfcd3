"""Runs one operation of a generated client, sync and async, against the API's generated fake.

Each exchange states the request the client must send and the response the server gives; the
fake (`apiclients.<api>.testing`) routes the request, checks its credentials and arguments as the
API would, and answers with the exchange's response; the harness checks the request and hands
back what the method returned.
"""

from __future__ import annotations

import asyncio
import datetime
import email.parser
import email.policy
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python

from apiclients._core.pagination import AsyncPage, SyncPage
from apiclients._core.testing import FakeAPI


@dataclass
class Exchange:
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    json: Any = None
    form: dict[str, str | list[str]] | None = None  # a list: the key repeated
    multipart: dict[str, str | list[str]] | None = None  # each part's text, files' included
    content: str | None = None  # a binary or text body, as text
    content_type: str | None = None
    status: int = 200
    response: Any = None
    authorization: str | None = None
    # (header, query or cookie; name; value): API keys and header and cookie arguments
    carries: list[tuple[str, str, str]] = field(default_factory=list)

    def check(self, request: httpx.Request) -> None:
        assert request.method == self.method
        assert request.headers.get("authorization") == self.authorization
        assert request.url.raw_path.split(b"?")[0].decode() == self.path
        query = parse_qsl(request.url.query.decode(), keep_blank_values=True)
        cookies = SimpleCookie(request.headers.get("cookie", ""))
        for location, name, value in self.carries:
            if location == "query":
                assert (name, value) in query, f"{name!r} not in the query"
                query.remove((name, value))
            elif location == "cookie":
                assert cookies[name].value == value, f"{name!r} not in the cookies"
            else:
                assert request.headers.get(name) == value, f"{name!r} not in the headers"
        assert query == self.query
        if self.form is not None:
            assert request.headers["content-type"] == "application/x-www-form-urlencoded"
            received: dict[str, list[str]] = {}
            for key, value in parse_qsl(request.content.decode()):
                received.setdefault(key, []).append(value)
            assert received == {k: v if isinstance(v, list) else [v] for k, v in self.form.items()}
        elif self.multipart is not None:
            assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
            expected = {k: v if isinstance(v, list) else [v] for k, v in self.multipart.items()}
            assert _parts(request) == expected
        elif self.content is not None:
            assert request.headers["content-type"].split(";")[0] == self.content_type
            assert request.content.decode() == self.content
        elif self.json is None:
            assert request.content == b""
        else:
            assert request.headers["content-type"] == "application/json"
            assert json.loads(request.content) == self.json


def _parts(request: httpx.Request) -> dict[str, list[str]]:
    """A multipart request's parts as text, by name in order."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n" + request.content
    )
    parts: dict[str, list[str]] = {}
    for part in message.iter_parts():
        name = str(part.get_param("name", header="content-disposition"))
        payload = part.get_payload(decode=True)
        parts.setdefault(name, []).append(payload.decode() if isinstance(payload, bytes) else "")
    return parts


def run(
    exchange: Exchange,
    fake: FakeAPI[Any, Any],
    operation: str,
    call: Callable[[Any], Any],
    acall: Callable[[Any], Awaitable[Any]],
) -> list[Any]:
    """Call through the sync and the async client; check both requests; return both results."""
    handle = fake.operation(operation)
    # Strict, so a spec that disagrees with its own examples fails here, not in production.
    options = {"strict_response_validation": True}
    with fake.client(**options) as client:
        call(client)  # with nothing set, the fake's default answer must read as a valid result
        handle.reset()
        handle.respond_raw(exchange.response, exchange.status)
        result = call(client)

    async def go() -> Any:
        async with fake.async_client(**options) as aclient:
            return await acall(aclient)

    aresult = asyncio.run(go())
    assert len(handle.calls) == 2, f"expected one request per client, saw {len(handle.calls)}"
    for seen in handle.calls:
        exchange.check(seen.request)
    return [result, aresult]


def payload(result: Any) -> Any:
    """What a method returned, as JSON with wire names (a page gives its items)."""
    if isinstance(result, SyncPage | AsyncPage):
        return canonical(result.items)
    return canonical(result)


# Read by pydantic: before Python 3.11, datetime.fromisoformat refuses a "Z" suffix.
_TIMESTAMP = TypeAdapter(datetime.datetime)


def canonical(value: Any) -> Any:
    """JSON values compared by meaning: models dumped by alias, timestamps as datetimes."""
    if isinstance(value, BaseModel):
        return canonical(value.model_dump(mode="json", by_alias=True, exclude_unset=True))
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return _TIMESTAMP.validate_python(value)
        except ValidationError:
            return value
    if isinstance(value, bytes):  # a binary response: its cases give its bytes as text
        return value.decode("utf-8", errors="replace")
    if not isinstance(value, str | int | float | bool | None):  # a header's uuid, date, ...
        return canonical(to_jsonable_python(value))
    return value
