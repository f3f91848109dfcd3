"""Export, then import: the OpenAPI document apigen writes for the showcase golden spec imports
back into the spec's own constructs, each taught to the language, operation by operation."""

from __future__ import annotations

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
    return {key: value for key, value in response.items() if key != "description"}


def test_each_response_kind_comes_back_from_the_export() -> None:
    written = _by_endpoint(yaml.safe_load(SHOWCASE.read_text(encoding="utf-8")))
    imported = _by_endpoint(yaml.safe_load(import_document(EXPORT, "showcase").text))
    assert set(imported) == set(written)
    kinds = set()
    for endpoint, operation in written.items():
        assert _response(imported[endpoint]) == _response(operation), endpoint
        kinds.add(str((_response(operation) or {}).get("content") or ""))
        kinds.update(key for key in ("header", "status") if key in (_response(operation) or {}))
    # The showcase states every response kind, so this test covers each of them.
    assert {"text", "binary", "header", "status"} <= kinds


def test_the_types_and_their_rules_come_back_from_the_export() -> None:
    """Each object type's fields, with the keys the language gives them (`datetime_format`,
    bounds), and the API-wide datetime format; descriptions aside."""
    written = yaml.safe_load(SHOWCASE.read_text(encoding="utf-8"))
    imported = yaml.safe_load(import_document(EXPORT, "showcase").text)
    assert imported["api"]["datetime_format"] == written["api"]["datetime_format"]
    for name, typedef in written["types"].items():
        assert _fields(imported["types"][name]) == _fields(typedef), name
    keys = {
        key for typedef in written["types"].values() for f in _fields(typedef).values() for key in f
    }
    # The showcase states each of these, so this test covers them.
    assert {"datetime_format", "minimum"} <= keys


def _fields(typedef: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for wire, given in (typedef.get("fields") or {}).items():
        definition = {"type": given} if isinstance(given, str) else dict(given)
        definition.pop("description", None)
        out[wire] = definition
    return out
