"""The no-op fast path: when neither the inputs nor the output tree changed since the last
generation, there is nothing to render. Light on purpose: it runs before anything heavy is imported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .render.tree import tree_files

GENERATOR = Path(__file__).resolve().parent
TEMPLATES = GENERATOR.parent / "templates"


def _digest_files(root: Path, suffixes: tuple[str, ...], digest: hashlib._Hash) -> None:
    for relative, path in tree_files(str(root)):
        if relative.endswith(suffixes):
            with open(path, "rb") as file:
                digest.update(relative.encode() + b"\0" + file.read() + b"\0")


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
        with open(path, "rb") as file:
            digest.update(relative.encode() + b"\0" + file.read() + b"\0")
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
