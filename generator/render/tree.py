"""Which files make up an output tree: everything under it but the output of other tools.

Walked with plain strings and `os.scandir`: the no-op check of `apigen generate` walks the tree
before anything else is imported, and pathlib's per-path work was most of that check's time.
"""

from __future__ import annotations

import os


def ignored(name: str) -> bool:
    """Tool output that may sit in the tree (caches, build metadata) and is not ours."""
    return (
        name.startswith(".")
        or name == "__pycache__"
        or name.endswith(".egg-info")
        or name == "build"
    )


def tree_files(root: str) -> list[tuple[str, str]]:
    """(relative POSIX path, full path) of every file of the tree under `root`, sorted by the
    relative path; empty when `root` is not a folder."""
    found: list[tuple[str, str]] = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if ignored(entry.name):
                continue
            relative = prefix + entry.name
            if entry.is_dir():
                pending.append((entry.path, relative + "/"))
            elif entry.is_file():
                found.append((relative, entry.path))
    return sorted(found)
