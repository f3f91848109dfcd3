"""Auto-pagination: one page type per I/O style, one small strategy per pagination style.

A strategy serves both sides of an API. In a client it names arguments and attribute paths
(`_protocol.PAGINATION`, or an operation's own) and decides the next page's arguments; in the
API's fake (`_core.testing`) the same class names the wire's query keys and dotted envelope keys,
and decides which of the pages a test gave a request asks for and the page fields and headers
sent with it.

The styles that follow a URL the server sends (a next URL in the body, the `Link` header) put it
in the next page's arguments under `NEXT_URL`; the client requests that URL instead of building
one from the arguments, and only on the host that answered the first page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, Generic, Protocol, TypeVar, cast

import httpx

from ..errors import PaginationLoopError
from .redaction import redact_url
from .types import Record

__all__ = [
    "NEXT_URL",
    "AsyncPage",
    "AsyncPageRequest",
    "AsyncPageT",
    "CursorPagination",
    "LinkHeaderPagination",
    "LoopGuard",
    "NextUrlPagination",
    "OffsetPagination",
    "PagePagination",
    "SyncPage",
    "SyncPageT",
]

NEXT_URL = "@next_url"
"""The key of a next page's arguments holding the URL to request (no argument is so named)."""

FAKE_PAGE = "fake_page"
"""The query key of the URLs a fake sends to the next page (`?fake_page=2` is the second)."""

T = TypeVar("T")


class Pagination(Protocol):
    """What every pagination style implements: the client's side, then the fake's."""

    def next_arguments(
        self,
        arguments: Mapping[str, Any],
        envelope: Any,
        items: list[Any],
        headers: Mapping[str, str],
    ) -> dict[str, Any] | None:
        """The arguments of the next page's request, or None on the last page: from this
        page's arguments, its parsed body, its items and its response headers."""

    def position(self, arguments: Mapping[str, Any]) -> Any:
        """Where in the list these arguments point (a cursor, a page number), or None."""

    def describe(self, position: Any) -> str:
        """The position as a message names it."""

    def fake_page(
        self, query: Mapping[str, Any], pages: Sequence[Sequence[Any]]
    ) -> tuple[int, int]:
        """For a fake holding `pages`: the index of the page a request with this query asks for
        (one outside `pages` is answered with no items), and how many of that page's first
        items it skips (a style may point inside a page)."""

    def fake_fields(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, Any]:
        """The envelope's page fields (dotted key -> value) a fake sends with page `number`,
        answering a request for `url`."""

    def fake_headers(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, str]:
        """The response headers a fake sends with page `number`, answering a request for `url`."""


def _lookup(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, Mapping) else getattr(obj, part, None)
    return obj


def _number(value: Any) -> int | None:
    """A number as a query string carries it, or None."""
    try:
        return int(value) if isinstance(value, str) else None
    except ValueError:
        return None


class CursorPagination(Record):
    """The response carries an opaque cursor; the next request sends it back."""

    param: str
    field: str

    def __init__(self, param: str, field: str) -> None:
        super().__init__(param=param, field=field)

    def next_arguments(
        self,
        arguments: Mapping[str, Any],
        envelope: Any,
        items: list[Any],
        headers: Mapping[str, str],
    ) -> dict[str, Any] | None:
        cursor = _lookup(envelope, self.field)
        if not cursor or not items or cursor == arguments.get(self.param):
            return None
        return {**arguments, self.param: cursor}

    def position(self, arguments: Mapping[str, Any]) -> Any:
        return arguments.get(self.param)

    def describe(self, position: Any) -> str:
        return f"{self.param}={position!r}" if position is not None else f"its {self.param}"

    # A fake's cursors name the page they lead to: `page-2` is the second page.
    def fake_page(
        self, query: Mapping[str, Any], pages: Sequence[Sequence[Any]]
    ) -> tuple[int, int]:
        cursor = query.get(self.param)
        match = re.fullmatch(r"page-(\d+)", cursor) if isinstance(cursor, str) else None
        return (int(match.group(1)) - 1 if match else 0), 0

    def fake_fields(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, Any]:
        more = number + 1 < len(pages)
        return {self.field: f"page-{number + 2}" if more else None}

    def fake_headers(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, str]:
        return {}


class PagePagination(Record):
    """Numbered pages. The last page is known from the envelope's current and total page
    numbers when the API sends them, and otherwise from a page shorter than requested (or empty).
    """

    page_param: str
    size_param: str | None
    current_field: str | None
    total_field: str | None
    first_page: int

    def __init__(
        self,
        page_param: str,
        size_param: str | None = None,
        current_field: str | None = None,
        total_field: str | None = None,
        first_page: int = 1,
    ) -> None:
        super().__init__(
            page_param=page_param,
            size_param=size_param,
            current_field=current_field,
            total_field=total_field,
            first_page=first_page,
        )

    def next_arguments(
        self,
        arguments: Mapping[str, Any],
        envelope: Any,
        items: list[Any],
        headers: Mapping[str, str],
    ) -> dict[str, Any] | None:
        if not items:
            return None
        requested = arguments.get(self.page_param)
        page = requested if isinstance(requested, int) else self.first_page
        if self.current_field and self.total_field:
            current = _lookup(envelope, self.current_field)
            total = _lookup(envelope, self.total_field)
            if isinstance(current, int) and isinstance(total, int):
                if current >= total:
                    return None
                page = current
        else:
            size = arguments.get(self.size_param) if self.size_param else None
            if isinstance(size, int) and len(items) < size:
                return None
        return {**arguments, self.page_param: page + 1}

    def position(self, arguments: Mapping[str, Any]) -> Any:
        return arguments.get(self.page_param)

    def describe(self, position: Any) -> str:
        return f"{self.page_param}={position!r}" if position is not None else self.page_param

    def fake_page(
        self, query: Mapping[str, Any], pages: Sequence[Sequence[Any]]
    ) -> tuple[int, int]:
        requested = _number(query.get(self.page_param))
        return (requested - self.first_page if requested is not None else 0), 0

    def fake_fields(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, Any]:
        if not (self.current_field and self.total_field):
            return {}  # a short or empty page ends the list
        return {self.current_field: number + self.first_page, self.total_field: len(pages)}

    def fake_headers(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, str]:
        return {}


class OffsetPagination(Record):
    """The request says how many items to skip; the next page skips those already read. The
    last page is known from the total count when the API sends one, else from a page shorter
    than the requested limit, or empty."""

    offset_param: str
    limit_param: str | None
    total_field: str | None

    def __init__(
        self, offset_param: str, limit_param: str | None = None, total_field: str | None = None
    ) -> None:
        super().__init__(
            offset_param=offset_param, limit_param=limit_param, total_field=total_field
        )

    def next_arguments(
        self,
        arguments: Mapping[str, Any],
        envelope: Any,
        items: list[Any],
        headers: Mapping[str, str],
    ) -> dict[str, Any] | None:
        if not items:
            return None
        requested = arguments.get(self.offset_param)
        offset = (requested if isinstance(requested, int) else 0) + len(items)
        total = _lookup(envelope, self.total_field) if self.total_field else None
        if isinstance(total, int) and not isinstance(total, bool) and offset >= total:
            return None
        limit = arguments.get(self.limit_param) if self.limit_param else None
        if isinstance(limit, int) and len(items) < limit:
            return None
        return {**arguments, self.offset_param: offset}

    def position(self, arguments: Mapping[str, Any]) -> Any:
        return arguments.get(self.offset_param)

    def describe(self, position: Any) -> str:
        return f"{self.offset_param}={position!r}" if position is not None else self.offset_param

    # The fake's pages follow one another: an offset points into the page holding that item.
    def fake_page(
        self, query: Mapping[str, Any], pages: Sequence[Sequence[Any]]
    ) -> tuple[int, int]:
        offset = _number(query.get(self.offset_param)) or 0
        start = 0
        for number, page in enumerate(pages):
            if offset < start + len(page):
                return number, max(offset - start, 0)
            start += len(page)
        return len(pages), 0

    def fake_fields(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, Any]:
        if not self.total_field:
            return {}
        return {self.total_field: sum(len(page) for page in pages)}

    def fake_headers(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, str]:
        return {}


class _FollowsURL:
    """What the styles that follow a URL the server sends share: the URL is the position."""

    def _next_url(self, envelope: Any, headers: Mapping[str, str]) -> Any:
        raise NotImplementedError

    def next_arguments(
        self,
        arguments: Mapping[str, Any],
        envelope: Any,
        items: list[Any],
        headers: Mapping[str, str],
    ) -> dict[str, Any] | None:
        url = self._next_url(envelope, headers)
        if not isinstance(url, str) or not url or not items:
            return None
        return {**arguments, NEXT_URL: url}

    def position(self, arguments: Mapping[str, Any]) -> Any:
        return arguments.get(NEXT_URL)

    def describe(self, position: Any) -> str:
        return f"the next page's URL {redact_url(position)}" if position else "its next URL"

    def fake_page(
        self, query: Mapping[str, Any], pages: Sequence[Sequence[Any]]
    ) -> tuple[int, int]:
        requested = _number(query.get(FAKE_PAGE))
        return (requested - 1 if requested is not None else 0), 0

    @staticmethod
    def _fake_next(number: int, pages: Sequence[Sequence[Any]], url: httpx.URL) -> str | None:
        """The URL of the page after `number`, as the fake answering `url` sends it."""
        if number + 1 >= len(pages):
            return None
        return str(url.copy_set_param(FAKE_PAGE, number + 2))


class NextUrlPagination(_FollowsURL, Record):
    """The response's body holds the URL of the next page (absolute, or relative to the
    request's); null, empty or absent on the last page."""

    field: str

    def __init__(self, field: str) -> None:
        super().__init__(field=field)

    def _next_url(self, envelope: Any, headers: Mapping[str, str]) -> Any:
        return _lookup(envelope, self.field)

    def fake_fields(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, Any]:
        return {self.field: self._fake_next(number, pages, url)}

    def fake_headers(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, str]:
        return {}


class LinkHeaderPagination(_FollowsURL, Record):
    """The response's `Link` header (RFC 8288) names the next page with `rel="next"`; the last
    page has none."""

    def __init__(self) -> None:
        super().__init__()

    def _next_url(self, envelope: Any, headers: Mapping[str, str]) -> Any:
        return next_link(headers.get("Link"))

    def fake_fields(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, Any]:
        return {}

    def fake_headers(
        self, number: int, pages: Sequence[Sequence[Any]], url: httpx.URL
    ) -> dict[str, str]:
        following = self._fake_next(number, pages, url)
        return {"Link": f'<{following}>; rel="next"'} if following else {}


# Patterns compiled on first use (by `re`, which keeps them): most clients never read a Link.
_LINK = r'<([^>]*)>((?:\s*;\s*[^;,"=]+(?:=(?:"[^"]*"|[^;,]*))?)*)'
_LINK_PARAM = r';\s*([^;=\s]+)\s*(?:=\s*("[^"]*"|[^;,]*))?'


def next_link(header: str | None) -> str | None:
    """The target of the `rel="next"` link of a `Link` header (RFC 8288), or None. A link's
    `rel` may name several relations (`rel="next last"`), in any case."""
    if not header:
        return None
    for match in re.finditer(_LINK, header):
        for name, value in re.findall(_LINK_PARAM, match.group(2)):
            relations = value.strip('"').lower().split() if name.lower() == "rel" else []
            if "next" in relations:
                return match.group(1).strip()
    return None


_FIELDS: dict[type, tuple[str, ...]] = {}


def _response_fields(page_class: type) -> tuple[str, ...]:
    """The attributes an API's page class declares (its response's fields), up to the core's."""
    names = _FIELDS.get(page_class)
    if names is None:
        import inspect  # once per page class; a client that never lists needs none of it

        found: list[str] = []
        for klass in page_class.__mro__:
            if klass in (SyncPage, AsyncPage):
                break
            found.extend(inspect.get_annotations(klass))
        names = _FIELDS[page_class] = tuple(found)
    return names


class _Page(Generic[T]):
    """What both page types hold: the items, and the response's fields the API's class names."""

    def __init__(
        self, items: list[T], next_arguments: dict[str, Any] | None, response: Any
    ) -> None:
        self.items = items
        self._next_arguments = next_arguments
        # The fields the API's page class declares (`meta`, `cursor`), from the parsed response.
        for name in _response_fields(type(self)):
            setattr(self, name, getattr(response, name, None))

    def has_next_page(self) -> bool:
        return self._next_arguments is not None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(items={len(self.items)}, has_next_page={self.has_next_page()})"
        )


class SyncPage(_Page[T]):
    """One page of a list. Iterating it yields every item of every page, fetching as it goes.

    Each API's `_protocol.SyncPage` subclasses it, declaring the fields of its responses (its
    envelope's) a page carries beside its items.
    """

    def __init__(
        self,
        items: list[T],
        next_arguments: dict[str, Any] | None,
        fetch: Callable[[dict[str, Any]], Any],
        response: Any = None,
    ) -> None:
        super().__init__(items, next_arguments, response)
        self._fetch = fetch  # the next page, of this page's class

    def get_next_page(self: SyncPageT) -> SyncPageT:
        if self._next_arguments is None:
            raise StopIteration("this is the last page")
        return cast(SyncPageT, self._fetch(self._next_arguments))

    def iter_pages(self: SyncPageT) -> Iterator[SyncPageT]:
        page: SyncPageT | None = self
        while page is not None:
            yield page
            page = page.get_next_page() if page.has_next_page() else None

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_Page[T]):
    """One page of a list; `async for` over it yields every item of every page.

    Each API's `_protocol.AsyncPage` subclasses it, as its `SyncPage` does `SyncPage`.
    """

    def __init__(
        self,
        items: list[T],
        next_arguments: dict[str, Any] | None,
        fetch: Callable[[dict[str, Any]], Awaitable[Any]],
        response: Any = None,
    ) -> None:
        super().__init__(items, next_arguments, response)
        self._fetch = fetch

    async def get_next_page(self: AsyncPageT) -> AsyncPageT:
        if self._next_arguments is None:
            raise StopAsyncIteration("this is the last page")
        return cast(AsyncPageT, await self._fetch(self._next_arguments))

    async def iter_pages(self: AsyncPageT) -> AsyncIterator[AsyncPageT]:
        page: AsyncPageT | None = self
        while page is not None:
            yield page
            page = await page.get_next_page() if page.has_next_page() else None

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


SyncPageT = TypeVar("SyncPageT", bound=SyncPage[Any])
AsyncPageT = TypeVar("AsyncPageT", bound=AsyncPage[Any])


class AsyncPageRequest(Generic[T, AsyncPageT]):
    """What an async list method returns: `await` it for the first page (an `AsyncPageT`), or
    `async for` over it for every item of every page. Each API names it for its own pages:
    `AsyncPageRequest[Contact]` there is `AsyncPageRequest[Contact, AsyncPage[Contact]]`."""

    def __init__(self, fetch_first: Callable[[], Awaitable[AsyncPageT]]) -> None:
        self._fetch_first = fetch_first

    def __await__(self) -> Generator[Any, None, AsyncPageT]:
        return self._fetch_first().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._fetch_first()
        async for item in page:
            yield item


class LoopGuard:
    """Stops a walk through pages that comes back to where it has been.

    A server that ignores the cursor or page number it is sent would otherwise be walked
    forever: a cursor (or page number) requested again further down the walk, a page whose
    body repeats an earlier page's byte for byte, or a page holding the same items as an
    earlier one (by their ids: a server may vary a timestamp or a request id from one answer
    to the next) ends the walk with PaginationLoopError. The pages before it were returned.
    `depth` is a page's place in the walk (the first page is 1), so fetching the same next
    page twice from one page is a re-fetch, not a loop. Only 16-byte digests are kept, never a
    cursor or a body, so memory stays flat over long walks and long cursors.
    """

    def __init__(self, pagination: Pagination | None, label: str) -> None:
        self._pagination = pagination
        self._label = label
        self._positions: dict[bytes, int] = {}
        self._bodies: dict[bytes, int] = {}
        self._items: dict[bytes, int] = {}

    def before(self, arguments: Mapping[str, Any], depth: int) -> None:
        """Call before requesting a page: refuses one requested earlier in the walk."""
        if self._pagination is None:
            return
        position = self._pagination.position(arguments)
        if position is None:
            return
        earlier = self._positions.setdefault(_digest(repr(position).encode()), depth)
        if earlier < depth:
            raise PaginationLoopError(
                f"{self._label}: page {depth} would request "
                f"{_short(self._pagination.describe(position))} again, as page {earlier} did; "
                "the server is sending the walk round in a loop"
            )

    def after(
        self, arguments: Mapping[str, Any], depth: int, body: bytes, items: Sequence[Any]
    ) -> None:
        """Call with a page's body and items: refuses a page that repeats an earlier one."""
        if self._pagination is None:
            return
        ignored = _short(self._pagination.describe(self._pagination.position(arguments)))
        earlier = self._bodies.setdefault(_digest(body), depth)
        if earlier < depth:
            raise PaginationLoopError(
                f"{self._label}: page {depth} is the same as page {earlier}; the server seems to "
                f"ignore {ignored}"
            )
        identities = _identities(items)
        if identities is None:
            return
        earlier = self._items.setdefault(_digest(identities.encode()), depth)
        if earlier < depth:
            raise PaginationLoopError(
                f"{self._label}: page {depth} holds the same {len(items)} items as page "
                f"{earlier} (the same ids); the server seems to ignore {ignored}"
            )


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _short(text: str) -> str:
    """A position as a message shows it: a cursor of 70 KB is not repeated whole."""
    return text if len(text) <= 120 else f"{text[:100]}... ({len(text)} characters)"


def _identities(items: Sequence[Any]) -> str | None:
    """The page's items by id, in order, or None when the page is empty or an item has none.

    An item's id is its `id`, or `<its type>_id` (`invitation_campaign_id` for an
    InvitationCampaign); a string item is its own id."""
    if not items:
        return None
    ids: list[str] = []
    for item in items:
        if isinstance(item, str):
            ids.append(item)
            continue
        if isinstance(item, Mapping):
            value = item.get("id")
        else:
            value = getattr(item, "id", None)
            if value is None:
                value = getattr(item, _own_id(type(item)), None)
        if isinstance(value, bool) or not isinstance(value, str | int):
            return None
        ids.append(repr(value))
    return "\x00".join(ids)


def _own_id(cls: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower() + "_id"
