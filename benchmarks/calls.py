"""Client-side cost of a call (request overhead) and of reading a page tolerantly, timed by
`calls_worker.py` in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from parse import PERSON
from project import ROOT, generated_path


def bench_calls(env: dict[str, str], rounds: int) -> dict[str, Any]:
    config = {
        "path": generated_path(),
        "person": PERSON,
        "batches": 40,
        "batch": 250,
        "rounds": rounds,
    }
    worker = str(ROOT / "benchmarks" / "calls_worker.py")
    found = subprocess.run(
        [sys.executable, worker, json.dumps(config)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise RuntimeError(f"calls worker failed:\n{found.stderr}")
    result: dict[str, Any] = json.loads(found.stdout)
    return result
