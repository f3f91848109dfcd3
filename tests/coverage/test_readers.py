"""The readers on small pieces of each document format: runs without the documents."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from generator.audit.sources import (
    DocumentError,
    campaign_jobs_page,
    load_sheet,
    make_fact,
    nicejob_page,
    nicereply_tables,
    openapi,
    sheet_text,
    sort_key,
    timetap_tables,
)
from generator.audit.sources.changes import sheet_changes
from generator.audit.sources.documents import Document

NICEREPLY_PAGE = """Ratings
Rating model fields
Field | Type | Nullable | Description |
---|---|---|---|
score |
string | No | Min: 0, Max: 10 |
extra_questions |
array | Yes | Array of extra_question objects. |
extra_question
object fields
Field | Type | Nullable | Description |
---|---|---|---|
id |
string(UUID) | No | More about new IDs... |
Create new rating
Response 201 Created
{
"_results": {"score": 5, "histogram": {"0": 1}}
}
HTTP Request
POST https://api.nicereply.com/v1/ratings
BODY Parameters
Parameter | Required | Nullable | Type | Description |
---|---|---|---|---|
metric |
No* | No | string(enum) | Valid values: CSAT , CES or NPS |
"""


def test_nicejob_rows_run_together_are_split_with_their_flags() -> None:
    # The entity table's `id` row tells where the endpoint's path ends and its `id` row begins.
    page = (
        "idstringUnique\n"
        "GEThttps://api.nicejob.com/v2/bookings/:ididstringUnique"
        "loyalty_tierstring | nullitems[].skustring?"
    )
    facts = nicejob_page.read(page, Path("page.txt"))
    assert [
        (f["kind"], f.get("in"), f.get("name"), f.get("required"), f.get("nullable")) for f in facts
    ] == [
        ("endpoint", None, None, None, None),
        ("field", None, "id", None, False),
        ("parameter", "path", "id", True, False),
        ("parameter", "query", "loyalty_tier", True, True),
        ("parameter", "query", "items[].sku", False, False),
    ]
    assert facts[0]["endpoint"] == facts[1]["endpoint"] == "GET /v2/bookings/{id}"


def test_nicereply_tables_give_types_bounds_enums_and_nested_rows() -> None:
    facts = nicereply_tables.read(NICEREPLY_PAGE, Path("page.txt"))
    by_name = {f.get("name"): f for f in facts if f["kind"] in ("field", "parameter")}
    assert by_name["score"] == {
        "kind": "field",
        "entity": "Rating",
        "name": "score",
        "type": "string",
        "nullable": False,
        "minimum": 0,
        "maximum": 10,
        "line": 5,
        "endpoint": "POST /v1/ratings",
    }
    assert "extra_questions[].id" in by_name  # the items' table is titled by the singular
    assert (
        by_name["metric"]["enum"] == ["CES", "CSAT", "NPS"]
        and by_name["metric"]["required"] is False
    )
    [sample] = [f for f in facts if f["kind"] == "example"]
    assert sample["keys"] == [
        "_results",
        "histogram",
        "score",
    ]  # a histogram's keys are scores, not names


def test_campaign_jobs_samples_get_their_dropped_commas_back() -> None:
    page = 'POST /j/jobs\n\nExample request:\n\n{\n   "id": 15\n   "name": "x"\n}\n'
    [sample] = campaign_jobs_page.samples(page)
    assert (sample.endpoint, sample.value, sample.repaired) == (
        "POST /j/jobs",
        {"id": 15, "name": "x"},
        True,
    )


def test_timetap_object_rows_and_options() -> None:
    page = (
        "GET /invitation/{invitationUUId}Returns a JSON object.\n\n"
        "invitation\n\nProperty NameTypeDescription\n"
        'objectTypestringHas available options "CLIENT\'", "STAFF", and "APPOINTMENT".\n'
        "businessIdintegerYesProvides unique numeric ID.\n"
    )
    facts = timetap_tables.read(page, Path("page.txt"))
    rows = {f["name"]: f for f in facts if f["kind"] == "field"}
    assert rows["objectType"]["enum"] == ["APPOINTMENT", "CLIENT", "STAFF"]
    assert rows["businessId"]["required"] is True and rows["businessId"]["entity"] == "invitation"


def test_openapi_operations_path_parameters_and_properties() -> None:
    document = """openapi: 3.0.0
paths:
  /a/{id}:
    parameters:
    - {name: id, in: path, required: true, schema: {type: string}}
    get:
      parameters:
      - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 50}}
components:
  schemas:
    X.Thing:
      required: [name]
      properties:
        name: {type: string, nullable: true}
        kind: {type: string, enum: [a, b]}
        items: {type: array, items: {$ref: '#/components/schemas/X.Thing'}}
"""
    facts = openapi.read(document, Path("vendor.yml"))
    assert [(f["kind"], f.get("name"), f.get("required"), f["line"]) for f in facts] == [
        ("endpoint", None, None, 6),
        ("parameter", "id", True, 5),
        ("parameter", "limit", False, 8),
        ("field", "name", True, 14),
        ("field", "kind", False, 15),
        ("field", "items", False, 16),
    ]
    assert facts[2]["minimum"] == 1 and facts[2]["maximum"] == 50
    assert facts[3]["nullable"] is True and facts[4]["enum"] == ["a", "b"]
    assert facts[5]["type"] == "array of X.Thing"


def test_a_sheet_is_the_same_bytes_whatever_the_order_of_its_facts(tmp_path: Path) -> None:
    facts = nicereply_tables.read(NICEREPLY_PAGE, Path("page.txt"))
    shuffled = facts[:]
    random.Random(7).shuffle(shuffled)
    text = sheet_text("nicereply", "page.txt", facts)
    assert sheet_text("nicereply", "page.txt", shuffled) == text
    sheet = tmp_path / "nicereply.json"
    sheet.write_text(text, encoding="utf-8")
    assert load_sheet(sheet) == ("page.txt", sorted(facts, key=sort_key))
    assert all("line" not in fact for fact in json.loads(text)["facts"])
    assert json.loads(text)["lines"] == [fact["line"] for fact in sorted(facts, key=sort_key)]


def test_text_inserted_above_facts_changes_only_the_sheets_line_numbers() -> None:
    facts = nicereply_tables.read(NICEREPLY_PAGE, Path("page.txt"))
    moved = [{**fact, "line": fact["line"] + 7} for fact in facts]
    before = sheet_text("nicereply", "page.txt", facts).splitlines()
    after = sheet_text("nicereply", "page.txt", moved).splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
        len(before) - 1
    ]
    assert sheet_changes(facts, moved).counts() == "0 added, 0 removed, 0 changed; 6 only moved"


def test_sheet_changes_name_what_the_vendor_added_removed_and_changed() -> None:
    facts = nicereply_tables.read(NICEREPLY_PAGE, Path("page.txt"))
    score = next(f for f in facts if f.get("name") == "score")
    channel = make_fact("field", 9, entity="Rating", name="channel", type="string", nullable=True)
    sample = next(f for f in facts if f["kind"] == "example")
    new = [
        *(f for f in facts if f not in (score, sample)),
        {**score, "maximum": 5},
        {**sample, "keys": [*sample["keys"], "channel"]},
        channel,
    ]
    metric = next(f for f in facts if f.get("name") == "metric")
    new.remove(metric)
    changes = sheet_changes(facts, new)
    assert changes.counts() == "1 added, 1 removed, 2 changed"
    assert changes.lines("page.txt") == [
        "  + field Rating.channel: string, nullable (page.txt:9)",
        "  - parameter POST /v1/ratings: body metric: string(enum), not required,"
        f" one of CES, CSAT, NPS (was page.txt:{metric['line']})",
        f"  ~ Rating.score: maximum 10 -> 5 (page.txt:{score['line']})",
        f"  ~ sample of POST /v1/ratings: keys +channel (page.txt:{sample['line']})",
    ]


def test_a_document_of_another_format_is_refused_clearly(tmp_path: Path) -> None:
    wrong = tmp_path / "nicejob-v2.txt"
    wrong.write_text("Campaign jobs\nGET /j/jobs\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no endpoint found; is it the nicejob document"):
        Document("nicejob", wrong, tmp_path / "nicejob.json", nicejob_page.read).extract()
    with pytest.raises(DocumentError, match="cannot read the document"):
        Document(
            "nicejob", tmp_path / "absent.txt", tmp_path / "nicejob.json", nicejob_page.read
        ).extract()
