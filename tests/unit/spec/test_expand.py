"""Partial types and implied pagination parameters, written out after validation."""

from __future__ import annotations

import pytest

from generator.spec.errors import SpecErrors
from generator.spec.loader import read_yaml, validate
from generator.spec.model import Param, Spec

HEAD = """\
api:
  name: shop
  title: Shop
  version: v1
  client: Shop
  source: shop.txt
  base_url: {default: "https://shop.example.com", env: SHOP_BASE_URL}
  auth: {scheme: none}
  pagination: {style: cursor, cursor_param: after, cursor_field: next}
  error_body: {messages: [error]}
"""
TYPES = """\
types:
  Base:
    fields:
      id: string
      created: datetime
  Item:
    extends: Base
    fields:
      name: {type: string, description: The name.}
      price: number | null
"""


def load(text: str) -> Spec:
    data, positions = read_yaml(text, "shop.yaml")
    return validate(data, positions, "shop.yaml")


def errors_of(text: str) -> list[str]:
    with pytest.raises(SpecErrors) as caught:
        load(text)
    return [str(error) for error in caught.value.errors]


def test_a_partial_type_has_its_bases_fields_inherited_first_all_optional() -> None:
    spec = load(HEAD + TYPES + "  ItemPatch:\n    partial: Item\n    omit: [id]\n")
    patch = spec.types["ItemPatch"]
    assert patch.fields is not None and list(patch.fields) == ["created", "name", "price"]
    assert all(field.optional for field in patch.fields.values())
    assert patch.fields["price"].nullable and patch.fields["name"].description == "The name."
    assert (patch.partial, patch.omit) == (None, [])  # downstream sees an ordinary object type


def test_a_partial_of_a_partial() -> None:
    spec = load(
        HEAD
        + TYPES
        + "  A:\n    partial: Item\n    omit: [id]\n  B:\n    partial: A\n    omit: [created]\n"
    )
    assert list(spec.types["B"].fields or {}) == ["name", "price"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "  P:\n    partial: Itme\n",
            "types.P.partial: undefined type 'Itme' (did you mean 'Item'?)",
        ),
        ("  E:\n    enum: [a]\n  P:\n    partial: E\n", "types.P.partial: not an object type: 'E'"),
        (
            "  P:\n    partial: Item\n    omit: [nme]\n",
            "types.P.omit[0]: 'nme' is not a field of Item (did you mean 'name'?)",
        ),
        (
            "  P:\n    partial: Q\n  Q:\n    partial: P\n",
            "types.Q.partial: partial types form a cycle: P -> Q -> P",
        ),
    ],
)
def test_partial_errors(extra: str, message: str) -> None:
    assert any(line.endswith(message) for line in errors_of(HEAD + TYPES + extra)), errors_of(
        HEAD + TYPES + extra
    )


def test_partial_takes_no_fields_and_no_extends() -> None:
    assert "a type needs exactly one of 'fields', 'partial', 'enum' or 'union'" in "\n".join(
        errors_of(HEAD + TYPES + "  P:\n    partial: Item\n    fields: {x: string}\n")
    )
    assert "cannot also 'extends'" in "\n".join(
        errors_of(HEAD + TYPES + "  P:\n    partial: Item\n    extends: Base\n")
    )


OPERATION = """\
resources:
  items:
    operations:
      list:
        endpoint: GET /items
        query:
{query}        response: list[Item]
        paginated: {paginated}
"""


def test_a_paginated_operation_gets_the_cursor_parameter_first() -> None:
    spec = load(
        HEAD + TYPES + OPERATION.format(query="          name: string?\n", paginated="true")
    )
    query = spec.resources["items"].operations["list"].query
    assert list(query) == ["after", "name"]
    assert query["after"] == Param(type="string", optional=True)


def test_an_operation_that_is_not_paginated_gets_nothing() -> None:
    spec = load(
        HEAD + TYPES + OPERATION.format(query="          name: string?\n", paginated="false")
    )
    assert list(spec.resources["items"].operations["list"].query) == ["name"]


def test_declaring_the_parameter_says_more_or_is_an_error() -> None:
    described = '          after: {type: "string?", description: From the last page.}\n'
    spec = load(HEAD + TYPES + OPERATION.format(query=described, paginated="true"))
    assert (
        spec.resources["items"].operations["list"].query["after"].description
        == "From the last page."
    )
    restated = OPERATION.format(query="          after: string?\n", paginated="true")
    (error,) = errors_of(HEAD + TYPES + restated)
    assert error.startswith(
        "shop.yaml:27:11: resources.items.operations.list.query.after: "
        "'after' is the pagination parameter"
    )
