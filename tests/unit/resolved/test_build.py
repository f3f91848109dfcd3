"""The model of a whole API: auth, pagination, envelope and each type's sides resolved; a
location on every node; frozen, and compared by content alone."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.resolved.build import resolve
from generator.resolved.nodes import Api, Location, ObjectType, walk
from generator.spec.loader import load_spec

from .helpers import HEAD, TYPES, errors_of, resolved

ROOT = Path(__file__).resolve().parents[3]
OAUTH = """\
  auth:
    scheme: bearer
    credentials: {access_token: {env: SHOP_TOKEN}}
    oauth2:
      authorize_url: https://auth.shop.example.com/authorize
      token_url: https://auth.shop.example.com/token
      grants: [authorization_code]
"""


def test_oauth2_resolves_the_host_its_token_url_is_on() -> None:
    api = resolved(HEAD.replace("  auth: {scheme: none}\n", OAUTH) + TYPES)
    assert api.auth.oauth2 is not None
    assert api.auth.oauth2.origin == "https://auth.shop.example.com"
    assert list(api.auth.credentials) == ["access_token"]
    assert api.auth.credentials["access_token"].loc.path == (
        "api",
        "auth",
        "credentials",
        "access_token",
    )


def test_a_schemes_own_checks_are_reported_where_its_keys_are() -> None:
    renamed = OAUTH.replace("access_token: {env", "token: {env")
    errors = errors_of(HEAD.replace("  auth: {scheme: none}\n", renamed) + TYPES)
    assert errors == [
        "shop.yaml:10:18: api.auth.credentials: with oauth2, the credential must be named "
        "'access_token'"
    ]


def test_pagination_drives_its_parameters_and_its_paths_name_envelope_keys() -> None:
    api = resolved(HEAD + TYPES)
    assert api.pagination is not None and list(api.pagination.driven) == ["after"]
    enveloped = HEAD + "  envelope: {data: data}\n" + TYPES
    errors = errors_of(enveloped)
    assert errors == [
        "shop.yaml:9:66: api.pagination.cursor_field: 'next' is not a key of the envelope"
    ]


def test_each_type_knows_whether_requests_and_responses_carry_it() -> None:
    text = HEAD + TYPES + """\
  Tag:
    fields: {label: string}
  Note:
    fields: {tags: "list[Tag]"}
resources:
  items:
    operations:
      create:
        endpoint: POST /items
        body: {fields: {note: Note}}
        response: Item
"""
    api = resolved(text)
    sides = {
        name: named.sides for name, named in api.types.items() if isinstance(named, ObjectType)
    }
    # Through a field's type, a list's item and a base: what a request or response names.
    assert sides == {
        "Base": {"response"},
        "Item": {"response"},
        "Tag": {"request"},
        "Note": {"request"},
    }


@pytest.mark.parametrize("spec", sorted((ROOT / "specs").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_node_has_a_location_in_its_file(spec: Path) -> None:
    api = resolve(load_spec(spec, f"specs/{spec.name}"))
    text = spec.read_text(encoding="utf-8").splitlines()
    located = list(_nodes(api))
    assert len(located) > len(api.operations) + len(api.types)  # a new API's small spec too
    for node in located:
        loc = node.loc
        assert isinstance(loc, Location) and loc.file == f"specs/{spec.name}"
        assert 1 <= loc.line <= len(text), (node, loc)
        # Where the file writes the key (or, for what the spec implies, its nearest ancestor).
        written = str(loc.path[-1]) in text[loc.line - 1] or not isinstance(loc.path[-1], str)
        assert written or loc.path[-1] in ("driven",) or "query" in loc.path or "fields" in loc.path


def _nodes(api: Api) -> list[object]:
    nodes: list[object] = [api, api.base_url, api.auth, api.error_body]
    nodes += [*api.auth.credentials.values(), *api.types.values(), *api.enums]
    for named in api.types.values():
        if isinstance(named, ObjectType):
            nodes += named.fields.values()
    for resource in walk(api.resources, lambda r: r.resources):
        nodes.append(resource)
        for op in resource.operations:
            nodes += [op, *op.path_params.values(), *op.query.values(), *op.examples]
            nodes += [n for n in (op.body, op.response) if n is not None]
    return nodes


def test_nodes_are_frozen_and_compare_by_content_not_location() -> None:
    first, second = resolved(HEAD + TYPES), resolved("\n\n" + HEAD + TYPES)
    assert first.types["Item"] == second.types["Item"]
    assert first.types["Item"].loc.line + 2 == second.types["Item"].loc.line
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.types["Item"].name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        first.types["Other"] = first.types["Item"]  # type: ignore[index]
