"""The vendor's OpenAPI document (../shared/vendor/nimble-openapi.yml, read in place, never
copied) against specs/nimble.yaml: every operation, and every property of every component schema."""

from __future__ import annotations

from collections import Counter
from typing import Any

import yaml

from tests.coverage.spec_names import VENDOR, endpoint_key, spec_names

VENDOR_DOC = yaml.safe_load((VENDOR / "nimble-openapi.yml").read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = VENDOR_DOC["components"]["schemas"]
SPEC = spec_names("nimble")
TYPES: dict[str, Any] = SPEC.data["types"]
METHODS = ("get", "post", "put", "patch", "delete")


def vendor_operations() -> list[tuple[str, str]]:
    return [(method.upper(), path) for path, item in VENDOR_DOC["paths"].items()
            for method in item if method in METHODS]


def spec_type_name(vendor_name: str) -> str:
    """`Contacts.ContactView` -> `ContactView`; a base name two namespaces share keeps its
    namespace (`Fields.ContactField` -> `FieldsContactField`)."""
    bases = Counter(name.split(".", 1)[1] for name in SCHEMAS)
    namespace, base = vendor_name.split(".", 1)
    return namespace + base if bases[base] > 1 else base


def properties(schema: dict[str, Any]) -> set[str]:
    names = set(schema.get("properties") or {})
    for part in schema.get("allOf") or []:
        names |= properties(SCHEMAS[part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part)
    return names


def type_fields(name: str) -> set[str]:
    typedef = TYPES[name]
    inherited = type_fields(typedef["extends"]) if typedef.get("extends") else set()
    return inherited | set(typedef.get("fields") or {})


def type_notes(name: str) -> str:
    typedef = TYPES[name]
    texts = [n["document"] for n in typedef.get("notes") or []]
    texts += [n["document"] for f in (typedef.get("fields") or {}).values() for n in f.get("notes") or []]
    return " ".join(texts)


def test_the_vendor_has_89_operations() -> None:
    assert len(vendor_operations()) == 89


def test_every_vendor_operation_is_in_the_spec() -> None:
    """Modulo the recorded `/api/2/deals/tags/{tag_name}` typo (read as `/api/v2/...`)."""
    missing = []
    for method, path in vendor_operations():
        fixed = path.replace("/api/2/", "/api/v2/")
        if endpoint_key(method, fixed) not in SPEC.endpoints:
            missing.append(f"{method} {path}")
        if fixed != path:
            assert path in SPEC.notes
    assert missing == []
    # Beyond the vendor's operations, only the token endpoint of the document's OAuth chapter.
    vendor = {endpoint_key(m, p.replace("/api/2/", "/api/v2/")) for m, p in vendor_operations()}
    assert sorted(SPEC.endpoints - vendor) == [endpoint_key("POST", "/api/oauth/token")]


def test_every_component_schema_is_a_spec_type() -> None:
    """Named string or map schemas (Contacts.OwnerId, Settings.UserPermissions) are written inline."""
    inline = {name for name, schema in SCHEMAS.items() if "properties" not in schema
              and "enum" not in schema and "oneOf" not in schema and "allOf" not in schema}
    assert inline == {"Contacts.OwnerId", "Settings.UserPermissions"}
    missing = [name for name in SCHEMAS if name not in inline and spec_type_name(name) not in TYPES]
    assert missing == []


def test_every_vendor_property_is_a_field_of_its_spec_type_or_noted() -> None:
    unexplained = []
    for name, schema in SCHEMAS.items():
        spec_name = spec_type_name(name)
        if spec_name not in TYPES or "fields" not in TYPES[spec_name]:
            continue
        for prop in sorted(properties(schema) - type_fields(spec_name)):
            if f"`{prop}`" not in type_notes(spec_name) and prop not in SPEC.left_out:
                unexplained.append(f"{name}.{prop}")
    assert unexplained == []


def test_every_one_of_is_a_spec_union() -> None:
    for name, schema in SCHEMAS.items():
        if "oneOf" in schema:
            assert "union" in TYPES[spec_type_name(name)], name
        if "discriminator" in schema and "oneOf" in schema:
            assert TYPES[spec_type_name(name)].get("discriminator") == schema["discriminator"]["propertyName"]
