"""Signed webhook deliveries: HMAC-SHA256 over a JSON object of the body, checked in constant time."""

from __future__ import annotations

import base64
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


def sign(value: Any, secret: str, *, encoding: str = "hex") -> str:
    """The HMAC-SHA256 of an object, keyed with the webhook secret: lowercase `hex` or `base64`."""
    digest = hmac.new(secret.encode("utf-8"), signed_text(value), hashlib.sha256).digest()
    if encoding == "hex":
        return digest.hex()
    if encoding == "base64":
        return base64.b64encode(digest).decode("ascii")
    raise ValueError(f"encoding must be 'hex' or 'base64', not {encoding!r}")


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
    """The delivery's JSON once its signature and timestamp check out; else WebhookVerificationError.

    `encoding` (`hex` or `base64`) and `timestamp_unit` (`s` or `ms`) say how the sender writes
    the signature and the timestamp, where its document leaves that open.
    """
    if encoding not in ("hex", "base64"):
        raise ValueError(f"encoding must be 'hex' or 'base64', not {encoding!r}")
    if timestamp_unit not in ("s", "ms"):
        raise ValueError(f"timestamp_unit must be 's' or 'ms', not {timestamp_unit!r}")
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
    expected = sign(_lookup(data, signed_field), secret, encoding=encoding)
    given = signature.lower() if encoding == "hex" and isinstance(signature, str) else signature
    if not isinstance(given, str) or not hmac.compare_digest(expected, given):
        raise WebhookVerificationError("the signature does not match")
    timestamp = _lookup(data, timestamp_field)
    if not isinstance(timestamp, int | float) or isinstance(timestamp, bool):
        raise WebhookVerificationError(f"{timestamp_field!r} is not a Unix timestamp")
    seconds = timestamp / 1000 if timestamp_unit == "ms" else timestamp
    age = (time.time() if now is None else now) - seconds
    if abs(age) > tolerance:
        raise WebhookVerificationError(
            f"the delivery's timestamp is {abs(age):.0f}s away from now (tolerance {tolerance:.0f}s)"
        )
    return data
