"""IR -> OpenAPI 3.1 document, assembled and checked with openapi-pydantic.

It reads the IR alone: what it restates in the spec's own terms (descriptions, examples, bounds,
error texts) the IR holds as typed facts."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from openapi_pydantic.v3.v3_1 import OpenAPI

from .ir.literals import whole
from .ir.model import ApiIR, FieldIR, OperationIR
from .spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr

_PRIMITIVE_SCHEMAS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "uuid": {"type": "string", "format": "uuid"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "epoch_ms": {"type": "integer", "format": "int64", "description": "Unix epoch milliseconds."},
    "object": {"type": "object"},
    "any": {},
}
_COMPONENT = "#/components/schemas/"


def _schema(expr: TypeExpr) -> dict[str, Any]:
    if isinstance(expr, Prim):
        return dict(_PRIMITIVE_SCHEMAS[expr.name])
    if isinstance(expr, Ref):
        return {"$ref": _COMPONENT + expr.name}
    if isinstance(expr, ListOf):
        return {"type": "array", "items": _schema(expr.item)}
    if isinstance(expr, MapOf):
        return {"type": "object", "additionalProperties": _schema(expr.value)}
    return {"anyOf": [_schema(m) for m in expr.members]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str) and "$ref" not in schema and "enum" not in schema:
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _field_schema(f: FieldIR, *, request: bool) -> dict[str, Any]:
    schema = _schema(f.expr)
    if f.const is not None:
        schema["const"] = f.const
    if f.format:
        schema["format"] = f.format
    bounds = [
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("min_length", "minLength"),
        ("max_length", "maxLength"),
    ]
    if isinstance(f.expr, ListOf):  # a separator-joined string's item count has no OpenAPI form
        bounds += [("min_items", "minItems"), ("max_items", "maxItems")]
    for key, target in bounds:
        value = getattr(f.limits, key)
        if value is not None:
            schema[target] = whole(value)
    if f.nullable:
        schema = _nullable(schema)
    if f.description:
        schema["description"] = f.description
    if f.deprecated:
        schema["deprecated"] = True
    if f.example is not None:
        schema["examples"] = [f.example]
    if f.server_default is not None:
        schema["default"] = f.server_default
    del request
    return schema


def _object_schema(fields: list[FieldIR], exactly_one_of: list[list[str]]) -> dict[str, Any]:
    properties = {f.wire: _field_schema(f, request=False) for f in fields}
    required = [f.wire for f in fields if not f.optional]
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    rules: list[dict[str, Any]] = [
        {"oneOf": [{"required": [wire]} for wire in group]} for group in exactly_one_of
    ]
    rules += [
        {"anyOf": [{"required": [wire]} for wire in (f.wire, *f.required_unless)]}
        for f in fields
        if f.required_unless
    ]
    if len(rules) == 1:
        schema.update(rules[0])
    elif rules:
        schema["allOf"] = rules
    return schema


def server_and_prefix(base_url: str) -> tuple[str, str]:
    """`https://api.example.com/v1` -> (`https://api.example.com`, `/v1`)."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")


def _described(schema: dict[str, Any], text: str | None) -> dict[str, Any]:
    return {**schema, "description": text} if text else schema


def build_openapi(api: ApiIR) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for enum in api.enums:
        schemas[enum.class_name] = _described(
            {"type": "string" if enum.base == "OpenStrEnum" else "integer", "enum": enum.values},
            enum.description,
        )
    for model in api.models:
        schema = _object_schema(model.fields, model.exactly_one_of_wires)
        if model.base != "APIModel":
            schema = {"allOf": [{"$ref": _COMPONENT + model.base}, schema]}
        schemas[model.class_name] = _described(schema, model.description)
    for union in api.unions:
        members = [_schema(m) for m in union.members]
        schema = _described({"oneOf": members}, union.description)
        if union.discriminator:
            schema["discriminator"] = {"propertyName": union.discriminator}
        schemas[union.class_name] = schema

    default = api.base_url_default or "https://api.example.test"
    server, prefix = server_and_prefix(default)
    paths: dict[str, dict[str, Any]] = {}
    for op in api.all_operations():
        paths.setdefault(prefix + op.path_template, {})[op.http_method.lower()] = _operation(
            api, op
        )

    security = api.auth.security_scheme()
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": api.title,
            "version": api.version,
            "description": f"Transcribed by apigen from {api.source}.",
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {} if security is None else {"default": security},
        },
        "security": [] if security is None else [{"default": []}],
    }
    validated = OpenAPI.model_validate(document)
    return validated.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)


def _operation(api: ApiIR, op: OperationIR) -> dict[str, Any]:
    out: dict[str, Any] = {"operationId": op.dotted, "tags": [op.dotted.split(".")[0]]}
    if op.summary or op.full_description:  # op.summary falls back on the description's first line
        out["summary"] = op.summary[:200]
    if op.full_description:
        out["description"] = op.full_description
    if op.deprecated:
        out["deprecated"] = True
    parameters = _parameters(op)
    if parameters:
        out["parameters"] = parameters
    if op.has_body:
        out["requestBody"] = _request_body(op)
    out["responses"] = _responses(api, op)
    api_host = server_and_prefix(api.base_url_default or "")[0]
    if op.server == "oauth2" and api.oauth_base_url not in (None, api_host):
        out["servers"] = [{"url": api.oauth_base_url}]  # the OAuth2 token URL's host
    if not op.auth:
        out["security"] = []
    elif op.scopes:
        out["security"] = [{"default": op.scopes if api.auth.scoped else []}]
    return out


def _parameters(op: OperationIR) -> list[dict[str, Any]]:
    fields = {f.wire: f for f in op.params.fields}
    parameters = []
    for wire in op.path_wires:
        f = fields[wire]
        parameters.append(
            {
                "name": wire,
                "in": "path",
                "required": True,
                "schema": _field_schema(f, request=True),
            }
        )
    for wire in op.query_wires:
        f = fields[wire]
        param: dict[str, Any] = {
            "name": wire,
            "in": "query",
            "required": not f.optional,
            "schema": _field_schema(f, request=True),
        }
        if isinstance(f.expr, ListOf):
            param["style"], param["explode"] = "form", wire not in op.csv_wires
        parameters.append(param)
    return parameters


def _request_body(op: OperationIR) -> dict[str, Any]:
    media_type = "application/x-www-form-urlencoded" if op.form else "application/json"
    if op.body_argument is not None:
        f = next(f for f in op.params.fields if f.wire == op.body_argument)
        schema = _field_schema(f, request=True)
    else:
        located = {*op.path_wires, *op.query_wires}
        body_fields = [f for f in op.params.fields if f.wire not in located]
        body_wires = {f.wire for f in body_fields}
        # The operation's groups and, for a body spread from a type, the type's.
        groups = [g for g in op.params.exactly_one_of_wires if set(g) <= body_wires]
        schema = _object_schema(body_fields, groups)
    media: dict[str, Any] = {"schema": schema}
    examples = {
        f"example{i + 1}": {"summary": e.title or f"Example {i + 1}", "value": e.request}
        for i, e in enumerate(op.examples)
        if e.request is not None
    }
    if examples:
        media["examples"] = examples
    return {"required": True, "content": {media_type: media}}


def _responses(api: ApiIR, op: OperationIR) -> dict[str, Any]:
    """The success response, with the examples given for its status, then each documented error."""
    declared = op.response
    status = str(declared.status if declared else 200)
    response: dict[str, Any] = {
        "description": (declared.description if declared else None) or "Success."
    }
    if declared is not None:
        payload = _schema(declared.expr)
        if declared.nullable:
            payload = _nullable(payload)
        media: dict[str, Any] = {"schema": _envelope(api, payload) if op.envelope else payload}
        examples = {
            f"example{i + 1}": {"summary": e.title or f"Example {i + 1}", "value": e.response}
            for i, e in enumerate(op.examples)
            if e.response is not None and e.status == declared.status
        }
        if examples:
            media["examples"] = examples
        response["content"] = {"application/json": media}
    responses: dict[str, Any] = {status: response}
    for code, text in op.errors:  # sorted by status
        responses[str(code)] = {"description": text}
    return responses


def _envelope(api: ApiIR, payload: dict[str, Any]) -> dict[str, Any]:
    envelope, data = api.envelope, api.envelope_data_key
    assert envelope is not None and data is not None
    properties: dict[str, Any] = {data: payload}
    if api.envelope_error_key:
        # Mock servers sample the first example: a successful response carries no error.
        properties[api.envelope_error_key] = {"type": ["string", "null"], "examples": [None]}
    keys = {data, api.envelope_error_key or ""}  # an empty error key is not sent either
    for f in envelope.fields:
        if f.wire not in keys:  # the other keys the spec declares (meta)
            properties[f.wire] = _field_schema(f, request=False)
    return {"type": "object", "properties": properties, "required": [data]}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
