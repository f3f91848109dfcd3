"""The annotations the IR decides for a spec, where deciding on a tree and on text would differ."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.ir.model import ApiIR
from generator.pipeline import Project, load_apis

SPEC = {
    "api": {
        "name": "edge",
        "title": "Edge API",
        "version": "v1",
        "client": "Edge",
        "source": "unit test",
        "base_url": {"default": "https://edge.example.com", "env": "EDGE_BASE_URL"},
        "auth": {"scheme": "bearer", "credentials": {"token": {"env": "EDGE_TOKEN"}}},
        "error_body": {"messages": ["error"]},
    },
    "types": {
        "View": {"enum": ["list", "grid"]},
        "A": {"fields": {"x": "integer"}},
        "B": {"fields": {"y": "string"}},
        "AB": {"union": ["A", "B", "A"]},
    },
    "resources": {
        "things": {
            "operations": {
                "list": {
                    "endpoint": "GET /things",
                    "query": {"view": {"type": "View", "optional": True}},
                    "response": "list[AB]",
                },
                "put": {
                    "endpoint": "PUT /things",
                    "body": {
                        "fields": {
                            "many": {"type": "list[A] | list[B]", "optional": True},
                            "labels": {"type": "map[list[string]]", "optional": True},
                            "extra": {"type": "object", "optional": True},
                            "ids": {"type": "list[string]", "optional": True},
                        }
                    },
                    "response": {"type": "map[A]", "nullable": True},
                },
            }
        }
    },
}


def _api(tmp_path: Path) -> ApiIR:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "edge.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    [api] = load_apis(Project.at(tmp_path))
    return api


def test_builtins_are_qualified_as_types_never_inside_literal_values(tmp_path: Path) -> None:
    # A class with a method `list` says `builtins.list`; the enum value "list" stays a value.
    ops = {op.method.name: op.method for op in _api(tmp_path).operations}
    [view] = ops["list"].keyword
    assert str(view.annotation) == 'View | Literal["list", "grid"] | NotGiven'
    assert str(ops["list"].sync_return) == "builtins.list[AB]"
    assert str(ops["put"].sync_return) == "dict[str, A] | None"  # no method named `dict` here


def test_a_union_of_lists_of_models_keeps_each_list_whole(tmp_path: Path) -> None:
    put = {op.method.name: op.method for op in _api(tmp_path).operations}["put"]
    [many] = [k for k in put.keyword if k.name == "many"]
    [row] = [r for r in put.arguments_doc if r.name == "many"]
    assert str(many.annotation) == (
        "Sequence[A | Mapping[str, Any]] | Sequence[B | Mapping[str, Any]] | NotGiven"
    )
    assert (
        str(row.annotation) == "Sequence[A | Mapping[str, Any]] | Sequence[B | Mapping[str, Any]]"
    )


def test_a_union_type_names_each_member_once(tmp_path: Path) -> None:
    [union] = _api(tmp_path).unions
    assert str(union.annotation) == "A | B"


def test_arguments_take_read_only_protocols(tmp_path: Path) -> None:
    """A caller's dict[str, list[str]] and tuples are accepted: lists are Sequence, maps and
    open objects Mapping, at every depth of an argument."""
    put = {op.method.name: op.method for op in _api(tmp_path).operations}["put"]
    given = {k.name: str(k.annotation) for k in put.keyword}
    assert given["labels"] == "Mapping[str, Sequence[str]] | NotGiven"
    assert given["extra"] == "Mapping[str, Any] | NotGiven"
    assert given["ids"] == "Sequence[str] | NotGiven"
