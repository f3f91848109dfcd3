"""The synthetic specs `make bench` generates at scale (benchmarks/synthetic.py) stay valid specs
of the size asked for, so that a change to the spec language breaks this test rather than the
bench an hour into its run."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from generator.cli import main

SYNTHETIC = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"
METHODS = {"get", "put", "post", "delete", "patch"}


def _synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", SYNTHETIC)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("shape", "operations"), [("thin_spec", 12), ("stripe_spec", 15)])
def test_a_synthetic_spec_generates_with_the_operations_asked_for(
    tmp_path: Path, shape: str, operations: int
) -> None:
    (tmp_path / "specs").mkdir()
    text = getattr(_synthetic(), shape)(operations)
    (tmp_path / "specs" / "synthetic.yaml").write_text(text, encoding="utf-8")
    assert main(["--root", str(tmp_path), "generate"]) == 0
    document = json.loads((tmp_path / "generated" / "openapi" / "synthetic.json").read_text())
    found = sum(len(METHODS & item.keys()) for item in document["paths"].values())
    assert found == operations
    if shape == "stripe_spec":  # the shape's point: many types per operation, nested and listed
        assert len(document["components"]["schemas"]) >= 2 * operations
