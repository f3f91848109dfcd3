"""Every subcommand through its error paths: a user error is one line on stderr naming what and
where, exit code 2, never a traceback; a broken spec gets validate's errors (one line each, then
the count). Exit 1 is kept for findings (breaking changes, unexplained facts, a stale tree).
`apigen release` is walked through in tests/test_release.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SPEC_ERROR_LINE = r"\S+:\d+:\d+: .+"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own exit
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err.splitlines()


def one_line(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, lines = run(capsys, *argv)
    assert code == 2, lines
    assert len(lines) == 1, lines
    return lines[0]


def spec_errors(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    code, lines = run(capsys, *argv)
    assert code == 2, lines
    assert lines[-1].startswith("apigen: ") and lines[-1].endswith("; nothing was written")
    return lines[:-1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the specs and their fact sheets, with no documents beside it."""
    shutil.copytree(ROOT / "specs", tmp_path / "project" / "specs")
    return tmp_path / "project"


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert one_line(capsys, "generat").startswith("apigen: argument command: invalid choice")
    line = one_line(capsys, "diff", "--format", "xml")
    assert line.startswith("apigen diff: argument --format: invalid choice: 'xml'")
    assert line.endswith("(see `apigen diff --help`)")
    assert one_line(capsys, "audit").startswith("apigen audit: the following arguments")


def test_generate_check_and_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in ("generate", "check", "validate"):
        [line] = spec_errors(capsys, "--specs", str(empty), command)
        assert line.endswith(f"{empty.as_posix()}:1:1: no *.yaml specs found")
    [line] = spec_errors(capsys, "validate", str(tmp_path / "absent.yaml"))
    assert line == f"{tmp_path / 'absent.yaml'}:1:1: cannot read: No such file or directory"
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    line = one_line(
        capsys,
        "--specs",
        str(ROOT / "tests" / "golden" / "specs"),
        "--out",
        str(blocker / "out"),
        "generate",
    )
    assert line.startswith("apigen generate: ") and str(blocker) in line


def test_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    line = one_line(capsys, "--root", str(blocker), "schema")
    assert line.startswith("apigen schema: ") and str(blocker) in line


def test_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert one_line(capsys, "diff", "one.yaml") == (
        "apigen diff: give OLD.yaml NEW.yaml, or --base REV [SPEC...]"
    )
    assert one_line(capsys, "--root", str(ROOT), "diff", "--base", "nosuchrev") == (
        f"apigen diff: unknown revision 'nosuchrev' in {ROOT}"
    )
    assert one_line(
        capsys, "--root", str(ROOT), "diff", "--base", "nosuchrev", "specs/nicejob.yaml"
    ) == (f"apigen diff: unknown revision 'nosuchrev' in {ROOT}")
    assert one_line(capsys, "--root", str(tmp_path), "diff", "--base", "HEAD") == (
        f"apigen diff: {tmp_path} is not in a git repository: --base needs one"
    )
    [line] = spec_errors(capsys, "diff", str(tmp_path / "old.yaml"), "specs/nicejob.yaml")
    assert line.endswith("old.yaml:1:1: cannot read: No such file or directory")
    spec = str(ROOT / "specs" / "timetap.yaml")
    changelog = tmp_path / "no" / "such" / "CHANGES.md"
    line = one_line(capsys, "diff", spec, spec, "--changelog", str(changelog))
    assert line == f"apigen diff: {changelog}: No such file or directory"


def test_diff_with_an_unknown_revision_from_the_shell() -> None:
    """What a CI job sees: one line and exit code 2 (1 would read as a breaking change)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "--base", "nosuchrev"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"apigen diff: unknown revision 'nosuchrev' in {ROOT}\n"


def test_facts(
    tmp_path: Path,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = ["--root", str(project)]
    assert one_line(capsys, *root, "facts", "nosuch").startswith(
        f"apigen facts: no spec {project / 'specs' / 'nosuch.yaml'} (known: campaign_jobs,"
    )
    monkeypatch.delenv("APIGEN_DOCS", raising=False)
    assert one_line(capsys, *root, "facts", "nicereply") == (
        f"apigen facts: {project.parent / 'shared' / 'docs' / 'nicereply-v1.txt'} not found:"
        " set APIGEN_DOCS to the vendor documents folder (default ../shared/docs) or give"
        " --document PATH"
    )
    absent = tmp_path / "absent.txt"
    assert one_line(capsys, *root, "facts", "nicereply", "--document", str(absent)) == (
        f"apigen facts: {absent}: cannot read the document: No such file or directory"
    )
    latin = tmp_path / "latin.txt"
    latin.write_bytes("caf\xe9\n".encode("latin-1"))
    assert one_line(capsys, *root, "facts", "nicereply", "--document", str(latin)) == (
        f"apigen facts: {latin}: not UTF-8 text (byte 3)"
    )
    other = tmp_path / "other.txt"
    other.write_text("Campaign jobs\nGET /j/jobs\n", encoding="utf-8")
    assert one_line(capsys, *root, "facts", "nicejob", "--document", str(other)) == (
        f"apigen facts: {other}: no endpoint found; is it the nicejob document?"
    )


def test_audit(tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ["--root", str(project)]
    assert one_line(capsys, *root, "audit", "nosuch").startswith("apigen audit: no spec ")
    sheet = project / "specs" / "facts" / "timetap.json"
    sheet.write_text('{"api": "timetap", "facts": [', encoding="utf-8")
    assert one_line(capsys, *root, "audit", "timetap").startswith(
        f"apigen audit: {sheet}: not a fact sheet ("
    )
    sheet.write_text('{"api": "timetap", "facts": []}', encoding="utf-8")
    assert one_line(capsys, *root, "audit", "timetap") == (
        f"apigen audit: {sheet}: not a fact sheet (no 'document' key)"
    )
    sheet.unlink()
    assert one_line(capsys, *root, "audit", "timetap") == (
        f"apigen audit: {sheet} missing: run `apigen facts timetap`"
    )
    absent = tmp_path / "absent.txt"
    assert one_line(capsys, *root, "audit", "nicejob", "--document", str(absent)) == (
        f"apigen audit: {absent}: cannot read the document: No such file or directory"
    )
    spec = project / "specs" / "nicejob.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("api:", "apx:", 1), encoding="utf-8")
    lines = spec_errors(capsys, *root, "audit", "nicejob")
    assert len(lines) == len(set(lines)) >= 1
    assert all(line.startswith("specs/nicejob.yaml:") for line in lines), lines
