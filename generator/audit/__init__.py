"""`apigen audit`: a spec against the facts of the documents it is transcribed from."""

from __future__ import annotations

import re
from collections import Counter

from .compare import (
    Finding,
    differences,
    explained_difference,
    explained_missing,
    find_field,
    find_parameter,
)
from .findings import belongs, collapse, spec_path, spec_subject, subject
from .sources import Fact, endpoint_shape
from .sources.changes import printed
from .spec_index import SpecIndex, SpecPath

__all__ = ["Finding", "SpecIndex", "audit"]


def _endpoint_honoured(index: SpecIndex, key: str) -> bool:
    """An operation, or an OAuth endpoint the spec's auth section uses."""
    path = key.split(" ", 1)[1]
    oauth = index.api.auth.oauth2
    urls = (oauth.keys.authorize_url, oauth.keys.token_url) if oauth is not None else ()
    return index.operation(key) is not None or any(url.endswith(path) for url in urls)


def _check(
    index: SpecIndex, fact: Fact, wire_names: set[str], resolved: set[SpecPath]
) -> list[tuple[str, SpecPath, str, str]]:
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
    if element.path[0] != "api":  # an envelope key, not a field of a table
        resolved.add(element.path)
    return [
        (found, element.path, detail, said)
        for found, detail, evidence in differences(index, fact, element)
        if not explained_difference(index, element, fact["name"], evidence)
    ]


def _paging_parameter_honoured(index: SpecIndex, name: str, resolved: set[SpecPath]) -> bool:
    """A parameter of every paginated endpoint: the spec's pagination drives it (any value the
    spec's pagination gives, its parameters' names among them)."""
    style = index.api.pagination.style if index.api.pagination else None
    given = style.model_dump(exclude_unset=True) if style is not None else {}
    pagination = {str(value) for value in given.values()}
    for op in index.operations.values():
        if op.paginated and name in op.query:
            resolved.add(op.query[name].loc.path)
    return name in pagination or explained_missing(index, name)


def audit(index: SpecIndex, sheets: list[tuple[str, list[Fact]]]) -> list[Finding]:
    """Every unexplained difference between the spec and the facts of its documents."""
    wire_names = index.wire_names()
    namespaced = {f["entity"] for _, facts in sheets for f in facts if "." in f.get("entity", "")}
    bases = Counter(name.split(".", 1)[1] for name in namespaced)
    index.shared_bases = {base for base, count in bases.items() if count > 1}
    findings = []
    resolved: set[SpecPath] = set()
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
    for shape, op in sorted(index.operations.items()):
        if shape not in printed_endpoints and not op.notes:
            findings.append(
                Finding(
                    "spec-only",
                    op.endpoint,
                    "",
                    "",
                    index.where(op.loc.path),
                    spec_path(index, op.loc.path),
                    "no document prints this endpoint and no note says where it comes from",
                )
            )
    sampled = {
        key for _, facts in sheets for f in facts if f["kind"] == "example" for key in f["keys"]
    }
    findings += _unprinted_fields(index, resolved, sampled)
    return sorted(collapse(findings), key=_order)


def _unprinted_fields(
    index: SpecIndex, resolved: set[SpecPath], sampled: set[str]
) -> list[Finding]:
    """Fields of a table the document prints (some row names the spec element beside them) that
    no row and no sample names: the vendor may have dropped them, or a shared block brought them."""
    findings = []
    lists = index.field_lists()
    for container in sorted({path[:-1] for path in resolved}, key=str):
        fields, held = lists.get(container, ({}, ""))
        for wire, f in fields.items():
            path = (*container, wire)
            if path in resolved or wire in sampled or explained_missing(index, wire):
                continue
            if f.notes or f.const is not None:
                continue
            if re.search(rf"\b{re.escape(wire)}\b", held):
                continue  # the operation's or type's notes name it
            findings.append(_unprinted(index, path))
    return findings


def _unprinted(index: SpecIndex, path: SpecPath) -> Finding:
    block = index.positions.block_of(path)
    if block is None or block[1] == path:
        return Finding(
            "spec-only",
            spec_subject(index, path),
            "",
            "",
            index.where(path),
            spec_path(index, path),
            "the document's table beside it no longer prints it, nor does any sample",
        )
    name, placed = block
    return Finding(
        "spec-only",
        spec_subject(index, path),
        "",
        "",
        index.where(placed),
        spec_path(index, placed),
        f"the document's table beside it does not print it here: it comes with the shared block"
        f" &{name}; give this place its own mapping (`<<: *{name}` and its own keys) or a note",
    )


def _order(finding: Finding) -> tuple[str, int, str, str, str]:
    document, _, line = finding.document.rpartition(":")
    return (
        document,
        int(line) if line.isdigit() else 0,
        finding.kind,
        finding.subject,
        finding.spec,
    )
