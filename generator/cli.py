"""`apigen`: generate clients from specs, check they are current, export the spec schema."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .distributions import LEVELS, ReleaseError
from .spec.errors import SpecErrors
from .stamp import Stamp, inputs_fingerprint

if TYPE_CHECKING:
    from .diff import Change
    from .diff_report import SpecSide
    from .pipeline import Project

SCHEMA_PATH = Path("schema/apigen-spec.schema.json")
# generator.audit.sources.DOCS_ENV, named here for the audit commands' help: importing the audit
# package would be most of a no-op run (tests/test_cli_imports.py checks that the two agree).
DOCS_ENV = "APIGEN_DOCS"
# Exit codes: 1 is a finding (a breaking change, unexplained facts, a stale tree); 2 is input the
# command could not use (a broken spec, a missing file, an unknown revision, a bad argument).
EXIT_SPEC_ERROR = 2
EXIT_USER_ERROR = 2


class UserError(Exception):
    """Input a command cannot use: `main` prints it as one line and exits 2."""


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USER_ERROR, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def spec_schema() -> str:
    import json

    from .spec.model import Spec

    schema = Spec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "apigen API spec"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def _project(args: argparse.Namespace) -> Project:
    from .pipeline import Project

    root = Path(args.root).resolve()
    return Project.at(
        root,
        Path(args.specs).resolve() if args.specs else None,
        Path(args.out).resolve() if args.out else None,
    )


def cmd_generate(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    specs_dir = Path(args.specs).resolve() if args.specs else root / "specs"
    out = Path(args.out).resolve() if args.out else root / "generated"
    stamp = Stamp(root / ".apigen-cache")
    # The changelogs hold the distributions' versions (generator/distributions.py).
    inputs = inputs_fingerprint(
        [*sorted(specs_dir.glob("*.yaml")), *sorted(specs_dir.glob("changelogs/*.md"))], out
    )
    if stamp.current(inputs, out) and not args.format:
        print(f"{_display(root, out)}: up to date")
        return 0
    from .collector import tuned_for_generation
    from .pipeline import load, render
    from .render.writer import write_tree

    project = _project(args)
    with tuned_for_generation():
        files = render(project, load(project), with_black=args.format)
        changed = write_tree(files, project.out)
    stamp.record(inputs, project.out)
    where = project.display(project.out)
    print(f"{where}: {len(changed)} file(s) changed" if changed else f"{where}: up to date")
    return 0


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def cmd_check(args: argparse.Namespace) -> int:
    from .collector import tuned_for_generation
    from .pipeline import load, render
    from .render.writer import differences

    project = _project(args)
    with tuned_for_generation():
        files = render(project, load(project))
        stale = differences(files, project.out)
    schema_file = project.root / SCHEMA_PATH
    if not schema_file.is_file() or schema_file.read_text(encoding="utf-8") != spec_schema():
        stale.append(SCHEMA_PATH.as_posix() + " (run `apigen schema`)")
    if stale:
        print("stale against specs/ (run `make generate`):", file=sys.stderr)
        for path in stale:
            print(f"  {path}", file=sys.stderr)
        return 1
    print("generated/ is up to date")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .pipeline import load_apis

    project = _project(args)
    apis = load_apis(project, [Path(p) for p in args.files] or None)
    for api in apis:
        print(f"{api.spec_file}: ok ({len(api.operations)} operations)")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    project = _project(args)
    target = project.root / SCHEMA_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    text = spec_schema()
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
    return 0


def _load_for_diff(path: Path, display: str) -> SpecSide:
    from .diff_report import SpecSide
    from .resolved.build import resolve_file

    return SpecSide(resolve_file(path, display), display)


def _load_older(text: str, path: str, revision: str) -> SpecSide:
    """A spec from an earlier revision, read with the language's retired spellings upgraded."""
    from .diff_report import SpecSide
    from .resolved.build import resolve
    from .spec.loader import parse_spec
    from .spec.upgrade import upgrade

    api = resolve(parse_spec(text, f"{revision}:{path}", upgrade=upgrade))
    return SpecSide(api, path, revision)


SpecPair = tuple[str, "SpecSide | None", "SpecSide | None"]


def _spec_pairs(args: argparse.Namespace, project: Project) -> list[SpecPair]:
    """(name, old side, new side) for each spec compared; None where a side has no such spec."""
    if args.base is None:
        if len(args.files) != 2:
            raise UserError("give OLD.yaml NEW.yaml, or --base REV [SPEC...]")
        old_path, new_path = (Path(f) for f in args.files)
        return [
            (
                new_path.stem,
                _load_for_diff(old_path, str(old_path)),
                _load_for_diff(new_path, str(new_path)),
            )
        ]
    _revision(project.root, args.base)
    paths = [Path(f).resolve() for f in args.files] or project.spec_files()
    if not args.files:
        listing = _git(
            project.root, "ls-tree", "--name-only", args.base, f"{project.display(project.specs)}/"
        )
        paths += [project.root / line for line in listing.splitlines() if line.endswith(".yaml")]
    pairs: list[SpecPair] = []
    for path in sorted(set(paths)):
        display = project.display(path)
        new = _load_for_diff(path, display) if path.is_file() else None
        old: SpecSide | None = None
        try:
            text = _git(project.root, "show", f"{args.base}:{display}")
        except GitFailed:
            pass
        else:
            old = _load_older(text, display, args.base)
        pairs.append((path.stem, old, new))
    return pairs


class GitFailed(Exception):
    """A git command exited with an error (an unknown revision, a file not in it)."""


def _git(root: Path, *command: str) -> str:
    # Imported here: only the commands comparing with a revision run git, and subprocess is a
    # tenth of a no-op `apigen generate`'s imports.
    import subprocess

    try:
        return subprocess.run(
            ["git", *command], cwd=root, check=True, capture_output=True, text=True
        ).stdout
    except FileNotFoundError:
        raise UserError("git is not installed: comparing with a revision needs it") from None
    except subprocess.CalledProcessError as failed:
        raise GitFailed(failed.stderr) from None


def _revision(root: Path, rev: str) -> str:
    """The commit `rev` names in the repository at `root`; a UserError when there is none."""
    try:
        _git(root, "rev-parse", "--git-dir")
    except GitFailed:
        raise UserError(f"{root} is not in a git repository: --base needs one") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except GitFailed:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
        hint = f" (a shallow clone: `git fetch --unshallow`, or fetch {rev})" if shallow else ""
        raise UserError(f"unknown revision {rev!r} in {root}{hint}") from None


def _changes_of(pairs: list[SpecPair]) -> list[Change]:
    from .diff import Change, diff_specs

    changes: list[Change] = []
    for name, old, new in pairs:
        if old is None and new is not None:
            changes.append(
                Change(new.api.name, "api", "api-added", "compatible", f"API {name} added")
            )
        elif new is None and old is not None:
            changes.append(
                Change(old.api.name, "api", "api-removed", "breaking", f"API {name} removed")
            )
        elif old is not None and new is not None:
            changes.extend(diff_specs(old.api, new.api))
    return changes


def _changes(args: argparse.Namespace, project: Project) -> list[Change]:
    return _changes_of(_spec_pairs(args, project))


def _commits(args: argparse.Namespace, project: Project) -> dict[str | None, str]:
    """The commits a link may name: the base revision's, and HEAD's for the working files
    (when the working specs are HEAD's, as in CI)."""
    if args.base is None or not args.link_base:
        return {}
    commits: dict[str | None, str] = {args.base: _revision(project.root, args.base)}
    try:
        _git(project.root, "diff", "--quiet", "HEAD", "--", project.display(project.specs))
    except GitFailed:
        return commits  # uncommitted spec edits: their lines are in no commit
    commits[None] = _revision(project.root, "HEAD")
    return commits


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff_report import as_json, as_markdown, as_text, changelog, review_rows

    project = _project(args)
    pairs = _spec_pairs(args, project)
    changes = _changes_of(pairs)
    sides = {}
    for _, old, new in pairs:
        present = new or old
        if present is not None:
            sides[present.api.name] = (old, new)
    rows = review_rows(changes, sides)
    if args.format == "markdown":
        report = as_markdown(rows, args.link_base, _commits(args, project))
    else:
        report = (as_json if args.format == "json" else as_text)(rows)
    sys.stdout.write(report)
    if args.changelog:
        Path(args.changelog).write_text(changelog(rows), encoding="utf-8")
    breaking = any(c.level == "breaking" for c in changes)
    return 1 if breaking and not args.allow_breaking else 0


def cmd_release(args: argparse.Namespace) -> int:
    """Release the distributions whose specs changed since their last release (generator/
    release.py): changelog entries, a regenerated output tree, one commit, a tag each."""
    from .pipeline import load_apis
    from .release import commit_and_tag, release

    project = _project(args)
    load_apis(project)  # a spec that cannot be generated stops the release before any write
    plans = release(project, args)
    if not plans:
        return 0
    for plan in plans:
        print(
            f"{plan.dist.name} {plan.old} -> {plan.new} ({plan.level}), "
            f"since {plan.base} ({plan.commit[:12]})"
        )
    cmd_generate(argparse.Namespace(**{**vars(args), "format": False}))
    commit = commit_and_tag(project, plans)
    tags = ", ".join(plan.dist.tag(plan.new) for plan in plans)
    print(f"committed {commit[:12]}, tagged {tags}")
    return 0


def _add_release(sub: argparse._SubParsersAction[_Parser]) -> None:
    release = sub.add_parser(
        "release",
        help="bump each distribution as `diff` suggests for its spec since its last release, "
        "write its changelog, regenerate, commit and tag",
    )
    release.add_argument(
        "distributions",
        nargs="*",
        metavar="DIST",
        help="`core` or an API's name (default: every API)",
    )
    release.add_argument(
        "--base", metavar="REV", help="the revision of the last release (default: its last tag)"
    )
    release.add_argument(
        "--bump",
        choices=LEVELS,
        help="the core's bump; for an API, at least this bump (e.g. for a generator change)",
    )
    release.add_argument("--date", help="the date in the changelog entry (default: today, UTC)")
    release.set_defaults(func=cmd_release)


def _deferred(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """The command `name` of `module`, imported when it runs: building the parser imports no
    subcommand's code, so `apigen generate` with nothing to do stays light."""

    def command(args: argparse.Namespace) -> int:
        import importlib

        function: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(module, __package__), name
        )
        return function(args)

    return command


def _audit_command(name: str) -> Callable[[argparse.Namespace], int]:
    """An audit command, imported when it runs; a document it cannot read is the user's error
    (the audit package is imported only then: its modules are most of apigen's import time)."""
    run = _deferred(".audit.commands", name)

    def command(args: argparse.Namespace) -> int:
        from .audit.sources import DocumentError

        try:
            return run(args)
        except DocumentError as exc:
            raise UserError(str(exc)) from None

    return command


def _add_audit_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    facts = sub.add_parser(
        "facts", help="write specs/facts/NAME.json from the spec's vendor documents"
    )
    facts.add_argument("name", help="spec name (specs/NAME.yaml)")
    facts.add_argument(
        "--document", metavar="PATH", help=f"the document (default: api.source under ${DOCS_ENV})"
    )
    facts.set_defaults(func=_audit_command("cmd_facts"))
    check = sub.add_parser(
        "audit", help="report facts the spec neither honours nor explains (exit 1 if any)"
    )
    check.add_argument("name", help="spec name (specs/NAME.yaml)")
    check.add_argument("--document", metavar="PATH", help="re-extract the facts from this document")
    check.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    check.set_defaults(func=_audit_command("cmd_audit"))


def _add_import_command(sub: argparse._SubParsersAction[_Parser]) -> None:
    command = sub.add_parser(
        "import",
        help="write a draft spec from an OpenAPI 3.0/3.1 document (JSON or YAML)",
        description="Write a draft spec from an OpenAPI document: specs/NAME.yaml under --root "
        "unless --out says otherwise. What the spec language cannot hold is a note on the "
        "element it concerns, listed with its JSON pointer.",
    )
    command.add_argument("source", help="the OpenAPI document")
    command.add_argument("--name", required=True, help="the API's name (snake_case)")
    command.add_argument(
        "--out", dest="spec_out", metavar="FILE", help="write here (default ROOT/specs/NAME.yaml)"
    )
    command.add_argument(
        "--check",
        action="store_true",
        help="also compare the generated client's OpenAPI export with the document "
        "(exit 1 when a difference no note explains remains)",
    )
    command.add_argument(
        "--summary", metavar="FILE", help="also write the summary as JSON (for tools)"
    )
    command.set_defaults(func=_deferred(".importer.command", "cmd_import"))


def parser() -> argparse.ArgumentParser:
    top, sub = _with_generate()
    sub.add_parser("check", help="fail when the output tree is stale").set_defaults(func=cmd_check)
    validate = sub.add_parser("validate", help="validate specs without writing anything")
    validate.add_argument("files", nargs="*")
    validate.set_defaults(func=cmd_validate)
    sub.add_parser("schema", help="write the spec language's JSON Schema").set_defaults(
        func=cmd_schema
    )
    diff = sub.add_parser(
        "diff", help="classify spec changes for client users (exit 1 if breaking)"
    )
    diff.add_argument(
        "files", nargs="*", help="OLD.yaml NEW.yaml, or with --base the specs to compare"
    )
    diff.add_argument(
        "--base", metavar="REV", help="compare the working specs with this git revision"
    )
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument("--changelog", metavar="FILE", help="also write a changelog entry to FILE")
    diff.add_argument(
        "--link-base",
        metavar="URL",
        help="link spec lines to URL/COMMIT/PATH#LINE in markdown (a repository's blob URL,"
        " e.g. https://github.com/OWNER/REPO/blob)",
    )
    diff.add_argument(
        "--allow-breaking", action="store_true", help="exit 0 even when a change is breaking"
    )
    diff.set_defaults(func=cmd_diff)
    _add_release(sub)
    _add_audit_commands(sub)
    _add_import_command(sub)
    return top


def _with_generate() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[_Parser]]:
    """The top-level parser with its options and the `generate` command, the only command it has
    yet; and its subcommands, to add the others to."""
    top = _Parser(prog="apigen", description=__doc__)
    top.add_argument("--root", default=".", help="project root (default: current directory)")
    top.add_argument("--specs", help="spec folder (default: ROOT/specs)")
    top.add_argument("--out", help="output tree (default: ROOT/generated)")
    sub = top.add_subparsers(dest="command", required=True)
    generate = sub.add_parser("generate", help="regenerate the output tree from the specs")
    generate.add_argument(
        "--format",
        action="store_true",
        help="format with black, the formatter of record, instead of ruff and the one rule where"
        " ruff lays our code out differently (the output is the same, more slowly)",
    )
    generate.set_defaults(func=cmd_generate)
    return top, sub


def _runs_generate(argv: list[str]) -> bool:
    """Whether the command line is `[--root R] [--specs S] [--out O] generate ...` without a
    request for help: parsed by `_with_generate()`'s parser alone, it parses as by the whole
    one (which takes a tenth of a no-op run to build). Anything else (an abbreviated option, a
    help) is left to the whole parser."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in _TOP_OPTIONS:
            index += 2
        elif token.partition("=")[0] in _TOP_OPTIONS:
            index += 1
        else:
            return token == "generate" and not {"-h", "--help"} & set(argv[index + 1 :])
    return False


_TOP_OPTIONS = frozenset({"--root", "--specs", "--out"})


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    args = (_with_generate()[0] if _runs_generate(given) else parser()).parse_args(given)
    try:
        return int(args.func(args))
    except SpecErrors as exc:
        count = len(exc.errors)
        print(str(exc), file=sys.stderr)
        print(
            f"apigen: {count} error{'s' if count != 1 else ''}; nothing was written",
            file=sys.stderr,
        )
        return EXIT_SPEC_ERROR
    except (UserError, ReleaseError) as exc:
        print(f"apigen {args.command}: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as exc:  # a file the command reads or writes, named by the system
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"apigen {args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
