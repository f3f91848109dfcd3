"""The generator as a whole: golden record, determinism, all-or-nothing writes, the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import Project, load_apis, render
from generator.render.render import RenderedFile
from generator.render.writer import read_tree, write_tree

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


def test_golden_record_is_current(golden_tree: Path) -> None:
    produced = read_tree(golden_tree)
    expected = read_tree(GOLDEN / "expected")
    stale = sorted(
        p for p in produced.keys() | expected.keys() if produced.get(p) != expected.get(p)
    )
    assert not stale, f"golden record differs in {stale}: run `make golden` and review the diff"


def test_golden_output_passes_its_own_generated_tests() -> None:
    env = {**os.environ, "PYTHONPATH": str(GOLDEN / "expected")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=GOLDEN / "expected",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    project = Project.at(ROOT)
    first = render(project, load_apis(project))
    # A second run with a cold format cache and fresh IR must give the same bytes.
    cold = Project(ROOT, ROOT / "specs", tmp_path / "out", tmp_path / "cache")
    second = render(cold, load_apis(cold))
    assert [(f.path, f.text) for f in first] == [(f.path, f.text) for f in second]


def test_generate_twice_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--root", str(ROOT), "--specs", str(GOLDEN / "specs"), "--out", str(tmp_path / "g")]
    assert main([*args, "generate"]) == 0
    first = read_tree(tmp_path / "g")
    assert main([*args, "generate"]) == 0
    assert read_tree(tmp_path / "g") == first
    assert capsys.readouterr().out.strip().endswith("up to date")


def test_a_failed_write_leaves_the_old_tree_whole(
    golden_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(ROOT, GOLDEN / "specs", golden_tree, tmp_path / "cache")
    files = render(project, load_apis(project))
    changed = [RenderedFile(f.path, f.text + "# changed\n") for f in files]
    before = read_tree(golden_tree)
    calls = 0
    real_write = Path.write_text

    def failing_write(self: Path, *args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError("disk full")
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing_write)
    with pytest.raises(OSError, match="disk full"):
        write_tree(changed, golden_tree)
    monkeypatch.undo()
    assert read_tree(golden_tree) == before
    leftovers = [p.name for p in golden_tree.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_write_keeps_caches_and_removes_stale_files(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    (root / ".mypy_cache").mkdir(parents=True)
    (root / ".mypy_cache" / "x").write_text("cache")
    (root / "stale.py").write_text("old")
    write_tree([RenderedFile("a/b.py", "x = 1\n")], root)
    assert read_tree(root) == {"a/b.py": b"x = 1\n"}
    assert (root / ".mypy_cache" / "x").read_text() == "cache"


def test_check_reports_a_stale_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--root", str(ROOT), "--specs", str(GOLDEN / "specs"), "--out", str(tmp_path / "g")]
    assert main([*args, "generate"]) == 0
    (tmp_path / "g" / "apiclients" / "petstore" / "types.py").write_text("edited by hand\n")
    assert main([*args, "check"]) == 1
    assert "apiclients/petstore/types.py" in capsys.readouterr().err


def test_python_dash_m_and_console_script_agree() -> None:
    for command in (
        [sys.executable, "-m", "generator", "--help"],
        [str(Path(sys.executable).parent / "apigen"), "--help"],
    ):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0 and "generate" in result.stdout


def test_adding_one_optional_field_changes_only_the_lines_about_it(
    golden_tree: Path, tmp_path: Path
) -> None:
    import difflib

    specs = tmp_path / "tests" / "golden" / "specs"  # the same display path as the golden spec
    specs.mkdir(parents=True)
    text = (GOLDEN / "specs" / "petstore.yaml").read_text(encoding="utf-8")
    anchor = "      mood: {type: string, enum: [happy, grumpy], optional: true}\n"
    assert anchor in text
    added = (
        "      nickname: {type: string, optional: true, description: What the owner calls it.}\n"
    )
    (specs / "petstore.yaml").write_text(text.replace(anchor, anchor + added), encoding="utf-8")
    out = tmp_path / "out"
    assert (
        main(["--root", str(tmp_path), "--specs", str(specs), "--out", str(out), "generate"]) == 0
    )
    before, after = read_tree(golden_tree), read_tree(out)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert changed == [
        "apiclients/petstore/testing.py",
        "apiclients/petstore/types.py",
        "openapi/petstore.json",
        "tests/cases/petstore.json",
    ]
    for path in changed:
        diff = list(
            difflib.unified_diff(
                before[path].decode().splitlines(), after[path].decode().splitlines(), n=0
            )
        )
        hunks = [line for line in diff if line.startswith("@@")]
        removed = [line for line in diff if line.startswith("-") and not line.startswith("---")]
        added_lines = [line for line in diff if line.startswith("+") and not line.startswith("+++")]
        # One block of new lines per place the field appears, nothing rewritten around it.
        if (
            path == "apiclients/petstore/testing.py"
        ):  # one more key in each sampled Pet the fake answers
            assert not removed, (path, removed)
            assert all(re.fullmatch(r"@@ -\d+,0 \+\d+ @@\n?", h) for h in hunks), hunks
        elif path == "tests/cases/petstore.json":  # one more key in each sampled Pet response
            # JSON has no trailing commas: the key before the new one gains one, nothing else changes.
            assert all(f"+{line[1:]}," in added_lines for line in removed), removed
            assert all(re.fullmatch(r"@@ -\d+(,[01])? \+\d+(,\d+)? @@\n?", h) for h in hunks), hunks
        else:
            assert not removed, (path, removed)
            assert len(hunks) == 1, (path, hunks)
        assert any("nickname" in line for line in added_lines), path
    types = "apiclients/petstore/types.py"
    types_added = [
        line
        for line in difflib.unified_diff(
            before[types].decode().splitlines(), after[types].decode().splitlines(), n=0
        )
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert types_added == [
        "+    nickname: str | None = None",
        '+    """What the owner calls it."""',
        "+",
    ]


def test_generate_undoes_a_hand_edit_even_when_the_inputs_are_unchanged(tmp_path: Path) -> None:
    args = ["--root", str(tmp_path), "--specs", str(GOLDEN / "specs"), "--out", str(tmp_path / "g")]
    assert main([*args, "generate"]) == 0
    target = tmp_path / "g" / "apiclients" / "petstore" / "types.py"
    original = target.read_bytes()
    target.write_text("edited by hand\n")
    assert main([*args, "generate"]) == 0  # the stamp sees the tree changed, so it regenerates
    assert target.read_bytes() == original
