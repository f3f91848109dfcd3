"""Nicereply's page: Markdown-like tables whose rows are split over two lines.

A table starts with a header (`Field | Type | Nullable | Description |`) under its title; each row
is a name line (`score |`) and a line of the remaining cells (`string | No | Min: 0, Max: 10 |`).
Titles: `Rating model fields` (an entity), `survey` + `object fields` (a nested object of the
entity above), `Query Parameters` / `BODY Parameters` / `URL Parameters` under an endpoint's
`HTTP Request` line, `extra_question` + `object parameters` (a nested body object), and the
pagination section's tables, which hold for every paginated endpoint (`*`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import Fact, Sample, endpoint, make_fact, sample_facts

HOST = "https://api.nicereply.com"
REQUEST = re.compile(rf"^(GET|POST|PUT|PATCH|DELETE) {re.escape(HOST)}(/\S+)$")
PARAMETER_TABLES = {
    "Query Parameters": "query",
    "BODY Parameters": "body",
    "URL Parameters": "path",
}


@dataclass
class Table:
    """Where the rows of the table being read belong."""

    kind: str  # "field" or "parameter"
    entity: str | None = None
    where: str | None = None
    prefix: str = ""
    endpoint: str | None = None


def _enum(description: str) -> list[str] | None:
    """`Valid values: CSAT , CES or NPS`; a list run into prose (`open - ...closed - ...`) is
    not a list of names and yields none."""
    listed = re.search(r"Valid values(?: is)?:\s*(.*?)\s*(?:\.\s*)?$", description)
    if not listed or " - " in listed[1]:
        return None
    values = [v.strip() for v in re.split(r" , | or ", listed[1])]
    return sorted(v for v in values if re.fullmatch(r"[A-Za-z0-9_-]+", v)) or None


def _bound(description: str, word: str) -> int | None:
    found = re.search(rf"\b{word}: (-?\d+)", description)
    return int(found[1]) if found else None


def _row(table: Table, header: list[str], name: str, cells: list[str], line: int) -> Fact:
    cell = dict(zip(header[1:], cells, strict=False))
    printed = cell.get("Type", "")
    description = cell.get("Description", "")
    flag = {"Yes": True, "No": False}
    values: dict[str, Any] = dict(
        name=table.prefix + name,
        type=re.sub(r"\s*\(optional\)$", "", printed) or None,
        nullable=flag.get(cell.get("Nullable", "").capitalize()),
        enum=_enum(description),
        minimum=_bound(description, "Min"),
        maximum=_bound(description, "Max"),
    )
    if table.kind == "parameter":
        required = cell.get("Required", "").rstrip("*")
        values["required"] = table.where == "path" or flag.get(required, False)
        return make_fact("parameter", line, endpoint=table.endpoint, where=table.where, **values)
    values["optional"] = True if printed.endswith("(optional)") else None
    return make_fact("field", line, entity=table.entity, **values)


def _nested_prefix(above: str, parent_rows: set[str]) -> str:
    """A nested table is titled by its object's name, or, for an array's items, by the singular
    (`extra_question` for the rows of `extra_questions`)."""
    return (
        f"{above}s[]." if above not in parent_rows and f"{above}s" in parent_rows else f"{above}."
    )


def _table_for(
    title: str, above: str, current: Table, parent_rows: set[str], request: str | None
) -> Table:
    if title.endswith("model fields"):
        return Table("field", entity=title.removesuffix("model fields").strip())
    if title in ("object fields", "object parameters"):
        # Nested under the table above, whichever word the title uses (the Survey model's nested
        # table says "parameters").
        return Table(
            current.kind,
            entity=current.entity,
            where=current.where,
            prefix=_nested_prefix(above, parent_rows),
            endpoint=current.endpoint,
        )
    if title in PARAMETER_TABLES:
        return Table("parameter", where=PARAMETER_TABLES[title], endpoint=request)
    if title == "Pagination query parameters":
        return Table("parameter", where="query", endpoint="*")
    if title.startswith("field with this subfields"):
        return Table("field", entity="Pagination")
    if title == "object" and above == "links":
        return Table("field", entity="Pagination", prefix="links.")
    raise ValueError(f"a table under an unknown title: {title!r}")


def read(text: str, path: Path) -> list[Fact]:
    lines = text.split("\n")
    facts: list[Fact] = []
    table, header, request = Table("field"), [], None
    parent_rows: set[str] = set()  # row names of the last top-level table, for nested titles
    for index, line in enumerate(lines):
        if (match := REQUEST.match(line)) and lines[index - 1] == "HTTP Request":
            request = endpoint(match[1], match[2])
            facts.append(make_fact("endpoint", index + 1, endpoint=request))
        elif re.fullmatch(r"(?:Field|Parameter)(?: \| [A-Za-z]+)+ \|", line):
            header = [cell.strip() for cell in line.split("|")[:-1]]
            table = _table_for(lines[index - 1], lines[index - 2], table, parent_rows, request)
            parent_rows = parent_rows if table.prefix else set()
        elif (
            header
            and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]* \|", line)
            and lines[index + 1].endswith("|")
        ):
            cells = [cell.strip() for cell in lines[index + 1].split("|")[:-1]]
            facts.append(_row(table, header, line[:-2], cells, index + 1))
            parent_rows |= set() if table.prefix else {line[:-2]}
        elif not line.endswith("|"):
            header = []
    return _attach_entities(facts) + sample_facts(samples(lines), _keys)


def _attach_entities(facts: list[Fact]) -> list[Fact]:
    """An entity's tables come before the first endpoint that returns it."""
    out: list[Fact] = []
    waiting: list[Fact] = []
    for fact in facts:
        if fact["kind"] == "field" and fact.get("entity") != "Pagination":
            waiting.append(fact)
            continue
        if fact["kind"] == "endpoint":
            out += [entity_fact | {"endpoint": fact["endpoint"]} for entity_fact in waiting]
            waiting = []
        out.append(fact)
    return out + waiting


def _json_blocks(lines: list[str]) -> list[tuple[int, str]]:
    """Every JSON sample: a `{` alone on a line, up to the line that balances it."""
    blocks, index = [], 0
    while index < len(lines):
        if lines[index] != "{":
            index += 1
            continue
        depth, end = 0, index
        while True:
            bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', lines[end])
            depth += bare.count("{") + bare.count("[") - bare.count("}") - bare.count("]")
            if depth == 0:
                break
            end += 1
        blocks.append((index + 1, "\n".join(lines[index : end + 1])))
        index = end + 1
    return blocks


def _repair(block: str) -> str:
    """`...` (or `// ...`) lines standing for left-out members, and the comma left before them."""
    block = re.sub(r"^\s*(?://\s*)?\.\.\.\s*$\n?", "", block, flags=re.M)
    return re.sub(r",(\s*[}\]])", r"\1", block)


def _keys(value: object) -> set[str]:
    """Object keys at any depth; a `histogram` maps scores to counts, so its keys are data."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {
            key for k, v in value.items() if k != "histogram" for key in _keys(v)
        }
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


def samples(lines: list[str]) -> list[Sample]:
    """Each sample belongs to the endpoint whose `HTTP Request` line follows it; the samples of
    the general sections (pagination, errors), before the first entity table, to none."""
    found = []
    first_entity = next(
        number for number, text in enumerate(lines, 1) if text.endswith("model fields")
    )
    for line, block in _json_blocks(lines):
        following = next(
            (REQUEST.match(text) for text in lines[line:] if REQUEST.match(text)), None
        )
        owner = endpoint(following[1], following[2]) if following and line > first_entity else None
        found.append(Sample(line, owner, json.loads(_repair(block)), _repair(block) != block))
    return found
