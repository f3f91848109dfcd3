"""Shared state of one IR build: the spec, its positions, and the errors found so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..spec.errors import SpecError, SpecErrors
from ..spec.loader import LoadedSpec, Location, dotted
from ..spec.model import Spec
from ..spec.typeexpr import TypeExpr, TypeSyntaxError, parse_type


@dataclass
class Context:
    loaded: LoadedSpec
    errors: list[SpecError] = field(default_factory=list)
    # Python names already taken in one namespace -> location of the first taker.
    namespaces: dict[str, dict[str, Location]] = field(default_factory=dict)

    @property
    def spec(self) -> Spec:
        return self.loaded.spec

    def error(self, loc: Location, message: str, *, key: bool = False) -> None:
        line, col = self.loaded.positions.of(loc, key=key)
        self.errors.append(SpecError(self.loaded.display, line, col, dotted(loc), message))

    def raise_errors(self) -> None:
        if self.errors:
            raise SpecErrors(self.errors)

    def parse(self, text: str, loc: Location) -> TypeExpr | None:
        try:
            return parse_type(text)
        except TypeSyntaxError as exc:
            line, col = self.loaded.positions.of(loc)
            # Point into the string when it sits on one line (a plain or quoted scalar).
            col += exc.offset + (1 if self._quoted(loc) else 0)
            self.errors.append(
                SpecError(self.loaded.display, line, col, dotted(loc), f"bad type {text!r}: {exc}")
            )
            return None

    def _quoted(self, loc: Location) -> bool:
        line, col = self.loaded.positions.of(loc)
        try:
            text = self.loaded.path.read_text(encoding="utf-8").splitlines()[line - 1]
        except (OSError, IndexError):
            return False
        return text[col - 1 : col] in {'"', "'"}

    def claim(self, namespace: str, name: str, loc: Location, what: str) -> None:
        """Record a Python name; report a collision with the earlier owner of the same name."""
        taken = self.namespaces.setdefault(namespace, {})
        if name in taken:
            self.error(
                loc,
                f"{what} becomes Python name {name!r}, which {dotted(taken[name])} already has",
                key=True,
            )
        else:
            taken[name] = loc
