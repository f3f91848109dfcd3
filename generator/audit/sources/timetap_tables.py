"""TimeTap's Invitations page: tables captured with their cells run together.

Endpoints are `GET /invitation/{invitationUUId}` lines (in the endpoint table the description runs
on: `...}Returns a JSON`); the parameter table's rows read
`pageSizeintegerGET /invitationCampaign...`; the object tables, under an object's name, read
`businessIdintegerYesProvides...` (type, then `Yes` when required). Samples are JSON blocks under
a `POST /path` heading.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import Fact, Sample, endpoint, make_fact, sample_facts

TYPES = "integer|string|object|array|boolean"
ENDPOINT = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/[A-Za-z/{}]+?)(?=[A-Z][a-z]+s\b|\s*$)")
PARAMETER_ROW = re.compile(rf"^([a-z][A-Za-z]*?)({TYPES})(GET|POST|PUT) (/\S+)")
OBJECT_ROW = re.compile(rf"^([a-z][A-Za-z]*?)({TYPES})(Yes, on PUT calls|Yes)?(?=[A-Z]|$)")


def _options(line: str) -> list[str] | None:
    """`Has available options "CLIENT'", "STAFF", and "APPOINTMENT".`"""
    listed = re.search(r"available options (.*)", line)
    return (
        sorted(value.rstrip("'") for value in re.findall(r'"([^"]+)"', listed[1]))
        if listed
        else None
    )


def _table_facts(lines: list[str], paths: list[str]) -> list[Fact]:
    """`paths`, longest first, tell where a parameter row's path ends and its description starts."""
    facts: list[Fact] = []
    entity = None
    for number, line in enumerate(lines, 1):
        if line.startswith("Property Name"):
            entity = next(text for text in reversed(lines[: number - 1]) if text.strip())
        elif match := PARAMETER_ROW.match(line):
            path = next((known for known in paths if match[4].startswith(known)), match[4])
            facts.append(
                make_fact(
                    "parameter",
                    number,
                    endpoint=endpoint(match[3], path),
                    where="query",
                    name=match[1],
                    type=match[2],
                )
            )
        elif entity and (match := OBJECT_ROW.match(line)):
            description = line[match.end() :] + " " + (lines[number] if number < len(lines) else "")
            facts.append(
                make_fact(
                    "field",
                    number,
                    entity=entity,
                    name=match[1],
                    type=match[2],
                    required=True if match[3] == "Yes" else None,
                    enum=_options(description),
                )
            )
    return facts


def _repair(block: str) -> str:
    block = re.sub(r'\{[A-Z][^{}"]*\}', "{}", block)  # "{Email object ... }" placeholders
    block = re.sub(r'"([A-Za-z_]+): ', r'"\1": ', block)  # a key missing its closing quote
    return re.sub(r",(\s*[}\]])", r"\1", block)  # trailing commas


def samples(text: str) -> list[Sample]:
    """The JSON blocks under a `POST /path` heading (each repaired where it is not JSON)."""
    found = []
    for match in re.finditer(r"^(POST|PUT|GET) (/\S+)\n(\[?\{\n.*?\n\}\]?)$", text, re.M | re.S):
        line = text.count("\n", 0, match.start(3)) + 1
        repaired = _repair(match[3])
        found.append(
            Sample(line, endpoint(match[1], match[2]), json.loads(repaired), repaired != match[3])
        )
    return found


def read(text: str, path: Path) -> list[Fact]:
    lines = text.split("\n")
    endpoints = [
        make_fact("endpoint", number, endpoint=endpoint(match[1], match[2]))
        for number, line in enumerate(lines, 1)
        if (match := ENDPOINT.match(line))
    ]
    paths = sorted({fact["endpoint"].split(" ", 1)[1] for fact in endpoints}, key=len, reverse=True)
    return endpoints + _table_facts(lines, paths) + sample_facts(samples(text))
