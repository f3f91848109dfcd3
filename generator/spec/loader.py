"""Reading a spec file: YAML with the position of every key and value kept for error messages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from .errors import SpecError, SpecErrors
from .model import Spec

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # libyaml's loader where PyYAML was built with it: several times faster
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe YAML with JSON's scalars only: `no` stays a string and dates stay strings."""


_Loader.yaml_implicit_resolvers = {}  # none of YAML 1.1's: only those below

for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:null|~|)$", ["n", "~", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|false)$", ["t", "f"]),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", list("-0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$",
        list("-0123456789"),
    ),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)

Location = tuple[str | int, ...]
MAX_SPEC_BYTES = 4 * 1024 * 1024
# Aliases can make a small file expand enormously; no real spec comes near this.
MAX_NODES = 200_000


@dataclass
class Positions:
    """1-based (line, column) of every value and every mapping key, by location path."""

    values: dict[Location, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def of(self, loc: Location, *, key: bool = False) -> tuple[int, int]:
        """The position of `loc`, or of its nearest recorded ancestor."""
        table = self.keys if key else self.values
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if prefix in table:
                return table[prefix]
            if key and prefix in self.values:
                return self.values[prefix]
        return (1, 1)


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec with the positions of its keys and its text (for error messages)."""

    display: str
    spec: Spec
    positions: Positions
    text: str


def dotted(loc: Location) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Converter:
    """Turns a composed YAML node tree into plain data, recording positions and duplicate keys."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions = Positions()
        self.errors: list[SpecError] = []
        self._constructor = _Loader("")
        self._nodes = 0

    def convert(self, node: yaml.Node, loc: Location) -> Any:
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise SpecErrors(
                [
                    SpecError(
                        self.display,
                        1,
                        1,
                        "",
                        f"the spec expands to more than {MAX_NODES} YAML nodes (aliases?)",
                    )
                ]
            )
        self.positions.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, loc)
                if key in out:
                    self._error(key_node, loc, f"duplicate key {key!r}")
                    continue
                self.positions.keys[(*loc, key)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                out[key] = self.convert(value_node, (*loc, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _scalar(self, node: yaml.Node, loc: Location) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
            self._error(node, loc, f"invalid YAML: {problem}")
            return None

    def _key(self, node: yaml.Node, loc: Location) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self._error(node, loc, "a key must be a plain string")
            return f"<invalid key at line {node.start_mark.line + 1}>"
        value = self._scalar(node, loc)
        # YAML reads `200:` as an integer; the spec language keys are all strings on the wire.
        return str(value).lower() if isinstance(value, bool) else str(value)

    def _error(self, node: yaml.Node, loc: Location, message: str) -> None:
        mark = node.start_mark
        self.errors.append(
            SpecError(self.display, mark.line + 1, mark.column + 1, dotted(loc), message)
        )


def read_yaml(text: str, display: str) -> tuple[Any, Positions]:
    """Parse YAML text into plain data plus positions; raise SpecErrors on any problem."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SPEC_BYTES:
        raise SpecErrors(
            [SpecError(display, 1, 1, "", f"file is larger than {MAX_SPEC_BYTES} bytes")]
        )
    text = text.removeprefix("\ufeff")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if mark and "\t" in text.split("\n")[mark.line][: mark.column + 1]:
            problem += " (tabs cannot indent YAML; use spaces)"
        raise SpecErrors([SpecError(display, line, col, "", f"invalid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise SpecErrors([SpecError(display, 1, 1, "", f"invalid YAML: {exc}")]) from None
    if node is None:
        raise SpecErrors([SpecError(display, 1, 1, "", "the spec is empty")])
    converter = _Converter(display)
    data = converter.convert(node, ())
    if converter.errors:
        raise SpecErrors(converter.errors)
    return data, converter.positions


def _spec_location(data: Any, loc: tuple[Any, ...], *, keep_last: bool) -> Location:
    """Pydantic's error location without the parts that are not in the spec (validator names,
    the tag of a discriminated union): each part kept is a key or index of the data below it."""
    out: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        in_data = (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        )
        if in_data:
            current = current[part]
        elif not (keep_last and index == len(loc) - 1):
            continue
        out.append(part)
    return tuple(out)


def _describe(error: Any, data: Any, positions: Positions, display: str) -> SpecError:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = _spec_location(data, error["loc"], keep_last=kind == "missing")
    if kind == "union_tag_invalid":
        key = ctx["discriminator"].strip("'")
        line, col = positions.of((*loc, key))
        message = f"must be one of {ctx['expected_tags']}, got {ctx['tag']!r}"
        return SpecError(display, line, col, dotted((*loc, key)), message)
    if kind == "union_tag_not_found":
        line, col = positions.of(loc)
        return SpecError(display, line, col, dotted(loc), f"missing key {ctx['discriminator']}")
    if kind == "unknown_key":
        key_loc = (*loc, ctx["key"])
        line, col = positions.of(key_loc, key=True)
        return SpecError(display, line, col, dotted(loc), error["msg"])
    if kind == "missing":
        line, col = positions.of(loc[:-1])
        return SpecError(display, line, col, dotted(loc[:-1]), f"missing key {loc[-1]!r}")
    line, col = positions.of(loc)
    message = error["msg"]
    if kind.startswith(("string_", "int_", "float_", "bool_", "dict_", "list_", "literal_")):
        message += (
            f", got {error['input']!r}" if not isinstance(error["input"], dict | list) else ""
        )
    return SpecError(display, line, col, dotted(loc), message)


def validate(data: Any, positions: Positions, display: str) -> Spec:
    """The spec model of parsed YAML; raise SpecErrors."""
    try:
        return Spec.model_validate(data)
    except ValidationError as exc:
        raise SpecErrors([_describe(e, data, positions, display) for e in exc.errors()]) from None


def parse_spec(
    text: str, display: str, *, upgrade: Callable[[Any], Any] | None = None
) -> LoadedSpec:
    """Parse and validate a spec's text; `upgrade` first rewrites an older spec's data in
    today's language. Cross-references are checked as the resolved model is built."""
    data, positions = read_yaml(text, display)
    if not isinstance(data, dict):
        raise SpecErrors(
            [SpecError(display, 1, 1, "", "the spec must be a mapping with 'api' at the top")]
        )
    data = upgrade(data) if upgrade is not None else data
    return LoadedSpec(display, validate(data, positions, display), positions, text)


def load_spec(path: Path, display: str | None = None) -> LoadedSpec:
    """Read and validate one spec file."""
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecErrors([SpecError(display, 1, 1, "", f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecErrors(
            [SpecError(display, 1, 1, "", f"not UTF-8 text (byte {exc.start})")]
        ) from None
    return parse_spec(text, display)
