"""The importer's golden records of each test document: the spec it writes, its notes with
their JSON pointers, and the round trip's differences."""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator.importer.build import import_document
from generator.importer.roundtrip import compare_with_export

HERE = Path(__file__).resolve().parent
DOCUMENTS = sorted(p for p in (HERE / "documents").iterdir() if p.suffix in (".yaml", ".json"))
EXPECTED = HERE / "expected"


def api_name(document: Path) -> str:
    return document.stem


def records(document: Path) -> dict[str, str]:
    """`<stem>.yaml` (the spec), `<stem>.notes.txt` and `<stem>.roundtrip.txt`."""
    display = document.relative_to(HERE).as_posix()
    imported = import_document(document, api_name(document), display)
    notes = "".join(
        f"#{f.pointer} {f.construct.id}{' [blocks]' if f.construct.blocks else ''} "
        f"at {f.where}\n"
        for f in imported.findings.items
    )
    with tempfile.TemporaryDirectory() as folder:
        spec = Path(folder) / f"{api_name(document)}.yaml"
        spec.write_text(imported.text, encoding="utf-8")
        differences = "".join(f"{d}\n" for d in compare_with_export(imported, spec))
    stem = document.stem
    return {
        f"{stem}.yaml": imported.text,
        f"{stem}.notes.txt": notes,
        f"{stem}.roundtrip.txt": differences or "no differences\n",
    }
