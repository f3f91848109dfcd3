"""A form-urlencoded body with nested fields, both ways: an object is sent deepObject-style
(`a[b]=1`, deeper levels adding brackets: `a[b][c]=1`), a list of scalars as its key repeated
(`a=1&a=2`), as OpenAPI's `deepObject` and exploded `form` styles say, and a list of objects by
index (`a[0][b]=1`, as Stripe, Rails and PHP read it); a flat body is sent as it always was.
The client builds the pairs; the fake reads them back into the shape of the operation's
arguments.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..errors import InvalidArgumentError

__all__ = ["form_pairs", "form_received", "form_shaped"]


def form_pairs(
    where: str, body: Mapping[str, Any], text: Callable[[Any], str]
) -> dict[str, str | list[str]]:
    """The body's fields as form keys and their text (a list: one text per item); a field
    left out (None), an empty object and an empty list send nothing."""
    out: dict[str, str | list[str]] = {}
    for key, value in body.items():
        _place(where, key, value, text, out)
    return out


def _place(
    where: str, key: str, value: Any, text: Callable[[Any], str], out: dict[str, Any]
) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for name, item in value.items():
            if "[" in str(name) or "]" in str(name):
                raise InvalidArgumentError(
                    f"{where}: the form key {name!r} in {key!r} cannot be sent: a bracket in a "
                    "key would read as nesting"
                )
            _place(where, f"{key}[{name}]", item, text, out)
    elif isinstance(value, list | tuple):
        if any(isinstance(item, Mapping | list | tuple) for item in value):
            # A list of objects by index, as Stripe, Rails and PHP read it: `a[0][b]=1`.
            for index, item in enumerate(value):
                _place(where, f"{key}[{index}]", item, text, out)
        else:
            out[key] = [text(item) for item in value if item is not None]
    else:
        out[key] = text(value)


def form_received(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The fields a form body carries: `a[b]=1` read as `{"a": {"b": "1"}}`, a repeated key as
    a list of its values."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        path = _key_path(key)
        target = out
        for name in path[:-1]:
            inner = target.get(name)
            if not isinstance(inner, dict):
                inner = target[name] = {}
            target = inner
        last = path[-1]
        if last in target:
            previous = target[last]
            target[last] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            target[last] = value
    return out


def _key_path(key: str) -> list[str]:
    """`a[b][c]` as `[a, b, c]`; a key that is not of that form is one name."""
    head, bracket, rest = key.partition("[")
    if not bracket or not head or not rest.endswith("]"):
        return [key]
    names = rest[:-1].split("][")
    if any("[" in name or "]" in name for name in names):
        return [key]
    return [head, *names]


def form_shaped(value: Any, annotation: Any) -> Any:
    """A received form value in its argument's shape: a list argument sent with one item
    arrives as that item's text, and is read back as a list (in nested objects too)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return form_shaped(value, get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        members = [m for m in get_args(annotation) if m is not type(None)]
        shaped = [form_shaped(value, m) for m in members]
        changed = [s for s in shaped if s is not value]
        return changed[0] if changed else value
    if origin is list and isinstance(value, str):
        return [value]
    if origin is list and isinstance(value, dict) and all(k.isdigit() for k in value):
        item = get_args(annotation)[0] if get_args(annotation) else Any
        return [form_shaped(value[k], item) for k in sorted(value, key=int)]
    if origin is list and isinstance(value, list):
        item = get_args(annotation)[0] if get_args(annotation) else Any
        return [form_shaped(v, item) for v in value]
    if origin is dict and isinstance(value, dict):
        item = get_args(annotation)[1] if get_args(annotation) else Any
        return {k: form_shaped(v, item) for k, v in value.items()}
    if (
        isinstance(value, dict)
        and isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
    ):
        fields = {f.alias or n: f.annotation for n, f in annotation.model_fields.items()}
        return {k: form_shaped(v, fields.get(k, Any)) for k, v in value.items()}
    return value
