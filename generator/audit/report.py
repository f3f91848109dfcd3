"""The audit's findings as text, a Markdown table for a pull request, or JSON."""

from __future__ import annotations

import json
from collections import Counter

from .compare import KINDS, Finding


def summary(findings: list[Finding]) -> dict[str, object]:
    counts = Counter(f.kind for f in findings)
    return {
        "unexplained": len(findings),
        "by_kind": {kind: counts[kind] for kind in KINDS if counts[kind]},
    }


def _named(finding: Finding) -> str:
    return finding.subject + (f" ({finding.printed})" if finding.printed else "")


def as_text(api: str, findings: list[Finding]) -> str:
    """One line per finding: where the document prints it, what, why, and where in the spec."""
    if not findings:
        return f"{api}: every fact is honoured by the spec or explained by a note\n"
    lines = [
        f"{f.documents()}: {f.kind}: {_named(f)}: {f.detail}; spec {f.spec} ({f.spec_path})"
        for f in findings
    ]
    counts = Counter(f.kind for f in findings)
    listed = ", ".join(f"{counts[kind]} {kind}" for kind in KINDS if counts[kind])
    return "\n".join(lines) + f"\n{api}: {len(findings)} unexplained ({listed})\n"


def as_markdown(api: str, findings: list[Finding]) -> str:
    if not findings:
        return f"**{api}**: every fact is honoured by the spec or explained by a note.\n"
    rows = ["| kind | what | document | spec | detail |", "|---|---|---|---|---|"]
    rows += [
        f"| {f.kind} | {_cell(_named(f))} | {f.documents()} | {f.spec} {_cell(f.spec_path)} |"
        f" {_escaped(f.detail)} |"
        for f in findings
    ]
    return f"**{api}**: {len(findings)} unexplained\n\n" + "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return "`" + _escaped(text).replace("`", "'") + "`"


def _escaped(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_json(api: str, findings: list[Finding]) -> str:
    report = {"api": api, "findings": [f.as_dict() for f in findings], "summary": summary(findings)}
    return json.dumps(report, indent=2) + "\n"


def no_facts(api: str, message: str, format: str) -> str:
    """The report of a spec with no facts to compare yet: not a finding, and no failure."""
    if format == "json":
        report: dict[str, object] = {"api": api, "facts": None, "message": message, "findings": []}
        return json.dumps(report, indent=2) + "\n"
    return (
        f"**{api}**: {message.removeprefix(api + ': ')}" if format == "markdown" else message
    ) + "\n"
