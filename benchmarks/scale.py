"""Generation at scale: the two synthetic shapes (benchmarks/synthetic.py), linearity from the
marginal cost, and the Stripe-shaped spec against openapi-python-client.

Every process is measured by `os.wait4`: wall seconds, CPU seconds (user and system, its reaped
children included) and peak resident memory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peers import OPC
from synthetic import stripe_spec, thin_spec

THIN_SIZES = (400, 1600, 6400)
STRIPE_SIZE = 2000
FIXED_SIZE = 4  # one resource: what any run pays, whatever the size of the spec
# The start-up and the 400-operation run are measured this many times per round. Linearity divides
# by the 400-operation run's cost above the start-up (about 0.5 s beside a 0.5 s start-up), so a
# few hundredths of a second of noise in either moves the ratio by a tenth; the two cost about a
# tenth of a 6,400-operation run, so more samples of them are cheap.
SMALL_REPEATS = 3


def measured(command: list[str], env: dict[str, str]) -> dict[str, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    error = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{error}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def median_of(samples: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def set_aside(work: Path, *paths: Path) -> None:
    """Moves what a previous run left out of the way of the next one, into a folder deleted with
    the bench's work folder at the end. Deleting it would tax the next run: on an ext4 file
    system without a journal (this machine's), a file created within 30 s of a deletion is given
    an inode only after each inode freed in those 30 s is read and skipped, so the next run's
    file creation grows with the number of files just deleted times the number it creates (5 to
    13 % of the profile's samples, in the kernel's `recently_deleted`, in 6,400-operation runs
    made right after deleting the previous run's 1,651 files; 2.6 % in one made after none)."""
    trash = Path(tempfile.mkdtemp(prefix="set-aside-", dir=work))
    for index, path in enumerate(paths):
        if path.exists():
            os.replace(path, trash / str(index))


class Tree:
    """A project folder holding one synthetic spec, generated cold (empty output and cache)."""

    def __init__(self, work: Path, name: str, text: str, apigen: str, env: dict[str, str]):
        self.work, self.root = work, work / name
        (self.root / "specs").mkdir(parents=True)
        (self.root / "specs" / "synthetic.yaml").write_text(text, encoding="utf-8")
        self.apigen, self.env = apigen, env

    def generate_cold(self) -> dict[str, float]:
        set_aside(self.work, self.root / ".apigen-cache", self.root / "generated")
        return measured([self.apigen, "--root", str(self.root), "generate"], self.env)

    @property
    def document(self) -> Path:
        return self.root / "generated" / "openapi" / "synthetic.json"


def per_100(result: dict[str, float], fixed: dict[str, float], operations: int, key: str) -> float:
    """Seconds per 100 operations above the fixed start-up."""
    return (result[key] - fixed[key]) / (operations / 100)


def interleaved(
    actions: dict[str, Callable[[], dict[str, float]]],
    runs: int,
    repeats: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Each action `runs` times (times its `repeats`, one by default), taking turns, so the
    machine's load falls on all alike."""
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in actions}
    for round_ in range(runs):
        order = list(actions)
        for name in order[round_ % len(order) :] + order[: round_ % len(order)]:
            for _ in range((repeats or {}).get(name, 1)):
                samples[name].append(actions[name]())
    return {name: median_of(found) for name, found in samples.items()}


def bench_scale(work: Path, apigen: str, env: dict[str, str], runs: int) -> dict[str, Any]:
    fixed_tree = Tree(work, "scale-fixed", thin_spec(FIXED_SIZE), apigen, env)
    thin = {n: Tree(work, f"scale-thin-{n}", thin_spec(n), apigen, env) for n in THIN_SIZES}
    stripe = Tree(work, "scale-stripe", stripe_spec(STRIPE_SIZE), apigen, env)
    results = interleaved(
        {
            "fixed": fixed_tree.generate_cold,
            **{f"thin {n}": tree.generate_cold for n, tree in thin.items()},
        },
        runs,
        repeats={"fixed": SMALL_REPEATS, f"thin {THIN_SIZES[0]}": SMALL_REPEATS},
    )
    fixed = results["fixed"]
    rows = []
    for n in THIN_SIZES:
        result = results[f"thin {n}"]
        rows.append(
            {
                "shape": "thin",
                "operations": n,
                **result,
                "wall_per_100_s": per_100(result, fixed, n, "wall_s"),
                "cpu_per_100_s": per_100(result, fixed, n, "cpu_s"),
            }
        )
    stripe.generate_cold()  # the OpenAPI document opc reads
    opc_env = {**env, "PATH": f"{OPC.bin}{os.pathsep}{env.get('PATH', '')}"}  # its ruff hooks

    def opc_cold() -> dict[str, float]:
        out = Path(tempfile.mkdtemp(prefix="scale-stripe-opc-", dir=work))  # nothing to delete
        command = [
            str(OPC.bin / "openapi-python-client"),
            *("generate", "--path", str(stripe.document), "--meta", "none"),
            *("--output-path", str(out / "client"), "--overwrite"),
        ]
        return measured(command, opc_env)

    pair = interleaved({"apigen": stripe.generate_cold, "opc": opc_cold}, runs)
    ours = pair["apigen"]
    rows.append(
        {
            "shape": "stripe",
            "operations": STRIPE_SIZE,
            **ours,
            "wall_per_100_s": per_100(ours, fixed, STRIPE_SIZE, "wall_s"),
            "cpu_per_100_s": per_100(ours, fixed, STRIPE_SIZE, "cpu_s"),
        }
    )
    small, large = rows[0], rows[len(THIN_SIZES) - 1]
    return {
        "fixed": fixed,
        "rows": rows,
        "stripe_opc": pair["opc"],
        "stripe_wall_ratio": ours["wall_s"] / pair["opc"]["wall_s"],
        "stripe_cpu_ratio": ours["cpu_s"] / pair["opc"]["cpu_s"],
        "stripe_memory_ratio": ours["peak_rss_mb"] / pair["opc"]["peak_rss_mb"],
        "linearity_wall": large["wall_per_100_s"] / small["wall_per_100_s"],
        "linearity_cpu": large["cpu_per_100_s"] / small["cpu_per_100_s"],
        "runs": runs,
    }
