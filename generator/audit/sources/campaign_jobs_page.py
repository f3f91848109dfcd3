"""The Campaign Jobs page: a field list, then one section per endpoint.

The field list is a `class Job` of `name: type` lines, an enum as `• 0 = queued` bullets.
Each endpoint's section (`POST /j/jobs/:id/unqueue`) has parameter bullets
(`• name (type) – ...`) under `Query Parameters:` / `Request JSON Object:` /
`Response JSON ...:` and JSON samples starting at column 0 (some missing the comma between
members).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import Fact, Sample, endpoint, make_fact, sample_facts

TYPES = "array|datetime|integer|string|object|float"
HEADING = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/j/\S*)$", re.M)
LISTED = re.compile(rf"^([a-z_]+): ({TYPES})$")
BULLET = re.compile(rf"^\s*•\s+([a-z_]+) \(({TYPES})\) – (.*)$")
ENUM_BULLET = re.compile(r"^\s*•\s+(\d+) = [a-z]+$")
SECTIONS = {
    "Query Parameters:": "query",
    "Request JSON Object:": "body",
    "Request JSON Array of Objects:": "body",
    "Response JSON Object:": "response",
    "Response JSON Array of Objects:": "response",
}


def _bullet(section: str, key: str | None, match: re.Match[str], line: int) -> Fact:
    optional = "(optional)" in match[3] or None
    if section == "response":
        return make_fact(
            "field", line, endpoint=key, name=match[1], type=match[2], optional=optional
        )
    return make_fact(
        "parameter",
        line,
        endpoint=key,
        where=section,
        name=match[1],
        type=match[2],
        required=False if optional else None,
    )


def _table_facts(lines: list[str]) -> list[Fact]:
    facts: list[Fact] = []
    key, section = None, ""
    for number, line in enumerate(lines, 1):
        if heading := HEADING.match(line):
            key, section = endpoint(heading[1], heading[2]), ""
            facts.append(make_fact("endpoint", number, endpoint=key))
        elif line in SECTIONS or (line.endswith(":") and not line.startswith(" ")):
            section = SECTIONS.get(line, "")
        elif key is None and (listed := LISTED.match(line)):
            optional = "(optional)" in " ".join(lines[number : number + 2]) or None
            facts.append(
                make_fact(
                    "field", number, entity="Job", name=listed[1], type=listed[2], optional=optional
                )
            )
        elif key is None and (value := ENUM_BULLET.match(line)):
            facts[-1]["enum"] = [*facts[-1].get("enum", []), int(value[1])]
        elif section and (bullet := BULLET.match(line)):
            facts.append(_bullet(section, key, bullet, number))
    return facts


def _repair(block: str) -> str:
    """The commas the document drops between members, put back."""
    return re.sub(r'([}\]"\d]|true|false|null)\n(\s*")', r"\1,\n\2", block)


def samples(text: str) -> list[Sample]:
    """Every JSON block starting at column 0, with the endpoint of the section it is in."""
    found = []
    headings = [
        (text.count("\n", 0, m.start()), endpoint(m[1], m[2])) for m in HEADING.finditer(text)
    ]
    for match in re.finditer(r"^([\[{]\n.*?\n[\]}])$", text, re.M | re.S):
        line = text.count("\n", 0, match.start()) + 1
        owner = [key for start, key in headings if start < line][-1]
        try:
            found.append(Sample(line, owner, json.loads(match[1]), False))
        except ValueError:
            found.append(Sample(line, owner, json.loads(_repair(match[1])), True))
    return found


def read(text: str, path: Path) -> list[Fact]:
    return _table_facts(text.split("\n")) + sample_facts(samples(text))
