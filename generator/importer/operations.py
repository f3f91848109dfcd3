"""OpenAPI paths -> the spec's resources and operations.

An operation goes on the resource named from its first tag, else from the first segment of its
path that is neither a parameter nor a version (`/v1/pets/{id}` -> `pets`); its method is the
snake_case of its `operationId`, else a standard name from the HTTP method and path (`list`,
`retrieve`, `create`, `update`, `delete`, followed by the path's remaining words).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import zip_longest
from typing import Any, NamedTuple

from ..ir.naming import argument_name, attribute_name, snake_case
from ..openapi import (
    IDEMPOTENCY_EXTENSION,
    PYTHON_NAME_EXTENSION,
    TYPED_HEADERS_EXTENSION,
)
from ..spec import model as spec
from ..spec.model import HEADER_NAME
from .api import ApiBlock
from .constructs import Findings
from .document import Document, child, mapping, sequence
from .names import ResourceNames, argument_names, field_names, operation_name
from .pagination import STYLE, Paged, paged
from .schemas import Schemas, _display

# Headers the client writes itself.
_CLIENT_HEADERS = frozenset(
    {"accept", "authorization", "content-length", "content-type", "cookie", "host", "user-agent"}
)

METHODS = ("get", "post", "put", "patch", "delete")
OTHER_METHODS = ("head", "options", "trace")
_VERSION = re.compile(r"^(?:v\d+(?:[._]\d+)*|api|rest|\d+(?:\.\d+)*)$", re.IGNORECASE)
_PARAM = re.compile(r"\{([^{}]*)\}")
_VERBS = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}


# What a header's value may be typed as: one scalar.
_HEADER_TYPES = frozenset({"string", "integer", "number", "boolean", "uuid", "datetime", "date"})
_DEFAULT_MEDIA = {"text": "text/plain", "binary": "application/octet-stream"}


_STREAM_MEDIA = {"event_stream": "text/event-stream", "json_lines": "application/jsonl"}
_STREAM_KINDS = {
    "text/event-stream": "event_stream",
    "application/jsonl": "json_lines",
    "application/x-ndjson": "json_lines",
    "application/x-jsonlines": "json_lines",
}


def _streamed(content: dict[str, Any]) -> tuple[str, str, Any] | None:
    """The first media type whose body is a stream of typed events (its media type, kind and
    each event's schema), or None: an event stream whose schema is a string is text."""
    for media_type, media in content.items():
        if not isinstance(media, dict) or not isinstance(media.get("schema"), dict):
            continue
        schema = media["schema"]
        kind = media.get("x-apigen-stream")
        if kind not in _STREAM_MEDIA:
            kind = _STREAM_KINDS.get(media_type.split(";")[0].strip().lower())
        if kind is not None and ("$ref" in schema or schema.get("type") in ("object", None)):
            return media_type, kind, schema
    return None


def _binary(schema: Any) -> bool:
    """Whether a schema is a file's bytes: a binary string (or one with a content media type)."""
    if not isinstance(schema, dict) or schema.get("type") not in ("string", None):
        return False
    return schema.get("format") == "binary" or "contentMediaType" in schema


def _items(schema: Any) -> Any:
    return (
        schema.get("items") if isinstance(schema, dict) and schema.get("type") == "array" else None
    )


def media_kind(media_type: str) -> str:
    """json, form, multipart, binary or text: what the language would have to do with it."""
    kind = media_type.split(";")[0].strip().lower()
    if kind in ("application/json", "*/*", "application/*") or kind.endswith(("+json", "/json")):
        return "json"
    if kind == "application/x-www-form-urlencoded":
        return "form"
    if kind.startswith("multipart/"):
        return "multipart"
    if kind.startswith("text/") or "xml" in kind or "csv" in kind or "yaml" in kind:
        return "text"
    return "binary"


class Operations:
    def __init__(self, doc: Document, findings: Findings, schemas: Schemas, api: ApiBlock) -> None:
        self.doc = doc
        self.findings = findings
        self.schemas = schemas
        self.api = api
        self.names = ResourceNames()
        self.resources: dict[str, dict[str, Any]] = {}
        self.taken: dict[str, set[str]] = {}
        self.endpoints: dict[tuple[str, str], str] = {}
        self.places: dict[str, str] = {}  # `resources.<r>.operations.<o>` -> its pointer
        tags = doc.data.get("tags")
        self.tag_text = {
            t["name"]: t["description"]
            for t in (tags if isinstance(tags, list) else [])
            if isinstance(t, dict)
            and isinstance(t.get("name"), str)
            and isinstance(t.get("description"), str)
            and t["description"].strip()
        }

    # -- paths ------------------------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]]:
        for path, item in (self.doc.data.get("paths") or {}).items():
            pointer = child("/paths", path)
            item, _ = self.doc.resolve(item, pointer)
            if not isinstance(item, dict):
                continue
            for method, operation in item.items():
                where = child(pointer, method)
                if method in METHODS + OTHER_METHODS:
                    operation, _ = self.doc.resolve(operation, where)
                    if isinstance(operation, dict):
                        self._operation(str(path), method, operation, item, where)
        self._settle()
        return self.resources

    def _settle(self) -> None:
        """A resource left without operations hands its notes to the API; the idempotency
        header most POSTs and PATCHes share becomes the API's."""
        self._shared_idempotency_key()
        for name in [n for n, r in self.resources.items() if not r["operations"]]:
            self.api.block.setdefault("notes", []).extend(self.resources.pop(name).get("notes", []))
        for resource in self.resources.values():
            if not resource["operations"]:
                del resource["operations"]

    def _shared_idempotency_key(self) -> None:
        """`api.idempotency_key` when most POSTs and PATCHes (not paginated) send the same
        header; those sending none then say `idempotency_key: false`."""
        takers = [
            op
            for resource in self.resources.values()
            for op in resource["operations"].values()
            if op["endpoint"].split()[0] in ("POST", "PATCH") and not op.get("paginated")
        ]
        headers = Counter(
            op["idempotency_key"]["header"] for op in takers if "idempotency_key" in op
        )
        if not headers or headers.most_common(1)[0][1] * 2 <= len(takers):
            return
        header = headers.most_common(1)[0][0]
        self.api.block["idempotency_key"] = {"header": header}
        for op in takers:
            own = op.pop("idempotency_key", False)
            if own is False or own["header"] != header:
                op["idempotency_key"] = own

    def _resource(self, path: str, operation: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        tags = operation.get("tags")
        tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else None
        if tag is not None and snake_case(tag) != "field":
            name = self.names.of(tag)
        else:
            words = [s for s in path.split("/") if s and not _PARAM.search(s)]
            words = [w for w in words if not _VERSION.match(w)]
            name = self.names.of(words[0] if words else "root")
        if name not in self.resources:
            resource: dict[str, Any] = {}
            if tag is not None and tag in self.tag_text:
                resource["description"] = self.tag_text[tag].strip()
            resource["operations"] = {}
            self.resources[name] = resource
            self.taken[name] = set()
        return name, self.resources[name]

    def _operation(
        self,
        path: str,
        method: str,
        operation: dict[str, Any],
        item: dict[str, Any],
        pointer: str,
    ) -> None:
        resource_name, resource = self._resource(path, operation)
        where = f"resources.{resource_name}"
        said = f"`{method.upper()} {path}`"
        if method in OTHER_METHODS:
            self.findings.note(resource, "operation.method", pointer, where, f"{said}.")
            return
        if not path.startswith("/") or re.search(r"[?#\s]", path):
            self.findings.note(resource, "operation.path_query", pointer, where, f"{said}.")
            return
        key = (method, _PARAM.sub("{}", path))
        if key in self.endpoints:
            self.findings.note(
                resource,
                "operation.duplicate_endpoint",
                pointer,
                where,
                f"{said}, like `{self.endpoints[key]}`.",
            )
            return
        self.endpoints[key] = path
        name = operation_name(
            self._method_name(path, method, operation, resource_name), self.taken[resource_name]
        )
        entry = _Operation(self, resource_name, name, path, method, operation, item, pointer)
        self.places[entry.where] = pointer
        resource["operations"][name] = entry.build()

    @staticmethod
    def _method_name(path: str, method: str, operation: dict[str, Any], resource: str) -> str:
        operation_id = operation.get("operationId")
        if isinstance(operation_id, str) and snake_case(operation_id) != "field":
            # `ArticleNotes_QueryNotes` on the resource `article_notes` is its `query_notes`:
            # the resource's name again in each method's name is a long name saying nothing.
            own = snake_case(operation_id).removeprefix(f"{resource}_")
            return own if own[:1].isalpha() else operation_id
        segments = [s for s in path.split("/") if s]
        words = [s for s in segments if not _PARAM.search(s) and not _VERSION.match(s)]
        if words and snake_case(words[0]) == resource:
            words = words[1:]
        verb = _VERBS[method]
        if method == "get" and segments and _PARAM.fullmatch(segments[-1]):
            verb = "retrieve"
        return "_".join([verb, *words])


class _Operation:
    """One operation being written: its parameters, body, response, errors and examples."""

    def __init__(
        self,
        owner: Operations,
        resource: str,
        name: str,
        path: str,
        method: str,
        operation: dict[str, Any],
        item: dict[str, Any],
        pointer: str,
    ) -> None:
        self.o = owner
        self.doc = owner.doc
        self.resource = resource
        self.name = name
        self.path = path
        self.method = method
        self.op = operation
        self.item = item
        self.pointer = pointer
        self.where = f"resources.{resource}.operations.{name}"
        self.enum_owner = f"{resource}_{name}"
        self.entry: dict[str, Any] = {"endpoint": f"{method.upper()} {path}"}
        self.argument_wires: set[str] = set()
        self.taken_arguments: set[str] = set()
        self.form_styles: dict[str, Any] = {}  # a form body's `encoding`, by field
        self.query_parameters: dict[str, dict[str, Any]] = {}
        self.spread_object: str | None = None  # the query object sent with its keys spread

    def note(
        self, construct: str, pointer: str, document: str, element: dict[str, Any] | None = None
    ) -> None:
        self.o.findings.note(
            self.entry if element is None else element, construct, pointer, self.where, document
        )

    def build(self) -> dict[str, Any]:
        for key in ("summary", "description"):
            text = self.op.get(key)
            if isinstance(text, str) and text.strip():
                self.entry[key] = " ".join(text.split()) if key == "summary" else text.strip()
        if self.op.get("deprecated") is True:
            self.entry["deprecated"] = True
        self._parameters()
        request_examples = self._body()
        response_examples, status = self._responses()
        self._security()
        self._elsewhere()
        self._examples(request_examples, response_examples, status)
        return self.entry

    # -- parameters -------------------------------------------------------------------------

    def _parameters(self) -> None:
        listed: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for source, base in (
            (self.item, child(self.pointer.rsplit("/", 1)[0])),
            (self.op, self.pointer),
        ):
            for index, parameter in enumerate(source.get("parameters") or []):
                at = child(base, "parameters", index)
                parameter, _ = self.doc.resolve(parameter, at)
                if not (
                    isinstance(parameter, dict)
                    and isinstance(parameter.get("name"), str)
                    and parameter.get("in") in ("path", "query", "header", "cookie")
                ):
                    self.note("document.invalid", at, f"A parameter {_display(parameter)}.")
                    continue
                listed[(parameter["in"], parameter["name"])] = (parameter, at)
        self._idempotency(listed)
        self.query_parameters = {
            wire: p for (where, wire), (p, _) in listed.items() if where == "query"
        }
        in_path = _PARAM.findall(self.path)
        for wire in in_path:
            if ("path", wire) not in listed:
                self.note("parameter.undeclared", self.pointer, f"`{{{wire}}}` in the path.")
                listed[("path", wire)] = (
                    {"name": wire, "in": "path", "required": True, "schema": {"type": "string"}},
                    self.pointer,
                )
        ordered = sorted(
            listed.items(),
            key=lambda kv: (
                ("path", "query").index(kv[0][0]) if kv[0][0] in ("path", "query") else 2
            ),
        )
        located = [key for key, _ in ordered if not self._set_elsewhere(*key)]
        renames = dict(
            zip(located, argument_names([w for _, w in located], self.taken_arguments), strict=True)
        )
        for (where, wire), (parameter, at) in ordered:
            if where == "path" and wire not in in_path:
                self.note("parameter.not_in_path", at, f"Path parameter `{wire}`.")
            elif not self._set_elsewhere(where, wire):
                self._parameter(where, wire, parameter, at, renames.get((where, wire)))

    def _idempotency(self, listed: dict[tuple[str, str], tuple[dict[str, Any], str]]) -> None:
        """A POST's or PATCH's idempotency header (an export's, or one named `Idempotency-Key`)
        becomes its `idempotency_key`, not an argument: the client fills it."""
        if self.method not in ("post", "patch"):
            return
        for where, wire in list(listed):
            parameter = listed[(where, wire)][0]
            if where == "header" and (
                parameter.get(IDEMPOTENCY_EXTENSION) is True or wire.lower() == "idempotency-key"
            ):
                del listed[(where, wire)]
                self.entry["idempotency_key"] = {"header": wire}
                return

    def _set_elsewhere(self, where: str, wire: str) -> bool:
        """A header the client sets itself, or a header or cookie the API's keys are sent in."""
        if where == "header" and wire.lower() in _CLIENT_HEADERS:
            return True
        return (where, wire.lower() if where == "header" else wire) in self.o.api.key_places()

    def _parameter(
        self, where: str, wire: str, parameter: dict[str, Any], at: str, rename: str | None
    ) -> None:
        required = where == "path" or parameter.get("required") is True
        schema = parameter.get("schema")
        if schema is None and "content" in parameter:
            self.note("parameter.content", at, f"Parameter `{wire}` with `content`.")
            schema = {"type": "string"}
        definition = self.o.schemas.field(
            schema if schema is not None else {},
            child(at, "schema"),
            f"{self.resource} {self.name}",
            wire,
            required,
            enum_owner=self.enum_owner,
            parameter=True,
        )
        text = definition["type"].rstrip("?")
        if where in ("header", "cookie") and not self._carried(where, wire, text, at, definition):
            return
        query_object = where == "query" and (
            text.split(" | ")[0] == "object"
            or text.startswith("map[")
            or (
                text.split(" | ")[0] in self.o.schemas.types
                and "fields" in self.o.schemas.types[text.split(" | ")[0]]
            )
        )
        if query_object and not self._query_object(wire, parameter, at, definition):
            return
        if (
            where == "path"
            and not _scalar(text)
            and "enum" not in self.o.schemas.types.get(text, {})
        ):
            said = f"Path parameter `{wire}` typed `{text}` (here a string the caller joins)."
            self.note("parameter.style", at, said)
            # A string now: what the language says only of lists and enums goes with the type.
            for key in ("type", "enum", "min_items", "max_items", "example", "default"):
                definition.pop(key, None)
            definition = {"type": "string", **definition}
        if not query_object:
            self._style(where, wire, parameter, at, definition)
        if isinstance(parameter.get("description"), str) and parameter["description"].strip():
            definition["description"] = parameter["description"].strip()
        if parameter.get("deprecated") is True:
            definition["deprecated"] = True
        self._parameter_example(parameter, at, definition)
        if rename:
            definition["name"] = rename
        key = {"header": "headers", "cookie": "cookies"}.get(where, where)
        self.entry.setdefault(key, {})[wire] = definition

    def _query_object(
        self, wire: str, parameter: dict[str, Any], at: str, definition: dict[str, Any]
    ) -> bool:
        """Whether a query parameter holding an object is sent as the language can: bracketed
        (`deepObject`, whatever its `explode`, which OpenAPI leaves undefined for it) or its
        keys spread (exploded `form`, the default), one spread per operation (a note if not)."""
        style = parameter.get("style", "form")
        explode = parameter.get("explode", style == "form")
        if style == "deepObject":
            definition["style"] = "deep_object"
            return True
        if style == "form" and explode is True and not self.spread_object:
            self.spread_object = wire
            return True
        said = f"Query parameter `{wire}` is an object with `style: {style}`"
        if style == "form" and explode is True:
            said += f", spread as `{self.spread_object}` is"
        elif style == "form":
            said += " and `explode: false`"
        self.note("parameter.object", at, said + ".")
        return False

    def _carried(
        self, where: str, wire: str, text: str, at: str, definition: dict[str, Any]
    ) -> bool:
        """Whether a header or cookie parameter is one the language holds (a note if not)."""
        core = text.split(" | ")[0]
        item = core[5:-1] if core.startswith("list[") and where == "header" else core
        named = self.o.schemas.types.get(item, {})
        if not HEADER_NAME.match(wire) or not (_scalar(item) or "enum" in named):
            said = f"{where.title()} parameter `{wire}` typed `{text}`."
            self.note("parameter.header_object", at, said)
            return False
        if "const" in definition:  # a header's one value stays an argument, its only choice
            definition["enum"] = [definition.pop("const")]
        return True

    def _style(
        self, where: str, wire: str, parameter: dict[str, Any], at: str, definition: dict[str, Any]
    ) -> None:
        style = parameter.get("style", "form" if where == "query" else "simple")
        explode = parameter.get("explode", style == "form")
        is_list = definition["type"].startswith("list[")
        if where == "query" and is_list:
            if style == "form" and explode is False:
                definition["style"] = "csv"
            elif style != "form":
                self.note(
                    "parameter.style",
                    at,
                    f"Query parameter `{wire}` with `style: {style}`.",
                    definition,
                )
        elif where == "query" and style not in ("form",):
            self.note(
                "parameter.style",
                at,
                f"Query parameter `{wire}` with `style: {style}`.",
                definition,
            )

    def _parameter_example(
        self, parameter: dict[str, Any], at: str, definition: dict[str, Any]
    ) -> None:
        example, example_at = None, None
        if parameter.get("example") is not None:
            example, example_at = parameter["example"], child(at, "example")
        elif isinstance(parameter.get("examples"), dict):
            for key, value in parameter["examples"].items():
                value, _ = self.doc.resolve(value, child(at, "examples", key))
                if isinstance(value, dict) and value.get("value") is not None:
                    example, example_at = value["value"], child(at, "examples", key, "value")
                    break
        if example is None or example_at is None:
            return
        problem = self.o.schemas.conformance.field_problem(example, definition)
        if problem is None:
            definition["example"] = example
        else:
            self.note(
                "example.mismatch",
                example_at,
                f"Example {_display(example)}: {problem}.",
                definition,
            )

    # -- request body -----------------------------------------------------------------------

    def _body(self) -> list[MediaExample]:
        if "requestBody" not in self.op:
            return []
        at = child(self.pointer, "requestBody")
        body, _ = self.doc.resolve(self.op["requestBody"], at)
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            return []
        if not any(media_kind(m) in ("json", "form") for m in content):
            self._whole_or_parts(body, content, at)
            return []
        chosen = self._media(content, at, "body")
        if chosen is None:
            return []
        media_type, media = chosen
        media_at = child(at, "content", media_type)
        spec_body: dict[str, Any] = {}
        if isinstance(body.get("description"), str) and body["description"].strip():
            spec_body["description"] = body["description"].strip()
        if media_kind(media_type) == "form":
            spec_body["encoding"] = "form"
            given = media.get("encoding") if isinstance(media, dict) else None
            self.form_styles = given if isinstance(given, dict) else {}
        schema = media.get("schema", {}) if isinstance(media, dict) else {}
        self._body_shape(spec_body, schema, child(media_at, "schema"))
        if spec_body.get("encoding") == "form" and not self._form_fields(spec_body):
            self.note(
                "body.form_value",
                child(media_at, "schema"),
                f"A form-encoded body of type `{spec_body['type']}`.",
            )
            return []
        if body.get("required") is not True and self._has_required(spec_body):
            self.note("body.optional", at, "`requestBody.required` is not true.", spec_body)
        self.entry["body"] = spec_body
        return _media_examples(self.doc, media, media_at)

    def _form_fields(self, spec_body: dict[str, Any]) -> bool:
        """Whether a form body is named fields (an object or a map), as form encoding needs."""
        if "argument" not in spec_body:
            return True
        text = str(spec_body["type"]).removesuffix("?")
        typedef = self.o.schemas.types.get(text)
        return text == "object" or text.startswith("map[") or bool(typedef and "fields" in typedef)

    def _whole_or_parts(self, body: dict[str, Any], content: dict[str, Any], at: str) -> None:
        """A body that is neither JSON nor a form: multipart parts, or one argument's bytes or
        text, by its first media type (the others noted)."""
        media_type = next(iter(content))
        kind = media_kind(media_type)
        media_at = child(at, "content", media_type)
        spec_body: dict[str, Any] = {}
        if kind == "multipart":
            media = content[media_type]
            schema = media.get("schema") if isinstance(media, dict) else None
            fields = self._parts(schema, child(media_at, "schema"))
            if fields is None:
                self.note("body.multipart", child(at, "content"), f"Media types `{media_type}`.")
                return
            spec_body.update(encoding="multipart", fields=fields)
        else:
            spec_body["encoding"] = kind
            spec_body["argument"] = next(
                n for n in ("content", "body", "data_") if n not in self.taken_arguments
            )
            if media_type != {"text": "text/plain"}.get(kind, "application/octet-stream"):
                spec_body["media_type"] = media_type
        if isinstance(body.get("description"), str) and body["description"].strip():
            spec_body["description"] = body["description"].strip()
        others = [m for m in content if m != media_type]
        if others:
            self.note(
                "body.alternatives",
                child(at, "content"),
                "Also " + ", ".join(f"`{m}`" for m in others) + ".",
                spec_body,
            )
        if body.get("required") is not True and self._has_required(spec_body):
            self.note("body.optional", at, "`requestBody.required` is not true.", spec_body)
        self.entry["body"] = spec_body

    def _parts(self, schema: Any, at: str) -> dict[str, Any] | None:
        """A multipart body's fields, its binary strings as files; None when the language cannot
        say it (not an object of properties, a list of files)."""
        resolved, resolved_at = self.doc.resolve(schema, at)
        properties = resolved.get("properties") if isinstance(resolved, dict) else None
        if not isinstance(properties, dict) or not properties:
            return None
        required = resolved.get("required") if isinstance(resolved.get("required"), list) else []
        wires = list(properties)
        names = field_names(wires)
        if not self._spreadable([names[w] or attribute_name(w) for w in wires]):
            return None
        fields: dict[str, Any] = {}
        for wire in wires:
            prop, _ = self.doc.resolve(properties[wire], child(resolved_at, "properties", wire))
            if _binary(_items(prop)) and not _binary(prop):
                return None  # a list of files
            if _binary(prop):
                definition: dict[str, Any] = {"type": "file" if wire in required else "file?"}
                text = prop.get("description")
                if isinstance(text, str) and text.strip():
                    definition["description"] = text.strip()
            else:
                definition = self.o.schemas.field(
                    properties[wire],
                    child(resolved_at, "properties", wire),
                    f"{self.resource} {self.name}",
                    wire,
                    wire in required,
                    enum_owner=self.enum_owner,
                )
            if names[wire]:
                definition["name"] = names[wire]
            fields[wire] = definition
        return fields

    def _has_required(self, spec_body: dict[str, Any]) -> bool:
        if "argument" in spec_body:
            return True
        fields = spec_body.get("fields")
        if fields is None:
            fields = self.o.schemas.conformance._fields(spec_body["type"])
        return any(
            not str(f["type"] if isinstance(f, dict) else f).endswith("?") for f in fields.values()
        )

    def _body_shape(self, spec_body: dict[str, Any], schema: Any, at: str) -> None:
        resolved, resolved_at = self.doc.resolve(schema, at)
        inline_object = (
            isinstance(resolved, dict)
            and resolved_at not in self.o.schemas.named
            and isinstance(resolved.get("properties"), dict)
            and resolved["properties"]
            and not any(k in resolved for k in ("allOf", "oneOf", "anyOf", "additionalProperties"))
        )
        if inline_object:
            required = (
                set(resolved.get("required") or [])
                if isinstance(resolved.get("required"), list)
                else set()
            )
            wires = list(resolved["properties"])
            names = field_names(wires)
            if self._spreadable([names[w] or attribute_name(w) for w in wires]):
                fields = {}
                for wire in wires:
                    definition = self.o.schemas.field(
                        resolved["properties"][wire],
                        child(resolved_at, "properties", wire),
                        f"{self.resource} {self.name}",
                        wire,
                        wire in required,
                        enum_owner=self.enum_owner,
                    )
                    if names[wire]:
                        definition["name"] = names[wire]
                    fields[wire] = definition
                spec_body["fields"] = fields
                if spec_body.get("encoding") == "form":
                    self._flat(fields, at, spec_body)
                return
        typed = self.o.schemas.type_of(schema, at, f"{self.resource} {self.name}", "request")
        self._flush(spec_body, typed)
        text = typed.type
        target = self.o.schemas.types.get(text)
        if target is not None and "fields" in target and not typed.nullable:
            fields = self.o.schemas.conformance._fields(text)
            if self._spreadable(
                [
                    f.get("name") or attribute_name(w) if isinstance(f, dict) else attribute_name(w)
                    for w, f in fields.items()
                ]
            ):
                spec_body["type"] = text
                if spec_body.get("encoding") == "form":
                    self._flat(self.o.schemas.conformance._fields(text), at, spec_body)
                return
        spec_body["type"] = text
        spec_body["argument"] = next(
            n for n in ("body", "request_body", "payload", "data_") if n not in self.taken_arguments
        )

    def _spreadable(self, names: list[str]) -> bool:
        """Whether a body's fields, with these Python names, can be keyword arguments beside
        the parameters (then their names are taken)."""
        taken = set(self.taken_arguments)
        for name in (argument_name(n) for n in names):
            if name in taken:
                return False
            taken.add(name)
        self.taken_arguments = taken
        return True

    def _flat(self, fields: dict[str, Any], at: str, element: dict[str, Any]) -> None:
        """Note a form body's fields the language sends otherwise than the document says: an
        object (or a list of them, by index) goes deepObject-style (`a[b]=1`), a list of
        scalars as its key repeated (exploded `form`)."""
        differ: list[str] = []
        for wire, given in fields.items():
            kind = self._form_kind(given)
            stated = self.form_styles.get(wire)
            stated = stated if isinstance(stated, dict) else {}
            style = stated.get("style", "form")
            explode = stated.get("explode", style == "form")
            if kind != "scalar":
                wanted = "form" if kind == "list" else "deepObject"
                if style != wanted or explode is not True:
                    differ.append(f"`{wire}` (style `{style}`)")
        if differ:
            self.note("body.form_nested", at, "Form fields " + ", ".join(differ) + ".", element)

    def _form_kind(self, given: Any) -> str:
        """A form field's shape: scalar, list (of scalars), list_of_structures or object."""
        text = str(given["type"] if isinstance(given, dict) else given).rstrip("?")
        text = text.split(" | ")[0]
        if text.startswith("list[") and text.endswith("]"):
            return "list" if self._form_scalar(text[5:-1]) else "list_of_structures"
        return "scalar" if self._form_scalar(text) else "object"

    def _form_scalar(self, text: str) -> bool:
        target = self.o.schemas.types.get(text)
        return _scalar(text) or (isinstance(target, dict) and "enum" in target)

    def _respond(
        self,
        spec_response: dict[str, Any],
        response: dict[str, Any],
        status: int,
        typed: Any = None,
    ) -> None:
        """The operation's `response`: what the caller built, with the document's description
        and a status other than 200; the notes of its type, if any, on it."""
        text = response.get("description")
        if isinstance(text, str) and text.strip():
            spec_response["description"] = text.strip()
        if status != 200:
            spec_response["status"] = status
        if typed is not None:
            self._flush(spec_response, typed)
        self.entry["response"] = spec_response

    def _flush(self, element: dict[str, Any], typed: Any) -> None:
        for construct, pointer, document in typed.notes:
            self.note(construct, pointer, document, element)
        typed.notes.clear()

    def _media(self, content: dict[str, Any], at: str, what: str) -> tuple[str, Any] | None:
        """The media type the language reads (JSON, else form for a body), noting the rest."""
        kinds = {media_type: media_kind(media_type) for media_type in content}
        order = ("json", "form") if what == "body" else ("json",)
        chosen = next((m for kind in order for m, k in kinds.items() if k == kind), None)
        if chosen is None:  # never: a body without JSON or form, or a response without JSON, is
            return None  # read as text, bytes or parts before
        others = [m for m in content if m != chosen and kinds[m] != kinds[chosen]]
        if others:
            construct = "body.alternatives" if what == "body" else "response.alternatives"
            self.note(
                construct,
                child(at, "content"),
                "Also " + ", ".join(f"`{m}`" for m in others) + ".",
            )
        return chosen, content[chosen]

    # -- responses --------------------------------------------------------------------------

    def _responses(self) -> tuple[list[MediaExample], int]:
        responses = self.op.get("responses")
        if not isinstance(responses, dict):
            return [], 200
        at = child(self.pointer, "responses")
        codes = {str(k): v for k, v in responses.items()}
        success = sorted(c for c in codes if re.fullmatch(r"2\d\d", c))
        ranged = [c for c in codes if c.upper() == "2XX"]
        chosen: str | None = success[0] if success else (ranged[0] if ranged else None)
        if chosen is None and "default" in codes:
            chosen = "default"
            self.note(
                "response.default_success", child(at, "default"), "Only a `default` response."
            )
        examples: list[MediaExample] = []
        status = 200
        if chosen is not None:
            if chosen.upper() == "2XX":
                self.note("response.status_range", child(at, chosen), f"Status `{chosen}`.")
            status = int(chosen) if chosen.isdigit() else 200
            by_status = self._by_status(codes, success, at)
            if by_status is not None:
                self._errors(codes, at, chosen)
                return by_status, status
            examples = self._success(codes[chosen], child(at, chosen), status)
            for other in success[1:]:
                response, _ = self.doc.resolve(codes[other], child(at, other))
                if isinstance(response, dict) and response.get("content"):
                    self.note(
                        "response.alternatives", child(at, other), f"Status {other} with a body."
                    )
        self._errors(codes, at, chosen)
        return examples, status

    def _by_status(
        self, codes: dict[str, Any], success: list[str], at: str
    ) -> list[MediaExample] | None:
        """Several 2xx statuses answering JSON bodies of different schemas (and maybe one
        without a body): the spec's `responses`, each status's type, and their examples; None
        where the statuses answer one body, read as the first's."""
        read: dict[str, tuple[dict[str, Any], tuple[str, Any] | None]] = {}
        for code in success:
            response, _ = self.doc.resolve(codes[code], child(at, code))
            if not isinstance(response, dict):
                return None
            content = response.get("content") or {}
            json_types = [m for m in content if media_kind(m) == "json"] if content else []
            if content and (not isinstance(content, dict) or not json_types):
                return None  # a text or binary body: read as the first status's, as before
            media = content[json_types[0]] if json_types else None
            if media is not None and not isinstance(media.get("schema"), dict):
                return None
            read[code] = (response, (json_types[0], media) if media is not None else None)
        schemas = {json.dumps(m[1]["schema"], sort_keys=True) for _, m in read.values() if m}
        first = read[success[0]][0] if success else None
        if len(schemas) < 2 or first is None or self._paged(first, child(at, success[0])):
            return None
        responses: dict[int, dict[str, Any]] = {}
        examples: list[MediaExample] = []
        for code, (response, _) in read.items():
            entry, found = self._status_body(response, child(at, code))
            responses[int(code)] = entry
            examples += [e._replace(status=int(code)) for e in found]
        self.entry["responses"] = responses
        return examples

    def _status_body(self, response: dict[str, Any], at: str) -> tuple[dict[str, Any], Any]:
        """One status's entry of `responses` (its JSON body's type, or none) and examples."""
        entry: dict[str, Any] = {}
        found: list[MediaExample] = []
        chosen = (
            self._media(response["content"], at, "response") if response.get("content") else None
        )
        if chosen is not None:
            media_type, media = chosen
            media_at = child(at, "content", media_type)
            typed = self.o.schemas.type_of(
                media["schema"],
                child(media_at, "schema"),
                f"{self.resource} {self.name}",
                "response",
            )
            entry["type"] = typed.type + (
                " | null" if typed.nullable and typed.type != "any" else ""
            )
            self._flush(entry, typed)
            found = _media_examples(self.doc, media, media_at)
        text = response.get("description")
        if isinstance(text, str) and text.strip():
            entry["description"] = text.strip()
        if isinstance(response.get("headers"), dict) and response["headers"]:
            listed = ", ".join(f"`{h}`" for h in response["headers"])
            self.note("response.headers", child(at, "headers"), f"Headers {listed}.")
        return entry, found

    def _success(self, response: Any, at: str, status: int) -> list[MediaExample]:
        response, _ = self.doc.resolve(response, at)
        if not isinstance(response, dict):
            return []
        paging = self._paged(response, at)
        if isinstance(response.get("links"), dict) and response["links"]:
            self.note("operation.callbacks", child(at, "links"), "Response `links`.")
        content = response.get("content")
        returned, typed_headers = self._headers_read(response, paging, at)
        if not isinstance(content, dict) or not content:
            if returned is not None or status != 200 or typed_headers:
                self._bodiless(response, status, returned)
                if typed_headers:
                    self.entry["response"]["headers"] = typed_headers
            return []
        if not any(media_kind(m) == "json" for m in content):
            streamed = _streamed(content)
            if streamed is not None:
                return self._stream(response, streamed, at, status)
            examples = self._text_or_bytes(response, content, at, status)
            if typed_headers:
                self.entry["response"]["headers"] = typed_headers
            return examples
        chosen = self._media(content, at, "response")
        if chosen is None:
            return []
        media_type, media = chosen
        media_at = child(at, "content", media_type)
        spec_response: dict[str, Any] = {}
        schema = media.get("schema") if isinstance(media, dict) else None
        schema_at = child(media_at, "schema")
        if paging is not None:
            schema, schema_at = paging.schema, paging.pointer
        typed = self.o.schemas.type_of(
            schema if schema is not None else {},
            schema_at,
            f"{self.resource} {self.name}",
            "response",
        )
        spec_response["type"] = typed.type + (
            " | null" if typed.nullable and typed.type != "any" else ""
        )
        self._respond(spec_response, response, status, typed)
        if typed_headers:
            spec_response["headers"] = typed_headers
        if paging is not None and typed.type.startswith("list["):
            self._paginate(paging, child(media_at, "schema"))
        return _media_examples(self.doc, media, media_at)

    def _headers_read(
        self, response: dict[str, Any], paging: Paged | None, at: str
    ) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """What the response's headers become: the one header a bodiless call returns, or the
        typed headers beside a JSON, text or binary body (or none); the rest (a paginated or
        streamed response's, or one the language cannot type) a note."""
        content = response.get("content")
        headers = response.get("headers")
        media_types = list(content) if isinstance(content, dict) else []
        typed_marked = response.get(TYPED_HEADERS_EXTENSION) is True
        returned = None if media_types or typed_marked else self._returned_header(headers, at)
        # A Link header the client follows is read.
        read = {"link"} if paging is not None and paging.uses_link_header else set()
        unread = (
            [h for h in headers if str(h).lower() not in read] if isinstance(headers, dict) else []
        )
        typed_headers: dict[str, Any] = {}
        streamed = isinstance(content, dict) and _streamed(content) is not None
        streamed = streamed and not any(media_kind(m) == "json" for m in media_types)
        if returned is None and unread and paging is None and not streamed:
            assert isinstance(headers, dict)  # `unread` lists its names
            typed_headers, unread = self._typed_headers(headers, unread, at)
        if returned is None and unread:
            self.note(
                "response.headers",
                child(at, "headers"),
                "Headers " + ", ".join(f"`{h}`" for h in unread) + ".",
            )
        return returned, typed_headers

    def _stream(
        self, response: dict[str, Any], streamed: tuple[str, str, Any], at: str, status: int
    ) -> list[MediaExample]:
        """A body streamed as events of the media type's schema: server-sent events or JSON
        lines (the export's `x-apigen-stream`, else known by the media type)."""
        media_type, kind, schema = streamed
        media_at = child(at, "content", media_type, "schema")
        typed = self.o.schemas.type_of(schema, media_at, f"{self.resource} {self.name}", "response")
        spec_response: dict[str, Any] = {"content": kind, "type": typed.type}
        if media_type != _STREAM_MEDIA[kind]:
            spec_response["media_type"] = media_type
        self._respond(spec_response, response, status, typed)
        return []

    def _paged(self, response: dict[str, Any], at: str) -> Paged | None:
        """How this GET's list walks its pages (`importer/pagination.py`), or None."""
        content = response.get("content")
        media = content.get("application/json") if isinstance(content, dict) else None
        if self.method != "get" or not isinstance(media, dict) or "schema" not in media:
            return None
        schema_at = child(at, "content", "application/json", "schema")
        return paged(self.doc, self.op, self.query_parameters, response, media["schema"], schema_at)

    def _paginate(self, paging: Paged, at: str) -> None:
        """The operation's `items` and `pagination`; the style's parameter left implied when
        the document says no more of it than the style does. Only for a response typed as a list
        (an array schema that also declares properties is typed as an object: nothing to page)."""
        if paging.items is not None:
            self.entry["items"] = paging.items
        self.entry["pagination"] = paging.pagination
        said = []
        if paging.untyped:
            said.append(
                f"The list's object also holds {', '.join(f'`{k}`' for k in paging.untyped)}."
            )
        if paging.optional_items:
            said.append(f"The list's key `{paging.items}` is not required.")
        if said:
            self.note("response.page_fields", paging.body_pointer or at, " ".join(said))
        query = self.entry.get("query", {})
        for wire, type_name in STYLE.validate_python(paging.pagination).driven_parameters().items():
            implied = spec.Param(type=type_name, optional=True)
            if wire in query and spec.Param.model_validate(query[wire]) == implied:
                del query[wire]
        if "query" in self.entry and not query:
            del self.entry["query"]

    def _error_type(self, response: Any, at: str, text: str) -> dict[str, Any] | None:
        """An error status whose JSON body has a schema: `{description, type}` (the type of
        `exc.parsed_body`), with the schema's notes."""
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict):
            return None
        media_type = next((m for m in content if media_kind(m) == "json"), None)
        media = content.get(media_type) if media_type is not None else None
        schema = media.get("schema") if isinstance(media, dict) else None
        if not isinstance(schema, dict) or not schema:
            return None
        pointer = child(at, "content", str(media_type), "schema")
        typed = self.o.schemas.type_of(schema, pointer, f"{self.resource} {self.name} error", "")
        if typed.type == "any":
            typed.notes.clear()
            return None
        entry: dict[str, Any] = {"description": text, "type": typed.type}
        self._flush(entry, typed)
        return entry

    def _typed_headers(
        self, headers: dict[str, Any], names: list[str], at: str
    ) -> tuple[dict[str, Any], list[str]]:
        """The response headers the language types beside a JSON body (or none): each of a
        scalar or enum type, required unless the document says otherwise; and those it does not
        (an object, a list, a name HTTP cannot carry), left to a note."""
        typed: dict[str, Any] = {}
        left: list[str] = []
        for name in names:
            header_at = child(at, "headers", str(name))
            header, _ = self.doc.resolve(headers[name], header_at)
            schema = header.get("schema") if isinstance(header, dict) else None
            shape, _ = self.doc.resolve(schema, child(header_at, "schema"))
            if (
                not isinstance(shape, dict)
                or not HEADER_NAME.match(str(name))
                or shape.get("type") in ("object", "array")
                or "properties" in shape
            ):
                left.append(name)
                continue
            definition = self.o.schemas.field(
                schema,
                child(header_at, "schema"),
                f"{self.resource} {self.name}",
                str(name),
                header.get("required") is True,
                enum_owner=f"{self.enum_owner}_headers",
            )
            core = definition["type"].rstrip("?").split(" | ")[0]
            if not (_scalar(core) or "enum" in self.o.schemas.types.get(core, {})):
                left.append(name)
                continue
            if isinstance(header.get("description"), str) and header["description"].strip():
                definition["description"] = header["description"].strip()
            if isinstance(header.get(PYTHON_NAME_EXTENSION), str):
                definition["name"] = header[PYTHON_NAME_EXTENSION]
            typed[str(name)] = definition
        return typed, left

    def _returned_header(self, headers: Any, at: str) -> dict[str, Any] | None:
        """A bodiless response's one header of a scalar type, as the spec's `header` and
        `type`: what the call returns (an id in `Resource-ID`, a URL in `Location`)."""
        if not isinstance(headers, dict) or len(headers) != 1:
            return None
        ((name, header),) = headers.items()
        header, _ = self.doc.resolve(header, child(at, "headers", name))
        if not isinstance(header, dict) or not HEADER_NAME.match(str(name)):
            return None
        schema = header.get("schema")
        if not isinstance(schema, dict) or "enum" in schema or "$ref" in schema:
            return None  # a named type for one header is more than a draft should invent
        typed = self.o.schemas.type_of(schema, child(at, "headers", name, "schema"), "", "response")
        if typed.type not in _HEADER_TYPES or typed.notes:
            typed.notes.clear()
            return None
        optional = header.get("required") is not True or typed.nullable
        return {"header": str(name), "type": typed.type + (" | null" if optional else "")}

    def _bodiless(self, response: dict[str, Any], status: int, returned: Any) -> None:
        """A success response without a body: its status, or the header the call returns."""
        self._respond(dict(returned or {}), response, status)

    def _text_or_bytes(
        self, response: dict[str, Any], content: dict[str, Any], at: str, status: int
    ) -> list[MediaExample]:
        """A body that is not JSON: its first media type, returned as text or as bytes."""
        media_type = next(iter(content))
        kind = "text" if media_kind(media_type) in ("text", "form") else "binary"
        spec_response: dict[str, Any] = {"content": kind}
        if media_type != _DEFAULT_MEDIA[kind]:
            spec_response["media_type"] = media_type
        others = [m for m in content if m != media_type]
        if others:
            self.note(
                "response.alternatives",
                child(at, "content"),
                "Also " + ", ".join(f"`{m}`" for m in others) + ".",
            )
        self._respond(spec_response, response, status)
        media = content[media_type]
        if kind != "text" or not isinstance(media, dict):
            return []
        return _media_examples(self.doc, media, child(at, "content", media_type))

    def _errors(self, codes: dict[str, Any], at: str, chosen: str | None) -> None:
        errors: dict[int, Any] = {}
        with_body: list[str] = []
        for code, response in codes.items():
            if code == chosen or re.fullmatch(r"2\d\d", code):
                continue
            response, _ = self.doc.resolve(response, child(at, code))
            text = response.get("description") if isinstance(response, dict) else None
            text = " ".join(text.split()) if isinstance(text, str) and text.strip() else "error"
            if re.fullmatch(r"[45]\d\d", code):
                typed = self._error_type(response, child(at, code), text)
                errors[int(code)] = text if typed is None else typed
                if typed is not None:
                    continue
            elif re.fullmatch(r"[45]XX", code.upper()):
                self.note("response.error_range", child(at, code), f"Status `{code}`.")
            elif code != "default":
                self.note("response.other_status", child(at, code), f"Status `{code}`.")
            if isinstance(response, dict) and response.get("content"):
                with_body.append(code)
        if errors:
            self.entry["errors"] = dict(sorted(errors.items()))
        if with_body:
            self.note(
                "response.error_body",
                at,
                "Error responses " + ", ".join(f"`{c}`" for c in with_body) + " declare bodies.",
            )

    # -- security, servers, callbacks -------------------------------------------------------

    def _security(self) -> None:
        requirements = self.op.get("security")
        at = child(self.pointer, "security")
        if requirements is None:
            return
        scheme = self.o.api.scheme_name
        if not isinstance(requirements, list):
            return
        if requirements == [] or all(r == {} for r in requirements):
            if scheme is not None:
                self.entry["auth"] = False
            return
        if {} in requirements:
            self.note("auth.optional", at, "An empty security requirement (credentials optional).")
        names = [n for r in requirements if isinstance(r, dict) for n in r]
        if scheme is not None and scheme not in names:
            self.note(
                "auth.operation_scheme", at, "Schemes " + ", ".join(f"`{n}`" for n in names) + "."
            )
            return
        scopes: list[Any] = next(
            (sequence(r[scheme]) for r in requirements if isinstance(r, dict) and scheme in r), []
        )
        if scopes and self.o.api.scoped and all(isinstance(s, str) for s in scopes):
            self.entry["scopes"] = list(scopes)

    def _elsewhere(self) -> None:
        for source, at in ((self.op, self.pointer), (self.item, self.pointer.rsplit("/", 1)[0])):
            if isinstance(source.get("servers"), list) and source["servers"]:
                urls = [s.get("url") for s in source["servers"] if isinstance(s, dict)]
                self.note(
                    "servers.operation",
                    child(at, "servers"),
                    "Servers " + ", ".join(f"`{u}`" for u in urls) + ".",
                )
        if isinstance(self.op.get("callbacks"), dict) and self.op["callbacks"]:
            self.note(
                "operation.callbacks",
                child(self.pointer, "callbacks"),
                "Callbacks " + ", ".join(f"`{c}`" for c in self.op["callbacks"]) + ".",
            )

    # -- examples ---------------------------------------------------------------------------

    def _examples(
        self, requests: list[MediaExample], responses: list[MediaExample], status: int
    ) -> None:
        """The document's examples, paired in order; one that contradicts the schema is left
        out with a note."""
        if "response" not in self.entry and "responses" not in self.entry:
            responses = []
        if "body" not in self.entry:
            requests = []
        examples = []
        for request, response in zip_longest(requests, responses):
            example: dict[str, Any] = {}
            title = (request or response).title
            if title:
                example["title"] = title
            problem, culprit = None, request or response
            if request is not None:
                problem = self._request_problem(request.value)
                example["request"] = request.value
            if response is not None and problem is None:
                culprit = response
                answered = response.status or status
                problem = self._response_problem(response.value, answered)
                example["response"] = response.value
                if answered != 200:
                    example["status"] = answered
            if problem is not None:
                self.note(
                    "example.mismatch",
                    culprit.pointer,
                    f"Example {_display(culprit.value, 80)}: {problem}.",
                )
                continue
            examples.append(example)
        if examples:
            self.entry["examples"] = examples

    def _response_problem(self, value: Any, status: int) -> str | None:
        """Why a response example does not fit the response (where statuses answer different
        bodies, its status's): a text body's is a string."""
        if "responses" in self.entry:
            declared = self.entry["responses"][status]
            if "type" not in declared:
                return f"status {status} has no body"
        else:
            declared = self.entry["response"]
        if "type" not in declared:
            return None if isinstance(value, str) else "a text response is a string"
        return self.o.schemas.conformance.problem(value, declared["type"], request=False)

    def _request_problem(self, value: Any) -> str | None:
        body = self.entry["body"]
        conformance = self.o.schemas.conformance
        if "fields" in body:
            return conformance.object_problem(value, body["fields"], "", True)
        return conformance.problem(value, body["type"], request=True)


class MediaExample(NamedTuple):
    title: str
    value: Any
    pointer: str
    status: int | None = None  # where statuses answer different bodies, the one it answers


def _media_examples(doc: Document, media: Any, at: str) -> list[MediaExample]:
    """A media type's examples, in document order."""
    if not isinstance(media, dict):
        return []
    if media.get("example") is not None:
        return [MediaExample("", media["example"], child(at, "example"))]
    out = []
    for key, example in mapping(media.get("examples")).items():
        example, _ = doc.resolve(example, child(at, "examples", key))
        if isinstance(example, dict) and example.get("value") is not None:
            title = example.get("summary") if isinstance(example.get("summary"), str) else key
            out.append(
                MediaExample(str(title), example["value"], child(at, "examples", key, "value"))
            )
    return out


def _scalar(text: str) -> bool:
    return text in (
        "string",
        "integer",
        "number",
        "boolean",
        "datetime",
        "date",
        "uuid",
        "epoch_ms",
    )
