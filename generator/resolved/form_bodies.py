"""What a form-urlencoded body can carry: an object field is sent deepObject-style (`a[b]=1`,
deeper levels adding brackets: `a[b][c]=1`), a list as its key repeated (`a=1&a=2`); a list of
objects or of lists has no form encoding, so a spec giving one is refused."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr, UnionOf
from .context import Context
from .nodes import ArgumentBody, EnumType, Field, NamedType, ObjectType, Operation

LIST_OF_STRUCTURES = (
    "a form body's list holds scalars or enums (sent as its key repeated): a form has no "
    "encoding for a list of objects or lists"
)


def check_form_bodies(
    ctx: Context, named: Mapping[str, NamedType], operations: tuple[Operation, ...]
) -> None:
    """Each field of a form body, and the fields of the objects in it, against the form
    encoding."""
    for op in operations:
        body = op.body
        if body is None or body.encoding != "form":
            continue
        fields: list[Field] = list(op.body_fields().values())
        if isinstance(body, ArgumentBody):
            fields.append(body.argument)
        for f in fields:
            if _has_list_of_structures(f.expr, named, set()):
                ctx.error((*f.loc.path, "type"), LIST_OF_STRUCTURES)


def _has_list_of_structures(expr: TypeExpr, named: Mapping[str, NamedType], seen: set[str]) -> bool:
    if isinstance(expr, ListOf):
        item = expr.item
        return _is_structure(item, named) or _has_list_of_structures(item, named, seen)
    if isinstance(expr, MapOf):
        return _has_list_of_structures(expr.value, named, seen)
    if isinstance(expr, UnionOf):
        return any(_has_list_of_structures(m, named, seen) for m in expr.members)
    if isinstance(expr, Ref) and expr.name not in seen:
        seen.add(expr.name)
        typedef = named.get(expr.name)
        if isinstance(typedef, ObjectType):
            return any(
                _has_list_of_structures(f.expr, named, seen) for f in typedef.fields.values()
            )
        if typedef is not None and not isinstance(typedef, EnumType):
            return any(_has_list_of_structures(m.expr, named, seen) for m in typedef.members)
    return False


def _is_structure(expr: TypeExpr, named: Mapping[str, NamedType]) -> bool:
    """An object, a map, a list or a union of objects: what a form's one value cannot hold."""
    if isinstance(expr, Prim):
        return expr.name == "object"
    if isinstance(expr, UnionOf):
        return any(_is_structure(m, named) for m in expr.members)
    if isinstance(expr, Ref):
        return not isinstance(named.get(expr.name), EnumType | None)
    return True


def deep_object_fields(fields: Iterable[Field], named: Mapping[str, NamedType]) -> list[str]:
    """The wire names of a form body's fields sent deepObject-style: its objects and maps."""
    return [
        f.wire for f in fields if not isinstance(f.expr, ListOf) and _is_structure(f.expr, named)
    ]
