"""The request path's own ways of doing what httpx and the standard library do (they are
cheaper per call) give what those give: the request httpx's `build_request` builds, the path
segment `urllib.parse.quote` gives."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from apiclients._core import client as core_client
from apiclients.nicejob import NiceJob
from apiclients.nicejob.resources import people

URL = "https://api.example/v2/people/p1"
OURS = {b"Accept": b"application/json", b"User-Agent": b"apiclients-core/1 nicejob/2"}


def callers_client(**options: Any) -> httpx.Client:
    return httpx.Client(
        headers=[(b"accept", b"text/csv"), (b"X-Team", b"a"), (b"X-Note", b"caf\xe9")],
        cookies={"session": "s1"},
        params={"v": "2"},
        **options,
    )


def parts(request: httpx.Request) -> tuple[Any, ...]:
    return (
        request.method,
        str(request.url),
        request.headers.raw,
        request.extensions,
        request.read(),
    )


@pytest.mark.parametrize(
    ("http", "options"),
    [
        (httpx.Client(), {}),
        (callers_client(), {}),
        (callers_client(), {"params": httpx.QueryParams([("q", "x"), ("q", "y")])}),
        (callers_client(), {"json": {"name": "Ann", "tags": ["a"]}}),
        (callers_client(), {"data": {"name": "Ann"}}),
        (httpx.Client(headers={"user-agent": "theirs"}), {"timeout": 3.5}),
    ],
)
def test_a_request_is_built_as_httpx_builds_it(http: httpx.Client, options: Any) -> None:
    headers = {**OURS, b"X-Key": b"caf\xe9"}
    timeout = options.pop("timeout", httpx.Timeout(60.0, connect=10.0))
    ours = core_client._build_request(
        http, "POST", URL, headers=headers, timeout=timeout, **options
    )
    httpx_own = http.build_request("POST", URL, headers=headers, timeout=timeout, **options)
    assert parts(ours) == parts(httpx_own)


def test_an_http_client_that_builds_its_requests_its_own_way_keeps_it() -> None:
    class Signing(httpx.Client):
        def build_request(self, *args: Any, **kwargs: Any) -> httpx.Request:
            request = super().build_request(*args, **kwargs)
            request.headers["X-Signature"] = "signed"
            return request

    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = {"data": None, "cursor": None, "error": None}
        return httpx.Response(200, json=body)

    client = NiceJob("t", http_client=Signing(transport=httpx.MockTransport(answer)))
    assert client.people.retrieve("p1") is None
    assert seen[0].headers["X-Signature"] == "signed"


def test_the_callers_headers_cookies_and_query_travel_with_a_call() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=json.dumps({"data": None}).encode())

    http = callers_client(transport=httpx.MockTransport(answer))
    NiceJob("t", http_client=http).people.retrieve("p1", extra_headers={"X-Team": "b"})
    (request,) = seen
    assert request.url.params["v"] == "2"
    assert request.headers["cookie"] == "session=s1"
    assert request.headers["accept"] == "application/json"  # the client's own replaces theirs
    assert request.headers["x-team"] == "b"  # the call's own replaces both
    assert request.headers.get_list("x-note") == ["caf\u00e9"]


@pytest.mark.parametrize(
    "value",
    ["p1", "A-z_0.9~", "a,b", "a/b", "a b", "caf\u00e9", "a%2Fb", "50%", "a?b#c", "+", "\u2603"],
)
def test_a_path_segment_is_quoted_as_quote_quotes_it(value: str) -> None:
    wire = people._PEOPLE_RETRIEVE.to_wire({"id": value})
    assert wire.path == "/v2/people/" + quote(value, safe=",")
