"""The no-op fast path: when neither the inputs nor the output tree changed since the last
generation, there is nothing to render. Light on purpose: it runs before anything heavy is imported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .render.tree import tree_files

GENERATOR = Path(__file__).resolve().parent
TEMPLATES = GENERATOR.parent / "templates"


_SLICE = 1 << 20  # bytes read at a time: a large API's test cases are hundreds of megabytes


def _digest_file(relative: str, path: str, digest: hashlib._Hash) -> None:
    """The file's relative path, a NUL, its bytes and a NUL, added to the digest a slice at a
    time (a copy of a whole file, or two, held beside the rendered tree once peaked a gigabyte)."""
    digest.update(relative.encode() + b"\0")
    with open(path, "rb") as file:
        while len(part := file.read(_SLICE)) == _SLICE:
            digest.update(part)
        digest.update(part + b"\0")


def _digest_files(root: Path, suffixes: tuple[str, ...], digest: hashlib._Hash) -> None:
    for relative, path in tree_files(str(root)):
        if relative.endswith(suffixes):
            _digest_file(relative, path, digest)


def inputs_fingerprint(specs: list[Path], out: Path) -> str:
    """Specs, templates and the generator's own code: everything the output depends on."""
    digest = hashlib.sha256(str(out).encode() + b"\0")
    digest.update(b"\0".join(str(p).encode() + b"\0" + p.read_bytes() for p in sorted(specs)))
    _digest_files(TEMPLATES, (".jinja", ".py"), digest)
    _digest_files(GENERATOR, (".py",), digest)
    return digest.hexdigest()


def tree_fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for relative, path in tree_files(str(root)):
        _digest_file(relative, path, digest)
    return digest.hexdigest()


class Stamp:
    """The fingerprints of the inputs and of the output tree at the last generation: two lines of
    text (json's import would be a twentieth of a no-op run)."""

    def __init__(self, cache: Path) -> None:
        self.path = cache / "stamp"

    def current(self, inputs: str, out: Path) -> bool:
        try:
            recorded = self.path.read_text(encoding="utf-8").split("\n")
        except (OSError, ValueError):
            return False
        return recorded[:2] == [inputs, tree_fingerprint(out)]

    def record(self, inputs: str, out: Path) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{inputs}\n{tree_fingerprint(out)}\n", encoding="utf-8")
