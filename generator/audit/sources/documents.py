"""Which documents each spec is transcribed from.

Also which reader reads them, and where their sheets go.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import (
    DocumentError,
    Fact,
    Reader,
    campaign_jobs_page,
    nicejob_page,
    nicereply_tables,
    nimble_page,
    openapi,
    timetap_tables,
)

READERS: dict[str, Reader] = {
    "campaign_jobs": campaign_jobs_page.read,
    "nicejob": nicejob_page.read,
    "nicereply": nicereply_tables.read,
    "nimble": nimble_page.read,
    "timetap": timetap_tables.read,
}
# Machine-readable documents a vendor publishes beside its page, relative to the documents folder.
VENDOR_OPENAPI = {"nimble": "../vendor/nimble-openapi.yml"}
OPENAPI_SUFFIXES = (".yml", ".yaml", ".json")


@dataclass(frozen=True)
class Document:
    api: str
    path: Path
    sheet: Path
    reader: Reader

    def extract(self) -> list[Fact]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DocumentError(f"{self.path}: cannot read the document: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{self.path}: not UTF-8 text (byte {exc.start})") from None
        try:
            facts = self.reader(text, self.path)
        except (ValueError, KeyError, IndexError, StopIteration) as exc:
            raise DocumentError(
                f"{self.path}: not in the format the {self.api} reader knows ({exc!r})"
            ) from None
        if not any(fact["kind"] == "endpoint" for fact in facts):
            raise DocumentError(f"{self.path}: no endpoint found; is it the {self.api} document?")
        return facts


def sheet_of(facts_dir: Path, api: str, document: Path) -> Path:
    """`NAME.json` for the page, `NAME.openapi.json` for a vendor OpenAPI file."""
    suffix = ".openapi.json" if document.suffix in OPENAPI_SUFFIXES else ".json"
    return facts_dir / f"{api}{suffix}"


def document_at(api: str, path: Path, facts_dir: Path) -> Document:
    """The document at `path`, read by the OpenAPI reader or by the API's page reader."""
    if api not in READERS:
        raise DocumentError(
            f"no document reader for spec {api!r} (known: {', '.join(sorted(READERS))})"
        )
    reader = openapi.read if path.suffix in OPENAPI_SUFFIXES else READERS[api]
    return Document(api, path, sheet_of(facts_dir, api, path), reader)


def documents_of(api: str, source: str, docs: Path, facts_dir: Path) -> list[Document]:
    """Every document of a spec: `api.source` under the documents folder, plus a vendor OpenAPI."""
    paths = [docs / source] + ([docs / VENDOR_OPENAPI[api]] if api in VENDOR_OPENAPI else [])
    return [document_at(api, path.resolve(), facts_dir) for path in paths]
