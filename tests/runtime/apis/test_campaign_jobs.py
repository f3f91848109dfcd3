"""Campaign Jobs: no default host, bulk calls in batches of 1000, per-item 404s, open int enum."""

from __future__ import annotations

import pytest

from apiclients import errors
from apiclients.campaign_jobs import AsyncCampaignJobs, CampaignJobs
from apiclients.campaign_jobs.types import BulkResult, JobState
from tests.runtime.conftest import call
from tests.server.fakeapi import FakeAPI, Received, Reply

JOB = {
    "address_lines": [],
    "appointment": None,
    "campaign": 28,
    "city": None,
    "country": None,
    "created_at": "2016-11-04T19:11:34.985Z",
    "data": {},
    "email": "a@example.com",
    "id": 1,
    "label": None,
    "name": "A",
    "numbers": [],
    "postal_code": None,
    "reference": "r",
    "state": 0,
    "url": None,
    "value": 1.0,
}


def echo_created(request: Received) -> Reply:
    """Create each job sent, numbering them by their reference, in the order received."""
    return Reply(
        json=[
            {"data": {**JOB, "id": int(job["reference"])}, "status_code": 201}
            for job in request.json()
        ]
    )


def test_missing_base_url_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAMPAIGN_JOBS_BASE_URL", raising=False)
    with pytest.raises(errors.ConfigurationError, match="CAMPAIGN_JOBS_BASE_URL"):
        CampaignJobs(access_token="t")


def test_bulk_create_sends_batches_of_1000_and_keeps_input_order(api: FakeAPI, mode: str) -> None:
    api.handle("POST", "/j/jobs/bulk/create", echo_created)
    jobs = [{"campaign": 28, "reference": str(i)} for i in range(2500)]
    results = call(
        mode,
        CampaignJobs,
        AsyncCampaignJobs,
        lambda c: c.jobs.bulk_create(jobs),
        access_token="t",
        base_url=api.url,
    )
    assert [len(r.json()) for r in api.requests_to("POST", "/j/jobs/bulk/create")] == [
        1000,
        1000,
        500,
    ]
    assert [r.data.id for r in results] == list(range(2500))
    assert all(isinstance(r, BulkResult) and r.status_code == 201 for r in results)


def test_an_empty_bulk_call_sends_nothing(api: FakeAPI) -> None:
    with CampaignJobs(access_token="t", base_url=api.url) as client:
        assert client.jobs.bulk_create([]) == []
    assert api.requests_to("POST", "/j/jobs/bulk/create") == []


def test_a_missing_job_is_reported_not_raised(api: FakeAPI, mode: str) -> None:
    api.script(
        "POST",
        "/j/jobs/bulk/unqueue",
        Reply(
            json=[
                {"data": {**JOB, "state": 3}, "status_code": 200},
                {"data": None, "status_code": 404},
            ]
        ),
    )
    results = call(
        mode,
        CampaignJobs,
        AsyncCampaignJobs,
        lambda c: c.jobs.bulk_unqueue([{"id": 1}, {"id": 99}]),
        access_token="t",
        base_url=api.url,
    )
    assert [r.status_code for r in results] == [200, 404]
    assert results[0].data is not None and results[0].data.state is JobState.FAILED
    assert results[1].data is None


def test_a_failed_batch_keeps_the_results_of_the_batches_before_it(api: FakeAPI) -> None:
    api.script(
        "POST",
        "/j/jobs/bulk/create",
        Reply(json=[{"data": JOB, "status_code": 201}] * 1000),
        Reply(500, json={"error": "boom"}),
    )
    jobs = [{"campaign": 28} for _ in range(1500)]
    with (
        CampaignJobs(access_token="t", base_url=api.url) as client,
        pytest.raises(errors.InternalServerError) as info,
    ):
        client.jobs.bulk_create(jobs)
    assert len(info.value.partial_result) == 1000
    assert len(api.requests_to("POST", "/j/jobs/bulk/create")) == 2  # a create is not sent twice


def test_unknown_states_are_kept(api: FakeAPI) -> None:
    api.script("GET", "/j/jobs/14", Reply(json={**JOB, "id": 14, "state": 7}))
    with CampaignJobs(access_token="t", base_url=api.url) as client:
        job = client.jobs.retrieve(14)
    assert job.state == 7 and isinstance(job.state, JobState)
    assert job.model_dump(mode="json")["state"] == 7


def test_contract_calls(api: FakeAPI) -> None:
    api.script("GET", "/j/jobs", Reply(json=[JOB]))
    api.script("POST", "/j/jobs/14/unqueue", Reply(json={**JOB, "state": 3}))
    with CampaignJobs(access_token="t", base_url=api.url) as client:
        assert client.jobs.list(campaign=28)[0].campaign == 28
        assert client.jobs.unqueue(14).state is JobState.FAILED
    assert api.requests_to("GET", "/j/jobs")[0].query == [("campaign", "28")]
