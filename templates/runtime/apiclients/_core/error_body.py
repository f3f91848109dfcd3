"""Where an error body keeps its message: the spec's `error_body.messages`, each a key or a dotted
path (`_embedded.errors[].message`, `[]` taking every item of a list). The client reads the
server's words along them; a fake writes its message along the first, so that both agree."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .decoding import encode_json

__all__ = ["error_body", "error_text"]

_EACH = "[]"


def error_text(body: Any, paths: Sequence[str]) -> str:
    """The server's own words from an error body: the strings found along the paths, in order,
    joined by `; `; else the body itself, cut to 500 characters."""
    if isinstance(body, Mapping):
        parts = [text for path in paths for text in _texts(_found(body, path.split(".")))]
        if parts:
            return "; ".join(parts)
        return encode_json(body)[:500] if body else ""
    return str(body).strip()[:500]


def error_body(path: str, message: str) -> Any:
    """A body carrying `message` where `path` reads it: `{"_embedded": {"errors": [{"message":
    ...}]}}` for `_embedded.errors[].message`. A last key named `errors` holds a list of
    messages, as every API that uses that key does."""
    *parents, last = path.split(".")
    value: Any = [message] if last == "errors" else message
    for key in reversed([*parents, last]):
        if key.endswith(_EACH):
            key, value = key[: -len(_EACH)], [value]
        value = {key: value}
    return value


def _found(value: Any, keys: list[str]) -> Iterator[Any]:
    """Every value at the end of the path (several once a `[]` step fans out); nothing where the
    body has another shape."""
    if not keys:
        yield value
        return
    key, *rest = keys
    each = key.endswith(_EACH)
    if each:
        key = key[: -len(_EACH)]
    if not isinstance(value, Mapping) or key not in value:
        return
    found = value[key]
    if not each:
        yield from _found(found, rest)
    elif isinstance(found, list):
        for item in found:
            yield from _found(item, rest)


def _texts(values: Iterator[Any]) -> Iterator[str]:
    for value in values:
        if isinstance(value, str):
            if value:
                yield value
        elif isinstance(value, list):
            yield from (v if isinstance(v, str) else encode_json(v) for v in value)
        elif isinstance(value, Mapping) and value:
            yield encode_json(value)
