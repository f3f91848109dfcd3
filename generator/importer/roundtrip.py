"""The round trip: the OpenAPI export of the client generated from an imported spec, against
the document it was imported from.

They should agree on every operation (method and path), parameter (name, location, required),
request and response body schema (property names, types, required, nullable) and security
scheme; a difference counts as explained when the import recorded a note on the element it
concerns (at its JSON pointer, or inside or around it).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..openapi import build_openapi, path_prefix
from ..spec.errors import SpecErrors
from .build import Imported
from .constructs import Findings
from .document import Document, DocumentError, child, mapping
from .operations import METHODS, OTHER_METHODS, media_kind

_MAX_DEPTH = 4


@dataclass(frozen=True)
class Difference:
    kind: str
    pointer: str
    detail: str
    explained: bool

    def __str__(self) -> str:
        mark = "explained" if self.explained else "UNEXPLAINED"
        return f"{mark} {self.kind} #{self.pointer}: {self.detail}"

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "pointer": "#" + self.pointer,
            "detail": self.detail,
            "explained": self.explained,
        }


class _NotedPointers:
    """The pointers of an import's findings, asked whether a note is at a pointer, at an
    element containing it, or at one inside it (in time logarithmic in the notes: a large
    document has thousands of notes and of differences)."""

    def __init__(self, findings: Findings) -> None:
        # An example says nothing the round trip compares: its note explains no difference.
        self.exact = {f.pointer for f in findings.items if f.construct.id != "example.mismatch"}
        self.ordered = sorted(self.exact)

    def related(self, pointer: str) -> bool:
        parts = pointer.split("/")
        if any("/".join(parts[:end]) in self.exact for end in range(1, len(parts) + 1)):
            return True
        inside = pointer + "/"
        index = bisect.bisect_left(self.ordered, inside)
        return index < len(self.ordered) and self.ordered[index].startswith(inside)


def compare_with_export(imported: Imported, spec_path: Path) -> list[Difference]:
    from ..ir.build import build_api
    from ..resolved.build import resolve
    from ..spec.loader import load_spec

    try:
        api = imported.api or resolve(load_spec(spec_path, str(spec_path)))
        build_api(api)  # the Python names the spec's become may collide: then it is invalid
    except SpecErrors as exc:
        return [Difference("spec-invalid", "", str(exc).split("\n")[0], False)]
    except Exception as exc:
        return [Difference("generator-crash", "", f"{type(exc).__name__}: {exc}"[:300], False)]
    export = build_openapi(api)
    prefix = path_prefix(api)
    return _Comparison(imported.document, imported.findings, export, prefix).run()


class _Comparison:
    def __init__(
        self, doc: Document, findings: Findings, export: dict[str, Any], prefix: str
    ) -> None:
        self.doc = doc
        self.noted = _NotedPointers(findings)
        self.export = export
        self.prefix = prefix
        self.out: list[Difference] = []
        self._compared: set[tuple[str, str]] = set()

    def add(self, kind: str, pointer: str, detail: str) -> None:
        self.out.append(Difference(kind, pointer, detail, self.noted.related(pointer)))

    def run(self) -> list[Difference]:
        exported = {}
        for path, item in (self.export.get("paths") or {}).items():
            for method, operation in item.items():
                exported[(method, path.removeprefix(self.prefix) or "/")] = operation
        for path, item in (self.doc.data.get("paths") or {}).items():
            pointer = child("/paths", path)
            item, _ = self._resolve(item, pointer)
            if not isinstance(item, dict):
                continue
            for method in (m for m in item if m in METHODS + OTHER_METHODS):
                at = child(pointer, method)
                operation, _ = self._resolve(item[method], at)
                if not isinstance(operation, dict):
                    continue
                mine = exported.pop((method, path), None)
                if mine is None:
                    self.add("operation-missing", at, f"{method.upper()} {path}")
                    continue
                self._parameters(item, operation, mine, at)
                self._request(operation, mine, at)
                self._response(operation, mine, at)
        for method, path in exported:
            self.add("operation-extra", "/paths", f"{method.upper()} {path}")
        self._security()
        return self.out

    def _resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        try:
            return self.doc.resolve(node, pointer)
        except DocumentError:
            return None, pointer

    # -- parameters -------------------------------------------------------------------------

    def _parameters(
        self, item: dict[str, Any], operation: dict[str, Any], mine: dict[str, Any], at: str
    ) -> None:
        source: dict[tuple[str, str], tuple[bool, str]] = {}
        item_at = at.rsplit("/", 1)[0]
        for owner, base in ((item, item_at), (operation, at)):
            for index, parameter in enumerate(owner.get("parameters") or []):
                pointer = child(base, "parameters", index)
                parameter, _ = self._resolve(parameter, pointer)
                if isinstance(parameter, dict) and "name" in parameter and "in" in parameter:
                    required = parameter["in"] == "path" or parameter.get("required") is True
                    source[(parameter["in"], str(parameter["name"]))] = (required, pointer)
        exported = {
            (p["in"], p["name"]): p.get("required", False) for p in mine.get("parameters", [])
        }
        for key, (required, pointer) in source.items():
            if key not in exported:
                if key[0] == "header" and key[1].lower() in (
                    "accept",
                    "content-type",
                    "authorization",
                ):
                    continue
                self.add("parameter-missing", pointer, f"{key[0]} parameter {key[1]!r}")
            elif exported[key] != required:
                self.add(
                    "parameter-required",
                    pointer,
                    f"{key[0]} parameter {key[1]!r}: required {required} in the document, "
                    f"{exported[key]} in the export",
                )
        for key in exported:
            if key not in source:
                self.add("parameter-extra", at, f"{key[0]} parameter {key[1]!r}")

    # -- bodies -----------------------------------------------------------------------------

    def _request(self, operation: dict[str, Any], mine: dict[str, Any], at: str) -> None:
        pointer = child(at, "requestBody")
        body, _ = self._resolve(operation.get("requestBody"), pointer)
        media = _readable(body, ("json", "form"))
        exported = _readable(mine.get("requestBody"), ("json", "form"))
        if media is None and exported is None:
            return
        if media is None or exported is None:
            self.add("body-" + ("extra" if media is None else "missing"), pointer, "request body")
            return
        if isinstance(media[1], dict):
            self._schema(
                media[1].get("schema"),
                child(pointer, "content", media[0], "schema"),
                exported[1].get("schema"),
                "request body",
                0,
            )

    def _response(self, operation: dict[str, Any], mine: dict[str, Any], at: str) -> None:
        responses = mapping(operation.get("responses"))
        codes = sorted(str(c) for c in responses if str(c)[:1] == "2" and str(c).isdigit())
        exported_codes = [c for c in mine.get("responses", {}) if c.startswith("2")]
        if not codes:
            return
        pointer = child(at, "responses", codes[0])
        # A YAML document's `200:` is a number: the key may be either.
        numbered: dict[Any, Any] = responses
        response, _ = self._resolve(numbered.get(codes[0], numbered.get(int(codes[0]))), pointer)
        media = _readable(response, ("json",))
        if exported_codes and exported_codes[0] != codes[0] and media is not None:
            self.add(
                "response-status",
                pointer,
                f"success status {codes[0]} in the document, " f"{exported_codes[0]} in the export",
            )
        exported = _readable(
            (mine.get("responses") or {}).get(exported_codes[0] if exported_codes else "", {}),
            ("json",),
        )
        if media is None and exported is None:
            return
        if media is None or exported is None:
            self.add(
                "response-body-" + ("extra" if media is None else "missing"),
                pointer,
                "response body",
            )
            return
        if isinstance(media[1], dict):
            self._schema(
                media[1].get("schema"),
                child(pointer, "content", media[0], "schema"),
                exported[1].get("schema"),
                "response body",
                0,
            )

    # -- schemas ----------------------------------------------------------------------------

    def _schema(self, source: Any, pointer: str, mine: Any, label: str, depth: int) -> None:
        said_nullable = isinstance(source, dict) and source.get("nullable") is True
        source, pointer = self._resolve(source, pointer)
        mine = self._mine(mine)
        key = (pointer, repr(sorted(mine)) if isinstance(mine, dict) else "")
        if depth > _MAX_DEPTH or key in self._compared or not isinstance(source, dict):
            return
        self._compared.add(key)
        theirs, ours = _shape(self.doc, source, pointer), _shape_export(self, mine)
        theirs["nullable"] = theirs["nullable"] or said_nullable
        if theirs["kind"] in ("union", "any") or ours["kind"] in ("union", "any"):
            return
        if theirs["kind"] != ours["kind"] and not {theirs["kind"], ours["kind"]} <= {
            "integer",
            "number",
        }:
            self.add(
                "type",
                pointer,
                f"{label}: {theirs['kind']} in the document, {ours['kind']} in the export",
            )
            return
        if theirs["nullable"] != ours["nullable"]:
            self.add(
                "nullable",
                pointer,
                f"{label}: nullable {theirs['nullable']} in the document, "
                f"{ours['nullable']} in the export",
            )
        if theirs["kind"] == "array":
            self._schema(
                theirs["items"][0], theirs["items"][1], ours["items"], f"{label}[]", depth + 1
            )
        if theirs["kind"] == "object":
            self._properties(theirs, ours, label, depth)

    def _properties(
        self, theirs: dict[str, Any], ours: dict[str, Any], label: str, depth: int
    ) -> None:
        for name, (schema, pointer) in theirs["properties"].items():
            if name not in ours["properties"]:
                self.add("property-missing", pointer, f"{label}.{name}")
                continue
            if (name in theirs["required"]) != (name in ours["required"]):
                self.add(
                    "required",
                    pointer,
                    f"{label}.{name}: required {name in theirs['required']} "
                    f"in the document, {name in ours['required']} in the export",
                )
            self._schema(schema, pointer, ours["properties"][name], f"{label}.{name}", depth + 1)
        for name in ours["properties"]:
            if name not in theirs["properties"]:
                self.add("property-extra", theirs["pointer"], f"{label}.{name}")

    def _mine(self, schema: Any) -> Any:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 20:
            name = schema["$ref"].rsplit("/", 1)[1]
            schema = self.export["components"]["schemas"].get(name, {})
            seen += 1
        return schema

    # -- security ---------------------------------------------------------------------------

    def _security(self) -> None:
        schemes = (self.doc.data.get("components") or {}).get("securitySchemes") or {}
        used = {n for r in self.doc.data.get("security") or [] if isinstance(r, dict) for n in r}
        ours = list((self.export.get("components") or {}).get("securitySchemes", {}).values())
        kinds = {_scheme_kind(s) for s in ours}
        for name in sorted(used):
            pointer = child("/components/securitySchemes", name)
            scheme, _ = self._resolve(schemes.get(name), pointer)
            if isinstance(scheme, dict) and _scheme_kind(scheme) not in kinds:
                self.add("security", pointer, f"scheme {name!r} ({_scheme_kind(scheme)})")


def _scheme_kind(scheme: dict[str, Any]) -> str:
    kind = str(scheme.get("type"))
    if kind == "http":
        return f"http {str(scheme.get('scheme', '')).lower()}"
    if kind in ("oauth2", "openIdConnect"):
        return "http bearer"
    if kind == "apiKey":  # where the key goes is part of the scheme (a header's name any case)
        name = str(scheme.get("name"))
        return (
            f"apiKey in {scheme.get('in')} {name.lower() if scheme.get('in') == 'header' else name}"
        )
    return kind


def _readable(holder: Any, kinds: tuple[str, ...]) -> tuple[str, Any] | None:
    """The first media type of a body the language reads, else the first of any kind (its
    schema is then not compared, only that there is a body)."""
    content = holder.get("content") if isinstance(holder, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    for media_type, media in content.items():
        if media_kind(media_type) in kinds:
            return media_type, media
    return next(iter(content)), None


def _shape(
    doc: Document, schema: dict[str, Any], pointer: str, seen: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """kind, nullable, properties (name -> (schema, pointer)), required and items of a
    document schema, its `allOf` parts merged."""
    kind = schema.get("type")
    nullable = schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind)
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else ("union" if kinds else "any")
    properties: dict[str, tuple[Any, str]] = {}
    required: set[str] = set()
    for index, part in enumerate(schema.get("allOf") or []):
        try:
            target, target_pointer = doc.resolve(part, child(pointer, "allOf", index))
        except DocumentError:
            continue
        if isinstance(target, dict) and target_pointer not in seen:
            inner = _shape(doc, target, target_pointer, seen | {target_pointer})
            properties.update(inner["properties"])
            required |= inner["required"]
            kind = kind or (inner["kind"] if inner["kind"] != "any" else None)
    for name, value in (
        (schema.get("properties") or {}).items()
        if isinstance(schema.get("properties"), dict)
        else []
    ):
        properties[name] = (value, child(pointer, "properties", name))
    required |= {r for r in schema.get("required") or [] if isinstance(r, str)}
    if schema.get("oneOf") or schema.get("anyOf"):
        kind = "union"
    if kind is None:
        kind = (
            "object"
            if properties or "additionalProperties" in schema
            else ("array" if "items" in schema else "any")
        )
    if kind == "object" and not properties:
        kind = "map"
    return {
        "kind": kind,
        "nullable": nullable,
        "properties": properties,
        "required": required,
        "items": (schema.get("items", {}), child(pointer, "items")),
        "pointer": pointer,
    }


def _shape_export(comparison: _Comparison, schema: Any) -> dict[str, Any]:
    if not isinstance(schema, dict):
        return {"kind": "any", "nullable": False, "properties": {}, "required": set(), "items": {}}
    nullable = False
    members = schema.get("anyOf")
    if isinstance(members, list) and {"type": "null"} in members:
        nullable = True
        rest = [m for m in members if m != {"type": "null"}]
        schema = comparison._mine(rest[0]) if len(rest) == 1 else {"anyOf": rest}
    kind = schema.get("type")
    if isinstance(kind, list):
        nullable = nullable or "null" in kind
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else "union"
    properties: dict[str, Any] = {}
    required: set[str] = set()
    for part in schema.get("allOf") or []:
        inner = _shape_export(comparison, comparison._mine(part))
        properties.update(inner["properties"])
        required |= inner["required"]
    properties.update(schema.get("properties") or {})
    required |= set(schema.get("required") or [])
    if schema.get("oneOf") or schema.get("anyOf"):
        kind = "union"
    if kind is None:
        kind = "object" if properties else ("any" if not schema.get("enum") else "string")
    if kind == "object" and not properties:
        kind = "map"
    return {
        "kind": kind,
        "nullable": nullable,
        "properties": properties,
        "required": required,
        "items": schema.get("items", {}),
    }
