"""NiceJob's page, captured with the line breaks between table cells lost.

A table row reads `amountfloat | null` and rows run together (`idstringUniqueamountfloat | null`):
a row is a lowercase name (nested rows as `items[].amount.value`) directly followed by a type,
` | null` when nullable, `?` when optional, `Unique` or `Deprecated`. An endpoint reads
`GEThttps://api.nicejob.com/v2/bookings/:id` and its parameter rows follow on the same line; an
entity table is a line of rows before the endpoints that return the entity.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import Fact, endpoint, make_fact

HOST = "https://api.nicejob.com"
TYPE = (
    r"(?:string|float|boolean|Date|int|object|Enum<[^>]*>|Array<(?:Enum<[^>]*>|[^>]*)>)(?![0-9_<])"
)
# A row starts after the previous row's type or flag, after a `complete: true` condition, or
# after a sentence of description (`...on completion.updated_atDate`).
ROW_ENDS = [
    "null",
    "Unique",
    "Deprecated",
    "string",
    "float",
    "boolean",
    "Date",
    "int",
    "object",
    ">",
    "?",
    ": true",
    ".",
]
AFTER_ROW = "|".join(f"(?<={re.escape(end)})" for end in ROW_ENDS)
SEGMENT = r"[a-z][a-z0-9_]*?(?:\[\])?"
ROW = re.compile(
    rf"(?:^|{AFTER_ROW})(?P<name>{SEGMENT}(?:\.{SEGMENT})*?)(?P<type>{TYPE})"
    r"(?P<null> \| null)?(?P<optional>\?)?"
)
METHOD_URL = re.compile(rf"(GET|POST|PUT|PATCH|DELETE){re.escape(HOST)}")


def _rows(segment: str) -> list[re.Match[str]]:
    return list(ROW.finditer(segment))


def _enum(printed: str) -> list[str] | None:
    inner = re.search(r"Enum<([^>]*)>", printed)
    return sorted(re.findall(r'"([^"]*)"', inner[1])) if inner else None


def _split_endpoint(rest: str, first_names: list[str]) -> tuple[str, str, str]:
    """(path, query part, rows) of the text after `METHODhttps://host`: the path ends where the
    query string, the first row or the description begins."""
    row_start = rf"(?:{'|'.join(map(re.escape, first_names))})(?:\[\]|\.|{TYPE})"
    match = re.match(rf"(/[a-z0-9_/:-]+?)(?=$|[A-Z?]|{row_start})", rest)
    if match is None:
        raise ValueError(f"no path in {rest[:40]!r}")
    after = rest[match.end() :]
    query = re.match(r"\?(?:[a-z_]+=\$[A-Z_]+&?)+", after)
    return match[1], query[0] if query else "", after[query.end() :] if query else after


def _parameter_facts(key: str, path: str, query: str, rows: str, line: int) -> list[Fact]:
    path_names = set(re.findall(r":([a-z_]+)", path))
    query_names = set(re.findall(r"([a-z_]+)=", query))
    facts = []
    for row in _rows(rows):
        name = row["name"]
        where = (
            "path"
            if name in path_names
            else "query" if name in query_names or key.startswith("GET") else "body"
        )
        facts.append(
            make_fact(
                "parameter",
                line,
                endpoint=key,
                name=name,
                type=row["type"],
                required=where == "path" or not row["optional"],
                nullable=bool(row["null"]),
                enum=_enum(row["type"]),
                where=where,
            )
        )
    return facts


def _field_facts(rows: str, line: int) -> list[Fact]:
    return [
        make_fact(
            "field",
            line,
            name=row["name"],
            type=row["type"],
            nullable=bool(row["null"]),
            enum=_enum(row["type"]),
        )
        for row in _rows(rows)
    ]


def read(text: str, path: Path) -> list[Fact]:
    lines = text.split("\n")
    first_names = sorted(
        {m["name"].split(".")[0].removesuffix("[]") for line in lines for m in _rows(line)},
        key=len,
        reverse=True,
    )
    facts: list[Fact] = []
    waiting: list[Fact] = []  # entity rows, until the endpoint that returns the entity
    for number, line in enumerate(lines, 1):
        parts = METHOD_URL.split(line)
        if len(parts) == 1:
            waiting += _field_facts(line, number)
            continue
        waiting += _field_facts(parts[0], number)
        for method, rest in zip(parts[1::2], parts[2::2], strict=True):
            url_path, query, rows = _split_endpoint(rest, first_names)
            key = endpoint(method, url_path)
            facts.append(make_fact("endpoint", number, endpoint=key))
            facts += [fact | {"endpoint": key} for fact in waiting]
            waiting = []
            facts += _parameter_facts(key, url_path, query, rows, number)
    return facts
