"""Findings as a person acts on them: named as the spec names things (`Rating.channel`), placed
where the spec should change (where a missing name belongs, where a shared block is used), and
each repeat said once."""

from __future__ import annotations

import re

from ..resolved.nodes import ArgumentBody, SpreadBody
from ..spec.loader import dotted
from .compare import Finding, root_types
from .sources import Fact
from .sources.changes import fact_subject
from .spec_index import SpecIndex, SpecPath


def field_owner(index: SpecIndex, fact: Fact) -> str | None:
    """The spec type a field fact belongs to: the one holding its first name, else the type of
    its entity, else the first type its endpoint returns."""
    roots = root_types(index, fact)
    first = fact["name"].split(".")[0].removesuffix("[]")
    holding = [name for name in roots if first in index.type_fields(name)]
    entity = index.entity_type(fact["entity"]) if fact.get("entity") else None
    return next(iter(holding + [name for name in (entity,) if name] + roots), None)


def subject(index: SpecIndex, fact: Fact) -> str:
    if fact["kind"] == "field":
        owner = field_owner(index, fact)
        if owner is not None:
            return f"{owner}.{fact['name']}"
    return fact_subject(fact)


def belongs(index: SpecIndex, fact: Fact) -> SpecPath:
    """Where in the spec a fact the spec lacks would go."""
    kind = fact["kind"]
    if kind == "endpoint":
        return _nearest_resource(index, fact["endpoint"])
    if kind == "parameter" and fact["endpoint"] == "*":
        return ("api", "pagination")
    op = index.operation(fact["endpoint"]) if fact.get("endpoint") else None
    if kind == "parameter" and op is not None:
        loc = op.loc.path
        body = op.body
        body_type = (
            body.type.text if isinstance(body, SpreadBody | ArgumentBody) and body.type else None
        )
        if fact["in"] == "body" and body_type is not None and body_type in index.api.types:
            return ("types", body_type, "fields")
        held = {"path": op.path_params, "query": op.query, "body": body}.get(fact["in"])
        return (*loc, fact["in"]) if held else loc
    owner = field_owner(index, fact) if kind == "field" else None
    if owner is None and op is not None:
        owner = next(iter(root_types(index, fact)), None)
    if owner is not None:
        return ("types", owner, "fields")
    return op.loc.path if op is not None else ("types",)


def _segments(endpoint: str) -> list[str]:
    """The path's segments that name something: not `api` or a version (`v2`)."""
    path = endpoint.split(" ", 1)[-1].strip("/").split("/")
    return [part for part in path if not re.fullmatch(r"api|v\d+", part)]


def _shared(one: list[str], other: list[str]) -> int:
    """How many leading path segments two paths share (any two placeholders match)."""
    count = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs and not (mine.startswith("{") and theirs.startswith("{")):
            break
        count += 1
    return count


def _nearest_resource(index: SpecIndex, endpoint: str) -> SpecPath:
    """The resource whose operations share the most path segments with `endpoint`; the spec's
    resources when none shares one."""
    mine = _segments(endpoint)
    best = max(
        index.operations.items(),
        key=lambda item: _shared(mine, _segments(item[0])),
        default=None,
    )
    if best is None or _shared(mine, _segments(best[0])) == 0:
        return ("resources",)
    return best[1].loc.path[:-2]  # the resource holding the operation


def spec_path(index: SpecIndex, loc: SpecPath) -> str:
    """`types.Rating.fields`, with the shared block it is in, if any."""
    path = dotted(loc)
    block = index.positions.block_of(loc)
    if block is None:
        return path
    name, _ = block
    uses = len(index.positions.block_uses(name))
    return f"{path}; shared block &{name}, {uses} uses"


def spec_subject(index: SpecIndex, loc: SpecPath) -> str:
    """What a spec location names: `Employee.position`, `GET /v1/x: query channel`."""
    if loc[:1] == ("types",) and len(loc) >= 4 and loc[2] == "fields":
        return f"{loc[1]}.{'.'.join(map(str, loc[3:]))}"
    for op in index.operations.values():
        op_loc = op.loc.path
        if loc[: len(op_loc)] == op_loc and len(loc) > len(op_loc):
            rest = [str(part) for part in loc[len(op_loc) :] if part != "fields"]
            return f"{op.endpoint}: {' '.join(rest)}"
    return dotted(loc)


def collapse(findings: list[Finding]) -> list[Finding]:
    """One finding per thing to act on: the same finding at several document lines is one, with
    its other lines in `also`; a sample key the spec lacks joins the table row naming it."""
    merged: dict[tuple[str, str, str, str], Finding] = {}
    for finding in findings:
        key = (finding.kind, finding.subject, finding.spec, finding.detail)
        if key in merged:
            first = merged[key]
            lines = [line for line in (*first.also, finding.document) if line]
            merged[key] = _with_lines(first, lines)
        else:
            merged[key] = finding
    rows = {
        f.subject.rsplit(".", 1)[-1].rsplit(" ", 1)[-1]: key
        for key, f in merged.items()
        if f.kind == "field-missing" and not f.subject.startswith("sample key ")
    }
    for key, finding in list(merged.items()):
        name = finding.subject.removeprefix("sample key ")
        if finding.subject.startswith("sample key ") and name in rows:
            row = merged[rows[name]]
            merged[rows[name]] = _with_lines(row, [*row.also, finding.document, *finding.also])
            del merged[key]
    return list(merged.values())


def _with_lines(finding: Finding, lines: list[str]) -> Finding:
    unique = sorted(set(lines) - {finding.document}, key=_line_order)
    return Finding(
        finding.kind,
        finding.subject,
        finding.printed,
        finding.document,
        finding.spec,
        finding.spec_path,
        finding.detail,
        tuple(unique),
    )


def _line_order(location: str) -> tuple[str, int]:
    name, _, line = location.rpartition(":")
    return name, int(line) if line.isdigit() else 0
