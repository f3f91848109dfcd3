"""The exported OpenAPI 3.1 documents: valid, and saying what the specs say."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from generator.spec.typeexpr import parse_type
from tests.project_apis import APIS as PROJECT_APIS
from tests.spec_reading import SPECS, spec_operation

ROOT = Path(__file__).resolve().parents[1]
APIS = {api.name: api for api in PROJECT_APIS}
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
    server = document["servers"][0]["url"]
    assert "/" not in server.split("://", 1)[1], "the server URL is the host alone"
    prefix = "/" + (SPECS[name].api.base_url.default or "").split("://", 1)[-1].partition("/")[2]
    seen = 0
    for op in api.all_operations():
        path = (prefix.rstrip("/") + op.path_template) if prefix != "/" else op.path_template
        entry = document["paths"][path][op.http_method.lower()]
        seen += 1
        assert entry["operationId"] == op.dotted
        params = {(p["in"], p["name"]): p for p in entry.get("parameters", [])}
        assert {n for (where, n) in params if where == "path"} == set(op.path_wires)
        assert {n for (where, n) in params if where == "query"} == set(op.query_wires)
        for field in op.params.fields:
            if field.wire in op.query_wires:
                param = params[("query", field.wire)]
                assert param["required"] is not field.optional
                assert _allows_null(param["schema"]) is field.nullable
        spec = spec_operation(SPECS[name], op.dotted)
        if spec.response is not None:
            schema = entry["responses"][str(spec.response.status)]["content"]["application/json"][
                "schema"
            ]
            if op.envelope:
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
    for model in api.models:
        schema = schemas[model.class_name]
        own = schema["allOf"][1] if "allOf" in schema else schema
        assert set(own["properties"]) == {f.wire for f in model.fields}
        assert set(own.get("required", [])) == {f.wire for f in model.fields if not f.optional}
        declared = SPECS[name].types[model.class_name].fields or {}
        for field in model.fields:
            assert _allows_null(own["properties"][field.wire]) is field.nullable, (
                model.class_name,
                field.wire,
            )
            if parse_type(declared[field.wire].type) and declared[field.wire].enum:
                target = _resolve(document, own["properties"][field.wire])
                assert "enum" in target or "items" in target
    for enum in api.enums:
        assert schemas[enum.class_name]["enum"] == enum.values
