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

A listing is read in one pass (`tolerant_schema`): each item of its payload list that its schema
refuses is read again on its own, by a lenient twin of its model (every field optional, a value
its type refuses kept as `Refused`), and only those items are looked at in Python afterwards
(`mend`). A valid listing costs what strict validation costs; one bad item among 10,000 costs
that item.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import threading
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AliasPath,
    BaseModel,
    ConfigDict,
    PydanticUserError,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import CoreSchema, SchemaValidator, core_schema

from .fields import response_schema

__all__ = [
    "FINITE",
    "REFUSALS",
    "ShapeMismatch",
    "extra_keys_type",
    "finite_adapter",
    "mend",
    "path_text",
    "read_tolerantly",
    "tolerant_schema",
]

log = logging.getLogger("apiclients")

FINITE = ConfigDict(allow_inf_nan=False)
"""JSON has no NaN or infinity: a number read or sent is finite (models say it in their own
config; a TypeAdapter of any other type is given this one)."""

_validators: dict[Any, SchemaValidator] = {}
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
        (data,) = (field for field in _fields(shape) if field.name == "data")
        if data.path is None:
            payload = value.get(data.keys[0])
        else:
            _, payload = _at_path(data.path, value)
        _check_shape(shape.model_fields["data"].annotation, payload, "its data")
    # Strict validation of the whole body has just failed: go straight to the lenient walk.
    return reader.leniently(shape, value, "")


# Validation context key of the list `Refused` and `Repaired` append to as a listing is read.
REFUSALS = "apiclients.refusals"


class Refused:
    """A value its declared type refused, as received."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Repaired:
    """A model read by its lenient twin: its missing fields are None, its refused ones `Refused`."""

    __slots__ = ("model",)

    def __init__(self, model: BaseModel) -> None:
        self.model = model


def _noted(marker: Callable[[Any], Any]) -> Callable[[Any, ValidationInfo], Any]:
    def note(value: Any, info: ValidationInfo) -> Any:
        marked = marker(value)
        context = info.context
        if isinstance(context, dict) and REFUSALS in context:
            context[REFUSALS].append(marked)
        return marked

    return note


_REFUSED = core_schema.with_info_after_validator_function(_noted(Refused), core_schema.any_schema())


def tolerant_schema(
    schema: CoreSchema, *, envelope: bool, definitions: dict[str, Any] | None = None
) -> CoreSchema | None:
    """`schema` (a response's, envelope included when `envelope`) with each item of its payload
    list read on its own: an item its schema refuses is read by the lenient twin of its model
    (a `Repaired`), or else kept as received (a `Refused`); None when the payload is no list."""
    node: Any = schema
    if node.get("type") == "definitions":
        found = {d["ref"]: d for d in node["definitions"] if "ref" in d}
        inner = tolerant_schema(node["schema"], envelope=envelope, definitions=found)
        return None if inner is None else {**node, "schema": inner}
    known = definitions or {}
    fallback = partial(_item_fallback, definitions=known)
    if not envelope:
        return _with_items(node, fallback)  # type: ignore[no-any-return]
    node = _resolved(node, known)
    if node.get("type") != "model" or node["schema"].get("type") != "model-fields":
        return None
    fields = node["schema"]["fields"]
    data = _with_items(fields["data"]["schema"], fallback)
    if data is None:
        return None
    fields = {**fields, "data": {**fields["data"], "schema": data}}
    return {**node, "schema": {**node["schema"], "fields": fields}}


def _resolved(node: Any, definitions: dict[str, Any]) -> Any:
    """The schema a reference names, as a copy without its own `ref` (one model per ref)."""
    if node.get("type") == "definition-ref" and node["schema_ref"] in definitions:
        node = definitions[node["schema_ref"]]
        return {key: value for key, value in node.items() if key != "ref"}
    return node


def _with_items(node: Any, change: Callable[[Any], Any]) -> Any:
    kind = node.get("type")
    if kind in ("nullable", "default"):
        inner = _with_items(node["schema"], change)
        return None if inner is None else {**node, "schema": inner}
    if kind == "list":
        return {**node, "items_schema": change(node["items_schema"])}
    return None


def _item_fallback(item: Any, definitions: dict[str, Any]) -> CoreSchema:
    choices = [item]
    model = _resolved(item, definitions)
    if model.get("type") == "model" and model["schema"].get("type") == "model-fields":
        # The twin validates the model's fields alone, then builds the model: a `model` schema
        # would be validated by the class's own validator wherever pydantic has built it.
        twin = {
            **model["schema"],
            "fields": {
                name: {**field, "schema": _lenient_field(field["schema"])}
                for name, field in model["schema"]["fields"].items()
            },
        }
        extra = (model.get("config") or {}).get("extra_fields_behavior")
        if extra is not None:
            twin.setdefault("extra_behavior", extra)
        if "extras_schema" in twin:  # typed extra keys: a value of another type kept `Refused`
            choices_of = [twin["extras_schema"], _REFUSED]
            twin["extras_schema"] = core_schema.union_schema(choices_of, mode="left_to_right")
        built = partial(_constructed, model["cls"])
        choices.append(core_schema.with_info_after_validator_function(_noted(built), twin))
    return core_schema.union_schema([*choices, _REFUSED], mode="left_to_right")


def _constructed(cls: type[BaseModel], validated: tuple[dict[str, Any], Any, set[str]]) -> Repaired:
    fields, extra, given = validated
    return Repaired(cls.model_construct(_fields_set=given, **(extra or {}), **fields))


def _lenient_field(schema: Any) -> CoreSchema:
    if schema.get("type") == "default":
        return {**schema, "schema": core_schema.union_schema([schema["schema"], _REFUSED])}
    return core_schema.with_default_schema(
        core_schema.union_schema([schema, _REFUSED], mode="left_to_right"), default=None
    )


def mend(
    parsed: Any,
    refusals: list[Any],
    *,
    label: str,
    envelope: bool,
    warned: set[tuple[str, str]],
) -> Any:
    """`parsed` (read by a `tolerant_schema`) with its refused items read leniently; `warned`
    as for `read_tolerantly`."""
    reader = _Reader(label, warned)
    items = parsed.data if envelope else parsed
    item_type: Any = Any
    where: list[str] = []
    if envelope:
        data = type(parsed).model_fields["data"]
        where = [_wire_keys("data", data)[0]]
        item_type = (get_args(_strip_optional(data.annotation)[0]) or (Any,))[0]
    marked = {id(marker) for marker in refusals}
    within = path_text(where)
    for index, item in enumerate(items):
        if id(item) not in marked:
            continue
        path = f"{within}[{index}]"  # path_text([*where, index]), once per item
        if type(item) is Repaired:
            items[index] = reader.repaired(item.model, path)
        elif type(item) is Refused:
            items[index] = reader.leniently(item_type, item.value, path)
    return parsed


@dataclass(frozen=True)
class _Field:
    name: str
    keys: list[str]
    declared: Any
    required: bool
    # The keys of an object path the field is read at (a list inside a list's own body), if any.
    path: tuple[str | int, ...] | None


_field_lists: dict[type[BaseModel], list[_Field]] = {}


def _fields(cls: type[BaseModel]) -> list[_Field]:
    """A model's fields as the reader needs them, worked out once per class."""
    found = _field_lists.get(cls)
    if found is None:
        if not cls.__pydantic_complete__:
            # Models build lazily (defer_build); until then their fields' types are names only.
            cls.model_rebuild()
        found = [
            _Field(
                name,
                _wire_keys(name, field),
                _declared(field),
                field.is_required(),
                _alias_path(field),
            )
            for name, field in cls.model_fields.items()
        ]
        _field_lists[cls] = found
    return found


class _Reader:
    def __init__(self, label: str, warned: set[tuple[str, str]]) -> None:
        self.label = label
        self.warned = warned

    def read(self, expected: Any, value: Any, path: str) -> Any:
        try:
            # Strictly, as JSON: the value is decoded JSON (json.dumps keeps a NaN a NaN).
            return _validator(expected).validate_json(json.dumps(value), strict=True)
        except (ValidationError, ValueError):
            return self.leniently(expected, value, path)

    def repaired(self, model: BaseModel, path: str) -> BaseModel:
        """A `Repaired` model finished: its missing and refused fields warned about, a refused
        object or list read leniently in turn."""
        given = model.model_fields_set
        values = model.__dict__
        for field in _fields(type(model)):
            # Most fields of a repaired item are fine: their path is written only for the rest.
            value = values.get(field.name)
            if type(value) is Refused:
                where = f"{path}.{field.keys[0]}" if path else field.keys[0]
                values[field.name] = self.leniently(field.declared, value.value, where)
            elif field.required and field.name not in given:
                where = f"{path}.{field.keys[0]}" if path else field.keys[0]
                self._warn(where, "is missing", field.declared)
        extra = model.model_extra or {}
        for key, value in extra.items():
            if type(value) is Refused:
                where = path_text([path, key] if path else [key])
                extra[key] = self.leniently(extra_keys_type(type(model)), value.value, where)
        return model

    def leniently(self, expected: Any, value: Any, path: str) -> Any:
        origin = get_origin(expected)
        if origin is Annotated:
            if get_args(expected)[0] is str and isinstance(value, str):
                # A string refused by its metadata: its format (`StringFormat`).
                self._warn(path, "breaks its format", expected)
                return value
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
        values: dict[str, Any] = {}
        received: set[str] = set()
        consumed: set[str] = set()
        for field in _fields(cls):
            if field.path is None:
                key = next((k for k in field.keys if k in data), None)
                value = data[key] if key is not None else None
            else:
                key, value = _at_path(field.path, data)
            where = f"{path}.{field.keys[0]}" if path else field.keys[0]
            if key is None:
                if field.required:
                    self._warn(where, "is missing", field.declared)
                    values[field.name] = None
                continue
            consumed.add(key)
            received.add(field.name)
            values[field.name] = self.read(field.declared, value, where)
        extra = {key: item for key, item in data.items() if key not in consumed}
        typed = extra_keys_type(cls)
        if typed is not None:
            # Typed extra keys (`extra_keys`) read as their type, each mismatch logged.
            extra = {
                key: self.read(typed, item, path_text([path, key] if path else [key]))
                for key, item in extra.items()
            }
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


_extra_types: dict[type[BaseModel], Any] = {}


def extra_keys_type(cls: type[BaseModel]) -> Any:
    """The type a model gives the keys it does not declare (its `__pydantic_extra__: dict[str,
    T]` annotation, its own or a base's, as pydantic finds it), or None when they are untyped."""
    if cls not in _extra_types:
        found = None
        for klass in cls.__mro__:
            if klass is BaseModel:
                break
            if "__pydantic_extra__" in inspect.get_annotations(klass):
                # Evaluated in the class's module only when it types them (they are strings).
                hint = inspect.get_annotations(klass, eval_str=True)["__pydantic_extra__"]
                found = get_args(hint)[1]
                break
        _extra_types[cls] = found
    return _extra_types[cls]


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


def _alias_path(field: Any) -> tuple[str | int, ...] | None:
    alias = field.validation_alias
    return tuple(alias.path) if isinstance(alias, AliasPath) else None


def _at_path(path: tuple[str | int, ...], data: Any) -> tuple[str | None, Any]:
    """The first key of `path` and the value at its end in `data`, or (None, None) when absent."""
    value = data
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None, None
        value = value[part]
    return str(path[0]), value


def _wire_keys(name: str, field: Any) -> list[str]:
    """The keys a field may arrive under: its validation aliases, its alias, its name (a path's
    dotted keys, for a field read from inside an object)."""
    keys: list[str] = []
    alias = field.validation_alias
    if isinstance(alias, str):
        keys.append(alias)
    elif isinstance(alias, AliasPath):
        keys.append(".".join(map(str, alias.path)))
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


def _validator(expected: Any) -> SchemaValidator:
    """A response's validator of `expected`: without the rules only a request obeys."""
    try:
        validator = _validators.get(expected)
    except TypeError:  # an unhashable annotation: build, do not cache
        return _response_validator(expected)
    if validator is None:
        validator = _validators[expected] = _response_validator(expected)
    return validator


def _response_validator(expected: Any) -> SchemaValidator:
    if isinstance(expected, type) and issubclass(expected, BaseModel):
        # A model's adapter defers its schema as the model does (defer_build): build the model.
        if not expected.__pydantic_complete__:
            expected.model_rebuild()
        schema = response_schema(expected.__pydantic_core_schema__)
    else:
        schema = response_schema(finite_adapter(expected).core_schema)
    # FINITE for what is no model: a TypeAdapter gives its config to its validator, not its schema.
    return SchemaValidator(schema, core_schema.CoreConfig(allow_inf_nan=False))


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
