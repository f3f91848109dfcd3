"""Tolerant reading (the default) and strict reading (`strict_response_validation=True`), from
the caller's side, sync and async, over real sockets to the local server."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from apiclients import errors
from apiclients._core import reading
from apiclients.campaign_jobs import AsyncCampaignJobs, CampaignJobs
from apiclients.campaign_jobs.types import Job
from apiclients.nicejob import AsyncNiceJob, NiceJob
from apiclients.nimble import AsyncNimble, Nimble
from apiclients.nimble.types import ContactView
from tests.runtime.apis.test_campaign_jobs import JOB
from tests.runtime.apis.test_nimble import contact, listing
from tests.runtime.conftest import call, retrieve_person
from tests.runtime.samples import envelope, person
from tests.server.fakeapi import FakeAPI, Reply

PRIVATE = "private-value-4711"  # a value that must never reach a log line


def untagged(cid: str) -> dict[str, object]:
    """A contact as Nimble sends it for `tags=0`: no `tags` key, and here no `avatar_url` either."""
    data = contact(cid)
    del data["tags"], data["avatar_url"]
    return data


def nimble(mode: str, api: FakeAPI, action, **kwargs):  # type: ignore[no-untyped-def]
    return call(mode, Nimble, AsyncNimble, action, access_token="t", base_url=api.url, **kwargs)


def test_missing_fields_read_as_none_by_default(
    api: FakeAPI, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    api.script(
        "GET",
        "/api/v1/contacts",
        Reply(json=listing([untagged("c1"), untagged("c2")], page=1, pages=1)),
    )
    with caplog.at_level(logging.WARNING, logger="apiclients"):
        page = nimble(
            mode, api, lambda c: c.contacts.list(tags=False), strict_response_validation=False
        )
    assert [c.id for c in page.items] == ["c1", "c2"]
    assert all(
        isinstance(c, ContactView) and c.tags is None and c.avatar_url is None for c in page.items
    )
    assert page.items[0].fields["first name"][0].value == "Amayak"  # what did fit is read as usual
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    # Once per operation and field path, however many items share the problem; the path is the
    # first item's, written as in every message (`data[0].email`).
    assert len(warnings) == 2
    assert (
        "GET /api/v1/contacts: response field 'resources[0].tags' is missing"
        " (expected list[ContactTag | str]); read as None." in " ".join(warnings)
    )
    assert any("'resources[0].avatar_url' is missing" in w for w in warnings)


def test_a_second_call_does_not_warn_again(api: FakeAPI, caplog: pytest.LogCaptureFixture) -> None:
    body = listing([untagged("c1")], page=1, pages=1)
    api.script("GET", "/api/v1/contacts", Reply(json=body), Reply(json=body))
    with caplog.at_level(logging.WARNING, logger="apiclients"):
        nimble(
            "sync",
            api,
            lambda c: (c.contacts.list(tags=False), c.contacts.list(tags=False)),
            strict_response_validation=False,
        )
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2  # tags, avatar_url


def test_strict_reading_refuses_the_same_response(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/api/v1/contacts", Reply(json=listing([untagged("c1")], page=1, pages=1)))
    with pytest.raises(
        errors.APIResponseValidationError,
        match=r"resources\[0\]\.(tags|avatar_url): Field required",
    ):
        nimble(mode, api, lambda c: c.contacts.list(tags=False), strict_response_validation=True)


def test_with_options_switches_strictness_both_ways(api: FakeAPI, mode: str) -> None:
    body = listing([untagged("c1")], page=1, pages=1)
    api.script("GET", "/api/v1/contacts", Reply(json=body), Reply(json=body))

    def both(client):  # type: ignore[no-untyped-def]
        tolerant = client.with_options(strict_response_validation=False)
        strict = tolerant.with_options(strict_response_validation=True)
        if isinstance(client, Nimble):
            first = tolerant.contacts.list(tags=False)
            with pytest.raises(errors.APIResponseValidationError):
                strict.contacts.list(tags=False)
            return first

        async def run():  # type: ignore[no-untyped-def]
            first = await tolerant.contacts.list(tags=False)
            with pytest.raises(errors.APIResponseValidationError):
                await strict.contacts.list(tags=False)
            return first

        return run()

    first = nimble(mode, api, both, strict_response_validation=True)
    assert first.items[0].tags is None


def test_a_create_echoing_null_returns_what_was_created(
    api: FakeAPI, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The create succeeded on the server; refusing its echo would leave the caller unable to retry.
    # email may be null by the spec; numbers and created_at may not.
    api.script(
        "POST", "/j/jobs", Reply(json={**JOB, "email": None, "numbers": None, "campaign": PRIVATE})
    )
    with caplog.at_level(logging.WARNING, logger="apiclients"):
        job = call(
            mode,
            CampaignJobs,
            AsyncCampaignJobs,
            lambda c: c.jobs.create(campaign=28, email="a@example.com"),
            access_token="t",
            base_url=api.url,
            strict_response_validation=False,
        )
    assert isinstance(job, Job)
    assert job.email is None and job.numbers is None
    assert job.campaign == PRIVATE  # a value of another type is kept as received
    assert job.id == 1 and job.state == 0
    text = caplog.text
    assert "'numbers' is null (expected list[str])" in text
    assert "'email'" not in text
    assert "'campaign' has another type (expected int); kept as received." in text
    assert PRIVATE not in text


def test_a_webhook_listed_without_its_secret(api: FakeAPI, mode: str) -> None:
    hook = {
        "id": "w1",
        "created_at": "2024-01-02T03:04:05Z",
        "endpoint_url": "https://me.example/hook",
        "is_enabled": True,
        "subscriptions": [],
        "updated_at": "2024-01-02T03:04:05Z",
    }
    api.script("GET", "/v2/webhooks", Reply(json=envelope([hook])))
    # The spec's Webhook has no secret (only CreatedWebhook does), so this reads even strictly.
    page = call(
        mode,
        NiceJob,
        AsyncNiceJob,
        lambda c: c.webhooks.list(),
        access_token="t",
        base_url=api.url,
        strict_response_validation=True,
    )
    (webhook,) = page.items
    assert (
        webhook.id == "w1"
        and webhook.is_enabled is True
        and "secret" not in webhook.model_fields_set
    )


def test_unknown_keys_and_enum_values_are_kept_when_reading_tolerantly(
    api: FakeAPI, mode: str
) -> None:
    data = person(extra_key={"nested": [1, 2]})
    del data["created_at"]
    api.script("GET", "/v2/people/p1", Reply(json=envelope(data)))
    result = retrieve_person(
        mode,
        access_token="t",
        base_url=api.url,
        strict_response_validation=False,
    )
    assert result.created_at is None
    assert result.model_extra == {"extra_key": {"nested": [1, 2]}}
    dumped = result.model_dump(by_alias=True, exclude_unset=True)
    assert "created_at" not in dumped and dumped["extra_key"] == {"nested": [1, 2]}


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(
    ("reply", "fragment"),
    [
        (
            Reply(body=b"<html>Bad gateway</html>", headers={"Content-Type": "text/html"}),
            "not the JSON the spec describes",
        ),
        (Reply(body=b'{"data": {"id": "p1", "first_na'), "not the JSON the spec describes"),
        (Reply(json=[envelope(person())]), "array where Envelope"),
        (Reply(json=envelope([person()])), "its data is a JSON array where Person"),
    ],
)
def test_not_json_and_a_wrong_top_level_shape_raise_in_both_modes(
    api: FakeAPI, mode: str, strict: bool, reply: Reply, fragment: str
) -> None:
    api.script("GET", "/v2/people/p1", reply)
    with pytest.raises(errors.APIResponseValidationError) as info:
        retrieve_person(
            mode,
            access_token="t",
            base_url=api.url,
            strict_response_validation=strict,
        )
    assert "not the JSON the spec describes" in str(info.value)
    if not strict:  # strict names pydantic's first problem instead
        assert fragment in str(info.value)


def test_a_valid_response_never_takes_the_tolerant_path(
    api: FakeAPI, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a valid response was re-read")

    monkeypatch.setattr(reading, "read_tolerantly", refuse)
    api.script("GET", "/v2/people/p1", Reply(json=envelope(person())))
    result = retrieve_person(
        mode,
        access_token="t",
        base_url=api.url,
        strict_response_validation=False,
    )
    assert result.id == "p1"


def test_an_operation_failure_reported_in_a_2xx_is_still_raised(api: FakeAPI, mode: str) -> None:
    api.script(
        "POST", "/v2/people", Reply(json={"data": None, "error": "Duplicate email", "cursor": None})
    )
    with pytest.raises(errors.OperationFailedError, match="Duplicate email"):
        call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: c.people.create(first_name="Ann"),
            access_token="t",
            base_url=api.url,
            strict_response_validation=False,
        )


def test_wire_formats_still_apply_to_the_fields_that_fit(api: FakeAPI, mode: str) -> None:
    from apiclients.timetap import AsyncTimeTap, TimeTap
    from tests.runtime.apis.test_timetap import INVITATION, Sessions

    Sessions(api)
    data = {**INVITATION, "createdDate": 1000}  # epoch milliseconds: one second past 1970
    del data["status"]
    api.script("GET", "/live/invitation/ivt1", Reply(json=data))
    invitation = call(
        mode,
        TimeTap,
        AsyncTimeTap,
        lambda c: c.invitations.retrieve("ivt1"),
        api_key="k",
        private_key="p",
        base_url=api.url + "/live",
        strict_response_validation=False,
    )
    assert invitation.status is None
    assert invitation.created_date.isoformat() == "1970-01-01T00:00:01+00:00"


def test_a_listing_reads_again_only_the_items_refused(
    api: FakeAPI, mode: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole listing was read again")

    monkeypatch.setattr(reading, "read_tolerantly", refuse)
    repaired: list[str] = []
    original = reading._Reader.repaired

    def spy(self: reading._Reader, model: Any, path: str) -> Any:
        repaired.append(model.id)
        return original(self, model, path)

    monkeypatch.setattr(reading._Reader, "repaired", spy)
    bad = {**person("p2", address={"city": 5}), "nickname": "Annie"}
    del bad["blocked"]
    api.script("GET", "/v2/people", Reply(json=envelope([person("p1"), bad, person("p3")])))
    with caplog.at_level(logging.WARNING, logger="apiclients"):
        page = call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: c.people.list(),
            access_token="t",
            base_url=api.url,
            strict_response_validation=False,
        )
    assert repaired == ["p2"]
    first, second, third = page.items
    assert (first.id, first.blocked, third.id) == ("p1", False, "p3")
    assert first.model_fields_set == third.model_fields_set == set(type(first).model_fields)
    assert second.id == "p2" and second.blocked is None
    assert "blocked" not in second.model_fields_set
    assert second.address is not None and second.address.city == 5  # kept as received
    assert second.model_extra == {"nickname": "Annie"}
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("'data[1].blocked' is missing" in w for w in warnings), warnings
    assert any("'data[1].address.city' has another type" in w for w in warnings), warnings


def test_a_listing_whose_envelope_is_refused_is_read_again_whole(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people", Reply(json={"data": [person("p1")], "cursor": 7}))
    page = call(
        mode,
        NiceJob,
        AsyncNiceJob,
        lambda c: c.people.list(),
        access_token="t",
        base_url=api.url,
        strict_response_validation=False,
    )
    assert [p.id for p in page.items] == ["p1"]
