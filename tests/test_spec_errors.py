"""The corpus of broken specs: each is reported with file, line, column and key, exits 2, and
leaves the output tree byte-identical."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.render.writer import read_tree
from generator.spec.loader import MAX_SPEC_BYTES

CORPUS = Path(__file__).parent / "spec_errors"
EXPECTED: dict[str, list[str]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)
CASES = sorted(p for p in CORPUS.glob("*.yaml") if p.name != "expected.yaml")


def test_every_case_has_an_expectation() -> None:
    assert len(CASES) >= 40
    assert sorted(p.stem for p in CASES) == sorted(EXPECTED)


def _generate(
    spec: Path, root: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    specs = root / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    shutil.copy(spec, specs / spec.name)
    code = main(["--root", str(root), "--out", str(out), "generate"])
    lines = capsys.readouterr().err.splitlines()
    return code, [line.replace(f"specs/{spec.name}", "{file}") for line in lines]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_broken_spec_is_reported_and_changes_nothing(
    case: Path, golden_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_tree(golden_tree)
    code, lines = _generate(case, tmp_path, golden_tree, capsys)
    assert code == 2
    assert lines[:-1] == EXPECTED[case.stem]
    assert lines[-1].endswith("nothing was written")
    assert read_tree(golden_tree) == before


def test_enormous_spec_is_refused(
    golden_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.yaml"
    huge.write_text("api:\n  description: " + "x" * MAX_SPEC_BYTES + "\n", encoding="utf-8")
    before = read_tree(golden_tree)
    code, lines = _generate(huge, tmp_path / "root", golden_tree, capsys)
    assert code == 2
    assert lines[0] == f"{{file}}:1:1: file is larger than {MAX_SPEC_BYTES} bytes"
    assert read_tree(golden_tree) == before


def test_errors_of_several_specs_are_reported_together(
    golden_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("unknown_api_key", "undefined_type_with_hint"):
        shutil.copy(CORPUS / f"{name}.yaml", specs / f"{name}.yaml")
    code = main(["--root", str(tmp_path), "--out", str(golden_tree), "generate"])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown key 'titel' (did you mean 'title'?)" in err
    assert "undefined type 'Itme' (did you mean 'Item'?)" in err
    assert err.rstrip().endswith("apigen: 2 errors; nothing was written")
