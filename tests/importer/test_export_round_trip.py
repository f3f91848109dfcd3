"""Export, then import: the OpenAPI document apigen writes for the showcase golden spec imports
back into the spec's own constructs (response kinds, body encodings), operation by operation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.importer.build import import_document

ROOT = Path(__file__).resolve().parents[2]
SHOWCASE = ROOT / "tests" / "golden" / "specs" / "showcase.yaml"
EXPORT = ROOT / "tests" / "golden" / "expected" / "openapi" / "showcase.json"


def _by_endpoint(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def visit(resources: dict[str, Any]) -> None:
        for resource in resources.values():
            for operation in (resource.get("operations") or {}).values():
                found[operation["endpoint"]] = operation
            visit(resource.get("resources") or {})

    visit(spec["resources"])
    return found


def _response(operation: dict[str, Any]) -> dict[str, Any] | None:
    response = operation.get("response")
    if response is None or isinstance(response, str):
        return {"type": response} if response else None
    kept = {key: value for key, value in response.items() if key != "description"}
    if "headers" in kept:  # each typed header as the long form writes it
        kept["headers"] = {
            wire: {"type": given} if isinstance(given, str) else given
            for wire, given in kept["headers"].items()
        }
    return kept


def _body(operation: dict[str, Any]) -> dict[str, Any] | None:
    """A body as the round trip keeps it: its encoding, media type and fields' types (the name
    of a whole-body argument is the importer's choice)."""
    body = operation.get("body")
    if body is None:
        return None
    fields = {
        wire: {
            k: v
            for k, v in (f if isinstance(f, dict) else {"type": f}).items()
            if k != "description"
        }
        for wire, f in (body.get("fields") or {}).items()
    }
    kept = {k: v for k, v in body.items() if k not in ("argument", "description", "fields")}
    return {**kept, "fields": fields}


def test_each_body_encoding_comes_back_from_the_export() -> None:
    written = _by_endpoint(yaml.safe_load(SHOWCASE.read_text(encoding="utf-8")))
    imported = _by_endpoint(yaml.safe_load(import_document(EXPORT, "showcase").text))
    encodings = set()
    for endpoint, operation in written.items():
        assert _body(imported[endpoint]) == _body(operation), endpoint
        encodings.add((operation.get("body") or {}).get("encoding", "json"))
    assert {"json", "form", "multipart", "binary", "text"} <= encodings


def test_each_response_kind_comes_back_from_the_export() -> None:
    written = _by_endpoint(yaml.safe_load(SHOWCASE.read_text(encoding="utf-8")))
    imported = _by_endpoint(yaml.safe_load(import_document(EXPORT, "showcase").text))
    assert set(imported) == set(written)
    kinds = set()
    for endpoint, operation in written.items():
        assert _response(imported[endpoint]) == _response(operation), endpoint
        kinds.add(str((_response(operation) or {}).get("content") or ""))
        kinds.update(
            key for key in ("header", "status", "headers") if key in (_response(operation) or {})
        )
    # The showcase states every response kind, so this test covers each of them.
    assert {"text", "binary", "event_stream", "json_lines", "header", "status", "headers"} <= kinds


def test_typed_error_bodies_come_back_from_the_export() -> None:
    written = _by_endpoint(yaml.safe_load(SHOWCASE.read_text(encoding="utf-8")))
    imported = _by_endpoint(yaml.safe_load(import_document(EXPORT, "showcase").text))
    typed = 0
    for endpoint, operation in written.items():
        assert imported[endpoint].get("errors") == operation.get("errors"), endpoint
        typed += sum(isinstance(e, dict) for e in (operation.get("errors") or {}).values())
    assert typed  # the showcase types an error body, so this test covers one


def test_environments_and_url_variables_come_back_from_the_export() -> None:
    """The showcase's named environments, their default and the `{region}` variable with its
    values and default: exported as OpenAPI servers, imported as the same `base_url`."""
    written = yaml.safe_load(SHOWCASE.read_text(encoding="utf-8"))["api"]["base_url"]
    imported = yaml.safe_load(import_document(EXPORT, "showcase").text)["api"]["base_url"]
    assert imported["environments"] == written["environments"]
    assert imported["variables"] == written["variables"]
    assert imported.get("default_environment") == written.get("default_environment")
    assert imported["env"] == written["env"]
    assert "default" not in imported


def test_the_types_and_their_rules_come_back_from_the_export() -> None:
    """Each object type's fields, with the keys the language gives them (`datetime_format`,
    bounds), its bases (`extends`, one or several) and `extra_keys`, each enum's values and
    whether it is closed, and the API-wide datetime format; descriptions aside."""
    written = yaml.safe_load(SHOWCASE.read_text(encoding="utf-8"))
    imported = yaml.safe_load(import_document(EXPORT, "showcase").text)
    assert imported["api"]["datetime_format"] == written["api"]["datetime_format"]
    for name, typedef in written["types"].items():
        assert _fields(imported["types"][name]) == _fields(typedef), name
        for key in ("enum", "closed", "extends", "extra_keys"):
            assert imported["types"][name].get(key) == typedef.get(key), (name, key)
    assert any(typedef.get("closed") for typedef in written["types"].values())
    # A type with several bases comes back as one, not merged into one set of fields.
    assert any(isinstance(t.get("extends"), list) for t in written["types"].values())
    # Typed extra keys, one of them nullable, come back typed.
    assert {t.get("extra_keys") for t in written["types"].values()} >= {"integer", "string | null"}
    keys = {
        key for typedef in written["types"].values() for f in _fields(typedef).values() for key in f
    }
    # The showcase states each of these, so this test covers them.
    assert {"datetime_format", "minimum", "format"} <= keys
    assert {f.get("format") for t in written["types"].values() for f in _fields(t).values()} >= {
        "email",
        "uri",
        "ipv4",
        "ipv6",
    }


def _fields(typedef: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for wire, given in (typedef.get("fields") or {}).items():
        definition = {"type": given} if isinstance(given, str) else dict(given)
        definition.pop("description", None)
        out[wire] = definition
    return out


def test_a_streamed_body_of_another_document_is_read_by_its_media_type(tmp_path: Path) -> None:
    event = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Feeds", "version": "1"},
        "servers": [{"url": "https://feeds.example.com"}],
        "paths": {
            f"/{name}": {
                "get": {
                    "operationId": name,
                    "responses": {"200": {"description": "ok", "content": {media: {"schema": s}}}},
                }
            }
            for name, media, s in (
                ("sse", "text/event-stream", {"$ref": "#/components/schemas/Event"}),
                ("ndjson", "application/x-ndjson", {"$ref": "#/components/schemas/Event"}),
                ("plain", "text/event-stream", {"type": "string"}),
            )
        },
        "components": {"schemas": {"Event": event}},
    }
    path = tmp_path / "feeds.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    imported = _by_endpoint(yaml.safe_load(import_document(path, "feeds").text))
    assert _response(imported["GET /sse"]) == {"content": "event_stream", "type": "Event"}
    assert _response(imported["GET /ndjson"]) == {
        "content": "json_lines",
        "type": "Event",
        "media_type": "application/x-ndjson",
    }
    # An event stream of strings says nothing of its events: its text, as before.
    assert _response(imported["GET /plain"]) == {
        "content": "text",
        "media_type": "text/event-stream",
    }


def test_a_nested_form_body_comes_back_from_the_export() -> None:
    """An object field of a form body is exported deepObject-style and a list as exploded
    `form`, and both import back as the same fields, with no note."""
    written = _by_endpoint(yaml.safe_load(SHOWCASE.read_text(encoding="utf-8")))
    imported = _by_endpoint(yaml.safe_load(import_document(EXPORT, "showcase").text))
    search = "POST /documents/search"
    fields = _body(written[search])["fields"]  # type: ignore[index]
    assert fields["filter"]["type"] == "SearchFilter?" and fields["tags"]["type"] == "list[string]?"
    assert _body(imported[search]) == _body(written[search])
    assert "notes" not in imported[search]["body"]


def test_the_idempotency_key_comes_back_from_the_export() -> None:
    """The showcase's API-wide idempotency header, exported as each POST's marked header
    parameter, is imported as the API's again (the POST without one says `false` again), and
    no operation takes it as an argument."""
    written = yaml.safe_load(SHOWCASE.read_text(encoding="utf-8"))
    imported = yaml.safe_load(import_document(EXPORT, "showcase").text)
    assert imported["api"]["idempotency_key"]["header"] == "Idempotency-Key"
    originals = _by_endpoint(written)
    for endpoint, operation in _by_endpoint(imported).items():
        assert operation.get("idempotency_key") == originals[endpoint].get("idempotency_key")
        assert "Idempotency-Key" not in (operation.get("headers") or {}), endpoint
    # The showcase turns the key off for one POST, so this test covers an operation's own say.
    assert any(op.get("idempotency_key") is False for op in originals.values())


def test_bounds_on_each_item_come_back_from_the_export() -> None:
    """A list's `items` bounds (a form body's strings, a query parameter's integers), exported
    under the array's `items`, import back as the same `items`."""
    written = _by_endpoint(yaml.safe_load(SHOWCASE.read_text(encoding="utf-8")))
    imported = _by_endpoint(yaml.safe_load(import_document(EXPORT, "showcase").text))
    tags = imported["POST /documents/search"]["body"]["fields"]["tags"]
    assert tags["items"] == {"min_length": 1, "max_length": 40}
    assert tags["items"] == written["POST /documents/search"]["body"]["fields"]["tags"]["items"]
    severity = imported["GET /events"]["query"]["severity"]
    assert severity["items"] == written["GET /events"]["query"]["severity"]["items"]
    assert severity["items"] == {"minimum": 1, "maximum": 5}


def test_bodies_typed_by_status_come_back_from_the_export() -> None:
    """The showcase's convert answers a Document (200) or a Job (202): exported as two success
    responses, imported as the same `responses`, each example under its own status."""
    written = _by_endpoint(yaml.safe_load(SHOWCASE.read_text(encoding="utf-8")))
    imported = _by_endpoint(yaml.safe_load(import_document(EXPORT, "showcase").text))
    convert = "POST /documents/{document_id}/convert"
    assert imported[convert]["responses"] == written[convert]["responses"]
    assert "response" not in imported[convert]
    statuses = [e.get("status", 200) for e in imported[convert]["examples"]]
    assert statuses == [e.get("status", 200) for e in written[convert]["examples"]] == [200, 202]


def test_success_statuses_of_different_schemas_are_read_by_status(tmp_path: Path) -> None:
    """Another document's 200 and 202 of different schemas (and a 204 without a body) become
    `responses`; statuses answering one schema stay one `response`, read as the first's."""
    ref = {"$ref": "#/components/schemas/Report"}
    job = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}

    def answers(schema: Any) -> dict[str, Any]:
        return {"content": {"application/json": {"schema": schema}}}

    document = {
        "openapi": "3.1.0",
        "info": {"title": "Reports", "version": "1"},
        "servers": [{"url": "https://reports.example.com"}],
        "paths": {
            "/reports": {
                "post": {
                    "operationId": "run",
                    "responses": {
                        "200": {"description": "Done at once.", **answers(ref)},
                        "202": {"description": "Queued.", **answers(job)},
                        "204": {"description": "Nothing to report."},
                    },
                },
                "put": {
                    "operationId": "put",
                    "responses": {"200": answers(ref), "201": answers(ref)},
                },
            }
        },
        "components": {
            "schemas": {"Report": {"type": "object", "properties": {"url": {"type": "string"}}}}
        },
    }
    path = tmp_path / "reports.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    spec = yaml.safe_load(import_document(path, "reports").text)
    imported = _by_endpoint(spec)
    run = imported["POST /reports"]
    assert "response" not in run
    types = {status: entry.get("type") for status, entry in run["responses"].items()}
    assert types[200] == "Report" and types[204] is None and sorted(types) == [200, 202, 204]
    assert spec["types"][types[202]]["fields"] == {"id": "string"}  # the inline job, named
    assert run["responses"][200]["description"] == "Done at once."
    assert _response(imported["PUT /reports"]) == {"type": "Report"}


def test_query_objects_come_back_from_the_export() -> None:
    """A query object sent `deep_object` and one with its keys spread (exploded `form`, the
    default) are exported with their `style` and `explode`, and import back as the same
    parameters, with no note."""
    written = _by_endpoint(yaml.safe_load(SHOWCASE.read_text(encoding="utf-8")))
    exported = json.loads(EXPORT.read_text(encoding="utf-8"))
    imported = _by_endpoint(yaml.safe_load(import_document(EXPORT, "showcase").text))
    styles = {
        (parameter["name"], parameter.get("style"), parameter.get("explode"))
        for item in exported["paths"].values()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert {("filter", "deepObject", True), ("attributes", "form", True)} <= styles
    for endpoint, wire in (("GET /templates", "filter"), ("GET /tags", "attributes")):
        given = {k: v for k, v in written[endpoint]["query"][wire].items() if k != "description"}
        back = {k: v for k, v in imported[endpoint]["query"][wire].items() if k != "description"}
        assert back == given, endpoint
        assert "notes" not in imported[endpoint], endpoint
    assert imported["GET /templates"]["query"]["filter"]["style"] == "deep_object"
