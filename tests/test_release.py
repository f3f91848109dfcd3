"""`apigen --root R release` on a temporary git repository with two APIs, `shop` and `depot`:
each distribution bumped on its own as `apigen diff` suggests for its spec since its last tag,
its changelog written, the output regenerated, one commit, a tag each; the user's mistakes
refused with one line and exit code 2, before anything is written.

The generator is this checkout's: the release may change nothing outside R.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .test_diff import BASE

# The tests share one repository and release in turn: one worker runs them, in order.
pytestmark = pytest.mark.xdist_group("release")

ROOT = Path(__file__).resolve().parents[1]
DATE = "2026-11-28"
DEPOT = BASE.replace("name: shop", "name: depot").replace("client: Shop", "client: Depot")
FIELD_ADDED = (
    '      tags: {type: "list[string]", optional: true}\n',
    '      tags: {type: "list[string]", optional: true}\n'
    "      weight: {type: number, optional: true}\n",
)


def git(repo: Path, *command: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *command],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def apigen(repo: Path, *command: str) -> subprocess.CompletedProcess[str]:
    identity = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(repo), *command],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(repo), **identity},
        capture_output=True,
        text=True,
        check=False,
    )


def release(repo: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return apigen(repo, "release", "--date", DATE, *arguments)


def refused(result: subprocess.CompletedProcess[str], reason: str) -> None:
    """Exit code 2 and one line naming the reason; no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("apigen release: ") and reason in result.stderr, result.stderr


def version(repo: Path, key: str) -> str:
    text = (repo / "generated" / key / "pyproject.toml").read_text()
    match = re.search(r'^version = "([^"]+)"$', text, re.M)
    assert match
    return match.group(1)


def commit_spec(repo: Path, name: str, old: str, new: str) -> None:
    spec = repo / "specs" / f"{name}.yaml"
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new, 1))
    git(repo, "commit", "-qam", f"{name}: {new.strip()[:30]}")


def checkout_digest() -> str:
    """This checkout's generator, templates and project files, which no release may touch."""
    digest = hashlib.sha256()
    for folder in ("generator", "templates", "specs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("release")
    (repo / "specs" / "changelogs").mkdir(parents=True)
    (repo / "specs/shop.yaml").write_text(BASE)
    (repo / "specs/depot.yaml").write_text(DEPOT)
    for key, first in (("shop", "1.4.2"), ("depot", "0.2.0"), ("core", "0.3.0")):
        (repo / f"specs/changelogs/{key}.md").write_text(f"# Changelog\n\n## {first}\n\nFirst.\n")
    (repo / ".gitignore").write_text(".apigen-cache/\n")
    assert apigen(repo, "schema").returncode == 0
    assert apigen(repo, "generate").returncode == 0
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first releases")
    for tag in ("shop-v1.4.2", "depot-v0.2.0", "core-v0.3.0"):
        git(repo, "tag", tag)
    return repo


def test_each_distribution_is_released_on_its_own(repo: Path) -> None:
    before = checkout_digest()

    result = release(repo)  # nothing changed since the last tags
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("nothing to release") == 2

    commit_spec(repo, "shop", *FIELD_ADDED)  # compatible: minor, shop only
    result = release(repo)
    assert result.returncode == 0, result.stderr
    base = git(repo, "rev-parse", "shop-v1.4.2").strip()
    assert f"apiclients-shop 1.4.2 -> 1.5.0 (minor), since shop-v1.4.2 ({base[:12]})" in (
        result.stdout
    )
    assert "apiclients-depot: no spec changes since depot-v0.2.0" in result.stdout
    assert (version(repo, "shop"), version(repo, "depot"), version(repo, "core")) == (
        "1.5.0",
        "0.2.0",
        "0.3.0",
    )
    assert (
        '__version__ = "1.5.0"' in (repo / "generated/shop/apiclients/shop/_version.py").read_text()
    )
    log = (repo / "specs/changelogs/shop.md").read_text()
    assert log.startswith("# Changelog\n\n## 1.5.0 (2026-11-28)\n\n")
    assert f"Spec changes since `shop-v1.4.2` (commit {base}), minor version bump." in log
    assert "#### Added and changed\n- `shop`: " in log and "weight" in log
    assert log.index("## 1.5.0") < log.index("## 1.4.2")
    assert (repo / "generated/shop/CHANGELOG.md").read_text() == log
    # One commit holding the release, tagged; the working tree is clean.
    assert git(repo, "log", "-1", "--format=%s") == "Release apiclients-shop 1.5.0\n"
    assert git(repo, "rev-parse", "shop-v1.5.0^{commit}") == git(repo, "rev-parse", "HEAD")
    assert git(repo, "status", "--porcelain") == ""

    # A second release against the same base is refused; the next one starts at the new tag.
    refused(release(repo, "shop", "--base", "shop-v1.4.2"), "released since then")
    assert "nothing to release" in release(repo, "shop").stdout

    # Breaking in depot: depot's major alone.
    spec = (repo / "specs/depot.yaml").read_text()
    (repo / "specs/depot.yaml").write_text(spec[: spec.index("      create:")])
    git(repo, "commit", "-qam", "depot: create removed")
    result = release(repo)
    assert result.returncode == 0, result.stderr
    assert (version(repo, "shop"), version(repo, "depot")) == ("1.5.0", "1.0.0")
    assert "#### Breaking\n- `depot`: " in (repo / "specs/changelogs/depot.md").read_text()
    assert apigen(repo, "check").returncode == 0  # the output is what generation gives
    assert checkout_digest() == before, "the release changed files outside its --root"


def test_the_core_is_released_with_the_bump_given(repo: Path) -> None:
    refused(release(repo, "core"), "--bump")
    result = release(repo, "core", "--bump", "minor")
    assert result.returncode == 0, result.stderr
    assert version(repo, "core") == "0.4.0"
    # Each API now asks for the core it was generated with.
    assert '"apiclients-core>=0.4.0,<0.5"' in (repo / "generated/shop/pyproject.toml").read_text()
    assert git(repo, "tag", "--list", "core-v*").split() == ["core-v0.3.0", "core-v0.4.0"]
    log = (repo / "specs/changelogs/core.md").read_text()
    assert "## 0.4.0 (2026-11-28)\n\nChanges of the runtime since `core-v0.3.0`" in log


def test_mistakes_are_refused_before_anything_is_written(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    refused(release(repo, "--base", "nosuchrev"), "'nosuchrev' is no commit")
    refused(release(repo, "warehouse"), "no distribution warehouse")
    (repo / "specs/shop.yaml").write_text((repo / "specs/shop.yaml").read_text() + "\n")
    refused(release(repo), "specs/shop.yaml has uncommitted changes")
    git(repo, "checkout", "--", "specs/shop.yaml")
    refused(
        release(repo, "depot", "--base", "depot-v0.2.0"), "1.0.0 here but 0.2.0 at depot-v0.2.0"
    )
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""
    git(repo, "tag", "shop-v1.6.0")
    commit_spec(repo, "shop", "description: An item.", "description: An item for sale.")
    head = git(repo, "rev-parse", "HEAD")
    refused(release(repo, "shop", "--base", "shop-v1.5.0", "--bump", "minor"), "shop-v1.6.0 exists")
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""


def test_a_first_release_needs_a_base(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "empty")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs/shop.yaml").write_text(BASE)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "spec")
    refused(release(tmp_path), "no release tag shop-v* before HEAD: give the revision")
    # Unreleased (no changelog) is 0.0.0; the API added since the base is a minor bump.
    result = release(tmp_path, "--base", "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert "apiclients-shop 0.0.0 -> 0.1.0 (minor)" in result.stdout
    assert version(tmp_path, "shop") == "0.1.0" and version(tmp_path, "core") == "0.0.0"
    assert git(tmp_path, "tag", "--list") == "shop-v0.1.0\n"
