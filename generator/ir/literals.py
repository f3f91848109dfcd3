"""Spec text as Python source: literals and docstring bodies that cannot become code."""

from __future__ import annotations

import json
import re
import unicodedata

from ..resolved.nodes import JSON


def py_str(text: str) -> str:
    """A Python string literal (json.dumps escapes everything that matters), quoted as black
    quotes it: double quotes unless single quotes need fewer escapes."""
    literal = json.dumps(text, ensure_ascii=False)
    if '\\"' not in literal or text.count("'") >= text.count('"'):
        return literal
    # Black's normalize_string_quotes, for what json.dumps writes: every backslash in it starts
    # an escape and a single quote is never escaped, so single quotes save one backslash per
    # double quote and cost one per single quote.
    return "'" + literal[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"


def py_value(value: JSON | bytes) -> str:
    """A Python literal for a JSON value (or bytes: a file argument shown in the docs)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, bytes):
        return "b" + py_str(value.decode("ascii", errors="backslashreplace"))
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(str(k))}: {py_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def whole(value: float) -> float | int:
    """`10.0` -> `10`: YAML and JSON numbers that are whole read as ints in code and text."""
    return int(value) if float(value).is_integer() else value


def wire_text(value: JSON) -> str:
    """A scalar as a query string, form body or path sends it: booleans as `true` / `false`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))  # as the client sends a whole `number`: `300`, not `300.0`
    return str(value)


DOC_WIDTH = 88
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def doc(text: str | None) -> str:
    """Text safe inside a triple-quoted docstring: no closing quotes, no escapes, no odd lines.

    Paragraphs are wrapped; indented lines (argument lists, examples) are kept as they are. A
    docstring of several lines ends with a newline so its closing quotes stand alone.
    """
    if not text:
        return ""
    text = text.strip().replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        lines = [line.rstrip() for line in paragraph.split("\n")]
        if any(line.startswith(" ") for line in lines[1:]) or (
            len(lines) > 1 and lines[0].endswith(":")
        ):  # laid out by its author: only a line too long is wrapped, under its own indent
            out.append("\n".join(wrapped for line in lines for wrapped in _kept(line)))
        else:
            out.append("\n".join(_wrap(" ".join(lines), DOC_WIDTH)))
    text = "\n\n".join(out)
    # Quotes next to the docstring's own quotes are written as \x22, which formatters leave alone.
    inner = text.strip('"')
    lead = len(text) - len(text.lstrip('"')) if inner else len(text)
    trail = len(text) - len(text.rstrip('"')) if inner else 0
    body = inner.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    body = "\\x22" * lead + body + "\\x22" * trail
    # Control characters cannot stand in source text; show them as escapes instead.
    body = _CONTROL.sub(lambda m: f"\\\\x{ord(m.group()):02x}", body)
    return body + "\n" if "\n" in body else body


def display_width(text: str) -> int:
    """Columns the text takes as ruff counts them: East Asian wide characters take two."""
    if text.isascii():  # most text, and a hundred times cheaper than asking per character
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _source_width(text: str) -> int:
    """Columns the text takes once written in a docstring (`doc` escapes backslashes, triple
    quotes and control characters)."""
    escapes = text.count("\\") + 2 * text.count('"""') + 4 * len(_CONTROL.findall(text))
    return display_width(text) + escapes


_SPACES = re.compile(r"[\t\n\x0b\x0c\r ]+")  # ASCII whitespace: an ideographic space is text


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Words filled into lines of at most `width` columns, each starting with `indent`. A word
    wider than a line stays whole (a URL), unless it is East Asian text, which has no spaces
    to break at and is cut between characters."""
    lines: list[str] = []
    line = ""
    for word in _SPACES.split(text.strip()):
        for piece in _pieces(word, width - len(indent)):
            if line and _source_width(line) + 1 + _source_width(piece) > width:
                lines.append(line)
                line = ""
            line = f"{line} {piece}" if line else indent + piece
    return [*lines, line] if line else lines


def fill(text: str, width: int) -> list[str]:
    """Docstring text filled into lines of at most `width` columns."""
    return _wrap(text, width)


def _pieces(word: str, width: int) -> list[str]:
    if _source_width(word) <= width or display_width(word) == len(word):
        return [word]
    pieces: list[str] = []
    piece = ""
    for ch in word:
        if piece and _source_width(piece + ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece]


def _kept(line: str) -> list[str]:
    """A line of a laid-out paragraph: as written when it fits, else wrapped under its indent."""
    if _source_width(line) <= DOC_WIDTH:
        return [line]
    indent = line[: len(line) - len(line.lstrip(" "))]
    return _wrap(line, DOC_WIDTH, indent)


def join_doc(*parts: str | None) -> str:
    """Paragraphs joined by blank lines, empty parts dropped."""
    return "\n\n".join(p.strip() for p in parts if p and p.strip())
