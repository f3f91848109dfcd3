"""A downstream project with `apiclients-nicejob` alone (and the core): its code and its tests,
written as such a project writes them, type-checked with `mypy --strict` against the installed
distributions and run by tests/test_downstream.py.
"""

from __future__ import annotations

import logging

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
    fake.people.retrieve.respond({**fake.people.retrieve.example(), "first_name": "Ann"})
    with fake.client() as client:
        assert greeting(client, "p1") == "Hello, Ann"
    assert fake.people.retrieve.calls[0].path_params == {"id": "p1"}


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
    person = fake.people.retrieve.example()
    fake.people.list.respond_pages(
        [{**person, "email": "a@example.com"}], [{**person, "email": "b@example.com"}]
    )
    assert emails(fake.client()) == ["a@example.com", "b@example.com"]


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)
    for test in (test_greeting, test_not_found, test_every_page):
        test()
        print(f"{test.__name__}: ok")
