"""What changed between two fact sheets of one document, said as a maintainer reads it.

Facts are matched by what they are about (kind, endpoint, entity, where, name; a sample by its
endpoint and its place among that endpoint's samples), never by line: a fact whose line alone
moved is not a change of the vendor's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import Fact

_IDENTITY = ("kind", "endpoint", "entity", "in", "name")
# What a fact prints beside its name, in the order a change lists them.
_PRINTED = ("type", "required", "nullable", "optional", "enum", "minimum", "maximum")


def fact_subject(fact: Fact) -> str:
    """`GET /v1/ratings`, `Rating.channel`, `GET /v1/csat/ratings: query channel`,
    `GET /v2/cases: field description`, `sample of GET /v1/ratings`."""
    kind = fact["kind"]
    endpoint = fact.get("endpoint")
    if kind == "endpoint":
        return str(endpoint)
    if kind == "example":
        return f"sample of {endpoint}" if endpoint else "sample"
    if kind == "parameter":
        owner = "every paginated endpoint" if endpoint == "*" else endpoint
        return f"{owner}: {fact.get('in', 'query')} {fact['name']}"
    if fact.get("entity"):
        return f"{fact['entity']}.{fact['name']}"
    return f"{endpoint}: field {fact['name']}" if endpoint else f"field {fact['name']}"


def printed(fact: Fact) -> str:
    """What the document prints of a fact, in short: `string, nullable, required`."""
    parts = [str(fact["type"])] if fact.get("type") else []
    parts += [flag for flag in ("nullable", "optional") if fact.get(flag)]
    if fact.get("required") is not None:
        parts.append("required" if fact["required"] else "not required")
    if fact.get("enum"):
        parts.append("one of " + ", ".join(map(str, fact["enum"])))
    parts += [f"{bound} {fact[bound]}" for bound in ("minimum", "maximum") if bound in fact]
    return ", ".join(parts)


def _identities(facts: list[Fact]) -> dict[tuple[Any, ...], Fact]:
    """Each fact by its identity; facts about the same thing are told apart by their order."""
    groups: dict[tuple[Any, ...], list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[tuple(fact.get(key) for key in _IDENTITY)].append(fact)
    return {
        (*identity, ordinal): fact
        for identity, group in groups.items()
        for ordinal, fact in enumerate(sorted(group, key=lambda f: int(f["line"])))
    }


def _without_line(fact: Fact) -> Fact:
    return {key: value for key, value in fact.items() if key != "line"}


@dataclass
class SheetChanges:
    added: list[Fact] = field(default_factory=list)
    removed: list[Fact] = field(default_factory=list)
    changed: list[tuple[Fact, Fact]] = field(default_factory=list)
    moved: int = 0  # facts whose line alone changed

    def counts(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"
            + (f"; {self.moved} only moved" if self.moved else "")
        )

    def lines(self, document: str) -> list[str]:
        """One line per added, removed or changed fact, with its document line."""
        out = [
            f"  + {_listed(fact)} ({document}:{fact['line']})"
            for fact in sorted(self.added, key=_by_line)
        ]
        out += [
            f"  - {_listed(fact)} (was {document}:{fact['line']})"
            for fact in sorted(self.removed, key=_by_line)
        ]
        out += [
            f"  ~ {fact_subject(new)}: {_difference(old, new)} ({document}:{new['line']})"
            for old, new in sorted(self.changed, key=lambda pair: _by_line(pair[1]))
        ]
        return out


def _by_line(fact: Fact) -> tuple[int, str]:
    return int(fact["line"]), fact_subject(fact)


def _listed(fact: Fact) -> str:
    said = printed(fact)
    keys = fact.get("keys")
    if keys is not None:
        said = "keys " + ", ".join(keys)
    return f"{fact['kind']} {fact_subject(fact)}" + (f": {said}" if said else "")


def _difference(old: Fact, new: Fact) -> str:
    if "keys" in old or "keys" in new:
        before, after = set(old.get("keys", [])), set(new.get("keys", []))
        return "keys " + " ".join(
            [f"+{key}" for key in sorted(after - before)]
            + [f"-{key}" for key in sorted(before - after)]
        )
    return "; ".join(
        f"{key} {_plain(old.get(key))} -> {_plain(new.get(key))}"
        for key in _PRINTED
        if old.get(key) != new.get(key)
    )


def _plain(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value).lower() if isinstance(value, bool) else str(value)


def sheet_changes(old: list[Fact], new: list[Fact]) -> SheetChanges:
    before, after = _identities(old), _identities(new)
    changes = SheetChanges()
    changes.added = [after[key] for key in after.keys() - before.keys()]
    changes.removed = [before[key] for key in before.keys() - after.keys()]
    for key in before.keys() & after.keys():
        was, now = before[key], after[key]
        if _without_line(was) != _without_line(now):
            changes.changed.append((was, now))
        elif was["line"] != now["line"]:
            changes.moved += 1
    return changes
