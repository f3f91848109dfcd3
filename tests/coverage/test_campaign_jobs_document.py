"""campaign-jobs.txt against specs/campaign_jobs.yaml: every endpoint, field and example."""

from __future__ import annotations

import json
import re

import pytest

from tests.coverage.spec_names import DOCS, endpoint_key, json_keys, require, spec_names

TEXT = require(DOCS / "campaign-jobs.txt").read_text(encoding="utf-8")
SPEC = spec_names("campaign_jobs")


def document_endpoints() -> set[str]:
    """Section headings such as `POST /j/jobs/:id/unqueue` (not the concrete example requests)."""
    return {endpoint_key(m, p) for m, p in re.findall(r"^(GET|POST|PUT|PATCH|DELETE) (/j/\S*)$", TEXT, re.M)}


def document_fields() -> set[str]:
    """`name: type` lines of the field list and `• name (type) – ...` parameter bullets."""
    listed = set(re.findall(r"^([a-z_]+): (?:array|datetime|integer|string|object|float)$", TEXT, re.M))
    bullets = set(re.findall(r"•\s+([a-z_]+) \((?:array|datetime|integer|string|object|float)\)", TEXT))
    return listed | bullets


def repair(block: str) -> str:
    """The document's JSON with the commas it drops between members put back."""
    return re.sub(r'([}\]"\d]|true|false|null)\n(\s*")', r"\1,\n\2", block)


def document_examples() -> list[object]:
    """Every JSON block: lines from a `{` or `[` at column 0 to the matching close at column 0."""
    blocks = re.findall(r"^([\[{]\n.*?\n[\]}])$", TEXT, re.M | re.S)
    out = []
    for block in blocks:
        try:
            out.append(json.loads(block))
        except ValueError:
            out.append(json.loads(repair(block)))
    return out


def test_extraction_finds_what_the_document_holds() -> None:
    assert len(document_endpoints()) == 7
    assert len(document_fields()) >= 17
    assert len(document_examples()) >= 11


def test_every_endpoint_is_in_the_spec() -> None:
    assert sorted(document_endpoints() - SPEC.endpoints) == []


def test_every_field_and_example_key_is_in_the_spec() -> None:
    names = document_fields() | {k for example in document_examples() for k in json_keys(example)}
    names -= {"some_property"}  # a key of the free-form `data` object in the examples
    assert SPEC.missing(names) == []


def test_every_example_is_a_spec_example() -> None:
    spec_values = [e.get(k) for e in SPEC.examples for k in ("request", "response")]
    missing = [example for example in document_examples() if example not in spec_values]
    assert missing == []


@pytest.mark.parametrize("broken", ['{\n   "id": 15\n   "name": "x"\n}'])
def test_repair_restores_dropped_commas(broken: str) -> None:
    assert json.loads(repair(broken)) == {"id": 15, "name": "x"}
