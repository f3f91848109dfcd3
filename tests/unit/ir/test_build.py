"""The IR built from the resolved model: frozen, one pass; an operation split into its method,
its wire description, its reference text and its tests; typed nodes for each variant; the names
the spec takes from the generated code's imports, and the collisions of Python names."""

from __future__ import annotations

import dataclasses

import pytest

from generator.ir.build import build_api
from generator.ir.model import (
    ApiIR,
    ArgumentBodyIR,
    CursorPaginationIR,
    FieldsBodyIR,
    NoAuthIR,
    NoBodyIR,
)
from generator.resolved.build import resolve
from generator.spec.errors import SpecErrors
from generator.spec.loader import parse_spec

SPEC = """\
api:
  name: shop
  title: Shop
  version: v1
  client: Shop
  source: shop.txt
  base_url: {default: "https://shop.example.com/v1", env: SHOP_BASE_URL}
  auth: {scheme: none}
  envelope: {data: result, error: problem, fields: {next: string?}}
  pagination: {style: cursor, cursor_param: after, cursor_field: next}
  error_body: {messages: [error]}
types:
  Field:
    fields:
      id: string
      from: string?
      next: string?
  Any:
    enum: [a, b]
resources:
  fields:
    operations:
      list:
        endpoint: GET /fields
        query: {kind: Any?}
        response: list[Field]
        paginated: true
      import:
        endpoint: POST /fields
        body: {type: Field, encoding: form}
        response: Field
      bulk:
        endpoint: PUT /fields
        body: {type: "list[Field]", argument: fields, batch_size: 10}
      delete:
        endpoint: DELETE /fields/{id}
        path: {id: string}
"""


def build(text: str = SPEC) -> ApiIR:
    return build_api(resolve(parse_spec(text, "shop.yaml")))


def test_an_operation_is_its_method_its_wire_its_reference_and_its_tests() -> None:
    api = build()
    assert [op.dotted for op in api.operations] == [
        "fields.list",
        "fields.import_",
        "fields.bulk",
        "fields.delete",
    ]
    listing = api.operations[0]
    assert listing.method.name == "list" and str(listing.method.item) == "Field"
    assert str(listing.method.sync_return) == "SyncPage[Field]"
    assert listing.wire.constant == "_FIELDS_LIST" and listing.wire.paginated
    assert listing.wire.query_wires == ("after", "kind") and listing.wire.envelope
    assert listing.reference.summary == "" and listing.tests[0].method == "GET"
    assert listing.tests[0].query == (("kind", "a"),)  # the cursor is the pagination's to send


def test_a_body_kind_is_a_typed_node() -> None:
    listing, spread, whole, delete = build().operations
    assert isinstance(listing.wire.body, NoBodyIR) and isinstance(delete.wire.body, NoBodyIR)
    assert spread.wire.body == FieldsBodyIR(form=True, batch_size=None)
    assert whole.wire.body == ArgumentBodyIR(argument="fields", form=False, batch_size=10)
    assert [a.name for a in whole.method.positional] == ["fields"]
    assert [a.name for a in spread.method.keyword] == ["id", "from_", "next"]


def test_auth_pagination_and_envelope_are_typed_nodes() -> None:
    api = build()
    assert isinstance(api.auth, NoAuthIR)
    assert api.pagination == CursorPaginationIR(param="after", field="next")
    assert api.envelope is not None
    assert [f.name for f in api.envelope.fields] == ["data", "error", "next"]
    assert (api.envelope.data_key, api.envelope.error_key) == ("result", "problem")


def test_every_node_is_frozen() -> None:
    api = build()
    with pytest.raises(dataclasses.FrozenInstanceError):
        api.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        api.operations[0].method.name = "other"  # type: ignore[misc]


def test_names_the_spec_takes_are_imported_under_a_private_alias() -> None:
    api = build()
    assert (api.names.Field, api.names.Any, api.names.Mapping) == ("_Field", "_Any", "Mapping")
    assert api.names.aliases() == {"_Any": "Any", "_Field": "Field"}
    with pytest.raises(AttributeError):
        api.names.Nonesuch  # noqa: B018
    after, kind = api.operations[0].method.keyword
    assert (after.name, str(kind.annotation)) == ("after", 'Any | Literal["a", "b"] | NotGiven')


def test_a_keyword_resource_or_operation_gets_an_underscore() -> None:
    api = build(SPEC.replace("  fields:\n    operations:", "  class:\n    operations:"))
    [resource] = api.resources
    assert (resource.attribute, resource.module, resource.sync_class) == (
        "class_",
        "class_",
        "ClassResource",
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("  Any:\n", "  FieldsResource:\n    fields: {x: string}\n  Any:\n"),
            "resource 'fields' becomes Python name 'FieldsResource', which types.FieldsResource "
            "already has",
        ),
        (
            ("      next: string?\n", "      next: string?\n      Next: string?\n"),
            "field 'Next' becomes Python name 'next', which types.Field.fields.next already has",
        ),
        (("  fields:\n    operations:", "  close:\n    operations:"), "is reserved"),
    ],
)
def test_python_names_that_collide_are_errors(edit: tuple[str, str], message: str) -> None:
    with pytest.raises(SpecErrors) as caught:
        build(SPEC.replace(*edit))
    assert message in str(caught.value)
