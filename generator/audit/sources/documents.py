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
    reader: Reader | None  # None: the sheet is written by hand, no reader extracts it

    @property
    def by_hand(self) -> bool:
        return self.reader is None

    def extract(self) -> list[Fact]:
        if self.reader is None:
            raise DocumentError(
                f"{self.sheet.name} is written by hand: no reader extracts facts from "
                f"{self.path.name} (a reader in generator/audit/sources/, in READERS, would)"
            )
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
    if path.suffix in OPENAPI_SUFFIXES:
        return Document(api, path, sheet_of(facts_dir, api, path), openapi.read)
    if api not in READERS:
        raise DocumentError(
            f"no document reader for spec {api!r} (known: {', '.join(sorted(READERS))}): "
            "its facts cannot be extracted from a page; write its fact sheet by hand or add a "
            "reader (docs/adding-an-api.md)"
        )
    return Document(api, path, sheet_of(facts_dir, api, path), READERS[api])


def documents_of(api: str, source: str, docs: Path, facts_dir: Path) -> list[Document]:
    """Every document of a spec: `api.source` under the documents folder, plus a vendor OpenAPI.

    A spec without a page reader has the fact sheet written by hand, if there is one, and
    otherwise no facts yet (an empty list: see `no_facts_yet`)."""
    paths = [docs / VENDOR_OPENAPI[api]] if api in VENDOR_OPENAPI else []
    if api in READERS:
        paths.insert(0, docs / source)
    found = [document_at(api, path.resolve(), facts_dir) for path in paths]
    if api not in READERS:
        hand = sheet_of(facts_dir, api, Path(source))
        if hand.is_file():
            found.insert(0, Document(api, (docs / source).resolve(), hand, None))
    return found


def no_facts_yet(api: str, facts_dir: Path) -> str:
    """What `apigen facts` and `apigen audit` say of a spec with no fact sheet to compare."""
    sheet = f"{facts_dir.parent.name}/{facts_dir.name}/{api}.json"
    return (
        f"{api}: no facts yet: no document reader for {api!r} in generator/audit/sources/ and "
        f"no fact sheet {sheet} written by hand; docs/adding-an-api.md says how to start either"
    )
