"""From a downstream project's side: `generated/` installed into a fresh virtual environment,
and a program that imports only `apiclients` run against each API's fake, sync and async.

The environment is made without pip and sees this project's site-packages through a `.pth` file:
httpx, pydantic (the only runtime dependencies) and the build tools are found there, so the test
needs no network and takes seconds. `apiclients` itself is not in those site-packages; the test
checks that the program imported the installed copy, from outside this checkout.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = Path(__file__).resolve().parent / "downstream" / "app.py"


def test_installed_package_drives_every_fake(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "project-site-packages.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )

    # A copy, so that the build leaves nothing behind in generated/.
    source = tmp_path / "src"
    shutil.copytree(
        ROOT / "generated" / "apiclients",
        source / "apiclients",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "generated" / "pyproject.toml", source)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(source),
        ],
        check=True,
        env=env,
        cwd=tmp_path,
    )

    program = tmp_path / "project"
    program.mkdir()
    shutil.copy(APP, program / "app.py")
    result = subprocess.run(
        [str(python), "app.py"], cwd=program, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    check_program_output(result.stdout, purelib)


def check_program_output(printed: str, site_packages: str) -> None:
    """What app.py prints once it has driven every API's fake with the copy of `apiclients`
    installed in `site_packages` (also run by the compatibility check, tests/compat/run.py)."""
    lines = printed.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "nicejob",
        "nicereply",
        "timetap",
        "campaign_jobs",
        "nimble",
    ]
    assert all(line.split(": ")[1].startswith("ok") for line in lines[:-1])
    assert lines[-1].endswith(f"{site_packages}/apiclients/__init__.py"), lines[-1]


def test_the_package_needs_only_httpx_and_pydantic() -> None:
    """Every module of `apiclients` (the fakes included) imports only the standard library,
    httpx, pydantic (with pydantic_core, part of it) and itself."""
    allowed = {*sys.stdlib_module_names, "httpx", "pydantic", "pydantic_core", "apiclients"}
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "generated" / "apiclients").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    assert found.keys() - allowed == set(), {name: found[name] for name in found.keys() - allowed}
    assert {"httpx", "pydantic"} <= found.keys()
    pyproject = (ROOT / "generated" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dependencies = ["httpx>=0.27,<1", "pydantic>=2.9,<3"]' in pyproject
