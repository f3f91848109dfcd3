"""`apigen import SOURCE --name NAME [--out FILE] [--check]` (its arguments are declared in
generator/cli.py)."""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from pathlib import Path

from .document import DocumentError

EXIT_REFUSED = 2
EXIT_DIFFERENCES = 1
EXIT_INTERNAL = 70  # EX_SOFTWARE


def cmd_import(args: argparse.Namespace) -> int:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.name):
        print(f"apigen import: --name {args.name!r} must be snake_case", file=sys.stderr)
        return EXIT_REFUSED
    root = Path(args.root).resolve()
    target = Path(args.spec_out) if args.spec_out else root / "specs" / f"{args.name}.yaml"
    try:
        return _import(args, Path(args.source), target)
    except DocumentError as exc:
        print(f"apigen import: {exc}", file=sys.stderr)
        print("apigen import: nothing was written", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:  # an importer bug: one line naming where, never a traceback
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        print(
            f"apigen import: internal error {type(exc).__name__}: {exc} "
            f"({Path(frame.filename).name}:{frame.lineno})",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _import(args: argparse.Namespace, source: Path, target: Path) -> int:
    from .build import import_document

    imported = import_document(source, args.name, str(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(imported.text, encoding="utf-8")
    findings = imported.findings.items
    blocking = sum(1 for f in findings if f.construct.blocks)
    print(
        f"wrote {target}: {imported.operation_count()} operations, "
        f"{len(imported.spec['types'])} types, {len(findings)} notes ({blocking} blocking)"
    )
    for finding in findings:
        mark = "blocks" if finding.construct.blocks else "note"
        print(
            f"  #{finding.pointer}: {finding.construct.id} [{mark}] at {finding.where}: "
            f"{finding.document}"
        )
    summary = {
        "source": str(source),
        "spec": str(target),
        "operations": imported.operation_count(),
        "types": len(imported.spec["types"]),
        "notes": [f.as_json() for f in findings],
    }
    status = 0
    if args.check:
        from .roundtrip import compare_with_export

        differences = compare_with_export(imported, target)
        summary["differences"] = [d.as_json() for d in differences]
        unexplained = [d for d in differences if not d.explained]
        print(f"round trip: {len(differences)} difference(s), {len(unexplained)} without a note")
        for difference in differences:
            print(f"  {difference}")
        status = EXIT_DIFFERENCES if unexplained else 0
    if args.summary:
        Path(args.summary).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return status
