"""The imported spec as YAML a curator would write: short forms where nothing else is said
(`name: string?`, `response: Pet`), short lists inline, long text as blocks, notes last."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from ..spec.loader import reads_as_string

if TYPE_CHECKING:
    _Dumper = yaml.SafeDumper
else:  # libyaml's dumper where PyYAML was built with it
    _Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
HEADER = "# yaml-language-server: $schema=../schema/apigen-spec.schema.json\n"
_INLINE_WIDTH = 80


class _SpecDumper(_Dumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value.strip("\n"):
        lines = value.split("\n")
        if not any(line != line.rstrip() for line in lines) and "\t" not in value:
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if not reads_as_string(value):
        # PyYAML's writer knows YAML 1.1's numbers, the spec loader JSON's: `1e5` is a number to
        # the loader and plain to the writer.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    scalars = all(
        isinstance(v, str | int | float | bool) and not (isinstance(v, str) and "\n" in v)
        for v in value
    )
    short = scalars and len(", ".join(map(str, value))) <= _INLINE_WIDTH
    return dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=short and bool(value)
    )


_SpecDumper.add_representer(str, _text)
_SpecDumper.add_representer(list, _list)

# Mappings of these kinds become their `type` alone when that is all they say.
_SHORTENED = ("fields", "path", "query")


def _short(definition: Any) -> Any:
    """`{type: string?}` -> `string?`."""
    if isinstance(definition, dict) and set(definition) == {"type"}:
        return definition["type"]
    return definition


def _is_notes(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(n, dict) and "decision" in n for n in value)


def _notes_last(node: Any) -> Any:
    """Every element's notes after what it says; multi-line text without trailing blanks (so
    that it can be a block)."""
    if isinstance(node, dict):
        notes = node.get("notes")
        moved = _is_notes(notes) and bool(notes)
        ordered = {k: _notes_last(v) for k, v in node.items() if not (moved and k == "notes")}
        if moved:
            ordered["notes"] = _notes_last(notes)
        return ordered
    if isinstance(node, list):
        return [_notes_last(v) for v in node]
    if isinstance(node, str) and "\n" in node:
        return "\n".join(line.rstrip() for line in node.split("\n"))
    return node


def _shortened(spec: dict[str, Any]) -> dict[str, Any]:
    types = {}
    for name, typedef in spec["types"].items():
        if "fields" in typedef:
            typedef = {**typedef, "fields": {w: _short(f) for w, f in typedef["fields"].items()}}
        types[name] = typedef
    return {**spec, "types": types, "resources": _resources(spec["resources"])}


def _resources(resources: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, resource in resources.items():
        operations = {}
        for op_name, operation in (resource.get("operations") or {}).items():
            operation = dict(operation)
            for key in ("path", "query"):
                if key in operation:
                    operation[key] = {w: _short(p) for w, p in operation[key].items()}
            if isinstance(operation.get("body"), dict) and "fields" in operation["body"]:
                body = operation["body"]
                operation["body"] = {
                    **body,
                    "fields": {w: _short(f) for w, f in body["fields"].items()},
                }
            if "response" in operation:
                operation["response"] = _short(operation["response"])
            operations[op_name] = operation
        out[name] = {**resource, "operations": operations} if operations else resource
    return out


def spec_text(spec: dict[str, Any]) -> str:
    """The spec as YAML text, the schema pointer first; the same spec gives the same text."""
    data = _notes_last(_shortened(spec))
    if not data["types"]:
        del data["types"]
    if not data["resources"]:
        del data["resources"]
    body = yaml.dump(
        data,
        Dumper=_SpecDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
        indent=2,
    )
    return HEADER + body
