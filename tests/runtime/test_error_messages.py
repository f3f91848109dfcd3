"""Status errors say each thing once: the status, the server's words when they add anything,
and the request id when the server sends one (issue 23)."""

from __future__ import annotations

import pytest

from apiclients import errors
from apiclients.nicejob.testing import FakeNiceJob
from apiclients.nimble.testing import FakeNimble


def raised(fake: FakeNiceJob) -> errors.APIStatusError:
    with pytest.raises(errors.APIStatusError) as caught:
        fake.client().people.retrieve("p1")
    return caught.value


def test_a_message_does_not_repeat_the_status() -> None:
    fake = FakeNiceJob()
    fake.people.retrieve.fail(404)  # the body's message is the reason phrase
    error = raised(fake)
    assert str(error) == "404 Not Found" and error.request_id is None
    fake.people.retrieve.fail(404, "not found.")
    assert str(raised(fake)) == "404 Not Found"
    fake.people.retrieve.fail(404, "No person p1")
    assert str(raised(fake)) == "404 Not Found: No person p1"


@pytest.mark.parametrize("header", ["X-Request-Id", "Request-Id", "x-amzn-RequestId"])
def test_the_request_id_is_named_when_the_server_sends_one(header: str) -> None:
    fake = FakeNiceJob()
    fake.people.retrieve.fail(503, "try later", headers={header: "req-7f3a"})
    error = raised(fake)
    assert error.request_id == "req-7f3a"
    assert str(error) == "503 Service Unavailable: try later (request id req-7f3a)"


def test_an_unprintable_request_id_is_left_out() -> None:
    fake = FakeNimble()
    fake.contacts.retrieve.fail(500, headers={"X-Request-Id": "a\x7fb"})
    with pytest.raises(errors.InternalServerError) as caught:
        fake.client().contacts.retrieve("c1")
    assert caught.value.request_id is None and "request id" not in str(caught.value)
