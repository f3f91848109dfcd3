"""Refresh the golden record: `make golden`, then review `git diff tests/golden/expected`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(
        main(
            [
                "--root",
                str(ROOT),
                "--specs",
                str(ROOT / "tests" / "golden" / "specs"),
                "--out",
                str(ROOT / "tests" / "golden" / "expected"),
                "generate",
            ]
        )
    )
