"""One spec generated into a scratch tree and a program run against its clients.

The scratch tree has its own `apiclients` package, so the program runs in a subprocess
(importing it here would clash with the `apiclients` of `generated/`); it prints what it saw
as JSON, which is returned for the test's assertions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.cli import main
from generator.distributions import import_paths

ROOT = Path(__file__).resolve().parents[1]


def run_against(
    root: Path,
    name: str,
    spec: str,
    program: str,
    *,
    argv: tuple[str, ...] = (),
    unset: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Generate `spec` as `specs/<name>.yaml` under `root`, run `program` with `argv` on its
    package (from the checkout, for tests.server) with the environment variables `unset`
    removed, and return what it printed."""
    specs = root / "specs"
    specs.mkdir()
    (specs / f"{name}.yaml").write_text(spec, encoding="utf-8")
    out = root / "out"
    assert main(["--root", str(root), "--specs", str(specs), "--out", str(out), "generate"]) == 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, import_paths(out)))}
    for variable in unset:
        env.pop(variable, None)
    result = subprocess.run(
        [sys.executable, "-c", program, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded
