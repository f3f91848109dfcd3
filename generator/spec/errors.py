"""Spec errors that name file, line, column and the offending key."""

from __future__ import annotations

from typing import NamedTuple


class SpecError(NamedTuple):
    """One error; ordered by place. A named tuple rather than a dataclass: `apigen generate`
    imports this module before its no-op check, and the dataclass machinery cost a third of it."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class SpecErrors(Exception):
    """One or more errors found while loading specs; str() lists them all."""

    def __init__(self, errors: list[SpecError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))
