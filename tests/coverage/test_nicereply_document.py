"""nicereply-v1.txt against specs/nicereply.yaml: every endpoint, field and example."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from tests.coverage.spec_names import (
    DOCS,
    closest_example,
    endpoint_key,
    json_keys,
    noted,
    spec_names,
)

TEXT = (DOCS / "nicereply-v1.txt").read_text(encoding="utf-8")
LINES = TEXT.splitlines()
SPEC = spec_names("nicereply")



def document_endpoints() -> set[str]:
    """`GET https://api.nicereply.com/v1/customers/<ID>/ratings` under each "HTTP Request"."""
    found = re.findall(r"^(GET|POST|PUT|PATCH|DELETE) https://api\.nicereply\.com(/\S+)$", TEXT, re.M)
    return {endpoint_key(method, path.replace("<ID>", "{id}")) for method, path in found}


def document_fields() -> set[str]:
    """The first cell of every table row: a name alone on its line, followed by a line that
    starts with its type, `Yes`/`No` (Required) or a default, and ends in `|`."""
    names = set()
    for line, following in itertools.pairwise(LINES):
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]* \|", line) and following.rstrip().endswith("|"):
            names.add(line[:-2])
    return names - {"Field", "Parameter"}


def document_blocks() -> list[tuple[int, str]]:
    """Every JSON sample: a `{` alone on a line, up to the line that balances it."""
    blocks, i = [], 0
    while i < len(LINES):
        if LINES[i] != "{":
            i += 1
            continue
        depth, j = 0, i
        while True:
            bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', LINES[j])
            depth += bare.count("{") + bare.count("[") - bare.count("}") - bare.count("]")
            if depth == 0:
                break
            j += 1
        blocks.append((i + 1, "\n".join(LINES[i : j + 1])))
        i = j + 1
    return blocks


def repair(block: str) -> str:
    """The document's two kinds of invalid JSON: `...` (or `// ...`) lines standing for left-out
    keys and items, and the comma left before them."""
    block = re.sub(r"^\s*(?://\s*)?\.\.\.\s*$\n?", "", block, flags=re.M)
    return re.sub(r",(\s*[}\]])", r"\1", block)


def document_examples() -> list[tuple[int, Any, bool]]:
    """(line, parsed JSON, whether it needed a repair) for every sample."""
    return [(line, json.loads(repair(block)), repair(block) != block) for line, block in document_blocks()]


def _map_keys_dropped(value: Any) -> Any:
    """`histogram` objects are maps from score ("0"-"10") to count: their keys are data."""
    if isinstance(value, dict):
        return {k: ({} if k == "histogram" else _map_keys_dropped(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_keys_dropped(v) for v in value]
    return value


def test_extraction_finds_what_the_document_holds() -> None:
    assert len(document_endpoints()) == 49
    assert len(document_fields()) >= 50
    examples = document_examples()
    assert len(examples) == 52  # one per endpoint, a second for survey stats, pagination, errors
    assert sum(repaired for _, _, repaired in examples) == 9


def test_every_endpoint_is_in_the_spec() -> None:
    assert sorted(document_endpoints() - SPEC.endpoints) == []
    assert sorted(SPEC.endpoints - document_endpoints()) == []


def test_every_field_and_example_key_is_in_the_spec() -> None:
    keys = {k for _, example, _ in document_examples() for k in json_keys(_map_keys_dropped(example))}
    assert SPEC.missing(document_fields() | keys) == []


def test_histogram_keys_are_scores() -> None:
    for _, example, _ in document_examples():
        for key in json_keys(example) - json_keys(_map_keys_dropped(example)):
            assert key.isdigit() and 0 <= int(key) <= 10, key


def test_every_example_is_a_spec_example_up_to_recorded_repairs() -> None:
    """Each endpoint sample is the response of one spec example, equal but for keys a note of
    that example quotes; a repaired sample's example records the repair."""
    for line, example, repaired in document_examples():
        if line in (_pagination_line(), _errors_line()):
            continue
        diffs, spec = closest_example(example, [(e["response"], e) for e in SPEC.examples if e.get("response") is not None])
        assert all(key in noted(spec) for key in diffs), (line, diffs, spec.get("title"))
        if repaired:
            assert "`...`" in noted(spec), (line, spec.get("title"))


def _pagination_line() -> int:
    return next(line for line, block in document_blocks() if '"_pagination"' in block and "// ..." in block)


def _errors_line() -> int:
    return next(line for line, block in document_blocks() if block.split("\n")[1].startswith('"errors"'))


def test_the_general_samples_are_type_examples() -> None:
    """The Pagination and Errors sections' samples are the examples of their types."""
    samples = {line: example for line, example, _ in document_examples()}
    types = SPEC.data["types"]
    assert types["Pagination"]["example"] == samples[_pagination_line()]["_pagination"]
    assert "// ..." in types["Pagination"]["notes"][0]["document"]
    assert types["ErrorBody"]["example"] == samples[_errors_line()]
    assert SPEC.data["api"]["error_body"]["messages"] == ["errors"]


def test_every_endpoint_has_its_samples_with_their_status() -> None:
    """Every operation carries the samples printed above its "HTTP Request" line, in order, with
    the status of their "Response 201 Created" heading (a sample after "OR" shares the one above)."""
    printed: dict[str, list[tuple[Any, int]]] = {}
    status = 200
    for line, example, _ in document_examples():
        heading = re.fullmatch(r"Response (\d{3}) .*", LINES[line - 2])
        status = int(heading[1]) if heading else status
        match = re.search(r"^(GET|POST) https://api\.nicereply\.com(/\S+)$", "\n".join(LINES[line:]), re.M)
        assert match is not None
        if line not in (_pagination_line(), _errors_line()):
            key = endpoint_key(match[1], match[2].replace("<ID>", "{id}"))
            printed.setdefault(key, []).append((example, status))

    in_spec = {endpoint: [(e["response"], e.get("status", 200)) for e in op.get("examples") or []]
               for endpoint, op in SPEC.operations.items()}
    assert sorted(printed) == sorted(document_endpoints())
    for endpoint, samples in printed.items():
        assert in_spec[endpoint] == samples, endpoint
