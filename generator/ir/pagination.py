"""Pagination in the IR: the runtime strategy an API's `api.pagination` becomes.

The strategy is decided twice from one branch per style: for the client, naming arguments and
attribute paths (`_protocol.PAGINATION`), and for the fake, naming the wire's query keys and
dotted envelope keys (its `FakeConfig`). The `pagination` macro of templates/api/_macros.jinja
prints both. Where a style's other parts live is listed in the README's layout section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..resolved.nodes import Api
from ..spec.model import CursorPagination, PagePagination, PaginationStyle
from .model import CursorPaginationIR, EnvelopeIR, PagePaginationIR, PaginationIR
from .naming import attribute_name


@dataclass(frozen=True)
class _Names:
    """How a strategy names a query parameter, and a dotted path into the envelope."""

    param: Callable[[str], str]
    path: Callable[[str], str]


def pagination_strategies(
    api: Api, envelope: EnvelopeIR | None
) -> tuple[PaginationIR, PaginationIR] | None:
    """The API's pagination strategy (`_core.pagination`) for the client and for the fake, or
    None when the API does not paginate."""
    if api.pagination is None:
        return None
    attributes = {f.wire: f.name for f in envelope.fields} if envelope else {}

    def attr_path(dotted: str) -> str:
        head, _, rest = dotted.partition(".")
        parts = [attributes.get(head, attribute_name(head))]
        parts += [attribute_name(part) for part in rest.split(".")] if rest else []
        return ".".join(parts)

    style = api.pagination.style
    client = _strategy(style, _Names(attribute_name, attr_path))
    wire = _strategy(style, _Names(lambda name: name, lambda dotted: dotted))
    return client, wire


def _strategy(style: PaginationStyle, names: _Names) -> PaginationIR:
    """One branch per style: the arguments of its runtime strategy, named by `names`."""
    if isinstance(style, CursorPagination):
        return CursorPaginationIR(
            param=names.param(style.cursor_param), field=names.path(style.cursor_field)
        )
    if isinstance(style, PagePagination):
        current, total = style.current_page_field, style.total_pages_field
        counted = current is not None and total is not None
        return PagePaginationIR(
            page_param=names.param(style.page_param),
            size_param=names.param(style.size_param) if style.size_param else None,
            current_field=names.path(current) if current is not None and counted else None,
            total_field=names.path(total) if total is not None and counted else None,
            first_page=style.first_page,
        )
    raise TypeError(f"no pagination strategy for {style!r}")
