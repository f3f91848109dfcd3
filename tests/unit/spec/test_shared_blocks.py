"""YAML anchors, aliases and merge keys (`<<:`) in a spec: what each place holds, and where the
shared block it holds is written."""

from __future__ import annotations

from pathlib import Path

from generator.spec.loader import load_spec, read_yaml

ROOT = Path(__file__).resolve().parents[3]

SPEC = """\
query: &paging
  page: integer?
  per_page: integer?
list:
  query: *paging
search:
  query:
    <<: *paging
    page: string
    term: string
mixed:
  <<: [{own: 1}, {page: 2}]
"""


def test_an_alias_holds_the_block_and_a_merge_adds_the_keys_it_does_not_set() -> None:
    data, _ = read_yaml(SPEC, "s.yaml")
    assert data["list"]["query"] == {"page": "integer?", "per_page": "integer?"}
    # YAML's order and precedence: merged keys first, the mapping's own value wins.
    assert list(data["search"]["query"].items()) == [
        ("page", "string"),
        ("per_page", "integer?"),
        ("term", "string"),
    ]
    assert data["mixed"] == {"own": 1, "page": 2}


def test_each_place_a_shared_block_reaches_knows_the_block_and_where_it_is_written() -> None:
    _, positions = read_yaml(SPEC, "s.yaml")
    assert positions.block_of(("list", "query", "page")) == ("paging", ("list", "query"))
    assert positions.block_of(("search", "query", "per_page")) == ("paging", ("search", "query"))
    assert positions.block_of(("search", "query", "page")) is None  # set by the mapping itself
    assert positions.block_of(("mixed", "own")) is None  # an inline mapping is not shared
    assert positions.block_uses("paging") == [("query",), ("list", "query"), ("search", "query")]
    # A key reached through an alias is where the block writes it; the alias is where it is used.
    assert positions.of(("list", "query", "page"), key=True) == (2, 3)
    assert positions.of(("list", "query"), key=True) == (5, 3)


def test_a_spec_sharing_fields_by_a_merge_key_validates_as_if_written_out(tmp_path: Path) -> None:
    broken = ROOT / "tests" / "spec_errors" / "merge_key_not_a_mapping.yaml"
    text = broken.read_text(encoding="utf-8").replace(
        "  Item:\n    fields:\n      <<: string\n",
        "  Base:\n    fields: &base\n      created: datetime\n"
        "  Item:\n    fields:\n      <<: *base\n",
    )
    spec_file = tmp_path / "mini.yaml"
    spec_file.write_text(text, encoding="utf-8")
    spec = load_spec(spec_file).spec
    assert spec.types["Item"].fields is not None
    assert list(spec.types["Item"].fields) == ["created", "id"]


def test_an_anchor_on_a_merged_block_shares_the_block_not_the_mapping_merging_it() -> None:
    text = "one:\n  <<: &paging\n    page: integer?\n  channel: string?\ntwo: *paging\n"
    data, positions = read_yaml(text, "s.yaml")
    assert data == {
        "one": {"page": "integer?", "channel": "string?"},
        "two": {"page": "integer?"},
    }
    assert positions.block_of(("one", "channel")) is None
    assert positions.block_of(("one", "page")) == ("paging", ("one",))
    assert positions.block_of(("two", "page")) == ("paging", ("two",))
    assert positions.block_uses("paging") == [("one",), ("two",)]
