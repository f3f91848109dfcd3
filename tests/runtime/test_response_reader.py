"""Responses are read without the rules only a request's arguments obey (issue 15).

`Operation.parse` validates with `Operation.reader`: the operation's schema without the naive-
datetime rule, the bounds and the cross-key rules, each a Python call per value that returns the
value unchanged outside a request. What a response reads as must not change.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest

from apiclients._core import fields
from apiclients._core.operation import Operation
from apiclients.nicejob.resources.people import _PEOPLE_LIST
from apiclients.nicejob.types import Person

APIS = ("campaign_jobs", "nicejob", "nicereply", "nimble", "timetap")


def operations() -> Iterator[Operation[Any]]:
    for api in APIS:
        package = importlib.import_module(f"apiclients.{api}.resources")
        for module in pkgutil.iter_modules(package.__path__):
            names = vars(importlib.import_module(f"{package.__name__}.{module.name}"))
            yield from (
                op for op in names.values() if isinstance(op, Operation) and op.response is not None
            )


def request_only_validators(node: Any) -> int:
    if isinstance(node, list):
        return sum(request_only_validators(item) for item in node)
    if not isinstance(node, dict):
        return 0
    found = int(node.get("type") == "function-after" and fields._request_only(node.get("function")))
    return found + sum(
        request_only_validators(v) for k, v in node.items() if k not in fields._NOT_SCHEMAS
    )


def test_no_reader_keeps_a_request_only_validator_and_the_full_schemas_still_have_them() -> None:
    stripped = 0
    for op in operations():
        op.adapter.rebuild()
        stripped += request_only_validators(op.adapter.core_schema)
        assert request_only_validators(fields.response_schema(op.adapter.core_schema)) == 0, op.path
        assert op.reader is not None  # builds
    assert stripped > 0  # datetimes and bounds are in the operations' own schemas


def test_a_response_reads_as_before_naive_datetimes_and_unknown_keys_included() -> None:
    person = {
        "id": "p1",
        "address": {"city": "Halifax", "floor": 3},
        "blocked": False,
        "company": None,
        "created_at": "2024-01-02T03:04:05",
        "email": None,
        "first_name": "Ann",
        "initial_source": None,
        "last_name": None,
        "lifecycle_stage": "lead",
        "phone": None,
        "position": None,
        "tags": ["vip"],
        "updated_at": "2024-01-02T03:04:05+02:00",
        "surprise": {"kept": True},
    }
    body = json.dumps({"data": [person], "cursor": "c2", "error": None}).encode()
    read = _PEOPLE_LIST.parse(body)
    assert read == _PEOPLE_LIST.adapter.validate_json(body)
    (parsed,) = read.data
    assert type(parsed) is Person
    assert parsed.created_at.tzinfo is None  # a response is read as it is
    assert (
        parsed.surprise == {"kept": True}
        and parsed.address is not None
        and parsed.address.floor == 3
    )
    assert parsed.model_dump(mode="json")["created_at"] == "2024-01-02T03:04:05"


def test_the_models_own_validation_still_refuses_a_naive_datetime_in_a_request() -> None:
    from pydantic import ValidationError

    data = {
        "address": None,
        "blocked": False,
        "company": None,
        "created_at": "2024-01-02T03:04:05",
        "email": None,
        "first_name": None,
        "id": "p1",
        "initial_source": None,
        "last_name": None,
        "lifecycle_stage": None,
        "phone": None,
        "position": None,
        "tags": [],
        "updated_at": "2024-01-02T03:04:05Z",
    }
    with pytest.raises(ValidationError, match="UTC offset"):
        Person.model_validate(data, context=fields.request_context("refuse"))
    assert Person.model_validate(data).created_at.tzinfo is None
