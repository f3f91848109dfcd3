"""`apigen release --base REV` on a temporary git repository: the bump `apigen diff` suggests
applied to the one version file, a changelog entry prepended, and the output regenerated.

The repository holds a copy of the generator and templates, so the release writes the copy's
version file and never this checkout's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.runtime import VERSION_FILE, package_version

from .test_diff import BASE

ROOT = Path(__file__).resolve().parents[1]


def git(repo: Path, *command: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *command],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def apigen(repo: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(repo)}  # the copy of the generator, not this one
    return subprocess.run(
        [sys.executable, "-m", "generator", *command],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def version_in(repo: Path) -> str:
    match = re.search(
        r'^__version__ = "([^"]+)"$',
        (repo / "templates/runtime/apiclients/_version.py").read_text(),
        re.M,
    )
    assert match
    return match.group(1)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("release")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "generator", repo / "generator", ignore=ignore)
    shutil.copytree(ROOT / "templates", repo / "templates", ignore=ignore)
    (repo / "templates/runtime/apiclients/_version.py").write_text(
        '"""The version of the distribution."""\n\n__version__ = "1.4.2"\n'
    )
    (repo / "specs").mkdir()
    (repo / "specs/shop.yaml").write_text(BASE)
    (repo / ".gitignore").write_text(".apigen-cache/\n__pycache__/\n")
    assert apigen(repo, "schema").returncode == 0
    assert apigen(repo, "generate").returncode == 0
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "1.4.2")
    return repo


def release(repo: Path) -> subprocess.CompletedProcess[str]:
    before = VERSION_FILE.read_text()
    result = apigen(repo, "release", "--base", "HEAD", "--date", "2026-11-28")
    assert VERSION_FILE.read_text() == before, "the release wrote this checkout's version file"
    return result


def test_release_applies_each_suggested_bump_in_turn(repo: Path) -> None:
    spec = repo / "specs/shop.yaml"

    # Nothing changed: nothing is written.
    result = release(repo)
    assert result.returncode == 0, result.stderr
    assert "nothing to release" in result.stdout
    assert version_in(repo) == "1.4.2" and not (repo / "CHANGELOG.md").exists()

    # A response field added: compatible, minor.
    spec.write_text(
        BASE.replace(
            '      tags: {type: "list[string]", optional: true}\n',
            '      tags: {type: "list[string]", optional: true}\n'
            "      weight: {type: number, optional: true}\n",
            1,
        )
    )
    result = release(repo)
    assert result.returncode == 0, result.stderr
    assert "1.4.2 -> 1.5.0 (minor)" in result.stdout
    assert version_in(repo) == "1.5.0"
    assert 'version = "1.5.0"' in (repo / "generated/pyproject.toml").read_text()
    assert '__version__ = "1.5.0"' in (repo / "generated/apiclients/_version.py").read_text()
    assert "weight" in (repo / "generated/apiclients/shop/types.py").read_text()
    log = (repo / "CHANGELOG.md").read_text()
    assert log.startswith("# Changelog\n")
    assert "## 1.5.0 (2026-11-28)\n\nSpec changes since `HEAD` (minor version bump).\n" in log
    assert "#### Added and changed\n- `shop`: " in log and "weight" in log
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "1.5.0")

    # An operation removed: breaking, major; the new entry goes above the previous one.
    text = spec.read_text()
    spec.write_text(text[: text.index("      create:")])
    result = release(repo)
    assert result.returncode == 0, result.stderr
    assert version_in(repo) == "2.0.0"
    log = (repo / "CHANGELOG.md").read_text()
    assert log.index("## 2.0.0 (2026-11-28)") < log.index("## 1.5.0 (2026-11-28)")
    assert "#### Breaking\n- `shop`: " in log and log.count("# Changelog") == 1
    assert "def create" not in (repo / "generated/apiclients/shop/resources/items.py").read_text()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "2.0.0")

    # Only a description changed: documentation, patch.
    spec.write_text(
        spec.read_text().replace("description: An item.", "description: An item for sale.")
    )
    result = release(repo)
    assert result.returncode == 0, result.stderr
    assert version_in(repo) == "2.0.1"
    log = (repo / "CHANGELOG.md").read_text()
    assert log.index("## 2.0.1") < log.index("## 2.0.0") and "#### Documentation\n" in log
    # The output is what a plain regeneration gives.
    assert apigen(repo, "check").returncode == 0


def test_this_checkout_has_one_version() -> None:
    generated = (ROOT / "generated/pyproject.toml").read_text()
    assert f'version = "{package_version()}"' in generated
