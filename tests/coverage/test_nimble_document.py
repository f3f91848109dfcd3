"""nimble-v1.txt (with the supplement's method/path table) against specs/nimble.yaml: each
operation's title, and its JSON samples against the spec's examples."""

from __future__ import annotations

from generator.audit.sources.nimble_page import operations_at, samples, supplement_rows
from tests.coverage.facts import DOCS, require
from tests.coverage.spec_names import closest_example, endpoint_key, noted, spec_names

PAGE = DOCS / "nimble-v1.txt"


def test_every_supplement_row_is_an_operation_with_its_title() -> None:
    rows = supplement_rows(require(DOCS / "SUPPLEMENT.md"))
    assert len(rows) == 73
    operations = spec_names("nimble").operations
    for title, method, path in rows:
        op = operations[endpoint_key(method, path.replace("/api/2/", "/api/v2/"))]
        recorded = " ".join(n["document"] for n in op.get("notes") or [])
        assert op.get("summary") == title or title in recorded, title


def test_every_operation_sample_is_a_spec_example_up_to_recorded_repairs() -> None:
    """The OAuth token responses (lines 152 and 186) belong to the token endpoint and the error
    bodies (269-313) to the error format: the auth and error tests of tests/runtime use them."""
    lines = require(PAGE).read_text(encoding="utf-8").split("\n")
    found = samples(lines, operations_at(lines, supplement_rows(DOCS / "SUPPLEMENT.md")))
    assert len(found) == 11
    outside = {152, 186, 269, 276, 293, 302, 313}
    spec = spec_names("nimble")
    spec_values = [
        (e.get(k), e)
        for e in spec.examples
        for k in ("request", "response")
        if e.get(k) is not None
    ]
    for sample in found:
        if sample.line in outside:
            continue
        # A fragment printed as `"key": {...}` may stand for the value under that key.
        value = sample.value
        forms = [value, *(value.values() if sample.repaired else [])]
        diffs, example = min(
            (closest_example(form, spec_values) for form in forms),
            key=lambda c: ("<value>" in c[0], len(c[0])),
        )
        assert all(key in noted(example) for key in diffs), (
            sample.line,
            diffs,
            example.get("title"),
        )
