"""Which generated methods take `extra_body=`: those sending one JSON object, sync and async."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "tests/golden/expected/showcase/apiclients/showcase/resources/documents.py"


def _taking_extra_body() -> dict[str, set[str]]:
    """Each class's methods, by whether they take `extra_body`."""
    tree = ast.parse(DOCUMENTS.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for fn in cls.body:
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                names = {a.arg for a in fn.args.kwonlyargs}
                if "extra_body" in names:
                    found.setdefault(cls.name, set()).add(fn.name)
    return found


def test_only_methods_with_a_json_object_body_take_extra_body() -> None:
    found = _taking_extra_body()
    # create sends {title} and convert {format}; upload (multipart), replace_content (bytes),
    # annotate (text) and search (a form) do not send JSON, and the others send no body.
    expected = {"create", "convert"}
    assert found == {"DocumentsResource": expected, "AsyncDocumentsResource": expected}
