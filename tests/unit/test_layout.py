"""generator/layout.py lays lines out as black does: each case is compared with black's own
output for the same statement, for the shapes generated code has and for random expressions."""

from __future__ import annotations

import random

import black
import pytest
from black._width_table import WIDTH_TABLE
from black.strings import str_width as black_str_width

from generator.layout import (
    WIDE,
    Atom,
    Group,
    Item,
    Node,
    Union,
    assignment_lines,
    flat,
    item_lines,
    parameter_lines,
    str_width,
)

MODE = black.Mode(line_length=100, target_versions={black.TargetVersion.PY310})


def _black(source: str) -> str:
    return black.format_str(source, mode=MODE)


def test_the_width_table_is_blacks() -> None:
    assert tuple((start, end) for start, end, _ in WIDTH_TABLE) == WIDE
    samples = ["plain", "ünïcödé — ’quotes’ ─│", "名前 ✓ 😀", "\u1100\u115f\u1160", "a\u3000b"]
    for text in samples:
        assert str_width(text) == black_str_width(text), text


# -- the shapes of the five specs ----------------------------------------------------------


def name(text: str) -> Atom:
    return Atom(text)


def string(text: str) -> Atom:
    return Atom(f'"{text}"')


def call(head: str, *items: Item, magic: bool = False) -> Group:
    return Group(head, "(", tuple(items), ")", magic=magic)


def subscript(head: str, *nodes: Node) -> Group:
    return Group(head, "[", tuple(Item("", node) for node in nodes), "]")


def dict_of(**values: Node) -> Group:
    items = tuple(Item(f'"{key}": ', value) for key, value in values.items())
    return Group("", "{", items, "}", display=True)


def list_of(*nodes: Node) -> Group:
    return Group("", "[", tuple(Item("", node) for node in nodes), "]", display=True)


LITERAL = subscript("Literal", *(string(f"value_number_{i}") for i in range(6)))
ANNOTATIONS = [
    Union((name("IncompleteMessageSpecificationInReplyTo"), name("NotGiven"), name("None"))),
    Union((name("CallResolutionSpec"), LITERAL, name("NotGiven"))),
    Union((subscript("Sequence", Union((name("ContactViewContextKinds"), LITERAL))), name("X"))),
    Union((name("OauthTokenGrantType"), subscript("Literal", string("a" * 40), string("b" * 30)))),
    subscript("Mapping", name("str"), Union((name("A" * 50), name("B" * 40), name("None")))),
]


@pytest.mark.parametrize("default", [None, "NOT_GIVEN"])
@pytest.mark.parametrize("annotation", ANNOTATIONS, ids=range(len(ANNOTATIONS)))
def test_a_long_parameter(annotation: Node, default: str | None) -> None:
    lines = parameter_lines("in_reply_to", annotation, default, 2)
    assert lines is not None
    head = "class C:\n    def f(\n        self,\n        *,\n"
    tail = "    ) -> None:\n        pass\n"
    assert head + "".join(line + "\n" for line in lines) + tail == _black(
        head
        + f"        in_reply_to: {flat(annotation)}{'' if default is None else ' = ' + default},\n"
        + tail
    )


ROUTE = call(
    "Route",
    Item("", string("bookings.list")),
    Item("", name("_BOOKINGS_LIST")),
    Item("", dict_of(data=list_of(dict_of(**{f"field_{i}": string("x" * i) for i in range(12)})))),
)
ITEMS = [
    ("", ROUTE),
    ("auth=", call("BearerAuth", Item("", call("credential", *(Item("", name("a" * 20)),) * 4)))),
    (
        "",
        Union(
            (subscript("Annotated", Union((name("A" * 40), name("B" * 40))), name("F")), name("M"))
        ),
    ),
    ("", Atom('"' + "long string " * 10 + '"')),
]


@pytest.mark.parametrize("suffix", [",", ""])
@pytest.mark.parametrize(("prefix", "node"), ITEMS, ids=range(len(ITEMS)))
def test_a_long_item_of_an_exploded_bracket(prefix: str, node: Node, suffix: str) -> None:
    lines = item_lines(prefix, node, suffix, 1)
    assert lines is not None
    # Alone in its bracket when it has no comma: black joins an item that fits to `f(`.
    source = "ROUTES = f(\n    {},\n    x,\n)\n" if suffix else "ROUTES = f(\n    {}\n)\n"
    ours = source.replace("    {}" + suffix + "\n", "".join(line + "\n" for line in lines))
    assert ours == _black(source.format(prefix + flat(node)))


NOT_NULL = call(
    "frozenset",
    Item(
        "",
        Group("", "{", tuple(Item("", string(f"field_{i}")) for i in range(9)), "}", display=True),
    ),
)
ASSIGNMENTS: list[tuple[str, Node | None, Node]] = [
    ("_sent_not_null", subscript("ClassVar", subscript("frozenset", name("str"))), NOT_NULL),
    (
        "PAGINATION",
        None,
        call("PagePagination", *(Item(f"k{i}=", string("v" * 12)) for i in range(5))),
    ),
    (
        "_request_rules",
        None,
        call(
            'model_validator(mode="after")',
            Item("", call("request_rules", Item("exactly_one_of=", name("x" * 60)))),
        ),
    ),
    (
        "X",
        subscript("Operation", name("R" * 70)),
        call("Operation", Item("", string("GET")), Item("", name("P" * 30)), magic=True),
    ),
    (
        "FieldType",
        None,
        subscript(
            "Annotated",
            Union(
                (
                    subscript(
                        "Annotated",
                        Union(tuple(name(f"Type{i}" * 4) for i in range(6))),
                        name("Field"),
                    ),
                    name("APIModel"),
                )
            ),
            name("F"),
        ),
    ),
    ("metadata", Union(tuple(name(f"AttachmentData{i}") for i in range(6))), name("None")),
    (
        "waitlist_id",
        Union((name("int"), name("None"))),
        call(
            "Field",
            Item("", name("None")),
            Item(
                "validation_alias=",
                call(
                    "AliasChoices", Item("", string("waitlistId")), Item("", string("waitListId"))
                ),
            ),
            Item("serialization_alias=", string("waitlistId")),
        ),
    ),
]


@pytest.mark.parametrize("depth", [0, 1])
@pytest.mark.parametrize(
    ("target", "annotation", "value"), ASSIGNMENTS, ids=range(len(ASSIGNMENTS))
)
def test_a_long_assignment(target: str, annotation: Node | None, value: Node, depth: int) -> None:
    lines = assignment_lines(target, annotation, value, depth)
    assert lines is not None
    left = target if annotation is None else f"{target}: {flat(annotation)}"
    statement = f"{left} = {flat(value)}\n"
    if isinstance(value, Group) and value.magic:
        items = "".join(f"    {i.prefix}{flat(i.node)},\n" for i in value.items)
        statement = f"{left} = {value.head}(\n{items})\n"
    wrap = "class C:\n" if depth else ""
    pad = "    " * depth
    source = wrap + "".join(pad + line + "\n" for line in statement.splitlines())
    assert wrap + "".join(line + "\n" for line in lines) == _black(source)


# -- random expressions --------------------------------------------------------------------


def random_node(rng: random.Random, depth: int = 0, *, unions: bool = True) -> Node:
    kinds = ["atom", "atom", "string", "union", "call", "subscript", "list", "dict"]
    kind = rng.choice(kinds if unions else [k for k in kinds if k != "union"])
    if depth > 3 or kind == "atom":
        long = "y" * rng.randint(0, 40)
        return Atom(rng.choice([f"x{long}", "NOT_GIVEN", "None", "12", "-1.5", f"a.b{long}"]))
    if kind == "string":
        return Atom('"' + "s" * rng.randint(0, 60) + '"')
    if kind == "union":
        return Union(tuple(random_atom_or_group(rng, depth + 1) for _ in range(rng.randint(2, 5))))
    count = rng.randint(0 if kind in ("call", "list") else 1, 5)
    nodes = [random_node(rng, depth + 1, unions=unions) for _ in range(count)]
    if kind == "call":
        keywords = rng.randint(0, count)
        items = [Item(f"k{i}=" if i >= count - keywords else "", n) for i, n in enumerate(nodes)]
        return Group(
            "f" * rng.randint(1, 30),
            "(",
            tuple(items),
            ")",
            magic=bool(items) and rng.random() < 0.2,
        )
    if kind == "subscript":
        return Group("T" * rng.randint(1, 30), "[", tuple(Item("", n) for n in nodes), "]")
    if kind == "list":
        return Group(
            "",
            "[",
            tuple(Item("", n) for n in nodes),
            "]",
            display=True,
            magic=bool(nodes) and rng.random() < 0.2,
        )
    items = tuple(Item(f'"{"k" * rng.randint(1, 20)}": ', n) for n in nodes)
    return Group("", "{", items, "}", display=True)


def random_type(rng: random.Random, depth: int = 0) -> Node:
    """An annotation: names, subscripts of annotations and string literals, unions of those."""
    parts: list[Node] = []
    for _ in range(rng.choice([1, 2, 2, 3, 4]) if depth < 3 else 1):
        kind = rng.choice(["name", "name", "subscript", "literal"])
        if kind == "name" or depth >= 3:
            parts.append(Atom(rng.choice(["None", "NotGiven", "str", "A" * rng.randint(1, 45)])))
        elif kind == "literal":
            values = (Atom('"' + "v" * rng.randint(1, 25) + '"') for _ in range(rng.randint(1, 6)))
            parts.append(subscript("Literal", *values))
        else:
            args = (random_type(rng, depth + 1) for _ in range(rng.randint(1, 2)))
            parts.append(subscript(rng.choice(["Sequence", "Mapping", "T" * 20]), *args))
    return parts[0] if len(parts) == 1 else Union(tuple(parts))


def random_atom_or_group(rng: random.Random, depth: int) -> Node:
    node = random_node(rng, depth)
    return node if not isinstance(node, Union) else node.parts[0]


def exploded(node: Node) -> str:
    """`node` as source, its magic brackets exploded one item per line (black re-lays them)."""
    if isinstance(node, Group) and node.magic:
        inner = "".join(f"{item.prefix}{exploded(item.node)},\n" for item in node.items)
        return f"{node.head}{node.opening}\n{inner}{node.closing}"
    if isinstance(node, Group):
        inner = ", ".join(item.prefix + exploded(item.node) for item in node.items)
        return f"{node.head}{node.opening}{inner}{node.closing}"
    if isinstance(node, Union):
        return " | ".join(exploded(part) for part in node.parts)
    return node.text


@pytest.mark.parametrize("seed", range(40))
def test_random_items_and_assignments_are_laid_out_as_black_does(seed: int) -> None:
    rng = random.Random(seed)
    checked = 0
    for _ in range(25):
        node = random_node(rng)
        lines = item_lines("", node, ",", 1)
        if lines is not None:
            source = f"x = [\n{exploded(node)},\n]\n"
            assert "x = [\n" + "".join(line + "\n" for line in lines) + "]\n" == _black(
                source
            ), source
            checked += 1
        target = "t" * rng.randint(1, 40)
        lines = assignment_lines(target, None, node, 0)
        if lines is not None:
            assert "".join(line + "\n" for line in lines) == _black(
                f"{target} = {exploded(node)}\n"
            )
            checked += 1
    assert checked  # the layout does not simply give up


@pytest.mark.parametrize("seed", range(40))
def test_random_parameters_are_laid_out_as_black_does(seed: int) -> None:
    rng = random.Random(seed)
    head = "class C:\n    def f(\n        self,\n        *,\n"
    tail = "    ) -> None:\n        pass\n"
    split = 0
    for _ in range(25):
        annotation = random_type(rng)
        default = rng.choice([None, "NOT_GIVEN", "None"])
        name = "p" * rng.randint(1, 30)
        lines = parameter_lines(name, annotation, default, 2)
        assert lines is not None or not isinstance(annotation, Union)
        if lines is not None:
            end = "" if default is None else f" = {default}"
            source = head + f"        {name}: {flat(annotation)}{end},\n" + tail
            assert head + "".join(line + "\n" for line in lines) + tail == _black(source)
            split += len(lines) > 1
    assert split
