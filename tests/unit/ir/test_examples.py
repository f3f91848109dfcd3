"""Test exchanges from the resolved model: the document's examples, else values built from the
types (deterministic, accepted by the API's own rules)."""

from __future__ import annotations

from generator.ir.build import build_api
from generator.ir.examples import Sampler
from generator.resolved.build import resolve
from generator.spec.loader import parse_spec
from generator.spec.typeexpr import ListOf, Ref

from .test_build import SPEC, build

TYPES = """\
  Thing:
    exactly_one_of: [[id, name]]
    fields:
      id: string?
      name: string?
      size: {type: integer, minimum: 3}
      mail: {type: string, format: email}
      state: {type: string, enum: [on, off]}
      kind: {type: string, const: thing}
      tags: {type: "list[Field]", aliases: [labels]}
"""


def sampler() -> Sampler:
    return Sampler(resolve(parse_spec(SPEC.replace("types:\n", "types:\n" + TYPES), "s.yaml")))


def test_a_sampled_object_gives_one_of_each_group_and_honours_its_fields() -> None:
    assert sampler().value(Ref("Thing")) == {
        "id": "string",
        "size": 3,
        "mail": "user@example.com",
        "state": "on",
        "kind": "thing",
        "tags": [{"id": "string", "from": "string", "next": "string"}],
    }


def test_a_response_is_read_back_under_the_declared_spelling() -> None:
    received = [{"labels": []}]
    assert sampler().wire_form(received, ListOf(Ref("Thing"))) == [{"tags": []}]


def test_each_operation_has_a_case_built_from_its_types() -> None:
    listing, spread, whole, delete = build().operations
    [case] = spread.tests
    assert case.form and case.body == {"id": "string", "from": "string", "next": "string"}
    assert str(case.short_call) == 'fields.import_(id="string")'
    assert case.expectation == {"kind": "response_key", "key": "result"}
    assert whole.tests[0].args == ([{"id": "string", "from": "string", "next": "string"}],)
    assert delete.tests[0].path == "/v1/fields/id-1"
    assert delete.tests[0].expectation == {"kind": "none"}
    assert listing.tests[0].response_json == {
        "result": [{"id": "string", "from": "string", "next": "string"}],
        "problem": None,
        "next": "string",
    }


def test_a_parameter_with_a_format_is_sampled_in_it() -> None:
    """The contract test sends the sampled call to a mock server that checks formats: a string
    parameter is sampled as its name (`kind-1`) only when it has no format to keep."""
    text = SPEC.replace(
        "query: {kind: Any?}",
        "query: {kind: Any?, owner: {type: string, format: email}, tag: string}",
    )
    listing = build_api(resolve(parse_spec(text, "s.yaml"))).operations[0]
    assert listing.tests[0].query == (
        ("kind", "a"),
        ("owner", "user@example.com"),
        ("tag", "tag-1"),
    )


def test_an_error_example_expects_the_call_to_raise_its_status() -> None:
    text = SPEC.replace(
        "      delete:\n        endpoint: DELETE /fields/{id}",
        "      delete:\n        endpoint: DELETE /fields/{id}\n        errors: {404: gone}\n"
        "        examples:\n"
        "          - {arguments: {id: f1}, status: 404, response: {error: gone}}",
    )
    delete = build_api(resolve(parse_spec(text, "s.yaml"))).operations[-1]
    default, error = delete.tests  # the fake's default answer is a success, built from the types
    assert (default.response_status, default.expectation) == (200, {"kind": "none"})
    assert (error.response_status, error.expectation) == (404, {"kind": "error", "status": 404})


BOUNDED = """\
  Bounded:
    fields:
      code: {type: string, min_length: 10}
      short: {type: string, max_length: 3}
      ceiling: {type: integer, maximum: -5}
      ratio: {type: number, minimum: 0}
      pair: {type: "list[string]", min_items: 2}
"""


def test_a_built_sample_keeps_within_the_bounds_the_client_checks() -> None:
    spec = SPEC.replace("types:\n", "types:\n" + BOUNDED)
    sample = Sampler(resolve(parse_spec(spec, "s.yaml"))).value(Ref("Bounded"))
    assert sample == {
        "code": "stringstri",
        "short": "str",
        "ceiling": -5,
        "ratio": 0.0,
        "pair": ["string", "string"],
    }


def test_a_type_met_in_many_places_is_sampled_once() -> None:
    # Each level holds the next twice: without keeping samples, 2**40 of them would be built.
    levels = "".join(
        f"  Level{i}:\n    fields:\n      left: Level{i + 1}\n      right: Level{i + 1}\n"
        for i in range(40)
    )
    levels += "  Level40:\n    fields:\n      leaf: string\n"
    spec = SPEC.replace("types:\n", "types:\n" + levels)
    sample = Sampler(resolve(parse_spec(spec, "s.yaml"))).value(Ref("Level0"))
    assert isinstance(sample, dict)
    for _ in range(40):
        assert sample["left"] == sample["right"]
        sample = sample["left"]
    assert sample == {"leaf": "string"}


def test_a_recursive_type_is_still_cut_where_it_meets_itself() -> None:
    spec = SPEC.replace(
        "types:\n",
        "types:\n  Node:\n    fields:\n      name: string\n      child: Node?\n"
        "  Tree:\n    fields:\n      root: Node\n      spare: Node\n",
    )
    sample = Sampler(resolve(parse_spec(spec, "s.yaml"))).value(Ref("Tree"))
    assert sample["root"] == sample["spare"]
    assert sample["root"]["child"] == {"name": "string"}  # the optional field left out
