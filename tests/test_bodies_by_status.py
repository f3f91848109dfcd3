"""Success statuses answering different bodies (`responses:`) end to end: a spec whose `run`
answers a Report (200), a Job to poll (202) or nothing (204), each in the API's envelope, is
generated into a scratch tree; its clients, sync and async, call a real server on 127.0.0.1
and the generated fake. The status chooses the type, never the body's shape; a 2xx the spec does
not declare is refused, naming the status.

The clients run in a subprocess (`tests.scratch_api`); the program prints what it saw as JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scratch_api import run_against

SPEC = """\
api:
  name: reports
  title: Reports
  version: v1
  client: Reports
  source: reports.txt
  base_url: {default: "https://reports.example.com", env: REPORTS_BASE_URL}
  auth: {scheme: none}
  envelope: {data: data}
  error_body: {messages: [error]}
types:
  Report:
    fields:
      url: string
  Job:
    fields:
      id: string
      state: string
resources:
  reports:
    operations:
      run:
        endpoint: POST /reports
        body: {fields: {query: string}}
        idempotency_key: false
        responses:
          200: {type: Report, description: Ready at once.}
          202: {type: Job, description: Queued; poll the job.}
          204: {description: Nothing matched.}
        examples:
          - request: {query: q}
            response: {data: {url: "https://r/1"}}
"""

PROGRAM = """\
import asyncio, json
from apiclients.errors import APIResponseValidationError
from apiclients.reports import AsyncReports, Reports
from apiclients.reports.testing import FakeReports, FakeDataError
from apiclients.reports.types import Job, Report
from tests.server.fakeapi import FakeAPI, Reply

out = {}

def seen(value):
    return [type(value).__name__, value.model_dump() if value is not None else None]

def refused(call):
    try:
        call()
    except (APIResponseValidationError, FakeDataError) as error:
        return str(error)
    return "accepted"

report = {"data": {"url": "https://r/1"}}
job = {"data": {"id": "j1", "state": "queued"}}
with FakeAPI() as server:
    client = Reports(base_url=server.url, strict_response_validation=True)
    server.script(
        "POST", "/reports",
        Reply(json=report), Reply(status=202, json=job), Reply(status=204),
        Reply(status=201, json=report), Reply(status=202, json=report), Reply(status=202, json=job),
    )
    out["sync"] = [seen(client.reports.run(query="q")) for _ in range(3)]
    out["undeclared"] = refused(lambda: client.reports.run(query="q"))
    out["shape_of_another"] = refused(lambda: client.reports.run(query="q"))
    raw = client.reports.with_raw_response.run(query="q")
    out["raw"] = [raw.status_code, seen(raw.parse())]
    server.script("POST", "/reports", Reply(status=202, json=report))
    tolerant = Reports(base_url=server.url, strict_response_validation=False)
    out["tolerantly"] = type(tolerant.reports.run(query="q")).__name__

    async def go():
        server.script("POST", "/reports", Reply(status=202, json=job), Reply(json=report))
        async with AsyncReports(base_url=server.url) as aclient:
            return [seen(await aclient.reports.run(query="q")) for _ in range(2)]

    out["async"] = asyncio.run(go())

fake = FakeReports()
handle = fake.reports.run
with fake.client() as fclient:
    results = [seen(fclient.reports.run(query="q"))]  # the default: the example, a Report
    handle.respond(Job(id="j2", state="done"), status=202)
    results.append(seen(fclient.reports.run(query="q")))
    handle.respond(None, status=204)
    results.append(seen(fclient.reports.run(query="q")))
    out["fake"] = results
out["fake_shape_of_another"] = refused(lambda: handle.respond({"url": "u"}, status=202))
out["fake_undeclared"] = refused(lambda: handle.respond({"url": "u"}, status=201))

async def fake_async():
    handle.respond({"id": "j3", "state": "queued"}, status=202)
    async with fake.async_client() as aclient:
        return seen(await aclient.reports.run(query="q"))

out["fake_async"] = asyncio.run(fake_async())
with fake.client() as fclient:
    answered = fclient.reports.with_raw_response.run(query="q")  # the standing 202
    out["fake_raw"] = [answered.status_code, seen(answered.parse())]
print(json.dumps(out))
"""

REPORT = ["Report", {"url": "https://r/1"}]
JOB = ["Job", {"id": "j1", "state": "queued"}]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_against(tmp_path_factory.mktemp("by_status"), "reports", SPEC, PROGRAM)


def test_the_status_chooses_the_model_sync_and_async(run: dict[str, Any]) -> None:
    assert run["sync"] == [REPORT, JOB, ["NoneType", None]]
    assert run["async"] == [JOB, REPORT]
    assert run["raw"] == [202, JOB]


def test_an_undeclared_status_or_another_statuss_body_is_refused(run: dict[str, Any]) -> None:
    assert run["undeclared"].startswith(
        "POST /reports: status 201 is none of the success statuses the spec declares "
        "(200, 202, 204)"
    )
    # A Report's body under 202 is not taken for a Report: 202 answers a Job.
    assert run["shape_of_another"].startswith(
        "POST /reports: the response is not the JSON the spec describes: "
    )
    assert "data.id" in run["shape_of_another"]
    # Read tolerantly (a warning for what does not fit), it is still the 202's type.
    assert run["tolerantly"] == "Job"


def test_the_fake_answers_each_status_with_its_type(run: dict[str, Any]) -> None:
    assert run["fake"] == [
        REPORT,
        ["Job", {"id": "j2", "state": "done"}],
        ["NoneType", None],
    ]
    assert run["fake_async"] == ["Job", {"id": "j3", "state": "queued"}]
    assert run["fake_raw"] == [202, ["Job", {"id": "j3", "state": "queued"}]]
    assert "the data is not what the spec describes" in run["fake_shape_of_another"]
    assert run["fake_undeclared"] == (
        "reports.run: status 201 is none of the success statuses the spec declares (200, 202, 204)"
    )


def test_the_method_says_every_outcome(tmp_path: Path) -> None:
    """The signature's return type is the union, the docstring each status's."""
    out = run_against(
        tmp_path,
        "reports",
        SPEC,
        "import inspect, json\n"
        "from apiclients.reports.resources.reports import ReportsResource\n"
        "method = ReportsResource.run\n"
        "returned = str(inspect.signature(method).return_annotation)\n"
        "print(json.dumps({'returns': returned, 'doc': method.__doc__}))",
    )
    assert out["returns"] == "Report | Job | None"
    assert "status 202, Job: Queued; poll the job" in " ".join(out["doc"].split())
