"""Nimble's page, captured without each operation's method and path.

The operations are found by their titles, in the order of the supplement's table (SUPPLEMENT.md
beside the page), which gives their method and path. Within an operation, `query Parameters`,
`path Parameters` and `Request Body schema: application/json` list a name line, `required` when
required, a type line (`string or null (Contacts.OwnerId)`, `integer >= 0`,
`string [ 1 .. 50 ] characters`) and an `Enum: "a" "b"` line; the samples are collapsed to
bullets (`  • "key": ...`), or printed whole as JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import DocumentError, Fact, Sample, endpoint, make_fact, sample_facts

SECTIONS = {
    "query Parameters": "query",
    "path Parameters": "path",
    "Request Body schema: application/json": "body",
}
TYPE_LINE = re.compile(
    r"^(?:string|integer|number|boolean|object|Array of|any|\("
    r"|Fields\.|Pipeline\.|Deals\.|Contacts\.|Messages\.|Tasks\.)"
)
NAME_LINE = re.compile(
    r"^(?!(?:any|boolean|integer|number|object|required|string)\b)([a-z_][a-z0-9_]*)(?:\s+\(.*\))?$"
)


def supplement_rows(supplement: Path) -> list[tuple[str, str, str]]:
    """(title, method, path) of the supplement's Nimble table, `(*)` marks dropped."""
    try:
        section = supplement.read_text(encoding="utf-8").split("## Nimble", 1)[1]
    except (OSError, IndexError):
        raise DocumentError(
            f"{supplement}: the Nimble method and path table is needed beside the page"
        ) from None
    rows = re.findall(r"^\| \d+ \| (.+?) \| ([A-Z]+) \| `([^`]+)`", section, re.M)
    return [
        (title.removesuffix(" Deprecated"), method, path.replace(" (*)", ""))
        for title, method, path in rows
    ]


def operations_at(lines: list[str], rows: list[tuple[str, str, str]]) -> list[tuple[int, str]]:
    """(0-based title line, endpoint) of each operation, found in table order."""
    found, start = [], 0
    for title, method, path in rows:
        index = next(
            (i for i in range(start, len(lines)) if lines[i].removesuffix(" Deprecated") == title),
            None,
        )
        if index is None:
            raise DocumentError(f"operation {title!r} ({method} {path}) not found in the page")
        found.append((index, endpoint(method, path)))
        start = index + 1
    return found


def _parameter(lines: list[str], index: int, key: str, where: str) -> Fact | None:
    """The parameter whose name is on line `index`, or None when that line starts none."""
    name = NAME_LINE.match(lines[index])
    required = lines[index + 1] == "required"
    printed = lines[index + 2 if required else index + 1]
    if name is None or not TYPE_LINE.match(printed):
        return None
    enum_line = next(
        (text for text in lines[index + 1 : index + 5] if text.startswith("Enum:")), ""
    )
    between = re.search(r"\[ (\d+) \.\. (\d+) \]", printed)
    low = re.search(r">= (-?\d+)", printed)
    high = re.search(r"<= (-?\d+)", printed)
    return make_fact(
        "parameter",
        index + 1,
        endpoint=key,
        where=where,
        name=name[1],
        type=printed,
        required=required or where == "path",
        nullable="or null" in printed or None,
        enum=sorted(re.findall(r'"([^"]*)"', enum_line)) or None,
        minimum=int(between[1]) if between else int(low[1]) if low else None,
        maximum=int(between[2]) if between else int(high[1]) if high else None,
    )


def _operation_facts(lines: list[str], start: int, end: int, key: str) -> list[Fact]:
    facts = [make_fact("endpoint", start + 1, endpoint=key)]
    where: str | None = None
    sample_line, sample_keys = 0, list[str]()
    for index in range(start, end):
        line = lines[index]
        if line in SECTIONS:
            where = SECTIONS[line]
        elif line in ("Responses", "Request samples", "Response samples"):
            where = None
            if sample_keys:
                facts.append(
                    make_fact("example", sample_line, endpoint=key, keys=sorted(set(sample_keys)))
                )
            sample_line, sample_keys = index + 1, []
        elif where and (fact := _parameter(lines, index, key, where)):
            facts.append(fact)
        elif sample_line and (bullet := re.match(r'^\s*• "([^"]+)":', line)):
            sample_keys.append(bullet[1])
    if sample_keys:
        facts.append(make_fact("example", sample_line, endpoint=key, keys=sorted(set(sample_keys))))
    return facts


def samples(lines: list[str], operations: list[tuple[int, str]]) -> list[Sample]:
    """JSON printed whole (not collapsed); a `"key": {` fragment is read inside braces."""
    found, index = [], 0
    while index < len(lines):
        line = lines[index]
        if line in ("{", "[") or re.match(r'^"[a-z_]+": [\[{]$', line):
            end = next(i for i in range(index + 1, len(lines)) if lines[i] in ("}", "]"))
            block = "\n".join(lines[index : end + 1])
            if "•" not in block:
                value = json.loads(block if line in ("{", "[") else "{" + block + "}")
                owner = [key for start, key in operations if start < index]
                found.append(
                    Sample(index + 1, owner[-1] if owner else None, value, line not in ("{", "["))
                )
            index = end + 1
        else:
            index += 1
    return found


def read(text: str, path: Path) -> list[Fact]:
    lines = [*text.split("\n"), "", "", ""]
    operations = operations_at(lines, supplement_rows(path.parent / "SUPPLEMENT.md"))
    ends = [start for start, _ in operations[1:]] + [len(lines) - 3]
    facts = [
        fact
        for (start, key), end in zip(operations, ends, strict=True)
        for fact in _operation_facts(lines, start, end, key)
    ]
    # The authentication chapter shows its requests whole (`POST /api/oauth/token HTTP/1.1`);
    # other whole requests are samples of operations above, with concrete ids in their paths.
    facts += [
        make_fact("endpoint", number, endpoint=endpoint(match[1], match[2]))
        for number, line in enumerate(lines, 1)
        if (match := re.match(r"^(GET|POST|PUT|DELETE) (/api/oauth/[^\s?]*)\S* HTTP/1\.1$", line))
    ]
    return facts + sample_facts(samples(lines, operations))
