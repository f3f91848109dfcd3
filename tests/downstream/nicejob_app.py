"""A downstream project with `apiclients-nicejob` alone (and the core): its code and its tests,
written as such a project writes them, type-checked with `mypy --strict` against the installed
distributions and run by tests/test_downstream.py.
"""

from __future__ import annotations

import logging
import time

from apiclients import errors
from apiclients.nicejob import NiceJob
from apiclients.nicejob.testing import FakeNiceJob
from apiclients.nicejob.types import Person


def greeting(client: NiceJob, person_id: str) -> str:
    """The code under test: a line naming a person."""
    person: Person | None = client.people.retrieve(person_id)  # None: no such person
    return f"Hello, {person.first_name}" if person is not None else "Hello, stranger"


def emails(client: NiceJob) -> list[str]:
    return [person.email or "" for person in client.people.list()]


def test_greeting() -> None:
    fake = FakeNiceJob()
    fake.people.retrieve.respond(fake.people.retrieve.example(first_name="Ann"))
    with fake.client() as client:
        assert greeting(client, "p1") == "Hello, Ann"
    assert fake.people.retrieve.calls[0].path_params == {"id": "p1"}


def test_rate_limited_once() -> None:
    """429 once, then 200: the client retries after Retry-After, which the fake records."""
    fake = FakeNiceJob()
    fake.people.retrieve.fail(429, headers={"Retry-After": "30"}, times=1)
    fake.people.retrieve.respond(fake.people.retrieve.example(first_name="Bea"))
    client: NiceJob = fake.client().with_options(max_retries=2, access_token="t2")
    started = time.monotonic()
    assert greeting(client, "p1") == "Hello, Bea"
    assert time.monotonic() - started < 5  # not the 30 s the server asked for: recorded instead
    assert fake.delays == [30.0] and len(fake.people.retrieve.calls) == 2
    assert fake.people.retrieve.calls[-1].headers["authorization"] == "Bearer t2"


def test_not_found() -> None:
    fake = FakeNiceJob()
    fake.people.retrieve.fail(404)
    try:
        greeting(fake.client(), "p9")
    except errors.NotFoundError as exc:
        assert exc.status_code == 404
    else:
        raise AssertionError("no NotFoundError")


def test_every_page() -> None:
    fake = FakeNiceJob()
    fake.people.list.respond_pages(
        [fake.people.retrieve.example(id="p1", email="a@example.com")],
        [fake.people.retrieve.example(id="p2", email="b@example.com")],
    )
    assert emails(fake.client()) == ["a@example.com", "b@example.com"]
    cursor: str | None = fake.client().people.list().cursor  # the response's field, on the page
    assert cursor is not None


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)
    for test in (test_greeting, test_rate_limited_once, test_not_found, test_every_page):
        test()
        print(f"{test.__name__}: ok")
