"""Writing the output tree all at once: render elsewhere, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .tree import ignored, tree_files

if TYPE_CHECKING:
    from .render import RenderedFile


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative POSIX path (empty when `root` does not exist)."""
    out: dict[str, bytes] = {}
    for relative, path in tree_files(str(root)):
        with open(path, "rb") as file:
            out[relative] = file.read()
    return out


def differences(files: list[RenderedFile], root: Path) -> list[str]:
    """Paths that differ between the rendered files and the tree: changed, new or extra."""
    current = read_tree(root)
    wanted = {f.path: f.text.encode("utf-8") for f in files}
    changed = [p for p, text in wanted.items() if current.get(p) != text]
    extra = [p for p in current if p not in wanted]
    return sorted(changed + extra)


def write_tree(files: list[RenderedFile], root: Path) -> list[str]:
    """Make `root` hold exactly `files`. Nothing is touched unless something differs; then the
    new tree is written beside it and swapped in, so a failure leaves the old tree whole."""
    changed = differences(files, root)
    if not changed:
        return []
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.new-", dir=root.parent))
    try:
        for f in files:
            target = staging / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f.text, encoding="utf-8", newline="\n")
        if root.exists():
            for entry in root.iterdir():  # keep caches and build metadata where they were
                if ignored(entry.name):
                    os.replace(entry, staging / entry.name)
            retired = Path(tempfile.mkdtemp(prefix=f".{root.name}.old-", dir=root.parent))
            os.replace(root, retired / root.name)
            os.replace(staging, root)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, root)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return changed
