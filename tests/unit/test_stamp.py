"""The no-op check's fingerprint of the output tree (generator/stamp.py), over files larger than
the slice they are read by."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator import stamp


def test_the_tree_fingerprint_digests_each_path_and_its_bytes_whatever_their_size(
    tmp_path: Path,
) -> None:
    contents = {
        "a.json": b"x" * (stamp._SLICE * 2),  # whole slices: the last read is empty
        "b/c.py": b"y" * (stamp._SLICE + 5),
        "d.txt": b"",
    }
    for relative, data in contents.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(data)
    expected = hashlib.sha256(
        b"".join(relative.encode() + b"\0" + data + b"\0" for relative, data in contents.items())
    )
    assert stamp.tree_fingerprint(tmp_path) == expected.hexdigest()
    (tmp_path / "b" / "c.py").write_bytes(b"y" * (stamp._SLICE + 4) + b"z")
    assert stamp.tree_fingerprint(tmp_path) != expected.hexdigest()
