"""Operations resolved: endpoints, the parameters pagination implies, bodies of each kind,
responses, examples, and the checks across them."""

from __future__ import annotations

import pytest

from generator.resolved.nodes import ArgumentBody, InlineBody, Operation, SpreadBody
from generator.spec.typeexpr import ListOf, Prim, Ref

from .helpers import HEAD, TYPES, errors_of, resolved

LIST = """\
resources:
  items:
    operations:
      list:
        endpoint: GET /items
        query:
{query}        response: list[Item]
        paginated: {paginated}
"""


def only_operation(text: str) -> Operation:
    [op] = resolved(text).operations
    return op


def test_a_paginated_operation_gets_the_cursor_parameter_first() -> None:
    op = only_operation(
        HEAD + TYPES + LIST.format(query="          name: string?\n", paginated="true")
    )
    assert list(op.query) == ["after", "name"]
    after = op.query["after"]
    assert (after.type.expr, after.optional) == (Prim("string"), True)
    assert after.loc.path == ("resources", "items", "operations", "list", "query", "after")


def test_an_operation_that_is_not_paginated_gets_nothing() -> None:
    text = HEAD + TYPES + LIST.format(query="          name: string?\n", paginated="false")
    assert list(only_operation(text).query) == ["name"]


def test_declaring_the_parameter_says_more_or_is_an_error() -> None:
    described = '          after: {type: "string?", description: From the last page.}\n'
    op = only_operation(HEAD + TYPES + LIST.format(query=described, paginated="true"))
    assert op.query["after"].description == "From the last page."
    restated = LIST.format(query="          after: string?\n", paginated="true")
    (error,) = errors_of(HEAD + TYPES + restated)
    assert error.startswith(
        "shop.yaml:28:11: resources.items.operations.list.query.after: "
        "'after' is the pagination parameter"
    )


def test_an_operation_is_flattened_with_its_dotted_name_and_endpoint_read() -> None:
    nested = """\
resources:
  items:
    resources:
      notes:
        operations:
          list:
            endpoint: GET /items/{id}/notes
            path: {id: string}
            response: list[string]
"""
    op = only_operation(HEAD + TYPES + nested)
    assert (op.dotted, op.resource, op.method, op.path) == (
        "items.notes.list",
        ("items", "notes"),
        "GET",
        "/items/{id}/notes",
    )
    assert list(op.path_params) == ["id"] and op.enveloped is False


BODY = """\
resources:
  items:
    operations:
      create:
        endpoint: POST /items
        body: {body}
"""


def test_a_spread_body_has_its_types_fields_inherited_first() -> None:
    op = only_operation(HEAD + TYPES + BODY.format(body="{type: Item, encoding: form}"))
    assert isinstance(op.body, SpreadBody)
    assert op.body.type.text == "Item" and op.body.encoding == "form"
    assert list(op.body.fields) == ["id", "created", "name", "price", "state"]
    assert op.body_fields() is op.body.fields


def test_an_inline_body_and_one_argument_body() -> None:
    inline = only_operation(HEAD + TYPES + BODY.format(body="{fields: {note: string}}"))
    assert isinstance(inline.body, InlineBody) and list(inline.body.fields) == ["note"]
    assert inline.body.fields["note"].loc.path[-3:] == ("body", "fields", "note")
    whole = only_operation(
        HEAD + TYPES + BODY.format(body='{type: "list[Item]", argument: items, batch_size: 10}')
    )
    assert isinstance(whole.body, ArgumentBody) and whole.body_fields() == {}
    assert whole.body.argument.wire == "items" and whole.body.batch_size == 10
    assert whole.body.argument.expr == ListOf(Ref("Item"))


def test_examples_responses_and_errors_are_kept() -> None:
    text = HEAD + TYPES + """\
resources:
  items:
    operations:
      retrieve:
        endpoint: GET /items/{id}
        path: {id: string}
        response: {type: Item | null, status: 201}
        errors: {404: not found}
        examples:
          - title: One
            arguments: {id: a1}
            response: {id: a1, created: "2024-01-02T03:04:05Z", name: A, price: null}
            status: 201
"""
    op = only_operation(text)
    assert op.response is not None
    assert (op.response.type.text, op.response.nullable, op.response.status) == ("Item", True, 201)
    assert dict(op.errors) == {404: "not found"}
    [example] = op.examples
    assert (example.title, example.arguments, example.response) == (
        "One",
        {"id": "a1"},
        {"id": "a1", "created": "2024-01-02T03:04:05Z", "name": "A", "price": None},
    )


@pytest.mark.parametrize(
    ("operations", "message"),
    [
        (
            "      a:\n        endpoint: GET /x/{id}\n",
            "resources.items.operations.a.endpoint: path parameter {id} is not declared under "
            "'path'",
        ),
        (
            "      a:\n        endpoint: GET /x\n      b:\n        endpoint: GET /x\n",
            "resources.items.operations.b.endpoint: endpoint 'GET /x' is also "
            "resources.items.operations.a",
        ),
        (
            "      a:\n        endpoint: GET /x\n        paginated: true\n        response: Item\n",
            "resources.items.operations.a.response: a paginated operation must return a list[...]",
        ),
        (
            "      a:\n        endpoint: POST /x\n        body: {type: string}\n",
            "resources.items.operations.a.body.type: a body spread into arguments must be an "
            "object type; use 'argument' otherwise",
        ),
        (
            "      a:\n        endpoint: GET /x\n        server: oauth2\n",
            "resources.items.operations.a.server: server 'oauth2' needs api.auth.oauth2 with an "
            "absolute token_url",
        ),
    ],
)
def test_operation_errors(operations: str, message: str) -> None:
    errors = errors_of(HEAD + TYPES + "resources:\n  items:\n    operations:\n" + operations)
    assert any(line.endswith(message) for line in errors), errors
