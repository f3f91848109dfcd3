"""Import blocks computed from the names a rendered module actually uses.

Templates never list imports: a module is rendered once without them, its syntax tree tells
which known names it uses, and the block below is built in ruff's isort order. Where each name
comes from is generator/ir/naming.py's table; an API's own names (its types, its protocol's) are
looked up first, and a name imported under a private alias (`_Field`, where the API has a type
`Field`) is imported `as` it.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

from ..ir.naming import (
    CORE_MODULES,
    STDLIB,
    STDLIB_MODULES,
    THIRD_PARTY,
    THIRD_PARTY_MODULES,
    natural,
    runtime_names,
)


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
    """The id of every Name node read (what ast.walk finds, several times faster: no generators,
    and no descent into names and constants). A name only assigned, such as a model's field
    `cached_property: str`, needs no import."""
    names: set[str] = set()
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if node.__class__ is ast.Name:
            if node.ctx.__class__ is ast.Load:
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


def import_block(
    tree: ast.Module,
    place: ModulePlace,
    local: dict[str, str],
    aliases: dict[str, str] | None = None,
) -> str:
    """The import lines a module (its syntax tree) needs. `local` maps API names (types,
    protocol) to modules relative to the API package: {"Booking": ".types", "Envelope":
    "._protocol"}; `aliases` maps a private alias the module uses to the name it imports."""
    used, defined = used_names(tree)
    needed = used - defined - set(dir(builtins))
    std_from: dict[str, set[str]] = {}
    third_from: dict[str, set[str]] = {}
    package_from: dict[str, set[str]] = {}
    std_plain: list[str] = []
    third_plain: list[str] = []
    package = runtime_names()
    for used_as in sorted(needed):
        if used_as in local:
            levels = "." * (1 + place.depth)
            package_from.setdefault(levels + local[used_as][1:], set()).add(used_as)
            continue
        name = (aliases or {}).get(used_as, used_as)
        member = name if name == used_as else f"{name} as {used_as}"
        if name in STDLIB:
            std_from.setdefault(STDLIB[name], set()).add(member)
        elif name in STDLIB_MODULES:
            std_plain.append(STDLIB_MODULES[name])
        elif name in THIRD_PARTY:
            third_from.setdefault(THIRD_PARTY[name], set()).add(member)
        elif name in THIRD_PARTY_MODULES:
            third_plain.append(THIRD_PARTY_MODULES[name])
        elif name in package:
            package_from.setdefault(_relative(place, package[name]), set()).add(member)
        elif name in CORE_MODULES:
            core, module = CORE_MODULES[name]
            package_from.setdefault(_relative(place, core), set()).add(f"{module} as {name}")
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
        lines += [
            f"from {module} import {', '.join(names)}" for names in _statements(froms[module])
        ]
    return "\n".join(lines)


def _statements(members: set[str]) -> list[list[str]]:
    """A module's members in ruff's isort statements: the plain names in one, each aliased
    member (`Field as _Field`) in its own; the statements in the order of their first member.
    A core module imported whole (`webhooks as _core_webhooks`) joins the plain names."""
    aliased = sorted(m for m in members if " as _" in m and not m.split()[-1].startswith("_core"))
    plain = sorted(members - set(aliased), key=_member_key)
    statements = [[m] for m in aliased] + ([plain] if plain else [])
    return sorted(statements, key=lambda names: _member_key(names[0].split()[0]))


def _relative_key(module: str) -> tuple[int, str]:
    dots = len(module) - len(module.lstrip("."))
    return (-dots, module.lstrip("."))


def _member_key(name: str) -> tuple[int, tuple[str | int, ...], str]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions and variables; within
    each, as ruff compares them: case aside, numbers as numbers (`_A_LIST2`, `_A_LIST10`)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return (kind, natural(name.lower()), name)
