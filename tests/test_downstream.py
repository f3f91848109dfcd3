"""From a downstream project's side: each API's distribution installed alone with the core into
a fresh virtual environment, and a program importing only `apiclients` run against its fake,
sync and async; for NiceJob, a typed project also passes `mypy --strict` against what it installed.

Each environment is made without pip and sees this project's site-packages through a `.pth` file:
httpx, pydantic (the only runtime dependencies), pip and the build tools are found there, so the
test needs no network and takes seconds. The core is built into a wheel once; each API's folder
is installed by pip, which finds `apiclients-core` in that wheel's folder as it would on a package
index (`--find-links`), checks the API's requirement on it, and installs the two. `apiclients`
itself is not in those site-packages: the programs import the installed copies, from outside
this checkout.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
HERE = Path(__file__).resolve().parent / "downstream"
APIS = sorted(p.parent.name for p in GENERATED.glob("*/pyproject.toml") if p.parent.name != "core")
ENV = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "MYPYPATH")}


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, env=ENV, capture_output=True, text=True
    )


def pip_install(python: Path, *arguments: str | Path, cwd: Path) -> None:
    result = run(
        python,
        "-m",
        "pip",
        "--disable-pip-version-check",
        "install",
        "--quiet",
        "--no-index",
        "--no-build-isolation",
        *arguments,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def core_wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The core built once into a wheel, in a folder pip searches like a package index."""
    work = tmp_path_factory.mktemp("core")
    source = work / "core"  # a copy: the build leaves nothing behind in generated/
    shutil.copytree(GENERATED / "core", source, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = work / "wheels"
    result = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-index",
        "--no-build-isolation",
        "--wheel-dir",
        wheels,
        source,
        cwd=work,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return wheels


def environment_with(api: str, wheels: Path, work: Path) -> tuple[Path, Path]:
    """A fresh virtual environment holding `api`'s distribution and what it requires; its
    python and its own site-packages."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work
        ).stdout.strip()
    )
    (purelib / "project-site-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    source = work / api
    shutil.copytree(GENERATED / api, source, ignore=shutil.ignore_patterns("__pycache__"))
    pip_install(python, "--find-links", wheels, source, cwd=work)
    return python, purelib


@pytest.mark.parametrize("api", APIS)
def test_each_api_installs_alone_with_the_core_and_drives_its_fake(
    api: str, core_wheels: Path, tmp_path: Path
) -> None:
    python, purelib = environment_with(api, core_wheels, tmp_path)
    installed = sorted(p.name.split("-")[0] for p in purelib.glob("*.dist-info"))
    assert installed == sorted(["apiclients_core", f"apiclients_{api}"]), installed
    parts = {p.name for p in (purelib / "apiclients").iterdir()} - {"__pycache__"}
    assert parts == {"_core", api, "errors.py", "py.typed"}, parts
    program = tmp_path / "project"
    program.mkdir()
    shutil.copy(HERE / "app.py", program / "app.py")
    result = run(python, "app.py", api, cwd=program)
    assert result.returncode == 0, result.stdout + result.stderr
    check_program_output(api, result.stdout, purelib)
    others = [other for other in APIS if other != api]
    probe = f"import importlib.util as u; print([u.find_spec('apiclients.' + n) for n in {others}])"
    assert run(python, "-c", probe, cwd=program).stdout.strip() == repr([None] * len(others))


def check_program_output(api: str, printed: str, site_packages: Path | str) -> None:
    """What `app.py <api>` prints once it has driven the API's fake with the copy installed in
    `site_packages` (the compatibility check, tests/compat/run.py, runs it too)."""
    ok, where = printed.splitlines()
    assert ok.startswith(f"{api}: ok"), ok
    assert where == f"from {site_packages}/apiclients/{api}/testing.py", where


def test_a_nicejob_project_runs_and_type_checks_against_what_it_installed(
    core_wheels: Path, tmp_path: Path
) -> None:
    python, purelib = environment_with("nicejob", core_wheels, tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(HERE / "nicejob_app.py", project / "app.py")
    result = run(python, "app.py", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == 4, result.stdout
    mypy = run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--python-executable",
        python,
        "app.py",
        cwd=project,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    # mypy read the installed, typed distributions (not this checkout's generated/).
    assert "apiclients" not in mypy.stdout and (purelib / "apiclients" / "py.typed").is_file()


def test_each_distribution_needs_only_httpx_pydantic_and_the_core() -> None:
    """Every module of a distribution (the fakes included) imports only the standard library,
    httpx, pydantic (with pydantic_core, part of it) and `apiclients`; each API's pyproject.toml
    asks for those and a compatible range of the core, and the core's for httpx and pydantic."""
    allowed = {*sys.stdlib_module_names, "httpx", "pydantic", "pydantic_core", "apiclients"}
    for folder in ["core", *APIS]:
        found: set[str] = set()
        for path in sorted((GENERATED / folder / "apiclients").rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
        assert found - allowed == set(), (folder, found - allowed)
        project = tomllib.loads((GENERATED / folder / "pyproject.toml").read_text())["project"]
        requires = project["dependencies"]
        assert [r for r in requires if not r.startswith("apiclients-")] == [
            "httpx>=0.27,<1",
            "pydantic>=2.9,<3",
        ]
        if folder != "core":
            core = requires[0]
            assert core.startswith("apiclients-core>=") and ",<" in core, core
