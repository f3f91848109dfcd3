"""Import blocks built from the names a rendered module uses, in ruff's isort order."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.render.imports import ModulePlace, import_block, used_names

RUNTIME_CORE = (
    Path(__file__).resolve().parents[3] / "templates" / "runtime" / "apiclients" / "_core"
)

SOURCE = """
class Booking(APIModel):
    when: _dt.datetime
    tags: list[str] = Field(default_factory=list)
    extra: Mapping[str, Any] | None = None
    owner: Person | NotGiven = NOT_GIVEN


def helper(client: httpx.Client) -> Envelope[Any]:
    return _core_webhooks.verify(client)
"""
LOCAL = {"Person": ".types", "Envelope": "._protocol", "Booking": ".types"}


def test_used_and_defined_names() -> None:
    used, defined = used_names(ast.parse(SOURCE))
    assert {"APIModel", "_dt", "Field", "Mapping", "Person", "httpx", "_core_webhooks"} <= used
    assert defined == {"Booking", "helper"}


def test_a_module_of_an_api_package() -> None:
    assert import_block(ast.parse(SOURCE), ModulePlace("shop", 0), LOCAL) == "\n".join(
        [
            "import datetime as _dt",
            "from collections.abc import Mapping",
            "from typing import Any",
            "",
            "import httpx",
            "from pydantic import Field",
            "",
            "from .._core import webhooks as _core_webhooks",
            "from .._core.models import APIModel",
            "from .._core.types import NOT_GIVEN, NotGiven",
            "from ._protocol import Envelope",
            "from .types import Person",
        ]
    )


def test_depth_adds_a_level_to_every_relative_import() -> None:
    block = import_block(ast.parse(SOURCE), ModulePlace("shop", 1), LOCAL)
    assert "from ..._core.models import APIModel" in block
    assert "from .._protocol import Envelope" in block


def test_names_the_module_defines_or_builtins_are_not_imported() -> None:
    assert (
        import_block(
            ast.parse("class Person:\n    x: list[int]\n\nPerson()\n"),
            ModulePlace("shop", 0),
            LOCAL,
        )
        == ""
    )


def test_every_runtime_export_is_importable_from_where_the_table_says() -> None:
    # The table comes from each core module's __all__: each listed name must be defined there.
    for module in sorted(RUNTIME_CORE.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        exported = next(
            (
                ast.literal_eval(node.value)
                for node in tree.body
                if isinstance(node, ast.Assign)
                and [getattr(t, "id", None) for t in node.targets] == ["__all__"]
            ),
            [],
        )
        _, defined = used_names(ast.parse(module.read_text(encoding="utf-8")))
        imported = {
            alias.asname or alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert set(exported) <= defined | imported, module.name
