"""Comparing the rendered files with the tree, and writing them (generator/render/writer.py):
files larger than the slice they are compared and written by."""

from __future__ import annotations

from pathlib import Path

from generator.render import writer
from generator.render.render import RenderedFile


def test_a_file_is_compared_and_written_a_slice_at_a_time(tmp_path: Path) -> None:
    size = writer._SLICE * 2 + 3  # three slices, the last a short one
    big = "ü" + "x" * (size - 2) + "\n"  # not ASCII: slices of characters, not of bytes
    files = [
        RenderedFile("big.json", big),
        RenderedFile("small.py", "x = 1\n"),
        RenderedFile("empty.py", ""),
    ]
    root = tmp_path / "tree"
    assert writer.write_tree(files, root) == ["big.json", "empty.py", "small.py"]
    assert (root / "big.json").read_bytes() == big.encode("utf-8")
    assert (root / "empty.py").read_bytes() == b""
    assert writer.differences(files, root) == []

    (root / "big.json").write_bytes(big[:-1].encode("utf-8"))  # a byte short
    (root / "extra.txt").write_text("left over")
    assert writer.differences(files, root) == ["big.json", "extra.txt"]
    (root / "big.json").write_bytes((big + "y").encode("utf-8"))  # a byte longer
    (root / "small.py").write_text("x = 2\n")
    assert writer.differences(files, root) == ["big.json", "extra.txt", "small.py"]
    (root / "big.json").write_bytes(("ü" + "x" * (size - 3) + "z\n").encode("utf-8"))
    assert writer.differences(files, root) == ["big.json", "extra.txt", "small.py"]

    assert writer.write_tree(files, root) == ["big.json", "extra.txt", "small.py"]
    assert writer.differences(files, root) == []
    assert not (root / "extra.txt").exists()
