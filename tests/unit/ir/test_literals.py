"""Spec text as Python source.

Literals that evaluate back to the value, docstrings that stay text.
"""

from __future__ import annotations

import ast

import pytest

from generator.ir.literals import display_width, doc, join_doc, py_str, py_value, wire_text


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


def test_a_kept_line_too_long_is_wrapped_under_its_own_indent() -> None:
    item = "      * If the user may not search remote URIs, " + "redirect them " * 8
    body = doc(f"Steps:\n{item.rstrip()}")
    lines = body.rstrip("\n").split("\n")
    assert lines[0] == "Steps:" and len(lines) > 2
    assert all(len(line) <= 88 and line.startswith("      ") for line in lines[1:])
    assert " ".join(line.strip() for line in lines[1:]) == " ".join(item.split())


def test_east_asian_text_is_wrapped_by_the_columns_it_takes() -> None:
    # Japanese has no spaces between words and each character takes two columns, as ruff counts.
    text = "ショップページと注文完了ページの両方" * 4 + " - `shop`: ショップページ"
    lines = doc(text).rstrip("\n").split("\n")
    assert len(lines) > 1 and all(display_width(line) <= 88 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert doc("https://example.com/" + "a" * 100) == "https://example.com/" + "a" * 100


def test_doc_of_several_lines_ends_with_a_newline() -> None:
    assert doc("one line") == "one line"
    assert doc("one\n\ntwo") == "one\n\ntwo\n"
    assert doc(None) == doc("") == ""


def test_join_doc_drops_empty_parts() -> None:
    assert join_doc("First.", None, "  ", " Second. ") == "First.\n\nSecond."


def test_a_whole_number_is_sent_as_the_client_sends_it() -> None:
    # The client sends a `number` argument of 300 as `300` (not `300.0`): a test expects that.
    assert wire_text(300.0) == "300"
    assert wire_text(2.5) == "2.5"
    assert wire_text(1e300) == "1e+300"
    assert wire_text(True) == "true"


def test_doc_wraps_by_the_columns_its_escapes_take() -> None:
    # Each backslash is written twice: a line measured before escaping came out too long.
    text = " ".join(['say \\"hi\\" to them'] * 12)
    lines = doc(text).splitlines()
    assert len(lines) > 1
    assert all(display_width(line) <= 88 for line in lines)


def test_display_width_counts_columns_as_ruff_does() -> None:
    assert display_width("plain ascii, tabs\tand all") == 25
    assert display_width("注文") == 4  # wide characters take two columns
    assert display_width("café") == 4  # a narrow non-ASCII character takes one
    assert display_width("a注b") == 4
