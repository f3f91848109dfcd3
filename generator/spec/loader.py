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


def reads_as_string(text: str) -> bool:
    """Whether `text`, written as a plain scalar, reads back as a string (not a number, a boolean
    or null): a writer quotes it when not."""
    resolvers = _Loader.yaml_implicit_resolvers.get(text[:1], [])
    return not any(pattern.match(text) for _, pattern in resolvers)


# `<<:` merges a mapping (usually an alias) into the one holding it; a quoted "<<" stays a key.
_MERGE_TAG = "tag:yaml.org,2002:merge"
_Loader.add_implicit_resolver(_MERGE_TAG, re.compile(r"^<<$"), ["<"])
_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")

Location = tuple[str | int, ...]
MAX_SPEC_BYTES = 4 * 1024 * 1024
# Aliases can make a small file expand enormously; no real spec comes near this.
MAX_NODES = 200_000


@dataclass
class Positions:
    """1-based (line, column) of every value and every mapping key, by location path."""

    values: dict[Location, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Location, tuple[int, int]] = field(default_factory=dict)
    # Where a shared block (a YAML anchor used by an alias or a merge key) is placed, by the
    # anchor's name: its definition, each alias, and each mapping that merges it (`<<:`), whose
    # keys the block brings are in `merged`.
    blocks: dict[Location, str] = field(default_factory=dict)
    merged: dict[Location, str] = field(default_factory=dict)
    merge_sites: dict[Location, list[str]] = field(default_factory=dict)

    def block_of(self, loc: Location) -> tuple[str, Location] | None:
        """(anchor name, where it is placed) of the shared block `loc` is in, if any."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.blocks:
                return self.blocks[loc[:end]], loc[:end]
            if loc[:end] in self.merged:
                return self.merged[loc[:end]], loc[: end - 1]
        return None

    def block_uses(self, name: str) -> list[Location]:
        """Every place the shared block `name` is written or used, in document order."""
        return sorted(
            [loc for loc, block in self.blocks.items() if block == name]
            + [loc for loc, names in self.merge_sites.items() if name in names],
            key=lambda loc: self.keys.get(loc, self.values.get(loc, (0, 0))),
        )

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

    def __init__(self, display: str, text: str = "") -> None:
        self.display = display
        self.text = text
        self.positions = Positions()
        self.errors: list[SpecError] = []
        self._constructor = _Loader("")
        self._nodes = 0
        self._placed: dict[int, Location] = {}  # each collection node by where it first appears
        self._first_merged: set[int] = set()  # nodes first met as a merged block

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
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self._note_alias(node, loc)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _note_alias(self, node: yaml.Node, loc: Location) -> None:
        """A node met a second time is an alias: both places hold one shared block."""
        first = self._placed.setdefault(id(node), loc)
        name = self._anchor(node) if first != loc else None
        if name is not None:
            if id(node) not in self._first_merged:  # a merge site holds only the keys it lacks
                self.positions.blocks.setdefault(first, name)
            self.positions.blocks[loc] = name

    def _anchor(self, node: yaml.Node) -> str | None:
        found = _ANCHOR.match(self.text, node.start_mark.index)
        return found[1] if found else None

    def _mapping(self, node: yaml.MappingNode, loc: Location) -> dict[str, Any]:
        """Its keys, after those a merge key (`<<:`) brings that it does not set itself: the
        order and precedence YAML gives them."""
        out: dict[str, Any] = {}
        merges = [value for key, value in node.value if key.tag == _MERGE_TAG]
        if len(merges) > 1:
            self._error(node, loc, "duplicate key '<<' (merge several blocks with a list)")
        own = {
            str(key.value)
            for key, _ in node.value
            if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE_TAG
        }
        for source in merges[:1]:
            self._merge(source, loc, out, own)
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self._key(key_node, loc)
            if key in seen:
                self._error(key_node, loc, f"duplicate key {key!r}")
                continue
            seen.add(key)
            self._place_key(key_node, (*loc, key))
            out[key] = self.convert(value_node, (*loc, key))
        return out

    def _merge(self, source: yaml.Node, loc: Location, out: dict[str, Any], own: set[str]) -> None:
        blocks = source.value if isinstance(source, yaml.SequenceNode) else [source]
        if not all(isinstance(block, yaml.MappingNode) for block in blocks):
            self._error(source, loc, "a merge key '<<' takes a mapping or a list of mappings")
            return
        for block in blocks:  # the first block that sets a key wins, as in YAML
            if id(block) not in self._placed:
                self._first_merged.add(id(block))
            first = self._placed.setdefault(id(block), loc)
            name = self._anchor(block)
            if name is not None:
                if first != loc:
                    self.positions.blocks.setdefault(first, name)
                self.positions.merge_sites.setdefault(loc, []).append(name)
            for key_node, value_node in block.value:
                key = self._key(key_node, loc)
                if key in out or key_node.tag == _MERGE_TAG:
                    continue
                if key in own:
                    out[key] = None  # its place, for the value the mapping sets itself
                    continue
                self._place_key(key_node, (*loc, key))
                if name is not None:
                    self.positions.merged[(*loc, key)] = name
                out[key] = self.convert(value_node, (*loc, key))

    def _place_key(self, key_node: yaml.Node, loc: Location) -> None:
        self.positions.keys[loc] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)

    def _scalar(self, node: yaml.Node, loc: Location) -> Any:
        if node.tag == _MERGE_TAG:  # `<<` as a value is a plain string
            return node.value
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
    converter = _Converter(display, text)
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
