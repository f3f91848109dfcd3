from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.distributions import import_paths

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_SPECS = ROOT / "tests" / "golden" / "specs"

# The tests import `apiclients` from generated/, one folder per distribution.
sys.path[:0] = [str(path) for path in import_paths(ROOT / "generated")]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow suites first, so that no test worker is left running one while the others idle
    (pytest-xdist hands tests out in this order)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def golden_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden spec's output, generated once into a scratch folder."""
    from generator.cli import main

    # A root of its own (the generator keeps its stamp there), with the spec at the same path
    # as in the checkout, which the generated headers name.
    root = tmp_path_factory.mktemp("golden")
    specs = root / GOLDEN_SPECS.relative_to(ROOT)
    shutil.copytree(GOLDEN_SPECS, specs)
    out = tmp_path_factory.mktemp("golden-tree") / "generated"
    assert main(["--root", str(root), "--specs", str(specs), "--out", str(out), "generate"]) == 0
    return out
