"""Long lines of a module laid out without black give what black gives on the whole file."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from generator.layout import Group, Item, Node, Union, flat
from generator.render import render
from generator.render.render import format_python
from tests.unit.test_layout import random_node, random_type


def _plain(node: Node) -> Node:
    """`node` without trailing commas (a template writes one-line items without them)."""
    if isinstance(node, Group):
        items = tuple(Item(item.prefix, _plain(item.node)) for item in node.items)
        return replace(node, items=items, magic=False)
    if isinstance(node, Union):
        return Union(tuple(_plain(part) for part in node.parts))
    return node


def module(rng: random.Random) -> str:
    """A module in black's layout but for its long lines, in the shapes templates emit."""
    values = [flat(_plain(random_node(rng, unions=False))) for _ in range(4)]
    annotations = [flat(random_type(rng)) for _ in range(3)]
    names = ["n" * rng.randint(1, 40) for _ in range(3)]
    return (
        '"""A module."""\n\n\n'
        "class C:\n"
        '    """A class."""\n\n'
        f"    {names[0]}: {annotations[0]} = {values[0]}\n\n"
        "    def method(\n"
        "        self,\n"
        "        *,\n"
        f"        {names[1]}: {annotations[1]} = NOT_GIVEN,\n"
        f"        {names[2]}: {annotations[2]},\n"
        "    ) -> None:\n"
        '        """A method."""\n'
        "        return self.call(\n"
        "            CONSTANT,\n"
        f"            key={values[1]},\n"
        "        )\n\n\n"
        "ROUTES = (\n"
        f"    {values[2]},\n"
        '    Route("x", _X),\n'
        ")\n"
        f"ALIAS = {values[3]}\n"
        '"""The alias."""\n'
    )


def test_random_modules_give_what_black_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    to_black: list[str] = []
    real = render._map_black

    def recording(sources: list[str]) -> list[str]:
        to_black.extend(sources)
        return real(sources)

    monkeypatch.setattr(render, "_map_black", recording)
    rng = random.Random(7)
    sources = [module(rng) for _ in range(60)]
    ours = format_python(sources)
    assert ours == real(sources)
    long_lines = sum(1 for source in sources for line in source.splitlines() if len(line) > 100)
    assert long_lines > 100  # the modules do need laying out...
    assert len(to_black) < long_lines / 4  # ...and most of it was done without black


def test_an_exploded_value_under_a_long_annotation_keeps_its_parentheses() -> None:
    source = (
        "_CONTACTS_LIST_PROCEEDINGS_PROVIDERS: Operation[ContactsListProceedingsProvidersResponse]"
        " = Operation(\n"
        '    "GET",\n'
        '    "/api/v1/contacts/proceedings_providers",\n'
        "    response=ContactsListProceedingsProvidersResponse,\n"
        ")\n"
    )
    (ours,) = format_python([source])
    assert ours == render._black(source)
    assert ours.startswith("_CONTACTS_LIST_PROCEEDINGS_PROVIDERS: Operation[")
    assert ours.splitlines()[0].endswith(" = (")


def test_a_line_of_exactly_the_line_length_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[list[str]] = []
    monkeypatch.setattr(render, "_map_black", lambda sources: called.append(sources) or sources)
    source = 'y = "' + "s" * 94 + '"\n'
    assert len(source) == 101  # 100 columns and the newline
    assert format_python([source]) == [source]
    assert not called
