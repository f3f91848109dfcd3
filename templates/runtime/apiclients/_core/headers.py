"""Typed response headers: those an operation's success response declares beside its body (a
rate-limit counter, an `ETag`, a `Location`), read into the operation's `ResponseHeaders` model
when `APIResponse.parse_headers()` asks, and answered by the fake.

A header's value is text: each is read as its declared type in pydantic's lax mode (`"42"` is an
integer), a datetime in ISO 8601 or in HTTP's own date format (`Last-Modified`). Read strictly, a
required header that is missing, or a value its type refuses, is an `APIResponseValidationError`
naming the header; read tolerantly, each such header is logged once per client, operation and
header (never its value), and read as None when missing or kept as the text received.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import logging
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Annotated, Any

import httpx
from pydantic import TypeAdapter, ValidationError

from ..errors import APIResponseValidationError
from .models import ResponseHeaders

__all__ = ["HeaderProblem", "fake_headers", "read_headers"]

log = logging.getLogger("apiclients")
_MISSING = "is missing"


class HeaderProblem(ValueError):
    """A header the fake was given is not what the spec declares."""


def read_headers(
    model: type[ResponseHeaders],
    response: httpx.Response,
    *,
    strict: bool,
    label: str,
    warned: set[tuple[str, str]],
) -> ResponseHeaders:
    """The declared headers of `response`, typed; `label` names the operation in messages and
    `warned` holds the (operation, header) pairs the client has already logged."""
    values, problems = _read(model, response.headers)
    for wire, problem in problems.items():
        if strict:
            raise APIResponseValidationError(
                f"{label}: the response's {wire} header {problem}", response=response, text=""
            )
        if (label, wire) not in warned:
            warned.add((label, wire))
            log.warning(
                "%s: response header %r %s; %s. "
                "strict_response_validation=True refuses such responses.",
                label,
                wire,
                problem,
                "read as None" if problem == _MISSING else "kept as received",
            )
    return model.model_construct(**values)


def fake_headers(
    model: type[ResponseHeaders], defaults: Mapping[str, str], given: Mapping[str, Any]
) -> httpx.Headers:
    """The headers of a fake's success answer: the route's defaults, replaced by those given
    (a value as text, or as the type reads it: `59`, a datetime), checked against `model`."""
    headers = httpx.Headers(defaults)
    headers.update({name: _wire_text(value) for name, value in given.items()})
    _, problems = _read(model, headers)
    for wire, problem in problems.items():
        raise HeaderProblem(f"its {wire} header {problem}")
    return headers


def _read(
    model: type[ResponseHeaders], headers: httpx.Headers
) -> tuple[dict[str, Any], dict[str, str]]:
    """Each declared header's value by attribute name (None when absent; the text received
    when its type refuses it), and what is wrong with each header that is not as declared."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, field in model.model_fields.items():
        wire = field.alias or name
        text = headers.get(wire)
        if text is None:
            values[name] = None
            if field.is_required():
                problems[wire] = _MISSING
            continue
        try:
            values[name] = _adapter(model, name).validate_python(_http_date(text))
        except ValidationError as exc:
            values[name] = text
            error = exc.errors(include_url=False, include_input=False)[0]
            problems[wire] = f"is not what the spec declares: {error['msg']}"
    return values, problems


@functools.cache
def _adapter(model: type[ResponseHeaders], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    annotation: Any = field.annotation
    if field.metadata:  # bounds and formats pydantic keeps apart from the annotation
        annotation = Annotated[(annotation, *field.metadata)]
    return TypeAdapter(annotation)


def _http_date(text: str) -> Any:
    """An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`) as a datetime, any other text as it is
    (an ISO 8601 datetime, a number, an id)."""
    if "," not in text or not text[:1].isalpha():
        return text
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return text


def _wire_text(value: Any) -> str:
    """A header value given to the fake, as the server would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    return str(value)
