"""nicereply-v1.txt's samples against specs/nicereply.yaml's examples: each endpoint's samples,
in order, with their status, equal up to the repairs its notes record."""

from __future__ import annotations

import re
from typing import Any

from generator.audit.sources import Sample
from generator.audit.sources.nicereply_tables import samples
from tests.coverage.facts import DOCS, require
from tests.coverage.spec_names import closest_example, endpoint_key, noted, spec_names

PAGE = DOCS / "nicereply-v1.txt"


def page() -> tuple[list[str], list[Sample]]:
    lines = require(PAGE).read_text(encoding="utf-8").split("\n")
    return lines, samples(lines)


def test_every_endpoint_sample_is_a_spec_example_up_to_recorded_repairs() -> None:
    _, found = page()
    assert len(found) == 52  # one per endpoint, a second for survey stats, pagination, errors
    assert sum(sample.repaired for sample in found) == 9
    spec = spec_names("nicereply")
    responses = [(e["response"], e) for e in spec.examples if e.get("response") is not None]
    for sample in found:
        if sample.endpoint is None:
            continue
        diffs, example = closest_example(sample.value, responses)
        assert all(key in noted(example) for key in diffs), (
            sample.line,
            diffs,
            example.get("title"),
        )
        if sample.repaired:
            assert "`...`" in noted(example), (sample.line, example.get("title"))


def test_the_general_samples_are_type_examples() -> None:
    """The Pagination and Errors sections' samples are the examples of their types."""
    _, found = page()
    pagination, errors = (s.value for s in found if s.endpoint is None)
    types = spec_names("nicereply").data["types"]
    assert types["Pagination"]["example"] == pagination["_pagination"]
    assert "// ..." in types["Pagination"]["notes"][0]["document"]
    assert types["ErrorBody"]["example"] == errors
    assert spec_names("nicereply").data["api"]["error_body"]["messages"] == ["errors"]


def test_every_endpoint_has_its_samples_with_their_status() -> None:
    """Every operation carries the samples printed above its "HTTP Request" line, in order, with
    the status of their "Response 201 Created" heading (a sample after "OR" shares the one above).
    """
    lines, found = page()
    printed: dict[str, list[tuple[Any, int]]] = {}
    status = 200
    for sample in found:
        heading = re.fullmatch(r"Response (\d{3}) .*", lines[sample.line - 2])
        status = int(heading[1]) if heading else status
        if sample.endpoint is not None:
            method, path = sample.endpoint.split(" ", 1)
            printed.setdefault(endpoint_key(method, path), []).append((sample.value, status))
    spec = spec_names("nicereply")
    in_spec = {
        endpoint: [(e["response"], e.get("status", 200)) for e in op.get("examples") or []]
        for endpoint, op in spec.operations.items()
    }
    assert sorted(printed) == sorted(in_spec)
    for endpoint, pairs in printed.items():
        assert in_spec[endpoint] == pairs, endpoint
