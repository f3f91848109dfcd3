"""The vendor's OpenAPI document (../shared/vendor/nimble-openapi.yml, read in place, never
copied) against specs/nimble.yaml: every component schema is a spec type and every `oneOf` a
union. Its operations, parameters and properties are facts of specs/facts/nimble.openapi.json,
which test_sheets.py audits and test_documents.py keeps current."""

from __future__ import annotations

from collections import Counter
from typing import Any

import yaml

from tests.coverage.facts import DOCS, require
from tests.coverage.spec_names import spec_names

VENDOR_FILE = DOCS.parent / "vendor" / "nimble-openapi.yml"


def schemas() -> dict[str, Any]:
    document = yaml.safe_load(require(VENDOR_FILE).read_text(encoding="utf-8"))
    return dict(document["components"]["schemas"])


def spec_type_name(vendor_name: str, names: list[str]) -> str:
    """`Contacts.ContactView` -> `ContactView`; a base name two namespaces share keeps its
    namespace (`Fields.ContactField` -> `FieldsContactField`)."""
    bases = Counter(name.split(".", 1)[1] for name in names)
    namespace, base = vendor_name.split(".", 1)
    return namespace + base if bases[base] > 1 else base


def test_every_component_schema_is_a_spec_type() -> None:
    """Named string or map schemas are written inline.

    For example Contacts.OwnerId and Settings.UserPermissions.
    """
    vendor = schemas()
    types = spec_names("nimble").data["types"]
    inline = {
        name
        for name, schema in vendor.items()
        if "properties" not in schema
        and "enum" not in schema
        and "oneOf" not in schema
        and "allOf" not in schema
    }
    assert inline == {"Contacts.OwnerId", "Settings.UserPermissions"}
    missing = [
        name
        for name in vendor
        if name not in inline and spec_type_name(name, list(vendor)) not in types
    ]
    assert missing == []


def test_every_one_of_is_a_spec_union() -> None:
    vendor = schemas()
    types = spec_names("nimble").data["types"]
    for name, schema in vendor.items():
        typedef = types[spec_type_name(name, list(vendor))] if "oneOf" in schema else {}
        if "oneOf" in schema:
            assert "union" in typedef, name
        if "discriminator" in schema and "oneOf" in schema:
            assert typedef.get("discriminator") == schema["discriminator"]["propertyName"]
