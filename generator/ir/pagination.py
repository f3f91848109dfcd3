"""Pagination in the IR: the runtime strategy an API's `api.pagination` becomes.

A pagination style is a class in the spec model's `Pagination` union (its keys, and the query
parameters it drives: `driven_parameters`), a branch here deciding the arguments of its runtime
strategy in `templates/runtime/apiclients/_core/pagination.py`, a dataclass in `ir/model.py` and
the branch of `templates/api/_macros.jinja` printing it, and a row in docs/spec-language.md.
"""

from __future__ import annotations

from ..spec.loader import Location
from ..spec.model import CursorPagination
from .context import Context
from .model import CursorPaginationIR, ModelIR, PagePaginationIR, PaginationIR
from .naming import attribute_name


def pagination_strategy(ctx: Context, envelope: ModelIR | None) -> PaginationIR | None:
    """The API's pagination strategy (`_core.pagination`), which `_protocol.py` builds, or None."""
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
        return CursorPaginationIR(
            param=attribute_name(pagination.cursor_param),
            field=field or "",
            wire_param=pagination.cursor_param,
            wire_field=pagination.cursor_field,
        )
    current = attr_path(pagination.current_page_field, "current_page_field")
    total = attr_path(pagination.total_pages_field, "total_pages_field")
    counted = bool(current and total)
    return PagePaginationIR(
        page_param=attribute_name(pagination.page_param),
        size_param=attribute_name(pagination.size_param) if pagination.size_param else None,
        current_field=current if counted else None,
        total_field=total if counted else None,
        first_page=pagination.first_page,
        wire_page_param=pagination.page_param,
        wire_size_param=pagination.size_param,
        wire_current_field=pagination.current_page_field if counted else None,
        wire_total_field=pagination.total_pages_field if counted else None,
    )
