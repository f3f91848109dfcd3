from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.distributions import import_paths

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_SPECS = ROOT / "tests" / "golden" / "specs"

# The tests import `apiclients` from generated/, one folder per distribution.
sys.path[:0] = [str(path) for path in import_paths(ROOT / "generated")]


@pytest.fixture(scope="session")
def golden_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden spec's output, generated once into a scratch folder."""
    from generator.cli import main

    out = tmp_path_factory.mktemp("golden") / "generated"
    assert (
        main(["--root", str(ROOT), "--specs", str(GOLDEN_SPECS), "--out", str(out), "generate"])
        == 0
    )
    return out
