"""The pagination styles of `_core.pagination` driven directly: small operations written here,
walked sync and async against the real local server (tests/server) and against the runtime's fake,
without a generated API.

offset/limit, a next URL in the body (absolute or relative), the `Link` header, and lists whose
items sit at a per-operation path of an object (HAL: `_embedded.<name>`, with `page.number` and
`page.totalPages`, or `_links.next.href`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from apiclients._core.auth import ApiKey, ApiKeyAuth, BearerAuth, NoAuth
from apiclients._core.client import AsyncAPIClient, ClientConfig, SyncAPIClient
from apiclients._core.fields import NotNull
from apiclients._core.models import APIModel, Params
from apiclients._core.operation import Operation
from apiclients._core.pagination import (
    AsyncPage,
    LinkHeaderPagination,
    NextUrlPagination,
    OffsetPagination,
    PagePagination,
    Pagination,
    SyncPage,
    next_link,
)
from apiclients._core.testing import FakeAPI, FakeDataError, Route
from apiclients._core.types import NOT_GIVEN
from apiclients.errors import APIResponseValidationError, PaginationLoopError
from tests.runtime import clients
from tests.server.fakeapi import FakeAPI as Server
from tests.server.fakeapi import Received, Reply

CONFIG = ClientConfig(name="Styles", default_base_url=None, base_url_env="", error_keys=("error",))
ENTRIES = [{"id": str(n), "name": f"entry {n}"} for n in range(5)]


class Entry(APIModel):
    id: str
    name: str


class _ListParams(Params):
    offset: NotNull[int] = None
    limit: NotNull[int] = None
    page: NotNull[int] = None
    tag: NotNull[str] = None


def _operation(
    pagination: Pagination, items: str | None = None, path: str = "/entries"
) -> Operation[list[Entry]]:
    return Operation(
        "GET",
        path,
        _ListParams,
        query=("offset", "limit", "page", "tag"),
        response=list[Entry],
        items=items,
        pagination=pagination,
    )


OFFSET = _operation(OffsetPagination("offset", "limit", "meta.total"), items="entries")
OFFSET_SHORT = _operation(OffsetPagination("offset", "limit"), items="entries")
NEXT_URL = _operation(NextUrlPagination("next"), items="entries")
LINK = _operation(LinkHeaderPagination())
HAL_PAGES = _operation(
    PagePagination("page", current_field="page.number", total_field="page.totalPages"),
    items="_embedded.tags",
)
HAL_LINKS = _operation(NextUrlPagination("_links.next.href"), items="_embedded.tags")


def _client(
    url: str, token: str | None = None, auth: Callable[..., httpx.Auth] | None = None
) -> SyncAPIClient:
    if auth is None:
        auth = (lambda: BearerAuth(token)) if token else NoAuth
    return clients.sync_client(CONFIG, url, auth=auth, timeout=5.0, strict_response_validation=True)


def _async_client(url: str) -> AsyncAPIClient:
    return clients.async_client(CONFIG, url, timeout=5.0, strict_response_validation=True)


def _walk(client: SyncAPIClient, op: Operation[list[Entry]], **arguments: Any) -> list[str]:
    first = client.request_page(op, arguments, page=SyncPage)
    return [entry.id for entry in first]


def _walk_async(url: str, op: Operation[list[Entry]], **arguments: Any) -> list[str]:
    async def walk() -> list[str]:
        async with _async_client(url) as client:
            request = client.request_page(op, arguments, page=AsyncPage)
            return [entry.id async for entry in request]

    return asyncio.run(walk())


def _query(request: Received) -> dict[str, str]:
    return dict(request.query)


# -- the servers: each follows one style over ENTRIES, two to a page ---------------------------


def _offset_server(total: bool) -> Callable[[Received], Reply]:
    def answer(request: Received) -> Reply:
        query = _query(request)
        start, limit = int(query.get("offset", "0")), int(query.get("limit", "2"))
        body: dict[str, Any] = {"entries": ENTRIES[start : start + limit]}
        if total:
            body["meta"] = {"total": len(ENTRIES)}
        return Reply(json=body)

    return answer


def _next_url_server(base: str, absolute: bool) -> Callable[[Received], Reply]:
    def answer(request: Received) -> Reply:
        start = int(_query(request).get("from", "0"))
        following = f"/entries?from={start + 2}&tag=x" if start + 2 < len(ENTRIES) else None
        if following and absolute:
            following = base + following
        return Reply(json={"entries": ENTRIES[start : start + 2], "next": following})

    return answer


def _link_server(base: str) -> Callable[[Received], Reply]:
    def answer(request: Received) -> Reply:
        start = int(_query(request).get("cursor", "0"))
        links = [f'<{base}/entries?cursor=0>; rel="first"']
        if start + 2 < len(ENTRIES):
            links.append(f'<{base}/entries?cursor={start + 2}>; rel="next"')
        return Reply(json=ENTRIES[start : start + 2], headers={"Link": ", ".join(links)})

    return answer


def _hal_server(base: str) -> Callable[[Received], Reply]:
    def answer(request: Received) -> Reply:
        page = int(_query(request).get("page", "1"))
        body: dict[str, Any] = {
            "_embedded": {"tags": ENTRIES[(page - 1) * 2 : page * 2]},
            "page": {"number": page, "totalPages": 3, "size": 2},
            "_links": {"self": {"href": f"{base}/entries?page={page}"}},
        }
        if page < 3:
            body["_links"]["next"] = {"href": f"{base}/entries?page={page + 1}"}
        return Reply(json=body)

    return answer


CASES: dict[str, tuple[Operation[list[Entry]], Callable[[str], Callable[[Received], Reply]]]] = {
    "offset_total": (OFFSET, lambda base: _offset_server(total=True)),
    "offset_short_page": (OFFSET_SHORT, lambda base: _offset_server(total=False)),
    "next_url_absolute": (NEXT_URL, lambda base: _next_url_server(base, absolute=True)),
    "next_url_relative": (NEXT_URL, lambda base: _next_url_server(base, absolute=False)),
    "link_header": (LINK, _link_server),
    "hal_page_fields": (HAL_PAGES, _hal_server),
    "hal_next_link": (HAL_LINKS, _hal_server),
}
ALL_IDS = [entry["id"] for entry in ENTRIES]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_style_walks_every_page_of_a_server_sync_and_async(api: Server, case: str) -> None:
    op, server = CASES[case]
    api.handle("GET", "/entries", server(api.url))
    arguments = {"limit": 2} if "offset" in case else {}

    assert _walk(_client(api.url), op, **arguments) == ALL_IDS
    walked = [_query(r) for r in api.requests_to("GET", "/entries")]
    assert len(walked) == 3
    assert _walk_async(api.url, op, **arguments) == ALL_IDS
    assert [_query(r) for r in api.requests_to("GET", "/entries")][3:] == walked


def test_offset_pages_skip_what_was_read(api: Server) -> None:
    api.handle("GET", "/entries", _offset_server(total=True))
    _walk(_client(api.url), OFFSET, limit=2, tag="t")
    assert [_query(r) for r in api.requests_to("GET", "/entries")] == [
        {"limit": "2", "tag": "t"},
        {"limit": "2", "tag": "t", "offset": "2"},
        {"limit": "2", "tag": "t", "offset": "4"},
    ]


def test_a_followed_url_is_requested_as_sent_with_the_clients_credentials(api: Server) -> None:
    api.handle("GET", "/entries", _next_url_server(api.url, absolute=False))
    _walk(_client(api.url, token="tok"), NEXT_URL, tag="x")
    requests = api.requests_to("GET", "/entries")
    assert [_query(r) for r in requests] == [
        {"tag": "x"},
        {"from": "2", "tag": "x"},
        {"from": "4", "tag": "x"},
    ]
    assert {r.headers["authorization"] for r in requests} == {"Bearer tok"}


def test_a_next_url_on_another_host_is_refused_before_any_request_there(api: Server) -> None:
    with Server() as elsewhere:
        api.script(
            "GET",
            "/entries",
            Reply(json={"entries": ENTRIES[:2], "next": f"{elsewhere.url}/entries?secret=s3"}),
        )
        with pytest.raises(APIResponseValidationError) as raised:
            _walk(_client(api.url, token="tok"), NEXT_URL)
        assert elsewhere.received == []
    message = str(raised.value)
    assert "is not on http://127.0.0.1" in message and "s3" not in message


def _echoing_server(base: str) -> Callable[[Received], Reply]:
    """Next URLs that repeat the request's whole query, the API key in it included, as many
    APIs' links do."""

    def answer(request: Received) -> Reply:
        query = [(key, value) for key, value in request.query if key != "from"]
        start = int(_query(request).get("from", "0"))
        following = None
        if start + 2 < len(ENTRIES):
            following = f"{base}/entries?{httpx.QueryParams([*query, ('from', start + 2)])}"
        return Reply(json={"entries": ENTRIES[start : start + 2], "next": following})

    return answer


def test_a_query_key_is_sent_once_on_a_next_url_that_repeats_it(api: Server) -> None:
    api.handle("GET", "/entries", _echoing_server(api.url))
    key = ApiKey("query", "api_key", "k3y-value")
    ids = _walk(_client(api.url, auth=lambda: ApiKeyAuth(key)), NEXT_URL, tag="x")

    assert ids == ALL_IDS
    sent = [[v for k, v in r.query if k == "api_key"] for r in api.requests_to("GET", "/entries")]
    assert sent == [["k3y-value"]] * 3


def test_a_query_key_never_goes_to_another_host_nor_into_the_message(api: Server) -> None:
    with Server() as elsewhere:
        api.script(
            "GET",
            "/entries",
            Reply(json={"entries": ENTRIES[:2], "next": f"{elsewhere.url}/entries?api_key=k3y"}),
        )
        key = ApiKey("query", "api_key", "k3y")
        with pytest.raises(APIResponseValidationError) as raised:
            _walk(_client(api.url, auth=lambda: ApiKeyAuth(key)), NEXT_URL)
        assert elsewhere.received == []
    assert "k3y" not in str(raised.value) and "k3y" not in repr(raised.value)


def test_a_link_header_pointing_back_is_a_loop(api: Server) -> None:
    served = iter(range(0, 10, 2))

    def answer(request: Received) -> Reply:
        start = next(served)
        link = f'<{api.url}/entries?cursor=2>; rel="next"'
        return Reply(json=ENTRIES[start : start + 2], headers={"Link": link})

    api.handle("GET", "/entries", answer)
    with pytest.raises(PaginationLoopError, match="page 3 would request the next page's URL"):
        _walk(_client(api.url), LINK)


def test_a_hal_page_keeps_its_page_fields_and_links_as_received(api: Server) -> None:
    api.handle("GET", "/entries", _hal_server(api.url))
    first = _client(api.url).request_page(HAL_PAGES, {}, page=SyncPage)
    assert [entry.name for entry in first.items] == ["entry 0", "entry 1"]
    assert first.has_next_page()
    assert first.get_next_page().items[0].id == "2"


def test_a_hal_body_without_its_items_is_refused_at_their_path(api: Server) -> None:
    api.script("GET", "/entries", Reply(json={"_embedded": {}, "page": {"number": 1}}))
    with pytest.raises(APIResponseValidationError, match=r"_embedded\.tags"):
        _walk(_client(api.url), HAL_PAGES)


def test_a_hal_body_is_read_tolerantly_when_not_strict(api: Server) -> None:
    body = {"_embedded": {"tags": [{"id": "1", "name": 5}]}, "page": {"number": 1, "totalPages": 1}}
    api.script("GET", "/entries", Reply(json=body))
    client = _client(api.url)
    client.strict_response_validation = False
    page = client.request_page(HAL_PAGES, {}, page=SyncPage)
    assert [(entry.id, entry.name) for entry in page.items] == [("1", 5)]
    assert not page.has_next_page()


@pytest.mark.parametrize(
    ("header", "target"),
    [
        (
            '<https://a.test/x?page=2>; rel="next", <https://a.test/x?page=5>; rel="last"',
            "https://a.test/x?page=2",
        ),
        ('<https://a.test/x?page=1>; rel="prev", </x?p=3>; rel=next', "/x?p=3"),
        ('<https://a.test/x?a=1,2>; title="a, b; c"; rel="Next last"', "https://a.test/x?a=1,2"),
        ('<https://a.test/x>; rel="nextish"', None),
        ("garbage", None),
        ("", None),
    ],
)
def test_next_link_reads_rfc_8288(header: str, target: str | None) -> None:
    assert next_link(header) == target


# -- the fake: the strategy answers for it ------------------------------------------------------


def _fake(op: Operation[list[Entry]]) -> FakeAPI[SyncAPIClient, AsyncAPIClient]:
    default: Any = [] if op.items is None else {}
    # The wire's names are the arguments' here, so one strategy serves both sides.
    routes = (Route("entries.list", op, pagination=op.pagination),)
    return clients.fake_class(CONFIG, routes, {"entries.list": default}, timeout=NOT_GIVEN)()


FAKE_PAGES = [ENTRIES[:2], ENTRIES[2:4], ENTRIES[4:]]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_styles_fake_walks_the_pages_a_test_gave_sync_and_async(case: str) -> None:
    op = CASES[case][0]
    fake = _fake(op)
    fake.operation("entries.list").respond_pages(*FAKE_PAGES)
    arguments = {"limit": 2} if "offset" in case else {}
    client = fake.client(strict_response_validation=True)
    assert [e.id for e in client.request_page(op, arguments, page=SyncPage)] == ALL_IDS

    async def walk() -> list[str]:
        async with fake.async_client() as client:
            return [e.id async for e in client.request_page(op, arguments, page=AsyncPage)]

    assert asyncio.run(walk()) == ALL_IDS
    assert len(fake.operation("entries.list").calls) == 6


def test_the_fakes_link_header_and_next_url_lead_to_the_next_page() -> None:
    fake = _fake(LINK)
    fake.operation("entries.list").respond_pages(*FAKE_PAGES)
    response = fake.client()._http.get(f"{fake.base_url}/entries?tag=x")
    assert response.headers["Link"] == f'<{fake.base_url}/entries?tag=x&fake_page=2>; rel="next"'
    last = fake.client()._http.get(f"{fake.base_url}/entries?fake_page=3")
    assert "Link" not in last.headers and last.json() == ENTRIES[4:]

    fake = _fake(HAL_LINKS)
    fake.operation("entries.list").respond_pages(*FAKE_PAGES)
    body = fake.client()._http.get(f"{fake.base_url}/entries").json()
    assert body == {
        "_embedded": {"tags": ENTRIES[:2]},
        "_links": {"next": {"href": f"{fake.base_url}/entries?fake_page=2"}},
    }


def test_the_fakes_offsets_point_inside_its_pages() -> None:
    fake = _fake(OFFSET)
    fake.operation("entries.list").respond_pages(*FAKE_PAGES)
    body = fake.client()._http.get(f"{fake.base_url}/entries?offset=3").json()
    assert body == {"entries": ENTRIES[3:4], "meta": {"total": 5}}
    beyond = fake.client()._http.get(f"{fake.base_url}/entries?offset=9").json()
    assert beyond == {"entries": [], "meta": {"total": 5}}


def test_the_fake_refuses_a_hal_page_at_its_place_in_the_items() -> None:
    fake = _fake(HAL_PAGES)
    with pytest.raises(FakeDataError, match=r"page 2 of 2: \[0\]\.name"):
        fake.operation("entries.list").respond_pages(ENTRIES[:1], [{"id": "9", "name": 9}])
