"""Signed webhook deliveries: HMAC-SHA256 over a JSON object of the body, checked in constant time.

Whatever a delivery holds, verification ends in the delivery's data or in
WebhookVerificationError: an endpoint facing the internet has one error to catch.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import time
from collections.abc import Mapping
from typing import Any, TypeVar

from ..errors import InvalidArgumentError, WebhookVerificationError
from .decoding import JSONProblem, decode_json, encode_json

__all__ = ["parse", "sign", "verify"]

T = TypeVar("T")


def _lookup(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, Mapping) or part not in data:
            raise WebhookVerificationError(f"the delivery has no {dotted!r}")
        data = data[part]
    return data


def signed_text(value: Any) -> bytes:
    """The signed object as compact JSON, keys in the order received."""
    text = encode_json(value, separators=(",", ":"), ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON's \ud800 escapes can carry
        raise JSONProblem("holds text no UTF-8 can carry (a lone surrogate)") from None


def _key(secret: object) -> bytes | None:
    """The secret as HMAC key bytes, or None when it is not a non-empty string UTF-8 can carry
    (an empty key makes a signature anyone can compute)."""
    if not isinstance(secret, str) or not secret:
        return None
    try:
        return secret.encode("utf-8")
    except UnicodeEncodeError:
        return None


def _signature(value: Any, key: bytes, encoding: str) -> str:
    digest = hmac.new(key, signed_text(value), hashlib.sha256).digest()
    return digest.hex() if encoding == "hex" else base64.b64encode(digest).decode("ascii")


_ENCODINGS = ("hex", "base64")
_TIMESTAMP_UNITS = ("s", "ms")


def sign(value: Any, secret: str, *, encoding: str = "hex") -> str:
    """The HMAC-SHA256 of an object, keyed with the webhook secret: lowercase `hex` or `base64`."""
    key = _key(secret)
    if key is None:
        raise InvalidArgumentError("a webhook secret is a non-empty string of text")
    if encoding not in _ENCODINGS:
        raise InvalidArgumentError(f"encoding must be 'hex' or 'base64', not {encoding!r}")
    try:
        return _signature(value, key, encoding)
    except JSONProblem as problem:
        raise InvalidArgumentError(f"the value to sign {problem}") from None


def verify(
    body: bytes | str | Mapping[str, Any],
    secret: str,
    *,
    signed_field: str,
    signature_field: str,
    timestamp_field: str,
    tolerance: float,
    now: float | None = None,
    encoding: str = "hex",
    timestamp_unit: str = "s",
) -> dict[str, Any]:
    """The delivery's JSON once its signature and timestamp check out.

    It raises WebhookVerificationError otherwise.

    `encoding` (`hex` or `base64`) and `timestamp_unit` (`s` or `ms`) say how the sender writes
    the signature and the timestamp, where its document leaves that open.
    """
    key = _key(secret)
    if key is None:
        raise WebhookVerificationError("no webhook secret given: verification needs the secret")
    if encoding not in _ENCODINGS or timestamp_unit not in _TIMESTAMP_UNITS:
        raise WebhookVerificationError(
            f"encoding must be 'hex' or 'base64' and timestamp_unit 's' or 'ms', not"
            f" {encoding!r} and {timestamp_unit!r}"
        )
    data = _decoded(body)
    signature = _lookup(data, signature_field)
    try:
        expected = _signature(_lookup(data, signed_field), key, encoding)
    except JSONProblem as problem:
        raise WebhookVerificationError(f"the signed {signed_field!r} {problem}") from None
    given = signature.lower() if encoding == "hex" and isinstance(signature, str) else signature
    if not isinstance(given, str) or not hmac.compare_digest(
        expected.encode("ascii"), given.encode("utf-8", "replace")
    ):
        raise WebhookVerificationError("the signature does not match")
    timestamp = _lookup(data, timestamp_field)
    _check_timestamp(
        timestamp, timestamp_field, tolerance, now, per_second=1000 if timestamp_unit == "ms" else 1
    )
    return data


def _decoded(body: object) -> dict[str, Any]:
    if isinstance(body, Mapping):
        data: Any = dict(body)
    elif isinstance(body, bytes | bytearray | str):
        try:
            data = decode_json(body)
        except JSONProblem as problem:
            raise WebhookVerificationError(f"the delivery is {problem}") from None
    else:
        raise WebhookVerificationError(
            f"the delivery must be the request body (bytes or str), not {type(body).__name__}"
        )
    if not isinstance(data, dict):
        raise WebhookVerificationError("the delivery is not a JSON object")
    return data


def _check_timestamp(
    timestamp: object, field: str, tolerance: float, now: float | None, per_second: int
) -> None:
    if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
        raise WebhookVerificationError(f"{field!r} is not a Unix timestamp")
    if not math.isfinite(timestamp) or not (isinstance(tolerance, int | float) and tolerance >= 0):
        raise WebhookVerificationError(f"{field!r} or the tolerance is not a finite number")
    try:
        age = abs((time.time() if now is None else now) - timestamp / per_second)
    except (TypeError, OverflowError):
        raise WebhookVerificationError("`now` is not a Unix timestamp") from None
    if not age <= tolerance:
        raise WebhookVerificationError(
            f"the delivery's timestamp is {age:.0f}s away from now (tolerance {tolerance:.0f}s)"
        )


def parse(model: type[T], data: dict[str, Any]) -> T:
    """A verified delivery as its model; a delivery of another shape is WebhookVerificationError,
    so an endpoint has one error to catch."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)  # type: ignore[attr-defined, no-any-return]
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in error["loc"]) or "the delivery"
        raise WebhookVerificationError(
            f"the delivery is signed but not the documented payload: {where}: {error['msg']}"
        ) from None
    except RecursionError:
        raise WebhookVerificationError("the delivery is nested too deeply to read") from None
