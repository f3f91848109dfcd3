"""One import: document in, spec data and text out, with the constructs met on the way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api import ApiBlock, error_message_keys
from .constructs import Findings
from .document import Document, DocumentError, read_document
from .emit import spec_text
from .names import TypeNames
from .operations import Operations
from .schemas import Schemas


@dataclass
class Imported:
    document: Document
    spec: dict[str, Any]
    text: str
    findings: Findings

    def operation_count(self) -> int:
        return sum(len(r.get("operations") or {}) for r in self.spec["resources"].values())


def import_document(path: Path, name: str, display: str | None = None) -> Imported:
    """The draft spec of the OpenAPI document at `path`; raise DocumentError when the document
    cannot be read."""
    document = read_document(path, display)
    try:
        return _import(document, name, path.name)
    except RecursionError:
        raise DocumentError(document.display, "", "the document nests too deeply") from None


def _import(document: Document, name: str, source: str) -> Imported:
    findings = Findings()
    api = ApiBlock(document, findings, name, source)
    schemas = Schemas(document, findings, TypeNames(api.client))
    schemas.declare_components()
    resources = Operations(document, findings, schemas, api).read()
    api.error_body(schemas.types, error_message_keys(document))
    spec = {"api": api.block, "types": schemas.types, "resources": resources}
    return Imported(document, spec, spec_text(spec), findings)
