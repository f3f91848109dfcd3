"""Refresh the golden record: `make golden`, then review `git diff tests/golden/expected`.

The record holds what the generator decides for the golden spec. The runtime modules it copies
from templates/runtime are left out: the golden test checks each copy against its source instead
of keeping a second copy of the runtime here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.pipeline import Project, load, render  # noqa: E402
from generator.render.render import runtime_destination, runtime_files  # noqa: E402
from generator.render.writer import write_tree  # noqa: E402
from generator.spec.errors import SpecErrors  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
EXPECTED = GOLDEN / "expected"


def runtime_copies() -> dict[str, Path]:
    """The runtime's modules by where they are copied to in the output tree."""
    return {runtime_destination(module): module for module in runtime_files()}


def main() -> int:
    project = Project.at(ROOT, GOLDEN / "specs", EXPECTED)
    copies = runtime_copies()
    try:
        apis = load(project)
    except SpecErrors as exc:
        print(str(exc), file=sys.stderr)
        return 2
    files = [f for f in render(project, apis) if f.path not in copies]
    changed = write_tree(files, EXPECTED)
    where = EXPECTED.relative_to(ROOT).as_posix()
    print(f"{where}: {len(changed)} file(s) changed" if changed else f"{where}: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
