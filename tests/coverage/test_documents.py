"""The committed fact sheets against the vendor documents, re-read (skipped, naming APIGEN_DOCS,
when the documents are not beside the clone), and a drill of a vendor changing its page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.sources import sheet_text
from tests.coverage.facts import APIS, DOCS, ROOT, documents, require

SHEETS = [(api, document.sheet.name) for api in APIS for document in documents(api)]


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
    found = sorted((f["kind"], f["fact"]) for f in report["findings"])
    assert found == [
        ("endpoint-missing", "GET /v2/loyalty_tiers"),
        ("spec-only", "types.Employee.fields.position"),
        ("type-differs", "GET /v2/cases: description int"),
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
