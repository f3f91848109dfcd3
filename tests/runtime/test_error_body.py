"""An error's message read along the paths the spec declares (`error_body.messages`), nested
ones included (`_embedded.errors[].message`), and a fake's error body written along the first
path so that the client reads back the fake's message (issue 27, item 6)."""

from __future__ import annotations

import pytest

from apiclients._core.error_body import error_body, error_text

HAL_ERROR = {
    "logRef": "a1b2",
    "message": "Bad request",
    "_embedded": {
        "errors": [
            {"path": "email", "message": "must be a well-formed email address"},
            {"path": "name", "message": "may not be empty"},
        ]
    },
}


def test_a_nested_path_takes_every_item_of_a_list() -> None:
    paths = ("message", "_embedded.errors[].message")
    assert error_text(HAL_ERROR, paths) == (
        "Bad request; must be a well-formed email address; may not be empty"
    )
    assert error_text(HAL_ERROR, ("_embedded.errors[].path",)) == "email; name"


def test_plain_keys_read_as_before() -> None:
    assert error_text({"errors": ["a", {"b": 1}]}, ("errors",)) == 'a; {"b": 1}'
    assert error_text({"error": "x", "detail": {"k": "v"}}, ("error", "detail")) == 'x; {"k": "v"}'


@pytest.mark.parametrize(
    "body",
    [
        {"_embedded": {"errors": {"message": "not a list"}}},  # `[]` over an object
        {"_embedded": ["not", "an", "object"]},
        {"_embedded": {"errors": ["a string item"]}},  # an item without keys
        {"_embedded": None},
        {"other": 1},
    ],
)
def test_a_body_of_another_shape_is_shown_whole(body: object) -> None:
    assert error_text(body, ("_embedded.errors[].message",)).startswith("{")


def test_a_body_that_is_not_json_is_its_text() -> None:
    assert error_text("  Bad Gateway\n", ("message",)) == "Bad Gateway"
    assert error_text({}, ("message",)) == ""


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("message", {"message": "m"}),
        ("errors", {"errors": ["m"]}),
        ("errors[]", {"errors": ["m"]}),
        ("error.detail", {"error": {"detail": "m"}}),
        ("_embedded.errors[].message", {"_embedded": {"errors": [{"message": "m"}]}}),
        ("items[].problems[]", {"items": [{"problems": ["m"]}]}),
    ],
)
def test_a_fake_writes_its_message_where_the_client_reads_it(path: str, body: object) -> None:
    assert error_body(path, "m") == body
    assert error_text(error_body(path, "m"), (path,)) == "m"
