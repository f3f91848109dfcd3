"""Tolerant reading of a response that strict validation refused.

Servers omit fields the documents print, send null where a table says nothing, and leave out
what a query parameter switched off. Rather than lose the caller's data over that, the reader
walks the declared type alongside the JSON: whatever validates strictly (pydantic's strict mode
for JSON, the same as the first reading) is kept validated, a missing field reads as None, and a
value of another type (`"4"` for an integer, NaN for a number) is kept as received. Each
mismatch is logged once per client, operation and field path (its indexes aside), with the path
and the expected type but never the value (values may be personal data).

Only the top-level shape must fit: an object where an object is promised, a list where a list
is, since nothing sensible can be handed back otherwise.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import types
from collections.abc import Iterable
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, PydanticUserError, TypeAdapter, ValidationError

__all__ = ["FINITE", "ShapeMismatch", "finite_adapter", "path_text", "read_tolerantly"]

log = logging.getLogger("apiclients")

FINITE = ConfigDict(allow_inf_nan=False)
"""JSON has no NaN or infinity: a number read or sent is finite (models say it in their own
config; a TypeAdapter of any other type is given this one)."""

_adapters: dict[Any, TypeAdapter[Any]] = {}
_warned_lock = threading.Lock()
_INDEX = re.compile(r"\[\d+\]")


class ShapeMismatch(ValueError):
    """The top level of the response cannot be the documented type."""


def path_text(parts: Iterable[str | int]) -> str:
    """A place in a JSON value as every message of the package writes it (warnings, errors,
    refused arguments and fake data alike): keys joined by dots, indexes in brackets,
    `data[0].email`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def read_tolerantly(
    shape: Any, value: Any, *, label: str, envelope: bool, warned: set[tuple[str, str]]
) -> Any:
    """`value` (decoded JSON) read as `shape`; `envelope` says the payload sits under `data`.
    `warned` holds the (operation, path) pairs already logged, by the client reading."""
    reader = _Reader(label, warned)
    _check_shape(shape, value, "the response")
    if envelope:
        assert isinstance(shape, type) and issubclass(shape, BaseModel)
        payload = value.get(_wire_keys("data", shape.model_fields["data"])[0])
        _check_shape(shape.model_fields["data"].annotation, payload, "its data")
    # Strict validation of the whole body has just failed: go straight to the lenient walk.
    return reader.leniently(shape, value, "")


class _Reader:
    def __init__(self, label: str, warned: set[tuple[str, str]]) -> None:
        self.label = label
        self.warned = warned

    def read(self, expected: Any, value: Any, path: str) -> Any:
        try:
            # Strictly, as JSON: the value is decoded JSON (json.dumps keeps a NaN a NaN).
            return _adapter(expected).validate_json(json.dumps(value), strict=True)
        except (ValidationError, ValueError):
            return self.leniently(expected, value, path)

    def leniently(self, expected: Any, value: Any, path: str) -> Any:
        origin = get_origin(expected)
        if origin is Annotated:
            return self.leniently(get_args(expected)[0], value, path)
        if origin in (Union, types.UnionType):
            members = [m for m in get_args(expected) if m is not type(None)]
            if value is not None and len(members) == 1:
                return self.leniently(members[0], value, path)
        if value is None:
            self._warn(path, "is null", expected)
            return None
        if isinstance(expected, type) and issubclass(expected, BaseModel):
            if isinstance(value, dict):
                return self._model(expected, value, path)
        elif origin is list and isinstance(value, list):
            (item,) = get_args(expected) or (Any,)
            return [self.read(item, element, f"{path}[{i}]") for i, element in enumerate(value)]
        elif origin is dict and isinstance(value, dict):
            item = get_args(expected)[-1] if get_args(expected) else Any
            return {
                key: self.read(item, element, path_text([path, key] if path else [key]))
                for key, element in value.items()
            }
        self._warn(path, "has another type", expected)
        return value

    def _model(self, cls: type[BaseModel], data: dict[str, Any], path: str) -> BaseModel:
        if not cls.__pydantic_complete__:
            # Models build lazily (defer_build); until then their fields' types are names only.
            cls.model_rebuild()
        values: dict[str, Any] = {}
        received: set[str] = set()
        consumed: set[str] = set()
        for name, field in cls.model_fields.items():
            keys = _wire_keys(name, field)
            key = next((k for k in keys if k in data), None)
            where = f"{path}.{keys[0]}" if path else keys[0]
            if key is None:
                if field.is_required():
                    self._warn(where, "is missing", field.annotation)
                    values[name] = None
                continue
            consumed.add(key)
            received.add(name)
            values[name] = self.read(_declared(field), data[key], where)
        extra = {key: item for key, item in data.items() if key not in consumed}
        # model_construct takes python names; received keys the spec does not list stay extras.
        return cls.model_construct(_fields_set=received, **{**extra, **values})

    def _warn(self, path: str, problem: str, expected: Any) -> None:
        key = (self.label, _INDEX.sub("[]", path))  # one warning for every item of a list
        with _warned_lock:
            if key in self.warned:
                return
            self.warned.add(key)
        log.warning(
            "%s: response field %r %s (expected %s); %s. "
            "strict_response_validation=True refuses such responses.",
            self.label,
            path or "(top level)",
            problem,
            type_name(expected),
            "read as None" if problem == "is missing" else "kept as received",
        )


def _check_shape(expected: Any, value: Any, what: str) -> None:
    expected, nullable = _strip_optional(expected)
    if value is None:
        if nullable:
            return
        raise ShapeMismatch(f"{what} is null where {type_name(expected)} is promised")
    container = _container(expected)
    if container is not None and not isinstance(value, container):
        raise ShapeMismatch(
            f"{what} is a JSON {_json_kind(value)} where {type_name(expected)} is promised"
        )


def _strip_optional(expected: Any) -> tuple[Any, bool]:
    if get_origin(expected) in (Union, types.UnionType):
        members = [m for m in get_args(expected) if m is not type(None)]
        nullable = len(members) < len(get_args(expected))
        return (members[0] if len(members) == 1 else expected), nullable
    return expected, expected is Any


def _container(expected: Any) -> type | None:
    origin = get_origin(expected)
    if origin is Annotated:
        return _container(get_args(expected)[0])
    if origin is list:
        return list
    if origin is dict or (isinstance(expected, type) and issubclass(expected, BaseModel)):
        return dict
    return None


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string" if isinstance(value, str) else "scalar"


def _declared(field: Any) -> Any:
    """A field's type with its validators: pydantic keeps `Annotated` metadata apart from the
    bare annotation, and a wire format (epoch milliseconds) lives in that metadata."""
    if field.metadata:
        return Annotated[(field.annotation, *field.metadata)]
    return field.annotation


def _wire_keys(name: str, field: Any) -> list[str]:
    """The keys a field may arrive under: its validation aliases, its alias, its name."""
    keys: list[str] = []
    alias = field.validation_alias
    if isinstance(alias, str):
        keys.append(alias)
    elif alias is not None:
        keys.extend(choice for choice in alias.choices if isinstance(choice, str))
    if field.alias:
        keys.append(field.alias)
    keys.append(name)
    return list(dict.fromkeys(keys))


def finite_adapter(expected: Any) -> TypeAdapter[Any]:
    """A TypeAdapter refusing NaN and infinities wherever the type's own config does not say
    (a model's does, and pydantic takes no other config for a model)."""
    try:
        return TypeAdapter(expected, config=FINITE)
    except PydanticUserError:  # a model, perhaps `Annotated`
        return TypeAdapter(expected)


def _adapter(expected: Any) -> TypeAdapter[Any]:
    try:
        adapter = _adapters.get(expected)
    except TypeError:  # an unhashable annotation: build, do not cache
        return finite_adapter(expected)
    if adapter is None:
        adapter = _adapters[expected] = finite_adapter(expected)
    return adapter


def type_name(expected: Any) -> str:
    """A short spelling of a type for messages: `list[Tag]`, `str | None`."""
    origin = get_origin(expected)
    arguments = get_args(expected)
    if origin is Annotated:
        return type_name(arguments[0])
    if origin in (Union, types.UnionType):
        return " | ".join(type_name(m) for m in arguments)
    if origin is Literal:
        return " | ".join(repr(a) for a in arguments)
    if origin is not None:
        inner = ", ".join(type_name(a) for a in arguments)
        return f"{getattr(origin, '__name__', str(origin))}[{inner}]"
    if expected is type(None):
        return "None"
    return getattr(expected, "__name__", str(expected))
