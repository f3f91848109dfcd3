"""What each mode does with a value of another type than documented (issue 23).

`strict_response_validation=True` validates in pydantic's strict mode for JSON: `"4"` is no
integer, `"false"` no boolean, a Unix number no datetime (an ISO string still is), and NaN or an
infinity no number. The tolerant default returns such a value as received and logs it once per
client, operation and field path; a valid response reads the same in both modes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from typing import Any

import httpx
import pytest

from apiclients import errors
from apiclients.campaign_jobs.testing import FakeCampaignJobs
from apiclients.nicejob.testing import FakeNiceJob

# (fake, operation, argument, field, value sent, what the tolerant reading returns)
CASES: list[tuple[str, str, Any, str, Any, Any]] = [
    ("campaign_jobs", "jobs.retrieve", 14, "campaign", "4", "4"),
    ("nicejob", "bookings.retrieve", "b1", "complete", "false", "false"),
    ("nicejob", "bookings.retrieve", "b1", "complete", 0, 0),
    ("campaign_jobs", "jobs.retrieve", 14, "created_at", 1700000000, 1700000000),
    ("campaign_jobs", "jobs.retrieve", 14, "value", float("nan"), math.nan),
    ("campaign_jobs", "jobs.retrieve", 14, "value", float("inf"), math.inf),
]
FAKES = {"campaign_jobs": FakeCampaignJobs, "nicejob": FakeNiceJob}


def body(api: str, operation: str, field: str, value: Any) -> bytes:
    """The operation's example answer with `field` set to `value`, as bytes: JSON's NaN and
    Infinity tokens included, which a server may send and a fake's `respond` refuses."""
    payload = {**FAKES[api]().operation(operation).example(), field: value}
    return json.dumps({"data": payload} if api == "nicejob" else payload).encode()


def client(api: str, content: bytes, *, asynchronous: bool = False, **options: Any) -> Any:
    """A client of `api` whose every request is answered with `content`."""
    fake = FAKES[api]()

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"Content-Type": "application/json"})

    transport = httpx.MockTransport(answer)
    if asynchronous:
        http: Any = httpx.AsyncClient(transport=transport)
        return fake.async_client_class("t", base_url=fake.base_url, http_client=http, **options)
    http = httpx.Client(transport=transport)
    return fake.client_class("t", base_url=fake.base_url, http_client=http, **options)


def reach(client: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        client = getattr(client, part)
    return client


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


@pytest.mark.parametrize(("api", "operation", "argument", "field", "value", "kept"), CASES)
def test_strict_refuses_a_value_of_another_type(
    api: str, operation: str, argument: Any, field: str, value: Any, kept: Any
) -> None:
    strict = client(api, body(api, operation, field, value), strict_response_validation=True)
    where = f"data.{field}" if api == "nicejob" else field
    with pytest.raises(errors.APIResponseValidationError, match=rf"describes: {where}: "):
        reach(strict, operation)(argument)


@pytest.mark.parametrize(("api", "operation", "argument", "field", "value", "kept"), CASES)
def test_tolerant_returns_it_as_received_and_logs_once_per_client(
    api: str,
    operation: str,
    argument: Any,
    field: str,
    value: Any,
    kept: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    content = body(api, operation, field, value)
    with caplog.at_level(logging.WARNING, logger="apiclients"):
        tolerant = client(api, content, strict_response_validation=False)
        first = reach(tolerant, operation)(argument)
        reach(tolerant, operation)(argument)
        reach(tolerant.with_options(max_retries=1), operation)(argument)  # a copy: same client
    got = getattr(first, field)
    assert got == kept or (math.isnan(kept) and math.isnan(got)), got
    assert type(got) is type(kept)
    [warning] = warnings_of(caplog)
    where = f"data.{field}" if api == "nicejob" else field
    assert f"response field '{where}' has another type" in warning and "kept as received" in warning
    assert repr(value) not in warning  # the value itself may be personal data: never logged

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="apiclients"):
        reach(client(api, content, strict_response_validation=False), operation)(argument)
    assert len(warnings_of(caplog)) == 1  # a new client warns again


def test_an_iso_string_is_still_a_datetime_and_a_whole_number_a_float() -> None:
    content = body("campaign_jobs", "jobs.retrieve", "value", 3)
    job = client("campaign_jobs", content, strict_response_validation=True).jobs.retrieve(14)
    assert job.value == 3.0 and isinstance(job.value, float)
    assert job.created_at.year == 2016  # the example's "2016-11-04T19:11:34.985Z"


def test_the_async_client_reads_alike() -> None:
    content = body("nicejob", "bookings.retrieve", "complete", "false")

    async def run() -> None:
        async with client(
            "nicejob", content, asynchronous=True, strict_response_validation=True
        ) as strict:
            with pytest.raises(errors.APIResponseValidationError, match=r"data\.complete"):
                await strict.bookings.retrieve("b1")
        tolerant = client("nicejob", content, asynchronous=True, strict_response_validation=False)
        async with tolerant:
            assert (await tolerant.bookings.retrieve("b1")).complete == "false"

    asyncio.run(run())
