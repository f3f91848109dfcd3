"""Export -> import gives each paginated operation back: its style with its keys, where its list
sits, and its items' type. The showcase golden spec lists by offset, Link header, next URL and
the HAL way; its OpenAPI export (`tests/golden/expected/openapi/showcase.json`) is imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.importer.build import import_document

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "golden" / "specs" / "showcase.yaml"
EXPORT = ROOT / "tests" / "golden" / "expected" / "openapi" / "showcase.json"


def _paginated(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each operation with its own pagination, by endpoint: its pagination, items and response."""
    found: dict[str, dict[str, Any]] = {}

    def walk(resources: dict[str, Any]) -> None:
        for resource in resources.values():
            for op in (resource.get("operations") or {}).values():
                if "pagination" in op:
                    response = op["response"]
                    found[op["endpoint"]] = {
                        "pagination": (
                            {"first_page": 1, **op["pagination"]}
                            if op["pagination"]["style"] == "page"
                            else op["pagination"]
                        ),
                        "items": op.get("items"),
                        "response": response["type"] if isinstance(response, dict) else response,
                    }
            walk(resource.get("resources") or {})

    walk(spec["resources"])
    return found


def test_export_then_import_gives_each_lists_pagination_back() -> None:
    original = _paginated(yaml.safe_load(SPEC.read_text(encoding="utf-8")))
    imported = _paginated(yaml.safe_load(import_document(EXPORT, "showcase").text))
    assert len(original) >= 5
    assert imported == original
