"""The specs against the committed fact sheets (specs/facts/).

Runs with or without the documents.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.audit import audit
from generator.audit.sources import KEY_ORDER, load_sheet, make_fact, sheet_text
from generator.cli import main
from tests.coverage.facts import APIS, FACTS, ROOT, documents, spec_index, with_facts


def sheets(api: str) -> list[tuple[str, list[dict[str, Any]]]]:
    return [load_sheet(document.sheet) for document in documents(api)]


@pytest.mark.parametrize("api", APIS)
def test_every_fact_is_honoured_or_explained(api: str) -> None:
    with_facts(api)
    findings = audit(spec_index(api), sheets(api))
    assert [f.as_dict() for f in findings] == []


@pytest.mark.parametrize("api", APIS)
def test_sheets_are_sorted_one_fact_per_line(api: str) -> None:
    for document in with_facts(api):
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
    with_facts(api)
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
    assert [(f.kind, f.subject) for f in found] == [("spec-only", "GET /v2/campaigns")]


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


def _spec_copy(tmp_path: Path, api: str, edit: Callable[[str], str]) -> Path:
    specs = tmp_path / "specs"
    (specs / "facts").mkdir(parents=True)
    text = (ROOT / "specs" / f"{api}.yaml").read_text(encoding="utf-8")
    (specs / f"{api}.yaml").write_text(edit(text), encoding="utf-8")
    for sheet in FACTS.glob(f"{api}*.json"):
        shutil.copy(sheet, specs / "facts")
    return specs


def test_audit_refuses_a_broken_spec_with_validates_errors_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = _spec_copy(
        tmp_path,
        "nicereply",
        lambda text: text.replace("response: list[Rating]", "response: list[Ratin]", 1),
    )
    assert main(["--root", str(ROOT), "--specs", str(specs), "audit", "nicereply"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    errors = captured.err.splitlines()
    assert len(errors) == 2 and errors[1] == "apigen: 1 error; nothing was written"
    assert re.fullmatch(r".*/nicereply\.yaml:\d+:\d+: .*'Ratin'.*", errors[0]), errors[0]


RATING_LIST = "            query: &rating_list_query\n"


def test_a_parameter_added_to_a_shared_block_is_reported_where_the_block_reaches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The seven rating lists, whose document tables do not print `channel`, get it through the
    shared block: each is reported with the block and the line where that list uses it."""
    added = "              channel: {type: string?, description: Only this channel.}\n"
    specs = _spec_copy(
        tmp_path, "nicereply", lambda text: text.replace(RATING_LIST, RATING_LIST + added)
    )
    assert main(["--root", str(ROOT), "--specs", str(specs), "audit", "nicereply"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8 and lines[-1] == "nicereply: 7 unexplained (7 spec-only)"
    assert "-: spec-only: GET /v1/ces/ratings: query channel: " in lines[0]
    assert all("comes with the shared block &rating_list_query" in line for line in lines[:-1])
    spec_lines = (specs / "nicereply.yaml").read_text(encoding="utf-8").split("\n")
    for line in lines[:-1]:
        at = int(re.findall(r"nicereply\.yaml:(\d+):", line)[0])
        assert spec_lines[at - 1].strip() in (
            "query: &rating_list_query",
            "query: *rating_list_query",
        )


def test_a_merge_key_gives_one_operation_its_own_parameter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fix the finding suggests: the CSAT list merges the shared block and adds its own."""
    own = (
        "            query:\n"
        "              channel: {type: string?, description: Only this channel.}\n"
        "              <<: &rating_list_query\n"
    )

    def edit(text: str) -> str:
        start = text.index(RATING_LIST) + len(RATING_LIST)
        end = text.index("            response:", start)
        block = "".join("  " + line for line in text[start:end].splitlines(keepends=True))
        return text[: text.index(RATING_LIST)] + own + block + text[end:]

    specs = _spec_copy(tmp_path, "nicereply", edit)
    sheet = specs / "facts" / "nicereply.json"
    name, facts = load_sheet(sheet)
    facts.append(
        make_fact("parameter", 362, endpoint="GET /v1/csat/ratings", where="query", name="channel")
    )
    sheet.write_text(sheet_text("nicereply", name, facts), encoding="utf-8")
    assert main(["--root", str(ROOT), "--specs", str(specs), "audit", "nicereply"]) == 0
    assert capsys.readouterr().out == (
        "nicereply: every fact is honoured by the spec or explained by a note\n"
    )
