"""The audit looks things up in the resolved model: short forms, partial types and the
parameters pagination implies are written out there, and every element has its location."""

from __future__ import annotations

from generator.audit.spec_index import SpecIndex, all_notes
from generator.resolved.build import resolve
from generator.spec.loader import parse_spec

SPEC = """\
api:
  name: shop
  title: Shop
  version: v1
  client: Shop
  source: shop.txt
  base_url: {default: "https://shop.example.com", env: SHOP_BASE_URL}
  auth: {scheme: none}
  pagination:
    style: cursor
    cursor_param: after
    cursor_field: next
    notes: [{document: pages, decision: cursor, reason: "`after` is printed"}]
  error_body: {messages: [error]}
types:
  Item:
    fields:
      id: string
      name: string | null?
      tags: {type: "list[string]?", description: Labels., aliases: [labels]}
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


def index() -> SpecIndex:
    return SpecIndex.of(resolve(parse_spec(SPEC, "spec.yaml")))


def test_fields_have_their_short_forms_written_out_and_their_spellings() -> None:
    fields = index().type_fields("Item")
    assert list(fields) == ["id", "name", "tags", "labels"]
    name = fields["name"]
    assert (name.type.text, name.optional, name.nullable) == ("string", True, True)
    assert fields["labels"] is fields["tags"]
    assert str(fields["tags"].loc) == "spec.yaml:20:7"


def test_partial_types_have_their_fields_and_paginated_operations_their_parameter() -> None:
    found = index()
    assert list(found.type_fields("ItemPatch")) == ["name", "tags", "labels"]
    listing = found.operation("GET /items")
    assert listing is not None and list(listing.query) == ["after", "q"]
    assert found.operation("GET /items/{item_id}") is found.operation("GET /items/{id}")
    assert "after" in found.wire_names() and "labels" in found.wire_names()


def test_every_note_is_searched_those_of_the_schemes_and_styles_keys_too() -> None:
    api = resolve(parse_spec(SPEC, "spec.yaml"))
    assert [note.document for note in all_notes(api)] == ["pages"]
    assert "`after` is printed" in index().notes
