"""What an object type's bases (`extends`, one type or several) must agree on: each is an object
type, none leads back to the type (a cycle), Python can order them as a class's bases (its method
resolution order), and two bases declaring the same field declare it the same way."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..spec import model as spec
from .context import Context, KeyPath

# A field's declaration, as compared between bases: everything but its documentation.
_UNDOCUMENTED = {"description", "notes", "example"}


class _Cycle(Exception):
    """A base leads back to a type already on the way: reported as a cycle elsewhere."""


def base_path(typedef: spec.TypeDef, name: str, index: int) -> KeyPath:
    """Where the `index`th base of type `name` is written (the key itself when it is one name)."""
    if isinstance(typedef.extends, list):
        return ("types", name, "extends", index)
    return ("types", name, "extends")


def check_bases(
    ctx: Context,
    name: str,
    kinds: Mapping[str, str],
    declared: Callable[[str], Mapping[str, tuple[spec.FieldDef, KeyPath]]],
) -> None:
    """Report what is wrong with type `name`'s bases; `declared` gives a type's fields (its own
    bases' first) with the path each is declared at."""
    types = ctx.spec.types
    typedef = types[name]
    ok = True
    for index, base in enumerate(typedef.bases):
        path = base_path(typedef, name, index)
        if kinds.get(base) != "object":
            ok = False
            objects = [k for k, v in kinds.items() if v == "object"]  # only for the message
            ctx.error(path, f"{base!r} is not an object type{spec.suggest(base, objects)}")
            continue
        cycle = _way_back(types, base, name)
        if cycle is not None:
            ok = False
            ctx.error(path, f"'extends' forms a cycle: {' -> '.join((name, *cycle))}")
    if not ok or len(typedef.bases) < 2:
        return
    if _ordered(ctx, name, typedef):
        _same_fields(ctx, name, typedef, declared)


def _way_back(
    types: Mapping[str, spec.TypeDef], start: str, target: str, seen: set[str] | None = None
) -> list[str] | None:
    """The types from `start` back to `target` through their bases, if there is such a way.
    (Recursive itself, not through a nested function: one that calls itself is a reference
    cycle, which kept the spec alive until the collector found it.)"""
    seen = set() if seen is None else seen
    if start == target:
        return [start]
    if start in seen or start not in types:
        return None
    seen.add(start)
    for base in types[start].bases:
        found = _way_back(types, base, target, seen)
        if found is not None:
            return [start, *found]
    return None


def _ordered(ctx: Context, name: str, typedef: spec.TypeDef) -> bool:
    """Whether Python can order the class's bases; an error when not."""
    types = ctx.spec.types
    for later_index, later in enumerate(typedef.bases):
        for earlier in typedef.bases[:later_index]:
            if _way_back(types, later, earlier) is not None:
                ctx.error(
                    base_path(typedef, name, later_index),
                    f"{later!r} extends {earlier!r}, listed before it: a Python class "
                    f"cannot come after its own base; list {later!r} first (or only it)",
                )
                return False
    try:
        linear = _linearized(types, name, ())
    except _Cycle:
        return False
    if linear is None:
        listed = ", ".join(typedef.bases)
        ctx.error(
            ("types", name, "extends"),
            f"the bases {listed} order their own bases differently: "
            "Python cannot order the class (its method resolution order)",
        )
        return False
    return True


def _linearized(
    types: Mapping[str, spec.TypeDef], name: str, trail: tuple[str, ...]
) -> list[str] | None:
    """Python's method resolution order (C3) of the type's class, or None when it has none."""
    if name in trail:
        raise _Cycle
    bases = [b for b in types[name].bases if b in types]
    orders: list[list[str]] = []
    for base in bases:
        order = _linearized(types, base, (*trail, name))
        if order is None:
            return None
        orders.append(order)
    orders.append(bases)
    out = [name]
    while any(orders):
        heads = [order[0] for order in orders if order]
        head = next((h for h in heads if not any(h in order[1:] for order in orders)), None)
        if head is None:
            return None
        out.append(head)
        orders = [[t for t in order if t != head] for order in orders]
    return out


def _same_fields(
    ctx: Context,
    name: str,
    typedef: spec.TypeDef,
    declared: Callable[[str], Mapping[str, tuple[spec.FieldDef, KeyPath]]],
) -> None:
    """Two bases may both have a field only when it is the same declaration, or the same field
    written twice alike (a diamond's common base, or a key both documents repeat)."""
    first: dict[str, tuple[str, spec.FieldDef, KeyPath]] = {}
    for index, base in enumerate(typedef.bases):
        for wire, (fdef, path) in declared(base).items():
            if wire not in first:
                first[wire] = (base, fdef, path)
                continue
            other, other_def, other_path = first[wire]
            if other_path == path or _declaration(other_def) == _declaration(fdef):
                continue
            ctx.error(
                base_path(typedef, name, index),
                f"field {wire!r} is declared differently by {other!r} "
                f"({_said(other_def)}) and {base!r} ({_said(fdef)})",
            )


def _declaration(fdef: spec.FieldDef) -> dict[str, object]:
    return fdef.model_dump(exclude=_UNDOCUMENTED)


def _said(fdef: spec.FieldDef) -> str:
    words = [fdef.type]
    if fdef.nullable:
        words.append("nullable")
    if fdef.optional:
        words.append("optional")
    return ", ".join(words)
