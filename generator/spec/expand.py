"""The spec with its derived parts written out, so that nothing downstream needs to know them.

Two things in a spec are said once and implied elsewhere:

- `partial: Base` (with `omit: [...]`) declares an object type with `Base`'s fields, inherited
  ones first, each optional: an update input that mirrors its entity.
- `api.pagination` declares the page or cursor parameter: a paginated operation gets it without
  restating it. An operation still declares it to say more (a description, a default, bounds).

`expand` returns a spec in which partial types have `fields` and paginated operations have their
pagination parameter, so the IR, the OpenAPI export and `apigen diff` read one shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import SpecError, SpecErrors
from .model import FieldDef, Operation, Param, Resource, Spec, TypeDef, suggest

if TYPE_CHECKING:
    from .loader import Location

    # Makes the error for a location: the loader knows the positions and the file.
    Locate = Callable[[Location, str, bool], SpecError]


class _Expander:
    def __init__(self, spec: Spec, locate: Locate) -> None:
        self.spec = spec
        self.locate = locate
        self.errors: list[SpecError] = []
        self.expanded: dict[str, TypeDef] = {}

    def error(self, loc: Location, message: str, *, key: bool = False) -> None:
        self.errors.append(self.locate(loc, message, key))

    # -- partial types ----------------------------------------------------------------------

    def types(self) -> dict[str, TypeDef]:
        return {name: self.typedef(name, ()) for name in self.spec.types}

    def typedef(self, name: str, trail: tuple[str, ...]) -> TypeDef:
        if name in self.expanded:
            return self.expanded[name]
        typedef = self.spec.types[name]
        if typedef.partial is not None:
            typedef = self.partial(name, typedef, (*trail, name))
        self.expanded[name] = typedef
        return typedef

    def partial(self, name: str, typedef: TypeDef, trail: tuple[str, ...]) -> TypeDef:
        base_name = typedef.partial
        assert base_name is not None
        loc: Location = ("types", name)
        if base_name in trail:
            self.error(
                (*loc, "partial"), f"partial types form a cycle: {' -> '.join((*trail, base_name))}"
            )
            return typedef.model_copy(update={"fields": {}, "partial": None})
        base = self.spec.types.get(base_name)
        objects = [n for n, t in self.spec.types.items() if t.enum is None and t.union is None]
        if base is None or base.enum is not None or base.union is not None:
            what = "undefined type" if base is None else "not an object type:"
            self.error((*loc, "partial"), f"{what} {base_name!r}{suggest(base_name, objects)}")
            return typedef.model_copy(update={"fields": {}, "partial": None})
        inherited = self.object_fields(base_name, trail)
        for index, omitted in enumerate(typedef.omit):
            if omitted not in inherited:
                hint = suggest(omitted, list(inherited))
                self.error(
                    (*loc, "omit", index), f"{omitted!r} is not a field of {base_name}{hint}"
                )
        fields = {
            wire: field.model_copy(update={"optional": True})
            for wire, field in inherited.items()
            if wire not in typedef.omit
        }
        return typedef.model_copy(update={"fields": fields, "partial": None, "omit": []})

    def object_fields(self, name: str, trail: tuple[str, ...]) -> dict[str, FieldDef]:
        """An object type's fields, inherited ones first (as `extends` orders them)."""
        typedef = self.typedef(name, trail)
        parent = typedef.extends
        inherited = (
            self.object_fields(parent, (*trail, name))
            if parent in self.spec.types and parent not in trail
            else {}
        )
        return {**inherited, **(typedef.fields or {})}

    # -- pagination parameters --------------------------------------------------------------

    def resources(self, resources: dict[str, Resource], loc: Location) -> dict[str, Resource]:
        out = {}
        for name, resource in resources.items():
            rloc = (*loc, name)
            operations = {
                op_name: self.operation(op, (*rloc, "operations", op_name))
                for op_name, op in resource.operations.items()
            }
            children = self.resources(resource.resources, (*rloc, "resources"))
            out[name] = resource.model_copy(
                update={"operations": operations, "resources": children}
            )
        return out

    def operation(self, op: Operation, loc: Location) -> Operation:
        pagination = self.spec.api.pagination
        if not op.paginated or pagination is None:
            return op
        implied: dict[str, Param] = {}
        for wire, type_name in pagination.driven_parameters().items():
            param = Param(type=type_name, optional=True)
            if op.query.get(wire) == param:
                self.error(
                    (*loc, "query", wire),
                    f"{wire!r} is the pagination parameter api.pagination declares: "
                    "delete it here, "
                    "or say more about it (a description, a default, bounds)",
                    key=True,
                )
            elif wire not in op.query:
                implied[wire] = param
        if not implied:
            return op
        return op.model_copy(update={"query": {**implied, **op.query}})


def expand(spec: Spec, locate: Locate) -> Spec:
    """Partial types and implied pagination parameters written out; raise SpecErrors."""
    expander = _Expander(spec, locate)
    types = expander.types()
    resources = expander.resources(spec.resources, ("resources",))
    if expander.errors:
        raise SpecErrors(expander.errors)
    return spec.model_copy(update={"types": types, "resources": resources})
