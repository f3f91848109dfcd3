"""Resolved model -> OpenAPI 3.1 document, assembled and checked with openapi-pydantic.

It reads the resolved model alone, and restates the spec in the spec's own terms (its type
names, wire names, descriptions, examples, bounds and error texts)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from openapi_pydantic.v3.v3_1 import OpenAPI

from .ir.literals import whole
from .resolved.nodes import Api, ArgumentBody, Field, Operation, Response, SpreadBody
from .spec.model import DateTimeFormat
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


# Not OpenAPI's: how apigen writes a datetime (`datetime_format`), for `apigen import` to read
# back; a `pattern` beside it says the same to any tool.
DATETIME_FORMAT = "x-apigen-datetime-format"


def _datetime_format(schema: dict[str, Any], wire: DateTimeFormat) -> None:
    """Mark each datetime in `schema` (fresh from `_schema`) with the format it is sent in."""
    if schema.get("format") == "date-time":
        schema[DATETIME_FORMAT] = wire.model_dump(exclude_defaults=True)
        schema["pattern"] = datetime_pattern(wire)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _datetime_format(schema[key], wire)
    for member in schema.get("anyOf", ()):
        _datetime_format(member, wire)


def datetime_pattern(wire: DateTimeFormat) -> str:
    """The regular expression a datetime written in `wire` matches."""
    digits = {"seconds": "", "milliseconds": r"\.\d{3}", "microseconds": r"\.\d{6}"}
    fraction = r"(\.\d+)?" if wire.precision is None else digits[wire.precision]
    offset = "Z" if wire.offset == "utc" else r"(Z|[+-]\d{2}:\d{2}(:\d{2})?)"
    return rf"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}{fraction}{offset}$"


def _field_schema(f: Field) -> dict[str, Any]:
    schema = _schema(f.expr)
    if f.datetime_format is not None:
        _datetime_format(schema, f.datetime_format)
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
    if f.default is not None:
        schema["default"] = f.default
    return schema


def _object_schema(
    fields: list[Field], exactly_one_of: tuple[tuple[str, ...], ...]
) -> dict[str, Any]:
    properties = {f.wire: _field_schema(f) for f in fields}
    # A constant (a union's tag) is what the server sends: its absence is not a request's error.
    required = [f.wire for f in fields if not f.optional and f.const is None]
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


def build_openapi(api: Api) -> dict[str, Any]:
    default = api.base_url.default or "https://api.example.test"
    server, prefix = server_and_prefix(default)
    paths: dict[str, dict[str, Any]] = {}
    for op in api.operations:
        paths.setdefault(prefix + op.path, {})[op.method.lower()] = _operation(api, op)
    schemes = api.auth.scheme.security_schemes()
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
            "schemas": _schemas(api),
            "securitySchemes": schemes,
        },
        "security": [{name: [] for name in schemes}] if schemes else [],
    }
    if api.datetime_format is not None:
        document[DATETIME_FORMAT] = api.datetime_format.model_dump(exclude_defaults=True)
    validated = OpenAPI.model_validate(document)
    return validated.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)


def _schemas(api: Api) -> dict[str, Any]:
    """A schema per enum (the inline ones too), object type and union."""
    schemas: dict[str, Any] = {}
    for enum in api.enums:
        values = [v.value for v in enum.values]
        schema: dict[str, Any] = {"type": "integer" if enum.integer else "string", "enum": values}
        schemas[enum.name] = _described(schema, enum.description if enum.declared else None)
    for obj in api.objects():
        schema = _object_schema(list(obj.own_fields.values()), obj.exactly_one_of)
        if obj.extends is not None:
            schema = {"allOf": [{"$ref": _COMPONENT + obj.extends}, schema]}
        schemas[obj.name] = _described(schema, obj.description)
    for union in api.unions():
        members = [_schema(m.expr) for m in union.members]
        schema = _described({"oneOf": members}, union.description)
        if union.discriminator:
            schema["discriminator"] = {"propertyName": union.discriminator}
        schemas[union.name] = schema
    return schemas


def _operation(api: Api, op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {"operationId": op.dotted, "tags": [op.resource[0]]}
    # Without a summary, the description's first line stands for it.
    summary = op.summary or (op.description or "").split("\n")[0]
    if summary or op.description:
        out["summary"] = summary[:200]
    if op.description:
        out["description"] = op.description
    if op.deprecated:
        out["deprecated"] = True
    parameters = _parameters(op)
    if parameters:
        out["parameters"] = parameters
    if op.body is not None:
        out["requestBody"] = _request_body(op)
    out["responses"] = _responses(api, op)
    api_host = server_and_prefix(api.base_url.default or "")[0]
    origin = api.auth.oauth2.origin if api.auth.oauth2 else None
    if op.server == "oauth2" and origin not in (None, api_host):
        out["servers"] = [{"url": origin}]  # the OAuth2 token URL's host
    if not op.auth:
        out["security"] = []
    elif op.scopes:
        scopes = list(op.scopes) if api.auth.scheme.scoped() else []
        out["security"] = [{name: scopes for name in api.auth.scheme.security_schemes()}]
    return out


def _parameters(op: Operation) -> list[dict[str, Any]]:
    parameters = []
    for wire, f in op.path_params.items():
        if f.const is None:
            schema = _field_schema(f)
            parameters.append({"name": wire, "in": "path", "required": True, "schema": schema})
    for wire, f in op.query.items():
        param: dict[str, Any] = {
            "name": wire,
            "in": "query",
            "required": not f.optional,
            "schema": _field_schema(f),
        }
        if isinstance(f.expr, ListOf):
            param["style"], param["explode"] = "form", not f.csv
        parameters.append(param)
    for where, fields in (("header", op.headers), ("cookie", op.cookies)):
        parameters += [
            {"name": wire, "in": where, "required": not f.optional, "schema": _field_schema(f)}
            for wire, f in fields.items()
        ]
    return parameters


def _request_body(op: Operation) -> dict[str, Any]:
    body = op.body
    assert body is not None
    media_type = (
        "application/x-www-form-urlencoded" if body.encoding == "form" else "application/json"
    )
    if isinstance(body, ArgumentBody):
        schema = _field_schema(body.argument)
    else:
        # Constants are sent but not arguments: the export leaves them to the client.
        body_fields = [f for f in body.fields.values() if f.const is None]
        body_wires = {f.wire for f in body_fields}
        # The operation's groups and, for a body spread from a type, the type's.
        groups = op.exactly_one_of + (body.exactly_one_of if isinstance(body, SpreadBody) else ())
        schema = _object_schema(body_fields, tuple(g for g in groups if set(g) <= body_wires))
    media: dict[str, Any] = {"schema": schema}
    examples = {
        f"example{i + 1}": {"summary": e.title or f"Example {i + 1}", "value": e.request}
        for i, e in enumerate(op.examples)
        if e.request is not None
    }
    if examples:
        media["examples"] = examples
    return {"required": True, "content": {media_type: media}}


def _responses(api: Api, op: Operation) -> dict[str, Any]:
    """The success response, with the examples given for its status, then each documented error."""
    declared = op.response
    status = str(declared.status if declared else 200)
    response: dict[str, Any] = {
        "description": (declared.description if declared else None) or "Success."
    }
    if declared is not None and declared.kind in ("json", "text", "binary"):
        media_type, payload = _body_schema(declared)
        media: dict[str, Any] = {"schema": _envelope(api, payload) if op.enveloped else payload}
        examples = {
            f"example{i + 1}": {"summary": e.title or f"Example {i + 1}", "value": e.response}
            for i, e in enumerate(op.examples)
            if e.response is not None and e.status == declared.status
        }
        if examples and declared.kind != "binary":
            media["examples"] = examples
        response["content"] = {media_type: media}
    if declared is not None and declared.header is not None and declared.type is not None:
        header: dict[str, Any] = {"schema": _schema(declared.type.expr)}
        header["required"] = not declared.nullable
        response["headers"] = {declared.header: header}
    responses: dict[str, Any] = {status: response}
    for code, text in sorted(op.errors.items()):
        responses[str(code)] = {"description": text}
    return responses


def _body_schema(declared: Response) -> tuple[str, dict[str, Any]]:
    """A response body's media type and schema: JSON's by its type, text a string, bytes a
    binary string."""
    if declared.kind == "text":
        return declared.media_type or "text/plain", {"type": "string"}
    if declared.kind == "binary":
        media_type = declared.media_type or "application/octet-stream"
        return media_type, {"type": "string", "format": "binary"}
    assert declared.json is not None
    payload = _schema(declared.json.expr)
    return "application/json", _nullable(payload) if declared.nullable else payload


def _envelope(api: Api, payload: dict[str, Any]) -> dict[str, Any]:
    envelope = api.envelope
    assert envelope is not None
    properties: dict[str, Any] = {envelope.data: payload}
    if envelope.error:
        # Mock servers sample the first example: a successful response carries no error.
        properties[envelope.error] = {"type": ["string", "null"], "examples": [None]}
    keys = {envelope.data, envelope.error or ""}  # an empty error key is not sent either
    for f in envelope.fields.values():
        if f.wire not in keys:  # the other keys the spec declares (meta)
            properties[f.wire] = _field_schema(f)
    return {"type": "object", "properties": properties, "required": [envelope.data]}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
