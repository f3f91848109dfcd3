"""A sixth API added to a copy of the project, and nothing else (issue 27, item 1): the test
suite collects, the coverage tests skip naming it, `apigen facts` and `apigen audit` report that it
has no facts yet, generation writes its distribution, whose own tests pass; then a fact sheet
written by hand is put in order by `apigen facts` and audited like an extracted one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
API = "tinydesk"
SPEC = """\
# yaml-language-server: $schema=../schema/apigen-spec.schema.json
api:
  name: tinydesk
  title: TinyDesk API
  version: "1"
  client: TinyDesk
  source: tinydesk.txt
  base_url: {default: "https://api.tinydesk.example", env: TINYDESK_BASE_URL}
  auth:
    scheme: bearer
    credentials: {access_token: {env: TINYDESK_TOKEN}}
    oauth2:
      authorize_url: https://auth.tinydesk.example/authorize
      token_url: https://api.tinydesk.example/oauth/token
      grants: [authorization_code, refresh_token]
      redirect_uri: optional
      response_type: null
  error_body: {messages: ["_embedded.errors[].message"]}
types:
  Ticket:
    fields:
      id: integer
      subject: string
      status: {type: string, enum: [open, closed]}
resources:
  tickets:
    operations:
      retrieve:
        endpoint: GET /v1/tickets/{id}
        path:
          id: integer
        response: Ticket
        errors: {404: No such ticket.}
        examples:
          - arguments: {id: 7}
            response: {id: 7, subject: Printer, status: open}
          - arguments: {id: 8}
            status: 404
            response: {_embedded: {errors: [{path: id, message: no ticket 8}]}}
      create:
        endpoint: POST /v1/tickets
        body:
          fields:
            subject: string
        response: Ticket
        errors: {422: The subject is empty.}
        examples:
          - request: {subject: ""}
            status: 422
            response: {_embedded: {errors: [{path: subject, message: may not be empty}]}}
"""
# Caches and tools the copy does not need: it runs on this checkout's virtual environment. A
# working copy may also hold the benchmarks' and compat runs' environments (half a gigabyte).
# Bytecode is copied (with the sources' times, which is how Python tells it is current): the
# copy's Pythons then compile only what differs from this checkout.
_NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    ".mypy_cache",
    ".ruff_cache",
    "*.egg-info",
    ".hypothesis",
    ".bench",
    ".compat",
    ".corpus",
)
pytestmark = pytest.mark.slow


def run(project: Path, *argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A command of this environment's Python run in the copy, which imports the copy's
    generator (the working folder comes first on the import path); no vendor documents."""
    environment = {**os.environ, "APIGEN_DOCS": str(project / "no-documents")}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, *argv],
        cwd=cwd or project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("sixth") / "project"
    shutil.copytree(ROOT, copy, ignore=_NOT_COPIED)
    (copy / "specs" / f"{API}.yaml").write_text(SPEC, encoding="utf-8")
    generated = run(copy, "-m", "generator", "generate")
    assert generated.returncode == 0, generated.stderr
    return copy


def test_generation_writes_the_sixth_distribution_whose_tests_pass(project: Path) -> None:
    package = project / "generated" / API / "apiclients" / API
    assert (package / "_client.py").is_file() and (project / "generated" / "openapi").is_dir()
    assert API in (project / "generated" / "pytest.ini").read_text(encoding="utf-8")
    tested = run(project, "-m", "pytest", f"tests/test_{API}.py", cwd=project / "generated")
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_its_consent_url_and_error_messages_are_the_vendors(project: Path) -> None:
    script = """
from apiclients import errors
from apiclients.tinydesk import oauth
from apiclients.tinydesk.testing import FakeTinyDesk

print(oauth.authorize_url(client_id="app", state="s1").url)
fake = FakeTinyDesk()
fake.tickets.retrieve.fail(422, "subject may not be empty")
try:
    fake.client().tickets.retrieve(1)
except errors.APIStatusError as error:
    print(error)
"""
    generated = project / "generated"
    environment = os.pathsep.join(str(generated / name) for name in ("core", API))
    ran = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": environment},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == [
        "https://auth.tinydesk.example/authorize?client_id=app&state=s1",
        "422 Unprocessable Entity: subject may not be empty",
    ]


def test_the_suite_collects(project: Path) -> None:
    collected = run(project, "-m", "pytest", "--collect-only", "tests")
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr
    assert f"test_every_fact_is_honoured_or_explained[{API}]" in collected.stdout


def test_the_tests_over_every_spec_pass_on_it(project: Path) -> None:
    ran = run(project, "-m", "pytest", "tests/unit", "tests/coverage", "-k", API)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr
    assert " passed" in ran.stdout.splitlines()[-1]


def test_the_coverage_tests_skip_naming_the_api(project: Path) -> None:
    ran = run(project, "-m", "pytest", "tests/coverage/test_sheets.py", "-k", API, "-rs")
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr
    skips = [line for line in ran.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skips) == 1 and skips[0].startswith("SKIPPED [3] "), skips
    assert f"{API}: no facts yet: no document reader for '{API}'" in skips[0]
    assert "3 skipped" in ran.stdout


@pytest.mark.parametrize("command", ["facts", "audit"])
def test_facts_and_audit_say_there_are_no_facts_yet(project: Path, command: str) -> None:
    ran = run(project, "-m", "generator", command, API)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"{API}: no facts yet: no document reader for '{API}'")
    assert "Traceback" not in ran.stderr
    assert not (project / "specs" / "facts" / f"{API}.json").exists()


def test_a_fact_sheet_written_by_hand_is_ordered_and_audited(project: Path) -> None:
    sheet = project / "specs" / "facts" / f"{API}.json"
    ticket = {"kind": "field", "entity": "Ticket"}
    facts = [
        {**ticket, "name": "subject", "type": "string", "line": 9},
        {**ticket, "name": "status", "type": "string", "enum": ["open", "closed"], "line": 10},
        {**ticket, "name": "id", "type": "integer", "line": 8},
        {"kind": "endpoint", "endpoint": "GET /v1/tickets/{id}", "line": 3},
        {"kind": "endpoint", "endpoint": "POST /v1/tickets", "line": 4},
        {"kind": "endpoint", "endpoint": "GET /v1/agents", "line": 20},
    ]
    sheet.write_text(json.dumps({"api": API, "document": "tinydesk.txt", "facts": facts}))
    try:
        ordered = run(project, "-m", "generator", "facts", API)
        assert ordered.returncode == 0, ordered.stderr
        assert "6 facts, written by hand, put in sheet order" in ordered.stdout
        text = sheet.read_text(encoding="utf-8")
        assert text.splitlines()[1] == '{"kind": "endpoint", "endpoint": "GET /v1/agents"},'
        assert text.endswith('"lines": [20, 3, 4, 8, 10, 9]}\n')
        audited = run(project, "-m", "generator", "audit", API)
        assert audited.returncode == 1, audited.stderr
        assert audited.stdout.startswith("tinydesk.txt:20: endpoint-missing: GET /v1/agents")
        assert audited.stdout.endswith(f"{API}: 1 unexplained (1 endpoint-missing)\n")
        sheet.write_text(json.dumps({"api": API, "document": "t.txt", "facts": [{"kind": "x"}]}))
        refused = run(project, "-m", "generator", "facts", API)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert refused.stderr.strip().endswith(
            "fact 1 needs `line`, the line of the capture " "that prints it"
        )
    finally:
        sheet.unlink()
