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
    """Paths that differ between the rendered files and the tree: changed, new or extra. Each
    file is compared as it is read, a slice at a time: neither the tree nor the files' bytes are
    held whole (a large API's test cases are hundreds of megabytes)."""
    current = dict(tree_files(str(root)))
    changed = [
        f.path for f in files if f.path not in current or not _holds(current[f.path], f.text)
    ]
    wanted = {f.path for f in files}
    extra = [p for p in current if p not in wanted]
    return sorted(changed + extra)


_SLICE = 1 << 20  # characters of a text encoded, compared or written at a time


def _holds(path: str, text: str) -> bool:
    """Whether the file at `path` is `text` in UTF-8."""
    with open(path, "rb") as file:
        for start in range(0, len(text), _SLICE):
            part = text[start : start + _SLICE].encode("utf-8")
            if file.read(len(part)) != part:
                return False
        return not file.read(1)


def _write(target: Path, text: str) -> None:
    """`text` written in UTF-8 a slice at a time (not encoded whole first)."""
    with open(target, "w", encoding="utf-8", newline="\n") as file:
        for start in range(0, len(text), _SLICE):
            file.write(text[start : start + _SLICE])


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
            _write(target, f.text)
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
