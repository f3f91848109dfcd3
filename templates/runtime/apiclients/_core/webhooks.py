"""Signed webhook deliveries: HMAC-SHA256 over a JSON object of the body, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from ..errors import WebhookVerificationError

__all__ = ["sign", "verify"]


def _lookup(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, Mapping) or part not in data:
            raise WebhookVerificationError(f"the delivery has no {dotted!r}")
        data = data[part]
    return data


def signed_text(value: Any) -> bytes:
    """The signed object as compact JSON, keys in the order received."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(value: Any, secret: str) -> str:
    """The lowercase hex HMAC-SHA256 of an object, keyed with the webhook secret."""
    return hmac.new(secret.encode("utf-8"), signed_text(value), hashlib.sha256).hexdigest()


def verify(
    body: bytes | str | Mapping[str, Any],
    secret: str,
    *,
    signed_field: str,
    signature_field: str,
    timestamp_field: str,
    tolerance: float,
    now: float | None = None,
) -> dict[str, Any]:
    """The delivery's JSON once its signature and timestamp check out; else WebhookVerificationError."""
    if isinstance(body, Mapping):
        data: Any = dict(body)
    else:
        try:
            data = json.loads(body)
        except ValueError:
            raise WebhookVerificationError("the delivery is not JSON") from None
    if not isinstance(data, dict):
        raise WebhookVerificationError("the delivery is not a JSON object")
    signature = _lookup(data, signature_field)
    expected = sign(_lookup(data, signed_field), secret)
    if not isinstance(signature, str) or not hmac.compare_digest(expected, signature.lower()):
        raise WebhookVerificationError("the signature does not match")
    timestamp = _lookup(data, timestamp_field)
    if not isinstance(timestamp, int | float) or isinstance(timestamp, bool):
        raise WebhookVerificationError(f"{timestamp_field!r} is not a Unix timestamp")
    age = (time.time() if now is None else now) - timestamp
    if abs(age) > tolerance:
        raise WebhookVerificationError(
            f"the delivery's timestamp is {abs(age):.0f}s away from now (tolerance {tolerance:.0f}s)"
        )
    return data
