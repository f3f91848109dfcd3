"""`apigen facts` and `apigen audit`.

The fact sheets of a spec's documents, and the spec against them (their arguments are declared
in generator/cli.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import audit
from .report import as_json, as_markdown, as_text, no_facts
from .sources import (
    DOCS_ENV,
    DocumentError,
    Fact,
    documents_dir,
    hand_written_sheet,
    load_sheet,
    sheet_text,
)
from .sources.changes import sheet_changes
from .sources.documents import Document, document_at, documents_of, no_facts_yet
from .spec_index import SpecIndex


def _spec(args: argparse.Namespace, *, validated: bool = False) -> tuple[Path, SpecIndex]:
    """The spec's folder and its index; `validated`: refused with validate's errors (exit 2)
    when broken, before anything is compared with it."""
    root = Path(args.root).resolve()
    specs = Path(args.specs).resolve() if args.specs else root / "specs"
    path = specs / f"{args.name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in specs.glob("*.yaml")))
        raise DocumentError(f"no spec {path} (known: {known})")
    try:
        display = path.relative_to(root).as_posix()
    except ValueError:
        display = path.as_posix()
    if validated:
        from ..pipeline import Project, load_apis

        load_apis(Project.at(root, specs), [path])  # what `apigen validate` checks
    return specs, SpecIndex.load(path, display)


def _documents(args: argparse.Namespace, specs: Path, index: SpecIndex) -> list[Document]:
    """The spec's documents; with --document, that one file instead of the one it stands for."""
    facts_dir = specs / "facts"
    docs = documents_dir(Path(args.root).resolve())
    found = documents_of(args.name, index.api.source, docs, facts_dir)
    if not args.document:
        missing = [d.path for d in found if not d.by_hand and not d.path.is_file()]
        if missing:
            raise DocumentError(
                f"{missing[0]} not found: set {DOCS_ENV} to the vendor documents folder "
                "(default ../shared/docs) or give --document PATH"
            )
        return found
    given = document_at(args.name, Path(args.document).resolve(), facts_dir)
    return [given if d.sheet == given.sheet else d for d in found]


def cmd_facts(args: argparse.Namespace) -> int:
    specs, index = _spec(args)
    documents = _documents(args, specs, index)
    if not documents:
        print(no_facts_yet(args.name, specs / "facts"))
    for document in documents:
        if args.document and document.path != Path(args.document).resolve():
            continue
        if document.by_hand:
            _order_hand_written(document, specs)
            continue
        facts = document.extract()
        text = sheet_text(args.name, document.path.name, facts)
        document.sheet.parent.mkdir(parents=True, exist_ok=True)
        current = document.sheet.read_text(encoding="utf-8") if document.sheet.is_file() else None
        before = load_sheet(document.sheet)[1] if current is not None else []
        if current != text:
            document.sheet.write_text(text, encoding="utf-8")
        changes = sheet_changes(before, facts)
        state = "up to date" if current == text else f"written: {changes.counts()}"
        print(f"{document.sheet.relative_to(specs.parent).as_posix()}: {len(facts)} facts, {state}")
        for line in changes.lines(document.path.name):
            print(line)
    return 0


def _order_hand_written(document: Document, specs: Path) -> None:
    """A sheet written by hand, checked and rewritten in the order `apigen facts` keeps."""
    name, facts = hand_written_sheet(document.sheet)
    text = sheet_text(document.api, name, facts)
    current = document.sheet.read_text(encoding="utf-8")
    if current != text:
        document.sheet.write_text(text, encoding="utf-8")
    state = "up to date" if current == text else "put in sheet order"
    where = document.sheet.relative_to(specs.parent).as_posix()
    print(f"{where}: {len(facts)} facts, written by hand, {state}")


def _sheets(
    args: argparse.Namespace, specs: Path, index: SpecIndex
) -> list[tuple[str, list[Fact]]]:
    """Facts re-extracted from --document, the committed sheets for the others."""
    given = Path(args.document).resolve() if args.document else None
    facts_dir = specs / "facts"
    docs = documents_dir(Path(args.root).resolve())
    sheets = []
    for document in documents_of(args.name, index.api.source, docs, facts_dir):
        if given is not None and document.sheet == document_at(args.name, given, facts_dir).sheet:
            extracted = document_at(args.name, given, facts_dir)
            sheets.append((extracted.path.name, extracted.extract()))
        elif document.by_hand:
            sheets.append(hand_written_sheet(document.sheet))
        elif document.sheet.is_file():
            sheets.append(load_sheet(document.sheet))
        else:
            raise DocumentError(f"{document.sheet} missing: run `apigen facts {args.name}`")
    return sheets


def cmd_audit(args: argparse.Namespace) -> int:
    specs, index = _spec(args, validated=True)
    sheets = _sheets(args, specs, index)
    if not sheets:
        sys.stdout.write(no_facts(args.name, no_facts_yet(args.name, specs / "facts"), args.format))
        return 0
    findings = audit(index, sheets)
    render = {"text": as_text, "markdown": as_markdown, "json": as_json}[args.format]
    sys.stdout.write(render(args.name, findings))
    return 1 if findings else 0
