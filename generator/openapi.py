"""Resolved model -> OpenAPI 3.1 document, assembled and checked with openapi-pydantic.

It reads the resolved model alone, and restates the spec in the spec's own terms (its type
names, wire names, descriptions, examples, bounds and error texts)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from openapi_pydantic.v3.v3_1 import OpenAPI

from .ir.literals import whole
from .resolved.form_bodies import deep_object_fields
from .resolved.nodes import Api, ArgumentBody, Field, Operation, Response, SpreadBody
from .spec.model import PATH_PARAM, STREAMED, DateTimeFormat, PaginationStyle
from .spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr

# A server's environment name in the spec (OpenAPI's servers have a description, not a name).
ENVIRONMENT_EXTENSION = "x-apigen-environment"
# Marks the header parameter that carries an operation's idempotency key.
IDEMPOTENCY_EXTENSION = "x-apigen-idempotency"
# Marks a bodiless response whose headers are typed headers, not the one header the call returns.
TYPED_HEADERS_EXTENSION = "x-apigen-typed-headers"
# A typed response header's Python name, where the spec gives one.
PYTHON_NAME_EXTENSION = "x-apigen-name"

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
    "file": {"type": "string", "format": "binary"},
}
# Each body encoding's media type; a binary or text body may name its own.
_BODY_MEDIA = {
    "json": "application/json",
    "form": "application/x-www-form-urlencoded",
    "multipart": "multipart/form-data",
    "binary": "application/octet-stream",
    "text": "text/plain",
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
# An OpenAPI enum lists every value; apigen's are open unless the spec closes them (`closed`).
CLOSED_ENUM = "x-apigen-closed"


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
    if f.item_limits is not None:  # `items` of a list of strings or numbers
        for key, target in bounds[:4]:
            value = getattr(f.item_limits, key)
            if value is not None:
                schema["items"][target] = whole(value)
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


def _server_urls(api: Api) -> list[tuple[str | None, str]]:
    """Each server's environment name (None: the API has one URL) and URL template, the default
    one first, as OpenAPI takes the first server for the default."""
    base = api.base_url
    if not base.environments:
        return [(None, base.template or base.default or "https://api.example.test")]
    first = base.default_environment
    ordered = sorted(base.environments.items(), key=lambda item: item[0] != first)
    return [(name, url) for name, url in ordered]


def path_prefix(api: Api) -> str:
    """The path every operation's exported path starts with: the servers' common path (`/v1`),
    or none when their paths differ (each server then keeps its own)."""
    prefixes = {server_and_prefix(url)[1] for _, url in _server_urls(api)}
    return prefixes.pop() if len(prefixes) == 1 else ""


def _servers(api: Api) -> list[dict[str, Any]]:
    """The document's servers: one per environment, each with the variables its URL holds."""
    prefix = path_prefix(api)
    servers = []
    for name, url in _server_urls(api):
        origin, path = server_and_prefix(url)
        server: dict[str, Any] = {"url": origin + path.removeprefix(prefix)}
        used = PATH_PARAM.findall(url)
        variables = {
            v.name: {
                "default": v.default,
                **({"enum": list(v.enum)} if v.enum is not None else {}),
                **({"description": v.description} if v.description else {}),
            }
            for v in api.base_url.variables
            if v.name in used
        }
        if variables:
            server["variables"] = variables
        if name is not None:
            server[ENVIRONMENT_EXTENSION] = name
        servers.append(server)
    return servers


def build_openapi(api: Api) -> dict[str, Any]:
    prefix = path_prefix(api)
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
        "servers": _servers(api),
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
        if enum.closed:
            schema[CLOSED_ENUM] = True
        schemas[enum.name] = _described(schema, enum.description if enum.declared else None)
    for obj in api.objects():
        schema = _object_schema(list(obj.own_fields.values()), obj.exactly_one_of)
        extra = obj.extra_keys
        if extra is not None and extra.declared_by == obj.name:
            value = _schema(extra.type.expr)
            schema["additionalProperties"] = _nullable(value) if extra.nullable else value
        if obj.bases:
            schema = {"allOf": [*({"$ref": _COMPONENT + base} for base in obj.bases), schema]}
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
        out["requestBody"] = _request_body(op, api)
    out["responses"] = _responses(api, op)
    # What OpenAPI has no words for, for `apigen import` to read back: the operation's own
    # pagination and where its list sits.
    if op.pagination is not None:
        out["x-apigen-pagination"] = op.pagination.style.model_dump(
            mode="json", exclude_defaults=True, exclude={"description", "notes"}
        )
    if op.items is not None:
        out["x-apigen-items"] = op.items
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
        elif f.object_style is not None:
            param["style"] = "deepObject" if f.object_style == "deep_object" else "form"
            param["explode"] = True
        parameters.append(param)
    for where, fields in (("header", op.headers), ("cookie", op.cookies)):
        parameters += [
            {"name": wire, "in": where, "required": not f.optional, "schema": _field_schema(f)}
            for wire, f in fields.items()
        ]
    if op.idempotency_header is not None:
        parameters.append(
            {
                "name": op.idempotency_header,
                "in": "header",
                "required": False,
                "schema": {"type": "string"},
                "description": "A key the server recognises a retry of this call by: a fresh one "
                "per call, the same on its retries.",
                IDEMPOTENCY_EXTENSION: True,
            }
        )
    return parameters


def _request_body(op: Operation, api: Api) -> dict[str, Any]:
    body = op.body
    assert body is not None
    media_type = _BODY_MEDIA[body.encoding]
    if isinstance(body, ArgumentBody):
        media_type = body.media_type or media_type
        schema = _field_schema(body.argument)
    else:
        # Constants are sent but not arguments: the export leaves them to the client.
        body_fields = [f for f in body.fields.values() if f.const is None]
        body_wires = {f.wire for f in body_fields}
        # The operation's groups and, for a body spread from a type, the type's.
        groups = op.exactly_one_of + (body.exactly_one_of if isinstance(body, SpreadBody) else ())
        schema = _object_schema(body_fields, tuple(g for g in groups if set(g) <= body_wires))
    media: dict[str, Any] = {"schema": schema}
    if body.encoding == "form" and not isinstance(body, ArgumentBody):
        # An object is sent as `a[b]=1`, a list as its key repeated: said even though that is
        # OpenAPI's default for a list, as mock servers read a list by it.
        deep = deep_object_fields(body.fields.values(), api.types)
        styles = {
            f.wire: {"style": "deepObject" if f.wire in deep else "form", "explode": True}
            for f in body.fields.values()
            if f.wire in deep or isinstance(f.expr, ListOf)
        }
        if styles:
            media["encoding"] = styles
    examples = {
        f"example{i + 1}": {"summary": e.title or f"Example {i + 1}", "value": e.request}
        for i, e in enumerate(op.examples)
        if e.request is not None
    }
    if examples and body.encoding in ("json", "form"):
        media["examples"] = examples
    return {"required": True, "content": {media_type: media}}


def _responses(api: Api, op: Operation) -> dict[str, Any]:
    """Each success response (one, or one per status where they answer different bodies), with
    the examples given for its status, then each documented error."""
    responses: dict[str, Any] = {}
    for declared in op.success_responses or (None,):
        responses[str(declared.status if declared else 200)] = _success(api, op, declared)
    for code, text in sorted(op.errors.items()):
        responses[str(code)] = {"description": text}
        typed = op.error_types.get(code)
        if typed is not None:
            responses[str(code)]["content"] = {"application/json": {"schema": _schema(typed.expr)}}
    return responses


def _success(api: Api, op: Operation, declared: Response | None) -> dict[str, Any]:
    """A success response: its body's media type and schema, its examples, its headers."""
    response: dict[str, Any] = {
        "description": (declared.description if declared else None) or "Success."
    }
    if declared is not None and declared.kind in ("json", "text", "binary", *STREAMED):
        media_type, payload = _body_schema(declared)
        if op.items is not None:
            payload = _items_body(_style(api, op), op.items, payload)
        media: dict[str, Any] = {"schema": _envelope(api, payload) if op.enveloped else payload}
        if declared.event is not None:
            # OpenAPI 3.1 has no schema of a stream's items (3.2's itemSchema): the schema is
            # each event's, and the extension says the body is a stream of them.
            media[STREAM_EXTENSION] = declared.kind
        examples = {
            f"example{i + 1}": {
                "summary": e.title or f"Example {i + 1}",
                "value": _framed(declared.kind, e.response) if declared.event else e.response,
            }
            for i, e in enumerate(op.examples)
            if e.response is not None and e.status == declared.status
        }
        if examples and declared.kind != "binary":
            media["examples"] = examples
        response["content"] = {media_type: media}
    headers: dict[str, Any] = {}
    if declared is not None and declared.header is not None and declared.type is not None:
        header: dict[str, Any] = {"schema": _schema(declared.type.expr)}
        header["required"] = not declared.nullable
        headers[declared.header] = header
    if declared is not None and declared.headers:
        headers.update(_typed_headers(declared))
        if declared.kind == "empty":  # not the one header a bodiless call returns
            response[TYPED_HEADERS_EXTENSION] = True
    style = _style(api, op)
    if style is not None and style.style == "link_header":
        headers["Link"] = _LINK_HEADER
    if headers:
        response["headers"] = headers
    return response


def _typed_headers(declared: Response) -> dict[str, Any]:
    """The headers a response declares beside its body: each a schema, required unless it may
    be absent (`T?` or `T | null`), and its description."""
    out: dict[str, Any] = {}
    for wire, f in declared.headers.items():
        header: dict[str, Any] = {}
        if f.description:
            header["description"] = f.description
        header["required"] = not (f.optional or f.nullable)
        header["schema"] = _field_schema(replace(f, nullable=False, description=None))
        if f.name is not None:  # the attribute callers read: kept through an import
            header[PYTHON_NAME_EXTENSION] = f.name
        out[wire] = header
    return out


STREAM_EXTENSION = "x-apigen-stream"  # a media type's: the body is a stream of its schema
STREAM_MEDIA_TYPES = {"event_stream": "text/event-stream", "json_lines": "application/jsonl"}
_LINK_HEADER = {
    "description": 'The next page\'s URL: the link with `rel="next"` (RFC 8288); none on the last '
    "page.",
    "schema": {"type": "string"},
}
# The schema of each key of a pagination style that names a place in a response body.
_PAGE_FIELDS: dict[str, dict[str, Any]] = {
    "cursor_field": {"type": ["string", "null"]},
    "current_page_field": {"type": "integer"},
    "total_pages_field": {"type": "integer"},
    "total_field": {"type": "integer"},
    "next_url_field": {"type": ["string", "null"], "format": "uri-reference"},
}


def _style(api: Api, op: Operation) -> PaginationStyle | None:
    """The style an operation walks its pages with: its own, or the API's."""
    if not op.paginated:
        return None
    pagination = op.pagination or api.pagination
    return pagination.style if pagination is not None else None


def _items_body(style: PaginationStyle | None, items: str, payload: dict[str, Any]) -> Any:
    """The object a list at `items` comes in: the list at its dotted keys (required), and the
    page fields its style reads."""
    body: dict[str, Any] = {"type": "object", "properties": {}}
    places = [(items, payload, True)]
    if style is not None:
        places += [(path, _PAGE_FIELDS[key], False) for key, path in style.envelope_paths().items()]
    for dotted, schema, required in places:
        node = body
        *parents, last = dotted.split(".")
        for key in parents:
            if required:
                node.setdefault("required", [])
                if key not in node["required"]:
                    node["required"].append(key)
            node = node["properties"].setdefault(key, {"type": "object", "properties": {}})
        node["properties"][last] = dict(schema)
        if required:
            node.setdefault("required", []).append(last)
    return body


def _framed(kind: str, events: Any) -> str:
    """A stream's example events as the body carries them (server-sent events or JSON lines):
    the schema is each event's, the example the whole stream, which a mock server sends as it
    is."""
    lines = [json.dumps(event, ensure_ascii=False) for event in events]
    if kind == "event_stream":
        return "".join(f"data: {line}\n\n" for line in lines)
    return "".join(f"{line}\n" for line in lines)


def _body_schema(declared: Response) -> tuple[str, dict[str, Any]]:
    """A response body's media type and schema: JSON's by its type, text a string, bytes a
    binary string."""
    if declared.kind == "text":
        return declared.media_type or "text/plain", {"type": "string"}
    if declared.kind == "binary":
        media_type = declared.media_type or "application/octet-stream"
        return media_type, {"type": "string", "format": "binary"}
    if declared.event is not None:
        media_type = declared.media_type or STREAM_MEDIA_TYPES[declared.kind]
        return media_type, _schema(declared.event.expr)
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
