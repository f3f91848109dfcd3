"""Reading an OpenAPI document: JSON or YAML, guarded, with JSON pointers and local `$ref`s.

A document that cannot be read is refused with a `DocumentError` naming the file, the JSON
pointer of the problem and the reason. The guards: the file's size, YAML aliases that expand
too far or refer to themselves, `$ref`s that leave the document, point nowhere or form a cycle.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import yaml

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
# Nodes a YAML document may expand to through its aliases (the largest real documents have a
# few million); a "billion laughs" file is refused before anything walks it.
MAX_YAML_NODES = 5_000_000

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # libyaml's loader where PyYAML was built with it: several times faster
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _JsonScalars(_BaseLoader):
    """Safe YAML whose plain scalars resolve as JSON's do: dates and `no` stay strings."""


_JsonScalars.yaml_implicit_resolvers = {}  # none of YAML 1.1's: only those below


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
    _JsonScalars.add_implicit_resolver(_tag, re.compile(_pattern), _first)


class DocumentError(Exception):
    """The document cannot be read: where (file and JSON pointer) and why."""

    def __init__(self, file: str, pointer: str, reason: str) -> None:
        self.file = file
        self.pointer = pointer
        self.reason = reason
        super().__init__(f"{file}#{pointer}: {reason}")


def mapping(value: Any) -> dict[str, Any]:
    """`value` where it is a mapping, else an empty one (a document may hold anything)."""
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list[Any]:
    """`value` where it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def escape(key: object) -> str:
    """A JSON pointer token (RFC 6901): `~` -> `~0`, `/` -> `~1`."""
    return str(key).replace("~", "~0").replace("/", "~1")


def child(pointer: str, *keys: object) -> str:
    return pointer + "".join("/" + escape(k) for k in keys)


def _yaml_size(node: yaml.Node, sizes: dict[int, int], open_: set[int]) -> int:
    """How many nodes `node` stands for once its aliases are expanded (each alias counts whole)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_:
        raise ValueError("a YAML alias refers to a node that contains it")
    open_.add(key)
    total = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _yaml_size(k, sizes, open_) + _yaml_size(v, sizes, open_)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            total += _yaml_size(item, sizes, open_)
    open_.discard(key)
    sizes[key] = min(total, MAX_YAML_NODES + 1)
    return sizes[key]


def _parse_yaml(text: str, display: str) -> Any:
    try:
        node = yaml.compose(text, Loader=_JsonScalars)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DocumentError(display, "", f"invalid YAML{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise DocumentError(display, "", f"invalid YAML: {exc}") from None
    if node is None:
        raise DocumentError(display, "", "the document is empty")
    try:
        size = _yaml_size(node, {}, set())
    except (ValueError, RecursionError):
        raise DocumentError(
            display, "", "a YAML alias refers to a node that contains it (a cycle)"
        ) from None
    if size > MAX_YAML_NODES:
        raise DocumentError(
            display, "", f"YAML aliases expand the document to more than {MAX_YAML_NODES} nodes"
        )
    try:
        return yaml.load(text, Loader=_JsonScalars)
    except yaml.YAMLError as exc:
        raise DocumentError(display, "", f"invalid YAML: {exc}") from None


def parse_text(text: str, display: str) -> Any:
    """JSON when it parses as JSON, else YAML (JSON is YAML, but the JSON parser is faster)."""
    text = text.removeprefix("\ufeff")
    if text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if text.lstrip()[:1] == "{" and display.endswith(".json"):
                raise DocumentError(
                    display, "", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
                ) from None
        except RecursionError:
            raise DocumentError(display, "", "the JSON nests too deeply") from None
    try:
        return _parse_yaml(text, display)
    except RecursionError:
        raise DocumentError(display, "", "the YAML nests too deeply") from None


def read_document(path: Path, display: str | None = None) -> Document:
    """The OpenAPI document at `path`; raise DocumentError when it cannot be read."""
    display = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(display, "", f"larger than {MAX_DOCUMENT_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(display, "", f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(display, "", f"not UTF-8 text (byte {exc.start})") from None
    data = parse_text(text, display)
    if not isinstance(data, dict):
        raise DocumentError(display, "", "an OpenAPI document is a mapping at the top")
    document = Document(display, data)
    document.check_version()
    return document


@dataclass
class Document:
    """The parsed document, with `$ref` resolution inside it."""

    display: str
    data: dict[str, Any]
    _cache: dict[str, Any] = field(default_factory=dict)

    def check_version(self) -> None:
        version = self.data.get("openapi")
        if "swagger" in self.data and version is None:
            raise DocumentError(
                self.display,
                "/swagger",
                f"Swagger {self.data['swagger']} is not read: convert it to OpenAPI 3 first",
            )
        if not isinstance(version, str) or not re.match(r"^3\.[01]\.", version):
            raise DocumentError(
                self.display, "/openapi", f"not an OpenAPI 3.0 or 3.1 document ({version!r})"
            )
        paths = self.data.get("paths", {})
        if not isinstance(paths, dict):
            raise DocumentError(self.display, "/paths", "`paths` must be a mapping")

    @property
    def version(self) -> str:
        return str(self.data["openapi"])

    def error(self, pointer: str, reason: str) -> DocumentError:
        return DocumentError(self.display, pointer, reason)

    def at(self, pointer: str, origin: str) -> Any:
        """The value a local pointer (`/components/schemas/Pet`) names; `origin` is where the
        `$ref` was met, for the error."""
        if pointer in self._cache:
            return self._cache[pointer]
        node: Any = self.data
        for token in pointer.split("/")[1:] if pointer else []:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise self.error(origin, f"$ref target #{pointer} does not exist")
        self._cache[pointer] = node
        return node

    def target(self, ref: object, origin: str) -> str:
        """The local pointer a `$ref` value names; refuse references outside the document."""
        if not isinstance(ref, str):
            raise self.error(origin, f"$ref must be a string, got {ref!r}")
        if not ref.startswith("#"):
            raise self.error(
                origin, f"$ref {ref!r} leaves the document (only #/... references are read)"
            )
        return unquote(ref[1:])

    def resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        """`node` with its `$ref` chain followed: (the value, its pointer)."""
        seen = [pointer]
        while isinstance(node, dict) and "$ref" in node:
            target = self.target(node["$ref"], seen[-1])
            if target in seen:
                chain = " -> ".join(f"#{p}" for p in [*seen[1:], target])
                raise self.error(pointer, f"$ref cycle: {chain}")
            seen.append(target)
            node = self.at(target, seen[-2])
        return node, seen[-1]
