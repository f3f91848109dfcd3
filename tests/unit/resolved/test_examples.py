"""Every example checked against what it exemplifies (issue 27, item 4): the request a call
sends, the response the client reads, an error body, and each field's and parameter's own
`example:`; an error names the value's path inside the example, at its line and column."""

from __future__ import annotations

import pytest

from generator.resolved import formats

from .helpers import HEAD, TYPES, errors_of, resolved

OPERATIONS = """\
  Shape:
    union: [Circle, Square]
    discriminator: kind
  Circle:
    fields:
      kind: {type: string, const: circle}
      radius: number
  Square:
    fields:
      kind: {type: string, const: square}
      side: {type: integer, minimum: 1}
resources:
  items:
    operations:
      retrieve:
        endpoint: GET /items/{id}
        path: {id: string}
        query:
          contact: {type: "string?", format: email}
        response: Item | null
        errors: {404: not found}
        examples:
{examples}
      create:
        endpoint: POST /items
        body: {type: Item}
        response: Item
        examples:
{creates}
      shapes:
        endpoint: GET /shapes
        response: list[Shape]
        examples:
{shapes}
"""
ITEM = '{id: a1, created: "2024-01-02T03:04:05Z", name: A, price: null}'


def spec(examples: str = "", creates: str = "", shapes: str = "") -> str:
    sent = '{id: a1, created: "2024-01-02T03:04:05Z", name: A, price: 1}'
    return (
        HEAD
        + TYPES
        + OPERATIONS.replace(
            "{examples}", examples or f"          - {{arguments: {{id: a1}}, response: {ITEM}}}"
        )
        .replace("{creates}", creates or f"          - {{request: {sent}, response: {ITEM}}}")
        .replace(
            "{shapes}",
            shapes
            or "          - {response: [{kind: circle, radius: 1.5}, {kind: square, side: 2}]}",
        )
    )


def messages(text: str) -> list[str]:
    return [error.split(": ", 1)[1] for error in errors_of(text)]


def test_examples_of_their_types_pass() -> None:
    nullable = "          - {arguments: {id: a1, contact: ann@example.com}, response: null}"
    aliases = f"          - {{response: {ITEM.replace('price', 'price')}}}"
    api = resolved(spec(examples=nullable + "\n" + aliases))
    assert len(api.operations[0].examples) == 2


def test_a_response_missing_a_required_key_or_of_another_type_is_refused() -> None:
    bad = '          - {arguments: {id: a1}, response: {id: 7, created: "yesterday", name: A}}'
    assert messages(spec(examples=bad)) == [
        "resources.items.operations.retrieve.examples[0].response: missing key 'price' "
        "(Item requires it)",
        "resources.items.operations.retrieve.examples[0].response.id: expected a string, got 7",
        "resources.items.operations.retrieve.examples[0].response.created: expected an ISO 8601 "
        'date and time, got "yesterday"',
    ]


def test_unknown_keys_and_unlisted_enum_values_are_read_in_responses_only() -> None:
    lenient = ITEM.replace("price: null", "price: null, state: refurbished, colour: red")
    resolved(spec(examples=f"          - {{response: {lenient}}}"))
    strict = lenient.replace("price: null, ", "price: 1, ")
    assert messages(spec(creates=f"          - {{request: {strict}, response: {ITEM}}}")) == [
        'resources.items.operations.create.examples[0].request.state: "refurbished" is not '
        'one of ItemState\'s values ["new", "used"]',
        "resources.items.operations.create.examples[0].request.colour: no field 'colour' in "
        "Item (a request sends declared fields only)",
    ]


def test_a_union_member_is_chosen_by_its_tag() -> None:
    wrong = "          - {response: [{kind: square, radius: 1.5}]}"
    assert messages(spec(shapes=wrong)) == [
        "resources.items.operations.shapes.examples[0].response[0]: missing key 'side' "
        "(Square requires it)",
    ]
    untagged = "          - {response: [{kind: circle, radius: 1.5}, 3]}"
    assert messages(spec(shapes=untagged)) == [
        "resources.items.operations.shapes.examples[0].response[1]: 3 matches no member of Shape",
    ]


def test_an_error_example_needs_a_declared_status_and_a_message() -> None:
    fine = "          - {arguments: {id: a1}, status: 404, response: {error: no item a1}}"
    resolved(spec(examples=fine))
    silent = "          - {arguments: {id: a1}, status: 404, response: {detail: no item a1}}"
    assert messages(spec(examples=silent)) == [
        "resources.items.operations.retrieve.examples[0].response: an error body with no "
        "message where api.error_body reads one (error)",
    ]


def test_an_error_points_at_the_value_inside_the_example() -> None:
    text = spec(
        examples="          - arguments: {id: a1, contact: ann}\n            response: null"
    )
    [error] = errors_of(text)
    line = text.splitlines().index("          - arguments: {id: a1, contact: ann}") + 1
    column = text.splitlines()[line - 1].index("ann}") + 1
    assert error == (
        f"shop.yaml:{line}:{column}: resources.items.operations.retrieve.examples[0].arguments"
        '.contact: "ann" is not an email address (format: email)'
    )


def test_a_fields_own_example_is_checked_as_a_value_sent() -> None:
    text = spec().replace("radius: number", "radius: {type: number, example: wide}")
    assert messages(text) == ['types.Circle.fields.radius.example: expected a number, got "wide"']


@pytest.mark.parametrize("format", formats.CHECKED)
def test_each_checked_format_has_a_sample_it_accepts(format: str) -> None:
    assert not formats.breaks(formats.SAMPLES[format], format)
    assert formats.breaks("not a value of it", format)


def test_a_format_apigen_does_not_check_documents_only() -> None:
    assert not formats.breaks("anything", "password")
    assert formats.breaks("8.8.8.8", "ipv6") and not formats.breaks("2001:db8::1", "ipv6")
