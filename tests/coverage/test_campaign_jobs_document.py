"""campaign-jobs.txt's samples against specs/campaign_jobs.yaml's examples (names, types and
flags are checked through the fact sheet, in test_sheets.py)."""

from __future__ import annotations

from generator.audit.sources.campaign_jobs_page import samples
from tests.coverage.facts import DOCS, require
from tests.coverage.spec_names import spec_names

PAGE = DOCS / "campaign-jobs.txt"


def test_every_sample_is_a_spec_example() -> None:
    found = samples(require(PAGE).read_text(encoding="utf-8"))
    assert len(found) >= 11
    spec = spec_names("campaign_jobs")
    spec_values = [e.get(k) for e in spec.examples for k in ("request", "response")]
    assert [sample.line for sample in found if sample.value not in spec_values] == []
