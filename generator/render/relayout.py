"""Black's layout for the lines of a rendered module that do not fit, from its syntax tree.

The templates emit black's layout (see generator/layout.py), except where a line comes out
longer than the line length. Black would split such a line as if it stood alone: an item of a
bracket the templates exploded (a call's argument, a collection's entry), a parameter of a def
written one parameter per line, or a whole assignment. `statement` lays out those lines with
generator/layout.py and gives up (None) on anything else; the caller runs black on it then.
"""

from __future__ import annotations

import ast
from bisect import bisect_left

from ..layout import (
    Atom,
    Group,
    Item,
    Node,
    Union,
    assignment_lines,
    flat,
    item_lines,
    parameter_lines,
)

_BRACKETS: dict[type[ast.expr], tuple[str, str]] = {
    ast.List: ("[", "]"),
    ast.Set: ("{", "}"),
    ast.Tuple: ("(", ")"),
    ast.Dict: ("{", "}"),
}
_Found = tuple[ast.AST, ast.AST | None]  # a node and its parent
_AtomNode = ast.Name | ast.Constant | ast.Attribute | ast.UnaryOp


class _Source:
    """The module's lines, and the source text of nodes (offsets count UTF-8 bytes)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._encoded: dict[int, bytes] = {}
        self._places: dict[tuple[int, str], dict[int, int]] = {}

    def place(self, node: ast.AST, parent: ast.AST, field: str) -> int | None:
        """Where `node` stands (by identity) in the list `parent.<field>`, or None; worked out
        once per list, so that a literal of many items is not searched once per item."""
        key = (id(parent), field)
        if key not in self._places:
            items = getattr(parent, field)
            self._places[key] = {id(item): index for index, item in enumerate(items)}
        return self._places[key].get(id(node))

    def line(self, lineno: int) -> bytes:
        if lineno not in self._encoded:
            self._encoded[lineno] = self.lines[lineno - 1].rstrip("\n").encode()
        return self._encoded[lineno]

    def text(self, node: ast.AST) -> str | None:
        """The node's source when it is on one line."""
        lineno, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        if lineno is None or lineno != end:
            return None
        start, stop = getattr(node, "col_offset", 0), getattr(node, "end_col_offset", None)
        return self.line(lineno)[start:stop].decode()

    def rest(self, node: ast.AST) -> str:
        """What follows the node on its last line."""
        end = getattr(node, "end_lineno", 1)
        return self.line(end)[getattr(node, "end_col_offset", 0) :].decode()

    def trailing_comma(self, node: ast.expr) -> bool:
        """Whether a comma stands before the node's closing bracket."""
        lineno, end = node.end_lineno or node.lineno, (node.end_col_offset or 1) - 1
        while lineno >= node.lineno:
            before = self.line(lineno)[:end].rstrip()
            if before:
                return before.endswith(b",")
            lineno -= 1
            end = len(self.line(lineno)) if lineno >= 1 else 0
        return False


def _atom(source: _Source, expr: ast.expr) -> Atom | None:
    base: ast.expr = expr
    while isinstance(base, ast.Attribute):
        base = base.value
    if isinstance(expr, ast.UnaryOp):
        if not (isinstance(expr.op, ast.USub) and isinstance(expr.operand, ast.Constant)):
            return None
    elif not isinstance(base, ast.Name | ast.Constant):
        return None
    text = source.text(expr)
    return None if text is None else Atom(text)


def _items(source: _Source, elts: list[ast.expr]) -> tuple[Item, ...] | None:
    items = [_node(source, elt) for elt in elts]
    if any(
        item is None or isinstance(elt, ast.Starred) for item, elt in zip(items, elts, strict=True)
    ):
        return None
    return tuple(Item("", item) for item in items if item is not None)


def _head(source: _Source, expr: ast.expr) -> str | None:
    head = _node(source, expr)
    if head is None or isinstance(head, Union) or (isinstance(head, Group) and head.holds_magic):
        return None
    return flat(head)


def _call(source: _Source, expr: ast.Call) -> Group | None:
    head = _head(source, expr.func)
    args = _items(source, expr.args)
    if head is None or args is None or any(k.arg is None for k in expr.keywords):
        return None
    if expr.args and expr.keywords and expr.keywords[0].lineno < expr.args[-1].lineno:
        return None  # a keyword before a positional argument: keep the source order simple
    keywords = [(k.arg, _node(source, k.value)) for k in expr.keywords]
    items = [*args, *(Item(f"{name}=", value) for name, value in keywords if value is not None)]
    if len(items) != len(expr.args) + len(expr.keywords):
        return None
    return Group(head, "(", tuple(items), ")", magic=source.trailing_comma(expr))


def _subscript(source: _Source, expr: ast.Subscript) -> Group | None:
    head = _head(source, expr.value)
    index = expr.slice
    if head is None or isinstance(index, ast.Slice):
        return None
    bare_tuple = (
        isinstance(index, ast.Tuple) and index.elts and index.col_offset == index.elts[0].col_offset
    )
    items = _items(source, index.elts if isinstance(index, ast.Tuple) and bare_tuple else [index])
    magic = source.trailing_comma(expr)
    if items is None or (magic and len(items) == 1):
        return None
    return Group(head, "[", items, "]", magic=magic)


def _display(source: _Source, expr: ast.List | ast.Set | ast.Tuple | ast.Dict) -> Group | None:
    opening, closing = _BRACKETS[type(expr)]
    if isinstance(expr, ast.Dict):
        items: list[Item] = []
        for key, value in zip(expr.keys, expr.values, strict=True):
            key_atom = None if key is None else _atom(source, key)
            node = _node(source, value)
            if key_atom is None or node is None:
                return None
            items.append(Item(f"{key_atom.text}: ", node))
        elements: tuple[Item, ...] | None = tuple(items)
    else:
        elements = _items(source, expr.elts)
    if elements is None:
        return None
    comma = bool(elements) and source.trailing_comma(expr)
    if isinstance(expr, ast.Tuple):
        if not source.line(expr.lineno)[expr.col_offset :].startswith(b"("):
            return None  # a tuple without parentheses
        if len(elements) == 1:
            return Group("", opening, elements, closing, display=True, one_tuple=True)
    return Group("", opening, elements, closing, display=True, magic=comma)


def _node(source: _Source, expr: ast.expr) -> Node | None:
    """The layout tree of `expr`, or None for an expression of another kind."""
    if isinstance(expr, _AtomNode):
        return _atom(source, expr)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        operands: list[ast.expr] = []
        left: ast.expr = expr
        while isinstance(left, ast.BinOp) and isinstance(left.op, ast.BitOr):
            operands.insert(0, left.right)
            left = left.left
        operands.insert(0, left)
        parts = [None if isinstance(o, ast.BinOp) else _node(source, o) for o in operands]
        if any(part is None for part in parts):
            return None
        return Union(tuple(part for part in parts if part is not None))
    if isinstance(expr, ast.Call):
        return _call(source, expr)
    if isinstance(expr, ast.Subscript):
        return _subscript(source, expr)
    if isinstance(expr, ast.List | ast.Set | ast.Tuple | ast.Dict):
        return _display(source, expr)
    return None


def _starts(stmt: ast.stmt, dirty: list[int]) -> dict[tuple[int, int], _Found]:
    """The outermost node starting at each (line, column) of the statement's `dirty` lines
    (1-based), with its parent. Nodes on one line are not descended into: none of their
    descendants starts further left."""
    found: dict[tuple[int, int], _Found] = {}
    stack: list[tuple[ast.AST, ast.AST | None]] = [(stmt, None)]
    while stack:
        node, parent = stack.pop()
        lineno = getattr(node, "lineno", None)
        if lineno is not None:
            end = getattr(node, "end_lineno", lineno)
            at = bisect_left(dirty, lineno)
            if at == len(dirty) or dirty[at] > end:
                continue
            found.setdefault((lineno, getattr(node, "col_offset", 0)), (node, parent))
            if lineno == end:
                continue
        stack.extend((child, node) for child in reversed(list(ast.iter_child_nodes(node))))
    return found


def _parameter(source: _Source, arg: ast.arg, where: ast.arguments, depth: int) -> list[str] | None:
    positional = [*where.posonlyargs, *where.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(where.defaults))
    defaults = [*defaults, *where.defaults, *where.kw_defaults]
    default = dict(zip(map(id, [*positional, *where.kwonlyargs]), defaults, strict=True)).get(
        id(arg)
    )
    annotation = None if arg.annotation is None else _node(source, arg.annotation)
    default_atom = None if default is None else _atom(source, default)
    if annotation is None or (default is not None and default_atom is None):
        return None
    default_text = None if default_atom is None else default_atom.text
    lines = parameter_lines(arg.arg, annotation, default_text, depth)
    tail = "" if default_text is None else f" = {default_text}"
    expected = f"{arg.arg}: {flat(annotation)}{tail},"
    return lines if source.line(arg.lineno).strip().decode() == expected else None


def _item(source: _Source, node: ast.AST, parent: ast.AST | None) -> tuple[Item, str] | None:
    """The bracket item starting at `node`, and what follows it on its line."""
    if isinstance(node, ast.keyword) and node.arg is not None:
        value = _node(source, node.value)
        last: ast.AST = node.value
        item = None if value is None else Item(f"{node.arg}=", value)
    elif isinstance(parent, ast.Dict) and source.place(node, parent, "keys") is not None:
        index = source.place(node, parent, "keys")
        assert index is not None
        key, last = _atom(source, node) if isinstance(node, ast.expr) else None, parent.values[
            index
        ]
        value = _node(source, parent.values[index])
        item = None if key is None or value is None else Item(f"{key.text}: ", value)
    elif isinstance(node, ast.expr) and _is_element(source, node, parent):
        value, last = _node(source, node), node
        item = None if value is None else Item("", value)
    else:
        return None
    if item is None or getattr(last, "end_lineno", None) != getattr(node, "lineno", None):
        return None
    return item, source.rest(last)


def _is_element(source: _Source, node: ast.expr, parent: ast.AST | None) -> bool:
    if isinstance(parent, ast.Subscript):
        return node is parent.slice
    if isinstance(parent, ast.Call):
        return source.place(node, parent, "args") is not None
    if isinstance(parent, ast.List | ast.Set | ast.Tuple):
        return source.place(node, parent, "elts") is not None
    return False


def _assignment(source: _Source, stmt: ast.stmt, depth: int) -> list[str] | None:
    """A whole assignment to a name, on one line or with its value exploded."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, annotation_expr, value_expr = stmt.targets[0], None, stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None and stmt.simple:
        target, annotation_expr, value_expr = stmt.target, stmt.annotation, stmt.value
    else:
        return None
    annotation = None if annotation_expr is None else _node(source, annotation_expr)
    value = _node(source, value_expr)
    if not isinstance(target, ast.Name) or value is None or (annotation_expr and not annotation):
        return None
    left = target.id if annotation is None else f"{target.id}: {flat(annotation)}"
    pad = "    " * depth
    if stmt.lineno == stmt.end_lineno:
        expected = [f"{pad}{left} = {flat(value)}"]
    elif isinstance(value, Group) and value.magic:
        # Exploded by the template: one item per line, each on its own line in the source.
        expected = [f"{pad}{left} = {value.head}{value.opening}"]
        expected += [f"{pad}    {item.prefix}{flat(item.node)}," for item in value.items]
        expected.append(pad + value.closing)
    else:
        return None
    actual = [source.line(n).decode() for n in range(stmt.lineno, (stmt.end_lineno or 0) + 1)]
    if actual != expected:
        return None
    return assignment_lines(target.id, annotation, value, depth)


def statement(lines: list[str], stmt: ast.stmt, dirty: list[int]) -> list[str] | None:
    """The statement's lines with each of its `dirty` lines (0-based) laid out as black lays it
    out, or None when one of them is not a shape generator/layout.py covers."""
    source = _Source(lines)
    starts = _starts(stmt, sorted(index + 1 for index in dirty))
    replaced: dict[int, tuple[int, list[str]]] = {}  # first line -> (past-the-end, new lines)
    covered = 0  # lines before this are inside a replacement (each starts at its dirty line)
    for index in sorted(dirty):
        if index < covered:
            continue
        line = lines[index].rstrip("\n")
        indent = len(line) - len(line.lstrip(" "))
        found = starts.get((index + 1, indent))
        if found is None or indent % 4:
            return None
        node, parent = found
        new = _line(source, node, parent, indent // 4)
        if new is None:
            return None
        end = getattr(node, "end_lineno", index + 1) if isinstance(node, ast.stmt) else index + 1
        replaced[index] = (end, new)
        covered = max(covered, end)
    first, end = stmt.lineno - 1, stmt.end_lineno or stmt.lineno
    decorators = getattr(stmt, "decorator_list", [])
    first = min([first, *(d.lineno - 1 for d in decorators)])
    out: list[str] = []
    index = first
    while index < end:
        if index in replaced:
            stop, new = replaced[index]
            out.extend(text + "\n" for text in new)
            index = stop
        else:
            out.append(lines[index])
            index += 1
    return out


def _line(source: _Source, node: ast.AST, parent: ast.AST | None, depth: int) -> list[str] | None:
    if isinstance(node, ast.Assign | ast.AnnAssign):
        return _assignment(source, node, depth)
    if isinstance(node, ast.arg) and isinstance(parent, ast.arguments):
        return _parameter(source, node, parent, depth)
    found = _item(source, node, parent)
    if found is None or found[1] not in ("", ","):
        return None
    item, rest = found
    line = source.line(getattr(node, "lineno", 0)).decode()
    if line != "    " * depth + item.prefix + flat(item.node) + rest:
        return None
    return item_lines(item.prefix, item.node, rest, depth)
