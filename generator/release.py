"""`apigen release`: bump the distributions whose specs changed, one release commit, one tag each.

A release of a distribution is decided against a base, the revision of its last release: its
last tag (`nicejob-v1.2.0`) unless `--base` names one. An API's bump is the one `apigen diff`
suggests for its spec since the base (`--bump` may raise it); the core's is given with `--bump`,
since no spec describes the runtime. The release writes the entry on top of the distribution's
changelog (its version, generator/distributions.py), regenerates the output tree, commits those
files alone and tags the commit. Everything is checked before anything is written: a base that
is no revision, uncommitted spec changes, a distribution already bumped since its base (a
second release against the same base), a tag that exists.
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .distributions import CORE, LEVELS, Distribution, ReleaseError, bumped, version_of, with_entry

if TYPE_CHECKING:
    from .diff import Change
    from .pipeline import Project


@dataclass(frozen=True)
class Plan:
    """One distribution's release: from which base, to which version, with which entry."""

    dist: Distribution
    base: str  # as the user or the last tag names it
    commit: str  # what it resolved to
    old: str
    new: str
    level: str
    entry: str


def release(project: Project, args: argparse.Namespace) -> list[Plan]:
    """Plan every release asked for and, unless none is due, write and commit them all."""
    specs = _spec_names(project)
    keys = args.distributions or sorted(specs)
    unknown = [key for key in keys if key != CORE and key not in specs]
    if unknown:
        known = ", ".join([CORE, *sorted(specs)])
        raise ReleaseError(f"no distribution {', '.join(unknown)} (there are: {known})")
    if CORE in keys and args.bump is None:
        raise ReleaseError(
            "the core's bump is not derived from a spec: say it with --bump major|minor|patch"
        )
    _refuse_uncommitted(project)
    when = args.date or datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    plans = []
    for key in keys:
        plan = _plan(project, Distribution(key), specs.get(key), args, when)
        if plan is not None:
            plans.append(plan)
    for plan in plans:
        path = plan.dist.changelog(project.changelogs)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(with_entry(project.changelog(plan.dist.key), plan.dist, plan.entry))
    return plans


def _plan(
    project: Project, dist: Distribution, spec: Path | None, args: argparse.Namespace, when: str
) -> Plan | None:
    base = args.base or _last_tag(project.root, dist)
    commit = _resolve(project.root, base)
    old = version_of(project.changelog(dist.key))
    changelog = project.display(dist.changelog(project.changelogs))
    then = version_of(_show(project.root, commit, changelog))
    if then != old:
        raise ReleaseError(
            f"{dist.name} is {old} here but {then} at {base}: it was released since then; "
            f"commit and tag that release, or give the base of the next one"
        )
    changes = _spec_changes(project, spec, commit) if spec is not None else []
    level = _level(changes, args.bump)
    if level == "none":
        print(f"{dist.name}: no spec changes since {base} ({commit[:12]}): nothing to release")
        return None
    new = bumped(old, level)
    if _git(project.root, "tag", "--list", dist.tag(new)).strip():
        raise ReleaseError(f"the tag {dist.tag(new)} exists already")
    what = "Spec changes" if spec is not None else "Changes of the runtime"
    entry = f"## {new} ({when})\n\n{what} since `{base}` (commit {commit}), {level} version bump.\n"
    details = _details(project, dist, changes, commit)
    return Plan(dist, base, commit, old, new, level, entry + (f"\n{details}" if details else ""))


def _level(changes: list[Change], floor: str | None) -> str:
    """The bump the spec changes call for, raised to `floor` when one is given."""
    from .diff import bump

    suggested = bump(changes)
    if floor is None:
        return suggested
    order = [*LEVELS, "none"]
    return min(suggested, floor, key=order.index)


def _details(project: Project, dist: Distribution, changes: list[Change], commit: str) -> str:
    """The entry's body: the classified spec changes, else the commits that changed the
    distribution's generated files since the base."""
    if changes:
        from .diff import changelog

        return changelog(changes)
    if not project.out.resolve().is_relative_to(project.root.resolve()):
        return ""
    folder = project.display(project.out / dist.key)
    log = _git(project.root, "log", "--format=- %s (%h)", f"{commit}..HEAD", "--", folder)
    return f"#### Commits\n{log}" if log.strip() else ""


def commit_and_tag(project: Project, plans: list[Plan]) -> str:
    """Commit the changelogs and the output tree as they now are, and tag the commit once per
    distribution released; returns the commit's hash."""
    paths = [project.display(plan.dist.changelog(project.changelogs)) for plan in plans]
    if project.out.resolve().is_relative_to(project.root.resolve()):
        paths.append(project.display(project.out))
    _git(project.root, "add", "--all", "--", *paths)
    names = ", ".join(f"{plan.dist.name} {plan.new}" for plan in plans)
    _git(project.root, "commit", "--quiet", "--message", f"Release {names}", "--", *paths)
    for plan in plans:
        message = f"{plan.dist.name} {plan.new}"
        _git(project.root, "tag", "--annotate", "--message", message, plan.dist.tag(plan.new))
    return _git(project.root, "rev-parse", "HEAD").strip()


def _spec_names(project: Project) -> dict[str, Path]:
    """Each spec file of the project by the name of its API."""
    from .spec.loader import load_spec

    return {
        load_spec(path, project.display(path)).spec.api.name: path for path in project.spec_files()
    }


def _spec_changes(project: Project, spec: Path, commit: str) -> list[Change]:
    from .cli import _changes

    return _changes(argparse.Namespace(base=commit, files=[str(spec)]), project)


def _refuse_uncommitted(project: Project) -> None:
    status = _git(project.root, "status", "--porcelain", "--", project.display(project.specs))
    if status.strip():
        first = status.splitlines()[0][3:]
        raise ReleaseError(
            f"{first} has uncommitted changes: a release tags a commit, so commit the specs first"
        )


def _last_tag(root: Path, dist: Distribution) -> str:
    try:
        return _git(
            root, "describe", "--tags", "--abbrev=0", "--match", f"{dist.tag_prefix}*", "HEAD"
        ).strip()
    except ReleaseError:
        raise ReleaseError(
            f"no release tag {dist.tag_prefix}* before HEAD: give the revision of "
            f"{dist.name}'s last release with --base REV"
        ) from None


def _resolve(root: Path, revision: str) -> str:
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except ReleaseError:
        raise ReleaseError(f"{revision!r} is no commit of the repository at {root}") from None


def _show(root: Path, commit: str, path: str) -> str | None:
    """A file's text at a commit, or None when it had no such file."""
    try:
        return _git(root, "show", f"{commit}:./{path}")
    except ReleaseError:
        return None


def _git(root: Path, *command: str) -> str:
    try:
        result = subprocess.run(
            ["git", *command], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise ReleaseError(f"cannot run git: {exc.strerror}") from None
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise ReleaseError(f"git {command[0]}: {lines[-1] if lines else 'failed'}")
    return result.stdout
