"""The values the generated tests send and expect, built from the spec where it gives none."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.pipeline import Project, load_apis

SPEC = {
    "api": {
        "name": "samples",
        "title": "Samples",
        "version": "v1",
        "client": "Samples",
        "source": "unit test",
        "base_url": {"default": "https://samples.example.com", "env": "SAMPLES_BASE_URL"},
        "auth": {"scheme": "none"},
        "error_body": {"messages": ["error"]},
    },
    "types": {
        "Node": {"fields": {"name": "string", "children": "list[Node]", "by_key": "map[Node]"}},
    },
    "resources": {
        "nodes": {
            "operations": {
                "list": {
                    "endpoint": "GET /nodes",
                    "query": {"kinds": {"type": "list[string]?", "enum": ["leaf", "branch"]}},
                    "response": "Node",
                },
            }
        }
    },
}


def test_a_recursive_type_and_an_enum_list_parameter_have_finite_typed_samples(
    tmp_path: Path,
) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "samples.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    (api,) = load_apis(Project.at(tmp_path))
    case = api.operations[0].tests[0]
    assert case.kwargs == {"kinds": ["leaf"]}  # a list, as the argument's type says
    assert case.response_json == {"name": "string", "children": [], "by_key": {}}
