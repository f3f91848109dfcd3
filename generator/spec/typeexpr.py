"""Type expressions: `string`, `list[Address]`, `map[integer]`, `integer | string`.

A field's type may also say that the key may be absent (`string?`) or that the value may be null
(`string | null`); `split_modifiers` takes those off before the rest is parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PRIMITIVES = (
    "string",
    "integer",
    "number",
    "boolean",
    "datetime",
    "date",
    "epoch_ms",
    "uuid",
    "object",
    "any",
)
CONTAINERS = ("list", "map")
_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[\[\]|?]))")
NULL = "null"
OPTIONAL_MARK = "?"


@dataclass(frozen=True)
class Prim:
    name: str


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True)
class MapOf:
    value: TypeExpr


@dataclass(frozen=True)
class UnionOf:
    members: tuple[TypeExpr, ...]


TypeExpr = Prim | Ref | ListOf | MapOf | UnionOf


class TypeSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Modifiers:
    """A field's type expression without its `?` and `| null`, and what they said."""

    core: str
    optional: bool
    nullable: bool


def split_modifiers(text: str) -> Modifiers:
    """`string?` -> (`string`, optional); `Booking | null` -> (`Booking`, nullable).

    Only a trailing `?` and a `null` member of the outermost union count; text that does not
    tokenize is returned whole, for `parse_type` to report where it goes wrong.
    """
    try:
        tokens = _tokenize(text)
    except TypeSyntaxError:
        return Modifiers(text, False, False)
    optional = bool(tokens) and tokens[-1][0] == OPTIONAL_MARK
    end = tokens[-1][1] if optional else len(text)
    if optional:
        tokens = tokens[:-1]
    members: list[tuple[int, int]] = []  # (first, last) token index of each outermost member
    depth, first = 0, 0
    for index, (token, _) in enumerate(tokens):
        depth += {"[": 1, "]": -1}.get(token, 0)
        if token == "|" and depth == 0:
            members.append((first, index - 1))
            first = index + 1
    members.append((first, len(tokens) - 1))
    kept = [(a, b) for a, b in members if not (a == b and tokens[a][0] == NULL)]
    nullable = len(kept) < len(members)
    if not kept or any(a > b for a, b in kept):
        return Modifiers(text, False, False)

    def source(first: int, last: int) -> str:
        stop = tokens[last + 1][1] if last + 1 < len(tokens) else end
        return text[tokens[first][1] : stop].strip()

    core = " | ".join(source(a, b) for a, b in kept) if nullable else text[:end].strip()
    return Modifiers(core, optional, nullable)


def _tokenize(text: str) -> list[tuple[str, int]]:
    """(token, offset) pairs; raise TypeSyntaxError at a character no token starts with."""
    tokens: list[tuple[str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match:
            raise TypeSyntaxError(f"unexpected character {text[pos:].lstrip()[0]!r}", pos)
        start = match.start("name") if match.group("name") else match.start("punct")
        tokens.append((match.group("name") or match.group("punct"), start))
        pos = match.end()
    return tokens


def parse_type(text: str) -> TypeExpr:
    """Parse a type expression; raise TypeSyntaxError with the character offset of the problem."""
    tokens = _tokenize(text)
    parser = _Parser(tokens, len(text))
    expr = parser.union()
    if parser.index < len(tokens):
        token, offset = tokens[parser.index]
        if token == OPTIONAL_MARK:
            raise TypeSyntaxError("'?' (optional) goes only at the end of a field's type", offset)
        raise TypeSyntaxError(f"unexpected {token!r}", offset)
    return expr


class _Parser:
    def __init__(self, tokens: list[tuple[str, int]], end: int) -> None:
        self.tokens = tokens
        self.index = 0
        self.end = end

    def _peek(self) -> str | None:
        return self.tokens[self.index][0] if self.index < len(self.tokens) else None

    def _offset(self) -> int:
        return self.tokens[self.index][1] if self.index < len(self.tokens) else self.end

    def _expect(self, token: str) -> None:
        if self._peek() != token:
            found = self._peek()
            raise TypeSyntaxError(
                f"expected {token!r}" + (f", found {found!r}" if found else " at the end"),
                self._offset(),
            )
        self.index += 1

    def union(self) -> TypeExpr:
        members = [self.single()]
        while self._peek() == "|":
            self.index += 1
            members.append(self.single())
        return members[0] if len(members) == 1 else UnionOf(tuple(members))

    def single(self) -> TypeExpr:
        token = self._peek()
        if token == OPTIONAL_MARK:
            raise TypeSyntaxError(
                "'?' (optional) goes only at the end of a field's type", self._offset()
            )
        if token == NULL:
            raise TypeSyntaxError(
                "'null' goes only in the outermost union of a field's or response's type",
                self._offset(),
            )
        if token is None or token in "[]|":
            raise TypeSyntaxError("expected a type name", self._offset())
        self.index += 1
        if token in CONTAINERS:
            self._expect("[")
            inner = self.union()
            self._expect("]")
            return ListOf(inner) if token == "list" else MapOf(inner)
        if token in PRIMITIVES:
            return Prim(token)
        return Ref(token)


def references(expr: TypeExpr) -> list[str]:
    """Names of declared types the expression mentions, in order."""
    if isinstance(expr, Ref):
        return [expr.name]
    if isinstance(expr, ListOf):
        return references(expr.item)
    if isinstance(expr, MapOf):
        return references(expr.value)
    if isinstance(expr, UnionOf):
        return [name for member in expr.members for name in references(member)]
    return []


def primitives(expr: TypeExpr) -> list[str]:
    """Names of the primitive types the expression mentions, in order."""
    if isinstance(expr, Prim):
        return [expr.name]
    if isinstance(expr, ListOf):
        return primitives(expr.item)
    if isinstance(expr, MapOf):
        return primitives(expr.value)
    if isinstance(expr, UnionOf):
        return [name for member in expr.members for name in primitives(member)]
    return []
