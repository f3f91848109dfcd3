"""Rewrite the importer's golden records (`tests/importer/expected/`) from `documents/`.

    .venv/bin/python tests/importer/regen.py

Review `git diff tests/importer/expected` afterwards: each change is a change of the importer.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.importer.golden import DOCUMENTS, EXPECTED, records


def main() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for document in DOCUMENTS:
        for name, text in records(document).items():
            (EXPECTED / name).write_text(text, encoding="utf-8")
            print(f"wrote tests/importer/expected/{name}")


if __name__ == "__main__":
    main()
