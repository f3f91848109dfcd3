"""The generator's habit of short functions, kept by a check rather than by memory."""

from __future__ import annotations

import ast
from pathlib import Path

import generator

LIMIT = 60  # lines, from `def` to the last line of the body


def test_no_generator_function_is_longer_than_the_limit() -> None:
    root = Path(generator.__file__).parent
    long = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LIMIT:
                    long.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({length})")
    assert long == []
