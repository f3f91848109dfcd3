"""How an imported list walks its pages: what an operation's response and parameters say.

apigen's own export says it in `x-apigen-pagination` and `x-apigen-items` (what OpenAPI has no
words for), and is read back as written. Otherwise a GET whose success response is a list is
recognised by its shape:

- a bare array with a `Link` response header: `link_header`;
- a bare array with an integer `offset` query parameter: `offset` (with `limit` where declared);
- an object with exactly one array property and a string property holding the next page's URL
  (`next`, `next_url`, `nextPageUrl`, `@odata.nextLink`, ...): `next_url`, its list at `items`;
- an object with exactly one array property, `offset` (and `limit`) among the parameters:
  `offset`, with an integer `total`-like property as its total count.

The object's other properties are not typed (the method returns the items, walking the pages),
and the list's key is expected on every page: the note `response.page_fields` records either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..spec import model as spec
from .document import Document, child

STYLE: TypeAdapter[spec.PaginationStyle] = TypeAdapter(spec.Pagination)
_NEXT_URL_KEYS = (
    "next",
    "next_url",
    "nextUrl",
    "next_page_url",
    "nextPageUrl",
    "next_link",
    "nextLink",
    "@odata.nextLink",
)
_TOTAL_KEYS = ("total", "total_count", "totalCount", "count")


@dataclass(frozen=True)
class Paged:
    """An operation's pagination as the spec writes it, and the schema of its list."""

    pagination: dict[str, Any]
    items: str | None  # where the list sits in an object, or None for a bare array
    schema: Any  # the list's schema, to type as the response
    pointer: str
    untyped: tuple[str, ...]  # the object's other properties, which the spec does not type
    uses_link_header: bool
    optional_items: bool = False  # the document does not require the list's key
    body_pointer: str = ""  # the object's own pointer (its `$ref` followed)


def paged(
    doc: Document,
    operation: dict[str, Any],
    parameters: dict[str, dict[str, Any]],
    response: dict[str, Any],
    schema: Any,
    pointer: str,
) -> Paged | None:
    """The pagination of a GET whose success `response` has this body `schema`, given its query
    `parameters` by wire name; None when it walks no pages (or nothing says how)."""
    resolved, at = doc.resolve(schema, pointer)
    declared = _declared(doc, operation, resolved, at)
    if declared is not None or not isinstance(resolved, dict):
        return declared
    offset = _offset(parameters)
    if _kind(doc, resolved, at) == "array":
        if _has_link_header(response):
            return Paged({"style": "link_header"}, None, schema, pointer, (), True)
        if offset is not None:
            return Paged(offset, None, schema, pointer, (), False)
        return None
    properties = resolved.get("properties")
    if not isinstance(properties, dict):
        return None
    arrays = [
        k for k, v in properties.items() if _kind(doc, v, child(at, "properties", k)) == "array"
    ]
    if len(arrays) != 1:
        return None
    strings = [
        k for k, v in properties.items() if _kind(doc, v, child(at, "properties", k)) == "string"
    ]
    integers = [
        k for k, v in properties.items() if _kind(doc, v, child(at, "properties", k)) == "integer"
    ]
    next_key = next((key for key in _NEXT_URL_KEYS if key in strings), None)
    if next_key is not None:
        style: dict[str, Any] = {"style": "next_url", "next_url_field": next_key}
        read = {next_key}
    elif offset is not None:
        total = next((key for key in _TOTAL_KEYS if key in integers), None)
        style = {**offset, **({"total_field": total} if total else {})}
        read = {total} if total else set()
    else:
        return None
    items = arrays[0]
    untyped = tuple(k for k in properties if k != items and k not in read)
    required = resolved.get("required")
    optional = not (isinstance(required, list) and items in required)
    item_at = child(at, "properties", items)
    return Paged(style, items, properties[items], item_at, untyped, False, optional, at)


def _declared(doc: Document, operation: dict[str, Any], body: Any, at: str) -> Paged | None:
    """What apigen's own export says, where it says something valid."""
    given = operation.get("x-apigen-pagination")
    items = operation.get("x-apigen-items")
    if not isinstance(given, dict):
        return None
    try:
        STYLE.validate_python(given)
    except ValidationError:
        return None
    if not isinstance(items, str):
        return Paged(dict(given), None, body, at, (), given.get("style") == "link_header")
    node, pointer = body, at
    for key in items.split("."):
        node, pointer = doc.resolve(node, pointer)
        properties = node.get("properties") if isinstance(node, dict) else None
        if not isinstance(properties, dict) or key not in properties:
            return None
        node, pointer = properties[key], child(pointer, "properties", key)
    return Paged(dict(given), items, node, pointer, (), False)


def _offset(parameters: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The offset style, where an `offset` query parameter is an integer."""
    offset = parameters.get("offset")
    if offset is None or _schema_type(offset.get("schema")) != "integer":
        return None
    style: dict[str, Any] = {"style": "offset", "offset_param": "offset"}
    if "limit" in parameters:
        style["limit_param"] = "limit"
    return style


def _has_link_header(response: dict[str, Any]) -> bool:
    headers = response.get("headers")
    return isinstance(headers, dict) and any(str(name).lower() == "link" for name in headers)


def _kind(doc: Document, schema: Any, pointer: str) -> str | None:
    resolved, _ = doc.resolve(schema, pointer)
    return _schema_type(resolved)


def _schema_type(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if isinstance(kind, list):  # 3.1's `[string, "null"]`
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if kind is None and "items" in schema:
        return "array"
    return kind if isinstance(kind, str) else None
