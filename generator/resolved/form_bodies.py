"""How a form-urlencoded body sends its nested fields: an object or map deepObject-style
(`a[b]=1`, deeper levels adding brackets), a list of scalars as its key repeated (`a=1&a=2`),
a list of objects by index (`a[0][b]=1`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..spec.typeexpr import ListOf, Prim, Ref, TypeExpr, UnionOf
from .nodes import EnumType, Field, NamedType


def deep_object_fields(fields: Iterable[Field], named: Mapping[str, NamedType]) -> list[str]:
    """The wire names of a form body's fields sent with brackets: its objects and maps, and
    its lists of them (by index)."""
    return [
        f.wire
        for f in fields
        if _is_structure(f.expr.item if isinstance(f.expr, ListOf) else f.expr, named)
    ]


def _is_structure(expr: TypeExpr, named: Mapping[str, NamedType]) -> bool:
    """An object, a map, a list or a union of objects: what one form value cannot hold."""
    if isinstance(expr, Prim):
        return expr.name == "object"
    if isinstance(expr, UnionOf):
        return any(_is_structure(m, named) for m in expr.members)
    if isinstance(expr, Ref):
        return not isinstance(named.get(expr.name), EnumType | None)
    return True
