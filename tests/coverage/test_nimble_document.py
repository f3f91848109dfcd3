"""nimble-v1.txt (with the supplement's method/path table) against specs/nimble.yaml: every
operation, parameter, body field and sample key the page prints, and its JSON examples."""

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

TEXT = require(DOCS / "nimble-v1.txt").read_text(encoding="utf-8")
LINES = TEXT.split("\n")
SUPPLEMENT = require(DOCS / "SUPPLEMENT.md").read_text(encoding="utf-8")
SPEC = spec_names("nimble")

SECTION = re.compile(r"^(?:query Parameters|path Parameters|Request Body schema: application/json)$")
TYPE_LINE = re.compile(
    r"^(?:required$|string|integer|number|boolean|object|Array of|any|\(|Fields\.|Pipeline\.|Deals\.|Contacts\.|Messages\.|Tasks\.|Enum:|Default:)"
)
NAME_LINE = re.compile(r"^(?!(?:any|boolean|integer|number|object|required|string)\b)([a-z_][a-z0-9_]*)(?:\s+\(.*\))?$")


def supplement_rows() -> list[tuple[str, str, str]]:
    """(title, method, path) of the 73 rows of the supplement's Nimble table."""
    section = SUPPLEMENT.split("## Nimble", 1)[1]
    rows = re.findall(r"^\| \d+ \| (.+?) \| ([A-Z]+) \| `([^`]+)`", section, re.M)
    return [(title, method, path.replace(" (*)", "")) for title, method, path in rows]


def document_parameters() -> set[str]:
    """Names in the parameter and request body tables: a name line followed by `required` or a type."""
    names: set[str] = set()
    inside = False
    for index, line in enumerate(LINES[:-1]):
        if SECTION.match(line):
            inside = True
        elif line in ("Responses", "Response samples"):
            inside = False
        elif inside and (match := NAME_LINE.match(line)) and TYPE_LINE.match(LINES[index + 1]):
            names.add(match.group(1))
    return names


def sample_keys() -> set[str]:
    """Keys of the collapsed request and response samples: `  • "key": ...`."""
    return set(re.findall(r'^\s*• "([^"]+)":', TEXT, re.M))


def document_examples() -> list[tuple[int, object]]:
    """Every JSON block the page prints whole (not collapsed to `{ }`), with its first line.
    A block printed as `"key": {...}` (a fragment) is read inside braces."""
    found = []
    index = 0
    while index < len(LINES):
        line = LINES[index]
        if line in ("{", "[") or re.match(r'^"[a-z_]+": [\[{]$', line):
            end = index + 1
            while LINES[end] not in ("}", "]"):
                end += 1
            block = "\n".join(LINES[index : end + 1])
            if "•" not in block:
                found.append((index + 1, json.loads(block if line in ("{", "[") else "{" + block + "}")))
            index = end + 1
        else:
            index += 1
    return found


def test_extraction_finds_what_the_document_holds() -> None:
    assert len(supplement_rows()) == 73
    assert len(document_parameters()) >= 55
    assert len(sample_keys()) >= 90
    assert len(document_examples()) == 11


def test_every_supplement_row_is_an_operation_with_its_title() -> None:
    by_endpoint = SPEC.operations
    for title, method, path in supplement_rows():
        assert title.removesuffix(" Deprecated") in TEXT
        key = endpoint_key(method, path.replace("/api/2/", "/api/v2/"))
        assert key in by_endpoint, (title, method, path)
        op = by_endpoint[key]
        noted = " ".join(n["document"] for n in op.get("notes") or [])
        assert op.get("summary") == title.removesuffix(" Deprecated") or title in noted, title


def test_every_parameter_field_and_sample_key_is_in_the_spec() -> None:
    names = document_parameters() | sample_keys()
    assert SPEC.missing(names) == []


def test_every_left_out_name_has_a_reason() -> None:
    assert all(reason.strip() for reason in SPEC.left_out.values())


def test_every_operation_example_is_a_spec_example_up_to_recorded_repairs() -> None:
    """The OAuth token responses (lines 152 and 186) belong to the token endpoint and the error
    bodies (269-316) to the error format: the auth and error tests of tests/runtime use them."""
    outside = {152, 186, 269, 276, 293, 302, 313}
    spec_values = [(e.get(k), e) for e in SPEC.examples for k in ("request", "response") if e.get(k) is not None]
    for line, example in document_examples():
        if line in outside:
            continue
        # A fragment printed as `"key": {...}` may stand for the value under that key.
        forms = [example, *(example.values() if isinstance(example, dict) and len(example) == 1 else [])]
        diffs, spec = min((closest_example(form, spec_values) for form in forms),
                          key=lambda c: ("<value>" in c[0], len(c[0])))
        assert all(key in noted(spec) for key in diffs), (line, diffs, spec.get("title"))


def test_every_example_key_is_in_the_spec() -> None:
    names = {key for _, example in document_examples() for key in json_keys(example)}
    # Contact field names and group names are data (keys of maps), not wire names.
    data_keys = {"first name", "last name", "parent company", "description", "phone", "URL", "source",
                 "address", "email", "lead status", "Basic Info", "contacts_meta", "resources"}
    oauth = {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert SPEC.missing(names - data_keys - oauth) == []
