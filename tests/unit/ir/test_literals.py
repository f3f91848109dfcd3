"""Spec text as Python source.

Literals that evaluate back to the value, docstrings that stay text.
"""

from __future__ import annotations

import ast

import pytest

from generator.ir.literals import doc, join_doc, py_str, py_value


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        'say "hi"',
        "back\\slash",
        "new\nline",
        "é ünïcode",
        '"""',
        0,
        -3,
        2.5,
        True,
        None,
        [1, "two", None],
        {"a": [1, {"b": False}]},
    ],
)
def test_py_value_evaluates_back_to_the_value(value: object) -> None:
    assert ast.literal_eval(py_value(value)) == value


def test_py_str_is_double_quoted() -> None:
    assert py_str("it's") == '"it\'s"'


def test_py_value_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError):
        py_value({1, 2})


def _docstring(body: str) -> str:
    """What Python reads from `body` placed inside a function's triple-quoted docstring."""
    tree = ast.parse(f'def f():\n    """{body}"""\n')
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(tree.body) == 1 and len(function.body) == 1  # nothing of the text became code
    text = ast.get_docstring(function, clean=False)
    assert text is not None
    return text


@pytest.mark.parametrize(
    ("text", "read_back"),
    [
        ('ends with a quote"', 'ends with a quote"'),
        ('"starts with one', '"starts with one'),
        ('has """ three', 'has """ three'),
        ('""" """', '""" """'),
        ("back\\slash \\n", "back\\slash \\n"),
        ("nul \x00 char", "nul \\x00 char"),  # a control character is shown as its escape
    ],
)
def test_doc_cannot_end_the_docstring_or_become_code(text: str, read_back: str) -> None:
    assert _docstring(doc(text)) == read_back


def test_doc_wraps_paragraphs_and_keeps_indented_blocks() -> None:
    long = " ".join(["word"] * 40)
    body = doc(
        f"{long}\n\nArgs:\n"
        "    name: a very long line that is kept as it is, however long it gets to be here"
    )
    paragraph, block = body.split("\n\n")
    assert all(len(line) <= 88 for line in paragraph.split("\n")) and "\n" in paragraph
    assert block == (
        "Args:\n"
        "    name: a very long line that is kept as it is, however long it gets to be here\n"
    )


def test_doc_of_several_lines_ends_with_a_newline() -> None:
    assert doc("one line") == "one line"
    assert doc("one\n\ntwo") == "one\n\ntwo\n"
    assert doc(None) == doc("") == ""


def test_join_doc_drops_empty_parts() -> None:
    assert join_doc("First.", None, "  ", " Second. ") == "First.\n\nSecond."
