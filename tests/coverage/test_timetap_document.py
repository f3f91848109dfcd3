"""timetap-invitations.txt against specs/timetap.yaml: every endpoint, field and example."""

from __future__ import annotations

import json
import re

from tests.coverage.spec_names import (
    DOCS,
    closest_example,
    endpoint_key,
    json_keys,
    noted,
    require,
    spec_names,
)

TEXT = require(DOCS / "timetap-invitations.txt").read_text(encoding="utf-8")
SPEC = spec_names("timetap")
TYPES = "integer|string|object|array|boolean"


def document_endpoints() -> set[str]:
    """`GET /path` in the endpoint table (where the description runs on: `...}Returns a JSON`)
    and in the request and response headings."""
    found = re.findall(r"^(GET|POST|PUT|PATCH|DELETE) (/[A-Za-z/{}]+?)(?=[A-Z][a-z]+s\b|\s*$)", TEXT, re.M)
    return {f"{method} {path}" for method, path in found}


def document_fields() -> set[str]:
    """Rows of the object and parameter tables: `businessIdintegerYesProvides...`."""
    return set(re.findall(rf"^([a-z][A-Za-z]*?)(?:{TYPES})(?=Yes|GET|POST|PUT|[A-Z]|$)", TEXT, re.M))


def repair(block: str) -> str:
    block = re.sub(r'\{[A-Z][^{}"]*\}', "{}", block)  # "{Email object ... }" placeholders
    block = re.sub(r'"([A-Za-z_]+): ', r'"\1": ', block)  # a key missing its closing quote
    return re.sub(r",(\s*[}\]])", r"\1", block)  # trailing commas


def document_examples() -> list[object]:
    blocks = re.findall(r"^(?:POST|PUT|GET) /\S+\n(\[?\{\n.*?\n\}\]?)$", TEXT, re.M | re.S)
    return [json.loads(repair(block)) for block in blocks]


def test_extraction_finds_what_the_document_holds() -> None:
    assert len(document_endpoints()) >= 7
    assert len(document_fields()) >= 38
    assert len(document_examples()) == 9


def test_every_endpoint_is_in_the_spec_or_explained_by_a_note() -> None:
    """A heading the spec does not follow (`/invitationCampaign/staff{staffIdList}`) must be
    quoted, as printed, in a note saying what the spec does instead."""
    unexplained = [
        printed for printed in document_endpoints()
        if endpoint_key(*printed.split(" ", 1)) not in SPEC.endpoints and printed.split(" ", 1)[1] not in SPEC.notes
    ]
    assert unexplained == []


def test_every_field_and_example_key_is_in_the_spec() -> None:
    names = document_fields() | {k for example in document_examples() for k in json_keys(example)}
    assert SPEC.missing(names) == []


def test_every_example_is_a_spec_example_up_to_recorded_repairs() -> None:
    spec_values = [(e.get(k), e) for e in SPEC.examples for k in ("request", "response") if e.get(k) is not None]
    for example in document_examples():
        diffs, spec = closest_example(example, [(v, s) for v, s in spec_values if type(v) is type(example)])
        assert all(key in noted(spec) for key in diffs), (diffs, spec.get("title"))
