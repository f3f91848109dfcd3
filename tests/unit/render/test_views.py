"""What each template is given beyond the IR, and the macros that print the IR's variant nodes
(which refuse a kind they do not know instead of printing a default)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from generator.ir.model import ApiIR
from generator.render import views
from generator.render.render import _environment

from ..ir.test_build import SPEC, build

NESTED = SPEC.replace(
    "resources:\n  fields:\n",
    "resources:\n  fields:\n    resources:\n      notes:\n        operations:\n"
    "          list:\n            endpoint: GET /fields/{id}/notes\n"
    "            path: {id: string}\n            response: list[string]\n"
    "            envelope: false\n",
)


@pytest.fixture(scope="module")
def api() -> ApiIR:
    return build(NESTED)


def test_clients(api: ApiIR) -> None:
    sync, asynchronous = views.clients(api)
    assert (sync.name, sync.base, asynchronous.name, asynchronous.base) == (
        "Shop",
        "SyncAPIClient",
        "AsyncShop",
        "AsyncAPIClient",
    )
    assert "Credentials: none." in sync.doc and "default https://shop.example.com/v1" in sync.doc


def test_a_resource_module_holds_its_resources_classes_and_its_sub_resources(api: ApiIR) -> None:
    [resource] = api.resources
    module = views.resource_module(resource, api.names)
    assert [r.flavors[0].class_name for r in module.resources] == [
        "FieldsResource",
        "FieldsNotesResource",
    ]
    sync, asynchronous = module.resources[0].flavors
    assert [c.attribute for c in sync.children] == ["notes"]
    assert [m.name for m in asynchronous.methods] == ["list", "import_", "bulk", "delete"]
    listing = asynchronous.methods[0]
    # A paginated method returns its page request at once, to be awaited or iterated.
    assert (listing.def_keyword, listing.client_call) == ("def", "request_page")
    assert [op.constant for op in module.operations][-1] == "_FIELDS_NOTES_LIST"
    assert module.exports[0] == "AsyncFieldsNotesResource"


def test_the_fake_lists_every_operation_route_and_namespace(api: ApiIR) -> None:
    fake = views.fake(api)
    assert [route.dotted for route in fake.routes] == [
        "fields.list",
        "fields.import_",
        "fields.bulk",
        "fields.delete",
        "fields.notes.list",
    ]
    assert fake.local["_FIELDS_NOTES_LIST"] == ".resources.fields"
    assert [space.dotted for space in fake.namespaces] == ["fields", "fields.notes"]
    assert ("data_key", "result") in [(s.key, s.value) for s in fake.config]


def test_the_reference_shows_a_readable_operation_and_every_resource(api: ApiIR) -> None:
    reference = views.reference(api)
    assert reference.fake_op == "fields.import_" and reference.fake_pages_op == "fields.list"
    assert [r.dotted for r in reference.resources] == ["fields", "fields.notes"]
    bulk = reference.resources[0].methods[2]
    assert bulk.signature == "fields" and bulk.endpoint == "PUT /fields"


@dataclass(frozen=True)
class Unknown:
    style = "carrier-pigeon"
    kind = "carrier-pigeon"


@pytest.mark.parametrize(
    ("call", "what"),
    [
        ("m.auth(node, 'Shop')", "auth scheme"),
        ("m.pagination(node)", "pagination style"),
        ("m.body(node)", "body kind"),
    ],
)
def test_a_macro_refuses_a_kind_it_does_not_know(api: ApiIR, call: str, what: str) -> None:
    template = _environment().from_string(
        '{% import "api/_macros.jinja" as m with context %}{{ ' + call + " }}"
    )
    with pytest.raises(RuntimeError, match=f"the templates print no {what} Unknown"):
        template.render(api=api, node=Unknown())
