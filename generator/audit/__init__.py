"""`apigen audit`: a spec against the facts of the documents it is transcribed from."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..sources import Fact, endpoint_shape
from ..sources.changes import printed
from ..spec.loader import Location
from .compare import (
    Finding,
    differences,
    explained_difference,
    explained_missing,
    find_field,
    find_parameter,
)
from .findings import belongs, collapse, spec_path, spec_subject, subject
from .spec_index import SpecIndex, notes_text

__all__ = ["Finding", "SpecIndex", "audit"]


def _endpoint_honoured(index: SpecIndex, key: str) -> bool:
    """An operation, or an OAuth endpoint the spec's auth section uses."""
    path = key.split(" ", 1)[1]
    oauth = index.data["api"].get("auth", {}).get("oauth2") or {}
    return index.operation(key) is not None or any(
        str(url).endswith(path) for url in oauth.values()
    )


def _check(
    index: SpecIndex, fact: Fact, wire_names: set[str], resolved: set[Location]
) -> list[tuple[str, Location, str, str]]:
    """(kind, spec location, detail, subject) of each unexplained difference; the spec element a
    table row names is added to `resolved`."""
    kind = fact["kind"]
    said = subject(index, fact)
    if kind == "endpoint":
        path = fact["endpoint"].split(" ", 1)[1]
        if (
            _endpoint_honoured(index, fact["endpoint"])
            or explained_missing(index, path)
            or path in index.notes
        ):
            return []
        return [("endpoint-missing", belongs(index, fact), "no operation has this endpoint", said)]
    if kind == "example":
        return [
            (
                "field-missing",
                belongs(index, fact),
                "a key of a printed sample that the spec declares nowhere",
                f"sample key {key}",
            )
            for key in fact["keys"]
            if key not in wire_names and not explained_missing(index, key)
        ]
    if kind == "parameter" and fact["endpoint"] == "*":
        if _paging_parameter_honoured(index, fact["name"], resolved):
            return []
        detail = "not a pagination parameter of the spec"
        return [("parameter-missing", belongs(index, fact), detail, said)]
    if kind == "parameter" and index.operation(fact["endpoint"]) is None:
        return []  # reported with its endpoint
    element = find_parameter(index, fact) if kind == "parameter" else find_field(index, fact)
    if element is None:
        if explained_missing(index, fact["name"]):
            return []
        return [(f"{kind}-missing", belongs(index, fact), "not declared where it belongs", said)]
    if element.loc[0] != "api":  # an envelope key, not a field of a table
        resolved.add(element.loc)
    return [
        (found, element.loc, detail, said)
        for found, detail, evidence in differences(index, fact, element)
        if not explained_difference(index, element, fact["name"], evidence)
    ]


def _paging_parameter_honoured(index: SpecIndex, name: str, resolved: set[Location]) -> bool:
    """A parameter of every paginated endpoint: the spec's pagination drives it."""
    pagination = {str(v) for v in (index.data["api"].get("pagination") or {}).values()}
    for loc, op in index.operations.values():
        if op.get("paginated") and name in (op.get("query") or {}):
            resolved.add((*loc, "query", name))
    return name in pagination or explained_missing(index, name)


def audit(index: SpecIndex, sheets: list[tuple[str, list[Fact]]]) -> list[Finding]:
    """Every unexplained difference between the spec and the facts of its documents."""
    wire_names = index.wire_names()
    namespaced = {f["entity"] for _, facts in sheets for f in facts if "." in f.get("entity", "")}
    bases = Counter(name.split(".", 1)[1] for name in namespaced)
    index.shared_bases = {base for base, count in bases.items() if count > 1}
    findings = []
    resolved: set[Location] = set()
    for document, facts in sheets:
        for fact in facts:
            for kind, loc, detail, said in _check(index, fact, wire_names, resolved):
                findings.append(
                    Finding(
                        kind,
                        said,
                        "" if fact["kind"] == "example" else printed(fact),
                        f"{document}:{fact['line']}",
                        index.where(loc),
                        spec_path(index, loc),
                        detail,
                    )
                )
    printed_endpoints = {
        endpoint_shape(f["endpoint"])
        for _, facts in sheets
        for f in facts
        if f["kind"] == "endpoint"
    }
    for shape, (loc, op) in sorted(index.operations.items()):
        if shape not in printed_endpoints and not op.get("notes"):
            findings.append(
                Finding(
                    "spec-only",
                    op["endpoint"],
                    "",
                    "",
                    index.where(loc),
                    spec_path(index, loc),
                    "no document prints this endpoint and no note says where it comes from",
                )
            )
    sampled = {
        key for _, facts in sheets for f in facts if f["kind"] == "example" for key in f["keys"]
    }
    findings += _unprinted_fields(index, resolved, sampled)
    return sorted(collapse(findings), key=_order)


def _unprinted_fields(
    index: SpecIndex, resolved: set[Location], sampled: set[str]
) -> list[Finding]:
    """Fields of a table the document prints (some row names the spec element beside them) that
    no row and no sample names: the vendor may have dropped them, or a shared block brought them."""
    findings = []
    for container in sorted({loc[:-1] for loc in resolved}, key=str):
        fields = _at(index.data, container)
        for wire, spec in (fields.items() if isinstance(fields, dict) else []):
            loc = (*container, wire)
            if loc in resolved or str(wire) in sampled or explained_missing(index, str(wire)):
                continue
            if isinstance(spec, dict) and (spec.get("notes") or "const" in spec):
                continue
            if re.search(
                rf"\b{re.escape(str(wire))}\b", notes_text(_at(index.data, container[:-1]))
            ):
                continue  # the operation's or type's notes name it
            findings.append(_unprinted(index, loc))
    return findings


def _unprinted(index: SpecIndex, loc: Location) -> Finding:
    block = index.positions.block_of(loc)
    if block is None or block[1] == loc:
        return Finding(
            "spec-only",
            spec_subject(index, loc),
            "",
            "",
            index.where(loc),
            spec_path(index, loc),
            "the document's table beside it no longer prints it, nor does any sample",
        )
    name, placed = block
    return Finding(
        "spec-only",
        spec_subject(index, loc),
        "",
        "",
        index.where(placed),
        spec_path(index, placed),
        f"the document's table beside it does not print it here: it comes with the shared block"
        f" &{name}; give this place its own mapping (`<<: *{name}` and its own keys) or a note",
    )


def _at(data: Any, loc: Location) -> Any:
    for part in loc:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _order(finding: Finding) -> tuple[str, int, str, str, str]:
    document, _, line = finding.document.rpartition(":")
    return (
        document,
        int(line) if line.isdigit() else 0,
        finding.kind,
        finding.subject,
        finding.spec,
    )
