"""Black's layout, emitted directly, so that black has nothing left to do.

Black stays the formatter of record: `make test` checks every generated file with black, and
`apigen generate --format` runs it on whole files. The templates emit black's layout where it is
simple: black keeps a collection or an import on one line when it fits in the line length, and
otherwise puts one item on each line with a trailing comma.

A line that does not fit is split here as black splits it (its `linegen` module), for the
expressions generated code is made of: names and literals (`Atom`), calls, subscripts and
collection displays (`Group`), and `a | b` unions (`Union`). Black tries, in order: splitting at
the line's lowest-priority delimiters outside brackets (`|`, then `,`), and the right-hand split
(head up to the last opening bracket, the body one level deeper, the closing bracket on its
own line); the body of a collection display, or of any bracket written with a trailing comma,
gets one item per line. Each function returns None for a shape whose black layout it does not
know (the caller then runs black on the statement), never a guess.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ._width_table import WIDE

LINE_LENGTH = 100
_WIDE_STARTS = [start for start, _ in WIDE]
_FIRST_WIDE = chr(WIDE[0][0])


def str_width(text: str) -> int:
    """Columns `text` takes as black counts them (East Asian wide characters count two)."""
    if text.isascii() or max(text) < _FIRST_WIDE:
        return len(text)
    return sum(1 + _wide(ord(char)) for char in text)


def _wide(code: int) -> int:
    index = bisect_right(_WIDE_STARTS, code) - 1
    return int(index >= 0 and code <= WIDE[index][1])


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


# -- expressions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Atom:
    """Text black never splits: a name, a dotted name, a string or number literal."""

    text: str


@dataclass(frozen=True)
class Item:
    """One comma-separated item of a bracket: `prefix` is `key=`, `"key": ` or empty."""

    prefix: str
    node: Node


@dataclass(frozen=True)
class Group:
    """`head(items)`, `head[items]`, or a display (`[...]`, `{...}`, `(...)`, head empty)."""

    head: str  # printed on one line; it may hold brackets, e.g. `f(x)` of `f(x)(y)`
    opening: str
    items: tuple[Item, ...]
    closing: str
    display: bool = False  # black explodes a display's items whenever it splits it
    magic: bool = False  # written with a trailing comma: black keeps it exploded
    one_tuple: bool = False  # `(x,)`: its comma is not a magic one

    # Kept, not recomputed: a long line is measured at every level it is split at.
    @cached_property
    def text(self) -> str:
        inner = ", ".join(item.prefix + flat(item.node) for item in self.items)
        comma = "," if self.items and (self.magic or self.one_tuple) else ""
        return f"{self.head}{self.opening}{inner}{comma}{self.closing}"

    @cached_property
    def holds_magic(self) -> bool:
        return self.magic or any(_magic(item.node) for item in self.items)


@dataclass(frozen=True)
class Union:
    """`a | b | c`."""

    parts: tuple[Node, ...]

    @cached_property
    def text(self) -> str:
        return " | ".join(flat(part) for part in self.parts)

    @cached_property
    def holds_magic(self) -> bool:
        return any(_magic(part) for part in self.parts)


Node = Atom | Group | Union


def flat(node: Node) -> str:
    """`node` on one line."""
    return node.text


def _magic(node: Node) -> bool:
    """Whether `node` holds a bracket written with a trailing comma (black keeps it split)."""
    return not isinstance(node, Atom) and node.holds_magic


def _type_union(node: Node) -> bool:
    """A union of names and subscripts: black keeps a long one in its optional parentheses."""
    return isinstance(node, Union) and all(
        isinstance(part, Atom) or (isinstance(part, Group) and part.head and part.opening == "[")
        for part in node.parts
    )


def _bracketed(node: Node | None) -> bool:
    if isinstance(node, Union):
        return any(_bracketed(part) for part in node.parts)
    return isinstance(node, Group)


def _fits(depth: int, text: str, spare: int = 0) -> bool:
    return 4 * depth + str_width(text) + spare <= LINE_LENGTH


def _pad(depth: int) -> str:
    return "    " * depth


def item_lines(prefix: str, node: Node, suffix: str, depth: int) -> list[str] | None:
    """A line inside brackets holding one item (`prefix` + node + `suffix`, the suffix being a
    comma or nothing), as black lays it out at `depth` indentation levels."""
    text = prefix + flat(node) + suffix
    if not _magic(node) and _fits(depth, text):
        return [_pad(depth) + text]
    if isinstance(node, Atom):
        return [_pad(depth) + text]  # nothing to split at: black leaves it long
    if isinstance(node, Union):
        # Split before each `|` (the trailing comma, the line's last leaf, does not count).
        if prefix:
            return None
        out: list[str] = []
        for index, part in enumerate(node.parts):
            last = index == len(node.parts) - 1
            lines = item_lines("| " if index else "", part, suffix if last else "", depth)
            if lines is None:
                return None
            out.extend(lines)
        return out
    return _right_hand_split(prefix + node.head, node, node.closing + suffix, depth)


def _right_hand_split(head: str, node: Group, tail: str, depth: int) -> list[str] | None:
    """`head(` / the items one level deeper / `)tail`: black's split at the last bracket, when
    the head fits (otherwise black looks for another bracket to split at)."""
    if not node.items or not _fits(depth, head + node.opening) or not _fits(depth, tail):
        return None
    body = body_lines(node, depth + 1)
    if body is None:
        return None
    return [_pad(depth) + head + node.opening, *body, _pad(depth) + tail]


def body_lines(node: Group, depth: int) -> list[str] | None:
    """The items of a split bracket at `depth`: on one line if they fit, unless the bracket is
    a display of several items or was written with a trailing comma; else one per line, each
    with a trailing comma."""
    items = node.items
    if node.one_tuple:
        return item_lines(items[0].prefix, items[0].node, ",", depth)
    several = len(items) > 1
    text = ", ".join(item.prefix + flat(item.node) for item in items)
    text += "," if node.magic else ""
    exploded = several and (node.display or node.magic)
    if not exploded and not any(_magic(item.node) for item in items) and _fits(depth, text):
        return [_pad(depth) + text]
    if not several:
        return item_lines(items[0].prefix, items[0].node, "," if node.magic else "", depth)
    out: list[str] = []
    for item in items:
        lines = item_lines(item.prefix, item.node, ",", depth)
        if lines is None:
            return None
        out.extend(lines)
    return out


def parameter_lines(
    name: str, annotation: Node, default: str | None, depth: int
) -> list[str] | None:
    """One parameter of a def whose parameters are one per line: `name: annotation = default,`.

    Black wraps a long annotation in parentheses when it is a union (`name: (`, the union one
    level deeper, `) = default,`), and splits a subscript at its bracket."""
    tail = (f" = {default}" if default is not None else "") + ","
    text = f"{name}: {flat(annotation)}{tail}"
    if not _magic(annotation) and _fits(depth, text):
        return [_pad(depth) + text]
    if _type_union(annotation):
        body = item_lines("", annotation, "", depth + 1)
        if body is None or not _fits(depth, f"{name}: ("):
            return None
        return [f"{_pad(depth)}{name}: (", *body, f"{_pad(depth)}){tail}"]
    if isinstance(annotation, Group) and annotation.head:
        return _right_hand_split(
            f"{name}: {annotation.head}", annotation, annotation.closing + tail, depth
        )
    return None


def assignment_lines(
    target: str, annotation: Node | None, value: Node, depth: int
) -> list[str] | None:
    """`target: annotation = value` as black lays it out at `depth`, for a value that is a
    call, subscript or display (or an atom under a long union annotation)."""
    left = target if annotation is None else f"{target}: {flat(annotation)}"
    if annotation is not None and _magic(annotation):
        return None
    text = f"{left} = {flat(value)}"
    if not _magic(value) and _fits(depth, text):
        return [_pad(depth) + text]
    if isinstance(value, Group):
        if _fits(depth, f"{left} = {value.head}{value.opening}"):
            # Black drops the optional parentheses around the value when its head fits.
            return _right_hand_split(f"{left} = {value.head}", value, value.closing, depth)
        # Otherwise it keeps them, when the target has brackets of its own and the value's
        # head none (black measures `left = (` against one column less than the line length).
        if (
            _bracketed(annotation)
            and ")" not in value.head
            and _fits(depth, f"{left} = (", spare=1)
            and value.items
        ):
            body = item_lines("", value, "", depth + 1)
            return None if body is None else [f"{_pad(depth)}{left} = (", *body, _pad(depth) + ")"]
        return None
    if (
        isinstance(value, Atom)
        and isinstance(annotation, Union)
        and _type_union(annotation)
        and len(annotation.parts) > 2
        and not _fits(depth, f"{left} = (", spare=1)
    ):
        # When even `left = (` is too long (measured as above), black splits the annotation in
        # its own optional parentheses instead, a union one part per line.
        body = item_lines("", annotation, "", depth + 1)
        if body is None or not _fits(depth, f"{target}: ("):
            return None
        return [f"{_pad(depth)}{target}: (", *body, f"{_pad(depth)}) = {value.text}"]
    return None
