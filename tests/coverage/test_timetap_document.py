"""timetap-invitations.txt's samples against specs/timetap.yaml's examples."""

from __future__ import annotations

from generator.audit.sources.timetap_tables import samples
from tests.coverage.facts import DOCS, require
from tests.coverage.spec_names import closest_example, noted, spec_names

PAGE = DOCS / "timetap-invitations.txt"


def test_every_sample_is_a_spec_example_up_to_recorded_repairs() -> None:
    found = samples(require(PAGE).read_text(encoding="utf-8"))
    assert len(found) == 9
    spec = spec_names("timetap")
    spec_values = [
        (e.get(k), e)
        for e in spec.examples
        for k in ("request", "response")
        if e.get(k) is not None
    ]
    for sample in found:
        same_shape = [(v, s) for v, s in spec_values if type(v) is type(sample.value)]
        diffs, example = closest_example(sample.value, same_shape)
        assert all(key in noted(example) for key in diffs), (
            sample.line,
            diffs,
            example.get("title"),
        )
