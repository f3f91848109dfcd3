"""Distributions: names, versions read from changelogs, the core range an API asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.distributions import (
    Distribution,
    ReleaseError,
    bumped,
    compatible_range,
    import_paths,
    version_of,
    with_entry,
)


def test_names_and_tags() -> None:
    jobs = Distribution("campaign_jobs")
    assert (jobs.name, jobs.tag("1.2.0")) == ("apiclients-campaign-jobs", "campaign_jobs-v1.2.0")
    assert Distribution("core").changelog(Path("specs/changelogs")) == Path(
        "specs/changelogs/core.md"
    )


def test_the_version_is_the_newest_entry() -> None:
    assert version_of(None) == version_of("# Changelog\n\nNothing yet.\n") == "0.0.0"
    text = "# Changelog\n\n## 1.10.0 (2026-11-28)\n\nNew.\n\n## 1.9.3\n\nOld.\n"
    assert version_of(text) == "1.10.0"
    added = with_entry(text, Distribution("nimble"), "## 2.0.0 (2026-12-01)\n\nBroke.\n")
    assert version_of(added) == "2.0.0" and added.index("## 2.0.0") < added.index("## 1.10.0")
    first = with_entry(None, Distribution("nimble"), "## 0.1.0\n\nFirst.\n")
    assert first.startswith("# Changelog of apiclients-nimble\n") and version_of(first) == "0.1.0"


def test_bumps_and_the_core_range() -> None:
    assert [bumped("1.4.2", level) for level in ("major", "minor", "patch")] == [
        "2.0.0",
        "1.5.0",
        "1.4.3",
    ]
    with pytest.raises(ReleaseError, match=r"not MAJOR\.MINOR\.PATCH"):
        bumped("1.4", "minor")
    assert compatible_range("1.4.2") == ">=1.4.2,<2"
    assert compatible_range("0.3.1") == ">=0.3.1,<0.4"  # before 1.0 a minor may break


def test_import_paths_are_the_distribution_folders(tmp_path: Path) -> None:
    for folder in ("core", "nimble", "openapi", "tests"):
        (tmp_path / folder).mkdir()
    for folder in ("core", "nimble"):
        (tmp_path / folder / "pyproject.toml").write_text("")
    assert import_paths(tmp_path) == [tmp_path / "core", tmp_path / "nimble"]
