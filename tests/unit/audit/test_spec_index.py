"""The audit reads the spec's YAML with its short forms and derived parts written out."""

from __future__ import annotations

from generator.audit.spec_index import written_out
from generator.spec.loader import read_yaml

SPEC = """\
api:
  pagination: {style: cursor, cursor_param: after, cursor_field: next}
types:
  Item:
    fields:
      id: string
      name: string | null?
      tags: {type: "list[string]?", description: Labels.}
  ItemPatch:
    partial: Item
    omit: [id]
resources:
  items:
    operations:
      list:
        endpoint: GET /items
        query:
          q: string?
        response: list[Item]
        paginated: true
      retrieve:
        endpoint: GET /items/{id}
        path: {id: string}
        response: Item | null
"""


def test_short_forms_partial_types_and_pagination_parameters_are_written_out() -> None:
    data, _ = read_yaml(SPEC, "spec.yaml")
    out = written_out(data)
    item = out["types"]["Item"]["fields"]
    assert item["id"] == "string"
    assert item["name"] == {"type": "string", "optional": True, "nullable": True}
    assert item["tags"] == {"type": "list[string]", "description": "Labels.", "optional": True}
    assert out["types"]["ItemPatch"] == {
        "fields": {
            "name": {"type": "string", "optional": True, "nullable": True},
            "tags": {"type": "list[string]", "description": "Labels.", "optional": True},
        }
    }
    operations = out["resources"]["items"]["operations"]
    assert operations["list"]["query"] == {
        "after": {"type": "string", "optional": True},
        "q": {"type": "string", "optional": True},
    }
    assert "query" not in operations["retrieve"]
    assert operations["retrieve"]["response"] == {"type": "Item", "nullable": True}
