"""The exported OpenAPI 3.1 documents: valid, and saying what the specs say."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from generator.resolved.nodes import ObjectType
from tests.project_apis import LOADED
from tests.spec_reading import SPECS, spec_operation

ROOT = Path(__file__).resolve().parents[1]
# The resolved models the export is made from.
APIS = {api.model.name: api.model for api in LOADED}
DOCUMENTS = sorted((ROOT / "generated" / "openapi").glob("*.json"))


def test_one_document_per_spec() -> None:
    assert sorted(p.stem for p in DOCUMENTS) == sorted(APIS)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_document_is_valid_openapi_3_1(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    validate(document)


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _allows_null(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return (isinstance(kind, list) and "null" in kind) or any(
        s.get("type") == "null" for s in schema.get("anyOf", [])
    )


@pytest.mark.parametrize("name", sorted(APIS))
def test_operations_match_the_spec(name: str) -> None:
    api = APIS[name]
    document = json.loads(
        (ROOT / "generated" / "openapi" / f"{name}.json").read_text(encoding="utf-8")
    )
    server = document["servers"][0]["url"]  # the default one
    default = (api.base_url.default or "https://api.example.test").rstrip("/")
    seen = 0
    for op in api.operations:
        # The first server and the exported path make the URL the client sends to by default.
        url = default + op.path
        assert url.startswith(server + "/"), (url, server)
        path = url.removeprefix(server)
        entry = document["paths"][path][op.method.lower()]
        seen += 1
        assert entry["operationId"] == op.dotted
        params = {(p["in"], p["name"]): p for p in entry.get("parameters", [])}
        assert {n for (where, n) in params if where == "path"} == set(op.path_params)
        assert {n for (where, n) in params if where == "query"} == set(op.query)
        for field in op.query.values():
            param = params[("query", field.wire)]
            assert param["required"] is not field.optional
            assert _allows_null(param["schema"]) is field.nullable
        spec = spec_operation(SPECS[name], op.dotted)
        if spec.response is not None:
            schema = entry["responses"][str(spec.response.status)]["content"]["application/json"][
                "schema"
            ]
            if op.enveloped:
                envelope = SPECS[name].api.envelope
                assert envelope is not None
                schema = schema["properties"][envelope.data]
            assert _allows_null(schema) is spec.response.nullable
        assert ("requestBody" in entry) is (spec.body is not None)
    assert seen == sum(len(document["paths"][p]) for p in document["paths"])


@pytest.mark.parametrize("name", sorted(APIS))
def test_models_match_the_spec(name: str) -> None:
    api = APIS[name]
    document = json.loads(
        (ROOT / "generated" / "openapi" / f"{name}.json").read_text(encoding="utf-8")
    )
    schemas = document["components"]["schemas"]
    objects = [t for t in api.types.values() if isinstance(t, ObjectType)]
    for model in objects:
        schema = schemas[model.name]
        own = schema["allOf"][1] if "allOf" in schema else schema
        fields = model.own_fields.values()
        assert set(own["properties"]) == {f.wire for f in fields}
        # A constant (a union's tag) is what the server sends, never what a request must give.
        required = {f.wire for f in fields if not f.optional and f.const is None}
        assert set(own.get("required", [])) == required
        for field in fields:
            assert _allows_null(own["properties"][field.wire]) is field.nullable, (
                model.name,
                field.wire,
            )
            if field.enum:
                target = _resolve(document, own["properties"][field.wire])
                assert "enum" in target or "items" in target
    for enum in api.enums:
        assert schemas[enum.name]["enum"] == [v.value for v in enum.values]
