"""A query parameter holding an object, both ways: sent `deep_object` (`filter[name]=x`) or with
its keys spread (exploded `form`: `name=x`), the levels below nesting as a form body's do
(`_core.forms`: deeper objects add brackets, a list of scalars repeats its key, a list of objects
goes by index). The client builds the pairs; the fake reads them back.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from ..errors import InvalidArgumentError
from .forms import form_pairs, form_received

__all__ = ["object_pairs", "object_received"]


def object_pairs(
    where: str,
    key: str,
    style: str,
    value: Mapping[str, Any],
    text: Callable[[Any], str],
    declared: Collection[str],
) -> list[tuple[str, str]]:
    """The query pairs of the object argument `key` (sent in `style`); a spread key that is
    also another parameter's, or holds a bracket, is refused: the server would read it as
    that parameter, or as nesting."""
    if style == "deep_object":
        built = form_pairs(where, {key: value}, text)
    else:
        for name in value:
            if name in declared or "[" in str(name) or "]" in str(name):
                raise InvalidArgumentError(
                    f"{where}: the key {name!r} of {key!r} cannot be sent spread in the query: "
                    + (
                        "it is another parameter's"
                        if name in declared
                        else "a bracket in a key " "would read as nesting"
                    )
                )
        built = form_pairs(where, value, text)
    return [
        (name, item)
        for name, sent in built.items()
        for item in (sent if isinstance(sent, list) else [sent])
    ]


def object_received(
    key: str, style: str, query: Mapping[str, str | list[str]], declared: Collection[str]
) -> dict[str, Any] | None:
    """The object argument `key` as a request's query carries it, its values still text (None:
    it sent none): under `key[...]` for `deep_object`, else every key no other parameter
    declares."""
    pairs = [
        (name, item)
        for name, sent in query.items()
        for item in (sent if isinstance(sent, list) else [sent])
    ]
    if style == "deep_object":
        received = form_received(p for p in pairs if p[0].startswith(f"{key}["))
        value = received.get(key)
        return value if isinstance(value, dict) else None
    spread = form_received(p for p in pairs if p[0].partition("[")[0] not in declared)
    return spread or None
