"""Field types of generated models: wire formats and argument rules pydantic enforces."""

from __future__ import annotations

import datetime as _dt
import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, ValidationInfo
from pydantic_core import CoreSchema

__all__ = [
    "Checked",
    "DateTime",
    "DateTimeFormat",
    "EpochMillis",
    "NotNull",
    "StringFormat",
    "request_context",
    "request_rules",
    "response_schema",
]

T = TypeVar("T")

# Validation context of a request's arguments. Response models share their classes with
# request bodies, so the rules below apply only under this key: a response is read as it is.
_REQUEST = "apiclients.request"


def request_context(naive_datetime: str) -> dict[str, Any]:
    """The context in which a request's arguments are validated.

    It carries the API's naive-datetime rule.
    """
    return {_REQUEST: naive_datetime}


def _request_rule(info: ValidationInfo) -> str | None:
    context = info.context
    return context.get(_REQUEST) if isinstance(context, Mapping) else None


def _aware(value: Any, info: ValidationInfo) -> Any:
    rule = _request_rule(info)
    if rule is None or not isinstance(value, _dt.datetime) or value.tzinfo is not None:
        return value
    if rule == "utc":
        return value.replace(tzinfo=_dt.timezone.utc)
    raise ValueError(
        "a datetime without a UTC offset is ambiguous; give it a tzinfo "
        "(e.g. datetime.timezone.utc)"
    )


DateTime = Annotated[_dt.datetime, AfterValidator(_aware)]
"""A datetime; sent, one without a UTC offset is refused or taken as UTC, as the API's spec says."""


_FRACTION_DIGITS = {"seconds": 0, "milliseconds": 3, "microseconds": 6}


def DateTimeFormat(*, precision: str | None = None, offset: str = "keep") -> PlainSerializer:
    """How the spec says a datetime is written on the wire (in JSON, and so in a query).

    `precision` (`seconds`, `milliseconds`, `microseconds`) writes exactly that many digits of
    the fraction of a second (truncated, never rounded into the next second); None writes the
    fraction the value has. `offset="utc"` converts an aware value to UTC. A zero offset is
    written `Z`, as pydantic writes it; a naive value (outside a request, which refuses or
    completes it) is written without one.
    """
    digits = None if precision is None else _FRACTION_DIGITS[precision]

    def write(value: _dt.datetime) -> str:
        if offset == "utc" and value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc)
        text = value.replace(tzinfo=None).isoformat(timespec="seconds")
        if digits is None and value.microsecond:
            text += f".{value.microsecond:06d}"
        elif digits:
            text += f".{value.microsecond:06d}"[: digits + 1]
        return text + _offset_text(value.utcoffset())

    return PlainSerializer(write, return_type=str, when_used="json")


def _offset_text(offset: _dt.timedelta | None) -> str:
    if offset is None:
        return ""
    if not offset:
        return "Z"
    sign = "-" if offset < _dt.timedelta(0) else "+"
    minutes = abs(offset) // _dt.timedelta(minutes=1)
    seconds = abs(offset).seconds % 60
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return text + (f":{seconds:02d}" if seconds else "")


def _count_items(value: str, separator: str) -> int:
    if not value:
        return 0
    # A backslash escapes the separator inside an item (`best\,premium` is one tag).
    return len(re.split(rf"(?<!\\){re.escape(separator)}", value))


def Checked(
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
    separator: str | None = None,
) -> AfterValidator:
    """The spec's bounds on a value, checked when it is sent (never when it is read)."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if value is None or _request_rule(info) is None:
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if minimum is not None and value < minimum:
                raise ValueError(f"must be at least {_number(minimum)}")
            if maximum is not None and value > maximum:
                raise ValueError(f"must be at most {_number(maximum)}")
        if isinstance(value, str):
            if min_length is not None and len(value) < min_length:
                raise ValueError(f"must have at least {min_length} characters")
            if max_length is not None and len(value) > max_length:
                raise ValueError(f"must have at most {max_length} characters")
        items: int | None = None
        if isinstance(value, str) and separator is not None:
            items = _count_items(value, separator)
        elif isinstance(value, Sequence) and not isinstance(value, str):
            items = len(value)
        if items is not None:
            if min_items is not None and items < min_items:
                raise ValueError(f"must have at least {_count(min_items)} (has {items})")
            if max_items is not None and items > max_items:
                raise ValueError(f"must have at most {_count(max_items)} (has {items})")
        return value

    return AfterValidator(check)


# The string formats the spec's `format` (and its `uuid` type) states, each with what a valid
# value is. Deliberately simple rules, the same as `apigen validate` applies to the spec's
# examples: an email address is one `@` between a local part and a dotted domain, without
# spaces (no quoted local parts, no IDN checks); a URI has a scheme (`https:`, `mailto:`) and no
# spaces; a UUID is 32 hex digits, hyphens optional between its groups. The value stays a `str`:
# it is written back exactly as it was read.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}(-?[0-9a-fA-F]{4}){3}-?[0-9a-fA-F]{12}$")


def _ip(version: int) -> Callable[[str], bool]:
    def valid(value: str) -> bool:
        try:
            return ipaddress.ip_address(value).version == version
        except ValueError:
            return False

    return valid


_FORMATS: dict[str, tuple[Callable[[str], bool], str]] = {
    "email": (lambda value: _EMAIL.match(value) is not None, "an email address"),
    "uri": (lambda value: _URI.match(value) is not None, "a URI with a scheme"),
    "ipv4": (_ip(4), "an IPv4 address"),
    "ipv6": (_ip(6), "an IPv6 address"),
    "uuid": (lambda value: _UUID.match(value) is not None, "a UUID"),
}


def StringFormat(name: str) -> AfterValidator:
    """The string format the spec states, checked wherever the value is validated: an argument
    breaking it is refused before sending, a response holding one fails strict reading (the
    default, tolerant reading keeps it as received and logs it)."""
    valid, spelled = _FORMATS[name]

    def check(value: Any) -> Any:
        if isinstance(value, str) and not valid(value):
            raise ValueError(f"must be {spelled} (format: {name})")
        return value

    return AfterValidator(check)


def request_rules(
    *,
    exactly_one_of: tuple[tuple[str, ...], ...] = (),
    required_unless: Mapping[str, tuple[str, ...]] | None = None,
) -> Callable[[Any, ValidationInfo], Any]:
    """A model's rules across its keys (Python names), checked when it is sent.

    A generated model assigns `pydantic.model_validator(mode="after")(request_rules(...))`.
    """
    unless = dict(required_unless or {})

    def check(model: Any, info: ValidationInfo) -> Any:
        if _request_rule(info) is None:
            return model
        given = {name for name in model.model_fields_set if getattr(model, name, None) is not None}
        for group in exactly_one_of:
            present = [name for name in group if name in given]
            if len(present) != 1:
                names = " or ".join(repr(name) for name in group)
                found = f" (got {', '.join(map(repr, present))})" if present else ""
                raise ValueError(f"give exactly one of {names}{found}")
        for name, others in unless.items():
            if name not in given and not any(other in given for other in others):
                alternatives = " or ".join(repr(other) for other in others)
                raise ValueError(f"{name!r} is required unless {alternatives} is given")
        return model

    return check


def _count(items: int) -> str:
    return f"{items} item" if items == 1 else f"{items} items"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _epoch_ms_to_datetime(value: Any, info: ValidationInfo) -> Any:
    """Epoch milliseconds become aware UTC datetimes; ISO strings and dates are accepted too."""
    if isinstance(value, _dt.datetime) and value.tzinfo is None:
        return (
            _aware(value, info)
            if _request_rule(info) == "refuse"
            else value.replace(tzinfo=_dt.timezone.utc)
        )
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return _dt.datetime.fromtimestamp(value / 1000, tz=_dt.timezone.utc)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return _dt.datetime.fromtimestamp(int(text) / 1000, tz=_dt.timezone.utc)
        if len(text) == 10:
            day = _dt.date.fromisoformat(text)
            return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc)
        return value
    if isinstance(value, _dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc)
    return value


def _datetime_to_epoch_ms(value: _dt.datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    return round(value.timestamp() * 1000)


EpochMillis = Annotated[
    _dt.datetime,
    BeforeValidator(_epoch_ms_to_datetime),
    PlainSerializer(_datetime_to_epoch_ms, return_type=int, when_used="json"),
]
"""A datetime sent and received as Unix epoch milliseconds; a naive one is taken as UTC, unless a
request's arguments are checked under the API's rule that refuses them."""


def _refuse_none(value: Any) -> Any:
    if value is None:
        raise ValueError("may be omitted but not None")
    return value


NotNull = Annotated[T | None, AfterValidator(_refuse_none)]
"""An optional argument that is not nullable: omitted is fine, an explicit None is refused."""


# The code of the validators above that check only a request's arguments: without the request's
# context each returns its value unchanged, so a response is read the same without them.
_REQUEST_ONLY = frozenset({_aware.__code__, Checked().func.__code__, request_rules().__code__})
# Keys of a core schema whose values are no schemas: left as they are.
_NOT_SCHEMAS = frozenset({"cls", "default", "metadata", "serialization", "function", "config"})


def response_schema(schema: CoreSchema) -> CoreSchema:
    """`schema` (a core schema) without the request-only validators, for reading responses.

    Each of them is a Python call per value (every datetime, every bounded field) that does
    nothing outside a request; the classes the schema builds are the same. Shared parts of
    `schema` are copied, never changed.
    """
    return _without_request_rules(schema)  # type: ignore[no-any-return]


def _without_request_rules(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_request_rules(item) for item in node]
    if not isinstance(node, dict):
        return node
    while node.get("type") == "function-after" and _request_only(node.get("function")):
        node = node["schema"]
    return {
        key: value if key in _NOT_SCHEMAS else _without_request_rules(value)
        for key, value in node.items()
    }


def _request_only(function: Any) -> bool:
    if not isinstance(function, dict):
        return False
    return getattr(function.get("function"), "__code__", None) in _REQUEST_ONLY
