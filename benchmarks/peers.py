"""Peers in virtual environments of their own, so that installing them changes nothing of ours.

Each peer gets a venv under `.bench/peers/<package>-<version>/` (ignored by git), made once and
kept while the version stays the same. The project's `.venv` is never touched: installing
openapi-python-client into it used to downgrade httpx and add click, rich and pygments, which
changed the import figures of both sides.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / ".bench" / "peers"


@dataclass(frozen=True)
class Peer:
    package: str
    version: str
    runtime: tuple[str, ...] = ()
    """What the code it generates imports, when that is not among its own dependencies."""
    folder: str = ""
    """The environment's folder under `.bench/peers/` (default: package-version)."""

    @property
    def venv(self) -> Path:
        return FOLDER / (self.folder or f"{self.package}-{self.version}")

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def site_packages(self) -> Path:
        """Where its packages are: appended (never prepended) to a benchmark's `sys.path` when
        code it generated is run beside ours, so that ours wins every shared name."""
        relative = Path(sysconfig.get_path("purelib")).relative_to(sys.prefix)
        return self.venv / relative

    def install(self) -> Peer:
        """Made on first use (and again when what it holds changes); quiet afterwards."""
        requirements = [self.requirement, *self.runtime]
        stamp = self.venv / ".installed"
        if not stamp.is_file() or stamp.read_text(encoding="utf-8") != " ".join(requirements):
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(self.venv)], check=True)
            subprocess.run(
                [
                    str(self.bin / "python"),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    *requirements,
                ],
                check=True,
            )
            stamp.write_text(" ".join(requirements), encoding="utf-8")
        return self


OPC = Peer("openapi-python-client", "0.29.1", ("python-dateutil==4.0.0",))


def installed(python: Path, packages: tuple[str, ...]) -> tuple[str, ...]:
    """`name==version` of each package as `python`'s environment holds it."""
    code = (
        "import sys; from importlib.metadata import version; "
        "print(' '.join(f'{p}=={version(p)}' for p in sys.argv[1:]))"
    )
    result = subprocess.run(
        [str(python), "-c", code, *packages], check=True, capture_output=True, text=True
    )
    return tuple(result.stdout.split())


def runtime_only(name: str, python: Path, packages: tuple[str, ...]) -> Peer:
    """An environment holding only `packages`, at the versions `python`'s holds them: what a
    user's install of a generated client imports. The import figures are taken there, since
    httpx imports what it finds beside it (click and pygments for its command line, brotli and
    zstandard for decoding), and the project's `.venv` holds those for its own tools and tests:
    10-20 ms more for `import httpx` there than in an environment of httpx alone."""
    first, *rest = installed(python, packages)
    package, version = first.split("==")
    return Peer(package, version, tuple(rest), folder=f"runtime-{name}")
