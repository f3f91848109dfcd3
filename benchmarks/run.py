"""`make bench`: figures against peers measured in the same run, written to benchmarks/RESULTS.md.

Every figure is the median of repeated runs; where a peer exists the pair is interleaved (each
run of one followed by a run of the other) and the ratio taken in the same run. Peers live in
virtual environments of their own (benchmarks/peers.py). Nothing here asserts a time: the
targets are reported as met or missed. The parts: generation and regeneration (here), scale
(scale.py, shapes in synthetic.py), parse (parse.py), request overhead and tolerant reading
(calls.py), the report (report.py).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from calls import bench_calls
from parse import PERSON, bench_parse
from peers import OPC, runtime_only
from project import GENERATED, ROOT, api_folder, generated_path, opc_generate, peer_env
from report import docs_section, report
from scale import bench_scale, interleaved, measured

BIN = Path(sys.executable).parent
APIGEN = str(BIN / "apigen")
VENDOR_NIMBLE = ROOT.parent / "shared" / "vendor" / "nimble-openapi.yml"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ENV = dict(os.environ)
# For the runs that come first, so that what the timed runs import is byte-compiled, as it is once
# a user has run anything: PYTHONDONTWRITEBYTECODE set to any non-empty string ("0" included)
# stops Python writing .pyc files, and a module without one is compiled at every import.
COMPILING_ENV = {key: value for key, value in ENV.items() if key != "PYTHONDONTWRITEBYTECODE"}


def specs() -> list[Path]:
    return sorted((ROOT / "specs").glob("*.yaml"))


def documents() -> list[Path]:
    return sorted((GENERATED / "openapi").glob("*.json"))


def run(*command: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# -- generation and regeneration ------------------------------------------------------------------


def bench_generation(work: Path) -> dict[str, Any]:
    """The five specs cold (a fresh copy, no output, no cache) against opc on each exported
    OpenAPI document, interleaved."""

    def apigen_cold() -> dict[str, float]:
        root = Path(tempfile.mkdtemp(dir=work))
        shutil.copytree(ROOT / "specs", root / "specs")
        return measured([APIGEN, "--root", str(root), "generate"], ENV)

    def opc_all() -> dict[str, float]:
        out = Path(tempfile.mkdtemp(dir=work))
        totals = {"wall_s": 0.0, "cpu_s": 0.0, "peak_rss_mb": 0.0}
        for document in documents():
            one = measured(
                [
                    str(OPC.bin / "openapi-python-client"),
                    *("generate", "--path", str(document), "--meta", "none"),
                    *("--output-path", str(out / document.stem), "--overwrite"),
                ],
                peer_env(ENV),
            )
            totals["wall_s"] += one["wall_s"]
            totals["cpu_s"] += one["cpu_s"]
            totals["peak_rss_mb"] = max(totals["peak_rss_mb"], one["peak_rss_mb"])
        return totals

    warm = Path(tempfile.mkdtemp(dir=work))
    shutil.copytree(ROOT / "specs", warm / "specs")
    run(APIGEN, "--root", str(warm), "generate", env=COMPILING_ENV)  # the generator compiled
    pair = interleaved({"apigen": apigen_cold, "opc": opc_all}, RUNS)
    ours, peer = pair["apigen"], pair["opc"]
    return {
        "apigen": ours,
        "opc": peer,
        "ratio": ours["wall_s"] / peer["wall_s"],
        "cpu_ratio": ours["cpu_s"] / peer["cpu_s"],
        "apis": [p.stem for p in specs()],
    }


def bench_regeneration(work: Path) -> dict[str, Any]:
    root = work / "regen"
    shutil.copytree(ROOT / "specs", root / "specs")
    run(APIGEN, "--root", str(root), "generate", env=COMPILING_ENV)
    noop = [measured([APIGEN, "--root", str(root), "generate"], ENV) for _ in range(max(RUNS, 9))]
    bare = [measured([sys.executable, "-c", "pass"], ENV) for _ in range(max(RUNS, 9))]
    spec = sorted((root / "specs").glob("*.yaml"))[0]
    original = spec.read_text(encoding="utf-8")
    changed = []
    for revision in range(RUNS):
        # A reworded operation summary: the kind of small edit a maintainer makes.
        spec.write_text(
            original.replace("summary: ", f"summary: (revision {revision}) ", 1), encoding="utf-8"
        )
        changed.append(measured([APIGEN, "--root", str(root), "generate"], ENV))
    return {
        "noop": {key: statistics.median(s[key] for s in noop) for key in noop[0]},
        "noop_min_wall_s": min(s["wall_s"] for s in noop),
        "bare_python": {key: statistics.median(s[key] for s in bare) for key in bare[0]},
        "one_spec": {key: statistics.median(s[key] for s in changed) for key in changed[0]},
        "spec": spec.stem,
    }


# -- import time ----------------------------------------------------------------------------------


def import_times(targets: dict[str, tuple[str, str, str]]) -> dict[str, float]:
    """Median wall time of importing each module in a fresh interpreter (each side's own), minus
    that interpreter bare; the candidates are interleaved so the machine's load falls on all
    alike. `targets`: key -> (module, PYTHONPATH, python)."""
    envs = {key: {**COMPILING_ENV, "PYTHONPATH": path} for key, (_, path, _) in targets.items()}
    for key, (module, _, python) in targets.items():
        run(python, "-c", f"import {module}", env=envs[key])  # compile once

    def once(python: str, code: str, env: dict[str, str]) -> float:
        started = time.perf_counter()
        subprocess.run([python, "-c", code], env=env, check=True)
        return time.perf_counter() - started

    bare: dict[str, list[float]] = {key: [] for key in targets}
    loaded: dict[str, list[float]] = {key: [] for key in targets}
    for _ in range(15):
        for key, (module, _, python) in targets.items():
            bare[key].append(once(python, "pass", ENV))
            loaded[key].append(once(python, f"import {module}", envs[key]))
    return {key: statistics.median(loaded[key]) - statistics.median(bare[key]) for key in targets}


def bench_import(work: Path) -> dict[str, Any]:
    out = work / "opc_import"
    out.mkdir()
    target = "nimble" if (ROOT / "specs" / "nimble.yaml").exists() else "nicejob"
    source = VENDOR_NIMBLE if target == "nimble" else GENERATED / "openapi" / "nicejob.json"
    opc_generate(source, out / f"opc_{target}", ENV)
    everything = f"apiclients.{target}, apiclients.{target}.types" + "".join(
        f", apiclients.{target}.resources.{p.stem}"
        for p in sorted((api_folder(target) / "resources").glob("*.py"))
        if p.stem != "__init__"
    )
    # On the import path, as where a user installs the API: its distribution and the core's (the
    # other APIs' folders would each be one more directory searched for every module imported).
    needed = (api_folder(target).parents[1], api_folder("_core").parents[1])
    ours_path = os.pathsep.join(p for p in generated_path() if Path(p) in needed)
    # Each side where only its runtime dependencies are installed, at the versions its
    # environment holds (benchmarks/peers.py: runtime_only).
    ours_env = runtime_only("apiclients", BIN / "python", ("pydantic", "httpx")).install()
    opc_client = runtime_only(
        "opc-client", OPC.bin / "python", ("httpx", "attrs", "python-dateutil")
    ).install()
    ours_python = str(ours_env.bin / "python")
    times = import_times(
        {
            "ours": (f"apiclients.{target}", ours_path, ours_python),
            "peer": (f"opc_{target}", str(out), str(opc_client.bin / "python")),
            "everything": (everything, ours_path, ours_python),
        }
    )
    ours, ours_everything, peer = times["ours"], times["everything"], times["peer"]
    return {
        "api": target,
        "peer_source": source.name,
        "apiclients_s": ours,
        "apiclients_all_modules_s": ours_everything,
        "opc_s": peer,
        "ratio": ours / peer,
        "environments": {
            "ours": " ".join((ours_env.requirement, *ours_env.runtime)),
            "peer": " ".join((opc_client.requirement, *opc_client.runtime)),
        },
    }


# -- pagination memory ----------------------------------------------------------------------------

PAGES_SCRIPT = """
import json, resource, sys
sys.path[:0] = {generated!r}
import httpx
from apiclients.nicejob import NiceJob
TOTAL, PER_PAGE = {total}, 100
def handler(request):
    start = int(request.url.params.get("cursor") or 0)
    items = [dict({person}, id=f"p-{{i}}") for i in range(start, min(start + PER_PAGE, TOTAL))]
    nxt = str(start + PER_PAGE) if start + PER_PAGE < TOTAL else None
    return httpx.Response(200, json={{"data": items, "cursor": nxt, "error": None}})
client = NiceJob(access_token="t", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
count = 0
for person in client.people.list():
    count += 1
assert count == TOTAL, count
print(json.dumps({{"items": count,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def bench_pagination_memory(work: Path) -> dict[str, Any]:
    rows = []
    for total in (10_000, 50_000, 100_000):
        script = PAGES_SCRIPT.format(generated=generated_path(), person=repr(PERSON), total=total)
        rows.append(json.loads(run(sys.executable, "-c", script)))
    return {"rows": rows, "growth_mb": rows[-1]["peak_rss_mb"] - rows[0]["peak_rss_mb"]}


# -- the run --------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("pydantic", "pydantic-core", "httpx", "jinja2", "ruff", "black"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    peer = run(str(OPC.bin / "python"), "-m", "pip", "list", "--format", "json")
    peer_versions = {p["name"].lower(): p["version"] for p in json.loads(peer)}
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        **{f"version {k}": v for k, v in versions.items()},
        "peer environment": ", ".join(
            f"{name} {peer_versions.get(name, '?')}"
            for name in ("openapi-python-client", "ruff", "httpx", "attrs", "python-dateutil")
        ),
    }


BENCHES: dict[str, Callable[[Path], Any]] = {
    "generation": bench_generation,
    "regeneration": bench_regeneration,
    "scale": lambda work: bench_scale(work, APIGEN, ENV, max(3, RUNS // 2 + 1)),
    "import": bench_import,
    "parse": lambda work: bench_parse(work, ENV, max(5, RUNS)),
    "calls": lambda work: bench_calls(ENV, max(5, RUNS)),
    "memory": bench_pagination_memory,
}


def write_docs_section(section: str) -> None:
    """docs/testing.md's benchmarks section (from its heading to the next one, or the end)
    replaced by this run's."""
    path = ROOT / "docs" / "testing.md"
    text = path.read_text(encoding="utf-8")
    start = text.find("## Benchmarks")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("" if end < 0 else text[end:])
    path.write_text(text, encoding="utf-8")


def main(only: list[str]) -> int:
    """`run.py`: every part, then the report; `run.py PART...`: those parts, printed only;
    `run.py --report`: the report again from benchmarks/results.json."""
    saved = ROOT / "benchmarks" / "results.json"
    if only == ["--report"]:
        results = json.loads(saved.read_text(encoding="utf-8"))
        write_report(results, results["started"])
        return 0
    OPC.install()
    results: dict[str, Any] = {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    results["load"], results["runs"] = {}, RUNS
    with tempfile.TemporaryDirectory(prefix="apigen-bench-") as folder:
        work = Path(folder)
        for name, bench in BENCHES.items():
            if only and name not in only:
                continue
            print(f"bench: {name}...", flush=True)
            before = os.getloadavg()[0]
            results[name] = bench(work)
            results["load"][name] = [before, os.getloadavg()[0]]
            print(json.dumps(results[name], indent=None, default=str)[:600], flush=True)
    if only:  # a partial run prints; only a whole run writes the report
        return 0
    saved.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_report(results, results["started"])
    return 0


def write_report(results: dict[str, Any], started: str) -> None:
    text = report(results, machine(), started, results["runs"])
    (ROOT / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")
    write_docs_section(docs_section(results, started, results["runs"]))
    print(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
