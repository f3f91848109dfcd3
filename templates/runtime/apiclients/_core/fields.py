"""Field types of generated models: wire formats and argument rules pydantic enforces."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

__all__ = ["EpochMillis", "NotNull"]

T = TypeVar("T")


def _epoch_ms_to_datetime(value: Any) -> Any:
    """Epoch milliseconds become aware UTC datetimes; ISO strings and dates are accepted too."""
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
"""A datetime sent and received as Unix epoch milliseconds (naive datetimes are taken as UTC)."""


def _refuse_none(value: Any) -> Any:
    if value is None:
        raise ValueError("may be omitted but not None")
    return value


NotNull = Annotated[T | None, AfterValidator(_refuse_none)]
"""An optional argument that is not nullable: omitted is fine, an explicit None is refused."""
