"""An OpenAPI 3 document (Nimble's vendor file): every operation, its parameters, and every
property of every component schema (with `allOf` parts merged), with the line it is on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...spec.errors import SpecErrors
from ...spec.loader import Location, Positions, read_yaml
from . import DocumentError, Fact, endpoint, make_fact

METHODS = ("get", "post", "put", "patch", "delete")


def printed_type(schema: dict[str, Any]) -> str:
    """`string`, `string(date-time)`, `Contacts.ContactView`, `array of Fields.Field`, `oneOf`."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[1]
    if schema.get("type") == "array":
        return "array of " + printed_type(schema.get("items") or {})
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in schema:
            return " | ".join(printed_type(part) for part in schema[combined])
    kind = schema.get("type") or "any"
    kind = " | ".join(kind) if isinstance(kind, list) else str(kind)
    return f"{kind}({schema['format']})" if "format" in schema else kind


def _constraints(schema: dict[str, Any]) -> dict[str, Any]:
    types = schema.get("type")
    nullable = schema.get("nullable") is True or (isinstance(types, list) and "null" in types)
    enum = schema.get("enum")
    return dict(
        type=printed_type(schema),
        nullable=nullable,
        enum=sorted(str(v) for v in enum if v is not None) if enum else None,
        minimum=schema.get("minimum", schema.get("minLength")),
        maximum=schema.get("maximum", schema.get("maxLength")),
    )


def _properties(schemas: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """(properties, required names) of a schema, its `allOf` parts included."""
    props = dict(schema.get("properties") or {})
    required = set(schema.get("required") or [])
    for part in schema.get("allOf") or []:
        inner = schemas[part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part
        more, more_required = _properties(schemas, inner)
        props, required = more | props, required | more_required
    return props, required


def _schema_facts(document: dict[str, Any], positions: Positions) -> list[Fact]:
    schemas = document.get("components", {}).get("schemas") or {}
    facts = []
    for name, schema in schemas.items():
        props, required = _properties(schemas, schema)
        for prop, prop_schema in props.items():
            where = ("components", "schemas", name, "properties", prop)
            line = positions.of(where, key=True)[0]
            facts.append(
                make_fact(
                    "field",
                    line,
                    entity=name,
                    name=prop,
                    required=prop in required,
                    **_constraints(prop_schema),
                )
            )
    return facts


def _operation_facts(document: dict[str, Any], positions: Positions) -> list[Fact]:
    shared = document.get("components", {}).get("parameters") or {}
    facts = []
    for path, item in (document.get("paths") or {}).items():
        for method in (m for m in item if m in METHODS):
            key = endpoint(method, path)
            facts.append(
                make_fact(
                    "endpoint", positions.of(("paths", path, method), key=True)[0], endpoint=key
                )
            )
            # Parameters of the path item hold for each of its operations.
            listed: list[tuple[Location, Any]] = [
                (("paths", path, "parameters", i), p)
                for i, p in enumerate(item.get("parameters") or [])
            ]
            listed += [
                (("paths", path, method, "parameters", i), p)
                for i, p in enumerate(item[method].get("parameters") or [])
            ]
            for where, parameter in listed:
                if "$ref" in parameter:
                    parameter = shared[parameter["$ref"].rsplit("/", 1)[1]]
                line = positions.of(where)[0]
                facts.append(
                    make_fact(
                        "parameter",
                        line,
                        endpoint=key,
                        where=parameter["in"],
                        name=parameter["name"],
                        required=bool(parameter.get("required")),
                        **_constraints(parameter.get("schema") or {}),
                    )
                )
    return facts


def read(text: str, path: Path) -> list[Fact]:
    try:
        document, positions = read_yaml(text, str(path))
    except SpecErrors as exc:
        raise DocumentError(str(exc)) from None
    if not isinstance(document, dict) or "paths" not in document:
        raise DocumentError(f"{path}: not an OpenAPI document (no `paths`)")
    return _operation_facts(document, positions) + _schema_facts(document, positions)
