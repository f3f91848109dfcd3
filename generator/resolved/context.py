"""What every part of one model build shares: the spec, where each of its keys is, and the errors
found so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..spec.errors import SpecError, SpecErrors
from ..spec.loader import LoadedSpec, dotted
from ..spec.model import Note as SpecNote
from ..spec.model import Spec
from ..spec.typeexpr import TypeExpr, TypeSyntaxError, parse_type
from .nodes import Location, Note

KeyPath = tuple[str | int, ...]


@dataclass
class Context:
    loaded: LoadedSpec
    errors: list[SpecError] = field(default_factory=list)
    # Names already taken in one namespace -> path of the first taker.
    namespaces: dict[str, dict[str, KeyPath]] = field(default_factory=dict)

    @property
    def spec(self) -> Spec:
        return self.loaded.spec

    def locate(self, path: KeyPath) -> Location:
        """The location of the key at `path` (of the item, in a list), or of its nearest
        ancestor the file writes."""
        line, column = self.loaded.positions.of(path, key=True)
        return Location(self.loaded.display, line, column, path)

    def error(self, path: KeyPath, message: str, *, key: bool = False) -> None:
        """An error at the value at `path` (at its key with `key`)."""
        line, column = self.loaded.positions.of(path, key=key)
        self.errors.append(SpecError(self.loaded.display, line, column, dotted(path), message))

    def raise_errors(self) -> None:
        if self.errors:
            raise SpecErrors(self.errors)

    def parse(self, text: str, path: KeyPath) -> TypeExpr | None:
        """A type expression parsed, or None with an error pointing into the text."""
        try:
            return parse_type(text)
        except TypeSyntaxError as exc:
            line, column = self.loaded.positions.of(path)
            # Point into the string when it sits on one line (a plain or quoted scalar).
            column += exc.offset + (1 if self._quoted(line, column) else 0)
            self.errors.append(
                SpecError(
                    self.loaded.display, line, column, dotted(path), f"bad type {text!r}: {exc}"
                )
            )
            return None

    def _quoted(self, line: int, column: int) -> bool:
        lines = self.loaded.text.splitlines()
        return 0 < line <= len(lines) and lines[line - 1][column - 1 : column] in {'"', "'"}

    def claim(self, namespace: str, name: str, path: KeyPath, what: str) -> None:
        """Record a name; report a collision with the earlier owner of the same name."""
        taken = self.namespaces.setdefault(namespace, {})
        if name in taken:
            self.error(
                path,
                f"{what} becomes Python name {name!r}, which {dotted(taken[name])} already has",
                key=True,
            )
        else:
            taken[name] = path


def notes(given: list[SpecNote]) -> tuple[Note, ...]:
    return tuple(Note(n.document, n.decision, n.reason) for n in given)
