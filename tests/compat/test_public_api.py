"""The runtime uses no private API of another package: no private module or name is imported,
no private attribute read from one of its modules, no private argument passed. A private
argument of pydantic-core broke every pydantic release but the newest (issue 26)."""

from __future__ import annotations

import ast
from pathlib import Path

RUNTIME = Path(__file__).resolve().parents[2] / "templates" / "runtime"
# `_`-prefixed keyword arguments that are documented public parameters, with where they are.
DOCUMENTED = {
    # BaseModel.model_construct(_fields_set=..., **values): the underscore keeps it apart from
    # field names.
    "_fields_set",
}


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def uses_of_private_api(source: str) -> list[str]:
    """Where `source` imports a private module or name of another package, reads a private
    attribute of one of its modules, or passes a private keyword argument."""
    tree = ast.parse(source)
    found: list[str] = []
    modules: set[str] = set()  # names bound to another package's modules
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if any(map(private, alias.name.split("."))):
                    found.append(f"line {node.lineno}: import {alias.name}")
                modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "apiclients":
                continue
            if any(map(private, node.module.split("."))):
                found.append(f"line {node.lineno}: from {node.module}")
            found += [
                f"line {node.lineno}: {alias.name} from {node.module}"
                for alias in node.names
                if private(alias.name)
            ]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            if isinstance(node.value, ast.Name) and node.value.id in modules:
                found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call):
            found += [
                f"line {node.lineno}: argument {keyword.arg}"
                for keyword in node.keywords
                if keyword.arg and private(keyword.arg) and keyword.arg not in DOCUMENTED
            ]
    return found


def test_the_runtime_uses_no_private_api_of_its_dependencies() -> None:
    sources = sorted(RUNTIME.rglob("*.py"))
    assert len(sources) > 10
    found = {
        str(path.relative_to(RUNTIME)): uses
        for path in sources
        if (uses := uses_of_private_api(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_each_kind_of_private_use_is_found() -> None:
    source = """
import pydantic_core._pydantic_core
import pydantic_core
from pydantic._internal import _model_construction
from pydantic_core import _private_name
from apiclients._core import fields
SchemaValidator(schema, _use_prebuilt=False)
Model.model_construct(_fields_set={"a"})
pydantic_core._pydantic_core.SchemaValidator
"""
    assert sorted(uses_of_private_api(source)) == [
        "line 2: import pydantic_core._pydantic_core",
        "line 4: _model_construction from pydantic._internal",
        "line 4: from pydantic._internal",
        "line 5: _private_name from pydantic_core",
        "line 7: argument _use_prebuilt",
        "line 9: pydantic_core._pydantic_core",
    ]
