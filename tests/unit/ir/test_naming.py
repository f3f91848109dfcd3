"""Naming rules: wire names and spec names to Python identifiers."""

from __future__ import annotations

import keyword

import pytest

from generator.ir.naming import (
    argument_name,
    async_name,
    attribute_name,
    enum_member_name,
    fake_class,
    fake_handles_class,
    oauth_env_var,
    operation_constant,
    params_class,
    raw_response_class,
    resource_class,
    snake_case,
)
from generator.spec.names import inline_enum_name, pascal_case


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("firstName", "first_name"),
        ("first name", "first_name"),
        ("_links", "links"),
        ("invitationUUId", "invitation_uuid"),
        ("HTTPStatus", "http_status"),
        ("café", "cafe"),
        ("2fa", "n2fa"),
        ("***", "field"),
    ],
)
def test_snake_case(wire: str, expected: str) -> None:
    assert snake_case(wire) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("from", "from_"),  # keyword
        ("match", "match_"),  # soft keyword
        ("json", "json_"),  # pydantic BaseModel attribute
        ("model_config", "model_config_"),  # pydantic's reserved prefix
        ("list", "list_"),  # a builtin the annotations use
        ("l", "l_"),  # E741: easily misread
        ("firstName", "first_name"),
    ],
)
def test_attribute_name_avoids_what_python_and_pydantic_reserve(wire: str, expected: str) -> None:
    assert attribute_name(wire) == expected


def test_attribute_names_are_identifiers_and_never_keywords() -> None:
    for wire in ("class", "None", "type", "def", "x-request-id", "ÅngströmUnit", "9lives"):
        name = attribute_name(wire)
        assert name.isidentifier() and not keyword.iskeyword(name), (wire, name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("campaign_enrollments", "CampaignEnrollments"),
        ("NiceJob", "NiceJob"),
        ("sort order", "SortOrder"),
        ("3d", "N3d"),
        ("", "Model"),
    ],
)
def test_pascal_case(text: str, expected: str) -> None:
    assert pascal_case(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pending", "PENDING"),
        ("CampaignEnrollment", "CAMPAIGN_ENROLLMENT"),
        ("in progress", "IN_PROGRESS"),
        ("1st", "N1ST"),  # snake_case has already made it an identifier
        ("none", "NONE"),
        ("if", "VALUE_IF"),
        (3, "VALUE_3"),
        (-1, "VALUE_MINUS_1"),
    ],
)
def test_enum_member_name(value: object, expected: str) -> None:
    assert enum_member_name(value) == expected


def test_a_name_the_spec_gives_an_enum_member_wins() -> None:
    assert enum_member_name(0, "queued") == "QUEUED"


def test_names_of_generated_classes_and_constants() -> None:
    path = ("customers", "ratings")
    assert resource_class(path) == "CustomersRatingsResource"
    assert async_name(resource_class(path)) == "AsyncCustomersRatingsResource"
    assert async_name("NiceJob") == "AsyncNiceJob"
    assert params_class((*path, "list")) == "_CustomersRatingsListParams"
    assert operation_constant((*path, "list")) == "_CUSTOMERS_RATINGS_LIST"
    assert inline_enum_name("people_list", "sort order") == "PeopleListSortOrder"
    assert raw_response_class("AsyncPeopleResource") == "AsyncPeopleResourceWithRawResponse"
    assert fake_class("NiceJob") == "FakeNiceJob"
    assert fake_handles_class(resource_class(path)) == "_CustomersRatingsResourceHandles"


def test_argument_names_that_every_method_has_get_an_underscore() -> None:
    assert [argument_name(n) for n in ("timeout", "extra_query", "self", "limit")] == [
        "timeout_",
        "extra_query_",
        "self_",
        "limit",
    ]


def test_oauth_variables_sit_beside_the_base_url_variable() -> None:
    assert oauth_env_var("NICEJOB_BASE_URL", "client_id") == "NICEJOB_CLIENT_ID"
