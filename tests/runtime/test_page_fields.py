"""Pages keep their response's fields beside their items (issue 23): Nimble's `meta`, Nicereply's
`_pagination` (`page.pagination`), NiceJob's `cursor`; typed on each API's page class, on every
page of a walk, sync, async and raw. The keys the page counters are read from are on every page:
strict reading refuses a page without them, tolerant reading warns and gives None."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from apiclients import errors
from apiclients.nicejob.testing import FakeNiceJob
from apiclients.nicereply.testing import FakeNicereply
from apiclients.nimble._protocol import SyncPage as NimblePage
from apiclients.nimble.testing import FakeNimble


def nimble_listing(fake: FakeNimble, total: int, page: int, pages: int) -> dict[str, Any]:
    [contact] = fake.contacts.list.example()[:1]
    meta = {"page": page, "pages": pages, "per_page": 1, "total": total}
    return {"resources": [{**contact, "id": f"c{page}"}], "meta": meta}


def test_nimble_pages_carry_meta() -> None:
    fake = FakeNimble()
    fake.contacts.list.respond_raw(nimble_listing(fake, 57, 1, 2), times=1)
    fake.contacts.list.respond_raw(nimble_listing(fake, 57, 2, 2))
    client = fake.client()
    first = client.contacts.list()
    assert isinstance(first, NimblePage)
    assert (first.meta.total, first.meta.page, [c.id for c in first.items]) == (57, 1, ["c1"])
    second = first.get_next_page()
    assert (second.meta.page, second.meta.pages, second.has_next_page()) == (2, 2, False)
    fake.contacts.list.respond_raw(nimble_listing(fake, 57, 1, 2), times=1)  # page 1 again
    assert [page.meta.page for page in client.contacts.list().iter_pages()] == [1, 2]
    raw = client.contacts.with_raw_response.list().parse()
    assert raw.meta.total == 57


def test_nicereply_pages_carry_their_pagination() -> None:
    fake = FakeNicereply()
    ann, bea, cal = (fake.customers.retrieve.example(id=name) for name in ("a", "b", "c"))
    fake.customers.list.respond_pages([ann, bea], [cal])
    page = fake.client().customers.list()
    assert page.pagination.total_pages == 2 and page.pagination.current_page == 1
    body = fake.customers.list.example()
    fake.customers.list.respond_raw(
        {"_results": body, "_pagination": {**fake_pagination(), "total": 42}}
    )
    assert fake.client().customers.list().pagination.total == 42


def fake_pagination() -> dict[str, Any]:
    return {
        "total": 1,
        "count": 1,
        "per_page": 10,
        "current_page": 1,
        "total_pages": 1,
        "links": {},
    }


def test_async_pages_carry_them_too() -> None:
    fake = FakeNimble()
    fake.contacts.list.respond_raw(nimble_listing(fake, 3, 1, 1))

    async def run() -> tuple[int, int]:
        async with fake.async_client() as client:
            page = await client.contacts.list()
            raw = await client.contacts.with_raw_response.list()
            return page.meta.total, raw.parse().meta.total

    assert asyncio.run(run()) == (3, 3)


def test_a_cursor_page_carries_its_cursor() -> None:
    fake = FakeNiceJob()
    ann, bea = (fake.people.retrieve.example(id=name) for name in ("ann", "bea"))
    fake.people.list.respond_pages([ann], [bea])
    page = fake.client().people.list()
    assert page.cursor == "page-2" and page.get_next_page().cursor is None


def test_a_page_without_its_counters_is_refused_strictly_and_read_tolerantly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeNimble()
    listing = nimble_listing(fake, 1, 1, 1)
    del listing["meta"]
    fake.contacts.list.respond_raw(listing)
    with pytest.raises(errors.APIResponseValidationError, match="meta: Field required"):
        fake.client(strict_response_validation=True).contacts.list()
    with caplog.at_level(logging.WARNING, logger="apiclients"):
        page = fake.client(strict_response_validation=False).contacts.list()
    assert page.meta is None and [c.id for c in page.items] == ["c1"]  # type: ignore[comparison-overlap]
    assert any("response field 'meta' is missing" in r.getMessage() for r in caplog.records)
