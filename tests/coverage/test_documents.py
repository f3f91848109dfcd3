"""The committed fact sheets against the vendor documents, re-read (skipped, naming APIGEN_DOCS,
when the documents are not beside the clone), and a drill of a vendor changing its page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.audit.sources import sheet_text
from generator.cli import main
from tests.coverage.facts import APIS, DOCS, ROOT, documents, require

# The sheets a reader extracts (one written by hand has nothing to be current against).
SHEETS = [(api, d.sheet.name) for api in APIS for d in documents(api) if not d.by_hand]


@pytest.mark.parametrize(("api", "sheet"), SHEETS)
def test_the_committed_sheet_is_current(api: str, sheet: str) -> None:
    [document] = [d for d in documents(api) if d.sheet.name == sheet]
    require(document.path)
    fresh = sheet_text(api, document.path.name, document.extract())
    assert fresh == document.sheet.read_text(encoding="utf-8"), (
        f"specs/facts/{sheet} is stale against {document.path.name}: "
        f"run `apigen facts {api}` and review its diff"
    )


def test_extraction_is_deterministic() -> None:
    for document in documents("nicereply"):
        require(document.path)
        assert document.extract() == document.extract()


def _drill_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A NiceJob page the vendor changed: the Employee table lost its `position` row, a
    `GET /v2/loyalty_tiers` endpoint appeared, and the Case `description` became an int."""
    page = require(DOCS / "nicejob-v2.txt").read_text(encoding="utf-8")
    lines = page.split("\n")
    employee = next(i for i, line in enumerate(lines) if line.startswith("Employee is referred to"))
    case = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("idstringUniquecompleted_timeDate | nullcreated")
    )
    assert (
        lines[employee].count("positionstring | null") == 1
        and lines[case].count("descriptionstring | null") == 1
    )
    lines[employee] = lines[employee].replace("positionstring | null", "")
    lines[case] = lines[case].replace("descriptionstring | null", "descriptionint | null")
    lines.append("GEThttps://api.nicejob.com/v2/loyalty_tiersReturns an array of tiers.")
    changed = tmp_path / "nicejob-v2.txt"
    changed.write_text("\n".join(lines), encoding="utf-8")
    specs = tmp_path / "specs"
    (specs / "facts").mkdir(parents=True)
    shutil.copy(ROOT / "specs" / "nicejob.yaml", specs)
    shutil.copy(ROOT / "specs" / "facts" / "nicejob.json", specs / "facts")
    return changed, specs


def test_drill_a_changed_page_gives_exactly_its_three_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed, specs = _drill_copy(tmp_path)
    assert (
        main(
            [
                "--root",
                str(ROOT),
                "--specs",
                str(specs),
                "facts",
                "nicejob",
                "--document",
                str(changed),
            ]
        )
        == 0
    )
    sheet_diff = set((specs / "facts" / "nicejob.json").read_text().split("\n")) ^ set(
        (ROOT / "specs" / "facts" / "nicejob.json").read_text().split("\n")
    )
    assert any("loyalty_tiers" in line for line in sheet_diff)
    capsys.readouterr()
    assert (
        main(["--root", str(ROOT), "--specs", str(specs), "audit", "nicejob", "--format", "json"])
        == 1
    )
    report = json.loads(capsys.readouterr().out)
    found = sorted((f["kind"], f["subject"], f["spec_path"]) for f in report["findings"])
    assert found == [
        ("endpoint-missing", "GET /v2/loyalty_tiers", "resources"),
        ("spec-only", "Employee.position", "types.Employee.fields.position"),
        ("type-differs", "Case.description", "types.Case.fields.description"),
    ]
    assert report["summary"] == {
        "unexplained": 3,
        "by_kind": {"endpoint-missing": 1, "type-differs": 1, "spec-only": 1},
    }


def test_drill_audit_reads_the_document_directly_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`apigen audit --document` re-extracts without writing a sheet: the same three findings."""
    changed, specs = _drill_copy(tmp_path)
    before = (specs / "facts" / "nicejob.json").read_bytes()
    assert (
        main(
            [
                "--root",
                str(ROOT),
                "--specs",
                str(specs),
                "audit",
                "nicejob",
                "--document",
                str(changed),
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert out.endswith(
        "nicejob: 3 unexplained (1 endpoint-missing, 1 type-differs, 1 spec-only)\n"
    ), out
    assert (specs / "facts" / "nicejob.json").read_bytes() == before


def _nicereply_gains_channel(tmp_path: Path) -> Path:
    """Nicereply's page as the vendor might change it: the Rating table gains a `channel` row,
    the CSAT ratings list a `channel` query parameter, and its sample a `channel` key."""
    lines = require(DOCS / "nicereply-v1.txt").read_text(encoding="utf-8").split("\n")
    table = lines.index("Rating model fields")
    row = lines.index("comment |", table) + 2
    lines[row:row] = ["channel |", "string | Yes | |"]
    request = lines.index("GET https://api.nicereply.com/v1/csat/ratings")
    sample_key = max(i for i in range(request) if lines[i].startswith('"comment":'))
    lines.insert(sample_key + 1, '"channel": "email",')
    parameters = lines.index("updated_period_end |", request) + 2
    lines[parameters:parameters] = ["channel |", "No | none | |"]
    changed = tmp_path / "nicereply-v1.txt"
    changed.write_text("\n".join(lines), encoding="utf-8")
    return changed


def _git(cwd: Path, *command: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=drill", "-c", "user.email=drill@example.com", *command],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_drill_a_new_field_and_parameter_are_a_small_sheet_diff_and_two_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The maintainer's drill: the page gains a response field and a query parameter; the sheet's
    diff is those facts (and the moved line numbers' line), and the audit names the field as
    `Rating.channel` with the spec line where it belongs."""
    changed = _nicereply_gains_channel(tmp_path)
    project = tmp_path / "project"
    (project / "specs" / "facts").mkdir(parents=True)
    shutil.copy(ROOT / "specs" / "nicereply.yaml", project / "specs")
    shutil.copy(ROOT / "specs" / "facts" / "nicereply.json", project / "specs" / "facts")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "before")
    root = ["--root", str(project)]

    assert main([*root, "facts", "nicereply", "--document", str(changed)]) == 0
    summary = capsys.readouterr().out.splitlines()
    assert summary[0].startswith("specs/facts/nicereply.json: 391 facts, written: 2 added,")
    assert "1 changed" in summary[0]
    assert summary[1:] == [
        "  + field Rating.channel: string, nullable (nicereply-v1.txt:113)",
        "  + parameter GET /v1/csat/ratings: query channel: not required (nicereply-v1.txt:363)",
        "  ~ sample of GET /v1/csat/ratings: keys +channel (nicereply-v1.txt:296)",
    ]
    added, removed, _ = _git(project, "diff", "--numstat", "specs/facts/").split("\t")
    assert int(added) + int(removed) <= 10

    assert main([*root, "audit", "nicereply", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["kind"], f["subject"], f["spec_path"]) for f in findings] == [
        ("field-missing", "Rating.channel", "types.Rating.fields"),
        (
            "parameter-missing",
            "GET /v1/csat/ratings: query channel",
            "resources.csat.resources.ratings.operations.list.query;"
            " shared block &rating_list_query, 7 uses",
        ),
    ]
    # the sample's key is the table's row said again: one finding, both document lines
    assert findings[0]["document"] == "nicereply-v1.txt:113"
    assert findings[0]["also"] == ["nicereply-v1.txt:296"]
    spec_lines = (project / "specs" / "nicereply.yaml").read_text(encoding="utf-8").split("\n")
    at = [int(f["spec"].split(":")[1]) for f in findings]
    owner = next(line for line in reversed(spec_lines[: at[0]]) if re.match(r"  \S", line))
    assert spec_lines[at[0] - 1] == "    fields:" and owner == "  Rating:"
    assert spec_lines[at[1] - 1].strip() == "query: &rating_list_query"
