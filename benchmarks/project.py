"""Where the benchmarks find the project's pieces."""

from __future__ import annotations

import subprocess
from pathlib import Path

from peers import OPC

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"


def generated_path() -> list[str]:
    """The folders `apiclients` is imported from: one per distribution where generated/ holds
    several (each with its pyproject.toml), else generated/ itself."""
    distributions = sorted(p.parent for p in GENERATED.glob("*/pyproject.toml"))
    return [str(p) for p in distributions] or [str(GENERATED)]


def api_folder(api: str) -> Path:
    """generated/.../apiclients/<api>, in either layout."""
    for folder in generated_path():
        candidate = Path(folder) / "apiclients" / api
        if candidate.is_dir():
            return candidate
    raise LookupError(f"no apiclients.{api} under {GENERATED}")


def opc_generate(document: Path, output: Path, env: dict[str, str], *options: str) -> None:
    """openapi-python-client's client for one OpenAPI document, as its users run it (its ruff
    post-hooks, from its own environment, included)."""
    command = [
        str(OPC.bin / "openapi-python-client"),
        *("generate", "--path", str(document), "--meta", "none", "--output-path", str(output)),
        *options,
    ]
    result = subprocess.run(command, env=peer_env(env), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def peer_env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "PATH": f"{OPC.bin}:{env.get('PATH', '')}"}
