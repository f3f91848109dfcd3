"""Pagination in the IR: the runtime strategy an API's `api.pagination` becomes.

A pagination style is a class in the spec model's `Pagination` union (its keys, and the query
parameters it drives: `driven_parameters`), a branch here naming its runtime strategy in
`templates/runtime/apiclients/_core/pagination.py`, and a row in docs/spec-language.md.
"""

from __future__ import annotations

from ..spec.loader import Location
from ..spec.model import CursorPagination
from .context import Context
from .literals import py_str
from .model import ModelIR
from .naming import attribute_name


def pagination_strategy(ctx: Context, envelope: ModelIR | None) -> str | None:
    """The expression building the API's pagination strategy (`_core.pagination`), or None."""
    pagination = ctx.spec.api.pagination
    if pagination is None:
        return None
    loc: Location = ("api", "pagination")
    envelope_names = {f.wire: f.name for f in envelope.fields} if envelope else {}

    def attr_path(dotted: str | None, key: str) -> str | None:
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if envelope is not None and head not in envelope_names:
            ctx.error((*loc, key), f"{head!r} is not a key of the envelope")
        parts = [envelope_names.get(head, attribute_name(head))]
        parts += [attribute_name(part) for part in rest.split(".")] if rest else []
        return ".".join(parts)

    if isinstance(pagination, CursorPagination):
        field = attr_path(pagination.cursor_field, "cursor_field")
        return (
            f"CursorPagination(param={py_str(attribute_name(pagination.cursor_param))}, "
            f"field={py_str(field or '')})"
        )
    arguments = [f"page_param={py_str(attribute_name(pagination.page_param))}"]
    if pagination.size_param:
        arguments.append(f"size_param={py_str(attribute_name(pagination.size_param))}")
    current = attr_path(pagination.current_page_field, "current_page_field")
    total = attr_path(pagination.total_pages_field, "total_pages_field")
    if current and total:
        arguments += [f"current_field={py_str(current)}", f"total_field={py_str(total)}"]
    if pagination.first_page != 1:
        arguments.append(f"first_page={pagination.first_page}")
    return f"PagePagination({', '.join(arguments)})"
