"""`make compat`: the generated distributions against the versions they declare they support.

Each distribution apigen writes (`generated/core`, `generated/<api>`) declares `requires-python`
and a range of httpx and of pydantic. For every Python of that range found on this machine,
fresh virtual environments get the declared floor of every dependency, and the newest release of
every dependency. The Python running this check also gets each dependency newest with the others
at their floor, and the releases of `PINNED`. In each environment every distribution is installed
as a wheel (and `pip check` passes), and the generated tests (`generated/tests`) and the
downstream program (`tests/downstream/app.py`, once per API) run against those installed copies.

pip resolves each combination first; the dependencies are installed once into a venv under
`.compat/`, named by the interpreter and the exact versions resolved, which each run's fresh venv
sees through a `.pth` file: a rerun installs no dependency unless a release moved. A Python of
the declared range with no interpreter here is reported as not tested.

    python -m tests.compat.run [--python PATH ...] [--jobs N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.test_downstream import check_program_output

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
APP = ROOT / "tests" / "downstream" / "app.py"
CACHE = ROOT / ".compat"
PIP = (sys.executable, "-m", "pip", "--disable-pip-version-check")
# Releases tested besides each floor and the newest. pydantic 2.12.5: the last release before
# pydantic-core moved into pydantic's repository; projects pin a minor release for months.
PINNED: dict[str, tuple[str, ...]] = {"pydantic": ("2.12.5",)}
TEST_TOOLS = ("pytest",)
TIMEOUT = 900  # seconds for one step; a cold install takes well under a minute
# pip resolving a combination mostly waits on the index: more of them at once than the cores.
RESOLVERS = 8


class Failure(Exception):
    """A step of one combination failed; the message says which and shows its output."""


@dataclass(frozen=True)
class Interpreter:
    path: str
    version: tuple[int, int, int]

    @property
    def name(self) -> str:
        return "python" + ".".join(map(str, self.version))


@dataclass(frozen=True)
class Combination:
    python: Interpreter
    label: str
    requirements: tuple[str, ...]

    @property
    def title(self) -> str:
        return f"{self.python.name}, {self.label}"


@dataclass(frozen=True)
class Outcome:
    combinations: tuple[Combination, ...]
    versions: dict[str, str]
    ok: bool
    message: str
    environment: Path | None


# -- what is declared, and the combinations it calls for --------------------------------------


def distributions(generated: Path = GENERATED) -> list[Path]:
    """The folders of the distributions apigen wrote (the core and one per API), the core first."""
    folders = [path.parent for path in generated.glob("*/pyproject.toml")]
    return sorted(folders, key=lambda folder: (folder.name != "core", folder.name))


def declared(folders: Sequence[Path]) -> tuple[SpecifierSet, list[Requirement]]:
    """What the distributions declare together: `requires-python`, and the range of each
    dependency outside them (httpx, pydantic), each as narrow as the narrowest declaration."""
    requires_python = SpecifierSet()
    ranges: dict[str, SpecifierSet] = {}
    for folder in folders:
        project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        requires_python &= SpecifierSet(project["requires-python"])
        for requirement in map(Requirement, project["dependencies"]):
            if not requirement.name.startswith("apiclients"):
                ranges[requirement.name] = ranges.get(requirement.name, SpecifierSet())
                ranges[requirement.name] &= requirement.specifier
    return requires_python, [Requirement(f"{name}{ranges[name]}") for name in sorted(ranges)]


def floor(requirement: Requirement) -> str:
    """The lowest version `requirement` admits, as written in it."""
    floors = [s.version for s in requirement.specifier if s.operator in (">=", "==", "~=")]
    if not floors:
        raise Failure(f"{requirement} declares no floor, so no lowest version can be tested")
    return max(floors, key=Version)


def combinations(dependencies: Sequence[Requirement]) -> list[tuple[str, tuple[str, ...]]]:
    """(label, requirements) of every combination, the floor and the newest first. A
    requirement as declared lets pip take the newest release it admits."""
    lowest = {dep.name: f"{dep.name}=={floor(dep)}" for dep in dependencies}
    found = [("floor", lowest), ("newest", {dep.name: str(dep) for dep in dependencies})]
    for dep in dependencies:
        found.append((f"{dep.name} newest, others at floor", {**lowest, dep.name: str(dep)}))
        found += [
            (
                f"{dep.name} {version}, others at floor",
                {**lowest, dep.name: f"{dep.name}=={version}"},
            )
            for version in PINNED.get(dep.name, ())
            if dep.specifier.contains(version)
        ]
    return [(label, tuple(chosen.values())) for label, chosen in found]


def plan(pythons: Sequence[Interpreter], dependencies: Sequence[Requirement]) -> list[Combination]:
    """Every combination on the first interpreter; the floor and the newest on the others."""
    every = combinations(dependencies)
    return [
        Combination(python, label, requirements)
        for index, python in enumerate(pythons)
        for label, requirements in (every if index == 0 else every[:2])
    ]


# -- interpreters -------------------------------------------------------------------------------


def minors(requires_python: SpecifierSet) -> list[int]:
    """The Python 3 minor releases `requires_python` admits; it must name a last one."""
    admitted = [minor for minor in range(100) if requires_python.contains(f"3.{minor}")]
    if 99 in admitted:
        raise Failure(
            f"requires-python {str(requires_python)!r} has no upper bound: it admits Python"
            " releases nobody has tested"
        )
    return admitted


def probe(path: str) -> Interpreter | None:
    """The interpreter at `path` if it runs and can make a virtual environment."""
    try:
        result = subprocess.run(
            [path, "-c", "import sys, venv; print(*sys.version_info[:3])"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    try:
        major, minor, micro = map(int, result.stdout.split())
    except ValueError:  # it did not run, or printed something else
        return None
    return Interpreter(path, (major, minor, micro)) if result.returncode == 0 else None


def candidates(minor: int) -> Iterator[str]:
    """Where an interpreter of Python 3.`minor` may be: on PATH, in pyenv, beside this one."""
    on_path = shutil.which(f"python3.{minor}")
    if on_path:
        yield on_path
    versions = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    release = re.compile(rf"3\.{minor}\.(\d+)")
    installed = [
        (int(match.group(1)), path)
        for path in (versions.iterdir() if versions.is_dir() else ())
        if (match := release.fullmatch(path.name))
    ]
    for _, path in sorted(installed, reverse=True):
        yield str(path / "bin" / "python")
    yield str(Path(sys.base_prefix) / "bin" / f"python3.{minor}")


def find_pythons(admitted: Sequence[int]) -> tuple[list[Interpreter], list[int]]:
    """One interpreter per admitted minor release (the one of this Python first), and the
    minor releases with none."""
    found: list[Interpreter] = []
    missing: list[int] = []
    for minor in admitted:
        python = next(
            (p for p in map(probe, candidates(minor)) if p and p.version[:2] == (3, minor)), None
        )
        if python is None:
            missing.append(minor)
        else:
            found.append(python)
    found.sort(key=lambda python: python.version[:2] != sys.version_info[:2])
    return found, missing


# -- one combination ---------------------------------------------------------------------------


def run(command: Sequence[str], cwd: Path | None = None) -> str:
    """The output of `command`; a Failure carrying its output when it fails."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    try:
        result = subprocess.run(
            list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise Failure(f"{' '.join(command)}: no result within {TIMEOUT} s") from None
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        raise Failure(
            f"{' '.join(command)} exited {result.returncode}:\n" + "\n".join(output[-40:])
        )
    return result.stdout


def resolve(combination: Combination) -> dict[str, str]:
    """The exact versions pip installs for `combination` (test tools included), by name."""
    report = run(
        [
            *PIP,
            "--python",
            combination.python.path,
            "install",
            "--dry-run",
            "--ignore-installed",
            "--only-binary=:all:",
            "--quiet",
            "--report",
            "-",
            *combination.requirements,
            *TEST_TOOLS,
        ]
    )
    return {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in json.loads(report)["install"]
    }


def environment(python: Interpreter, versions: dict[str, str]) -> Path:
    """A virtual environment of `python` holding exactly `versions` (the dependencies and the
    test tools), made on first use."""
    key = json.dumps([python.path, python.version, sorted(versions.items())]).encode()
    venv = CACHE / f"{python.name}-{hashlib.sha256(key).hexdigest()[:16]}"
    done = venv / "installed.json"
    if done.is_file() and installed(venv) == versions:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    run([python.path, "-m", "venv", "--without-pip", str(venv)])
    pins = [f"{name}=={version}" for name, version in sorted(versions.items())]
    target = str(venv / "bin" / "python")
    run([*PIP, "--python", target, "install", "--no-deps", "--only-binary=:all:", "--quiet", *pins])
    done.write_text(json.dumps(dict(sorted(versions.items())), indent=1) + "\n", encoding="utf-8")
    return venv


def installed(venv: Path) -> dict[str, str]:
    """The distributions in `venv`'s site-packages and their versions, by name."""
    found: dict[str, str] = {}
    for info in venv.glob("lib/python*/site-packages/*.dist-info"):
        name, _, version = info.name.removesuffix(".dist-info").rpartition("-")
        found[canonicalize_name(name)] = version
    return found


def exercise(python: Interpreter, dependencies: Path, wheels: Sequence[Path], work: Path) -> str:
    """A fresh venv on the `dependencies` venv with every distribution's wheel installed; the
    generated tests and the downstream program run there."""
    venv = work / "venv"
    run([python.path, "-m", "venv", "--without-pip", str(venv)])
    target = str(venv / "bin" / "python")
    site = purelib(target)
    # The dependencies (and pytest) come from their own venv, made once, through a .pth file.
    (Path(site) / "dependencies.pth").write_text(purelib(str(dependencies / "bin" / "python")))
    run([*PIP, "--python", target, "install", "--no-deps", "--quiet", *map(str, wheels)])
    run([*PIP, "--python", target, "check"])  # the distributions' requirements are all met

    # A copy of the tests away from generated/, where `apiclients` can only be the installed one.
    copy_tree(GENERATED / "tests", work / "tests")
    settings = (GENERATED / "pytest.ini").read_text(encoding="utf-8").splitlines(keepends=True)
    # Without the generated folders pytest.ini puts on the path.
    (work / "pytest.ini").write_text("".join(s for s in settings if not s.startswith("pythonpath")))
    packages = [package(folder) for folder in distributions()]
    where = f"import importlib; print(*(importlib.import_module(p).__file__ for p in {packages}))"
    outside = [
        path for path in run([target, "-c", where], cwd=work).split() if not path.startswith(site)
    ]
    if outside:
        raise Failure(f"the tests would import {', '.join(outside)}, not the copies in {site}")
    output = run([target, "-m", "pytest", "tests"], cwd=work)
    passed = re.search(r"(\d+) passed", output)
    if passed is None or re.search(r"\d+ (failed|errors?|skipped|xfailed)\b", output):
        raise Failure("the generated tests did not all pass:\n" + output[-3000:])

    program = work / "program"
    program.mkdir()
    shutil.copy(APP, program / "app.py")
    apis = [folder.name for folder in distributions() if folder.name != "core"]
    for api in apis:
        printed = run([target, "app.py", api], cwd=program)
        try:
            check_program_output(api, printed, site)
        except AssertionError as problem:
            raise Failure(f"app.py {api} printed something else ({problem}):\n{printed}") from None
    return f"{passed.group(1)} generated tests passed, downstream program ok for {len(apis)} APIs"


def purelib(python: str) -> str:
    return run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()


def package(folder: Path) -> str:
    """The import package a distribution's folder holds."""
    return "apiclients._core" if folder.name == "core" else f"apiclients.{folder.name}"


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))


def build_wheels(folder: Path) -> list[Path]:
    """Every distribution as a wheel, built from copies so that generated/ stays as it is."""
    sources = []
    for distribution in distributions():
        copy_tree(distribution, folder / "sources" / distribution.name)
        sources.append(str(folder / "sources" / distribution.name))
    wheels = folder / "wheels"
    run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(wheels), *sources]
    )
    return sorted(wheels.glob("*.whl"))


# -- every combination --------------------------------------------------------------------------


def check_all(
    planned: Sequence[Combination], wheels: Sequence[Path], jobs: int
) -> Iterator[Outcome]:
    """Each combination's outcome, as it comes; combinations resolving to the same versions on
    the same interpreter are run once."""

    def resolved(combination: Combination) -> dict[str, str] | Failure:
        try:
            return resolve(combination)
        except Failure as failure:
            return failure

    groups: dict[str, list[Combination]] = {}
    versions: dict[Combination, dict[str, str]] = {}
    with ThreadPoolExecutor(max(jobs, RESOLVERS)) as pool:
        for combination, found in zip(planned, pool.map(resolved, planned), strict=True):
            if isinstance(found, Failure):
                message = f"pip cannot resolve it: {found}"
                yield Outcome((combination,), {}, False, message, None)
                continue
            versions[combination] = found
            key = json.dumps([combination.python.path, sorted(found.items())])
            groups.setdefault(key, []).append(combination)

    def checked(group: list[Combination]) -> Outcome:
        chosen = versions[group[0]]
        venv = None
        try:
            venv = environment(group[0].python, chosen)
            with tempfile.TemporaryDirectory(prefix="apigen-compat-") as folder:
                message = exercise(group[0].python, venv, wheels, Path(folder))
        except Failure as failure:
            return Outcome(tuple(group), chosen, False, str(failure), venv)
        return Outcome(tuple(group), chosen, True, message, venv)

    with ThreadPoolExecutor(jobs) as pool:
        yield from pool.map(checked, groups.values())


def describe(versions: dict[str, str], dependencies: Sequence[Requirement]) -> str:
    """The versions of the runtime dependencies (pydantic with its pydantic-core)."""
    names = [dep.name.lower() for dep in dependencies]
    if "pydantic" in names and "pydantic-core" in versions:
        names.insert(names.index("pydantic") + 1, "pydantic-core")
    return ", ".join(f"{name} {versions[name]}" for name in names if name in versions)


def prune(used: set[Path]) -> None:
    """Environments of earlier runs that this one did not use (a release moved on)."""
    for venv in CACHE.iterdir() if CACHE.is_dir() else ():
        if venv.is_dir() and venv not in used:
            shutil.rmtree(venv)


def choose_pythons(
    given: Sequence[str], requires_python: SpecifierSet
) -> tuple[list[Interpreter], list[int]]:
    """The interpreters given, or one found per Python release of the range; and the releases
    with none found."""
    if not given:
        return find_pythons(minors(requires_python))
    probed = {path: probe(path) for path in given}
    broken = [path for path, python in probed.items() if python is None]
    if broken:
        raise Failure(f"{', '.join(broken)}: does not run or cannot make a virtual environment")
    return [python for python in probed.values() if python is not None], []


def report(
    outcomes: Iterator[Outcome], dependencies: Sequence[Requirement]
) -> tuple[int, int, set[Path]]:
    """Print each combination's outcome as it comes; (passed, failed, environments used)."""
    passed = failed = 0
    used: set[Path] = set()
    for outcome in outcomes:
        if outcome.environment is not None:
            used.add(outcome.environment)
        for combination in outcome.combinations:
            line = f"{combination.title}: {describe(outcome.versions, dependencies)}"
            if outcome.ok:
                passed += 1
                print(f"PASS  {line}: {outcome.message}", flush=True)
            else:
                failed += 1
                detail = "\n".join(f"      {text}" for text in outcome.message.splitlines())
                print(f"FAIL  {line}\n{detail}", flush=True)
    return passed, failed, used


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.compat.run", description=__doc__)
    parser.add_argument(
        "--python",
        action="append",
        default=[],
        metavar="PATH",
        help="an interpreter to test, repeatable (the first gets every combination); by default"
        " one per Python release that requires-python admits, looked for on PATH and in pyenv",
    )
    parser.add_argument("--jobs", type=int, default=2, help="combinations at once (default 2)")
    args = parser.parse_args(argv)

    requires_python, dependencies = declared(distributions())
    print(f"compat: requires-python {requires_python}; " + ", ".join(map(str, dependencies)))
    try:
        pythons, missing = choose_pythons(args.python, requires_python)
        planned = plan(pythons, dependencies)
    except Failure as failure:
        print(f"compat: {failure}")
        return 2
    for minor in missing:
        print(
            f"NOT TESTED  Python 3.{minor}: no interpreter found (python3.{minor} on PATH, pyenv);"
            f" run `make compat PYTHONS=/path/to/python3.{minor}` where there is one",
            flush=True,
        )
    if not pythons:
        print("compat: no interpreter of requires-python found: nothing was tested")
        return 1

    CACHE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="apigen-compat-wheel-") as folder:
        try:
            wheels = build_wheels(Path(folder))
        except Failure as failure:
            print(f"compat: the package does not build: {failure}")
            return 1
        passed, failed, used = report(check_all(planned, wheels, args.jobs), dependencies)
    if not args.python:
        prune(used)
    skipped = 2 * len(missing)  # the floor and the newest of each Python not found
    print(f"compat: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
