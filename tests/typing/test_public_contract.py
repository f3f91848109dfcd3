"""The calls the issues promise type-check under mypy --strict as written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.distributions import import_paths

HERE = Path(__file__).parent
ROOT = HERE.parents[1]

# Slow; one worker runs the whole module, so that its runs share one warm cache.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("mypy")]


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mypy's cache for this session's runs (each test worker has its own): the package and its
    dependencies are analysed by the first run only, and nothing is read from an earlier one."""
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(cache),
            "--python-version",
            "3.11",
            str(path),
        ],
        cwd=ROOT,
        env={"MYPYPATH": os.pathsep.join(map(str, import_paths(ROOT / "generated"))), "PATH": ""},
        capture_output=True,
        text=True,
    )


def test_public_contract_type_checks(cache: Path) -> None:
    result = mypy(HERE / "public_contract.py", cache)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_misspelt_enum_value_is_a_type_error(tmp_path: Path, cache: Path) -> None:
    """The literal values admit `"asc"` and still refuse what the spec does not list."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "from apiclients.nicereply import Nicereply\n\n"
        'Nicereply(api_key="k").customers.list(sort_order="ascending")\n'
    )
    result = mypy(wrong, cache)
    assert (
        result.returncode == 1 and "sort_order" in result.stdout and "'ascending'" in result.stdout
    ), result.stdout


def test_a_fakes_client_is_typed_as_the_apis_client(tmp_path: Path, cache: Path) -> None:
    """`fake.client()` is a NiceJob to mypy, not Any: a misspelt method is caught."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "from apiclients.nicejob.testing import FakeNiceJob\n\n"
        "FakeNiceJob().client().people.retreive('p1')\n"
    )
    result = mypy(wrong, cache)
    assert result.returncode == 1 and '"retreive"' in result.stdout, result.stdout


def test_a_raw_response_parses_to_the_methods_type(tmp_path: Path, cache: Path) -> None:
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "from apiclients.nicejob import NiceJob\n\n"
        "NiceJob(access_token='t').people.with_raw_response.retrieve('p1').parse().fist_name\n"
    )
    result = mypy(wrong, cache)
    assert result.returncode == 1 and '"fist_name"' in result.stdout, result.stdout


def test_a_fakes_operation_handles_are_typed(tmp_path: Path, cache: Path) -> None:
    """`fake.people.retrieve` is an OperationHandle to mypy: a misspelt operation or method is
    caught, and a misspelt resource too."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "from apiclients.nicejob.testing import FakeNiceJob\n\n"
        "fake = FakeNiceJob()\n"
        "fake.people.retrieve.respnd({})\n"
        "fake.people.retreive.respond({})\n"
        "fake.peeple.retrieve.respond({})\n"
    )
    result = mypy(wrong, cache)
    assert result.returncode == 1, result.stdout
    for name in ('"respnd"', '"retreive"', '"peeple"'):
        assert name in result.stdout, (name, result.stdout)


def test_with_options_is_checked_option_by_option(tmp_path: Path, cache: Path) -> None:
    """`with_options` is typed per client: a copy's misspelt method, an option of the wrong type
    and another client's credential are all caught."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "from apiclients.nicejob import NiceJob\n\n"
        "NiceJob().with_options(base_url='https://x.example').people.retreive('p1')\n"
        "NiceJob().with_options(max_retries='3')\n"
        "NiceJob().with_options(api_key='k')\n"
    )
    result = mypy(wrong, cache)
    assert result.returncode == 1, result.stdout
    for line, fragment in ((3, '"retreive"'), (4, '"max_retries"'), (5, '"api_key"')):
        assert f"wrong.py:{line}: error:" in result.stdout and fragment in result.stdout, (
            line,
            result.stdout,
        )


def test_a_pages_fields_are_checked(tmp_path: Path, cache: Path) -> None:
    """`page.meta` is the response's `meta` (a PaginationMeta), not Any: a misspelt field is
    caught, and so is a field another API's pages have."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "from apiclients.nimble import Nimble\n\n"
        "page = Nimble(access_token='t').contacts.list()\n"
        "page.meta.totl\n"
        "page.pagination\n"
    )
    result = mypy(wrong, cache)
    assert result.returncode == 1, result.stdout
    assert 'wrong.py:4: error: "PaginationMeta" has no attribute "totl"' in result.stdout
    assert 'wrong.py:5: error: "SyncPage[ContactView]" has no attribute "pagination"' in (
        result.stdout
    )
