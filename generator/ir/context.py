"""What one IR build shares: the Python names taken so far in each namespace, and the errors (two
spec names that become one Python name) found so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..resolved.nodes import Location
from ..spec.errors import SpecError, SpecErrors


@dataclass
class Context:
    errors: list[SpecError] = field(default_factory=list)
    # Python names already taken in one namespace -> where the first taker is declared.
    namespaces: dict[str, dict[str, str]] = field(default_factory=dict)

    def error(self, loc: Location, message: str) -> None:
        self.errors.append(SpecError(loc.file, loc.line, loc.column, loc.where, message))

    def raise_errors(self) -> None:
        if self.errors:
            raise SpecErrors(self.errors)

    def claim(self, namespace: str, name: str, loc: Location, what: str) -> None:
        """Record a Python name; report a collision with the earlier owner of the same name."""
        taken = self.namespaces.setdefault(namespace, {})
        if name in taken:
            self.error(loc, f"{what} becomes Python name {name!r}, which {taken[name]} already has")
        else:
            taken[name] = loc.where

    def reserve(self, namespace: str, names: frozenset[str], owner: str) -> None:
        """Names a namespace has before the spec's: `owner` says whose they are."""
        taken = self.namespaces.setdefault(namespace, {})
        for name in names:
            taken.setdefault(name, owner)
