"""Base classes of generated models and enums."""

from __future__ import annotations

from enum import Enum, IntEnum
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = [
    "APIModel",
    "BaseEnvelope",
    "ClosedIntEnum",
    "ClosedStrEnum",
    "OpenIntEnum",
    "OpenStrEnum",
    "Params",
    "ResponseHeaders",
]

T = TypeVar("T")


class APIModel(BaseModel):
    """A JSON object of an API. Keys the spec does not list are kept, and survive dumping.

    Attributes use Python names; `model_dump(by_alias=True)` gives the wire names back.
    """

    # defer_build: schemas are built on first use, so importing a client stays cheap.
    # revalidate_instances: a model the caller built is checked again when it is sent, under the
    # request's rules (bounds, naive datetimes), which building it outside a request skips.
    # allow_inf_nan: JSON has no NaN or infinity, so a number read or sent is finite.
    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        defer_build=True,
        protected_namespaces=(),
        revalidate_instances="always",
        allow_inf_nan=False,
    )

    # Keys that may be omitted but not sent as None (`operation._sent_nulls`); a subclass lists
    # its own. Declared here so that looking it up never goes through pydantic's `__getattr__`.
    _sent_not_null: ClassVar[frozenset[str]] = frozenset()


class Params(BaseModel):
    """The arguments of one operation, validated before a request is built."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        defer_build=True,
        protected_namespaces=(),
        allow_inf_nan=False,
    )

    _sent_not_null: ClassVar[frozenset[str]] = frozenset()


class ResponseHeaders(BaseModel):
    """The headers an operation's response declares, typed (`APIResponse.parse_headers()`);
    attributes use Python names, aliased to the header names. Built by `_core.headers`."""

    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        defer_build=True,
        protected_namespaces=(),
        frozen=True,
        allow_inf_nan=False,
    )


class BaseEnvelope(BaseModel, Generic[T]):
    """The object an API wraps every payload in; generated subclasses name its keys."""

    model_config = ConfigDict(
        extra="allow", populate_by_name=True, defer_build=True, allow_inf_nan=False
    )

    error_key: ClassVar[str | None] = None
    """Wire key of the message a 2xx response carries when the operation failed."""

    data: T


class OpenStrEnum(str, Enum):
    """A string enum that keeps values the spec does not list instead of refusing them.

    `Status("new-value")` is a member whose `.value` is `"new-value"`; it compares equal to the
    string and is sent back unchanged.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class OpenIntEnum(IntEnum):
    """An integer enum that keeps values the spec does not list instead of refusing them."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member


class ClosedStrEnum(str, Enum):
    """A string enum whose values are all the spec allows: another is refused, in an argument
    before sending and in a response read strictly."""


class ClosedIntEnum(IntEnum):
    """An integer enum whose values are all the spec allows: another is refused."""
