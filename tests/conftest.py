from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_SPECS = ROOT / "tests" / "golden" / "specs"


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
