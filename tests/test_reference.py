"""The generated API reference and the docstrings say the same things, for every method."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from generator.ir.raises import error_class
from generator.resolved.nodes import walk
from tests.project_apis import APIS
from tests.spec_reading import SPECS, spec_operation

ROOT = Path(__file__).resolve().parents[1]
OPERATIONS = [(api, op) for api in APIS for op in api.operations]


@pytest.mark.parametrize(
    ("api", "op"), OPERATIONS, ids=lambda x: getattr(x, "dotted", getattr(x, "name", ""))
)
def test_every_method_is_documented_in_readme_and_docstring(  # type: ignore[no-untyped-def]
    api, op
) -> None:
    readme = (ROOT / "generated" / api.name / "README.md").read_text(encoding="utf-8")
    assert f"#### `client.{op.dotted}(" in readme
    module = importlib.import_module(f"apiclients.{api.name}.resources.{op.dotted.split('.')[0]}")
    resource = next(r for r in walk(api.resources, lambda r: r.children) if op in r.operations)
    for class_name in (resource.sync_class, resource.async_class):
        method = getattr(getattr(module, class_name), op.method.name)
        text = inspect.getdoc(method) or ""
        spec = spec_operation(SPECS[api.name], op.dotted)
        summary = spec.summary or (spec.description or "").split("\n")[0]
        assert text.startswith(" ".join(summary.split())[:40]), (class_name, op.method.name)
        assert f"`{op.wire.http_method} {op.wire.path_template}`" in text
        for row in op.method.arguments_doc:
            # The docstring lists an argument only when it has something to say beyond the
            # signature.
            assert (f"\n    {row.name}: " in text) == bool(row.text), (class_name, row.name)
            assert f"| `{row.name}` |" in readme
        for status in spec.errors:
            raised = spec.status_means.get(
                status, status
            )  # the server's status for another's error
            assert f"\n    {error_class(raised)}: " in text, (class_name, status)
