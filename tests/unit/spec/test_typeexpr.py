"""Type expressions: parsing, the names they mention, and the `?` / `| null` short forms."""

from __future__ import annotations

import pytest

from generator.spec.typeexpr import (
    ListOf,
    MapOf,
    Modifiers,
    Prim,
    Ref,
    TypeSyntaxError,
    UnionOf,
    parse_type,
    references,
    split_modifiers,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("string", Prim("string")),
        ("epoch_ms", Prim("epoch_ms")),
        ("Booking", Ref("Booking")),
        ("list[Booking]", ListOf(Ref("Booking"))),
        ("map[list[integer]]", MapOf(ListOf(Prim("integer")))),
        ("integer | string", UnionOf((Prim("integer"), Prim("string")))),
        (" list[ A|B ] ", ListOf(UnionOf((Ref("A"), Ref("B"))))),
    ],
)
def test_parses(text: str, expected: object) -> None:
    assert parse_type(text) == expected


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("", "expected a type name", 0),
        ("list[]", "expected a type name", 5),
        ("list[Item", "expected ']' at the end", 9),
        ("string!", "unexpected character '!'", 6),
        ("string string", "unexpected 'string'", 7),
        ("string?", "'?' (optional) goes only at the end of a field's type", 6),
        ("list[string?]", "expected ']', found '?'", 11),
        (
            "list[string | null]",
            "'null' goes only in the outermost union of a field's or response's type",
            14,
        ),
    ],
)
def test_reports_where_it_goes_wrong(text: str, message: str, offset: int) -> None:
    with pytest.raises(TypeSyntaxError) as caught:
        parse_type(text)
    assert (str(caught.value), caught.value.offset) == (message, offset)


def test_references_lists_declared_names_in_order() -> None:
    assert references(parse_type("map[B] | list[A | string] | B")) == ["B", "A", "B"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("string", Modifiers("string", optional=False, nullable=False)),
        ("string?", Modifiers("string", optional=True, nullable=False)),
        ("list[string]?", Modifiers("list[string]", optional=True, nullable=False)),
        ("string | null", Modifiers("string", optional=False, nullable=True)),
        ("null | Booking", Modifiers("Booking", optional=False, nullable=True)),
        ("A|null|B", Modifiers("A | B", optional=False, nullable=True)),
        ("list[A | B] | null?", Modifiers("list[A | B]", optional=True, nullable=True)),
        # Only the outermost level counts; the parser reports the rest.
        ("list[string | null]", Modifiers("list[string | null]", optional=False, nullable=False)),
        ("list[string?]", Modifiers("list[string?]", optional=False, nullable=False)),
        # Text that cannot stand alone is left whole for the parser's message.
        ("null", Modifiers("null", optional=False, nullable=False)),
        ("string |", Modifiers("string |", optional=False, nullable=False)),
        ("string!?", Modifiers("string!?", optional=False, nullable=False)),
    ],
)
def test_split_modifiers(text: str, expected: Modifiers) -> None:
    assert split_modifiers(text) == expected
