"""What the compatibility check (`make compat`, tests/compat/run.py) tests, read from what the
generated distribution declares; the check itself installs from PyPI and runs in `.ci/run`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tests.compat import run
from tests.compat.run import Combination, Failure, Interpreter


def test_every_declared_floor_and_the_newest_releases_are_combinations() -> None:
    _, dependencies = run.declared(run.distributions())
    assert {dep.name for dep in dependencies} == {"httpx", "pydantic"}
    found = dict(run.combinations(dependencies))
    floors = {
        dep.name: next(s.version for s in dep.specifier if s.operator == ">=")
        for dep in dependencies
    }
    assert set(found["floor"]) == {f"{name}=={version}" for name, version in floors.items()}
    assert set(found["newest"]) == {str(dep) for dep in dependencies}
    assert set(found["pydantic newest, others at floor"]) == {
        f"httpx=={floors['httpx']}",
        str(next(dep for dep in dependencies if dep.name == "pydantic")),
    }
    assert set(found["pydantic 2.12.5, others at floor"]) == {
        f"httpx=={floors['httpx']}",
        "pydantic==2.12.5",
    }


def test_the_distributions_declare_together_the_narrowest_of_their_ranges(tmp_path: Path) -> None:
    for name, python, dependencies in (
        ("core", ">=3.10,<3.14", '"httpx>=0.27,<1", "pydantic>=2.9,<3"'),
        ("nicejob", ">=3.11,<3.14", '"apiclients-core>=0.1,<0.2", "pydantic>=2.10,<3"'),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pyproject.toml").write_text(
            f'[project]\nrequires-python = "{python}"\ndependencies = [{dependencies}]\n'
        )
    folders = run.distributions(tmp_path)
    assert [folder.name for folder in folders] == ["core", "nicejob"]
    requires_python, dependencies = run.declared(folders)
    assert run.minors(requires_python) == [11, 12, 13]
    assert [run.floor(dep) for dep in dependencies] == ["0.27", "2.10"]  # httpx, pydantic


def test_a_pinned_release_outside_the_declared_range_is_left_out() -> None:
    labels = [label for label, _ in run.combinations([Requirement("pydantic>=2.13,<3")])]
    assert labels == ["floor", "newest", "pydantic newest, others at floor"]


def test_a_dependency_without_a_floor_is_refused() -> None:
    with pytest.raises(Failure, match="declares no floor"):
        run.floor(Requirement("httpx<1"))


def test_the_first_interpreter_gets_every_combination_the_others_floor_and_newest() -> None:
    pythons = [Interpreter(f"/p{minor}", (3, minor, 0)) for minor in (11, 10, 12)]
    planned = run.plan(pythons, [Requirement("httpx>=0.27,<1"), Requirement("pydantic>=2.9,<3")])
    by_python: dict[str, list[str]] = {}
    for combination in planned:
        assert isinstance(combination, Combination)
        by_python.setdefault(combination.python.path, []).append(combination.label)
    assert len(by_python["/p11"]) == 5
    assert by_python["/p10"] == by_python["/p12"] == ["floor", "newest"]


def test_requires_python_names_a_last_release_and_admits_the_python_running_the_tests() -> None:
    requires_python, _ = run.declared(run.distributions())
    admitted = run.minors(requires_python)
    assert admitted == list(range(admitted[0], admitted[-1] + 1))
    assert sys.version_info[:2] in [(3, minor) for minor in admitted]
    assert run.minors(SpecifierSet(">=3.10,<3.14")) == [10, 11, 12, 13]
    with pytest.raises(Failure, match="no upper bound"):
        run.minors(SpecifierSet(">=3.10"))


def test_a_python_with_no_working_interpreter_is_reported_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def script(path: Path, body: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    # On PATH: a pyenv-style shim for a version that is not installed, which fails to run.
    script(tmp_path / "bin" / "python3.97", "echo 'pyenv: python3.97: command not found'; exit 127")
    # In pyenv's versions: a working interpreter (it prints what the probe asks for).
    script(tmp_path / "pyenv" / "versions" / "3.98.2" / "bin" / "python", "echo 3 98 2")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))

    found, missing = run.find_pythons([97, 98])
    assert found == [Interpreter(str(tmp_path / "pyenv/versions/3.98.2/bin/python"), (3, 98, 2))]
    assert missing == [97]
