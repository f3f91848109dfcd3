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
    "this run (18:31 UTC, commit `ebc9327`, on main) against the last (15:57 UTC, `7f0d640`):"
    " 4 jobs instead of 5, wall time 56 min (was 69), load average 16.0 at the start and 6.7 at"
    " the end, with two full `make test` runs and `make compat` of this branch beside it for"
    " most of the run. Documents with no blocking construct: 33 % at the start of the breadth"
    " issue, 71.8 % at the last run, 85.7 % now. Through every stage: 421 (59.6 %) -> 586"
    " (83.0 %); mypy --strict and generated tests: 590 -> 627 (90.1 % of imported, the peer"
    " 73.6 %); ruff 491 -> 643 packages (E501 alone 191 -> 36).",
    "the fixes measured: importer type names over 40 characters keep their last words, methods"
    ' drop their resource\'s name from the operationId, a long `"key": name,` entry gets its'
    " value in parentheses (as black keeps it), one-line docstrings wrapped where only the"
    " closing quotes overflowed, the package docstring's import example parenthesized (E501);"
    " the client reaches the spec's own plain-http server without the opt-in (tests"
    " `ConfigurationError` 36 -> 0); the fake matches a path parameter that is not an"
    " identifier (`{change-set-id}`: about 15 documents' tests, now 0).",
    "import refusals (10): six documents with no operation the language can hold (every path"
    " unroutable, as amazonaws.com's `/#X-Amz-Target=...`, or none at all, as ipinfodb.com's;"
    " also firstinspires.org, freetv-app.com, iva-api.com, zenoti.com) and four whose draft"
    " spec would exceed the spec loader's 4 MiB (github.com, kubernetes.io, loket.nl, and now"
    " digitalocean.com, whose draft grew since the last run to 4.8 MiB; the cause is not"
    " diagnosed).",
    "validate (2), new since the last run: the importer writes a spec the language refuses for"
    " dataatwork.org (a paginated operation not returning a list) and vtex.local (a server URL"
    " variable left undeclared): importer bugs of the pagination styles and environments.",
    "timeouts: docusign.net's generate (300 s; not profiled in this round) and autotask.net's"
    " generated tests (420 s, still: compiling the fake's ~2,000 routes once per fake class"
    " instead of per test case was not enough; the remaining cost per case is not diagnosed).",
    "ruff (50): E501 on 38 packages (36 only E501): names the generator composes from the"
    " resource and the method (`_<RESOURCE>_<METHOD>: Operation[`, `class _<Resource><Method>"
    "Params(`, `self.<method> = raw_sync(`), long resource module names in imports"
    " (magento.com's path-made resources), enum member names from long values, and an"
    " `Arguments of` docstring whose one name is longer than a line; E741 (9, ruff's"
    " ambiguous names `l`, `O`, `I`) and F401/F811 (5).",
    "tests (61): a sampled list or object the fake reads otherwise (14: a query list or form"
    " field where it expects one value or a dict: box.com, files.com, mist.com), a wire name"
    " both in the path and in the query (13: the second numbered `_2`, whose Params field has"
    " the same alias as the first, so the client refuses it: apacta.com, api2cart.com), response"
    " examples the models do not read back (about 14: a date in another spelling, a missing"
    " required key: twinehealth.com, kumpeapps.com, squareup.com), `AssertionError` (9),"
    " offset pagination whose generated case omits the required `offset` (5, new since the"
    " offset/limit style: postmarkapp.com, discourse.local), an empty path parameter sampled"
    " (brex.io, cpy.re, stoplight.io), a route the fake does not find (conjur.local,"
    " openpolicy.local) and autotask.net's timeout.",
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
