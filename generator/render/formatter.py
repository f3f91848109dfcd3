"""Generated Python formatted as black formats it: ruff's formatter, and one rule of black's.

`ruff format` lays our code out as black does but for one shape: a parameter whose annotation
is a union (`status: A | B | None = NOT_GIVEN,`) and does not fit on its line. Black wraps the
annotation in parentheses and splits inside them; ruff splits at the top-level `|` without
them. So each module is formatted by ruff; where ruff split such an annotation over several
lines, it is put in parentheses and the module formatted again, and ruff, keeping parentheses
that are written, then lays out what is inside them as black does.

Black stays the formatter of record: `make test` runs `black --check` on every generated file,
and a property test compares, on random specs, with `apigen generate --format`, which runs
black on every whole file (`with_black`).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..ir.literals import display_width, fill

LINE_LENGTH = 100
TARGET_VERSION = "py310"

# A line ruff starts with a union's `|`: only a module holding one can need the rule.
_UNION_CONTINUATION = re.compile(r"^ *\| ", re.MULTILINE)


def with_ruff(sources: list[str]) -> list[str]:
    """The sources formatted as black formats them (see the module's docstring)."""
    formatted = _ruff([wrap_docstrings(source) for source in sources])
    todo = {
        index: spans
        for index, text in enumerate(formatted)
        if _UNION_CONTINUATION.search(text) and (spans := _split_union_annotations(text))
    }
    if todo:
        again = _ruff([_parenthesized(formatted[index], spans) for index, spans in todo.items()])
        formatted = [*formatted]
        for index, text in zip(todo, again, strict=True):
            formatted[index] = text
    return [_LONG_DICT_ENTRY.sub(_split_dict_entry, text) for text in formatted]


def with_black(sources: list[str]) -> list[str]:
    """Each whole source formatted by black, the formatter of record."""
    import black  # about 0.4 s to import: only for `apigen generate --format` and the tests

    mode = black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY310})
    try:
        return [black.format_str(wrap_docstrings(source), mode=mode) for source in sources]
    except black.InvalidInput as exc:
        raise RuntimeError(f"generated code is not valid Python: {exc}") from None


# A docstring on one line: `"""Arguments of `resource.method`."""`, indented.
# A docstring's first line: `"""Arguments of `resource.method`."""`, or its summary when more
# lines follow (`"""Models and enums of the <title>.`), indented.
_FIRST_LINE = re.compile(r'^( *)"""([^"\n]+(?:"(?!"")[^"\n]*)*)((?:""")?)$', re.MULTILINE)


# A dictionary entry `"key": name,` on a line of its own (an argument passed on by its own
# name). Neither formatter breaks it however long; black lays out the value in parentheses,
# which it keeps, as this does.
_LONG_DICT_ENTRY = re.compile(r'^( *)("[^"\\\n]*": )([A-Za-z_][\w.]*),$', re.MULTILINE)


def _split_dict_entry(match: re.Match[str]) -> str:
    if display_width(match.group(0)) <= LINE_LENGTH:
        return match.group(0)
    indent, key, value = match.groups()
    return f"{indent}{key}(\n{indent}    {value}\n{indent}),"


def wrap_docstrings(source: str) -> str:
    """A docstring's first line too long for its line wrapped over several, as a careful person
    would: a sentence built from long names (`Arguments of `<resource>.<a long method>``, an
    API's long title) does not fit, and formatters leave docstrings as they are."""

    def wrapped(match: re.Match[str]) -> str:
        indent, text, closing = match.groups()
        if display_width(match.group(0)) <= LINE_LENGTH:
            return match.group(0)
        lines = fill(text, LINE_LENGTH - len(indent) - 3)
        if len(lines) < 2:  # fits but for its closing quotes: wrapped where they fit too
            lines = fill(text, LINE_LENGTH - len(indent) - 3 - len(closing))
        if len(lines) < 2:  # one word longer than a line: nothing to wrap at
            return match.group(0)
        body = "\n".join(indent + line for line in lines[1:])
        end = f"\n{indent}{closing}" if closing else ""
        return f'{indent}"""{lines[0]}\n{body}{end}'

    return _FIRST_LINE.sub(wrapped, source)


# (first line, its column, last line, past-the-end column): lines 1-based, columns in UTF-8
# bytes, as the parser counts them.
_Span = tuple[int, int, int, int]


def _split_union_annotations(source: str) -> list[_Span]:
    """Where a parameter's annotation is a union that ruff split over lines without
    parentheses (with them, it starts on the line after its parameter's name)."""
    spans = []
    for parameter in _parameters(ast.parse(source).body):
        annotation = parameter.annotation
        if (
            isinstance(annotation, ast.BinOp)
            and isinstance(annotation.op, ast.BitOr)
            and annotation.lineno == parameter.lineno
            and annotation.end_lineno is not None
            and annotation.end_lineno > annotation.lineno
            and annotation.end_col_offset is not None
        ):
            spans.append(
                (
                    annotation.lineno,
                    annotation.col_offset,
                    annotation.end_lineno,
                    annotation.end_col_offset,
                )
            )
    return spans


def _parameters(nodes: Iterable[ast.AST]) -> Iterator[ast.arg]:
    """The parameters of every function defined among `nodes`, at any depth (statements only are
    visited, several times faster than every node)."""
    for node in nodes:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            yield from [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            yield from (arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None)
        if isinstance(node, ast.stmt | ast.excepthandler | ast.match_case):
            yield from _parameters(ast.iter_child_nodes(node))


def _parenthesized(source: str, spans: list[_Span]) -> str:
    """The source with each span in parentheses."""
    lines = [line.encode() for line in source.split("\n")]
    for first, start, last, end in sorted(spans, reverse=True):  # later spans first
        lines[last - 1] = lines[last - 1][:end] + b")" + lines[last - 1][end:]
        lines[first - 1] = lines[first - 1][:start] + b"(" + lines[first - 1][start:]
    return "\n".join(line.decode() for line in lines)


def _ruff(sources: list[str]) -> list[str]:
    """`ruff format` on the sources: one run over files in a scratch folder, each named
    explicitly (so that no exclusion rule applies), with no configuration file read."""
    from ruff.__main__ import find_ruff_bin  # where older ruff releases define it too

    with tempfile.TemporaryDirectory(prefix="apigen-format-") as scratch:
        paths = [Path(scratch) / f"{index}.py" for index in range(len(sources))]
        for path, source in zip(paths, sources, strict=True):
            path.write_bytes(source.encode("utf-8"))
        command = [
            find_ruff_bin(),
            "format",
            "--isolated",
            "--no-cache",
            "--quiet",
            f"--line-length={LINE_LENGTH}",
            f"--target-version={TARGET_VERSION}",
            "--config=format.line-ending='lf'",
            *map(str, paths),
        ]
        # Ruff's own environment variables could change what it does; ours must not.
        env = {key: value for key, value in os.environ.items() if not key.startswith("RUFF_")}
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:  # a template bug, not a spec error
            raise RuntimeError(f"ruff could not format the generated code: {result.stderr}")
        return [path.read_bytes().decode("utf-8") for path in paths]
