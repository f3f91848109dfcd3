"""What the generator knows of the runtime it copies into the output (templates/runtime): read
from the runtime's source, here and nowhere else. The generator never imports the runtime (it
needs httpx), so these are read as syntax trees: the table of error classes by status and each
core module's `__all__`. (The distributions' versions are in their changelogs, specs/changelogs.)"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

RUNTIME = Path(__file__).resolve().parents[1] / "templates" / "runtime"
PACKAGE = RUNTIME / "apiclients"
CORE = PACKAGE / "_core"
ERRORS_FILE = PACKAGE / "errors.py"


def _assigned(path: Path, name: str) -> ast.expr:
    """The value a module assigns to `name` at its top level."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if [getattr(t, "id", None) for t in targets] == [name] and node.value is not None:
                return node.value
    raise LookupError(f"{path.relative_to(RUNTIME.parent)} does not set {name}")


@cache
def status_errors() -> dict[int, str]:
    """`errors.STATUS_ERRORS`: the exception class of each status the runtime names."""
    table = _assigned(ERRORS_FILE, "STATUS_ERRORS")
    if not isinstance(table, ast.Dict):
        raise LookupError("errors.STATUS_ERRORS is not a dict display")
    return {
        ast.literal_eval(key): value.id
        for key, value in zip(table.keys, table.values, strict=True)
        if key is not None and isinstance(value, ast.Name)
    }


@cache
def core_exports() -> dict[str, tuple[str, ...]]:
    """Each core module (`_core/<stem>.py`) by stem, with the names its `__all__` exports."""
    out: dict[str, tuple[str, ...]] = {}
    for module in sorted(CORE.glob("*.py")):
        try:
            names = ast.literal_eval(_assigned(module, "__all__"))
        except LookupError:
            names = []
        out[module.stem] = tuple(str(name) for name in names)
    return out
