"""Types resolved: fields inherited first, partial types, inline enums, unions, their checks."""

from __future__ import annotations

import pytest

from generator.resolved.nodes import EnumType, ObjectType, UnionType
from generator.spec.typeexpr import ListOf, Prim, Ref

from .helpers import HEAD, TYPES, errors_of, resolved


def obj(text: str, name: str) -> ObjectType:
    found = resolved(text).types[name]
    assert isinstance(found, ObjectType)
    return found


def test_an_object_type_has_its_own_fields_and_every_field_inherited_first() -> None:
    api = resolved(HEAD + TYPES)
    item, base = api.types["Item"], api.types["Base"]
    assert isinstance(item, ObjectType) and isinstance(base, ObjectType)
    assert list(item.own_fields) == ["name", "price", "state"]
    assert list(item.fields) == ["id", "created", "name", "price", "state"]
    assert item.bases == ("Base",)
    # An inherited field is its base's node, declared (and located) there.
    assert item.fields["id"] is base.fields["id"]
    assert item.fields["id"].loc.path == ("types", "Base", "fields", "id")


def test_a_field_keeps_its_type_as_written_and_says_what_its_value_is() -> None:
    state = obj(HEAD + TYPES, "Item").fields["state"]
    assert (state.type.text, state.type.expr) == ("string", Prim("string"))
    assert state.expr == Ref("ItemState") and state.inline_enum == "ItemState"
    assert state.optional and not state.nullable
    price = obj(HEAD + TYPES, "Item").fields["price"]
    assert price.nullable and price.type.text == "number"


def test_an_inline_enum_is_a_type_of_its_own_met_where_its_field_is() -> None:
    api = resolved(HEAD + TYPES + "  Colour:\n    enum: [red, blue]\n")
    assert [e.name for e in api.enums] == ["ItemState", "Colour"]
    inline, declared = api.enums
    assert not inline.declared and declared.declared
    assert [v.value for v in inline.values] == ["new", "used"]
    assert api.named("ItemState") is inline and "ItemState" not in api.types
    assert inline.values[1].loc.path == ("types", "Item", "fields", "state", "enum", 1)


def test_a_partial_type_has_its_bases_fields_inherited_first_all_optional() -> None:
    patch = obj(HEAD + TYPES + "  ItemPatch:\n    partial: Item\n    omit: [id]\n", "ItemPatch")
    assert list(patch.own_fields) == list(patch.fields) == ["created", "name", "price", "state"]
    assert all(f.optional for f in patch.fields.values()) and patch.bases == ()
    assert patch.fields["price"].nullable and patch.fields["name"].description == "The name."
    # Its fields are its own: declared at its path, its inline enums named after it.
    assert patch.fields["name"].loc.path == ("types", "ItemPatch", "fields", "name")
    assert patch.fields["state"].inline_enum == "ItemPatchState"


def test_a_partial_of_a_partial() -> None:
    extra = "  A:\n    partial: Item\n    omit: [id]\n  B:\n    partial: A\n    omit: [created]\n"
    assert list(obj(HEAD + TYPES + extra, "B").fields) == ["name", "price", "state"]


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
        (
            "  A:\n    extends: B\n    fields: {a: string}\n"
            "  B:\n    extends: A\n    fields: {b: string}\n",
            "types.A.extends: 'extends' forms a cycle: A -> B -> A",
        ),
        ("  U:\n    union: [Item, Circle]\n", "types.U.union[1]: undefined type 'Circle'"),
        (
            "  X:\n    fields:\n      n: {type: string, max_items: 3}\n",
            "types.X.fields.n.max_items: 'max_items' needs a list[...] type, or a string with "
            "'separator'",
        ),
        (
            "  X:\n    fields: {a: string?, b: string?}\n    exactly_one_of: [[a, c]]\n",
            "types.X.exactly_one_of[0]: 'c' is not a field here",
        ),
    ],
)
def test_type_errors(extra: str, message: str) -> None:
    errors = errors_of(HEAD + TYPES + extra)
    assert any(line.endswith(message) for line in errors), errors


def test_a_union_keeps_its_members_as_written() -> None:
    union = resolved(HEAD + TYPES + '  U:\n    union: [Item, "list[Base]"]\n').types["U"]
    assert isinstance(union, UnionType)
    assert [m.text for m in union.members] == ["Item", "list[Base]"]
    assert union.members[1].expr == ListOf(Ref("Base"))


def test_a_declared_enum_is_integer_or_string() -> None:
    api = resolved(HEAD + TYPES + "  Level:\n    enum: [1, 2]\n")
    level = api.types["Level"]
    assert isinstance(level, EnumType) and level.integer and level.declared
