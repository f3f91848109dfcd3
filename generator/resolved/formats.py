"""The string formats apigen checks (`format:` of a field or parameter), each with a sample.

These are the formats a mock server validating requests against the OpenAPI export checks
(Prism does), so every value apigen sends in a test keeps them: an example is refused by
`apigen validate` when it breaks its format, and a value made up for a test is the format's
sample. The clients check those a field's `format` can state (`CLIENT_CHECKED`) and the `uuid`
type, by the same rules: before sending, and in a strict reading of a response. Another `format`
(`password`) only documents the value.
"""

from __future__ import annotations

import ipaddress
import re

_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
_ZONE = r"([Zz]|[+-]\d{2}(:?\d{2})?)?"
DATETIME = re.compile(rf"^{_DATE}[Tt ]{_TIME}{_ZONE}$")
DATE = re.compile(rf"^{_DATE}$")
UUID = re.compile(r"^[0-9a-fA-F]{8}(-?[0-9a-fA-F]{4}){3}-?[0-9a-fA-F]{12}$")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"

_PATTERNS = {
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$"),
    "uri": re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$"),
    "url": re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$"),
    "hostname": re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$"),
    "date-time": DATETIME,
    "date": DATE,
    "uuid": UUID,
}
SAMPLES = {
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "hostname": "example.com",
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "uuid": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    "ipv4": "8.8.8.8",
    "ipv6": "2001:db8::1",
}
CHECKED = tuple(SAMPLES)
# The formats of a field's `format` the clients check, sent and read (the `uuid` type is
# checked too); the same rules as `breaks` (templates/runtime/apiclients/_core/fields.py).
CLIENT_CHECKED = ("email", "uri", "ipv4", "ipv6")
_SPELLED = {"email": "an email address", "ipv4": "an IPv4 address", "ipv6": "an IPv6 address"}


def breaks(value: str, format: str) -> bool:
    """Whether a string breaks a checked `format` (never, for a format apigen does not check)."""
    if format in ("ipv4", "ipv6"):
        try:
            return ipaddress.ip_address(value).version != int(format[-1])
        except ValueError:
            return True
    pattern = _PATTERNS.get(format)
    return pattern is not None and not pattern.match(value)


def spelled(format: str) -> str:
    """`an email address`, `a uri`: the format as a message names what a value should be."""
    return _SPELLED.get(format, f"a {format}")
