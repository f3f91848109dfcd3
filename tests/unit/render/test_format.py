"""Black only where needed gives what black gives on the whole file."""

from __future__ import annotations

import pytest

from generator.render.render import format_python

# Characters str.splitlines breaks at but the parser does not: a docstring may hold any of them.
ODD_BREAKS = ["\x85", "\x0c", "\x1c", "\u2028", "\u2029"]


@pytest.mark.parametrize("odd", ODD_BREAKS, ids=[hex(ord(c)) for c in ODD_BREAKS])
def test_a_docstring_holding_a_line_break_the_parser_ignores(odd: str) -> None:
    source = (
        f'"""Module{odd}text é."""\n\n\n'
        "def f(first_argument_with_a_long_name: int, second_argument_with_a_long_name: int, "
        "third_argument_with_a_long_name: int) -> int:\n"
        f'    """Adds{odd}them."""\n'
        "    return first_argument_with_a_long_name + second_argument_with_a_long_name + "
        "third_argument_with_a_long_name\n"
    )
    (ours,) = format_python([source])
    (black_whole,) = format_python([source], whole_files=True)
    assert ours == black_whole
    assert (
        "def f(\n    first_argument_with_a_long_name: int," in ours
    )  # the long signature was formatted
