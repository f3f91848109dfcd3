"""`format`, `example:` and request enums mean one thing everywhere (issue 27, item 5; the table
in docs/spec-language.md): every value a generated or contract test sends keeps its `format` and
uses listed enum values; the client and its fake send and accept an enum value the spec does not
list, and do not judge formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from apiclients.errors import InvalidArgumentError
from apiclients.nicejob.testing import FakeNiceJob
from apiclients.nicereply.testing import FakeNicereply
from generator.ir.model import OperationIR
from generator.pipeline import Project, load
from generator.resolved import formats
from generator.resolved.nodes import Field, Operation
from tests.project_apis import LOADED

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = load(Project.at(ROOT, ROOT / "tests" / "golden" / "specs"))
PAIRS = [
    (model_op, ir_op)
    for api in (*LOADED, *GOLDEN)
    for model_op, ir_op in zip(api.model.operations, api.ir.operations, strict=True)
]


def sent(model_op: Operation, ir_op: OperationIR) -> list[tuple[Field, object]]:
    """Each (parameter or body field, value) the operation's test cases send."""
    values: list[tuple[Field, object]] = []
    fields = model_op.body_fields()
    for case in ir_op.tests:
        values += [(model_op.query[w], v) for w, v in case.query if w in model_op.query]
        if isinstance(case.body, dict):
            values += [(fields[w], v) for w, v in case.body.items() if w in fields]
    return values


@pytest.mark.parametrize(("model_op", "ir_op"), PAIRS, ids=[ir.dotted for _, ir in PAIRS])
def test_a_test_sends_values_of_the_format_and_the_enum(
    model_op: Operation, ir_op: OperationIR
) -> None:
    for field, value in sent(model_op, ir_op):
        if field.format in formats.CHECKED and isinstance(value, str):
            assert not formats.breaks(value, field.format), (field.wire, value)
        if field.enum and isinstance(value, str | int):
            assert value in [str(e.value) for e in field.enum] + [e.value for e in field.enum]


def test_the_client_sends_an_enum_value_the_spec_does_not_list() -> None:
    fake = FakeNicereply()
    fake.client().ces.ratings.list(sort_order="sideways")  # type: ignore[arg-type]
    assert fake.ces.ratings.list.calls[-1].query["sort_order"] == "sideways"


def test_the_client_refuses_a_value_its_format_rules_out_before_sending() -> None:
    fake = FakeNiceJob()
    with pytest.raises(InvalidArgumentError, match=r"'endpoint_url'.*format: uri"):
        fake.client().webhooks.update("w1", endpoint_url="not a URL")
    assert fake.webhooks.update.calls == []
    fake.client().webhooks.update("w1", endpoint_url="https://example.com/hook")
    assert fake.webhooks.update.calls[-1].json == {"endpoint_url": "https://example.com/hook"}
