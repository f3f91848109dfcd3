"""Import blocks computed from the names a rendered module actually uses.

Templates never list imports: a module is rendered once without them, its syntax tree tells
which known names it uses, and the block below is built in ruff's isort order.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from pathlib import Path

# Where each name the templates may use comes from. Paths starting with "." are relative to
# the `apiclients` package ("._core.types" is apiclients._core.types).
_STDLIB = {
    "Annotated": "typing",
    "Any": "typing",
    "ClassVar": "typing",
    "Generic": "typing",
    "Literal": "typing",
    "Protocol": "typing",
    "TYPE_CHECKING": "typing",
    "TypeAlias": "typing",
    "TypeVar": "typing",
    "Iterable": "collections.abc",
    "Mapping": "collections.abc",
    "Sequence": "collections.abc",
    "cached_property": "functools",
}
_STDLIB_MODULES = {"_dt": "import datetime as _dt", "builtins": "import builtins"}
_THIRD_PARTY = {"AliasChoices": "pydantic", "Field": "pydantic", "model_validator": "pydantic"}
_THIRD_PARTY_MODULES = {"httpx": "import httpx"}
# Core modules imported whole, under a name that cannot clash with the API's own names.
_PACKAGE_MODULES = {
    "_core_webhooks": ("._core", "webhooks"),
    "_core_oauth": ("._core", "oauth"),
    # Its pages are the bases of the API's own, which take their names (`_protocol.SyncPage`).
    "_core_pagination": ("._core", "pagination"),
}
_WHOLE_ONLY = {"webhooks", "oauth"}  # modules whose members are reached through them alone
_CORE = Path(__file__).resolve().parents[2] / "templates" / "runtime" / "apiclients" / "_core"


def _exported(module: Path) -> list[str]:
    """A runtime module's `__all__`, read without importing it."""
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
            "__all__"
        ]:
            return [str(name) for name in ast.literal_eval(node.value)]
    return []


def _package_names() -> dict[str, str]:
    """Each name a core module exports, and the module (relative to `apiclients`) it lives in.

    Modules reached through their module alone are left out, and so is the package's
    `__init__`, whose `__version__` is the core's, not an API's."""
    names: dict[str, str] = {}
    for module in sorted(_CORE.glob("*.py")):
        if module.stem in _WHOLE_ONLY or module.stem == "__init__":
            continue
        for name in _exported(module):
            if name in names:
                raise RuntimeError(
                    f"{name} is exported by both {names[name]} and _core.{module.stem}"
                )
            names[name] = f"._core.{module.stem}"
    return names


_PACKAGE = _package_names()


@dataclass(frozen=True)
class ModulePlace:
    """Where a module sits: `api` is its API package name, `depth` its folders below it."""

    api: str | None
    depth: int  # 0: apiclients/<api>/x.py, 1: apiclients/<api>/resources/x.py


def _relative(place: ModulePlace, target: str) -> str:
    """`._core.types` seen from the module's place, e.g. `..._core.types`."""
    levels = 2 + place.depth if place.api else 1
    return "." * levels + target[1:]


def _names(tree: ast.Module) -> set[str]:
    """The id of every Name node (what ast.walk finds, several times faster: no generators, and
    no descent into names and constants)."""
    names: set[str] = set()
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if node.__class__ is ast.Name:
            names.add(node.id)
            continue
        if node.__class__ is ast.Constant or not isinstance(node, ast.AST):
            continue
        for field in node._fields:
            value = getattr(node, field, None)
            if value.__class__ is list:
                stack.extend(value)
            elif isinstance(value, ast.AST):
                stack.append(value)
    return names


def used_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names read anywhere in the module, and names it defines at top level."""
    used = _names(tree)
    defined: set[str] = set()
    for node in tree.body:
        # A name listed in `__all__` and not defined here is re-exported: it must be imported.
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
            "__all__"
        ]:
            used.update(str(name) for name in ast.literal_eval(node.value))
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    return used, defined


def import_block(tree: ast.Module, place: ModulePlace, local: dict[str, str]) -> str:
    """The import lines a module (its syntax tree) needs. `local` maps API names (types,
    protocol) to modules relative to the API package: {"Booking": ".types", "Envelope":
    "._protocol"}."""
    used, defined = used_names(tree)
    needed = used - defined - set(dir(builtins))
    std_from: dict[str, set[str]] = {}
    third_from: dict[str, set[str]] = {}
    package_from: dict[str, set[str]] = {}
    std_plain: list[str] = []
    third_plain: list[str] = []
    for name in sorted(needed):
        if name in _STDLIB:
            std_from.setdefault(_STDLIB[name], set()).add(name)
        elif name in _STDLIB_MODULES:
            std_plain.append(_STDLIB_MODULES[name])
        elif name in _THIRD_PARTY:
            third_from.setdefault(_THIRD_PARTY[name], set()).add(name)
        elif name in _THIRD_PARTY_MODULES:
            third_plain.append(_THIRD_PARTY_MODULES[name])
        elif name in local:  # the API's own names first: its pages shadow the core's
            levels = "." * (1 + place.depth)
            package_from.setdefault(levels + local[name][1:], set()).add(name)
        elif name in _PACKAGE:
            package_from.setdefault(_relative(place, _PACKAGE[name]), set()).add(name)
        elif name in _PACKAGE_MODULES:
            package, module = _PACKAGE_MODULES[name]
            package_from.setdefault(_relative(place, package), set()).add(f"{module} as {name}")
    sections = [
        _section(std_plain, std_from),
        _section(third_plain, third_from),
        _section([], package_from, relative=True),
    ]
    return "\n\n".join(s for s in sections if s)


def _section(plain: list[str], froms: dict[str, set[str]], *, relative: bool = False) -> str:
    lines = sorted(plain, key=lambda line: line.split()[1])
    modules = sorted(froms, key=_relative_key if relative else str)
    for module in modules:
        names = sorted(froms[module], key=_member_key)
        lines.append(f"from {module} import {', '.join(names)}")
    return "\n".join(lines)


def _relative_key(module: str) -> tuple[int, str]:
    dots = len(module) - len(module.lstrip("."))
    return (-dots, module.lstrip("."))


def _member_key(name: str) -> tuple[int, str] | tuple[int, str, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions and variables."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name.lower(), name)  # ruff compares class names case-insensitively
    return (2, name)
