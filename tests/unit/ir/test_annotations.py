"""Annotation trees print as the Python source the generated modules hold."""

from __future__ import annotations

import ast

import pytest

from generator.ir import annotations as an

JOB = an.Name("Job")
ANY = an.Name("Any")
NOT_GIVEN = an.Name("NotGiven")
MAPPING = an.Subscript("Mapping", (an.STR, ANY))


@pytest.mark.parametrize(
    ("tree", "text"),
    [
        (an.Name("_dt.datetime"), "_dt.datetime"),
        (an.NONE, "None"),
        (an.Subscript("list", (JOB,)), "list[Job]"),
        (an.Subscript("dict", (an.STR, ANY)), "dict[str, Any]"),
        (an.Union((JOB, an.NONE)), "Job | None"),
        (
            an.Literal(("asc", 'say "hi"', 2, True, None)),
            'Literal["asc", \'say "hi"\', 2, True, None]',
        ),
        (an.NotNull(an.Name("int")), "NotNull[int]"),
        (
            an.Annotated(an.STR, an.Call("Checked", keywords=(("min_length", 1),))),
            "Annotated[str, Checked(min_length=1)]",
        ),
        (an.Call("people.list"), "people.list()"),
        (
            an.Call("people.update", ("p1", {"a": [1.5]}), (("company", None), ("tags", ["x"]))),
            'people.update("p1", {"a": [1.5]}, company=None, tags=["x"])',
        ),
    ],
)
def test_each_node_prints_its_python_text(tree: object, text: str) -> None:
    assert str(tree) == text


def test_nested_trees_print_inside_out() -> None:
    item = an.union(JOB, MAPPING)
    tree = an.Annotated(
        an.NotNull(an.Subscript("Sequence", (item,))),
        an.Call("Checked", keywords=(("min_items", 1), ("max_items", 10), ("separator", ","))),
    )
    text = (
        "Annotated[NotNull[Sequence[Job | Mapping[str, Any]]], "
        'Checked(min_items=1, max_items=10, separator=",")]'
    )
    assert str(tree) == text
    ast.parse(text, mode="eval")  # and it is an expression Python reads


def test_a_page_of_a_union_keeps_the_union_inside_its_brackets() -> None:
    page = an.Subscript("SyncPage", (an.union(JOB, an.Name("Visit")),))
    assert str(an.union(page, an.NONE)) == "SyncPage[Job | Visit] | None"


def test_union_flattens_nested_unions_and_drops_repeats() -> None:
    enum = an.union(an.Name("Sort"), an.Literal(("asc", "desc")))
    tree = an.union(an.union(JOB, MAPPING), enum, an.union(MAPPING, JOB), an.NONE)
    assert tree == an.Union((JOB, MAPPING, an.Name("Sort"), an.Literal(("asc", "desc")), an.NONE))
    assert str(tree) == 'Job | Mapping[str, Any] | Sort | Literal["asc", "desc"] | None'


def test_union_of_one_member_is_that_member() -> None:
    assert an.union(JOB, JOB) == JOB
    with pytest.raises(ValueError):
        an.union()


def test_union_tells_members_apart_by_content_not_by_text() -> None:
    # Two different literals are two members, even where one's text contains the other's.
    tree = an.union(an.Literal(("a",)), an.Literal(("a", "b")), an.Literal(("a",)))
    assert str(tree) == 'Literal["a"] | Literal["a", "b"]'


def test_without_takes_one_member_out_of_a_union() -> None:
    argument = an.union(an.Subscript("list", (JOB,)), NOT_GIVEN, an.NONE)
    assert str(an.without(argument, NOT_GIVEN)) == "list[Job] | None"
    assert an.without(an.union(JOB, NOT_GIVEN), NOT_GIVEN) == JOB
    assert an.without(JOB, NOT_GIVEN) == JOB


def test_renamed_renames_type_names_and_origins_but_not_values() -> None:
    tree = an.union(
        an.Subscript("list", (an.Subscript("dict", (an.STR, an.Name("int"))),)),
        an.Literal(("list", "str")),
        an.NotNull(an.Annotated(an.STR, an.Call("Checked", keywords=(("separator", "str"),)))),
    )

    def qualify(name: str) -> str:
        return f"builtins.{name}" if name in ("list", "str") else name

    assert str(an.renamed(tree, qualify)) == (
        'builtins.list[dict[builtins.str, int]] | Literal["list", "str"]'
        ' | NotNull[Annotated[builtins.str, Checked(separator="str")]]'
    )
