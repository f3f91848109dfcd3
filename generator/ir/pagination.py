"""Pagination in the IR: the runtime strategy an API's `api.pagination` becomes.

The strategy is decided twice from one branch per style: for the client, naming arguments and
attribute paths (`_protocol.PAGINATION`), and for the fake, naming the wire's query keys and
dotted envelope keys (its `FakeConfig`). The `pagination` macro of templates/api/_macros.jinja
prints both. Where a style's other parts live is listed in the README's layout section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..spec.loader import Location
from ..spec.model import CursorPagination, Pagination
from . import annotations as an
from .context import Context
from .model import NO_DEFAULT, CursorPaginationIR, FieldIR, ModelIR, PagePaginationIR, PaginationIR
from .naming import attribute_name

# What a page has of its own (`_core.pagination.SyncPage`): no envelope key may take these names.
PAGE_MEMBERS = frozenset({"items", "has_next_page", "get_next_page", "iter_pages"})


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


def page_fields(
    ctx: Context, envelope: ModelIR | None, error_attr: str | None
) -> tuple[list[FieldIR], ModelIR | None]:
    """The fields of its response a page has beside its items (the envelope's keys but the
    payload and the error), and the envelope of a page where it differs from the API's: the keys
    the page counters are read from (`meta` of `meta.page`) are on every page, so required."""
    pagination = ctx.spec.api.pagination
    if pagination is None or envelope is None:
        return [], None
    counters = (
        []
        if isinstance(pagination, CursorPagination)
        else [
            pagination.current_page_field,
            pagination.total_pages_field,
        ]
    )
    heads = {dotted.partition(".")[0] for dotted in counters if dotted}
    fields: list[FieldIR] = []
    required: list[FieldIR] = []
    for field in envelope.fields:
        if field.name in ("data", error_attr):
            continue
        if field.name in PAGE_MEMBERS:
            ctx.error(
                ("api", "envelope", "fields", field.wire),
                f"envelope key {field.wire!r} becomes page attribute {field.name!r}, which a page"
                " has of its own",
                key=True,
            )
        if field.wire in heads and field.optional:
            annotation = (
                field.annotation if field.nullable else an.without(field.annotation, an.NONE)
            )
            field = replace(field, annotation=annotation, optional=False, default=NO_DEFAULT)
            required.append(field)
        fields.append(field)
    if not required:
        return fields, None
    keys = " and ".join(f"`{field.wire}`" for field in required)
    text = f"A page of a list as the API sends it: {keys} on every page."
    return fields, ModelIR("PageEnvelope", "Envelope", text, required, "api.pagination")
