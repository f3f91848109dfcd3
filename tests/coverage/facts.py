"""Where the specs, their fact sheets and (when beside the clone) the vendor documents are."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.audit.sources import DOCS_ENV, documents_dir
from generator.audit.sources.documents import Document, documents_of, no_facts_yet
from generator.audit.spec_index import SpecIndex

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
FACTS = SPECS / "facts"
DOCS = documents_dir(ROOT)
APIS = sorted(path.stem for path in SPECS.glob("*.yaml"))


def spec_index(api: str) -> SpecIndex:
    return SpecIndex.load(SPECS / f"{api}.yaml", f"specs/{api}.yaml")


def documents(api: str) -> list[Document]:
    return documents_of(api, spec_index(api).api.source, DOCS, FACTS)


def with_facts(api: str) -> list[Document]:
    """The API's documents, or skip naming the API: a spec with neither a document reader nor
    a fact sheet written by hand has no facts yet, which is no failure of the spec."""
    found = documents(api)
    if not found:
        pytest.skip(no_facts_yet(api, FACTS))
    return found


def require(document: Path) -> Path:
    """`document`, or skip: a clone on its own has no ../shared/docs, and the checks against the
    committed sheets stand in for these."""
    if not document.is_file():
        pytest.skip(
            f"{document} not found: set {DOCS_ENV} to the vendor documents folder "
            "(default ../shared/docs)"
        )
    return document
