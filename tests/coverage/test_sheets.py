"""The specs against the committed fact sheets (specs/facts/).

Runs with or without the documents.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from generator.audit import audit
from generator.cli import main
from generator.sources import KEY_ORDER, load_sheet, make_fact, sheet_text
from tests.coverage.facts import APIS, FACTS, ROOT, documents, spec_index


def sheets(api: str) -> list[tuple[str, list[dict[str, Any]]]]:
    return [load_sheet(document.sheet) for document in documents(api)]


@pytest.mark.parametrize("api", APIS)
def test_every_fact_is_honoured_or_explained(api: str) -> None:
    findings = audit(spec_index(api), sheets(api))
    assert [f.as_dict() for f in findings] == []


@pytest.mark.parametrize("api", APIS)
def test_sheets_are_sorted_one_fact_per_line(api: str) -> None:
    for document in documents(api):
        name, facts = load_sheet(document.sheet)
        text = document.sheet.read_text(encoding="utf-8")
        assert sheet_text(api, name, facts) == text
        # the head, a line per fact, the list's end, and every fact's document line
        assert len(text.splitlines()) == len(facts) + 3
        assert all(list(fact) == [k for k in KEY_ORDER if k in fact] for fact in facts)
        fact_lines = text.splitlines()[1:-2]
        assert all("line" not in json.loads(line.rstrip(",")) for line in fact_lines)


@pytest.mark.parametrize("api", APIS)
def test_sheets_hold_names_types_and_numbers_not_prose(api: str) -> None:
    """Five lowercase words in a row would be a sentence copied from the document."""
    for _, facts in sheets(api):
        for fact in facts:
            for value in fact.values():
                assert not re.search(r"\b[a-z]+ [a-z]+ [a-z]+ [a-z]+ [a-z]+\b", str(value)), fact


def test_sheets_cover_every_kind_of_fact() -> None:
    counts = {
        api: {
            kind: sum(f["kind"] == kind for _, facts in sheets(api) for f in facts)
            for kind in ("endpoint", "parameter", "field", "example")
        }
        for api in APIS
    }
    assert counts["nicejob"]["endpoint"] >= 41 and counts["nicejob"]["field"] >= 100
    assert counts["nicereply"]["endpoint"] == 49 and counts["nicereply"]["example"] == 52
    assert counts["timetap"]["endpoint"] >= 7 and counts["timetap"]["field"] >= 38
    assert counts["campaign_jobs"]["endpoint"] == 7 and counts["campaign_jobs"]["example"] >= 11
    assert counts["nimble"]["endpoint"] >= 73 + 89 and counts["nimble"]["parameter"] >= 55


def findings_for(api: str, *facts: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, spec location) of what the audit reports for these facts alone, beside the
    committed sheets (whose own findings are none)."""
    found = audit(spec_index(api), [*sheets(api), ("drill.txt", list(facts))])
    return [(f.kind, f.spec) for f in found]


def test_a_nullable_field_the_spec_makes_non_nullable_is_reported() -> None:
    fact = make_fact(
        "field", 1, endpoint="GET /v2/cases", name="person_id", type="string", nullable=True
    )
    [(kind, where)] = findings_for("nicejob", fact)
    line = int(where.split(":")[1])
    assert kind == "nullability-differs"
    assert (ROOT / "specs" / "nicejob.yaml").read_text(encoding="utf-8").split("\n")[
        line - 1
    ].strip() == "person_id: string"


def test_an_enum_value_the_spec_lacks_is_reported() -> None:
    fact = make_fact(
        "field",
        1,
        endpoint="GET /v2/cases",
        name="status",
        type='Enum<"open" | "archived">',
        enum=["archived", "open"],
        nullable=True,
    )
    assert [kind for kind, _ in findings_for("nicejob", fact)] == ["enum-differs"]


def test_a_required_flag_a_type_and_a_bound_that_differ_are_reported() -> None:
    required = make_fact(
        "parameter",
        1,
        endpoint="GET /v2/bookings",
        where="query",
        name="cursor",
        type="string",
        required=True,
    )
    typed = make_fact(
        "parameter",
        2,
        endpoint="GET /v2/bookings",
        where="query",
        name="person_id",
        type="int",
        required=False,
    )
    bounded = make_fact(
        "parameter",
        3,
        endpoint="GET /invitationCampaign",
        where="query",
        name="pageSize",
        type="integer",
        minimum=5,
    )
    assert [kind for kind, _ in findings_for("nicejob", required, typed)] == [
        "required-differs",
        "type-differs",
    ]
    assert [kind for kind, _ in findings_for("timetap", bounded)] == ["bound-differs"]


def test_a_field_the_document_lets_be_absent_that_the_spec_requires_is_reported() -> None:
    absent = make_fact(
        "field", 1, entity="Contacts.ContactView", name="id", type="string", required=False
    )
    tag = make_fact(
        "field",
        2,
        entity="Fields.StringFieldValuesType",
        name="field_kind",
        type="string",
        required=False,
    )
    assert [kind for kind, _ in findings_for("nimble", absent, tag)] == ["required-differs"]


def test_names_the_spec_lacks_are_reported_unless_left_out() -> None:
    endpoint = make_fact("endpoint", 1, endpoint="GET /v2/loyalty_tiers")
    parameter = make_fact(
        "parameter",
        2,
        endpoint="GET /v2/bookings",
        where="query",
        name="loyalty_tier",
        type="string",
        required=False,
    )
    sample = make_fact("example", 3, endpoint="GET /v2/bookings", keys=["id", "loyalty_points"])
    assert [kind for kind, _ in findings_for("nicejob", endpoint, parameter, sample)] == [
        "endpoint-missing",
        "parameter-missing",
        "field-missing",
    ]
    left_out = make_fact("example", 1, endpoint="GET /j/jobs", keys=["some_property"])
    assert findings_for("campaign_jobs", left_out) == []


def test_an_operation_no_document_prints_is_reported() -> None:
    [(name, facts)] = sheets("nicejob")
    dropped = [
        f for f in facts if (f["kind"], f.get("endpoint")) != ("endpoint", "GET /v2/campaigns")
    ]
    found = audit(spec_index("nicejob"), [(name, dropped)])
    assert [(f.kind, f.fact) for f in found] == [("spec-only", "GET /v2/campaigns")]


def test_audit_command_writes_json_and_exits_0_when_all_is_explained(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--root", str(ROOT), "audit", "nicereply", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "api": "nicereply",
        "findings": [],
        "summary": {"unexplained": 0, "by_kind": {}},
    }


def test_audit_command_refuses_an_unknown_spec_and_a_missing_sheet(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(ROOT), "audit", "nosuch"]) == 2
    assert "no spec" in capsys.readouterr().err
    (tmp_path / "nicejob.yaml").write_bytes((ROOT / "specs" / "nicejob.yaml").read_bytes())
    assert main(["--root", str(ROOT), "--specs", str(tmp_path), "audit", "nicejob"]) == 2
    assert "run `apigen facts nicejob`" in capsys.readouterr().err
    assert FACTS.is_dir()
