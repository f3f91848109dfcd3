"""nicejob-v2.txt against specs/nicejob.yaml: every endpoint and every field the tables print.

The captured page lost the line breaks between a field's name, type and flags, so a table row
reads `amountfloat | null` and rows run together: `idstringUniqueamountfloat | null...`.
A name is a lowercase run (with `items[].amount.value` paths) directly followed by a type;
it starts at a line start or right after the previous row's type or flag.
"""

from __future__ import annotations

import re

from tests.coverage.spec_names import DOCS, endpoint_key, require, spec_names

TEXT = require(DOCS / "nicejob-v2.txt").read_text(encoding="utf-8")
SPEC = spec_names("nicejob")

TYPE = r"(?:string|float|boolean|Date|int|object|Enum<[^>]*>|Array<(?:Enum<[^>]*>|[^>]*)>)(?![0-9_<])"
ROW_ENDS = ["null", "Unique", "Deprecated", "string", "float", "boolean", "Date", "int", "object", ">", "?"]
AFTER_ROW = "|".join(f"(?<={re.escape(end)})" for end in ROW_ENDS)
SEGMENT = r"[a-z][a-z0-9_]*?(?:\[\])?"
ROW = re.compile(rf"(?:^|{AFTER_ROW})({SEGMENT}(?:\.{SEGMENT})*?)(?={TYPE})", re.M)


def document_fields(text: str = TEXT) -> set[str]:
    """Table rows as printed, nested ones as paths: `items[].amount.currency_code`."""
    return set(ROW.findall(text))


def document_endpoints() -> set[tuple[str, str]]:
    """`POSThttps://api.nicejob.com/v2/bookings/:ididstring...`: the path ends where the first
    table row (a documented field name and its type) or the description begins."""
    first_segments = sorted({f.split(".")[0].removesuffix("[]") for f in document_fields()}, key=len, reverse=True)
    row_start = rf"(?:{'|'.join(first_segments)})(?:\[\]|\.|{TYPE})"
    found = re.findall(
        rf"(GET|POST|PUT|PATCH|DELETE)https://api\.nicejob\.com(/[a-z0-9_/:-]+?)(?=$|[A-Z?]|{row_start})", TEXT, re.M
    )
    return set(found)


def test_extraction_finds_what_the_document_holds() -> None:
    assert len(document_endpoints()) >= 41
    assert len(document_fields()) >= 100
    assert {"items[].amount.currency_code", "status", "subscriptions", "address.zip"} <= document_fields()


def test_every_endpoint_is_in_the_spec() -> None:
    """The OAuth token endpoint is modelled by the auth section, not as an operation."""
    missing = sorted(
        f"{method} {path}" for method, path in document_endpoints()
        if endpoint_key(method, path) not in SPEC.endpoints and not path.startswith("/oauth/")
    )
    assert missing == []


def test_every_field_is_in_the_spec() -> None:
    """A nested row (`items[].amount.value`) is checked by its last name: the spec declares it on
    the shared type (`Money.value`)."""
    leaves = {name.split(".")[-1].removesuffix("[]") for name in document_fields()}
    assert SPEC.missing(leaves) == []


def test_a_field_the_spec_lacks_is_reported() -> None:
    """The check can fail: a row the spec does not declare shows up by name."""
    rows = document_fields("idstringUniqueloyalty_tierstring | nullitems[].skustring?")
    assert rows == {"id", "loyalty_tier", "items[].sku"}
    assert SPEC.missing({name.split(".")[-1].removesuffix("[]") for name in rows}) == ["loyalty_tier", "sku"]
