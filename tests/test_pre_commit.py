"""The pre-commit hooks, run through pre-commit itself: this repository's own configuration
(`repo: local`), and the hooks it offers other projects (`.pre-commit-hooks.yaml`, tried from
this clone as a local path repository: no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PETSTORE = ROOT / "tests" / "golden" / "specs" / "petstore.yaml"


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(
        [str(BIN / "pre-commit"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True)


def test_this_repositorys_hooks_pass_on_its_own_files(tmp_path: Path) -> None:
    result = pre_commit(ROOT, tmp_path, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line.split(".")[0] for line in result.stdout.splitlines()] == [
        "apigen validate",
        "apigen check",
    ]
    assert all(line.endswith("Passed") for line in result.stdout.splitlines())


def test_the_offered_hooks_refuse_a_broken_spec_and_a_stale_tree(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    shutil.copy(PETSTORE, project / "specs")
    shutil.copy(ROOT / "tests" / "spec_errors" / "duplicate_key.yaml", project / "specs" / "x.yaml")
    git(project, "init", "-q")
    git(project, "add", "-A")
    home = tmp_path / "pre-commit-home"

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        return pre_commit(project, home, "try-repo", str(ROOT), name, "--all-files")

    refused = hook("apigen-validate")
    assert refused.returncode == 1
    assert "specs/x.yaml:14:7: types.Item.fields: duplicate key 'id'" in refused.stdout

    (project / "specs" / "x.yaml").unlink()
    git(project, "add", "-A")
    assert hook("apigen-validate").returncode == 0
    stale = hook("apigen-check")
    assert stale.returncode == 1 and "stale against specs/" in stale.stdout

    for command in ("schema", "generate"):
        subprocess.run([str(BIN / "apigen"), command], cwd=project, check=True, capture_output=True)
    git(project, "add", "-A")
    current = hook("apigen-check")
    assert current.returncode == 0, current.stdout
