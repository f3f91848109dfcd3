"""The distributions of the output tree: `apiclients-core` (the runtime) and one per API.

Each has a key (`core`, or the API's name) naming its folder in the output tree, its changelog
and its release tags. The project keeps the version and history of each in one place, its
changelog `<specs>/changelogs/<key>.md`: the newest entry's heading (`## 1.2.0 (2026-11-28)`)
is the version, and `apigen release` writes nothing else there. A distribution without a
changelog, or without an entry, has not been released: its version is 0.0.0.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

CORE = "core"
# Folders of the output tree beside the distributions', and modules of the core: no API may
# take their names.
RESERVED = frozenset({CORE, "errors", "openapi", "tests"})
UNRELEASED = "0.0.0"
LEVELS = ("major", "minor", "patch")

_ENTRY = re.compile(r"^## (\d+\.\d+\.\d+)\b", re.MULTILINE)


class ReleaseError(Exception):
    """A changelog or version apigen cannot read or change: one line for the user."""


class Distribution(NamedTuple):
    """A named tuple rather than a dataclass: `apigen generate` imports this module before its
    no-op check, and the dataclass machinery (inspect, ast) is a tenth of that run."""

    key: str

    @property
    def name(self) -> str:
        """The distribution's name as pip knows it: `apiclients-core`, `apiclients-nicejob`."""
        return "apiclients-" + self.key.replace("_", "-")

    @property
    def tag_prefix(self) -> str:
        """Its release tags are this prefix and the version: `nicejob-v1.2.0`."""
        return f"{self.key}-v"

    def tag(self, version: str) -> str:
        return self.tag_prefix + version

    def changelog(self, folder: Path) -> Path:
        return folder / f"{self.key}.md"


def import_paths(out: Path) -> list[Path]:
    """The folders to put on `sys.path` to import every distribution of the output tree `out`
    from where it was generated (`apiclients` is a namespace package spread over them)."""
    return sorted(path.parent for path in out.glob("*/pyproject.toml"))


def version_of(changelog: str | None) -> str:
    """The version a changelog's newest entry names; 0.0.0 when it has none."""
    match = _ENTRY.search(changelog or "")
    return match.group(1) if match else UNRELEASED


def bumped(version: str, level: str) -> str:
    """`version` after a major, minor or patch bump (semantic versioning)."""
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if match is None:
        raise ReleaseError(f"the version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in match.groups())
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def compatible_range(version: str) -> str:
    """The versions of the core an API distribution generated beside `version` of it accepts:
    that version or a later one of the same major (of the same minor before 1.0, where a minor
    may break)."""
    major, minor, _ = (int(part) for part in version.split("."))
    below = f"{major + 1}" if major else f"0.{minor + 1}"
    return f">={version},<{below}"


def with_entry(changelog: str | None, distribution: Distribution, entry: str) -> str:
    """The changelog with `entry` (from its `## ` heading on) above the newest one."""
    title = (
        f"# Changelog of {distribution.name}\n\n"
        "Newest first; `apigen release` adds each entry, and the newest heading is the version.\n"
    )
    text = changelog if changelog else title
    head, marker, rest = text.partition("\n## ")
    return f"{head.rstrip()}\n\n{entry.rstrip()}\n" + (f"\n## {rest}" if marker else "")
