"""Which files make up an output tree (generator/render/tree.py): what the no-op check fingerprints
and what `read_tree` compares."""

from __future__ import annotations

from pathlib import Path

from generator.render.tree import tree_files
from generator.render.writer import read_tree


def test_every_file_but_tool_output_sorted_by_relative_path(tmp_path: Path) -> None:
    for relative in [
        "b.py",
        "a/z.py",
        "a/b/c.txt",
        "a-b.py",  # sorts between "a" and "a/..." by string, as the fingerprint needs
        ".mypy_cache/x.json",
        "a/__pycache__/z.cpython-311.pyc",
        "pkg.egg-info/PKG-INFO",
        "build/lib/a.py",
        "a/.hidden",
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(relative)
    found = tree_files(str(tmp_path))
    assert [relative for relative, _ in found] == ["a-b.py", "a/b/c.txt", "a/z.py", "b.py"]
    assert all(Path(full).read_text() == relative for relative, full in found)
    assert read_tree(tmp_path) == {relative: relative.encode() for relative, _ in found}


def test_a_missing_root_or_a_file_is_an_empty_tree(tmp_path: Path) -> None:
    assert tree_files(str(tmp_path / "absent")) == []
    (tmp_path / "file").write_text("x")
    assert tree_files(str(tmp_path / "file")) == []
    assert read_tree(tmp_path / "absent") == {}
