"""The one JSON decoder of the package, for every body a server or caller hands it.

`json.loads` raises `RecursionError` on deeply nested input and `UnicodeDecodeError` on bytes
that are not UTF-8; callers would have to know both. Here every way of not being readable JSON
becomes one `JSONProblem`, which each caller turns into its own package error.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["JSONProblem", "decode_json", "encode_json"]


class JSONProblem(ValueError):
    """The text is not JSON this package can read; the message says why, never the text."""


MAX_DEPTH = 200
"""The deepest nesting read: what pydantic's JSON reader accepts (a response read strictly), and
below what its serializer can write back (`model_dump_json` fails past about 255 levels)."""


def decode_json(content: bytes | bytearray | str) -> Any:
    try:
        value = json.loads(content)
    except RecursionError:
        raise JSONProblem("nested too deeply to read") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError alike
        raise JSONProblem(f"not JSON ({type(exc).__name__} at position {_position(exc)})") from None
    if isinstance(value, dict | list) and _deeper_than(value, MAX_DEPTH):
        raise JSONProblem(f"nested too deeply to read (more than {MAX_DEPTH} levels)")
    return value


def _deeper_than(value: dict[str, Any] | list[Any], limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        container, depth = stack.pop()
        if depth > limit:
            return True
        children = container.values() if isinstance(container, dict) else container
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def encode_json(value: Any, **options: Any) -> str:
    """`json.dumps`, with the same failures (too deep, not serialisable) as one `JSONProblem`."""
    try:
        return json.dumps(value, **options)
    except RecursionError:
        raise JSONProblem("nested too deeply to write") from None
    except (TypeError, ValueError) as exc:
        raise JSONProblem(f"cannot be written as JSON ({type(exc).__name__})") from None


def _position(exc: ValueError) -> object:
    return getattr(exc, "pos", getattr(exc, "start", None))
