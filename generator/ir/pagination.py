"""Pagination in the IR: the runtime strategy an API's `api.pagination` (or an operation's own
`pagination`) becomes, and the fields of its response a page carries beside its items.

The strategy is decided twice from one branch per style: for the client, naming arguments and
attribute paths (`_protocol.PAGINATION`, or the operation's `Operation(...)`), and for the fake,
naming the wire's query keys and dotted envelope keys (its `FakeConfig`, or the operation's
`Route`). A list whose body is an object of its own (`items`) is read with the wire's paths on
both sides: that body's other keys are kept as received. The `pagination` macro of
templates/api/_macros.jinja prints both. Where a style's other parts live is listed in the
README's layout section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..resolved.nodes import Api, Operation
from ..spec.model import (
    CursorPagination,
    LinkHeaderPagination,
    NextUrlPagination,
    OffsetPagination,
    PagePagination,
    PaginationStyle,
)
from .context import Context
from .model import (
    CursorPaginationIR,
    EnvelopeIR,
    FieldIR,
    LinkHeaderPaginationIR,
    ModelIR,
    NextUrlPaginationIR,
    OffsetPaginationIR,
    PagePaginationIR,
    PaginationIR,
)
from .naming import attribute_name
from .types import PythonTypes

# What a page has of its own (`_core.pagination.SyncPage`): no envelope key may take these names.
PAGE_MEMBERS = frozenset({"items", "has_next_page", "get_next_page", "iter_pages"})


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
    style = api.pagination.style
    return _strategy(style, _Names(attribute_name, _attribute_path(envelope))), _strategy(
        style, _WIRE
    )


def operation_strategies(
    api: Api, op: Operation, envelope: EnvelopeIR | None
) -> tuple[PaginationIR, PaginationIR] | None:
    """An operation's strategy for the client and for the fake where it does not walk with the
    API's: its own style, or the API's reading a body of its own (`items`); else None."""
    if not op.paginated or (op.pagination is None and op.items is None):
        return None
    pagination = op.pagination or api.pagination
    assert pagination is not None  # the resolved model has refused a paginated list without one
    style = pagination.style
    if op.items is not None:
        return _strategy(style, _Names(attribute_name, _same)), _strategy(style, _WIRE)
    return _strategy(style, _Names(attribute_name, _attribute_path(envelope))), _strategy(
        style, _WIRE
    )


def _same(name: str) -> str:
    return name


_WIRE = _Names(_same, _same)


def _attribute_path(envelope: EnvelopeIR | None) -> Callable[[str], str]:
    """A dotted path into the envelope as its attributes name it."""
    attributes = {f.wire: f.name for f in envelope.fields} if envelope else {}

    def attr_path(dotted: str) -> str:
        head, _, rest = dotted.partition(".")
        parts = [attributes.get(head, attribute_name(head))]
        parts += [attribute_name(part) for part in rest.split(".")] if rest else []
        return ".".join(parts)

    return attr_path


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
    if isinstance(style, OffsetPagination):
        return OffsetPaginationIR(
            offset_param=names.param(style.offset_param),
            limit_param=names.param(style.limit_param) if style.limit_param else None,
            total_field=names.path(style.total_field) if style.total_field else None,
        )
    if isinstance(style, NextUrlPagination):
        return NextUrlPaginationIR(field=names.path(style.next_url_field))
    if isinstance(style, LinkHeaderPagination):
        return LinkHeaderPaginationIR()
    raise TypeError(f"no pagination strategy for {style!r}")


def page_fields(
    api: Api, envelope: EnvelopeIR | None, types: PythonTypes, ctx: Context
) -> tuple[tuple[FieldIR, ...], ModelIR | None]:
    """The fields of its response a page has beside its items (the envelope's keys but the
    payload and the error), and the envelope of a page where it differs from the API's: the keys
    the style reads on every page are required there."""
    if api.pagination is None or api.envelope is None or envelope is None:
        return (), None
    every_page = api.pagination.style.on_every_page()
    attributes = {f.wire: f for f in envelope.fields}
    fields: list[FieldIR] = []
    required: list[FieldIR] = []
    for wire, spec_field in api.envelope.fields.items():
        field = attributes[wire]
        if field.name in PAGE_MEMBERS:
            ctx.error(
                spec_field.loc,
                f"envelope key {wire!r} becomes page attribute {field.name!r}, which a page"
                " has of its own",
            )
        if wire in every_page and spec_field.optional:
            field = types.model_field(replace(spec_field, optional=False), field.name, params=False)
            required.append(field)
        fields.append(field)
    if not required:
        return tuple(fields), None
    keys = " and ".join(f"`{field.wire}`" for field in required)
    text = f"A page of a list as the API sends it: {keys} on every page."
    names = types.names
    return tuple(fields), ModelIR(names.PageEnvelope, names.Envelope, text, tuple(required))
