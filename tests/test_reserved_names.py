"""A spec may name its types, fields, resources and operations as the generated code names what
it imports (`Field`, `Any`, `Operation`, `NotGiven`, ...): the package still imports, passes
mypy --strict and its own generated tests, and each name means what the spec says.

The names the spec takes keep their public spelling; what the generated code imports under the
same name comes in under a private alias (`from pydantic import Field as _Field`),
generator/ir/naming.py `ReservedNames`. `datetime` and `date` cannot name a type (a type's name
is PascalCase), so they name fields, a resource and an operation here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.distributions import import_paths

ROOT = Path(__file__).resolve().parents[1]
TYPE_NAMES = [
    "Field",
    "Envelope",
    "Call",
    "Route",
    "Operation",
    "Query",
    "BaseModel",
    "Any",
    "Literal",
    "Annotated",
    "Sequence",
    "NotGiven",
    "Page",
    "T",
    "PAGINATION",
    "Mapping",
    "Params",
    "APIModel",
    "SyncPage",
    "AsyncPage",
    "AsyncPageRequest",
    "PageEnvelope",
    "Answers",
    "TypeAlias",
]


def _types() -> dict[str, Any]:
    types: dict[str, Any] = {
        name: {"description": f"The spec's own {name}.", "fields": {"id": "string"}}
        for name in TYPE_NAMES
    }
    types["Field"]["fields"] = {
        "id": "string",
        "datetime": "datetime?",
        "date": "date | null",
        "any": "Any?",
        "literal": {"type": "string?", "enum": ["a", "b"]},
        "Field": {"type": "string?", "max_length": 10},
        "request_rules": "string?",
        "frozenset": "string?",
        "cached_property": "string?",
        "mapping": "map[Sequence]?",
    }
    types["Field"]["exactly_one_of"] = [["request_rules", "frozenset"]]
    types["Any"]["fields"] = {"kind": {"type": "string", "const": "any"}, "call": "Call?"}
    types["Annotated"] = {"union": ["Any", "Call"], "discriminator": "kind"}
    types["Call"]["fields"] = {"kind": {"type": "string", "const": "call"}, "route": "Route?"}
    types["Literal"] = {"enum": ["Literal", "Any"]}
    types["Meta"] = {"fields": {"page": "integer", "pages": "integer", "more": "NotGiven?"}}
    return types


SPEC: dict[str, Any] = {
    "api": {
        "name": "reserved",
        "title": "Reserved names",
        "version": "v1",
        "client": "Route",
        "source": "a unit test",
        "base_url": {"default": "https://reserved.example.com/api", "env": "RESERVED_BASE_URL"},
        "auth": {"scheme": "bearer", "credentials": {"token": {"env": "RESERVED_TOKEN"}}},
        "envelope": {"data": "data", "error": "error", "fields": {"meta": "Meta?"}},
        "pagination": {
            "style": "page",
            "page_param": "page",
            "current_page_field": "meta.page",
            "total_pages_field": "meta.pages",
        },
        "error_body": {"messages": ["error"]},
        "webhooks": {
            "payload": "Envelope",
            "signed_field": "data",
            "signature_field": "signature",
            "timestamp_field": "timestamp",
        },
    },
    "types": _types(),
    "resources": {
        "fields": {
            "operations": {
                "list": {
                    "endpoint": "GET /fields",
                    "query": {"datetime": "datetime?", "literal": "Literal?", "any": "string?"},
                    "response": "list[Field]",
                    "paginated": True,
                },
                "import": {
                    "endpoint": "POST /fields/import",
                    "body": {"type": "Field"},
                    "response": "Operation",
                },
                "datetime": {
                    "endpoint": "GET /fields/{id}/datetime",
                    "path": {"id": "string"},
                    "response": "Annotated | null",
                },
            },
            "resources": {
                "date": {
                    "operations": {
                        "retrieve": {
                            "endpoint": "GET /fields/{id}/date",
                            "path": {"id": "string"},
                            "response": "map[Page]",
                        }
                    }
                }
            },
        },
        "sync": {
            "operations": {
                "create": {
                    "endpoint": "POST /sync",
                    "body": {"type": "list[Query]", "argument": "queries"},
                    "response": "list[Query]",
                },
                "envelope": {"endpoint": "GET /sync/envelope", "response": "Envelope"},
                "params": {"endpoint": "GET /sync/params", "response": "Params", "envelope": False},
                "base": {"endpoint": "GET /sync/base", "response": "APIModel"},
                "t": {"endpoint": "GET /sync/t", "response": "T"},
                "pagination": {"endpoint": "GET /sync/pagination", "response": "PAGINATION"},
                "mapping": {"endpoint": "GET /sync/mapping", "response": "Mapping"},
                "model": {"endpoint": "GET /sync/model", "response": "BaseModel"},
            }
        },
    },
}


def _run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("reserved")
    (work / "specs").mkdir()
    text = yaml.safe_dump(SPEC, sort_keys=False)
    (work / "specs" / "reserved.yaml").write_text(text, encoding="utf-8")
    assert main(["--root", str(work), "--out", str(work / "out"), "generate"]) == 0
    return work / "out"


def _path(package: Path) -> str:
    """The output tree's distributions, as `sys.path` entries."""
    return os.pathsep.join(map(str, import_paths(package)))


def test_the_package_passes_ruff_black_and_mypy_strict(package: Path) -> None:
    config = str(ROOT / "pyproject.toml")
    _run(sys.executable, "-m", "ruff", "check", "--config", config, "--no-cache", ".", cwd=package)
    _run(sys.executable, "-m", "black", "--check", "--quiet", "--config", config, ".", cwd=package)
    _run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        str(ROOT / ".mypy_cache" / "reserved"),
        "--explicit-package-bases",
        *(str(path / "apiclients") for path in import_paths(package)),
        cwd=package,
        env={**os.environ, "MYPYPATH": _path(package)},
    )


def test_the_package_passes_its_own_generated_tests(package: Path) -> None:
    _run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=package)


def test_the_imported_names_come_in_under_a_private_alias(package: Path) -> None:
    own = package / "reserved" / "apiclients" / "reserved"
    types = (own / "types.py").read_text(encoding="utf-8")
    assert "from pydantic import Field as _Field" in types
    assert "from typing import Annotated as _Annotated" in types
    assert "\nclass Field(_APIModel):" in types and "\nclass APIModel(_APIModel):" in types
    resource = (own / "resources" / "fields.py").read_text("utf-8")
    assert (
        "def import_(" in resource
        and "from ..._core.operation import Operation as _Operation" in resource
    )
    protocol = (own / "_protocol.py").read_text(encoding="utf-8")
    assert "class _Envelope(" in protocol and '_T = TypeVar("_T")' in protocol


CHECK = """
import typing

from apiclients.reserved import types
from apiclients.reserved.testing import FakeRoute

for name in NAMES:
    if name != "Annotated":  # a union: an alias, not a class
        assert getattr(types, name).__module__ == "apiclients.reserved.types", name
assert types.Annotated is not typing.Annotated
assert "apiclients.reserved.types.Any | apiclients.reserved.types.Call" in repr(types.Annotated)
# The client is named Route too; the fake's client is the client, not the type.
assert FakeRoute.client_class.__module__ == "apiclients.reserved._client"
client = FakeRoute().client()
# A field named as a name the class body reads gets a `_`, as a keyword does.
field = client.fields.import_(id="f1", date=None, request_rules_="x")
assert isinstance(field, types.Operation)
assert all(isinstance(item, types.Field) for item in client.fields.list().items)
assert isinstance(client.sync.envelope(), types.Envelope)
assert isinstance(client.fields.date.retrieve("f1"), dict)
"""


def test_each_name_means_what_the_spec_says(package: Path) -> None:
    script = f"NAMES = {TYPE_NAMES!r}\n" + CHECK
    env = {**os.environ, "PYTHONPATH": _path(package)}
    _run(sys.executable, "-c", script, cwd=package, env=env)
