"""The JSON files of the output tree (the fakes' answers, the generated tests' cases)."""

from __future__ import annotations

import json
from typing import Any

from generator.render.render import _json_file


def _nested(depth: int) -> Any:
    if depth == 0:
        return ["text", "ünïcödé ✓", 1, 1.5, None, True, {}, []]
    return {f"key{index}": _nested(depth - 1) for index in range(4)}


def test_a_json_file_is_what_json_dumps_gives_however_many_batches_it_takes() -> None:
    """The text is joined a batch of tokens at a time (a large API's cases are hundreds of
    megabytes); it is json.dumps's text, byte for byte, and ends with a newline."""
    small = _nested(2)
    large = _nested(7)  # some 300,000 tokens: several batches
    for data in (small, large, [], "x"):
        assert _json_file(data) == json.dumps(data, indent=1, ensure_ascii=False) + "\n"
