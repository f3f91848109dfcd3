"""The exception a documented error status raises, as the runtime decides it.

The runtime's `errors.STATUS_ERRORS` table is read from its source (the generator does not import
the runtime, which needs httpx), so a docstring's `Raises:` names the class a caller catches.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

RUNTIME_ERRORS = (
    Path(__file__).resolve().parents[2] / "templates" / "runtime" / "apiclients" / "errors.py"
)
# `errors.status_error_class` sends every 5xx here and any other unlisted status to the base class.
SERVER_ERROR = "InternalServerError"
OTHER_STATUS_ERROR = "APIStatusError"


@cache
def _status_table() -> dict[int, str]:
    for node in ast.parse(RUNTIME_ERRORS.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "STATUS_ERRORS"
            and isinstance(node.value, ast.Dict)
        ):
            return {
                ast.literal_eval(key): value.id
                for key, value in zip(node.value.keys, node.value.values, strict=True)
                if key is not None and isinstance(value, ast.Name)
            }
    raise LookupError(f"no STATUS_ERRORS table in {RUNTIME_ERRORS}")


def error_class(status: int) -> str:
    """`409` -> `ConflictError`: the class of `apiclients.errors` a response of `status` raises."""
    if status >= 500:
        return SERVER_ERROR
    return _status_table().get(status, OTHER_STATUS_ERROR)
