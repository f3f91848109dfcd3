"""`apigen`: generate clients from specs, check they are current, export the spec schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .pipeline import Project, load_apis, render
from .render.writer import differences, write_tree
from .spec.errors import SpecErrors
from .spec.model import Spec

SCHEMA_PATH = Path("schema/apigen-spec.schema.json")
EXIT_SPEC_ERROR = 2


def spec_schema() -> str:
    schema = Spec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "apigen API spec"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def _project(args: argparse.Namespace) -> Project:
    root = Path(args.root).resolve()
    return Project.at(root, Path(args.specs).resolve() if args.specs else None,
                      Path(args.out).resolve() if args.out else None)


def cmd_generate(args: argparse.Namespace) -> int:
    project = _project(args)
    files = render(project, load_apis(project))
    changed = write_tree(files, project.out)
    where = project.display(project.out)
    print(f"{where}: {len(changed)} file(s) changed" if changed else f"{where}: up to date")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    project = _project(args)
    files = render(project, load_apis(project))
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
    project = _project(args)
    apis = load_apis(project, [Path(p) for p in args.files] or None)
    for api in apis:
        print(f"{api.spec_file}: ok ({len(api.all_operations())} operations)")
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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="apigen", description=__doc__)
    top.add_argument("--root", default=".", help="project root (default: current directory)")
    top.add_argument("--specs", help="spec folder (default: ROOT/specs)")
    top.add_argument("--out", help="output tree (default: ROOT/generated)")
    sub = top.add_subparsers(dest="command", required=True)
    sub.add_parser("generate", help="regenerate the output tree from the specs").set_defaults(func=cmd_generate)
    sub.add_parser("check", help="fail when the output tree is stale").set_defaults(func=cmd_check)
    validate = sub.add_parser("validate", help="validate specs without writing anything")
    validate.add_argument("files", nargs="*")
    validate.set_defaults(func=cmd_validate)
    sub.add_parser("schema", help="write the spec language's JSON Schema").set_defaults(func=cmd_schema)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SpecErrors as exc:
        count = len(exc.errors)
        print(str(exc), file=sys.stderr)
        print(f"apigen: {count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_SPEC_ERROR


if __name__ == "__main__":
    sys.exit(main())
