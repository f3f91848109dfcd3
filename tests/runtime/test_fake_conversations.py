"""Fakes that script a conversation (issue 23): answers queued per operation with `times=`,
retries that record their delays instead of sleeping, fixtures built from the example with
overrides, and refused data located in what the test passed."""

from __future__ import annotations

import asyncio
import time

import pytest

from apiclients import errors
from apiclients._core.testing import FakeDataError
from apiclients.nicejob.testing import FakeNiceJob
from apiclients.nicereply.testing import FakeNicereply
from apiclients.nimble.testing import FakeNimble


def test_429_then_200_with_no_sleeping() -> None:
    fake = FakeNiceJob()
    ann = fake.people.retrieve.example(first_name="Ann")
    fake.people.retrieve.fail(429, headers={"Retry-After": "3"}, times=1)
    fake.people.retrieve.respond(ann)
    client = fake.client(max_retries=2)
    started = time.monotonic()
    person = client.people.retrieve("p1")
    assert time.monotonic() - started < 1.0  # the Retry-After was not slept
    assert person is not None and person.first_name == "Ann"
    assert fake.delays == [3.0]
    assert len(fake.people.retrieve.calls) == 2


def test_the_async_client_records_its_delays_too() -> None:
    fake = FakeNiceJob()
    fake.people.retrieve.fail(503, times=2)  # no Retry-After: the client's own back-off

    async def run() -> None:
        async with fake.async_client(max_retries=2) as client:
            assert await client.people.retrieve("p1") is not None

    started = time.monotonic()
    asyncio.run(run())
    assert time.monotonic() - started < 1.0
    assert len(fake.delays) == 2 and all(0 < delay <= 8 for delay in fake.delays)


def test_queued_answers_are_taken_in_order_then_the_standing_one() -> None:
    fake = FakeNiceJob()
    handle = fake.people.retrieve
    handle.respond(handle.example(first_name="Standing"))
    handle.respond(handle.example(first_name="First"), times=2)
    handle.fail(409, "busy", times=1)
    client = fake.client()
    got = [client.people.retrieve("p1") for _ in range(2)]
    assert [p.first_name for p in got if p is not None] == ["First", "First"]
    with pytest.raises(errors.ConflictError, match="busy"):
        client.people.retrieve("p1")
    person = client.people.retrieve("p1")
    assert person is not None and person.first_name == "Standing"  # the queue ran out
    handle.reset()
    handle.fail(500, times=1)
    with pytest.raises(errors.InternalServerError):
        client.people.retrieve("p1")
    assert client.people.retrieve("p1") == client.people.retrieve("p1")  # the default again


def test_pages_can_be_queued_and_times_is_checked() -> None:
    fake = FakeNiceJob()
    ann, bea, cal = (fake.people.retrieve.example(id=name) for name in ("a", "b", "c"))
    fake.people.list.fail(429, times=1)
    fake.people.list.respond_pages([ann, bea], [cal])
    client = fake.client(max_retries=1)
    assert len(list(client.people.list())) == 3
    assert len(fake.people.list.calls) == 3  # the refused request, then the two pages
    for times in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="times must be a number of calls"):
            fake.people.list.fail(429, times=times)  # type: ignore[arg-type]


def test_example_takes_overrides_by_attribute_or_wire_name() -> None:
    fake = FakeNicereply()
    handle = fake.csat.ratings.retrieve
    rating = handle.example(from_="Ann", comment=None)  # `from_` is the wire's `from`
    assert (rating["from"], rating["comment"]) == ("Ann", None) and "from_" not in rating
    assert handle.example(**{"from": "Ann", "comment": None}) == rating
    assert {**handle.example(), "from": "Ann", "comment": None} == rating
    handle.respond(rating)  # a valid fixture
    rated = fake.client().csat.ratings.retrieve("r1")
    assert rated.from_ == "Ann"
    with pytest.raises(
        FakeDataError, match=r"csat\.ratings\.retrieve\.example\(\): no key nickname"
    ):
        handle.example(nickname="x")
    with pytest.raises(TypeError, match=r"csat\.ratings\.list\.example\(\) is not an object"):
        fake.csat.ratings.list.example(from_="Ann")


def test_refused_data_is_located_in_what_the_test_passed() -> None:
    fake = FakeNimble()
    [contact] = fake.contacts.list.example()[:1]
    with pytest.raises(FakeDataError, match=r": \[0\]\.fields\.email\[0\]\.value: "):
        fake.contacts.list.respond([{**contact, "fields": {"email": [{"value": 5}]}}])
    with pytest.raises(FakeDataError, match=r"key\(s\) \[0\]\.nickname"):
        fake.contacts.list.respond([{**contact, "nickname": "x"}])
