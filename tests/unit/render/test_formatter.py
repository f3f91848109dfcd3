"""generator/render/formatter.py: ruff and its one rule give black's bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from generator.render import formatter
from generator.render.formatter import with_black, with_ruff

LONG = "an_enumeration_or_model_name_long_enough_to_push_annotations_past_the_line"
LITERAL = "Literal[" + ", ".join(f'"value{i}"' for i in range(20)) + "]"


def _signature(*parameters: str) -> str:
    return "def f(\n" + "".join(f"    {p},\n" for p in parameters) + ") -> None:\n    pass\n"


# Parameters whose annotation is a union too long for its line: the shape where ruff alone
# differs from black (black wraps the annotation in parentheses), and its neighbours.
SIGNATURES = {
    "three names": _signature("self", f"x: {LONG} | Other | None = None"),
    "two names": _signature("self", f"x: {LONG} | OtherQuiteLongTypeNameForTesting = {{}}"),
    "no default": _signature("self", f"x: {LONG} | Other | OtherX"),
    "short union, long default": _signature(
        "self", 'x: SomeTypeName | None = "a long default string value that overflows the line"'
    ),
    "a long subscript in the union": _signature("self", f"x: Kind | {LITERAL} | NotGiven = NG"),
    "a union inside a subscript": _signature(
        "self", f"xyz: Sequence[{LONG} | Mapping[str, Any]] | NotGiven = NOT_GIVEN"
    ),
    "on one line in the source": f"def f(self, x: {LONG} | Other | None) -> None:\n    pass\n",
    "the only parameter": f"def f(parameter: {LONG} | Other | None = None) -> None:\n    pass\n",
    "wide characters": _signature(
        "self", "x: 名前名前名前名前名前名前名前名前名前名前名前名前Model | 名前Model | None = None"
    ),
    "a fitting union": _signature("self", "x: A | B = NOT_GIVEN"),
    "a long subscript alone": _signature("self", f"x: {LITERAL} = NOT_GIVEN"),
    "a field": f"class M:\n    some_field_name: {LONG} | Other | None = Field(default=None)\n",
    "a return annotation": f"def f(self) -> {LONG} | OtherQuiteLongTypeName | None:\n    pass\n",
    "two in one module": _signature(f"x: {LONG} | Other", f"y: {LONG} | Other = None"),
}


@pytest.mark.parametrize("source", SIGNATURES.values(), ids=list(SIGNATURES))
def test_ruff_and_the_rule_give_what_black_gives(source: str) -> None:
    assert with_ruff([source]) == with_black([source])


def test_the_rule_is_needed() -> None:
    """Ruff alone lays a long union annotation out otherwise (when a ruff release lays it out as
    black does, the rule can go)."""
    source = SIGNATURES["three names"]
    (black,) = with_black([source])
    assert "    x: (\n" in black
    assert formatter._ruff([source]) != [black]


# Characters str.splitlines breaks at but the parser does not: a docstring may hold any of them.
ODD_BREAKS = ["\x85", "\x0c", "\x1c", "\u2028", "\u2029"]


@pytest.mark.parametrize("odd", ODD_BREAKS, ids=[hex(ord(c)) for c in ODD_BREAKS])
def test_a_docstring_holding_a_line_break_the_parser_ignores(odd: str) -> None:
    source = (
        f'"""Module{odd}text é."""\n\n\n'
        f"def f(first_argument: {LONG} | int, second_argument: int) -> int:\n"
        f'    """Adds{odd}them."""\n'
        "    return first_argument + second_argument\n"
    )
    (ours,) = with_ruff([source])
    assert ours == with_black([source])[0]
    assert "    first_argument: (\n" in ours  # the rule applied after the odd character


def test_configuration_files_around_the_scratch_folder_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ruff.toml").write_text("line-length = 40\n[format]\nquote-style = 'single'\n")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    source = 'x = call("first argument", "second argument", "third")\n'
    assert with_ruff([source]) == [source]


def test_many_modules_keep_their_order() -> None:
    sources = [f"x = {index}\n" for index in range(30)]
    assert with_ruff([*sources, SIGNATURES["three names"]]) == [
        *sources,
        with_black([SIGNATURES["three names"]])[0],
    ]


def test_invalid_code_is_a_template_bug() -> None:
    with pytest.raises(RuntimeError, match="ruff could not format"):
        with_ruff(["def f(:\n"])
    with pytest.raises(RuntimeError, match="not valid Python"):
        with_black(["def f(:\n"])


def test_a_one_line_docstring_too_long_for_its_line_is_wrapped() -> None:
    method = "a_method_whose_name_the_document_made_long_by_spelling_its_whole_path_out"
    source = f'class _Arguments:\n    """Arguments of `resource.{method}`."""\n\n    x: int\n'
    for formatted in (with_ruff([source])[0], with_black([source])[0]):
        assert formatted == (
            "class _Arguments:\n"
            '    """Arguments of\n'
            f"    `resource.{method}`.\n"
            '    """\n\n    x: int\n'
        )
        assert all(len(line) <= formatter.LINE_LENGTH for line in formatted.splitlines())


def test_a_docstring_that_fits_or_cannot_be_wrapped_is_kept() -> None:
    fits = 'def f() -> None:\n    """Short."""\n'
    one_word = 'def f() -> None:\n    """' + "x" * 120 + '"""\n'
    assert formatter.wrap_docstrings(fits) == fits
    assert formatter.wrap_docstrings(one_word) == one_word


def test_a_docstring_summary_too_long_for_its_line_is_wrapped() -> None:
    title = "The " + " ".join(["Long-Titled"] * 9) + " API (1.1.38 (2018-02-26 11:01:29))"
    source = f'"""Models and enums of {title}.\n\nMore.\n"""\n\nX = 1\n'
    formatted = with_ruff([source])[0]
    assert formatted == with_black([source])[0]
    assert formatted.startswith('"""Models and enums of The Long-Titled')
    assert formatted.endswith('\n\nMore.\n"""\n\nX = 1\n')
    assert all(len(line) <= formatter.LINE_LENGTH for line in formatted.splitlines())


def test_a_dictionary_entry_too_long_for_its_line_puts_its_value_in_parentheses() -> None:
    """`"key": name,` is a line neither formatter breaks; with the value in parentheses it fits,
    and black keeps that layout."""
    name = "only_allow_merge_if_all_discussions_are_resolved_and_more"
    source = (
        f"def f({name}: int, x: int) -> object:\n"
        f'    return g({{"{name}": {name}, "x": x, "description": "some text"}})\n'
    )
    formatted = with_ruff([source])[0]
    assert f'            "{name}": (\n                {name}\n            ),\n' in formatted
    assert '            "x": x,\n' in formatted
    assert all(len(line) <= formatter.LINE_LENGTH for line in formatted.splitlines())
    assert with_black([formatted]) == [formatted]


def test_a_docstring_that_would_fit_but_for_its_closing_quotes_is_wrapped() -> None:
    method = "get_network_appliance_firewall_inbound_firewall_rules_for_orgs"
    source = f'class _Arguments:\n    """Arguments of `mx_l3_inbound.{method}`."""\n'
    assert len(source.splitlines()[1]) in range(101, 104)
    formatted = with_ruff([source])[0]
    assert formatted == with_black([source])[0]
    assert formatted.splitlines()[1:3] == ['    """Arguments of', f"    `mx_l3_inbound.{method}`."]
    assert all(len(line) <= formatter.LINE_LENGTH for line in formatted.splitlines())
