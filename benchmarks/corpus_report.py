"""benchmarks/CORPUS.md from the corpus results (benchmarks/corpus.json)."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any

OURS = ("import", "validate", "generate", "package", "ruff", "mypy", "tests")
PEER = ("opc_generate", "opc_package", "opc_mypy")


def _passed(result: dict[str, Any], side: str, name: str) -> bool:
    stage = result.get(side, {}).get(name)
    return bool(stage) and stage["status"] == "ok"


def _through(result: dict[str, Any], side: str, stages: tuple[str, ...]) -> bool:
    return all(_passed(result, side, s) for s in stages)


def _pct(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.1f} %)" if whole else "0"


def stage_table(results: list[dict[str, Any]]) -> list[str]:
    total = len(results)
    lines = [
        "| stage | apigen: reached / passed, cumulative (ruff apart) | openapi-python-client "
        "(cumulative) |",
        "|---|---|---|",
    ]
    pairs = [
        ("import", "import", None),
        ("validate", "validate", None),
        ("generate", "generate", "opc_generate"),
        ("import the package", "package", "opc_package"),
        ("ruff", "ruff", None),
        ("mypy --strict", "mypy", "opc_mypy"),
        ("generated tests against the fake", "tests", None),
    ]
    chain = tuple(s for s in OURS if s != "ruff")
    for label, ours, peer in pairs:
        upto = chain[: chain.index(ours) + 1] if ours != "ruff" else ("ruff",)
        reached = sum(1 for r in results if ours in r.get("apigen", {}))
        passed = sum(1 for r in results if _through(r, "apigen", upto))
        peer_text = "n/a"
        if peer is not None:
            peer_upto = PEER[: PEER.index(peer) + 1]
            peer_text = _pct(sum(1 for r in results if _through(r, "peer", peer_upto)), total)
        lines.append(f"| {label} | {reached} / {_pct(passed, total)} | {peer_text} |")
    return lines


def blocker_tally(results: list[dict[str, Any]]) -> list[str]:
    imported = [r for r in results if _passed(r, "apigen", "import")]
    uses = Counter(c for r in imported for c in r.get("blocking", []))
    only = Counter(r["blocking"][0] for r in imported if len(r.get("blocking", [])) == 1)
    free = sum(1 for r in imported if not r.get("blocking"))
    lines = [
        f"Imported documents with no blocking construct: {_pct(free, len(results))}.",
        "",
        "| blocking construct | documents using it | documents it alone blocks | documents"
        " with no blocking construct left once this and those above are closed |",
        "|---|---|---|---|",
    ]
    open_ = {r["provider"]: set(r.get("blocking", [])) for r in imported}
    closed: set[str] = set()
    for construct, count in uses.most_common():
        closed.add(construct)
        unblocked = sum(1 for blocks in open_.values() if blocks <= closed)
        lines.append(
            f"| `{construct}` | {count} | {only.get(construct, 0)} | "
            f"{_pct(unblocked, len(results))} |"
        )
    approx = Counter(
        c for r in imported for c in r.get("constructs", {}) if c not in r.get("blocking", [])
    )
    lines += [
        "",
        "Each document's blocking constructs are in `benchmarks/corpus.json` (`blocking`).",
        "",
        "Approximations (the client works, looser than the document):",
        "",
    ]
    lines += ["| construct | documents |", "|---|---|"]
    lines += [f"| `{c}` | {n} |" for c, n in approx.most_common()]
    return lines


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "-"


def timing(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| stage | documents | median s | 90th pct s | max s | median peak MB | max peak MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for side, names in (("apigen", (*OURS, "prism")), ("peer", PEER)):
        for name in names:
            runs = [r[side][name] for r in results if name in r.get(side, {})]
            if not runs:
                continue
            secs = sorted(s["seconds"] for s in runs)
            mem = [s["rss_mb"] for s in runs]
            p90 = secs[int(0.9 * (len(secs) - 1))]
            lines.append(
                f"| {side} {name} | {len(runs)} | {_median(secs)} | {p90:.2f} | {max(secs):.2f} |"
                f" {_median(mem)} | {max(mem):.0f} |"
            )
    return lines


def totals(results: list[dict[str, Any]]) -> list[str]:
    """Each document's stages added up (time) and their largest peak (memory), per side."""
    lines = []
    for side, label in (("apigen", "apigen, all stages"), ("peer", "openapi-python-client")):
        secs = sorted(sum(s["seconds"] for s in r.get(side, {}).values()) for r in results)
        mem = [max((s["rss_mb"] for s in r.get(side, {}).values()), default=0.0) for r in results]
        if secs:
            p90 = secs[int(0.9 * (len(secs) - 1))]
            lines.append(
                f"| {label}, whole document | {len(secs)} | {_median(secs)} | {p90:.2f} |"
                f" {max(secs):.2f} | {_median(mem)} | {max(mem):.0f} |"
            )
    return lines


def failures(results: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    refused = [
        (r["provider"], r["apigen"]["import"].get("message", ""))
        for r in results
        if r.get("apigen", {}).get("import", {}).get("status") == "failed"
    ]
    lines += [f"Refused at import (or an importer error): {len(refused)}.", ""]
    lines += [f"- `{p}`: {m}" for p, m in refused]
    crashes = [
        (r["provider"], name, s.get("crash", ""))
        for r in results
        for name, s in r.get("apigen", {}).items()
        if s.get("crash")
    ]
    lines += [
        "",
        f"Tracebacks in apigen's stages (generator or importer bugs): {len(crashes)}.",
        "",
    ]
    lines += [f"- `{p}` at {n}: {c}" for p, n, c in crashes]
    for name in ("validate", "generate"):
        failed = [
            (r["provider"], r["apigen"][name].get("message", ""))
            for r in results
            if name in r.get("apigen", {}) and not _passed(r, "apigen", name)
        ]
        lines += ["", f"Failed at {name}: {len(failed)}.", ""]
        lines += [f"- `{p}`: {m}" for p, m in failed]
    timeouts = [
        (r["provider"], side, name)
        for r in results
        for side in ("apigen", "peer")
        for name, s in r.get(side, {}).items()
        if s["status"] == "timeout"
    ]
    lines += ["", f"Stages stopped at their timeout: {len(timeouts)}.", ""]
    lines += [f"- `{p}`: {side} {n}" for p, side, n in timeouts]
    return lines


def detail(results: list[dict[str, Any]]) -> list[str]:
    ruff_failed = [
        r for r in results if "ruff" in r.get("apigen", {}) and not _passed(r, "apigen", "ruff")
    ]
    long_only = sum(1 for r in ruff_failed if r["apigen"]["ruff"].get("only_long_lines"))
    mypy_codes = Counter(
        c for r in results for c in r.get("apigen", {}).get("mypy", {}).get("codes", [])
    )
    peer_codes = Counter(
        c for r in results for c in r.get("peer", {}).get("opc_mypy", {}).get("codes", [])
    )
    tests = [
        r["apigen"]["tests"].get("message", "")
        for r in results
        if "tests" in r.get("apigen", {}) and not _passed(r, "apigen", "tests")
    ]
    lines = [
        f"- ruff failed on {len(ruff_failed)} packages; on {long_only} of them only for lines over"
        " 100 columns (E501: lines black cannot break, see below).",
        "- mypy --strict error codes, apigen: "
        + (", ".join(f"`{c}` {n}" for c, n in mypy_codes.most_common()) or "none")
        + ".",
        "- mypy --strict error codes, openapi-python-client: "
        + (", ".join(f"`{c}` {n}" for c, n in peer_codes.most_common()) or "none")
        + ".",
        f"- generated tests failed on {len(tests)} packages.",
    ]
    prism = [r["apigen"]["prism"] for r in results if "prism" in r.get("apigen", {})]
    if prism:
        ops = sum(p.get("operations", 0) for p in prism)
        ok = sum(p.get("passed", 0) for p in prism)
        kinds = Counter(f for p in prism for f in p.get("failures", []))
        silent = sum(1 for p in prism if not p.get("operations"))
        lines.append(
            f"- Prism (original documents, request validation on): {len(prism)} documents sampled;"
            f" on {silent} of them Prism gave no answer (it did not start within 90 s on the loaded"
            " machine, or refused the document), which this run does not tell apart; the others:"
            f" {_pct(ok, ops)} of {ops} operations answered without an error; failures by kind: "
            + (", ".join(f"{k} ({n} docs)" for k, n in kinds.most_common(8)) or "none")
            + "."
        )
    return lines


def roundtrip(results: list[dict[str, Any]]) -> list[str]:
    imported = [r for r in results if r.get("differences")]
    explained = sum(r["differences"]["explained"] for r in imported)
    unexplained = sum(r["differences"]["unexplained"] for r in imported)
    clean = sum(
        1
        for r in imported
        if r["differences"]["unexplained"] == 0 and _passed(r, "apigen", "import")
    )
    kinds = Counter(k for r in imported for k in r["differences"]["kinds"])
    return [
        f"Differences between each source document and the generated client's OpenAPI export: "
        f"{explained + unexplained} in all, {explained} explained by a note, {unexplained} not.",
        f"Imported documents with no unexplained difference: {_pct(clean, len(results))}.",
        "",
        "Unexplained differences by kind (documents): "
        + (", ".join(f"`{k}` {n}" for k, n in kinds.most_common()) or "none")
        + ".",
    ]


def _summary(everyone: list[dict[str, Any]], sample: list[dict[str, Any]]) -> list[str]:
    total, size = len(everyone), len(sample)
    imported = sum(1 for r in everyone if _passed(r, "apigen", "import"))
    refused = sum(1 for r in everyone if r["apigen"].get("import", {}).get("status") == "failed")
    valid = sum(1 for r in everyone if _through(r, "apigen", ("import", "validate")))
    crashes = sum(1 for r in everyone for s in r.get("apigen", {}).values() if s.get("crash"))
    hangs = sum(
        1 for r in everyone for s in r.get("apigen", {}).values() if s["status"] == "timeout"
    )
    peer_hangs = sum(
        1 for r in everyone for s in r.get("peer", {}).values() if s["status"] == "timeout"
    )
    chain = ("import", "validate", "generate", "package", "mypy")
    mine = [r for r in sample if _passed(r, "apigen", "import")]
    n = len(mine)
    ours_mypy = sum(1 for r in mine if _through(r, "apigen", chain))
    ours_tests = sum(1 for r in mine if _through(r, "apigen", (*chain, "tests")))
    peer_mypy = sum(1 for r in mine if _through(r, "peer", PEER))
    ours_all = sum(1 for r in sample if _through(r, "apigen", OURS))
    lines = [
        f"- All {total} documents: {_pct(imported, total)} imported, {refused} refused"
        f" with an error naming the file, the JSON pointer and the reason; {_pct(valid, total)}"
        f" pass `apigen validate`; tracebacks: {crashes}; apigen's stages stopped at their"
        f" timeout: {hangs} (the peer's: {peer_hangs}).",
    ]
    if size < total:
        ordered = sorted(everyone, key=lambda r: r["document"])
        full = {r["document"] for r in sample}
        first = next((i for i, r in enumerate(ordered) if r["document"] not in full), total)
        lines.append(
            f"- Every stage (generate, package import, ruff, mypy --strict, generated tests, and"
            f" the peer) ran on {size} of them: the list's first {first} (before the run took"
            f" documents in a stride through the list) and {size - first} more spread over it;"
            " the others had import and validate only, for lack of time on the shared machine"
            " (`make corpus CORPUS_ARGS=--resume` goes on from there)."
        )
    lines += [
        f"- Of the {n} imported documents{f' of those {size}' if size < total else ''}:"
        " apigen's package passes mypy"
        f" --strict for {_pct(ours_mypy, n)}, and mypy --strict and its generated tests against"
        f" its fake for {_pct(ours_tests, n)}; openapi-python-client's (generate, import,"
        f" mypy --strict) passes for {_pct(peer_mypy, n)} of the same documents.",
        f"- Through every apigen stage, ruff included: {_pct(ours_all, size)}.",
    ]
    return lines


# What the failures met in the corpus are, as diagnosed on examples of each (the generator's
# and the importer's gaps, for the issues that follow the corpus).
DIAGNOSES = [
    "import refusals (9): six documents with no operation the language can hold (every path"
    " unroutable, as amazonaws.com's `/#X-Amz-Target=...`, or none at all, as ipinfodb.com's;"
    " also firstinspires.org, freetv-app.com, iva-api.com, zenoti.com) and three whose draft"
    " spec would exceed the spec loader's 4 MiB (github.com, kubernetes.io, loket.nl); each"
    " refused with the file, `#/paths` or `#` and the reason (the results keep only the summary"
    " line, `nothing was written`).",
    "timeouts: docusign.net's generate (300 s of wall time on a machine at load 25-31; its"
    " generate took 85 s of CPU once its test samples are built once per type) and"
    " autotask.net's generated tests (420 s; 2,000-odd operations, each case through both"
    " clients).",
    "ruff: E501 on 195 packages, now chiefly long names rather than text: importer-made inline"
    " type names of 70-130 characters (`BusinessCurrentAccountCreditInterest...Frequency`) in"
    " class lines, annotations and return types, and long wire names as dictionary keys and"
    " arguments, which black cannot break; E741 (9, ruff's ambiguous names `l`, `O`, `I`) and"
    " F401/F811 (5) not diagnosed yet.",
    "tests `ConfigurationError` (36): the document's server is plain `http://`, which the client"
    " refuses without an explicit opt-in, and the generated tests' client is built on it.",
    "tests `BadRequestError` (31) and `InvalidArgumentError` (15): a sampled argument the fake or"
    " the client refuses (a list sent where the fake reads one value, a path parameter whose"
    " Python name differs from its wire name by a leading `_`: salesloft.com, wikimedia.org).",
    "tests `AssertionError` (6) and pydantic validation errors (about 15): a request the fake"
    " reads otherwise than the case expects, or a response example the models do not read back"
    " (a date in another spelling, a missing required key: twinehealth.com, kumpeapps.com).",
]


def _peer_reuse(data: dict[str, Any]) -> list[str]:
    reused = data.get("peer_reused") or {}
    if not reused.get("documents"):
        return []
    runs = ", ".join(f"{r['date']} at commit `{r['commit']}`" for r in reused["runs"])
    return [
        f"- The peer's stages of {reused['documents']} documents are those of the run of {runs}:"
        " they depend only on the document and the peer's pinned version, so where the"
        " document's sha256 and the version are the same they are taken from that run's"
        " `corpus.json` instead of being run again (`--fresh-peer` runs them); its times are"
        " that run's.",
    ]


def write_report(data: dict[str, Any], target: Path) -> None:
    everyone = [r for r in data["results"] if "runner_error" not in r]
    sample = [r for r in everyone if not r.get("import_only")]
    runner_errors = [r for r in data["results"] if "runner_error" in r]
    lines = [
        "# The corpus: apigen and openapi-python-client on real APIs",
        "",
        "Written by `make corpus` (`benchmarks/corpus.py`); the per-document figures are in "
        "`benchmarks/corpus.json`. The documents are not in this repository.",
        "",
        f"- Source: npm `{data['package']}`; {data['rule']}: {data['providers']} documents.",
        "- The list's digest (sha256 over `path<TAB>sha256(bytes)` lines): "
        f"`{data['documents_digest']}`.",
        f"- Run: {data['machine']['date']}, {data['jobs']} jobs on {data['machine']['cores']}"
        f" cores ({data['machine']['cpu']}) shared with other work, `nice -n"
        f" {data.get('nice', 15)}`, wall time {data['wall_seconds'] / 60:.0f} min; apigen at"
        f" commit `{data.get('commit', '?')}`; peer `{data['peer']}` in its own virtualenv;"
        f" runner errors: {len(runner_errors)}.",
        *_peer_reuse(data),
        "- Every stage has a timeout ("
        + ", ".join(f"{k} {v} s" for k, v in data["timeouts"].items())
        + ").",
        "",
        "## Summary",
        "",
        *_summary(everyone, sample),
        "",
        f"## Stages ({len(sample)} documents through every stage)",
        "",
        *stage_table(sample),
        "",
        *detail(sample),
        "",
        f"## What stops the rest: the blocker tally (all {len(everyone)} documents)",
        "",
        "A construct *blocks* a document when the generated client cannot make a request the "
        "document describes as valid, or cannot read the documented success response "
        "(`generator/importer/constructs.py` says which do). Closing the constructs in the "
        "table's order (the breadth issue) raises the share of documents with none left as the "
        "last column says.",
        "",
        *blocker_tally(everyone),
        "",
        f"## Round trip (all {len(everyone)} documents)",
        "",
        *roundtrip(everyone),
        "",
        "## Time and peak memory per document",
        "",
        *timing(everyone),
        *totals(sample),
        "",
        "Wall time of each stage's process on the shared machine. Peak memory is the kernel's"
        " high-water mark for the process, which keeps the runner's own size at the fork (some"
        " 45-66 MB): figures near that are a floor, not the stage's own need; the largest are"
        " its own.",
        "",
        "## Refusals, crashes and timeouts",
        "",
        *failures(everyone),
        "",
        "## What the failures are",
        "",
        *(f"- {text}" for text in DIAGNOSES),
        "",
    ]
    target.write_text("\n".join(lines), encoding="utf-8")
