"""One import: document in, spec data and text out, with the constructs met on the way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..spec.loader import MAX_SPEC_BYTES
from .api import ApiBlock, error_message_keys
from .constructs import Findings
from .document import Document, DocumentError, read_document
from .emit import spec_text
from .names import TypeNames
from .operations import Operations
from .repair import checked_text
from .schemas import Schemas

if TYPE_CHECKING:
    from ..resolved.nodes import Api


@dataclass
class Imported:
    document: Document
    spec: dict[str, Any]
    text: str
    findings: Findings
    api: Api | None = None  # the spec's resolved model, when it is valid

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
    operations = Operations(document, findings, schemas, api)
    resources = operations.read()
    api.error_body(schemas.types, error_message_keys(document))
    spec = {"api": api.block, "types": schemas.types, "resources": resources}
    if not any(resource.get("operations") for resource in resources.values()):
        raise DocumentError(document.display, "/paths", _why_no_operations(findings))
    places = {f"types.{type_name}": pointer for pointer, type_name in schemas.named.items()}
    places.update(operations.places)

    def sized_text(spec: dict[str, Any]) -> str:
        text = spec_text(spec)
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_SPEC_BYTES:
            raise DocumentError(
                document.display,
                "",
                f"its draft spec would be {size / 2**20:.1f} MiB, over the "
                f"{MAX_SPEC_BYTES / 2**20:.0f} MiB a spec file may be",
            )
        return text

    text, resolved = checked_text(spec, findings, places, sized_text, f"specs/{name}.yaml")
    return Imported(document, spec, text, findings, resolved)


def _why_no_operations(findings: Findings) -> str:
    """A client needs an operation: why the document gives none."""
    blocking = [f for f in findings.items if f.construct.blocks and f.pointer.startswith("/paths/")]
    if not blocking:
        return "the document has no operations (a client needs at least one)"
    first = blocking[0]
    return (
        f"none of its operations can be written in the spec language ({len(blocking)} blocked, "
        f"the first at #{first.pointer}: {first.construct.id})"
    )
