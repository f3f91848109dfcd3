"""Type expressions: `string`, `list[Address]`, `map[integer]`, `integer | string`."""

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
_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[\[\]|]))")


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


def parse_type(text: str) -> TypeExpr:
    """Parse a type expression; raise TypeSyntaxError with the character offset of the problem."""
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
    parser = _Parser(tokens, len(text))
    expr = parser.union()
    if parser.index < len(tokens):
        token, offset = tokens[parser.index]
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
