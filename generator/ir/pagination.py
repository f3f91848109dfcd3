"""Pagination in the IR: the runtime strategy an API's `api.pagination` becomes.

The strategy is decided twice from one branch per style: for the client, naming arguments and
attribute paths (`_protocol.PAGINATION`), and for the fake, naming the wire's query keys and
dotted envelope keys (its `FakeConfig`). The `pagination` macro of templates/api/_macros.jinja
prints both. Where a style's other parts live is listed in the README's layout section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..spec.loader import Location
from ..spec.model import CursorPagination, Pagination
from .context import Context
from .model import CursorPaginationIR, ModelIR, PagePaginationIR, PaginationIR
from .naming import attribute_name


@dataclass(frozen=True)
class _Names:
    """How a strategy names a query parameter, and an envelope path (given with its spec key,
    for the error naming it)."""

    param: Callable[[str], str]
    path: Callable[[str | None, str], str | None]


def pagination_strategies(
    ctx: Context, envelope: ModelIR | None
) -> tuple[PaginationIR, PaginationIR] | None:
    """The API's pagination strategy (`_core.pagination`) for the client and for the fake, or
    None when the API does not paginate."""
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

    client = _strategy(pagination, _Names(attribute_name, attr_path))
    wire = _strategy(pagination, _Names(lambda name: name, lambda dotted, _key: dotted))
    return client, wire


def _strategy(pagination: Pagination, names: _Names) -> PaginationIR:
    """One branch per style: the arguments of its runtime strategy, named by `names`."""
    if isinstance(pagination, CursorPagination):
        return CursorPaginationIR(
            param=names.param(pagination.cursor_param),
            field=names.path(pagination.cursor_field, "cursor_field") or "",
        )
    current = names.path(pagination.current_page_field, "current_page_field")
    total = names.path(pagination.total_pages_field, "total_pages_field")
    counted = bool(current and total)
    return PagePaginationIR(
        page_param=names.param(pagination.page_param),
        size_param=names.param(pagination.size_param) if pagination.size_param else None,
        current_field=current if counted else None,
        total_field=total if counted else None,
        first_page=pagination.first_page,
    )
