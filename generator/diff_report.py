"""The review of a spec diff: one row per place the spec changed, the operations each row reaches
(its blast radius), a link to the spec line, and the version bump; as text, Markdown or JSON.

`generator/diff.py` classifies every consequence of a change (a field of a type, the same field of
a `partial` copy of it, the argument a spread body makes of it, the parameter an aliased block
gives seven operations). A reviewer reads one change once: consequences that no spec line writes
join the written change they come from, and changes written on one line (a shared block) are one
row listing the operations they reach.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .diff import LEVELS, Change, Level, bump
from .resolved.nodes import Api, InlineBody, NamedType, ObjectType, Operation, UnionType
from .spec.loader import Location, Positions
from .spec.typeexpr import TypeExpr, references


@dataclass(frozen=True)
class SpecSide:
    """One revision of a spec: its resolved model, and where it lives."""

    api: Api
    path: str  # the file, as links name it: `specs/nicejob.yaml`
    revision: str | None = None  # the git revision it was read from; None: the working file

    @property
    def positions(self) -> Positions:
        return self.api.positions

    def display(self, line: int) -> str:
        where = f"{self.path}:{line}"
        return f"{self.revision}:{where}" if self.revision else where


@dataclass
class Row:
    api: str
    level: Level
    rule: str
    message: str
    where: str  # the spec path of the change: `types.Rating.channel`, `nps.ratings.list(page)`
    side: SpecSide | None = None  # the revision whose line the row links to
    line: int = 0
    reaches: set[str] = field(default_factory=set)
    block: tuple[str, Location] | None = None  # the shared block (anchor) writing it, if any

    @property
    def location(self) -> str:
        return self.side.display(self.line) if self.side else ""

    def as_dict(self) -> dict[str, object]:
        return {
            "api": self.api,
            "level": self.level,
            "rule": self.rule,
            "message": self.message,
            "where": self.where,
            "spec": self.location,
            "reaches": sorted(self.reaches),
        }


# -- where a change is written ---------------------------------------------------------------


_ARGUMENT = re.compile(r"(?P<op>[^()]+)\((?P<wire>[^()]+)\)")


def _candidates(side: SpecSide, where: str) -> list[Location]:
    """The spec locations a change's `where` may be written at, most precise first."""
    if where.startswith("types."):
        name, _, wire = where.removeprefix("types.").partition(".")
        return [("types", name, "fields", wire)] if wire else [("types", name)]
    if where.startswith("api"):
        return [tuple(where.split("."))]
    argument = _ARGUMENT.fullmatch(where)
    dotted = argument["op"] if argument else where
    located = next((op for op in side.api.operations if op.dotted == dotted), None)
    if located is None:
        return []
    op_loc = located.loc.path
    if argument is None:
        return [op_loc]
    wire = argument["wire"]
    if wire == "body":
        return [(*op_loc, "body")]
    return [(*op_loc, "path", wire), (*op_loc, "query", wire), (*op_loc, "body", "fields", wire)]


def written_at(side: SpecSide, where: str) -> Location | None:
    """The location that writes `where` in this revision; None where nothing writes it there (a
    field a `partial` type copies, an argument a spread body type makes)."""
    return next((loc for loc in _candidates(side, where) if loc in side.positions.keys), None)


# -- what each change reaches ----------------------------------------------------------------


def _inside(named: NamedType) -> list[str]:
    """The declared types a type names: its own fields' types, its members, its bases."""
    if isinstance(named, ObjectType):
        inner = [n for f in named.own_fields.values() for n in references(f.type.expr)]
        return inner + list(named.bases)
    if isinstance(named, UnionType):
        return [n for member in named.members for n in references(member.expr)]
    return []


def _operation_types(op: Operation) -> list[str]:
    exprs: list[TypeExpr] = [f.type.expr for f in (*op.path_params.values(), *op.query.values())]
    if isinstance(op.body, InlineBody):
        exprs += [f.type.expr for f in op.body.fields.values()]
    elif op.body is not None and op.body.type is not None:
        exprs.append(op.body.type.expr)
    exprs += [r.type.expr for r in op.success_responses if r.type is not None]
    return [name for expr in exprs for name in references(expr)]


def reach(api: Api) -> dict[str, set[str]]:
    """For each named type, the operations whose arguments or response contain it, at any depth."""
    inside = {name: set(_inside(named)) for name, named in api.types.items()}
    out: dict[str, set[str]] = {name: set() for name in api.types}
    for op in api.operations:
        stack, seen = _operation_types(op), set()
        while stack:
            name = stack.pop()
            if name in seen or name not in out:
                continue
            seen.add(name)
            out[name].add(op.dotted)
            stack.extend(inside[name])
    return out


def _reaches(where: str, reached: Iterable[dict[str, set[str]]]) -> set[str]:
    if where.startswith("types."):
        name = where.removeprefix("types.").split(".")[0]
        return {op for by_type in reached for op in by_type.get(name, set())}
    if where.startswith("api"):
        return {"every operation"}
    return {where.split("(")[0]}


# -- rows ------------------------------------------------------------------------------------

# A consequence that no line writes, and the written change it comes from.
_FOLDS = {
    "argument-removed": ("field-removed",),
    "argument-added": ("field-added",),
    "required-argument-added": ("request-field-added-required",),
}


def _wire(where: str) -> str:
    argument = _ARGUMENT.fullmatch(where)
    return argument["wire"] if argument else where.rsplit(".", 1)[-1]


def _row(change: Change, sides: list[SpecSide], reached: list[dict[str, set[str]]]) -> Row:
    """The change, linked to the line writing it in the newer revision, else the older one."""
    row = Row(change.api, change.level, change.rule, change.message, change.where)
    for side in sides:
        loc = written_at(side, change.where)
        if loc is not None:
            row.side, row.line = side, side.positions.keys[loc][0]
            row.block = side.positions.block_of(loc)
            break
    row.reaches = _reaches(change.where, reached)
    return row


def _fold(rows: list[Row]) -> list[Row]:
    """Unwritten consequences into the written change of the same name and kind."""
    kept = [row for row in rows if row.side is not None]
    for row in rows:
        if row.side is not None:
            continue
        rules = _FOLDS.get(row.rule, (row.rule,))
        home = next(
            (
                other
                for other in kept
                if other.rule in rules and _wire(other.where) == _wire(row.where)
            ),
            None,
        )
        if home is None:
            kept.append(row)
        else:
            home.reaches |= row.reaches
    return kept


def _shared_message(row: Row) -> str:
    """The message of a change with the operation it was found in taken out."""
    op = row.where.split("(")[0]
    for prefix in (f"{row.where}: ", f"{op}: "):
        if row.message.startswith(prefix):
            rest = row.message.removeprefix(prefix)
            return f"{_wire(row.where)}: {rest}" if prefix == f"{row.where}: " else rest
    return row.message


def _merge_shared(rows: list[Row]) -> list[Row]:
    """Operation changes written on one line (a block shared by aliases) as one row."""
    merged: dict[tuple[object, ...], Row] = {}
    out: list[Row] = []
    for row in rows:
        operation_change = not row.where.startswith(("types.", "api"))
        if not operation_change or row.side is None:
            out.append(row)
            continue
        key = (row.api, row.level, row.rule, row.side.path, row.line, _shared_message(row))
        if key in merged:
            first = merged[key]
            first.reaches |= row.reaches
            block = f" (shared block &{row.block[0]})" if row.block else ""
            first.message = _shared_message(row) + block
        else:
            merged[key] = row
            out.append(row)
    return out


def review_rows(
    changes: list[Change], sides: dict[str, tuple[SpecSide | None, SpecSide | None]]
) -> list[Row]:
    """One row per change a reviewer reads, in the order of levels, then place."""
    present = {
        api: [side for side in (new, old) if side is not None] for api, (old, new) in sides.items()
    }
    reached = {api: [reach(side.api) for side in found] for api, found in present.items()}
    rows = [
        _row(change, present.get(change.api, []), reached.get(change.api, [])) for change in changes
    ]
    rows = _merge_shared(_fold(rows))
    return sorted(rows, key=lambda r: (LEVELS.index(r.level), r.api, r.where, r.rule))


# -- reports ---------------------------------------------------------------------------------

_HEADINGS = {
    "breaking": "Breaking changes",
    "compatible": "Compatible changes",
    "documentation": "Documentation",
}
MAX_LISTED = 8


def _bumps(rows: list[Row]) -> str:
    """`major`, or `major (nicejob: major, nicereply: minor)` when the APIs differ."""
    per_api = {api: bump([_as_change(r) for r in rows if r.api == api]) for api in _apis(rows)}
    overall = bump([_as_change(r) for r in rows])
    if len(set(per_api.values())) <= 1:
        return overall
    return f"{overall} ({', '.join(f'{api}: {level}' for api, level in per_api.items())})"


def _apis(rows: list[Row]) -> list[str]:
    return sorted({row.api for row in rows})


def _as_change(row: Row) -> Change:
    return Change(row.api, row.where, row.rule, row.level, row.message)


def _listed(reaches: set[str], style: str = "{}") -> str:
    names = sorted(reaches)
    shown = ", ".join(style.format(name) for name in names[:MAX_LISTED])
    return shown + (f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else "")


def as_text(rows: list[Row]) -> str:
    if not rows:
        return "No changes.\n"
    lines = []
    for level in LEVELS:
        group = [row for row in rows if row.level == level]
        if group:
            lines.append(f"{_HEADINGS[level]} ({len(group)}):")
            for row in group:
                lines.append(f"  {row.api}: {row.message}  [{row.rule}]")
                where = f"at {row.location}; " if row.location else ""
                lines.append(f"      {where}reaches {_listed(row.reaches)}")
    lines.append(f"Suggested version bump: {_bumps(rows)}")
    return "\n".join(lines) + "\n"


def _link(row: Row, link_base: str | None, commits: dict[str | None, str]) -> str:
    """The row's spec line, linked: to `LINK_BASE/COMMIT/PATH#Ln` when given, else relative to
    the repository for the working file (a revision's line is named, not linked)."""
    if row.side is None:
        return ""
    label = row.location
    commit = commits.get(row.side.revision)
    if link_base and commit:
        return f"[{label}]({link_base.rstrip('/')}/{commit}/{row.side.path}#L{row.line})"
    if row.side.revision is None:
        return f"[{label}]({row.side.path}#L{row.line})"
    return f"`{label}`"


def as_markdown(
    rows: list[Row], link_base: str | None = None, commits: dict[str | None, str] | None = None
) -> str:
    if not rows:
        return "**apigen diff:** no changes.\n"
    out = [f"### apigen diff: {_bumps(rows)} version bump suggested", ""]
    for level in LEVELS:
        group = [row for row in rows if row.level == level]
        if group:
            out += [
                f"**{_HEADINGS[level]}** ({len(group)})",
                "",
                "| API | change | spec | reaches | rule |",
                "|---|---|---|---|---|",
            ]
            out += [
                f"| {row.api} | {_escaped(row.message)} | {_link(row, link_base, commits or {})}"
                f" | {_listed(row.reaches, '`{}`')} | `{row.rule}` |"
                for row in group
            ]
            out.append("")
    out += [
        "<details><summary>Changelog entry</summary>",
        "",
        "```markdown",
        changelog(rows).rstrip(),
        "```",
        "",
        "</details>",
    ]
    return "\n".join(out) + "\n"


def _escaped(text: str) -> str:
    return text.replace("|", "\\|")


def as_json(rows: list[Row]) -> str:
    report = {
        "bump": bump([_as_change(r) for r in rows]),
        "bumps": {api: bump([_as_change(r) for r in rows if r.api == api]) for api in _apis(rows)},
        "breaking": any(row.level == "breaking" for row in rows),
        "changes": [row.as_dict() for row in rows],
    }
    return json.dumps(report, indent=2) + "\n"


def changelog(rows: list[Row]) -> str:
    sections = {
        "breaking": "Breaking",
        "compatible": "Added and changed",
        "documentation": "Documentation",
    }
    out = []
    for level in LEVELS:
        group = [row for row in rows if row.level == level]
        if group:
            out.append(f"#### {sections[level]}")
            out += [f"- `{row.api}`: {row.message}" for row in group]
    return "\n".join(out) + "\n"
