"""IR -> OpenAPI 3.1 document, assembled and checked with openapi-pydantic."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from openapi_pydantic.v3.v3_1 import OpenAPI

from .ir.literals import whole
from .ir.model import ApiIR, OperationIR
from .spec.model import BearerAuth, FieldDef
from .spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr, parse_type

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


def _field_schema(spec: FieldDef, expr: TypeExpr, *, request: bool) -> dict[str, Any]:
    schema = _schema(expr)
    if spec.const is not None:
        schema["const"] = spec.const
    if spec.format:
        schema["format"] = spec.format
    bounds = [
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("min_length", "minLength"),
        ("max_length", "maxLength"),
    ]
    if isinstance(expr, ListOf):  # a separator-joined string's item count has no OpenAPI form
        bounds += [("min_items", "minItems"), ("max_items", "maxItems")]
    for key, target in bounds:
        value = getattr(spec, key)
        if value is not None:
            schema[target] = whole(value)
    if spec.nullable:
        schema = _nullable(schema)
    if spec.description:
        schema["description"] = spec.description
    if spec.deprecated:
        schema["deprecated"] = True
    if spec.example is not None:
        schema["examples"] = [spec.example]
    default = getattr(spec, "default", None)
    if default is not None:
        schema["default"] = default
    del request
    return schema


def _object_schema(
    fields: list[Any], exactly_one_of: list[list[str]] | None = None
) -> dict[str, Any]:
    properties = {f.wire: _field_schema(f.spec, f.expr, request=False) for f in fields}
    required = [f.wire for f in fields if not f.optional]
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    rules: list[dict[str, Any]] = [
        {"oneOf": [{"required": [wire]} for wire in group]} for group in exactly_one_of or []
    ]
    rules += [
        {"anyOf": [{"required": [wire]} for wire in (f.wire, *f.spec.required_unless)]}
        for f in fields
        if f.spec.required_unless
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


def build_openapi(api: ApiIR) -> dict[str, Any]:
    spec = api.spec.api
    schemas: dict[str, Any] = {}
    declared = api.spec.types

    def described(schema: dict[str, Any], name: str) -> dict[str, Any]:
        text = declared[name].description if name in declared else None
        return {**schema, "description": text} if text else schema

    for enum in api.enums:
        schemas[enum.class_name] = described(
            {"type": "string" if enum.base == "OpenStrEnum" else "integer", "enum": enum.values},
            enum.class_name,
        )
    for model in api.models:
        schema = _object_schema(model.fields, model.spec.exactly_one_of if model.spec else None)
        if model.base != "APIModel":
            schema = {"allOf": [{"$ref": _COMPONENT + model.base}, schema]}
        schemas[model.class_name] = described(schema, model.class_name)
    for union in api.unions:
        members = [_schema(parse_type(m)) for m in union.spec.union]
        schema = described({"oneOf": members}, union.class_name)
        if union.spec.discriminator:
            schema["discriminator"] = {"propertyName": union.spec.discriminator}
        schemas[union.class_name] = schema

    default = spec.base_url.default or "https://api.example.test"
    server, prefix = server_and_prefix(default)
    paths: dict[str, dict[str, Any]] = {}
    for op in api.all_operations():
        paths.setdefault(prefix + op.path_template, {})[op.http_method.lower()] = _operation(
            api, op
        )

    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": spec.title,
            "version": spec.version,
            "description": f"Transcribed by apigen from {spec.source}.",
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": _security_schemes(api)},
        "security": [{"default": []}] if spec.auth.scheme != "none" else [],
    }
    validated = OpenAPI.model_validate(document)
    return validated.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)


def _operation(api: ApiIR, op: OperationIR) -> dict[str, Any]:
    spec = op.spec
    out: dict[str, Any] = {"operationId": op.dotted, "tags": [op.dotted.split(".")[0]]}
    if spec.summary or spec.description:
        out["summary"] = (spec.summary or (spec.description or "").split("\n")[0])[:200]
    if spec.description:
        out["description"] = spec.description
    if spec.deprecated:
        out["deprecated"] = True
    parameters = _parameters(op)
    if parameters:
        out["parameters"] = parameters
    if spec.body is not None:
        out["requestBody"] = _request_body(api, op)
    out["responses"] = _responses(api, op)
    if spec.server == "oauth2" and api.oauth_base_url is not None:
        origin = api.oauth_base_url
        if origin != server_and_prefix(api.spec.api.base_url.default or "")[0]:
            out["servers"] = [{"url": origin}]
    if not op.auth:
        out["security"] = []
    elif spec.scopes:
        out["security"] = [{"default": spec.scopes}] if api.oauth is not None else [{"default": []}]
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
                "schema": _field_schema(f.spec, f.expr, request=True),
            }
        )
    for wire in op.query_wires:
        f = fields[wire]
        param: dict[str, Any] = {
            "name": wire,
            "in": "query",
            "required": not f.optional,
            "schema": _field_schema(f.spec, f.expr, request=True),
        }
        if isinstance(f.expr, ListOf):
            param["style"], param["explode"] = "form", wire not in op.csv_wires
        parameters.append(param)
    return parameters


def _request_body(api: ApiIR, op: OperationIR) -> dict[str, Any]:
    media_type = "application/x-www-form-urlencoded" if op.form else "application/json"
    if op.body_argument is not None:
        f = next(f for f in op.params.fields if f.wire == op.body_argument)
        schema = _field_schema(f.spec, f.expr, request=True)
    else:
        located = {*op.path_wires, *op.query_wires}
        body_fields = [f for f in op.params.fields if f.wire not in located]
        body_wires = {f.wire for f in body_fields}
        groups = [g for g in _exactly_one_of(api, op) if set(g) <= body_wires]
        schema = _object_schema(body_fields, groups)
    media: dict[str, Any] = {"schema": schema}
    examples = {
        f"example{i + 1}": {"summary": e.title or f"Example {i + 1}", "value": e.request}
        for i, e in enumerate(op.spec.examples)
        if e.request is not None
    }
    if examples:
        media["examples"] = examples
    return {"required": True, "content": {media_type: media}}


def _responses(api: ApiIR, op: OperationIR) -> dict[str, Any]:
    """The success response, with the examples given for its status, then each documented error."""
    declared = op.spec.response
    status = str(declared.status if declared else 200)
    response: dict[str, Any] = {
        "description": (declared.description if declared else None) or "Success."
    }
    if declared is not None:
        payload = _schema(parse_type(declared.type))
        if declared.nullable:
            payload = _nullable(payload)
        media: dict[str, Any] = {"schema": _envelope(api, payload) if op.envelope else payload}
        examples = {
            f"example{i + 1}": {"summary": e.title or f"Example {i + 1}", "value": e.response}
            for i, e in enumerate(op.spec.examples)
            if e.response is not None and e.status == declared.status
        }
        if examples:
            media["examples"] = examples
        response["content"] = {"application/json": media}
    responses: dict[str, Any] = {status: response}
    for code, text in sorted(op.spec.errors.items()):
        responses[str(code)] = {"description": text}
    return responses


def _exactly_one_of(api: ApiIR, op: OperationIR) -> list[list[str]]:
    """The operation's groups and, for a body spread from a type, the type's."""
    groups = list(op.spec.exactly_one_of)
    body = op.spec.body
    if (
        body is not None
        and body.type is not None
        and body.argument is None
        and body.type in api.spec.types
    ):
        groups += api.spec.types[body.type].exactly_one_of
    return groups


def _envelope(api: ApiIR, payload: dict[str, Any]) -> dict[str, Any]:
    envelope = api.spec.api.envelope
    assert envelope is not None
    properties: dict[str, Any] = {envelope.data: payload}
    if envelope.error:
        # Mock servers sample the first example: a successful response carries no error.
        properties[envelope.error] = {"type": ["string", "null"], "examples": [None]}
    for wire, fspec in envelope.fields.items():
        properties[wire] = _field_schema(fspec, parse_type(fspec.type), request=False)
    return {"type": "object", "properties": properties, "required": [envelope.data]}


def _security_schemes(api: ApiIR) -> dict[str, Any]:
    auth = api.spec.api.auth
    if auth.scheme == "basic":
        return {"default": {"type": "http", "scheme": "basic"}}
    if auth.scheme == "none":
        return {}
    if isinstance(auth, BearerAuth) and auth.oauth2 is not None:
        oauth = auth.oauth2
        flows: dict[str, Any] = {}
        if "authorization_code" in oauth.grants:
            flows["authorizationCode"] = {
                "authorizationUrl": oauth.authorize_url,
                "tokenUrl": oauth.token_url,
                "refreshUrl": oauth.token_url,
                "scopes": {},
            }
        if "client_credentials" in oauth.grants:
            flows["clientCredentials"] = {"tokenUrl": oauth.token_url, "scopes": {}}
        return {"default": {"type": "oauth2", "flows": flows}}
    return {"default": {"type": "http", "scheme": "bearer"}}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
