"""Black's layout, emitted directly where it is simple, so that black has little left to do.

Black stays the formatter of record (every Python file still goes through it); these helpers
only save it the work of re-splitting lines. Black keeps a collection or an import on one line
when it fits in the line length, and otherwise puts one item on each line with a trailing comma.
"""

from __future__ import annotations

from black.strings import str_width

LINE_LENGTH = 100


def bracketed(
    head: str,
    items: list[str],
    tail: str,
    *,
    opening: str = "[",
    closing: str = "]",
    indent: int = 0,
    after: int = 0,
) -> str:
    """`head[a, b, c]tail` at `indent` columns, on one line if it fits (with `after` more columns
    of what follows on the line), else exploded."""
    one_line = f"{head}{opening}{', '.join(items)}{closing}{tail}"
    if not items or indent + str_width(one_line) + after <= LINE_LENGTH:
        return one_line
    pad = " " * indent
    body = "".join(f"{pad}    {item},\n" for item in items)
    return f"{head}{opening}\n{body}{pad}{closing}{tail}"


def from_import(module: str, names: list[str], *, indent: int = 0) -> str:
    """`from module import a, b` as black lays it out at `indent` columns."""
    line = f"from {module} import {', '.join(names)}"
    if indent + str_width(line) <= LINE_LENGTH:
        return line
    return bracketed(f"from {module} import ", names, "", opening="(", closing=")", indent=indent)
