"""Resources and operations in Python: each operation's method (signature, docstring), its wire
description and its reference text; the resource classes holding them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from typing import Literal

from ..resolved.nodes import (
    ArgumentBody,
    Field,
    Limits,
    NamedType,
    ObjectType,
    Operation,
    Resource,
    Response,
    SpreadBody,
)
from ..spec.model import PATH_PARAM
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref
from . import annotations as an
from .context import Context
from .examples import ExampleBuilder, Signature
from .literals import DOC_WIDTH, doc, join_doc, whole
from .model import (
    ArgumentBodyIR,
    ArgumentDocIR,
    ArgumentIR,
    BinaryBodyIR,
    BinaryContentIR,
    BodyIR,
    ContentIR,
    EnvelopeIR,
    EventStreamContentIR,
    FieldsBodyIR,
    FilePartIR,
    HeaderContentIR,
    JSONLinesContentIR,
    MethodIR,
    ModelIR,
    MultipartBodyIR,
    NoBodyIR,
    OperationIR,
    ReferenceIR,
    ResourceIR,
    TextBodyIR,
    TextContentIR,
    WireIR,
)
from .naming import (
    RESERVED_ATTRIBUTES,
    argument_name,
    async_name,
    fake_handles_class,
    member_name,
    operation_constant,
    params_class,
    raw_response_class,
    resource_class,
    response_headers_class,
)
from .pagination import operation_strategies
from .raises import error_class
from .types import PythonTypes, field_name, rules

Place = Literal["path", "query", "header", "cookie", "body", "argument"]
FILE = Prim("file")
# Builtins a method of the same name would hide inside its class: annotations qualify them.
_SHADOWABLE = frozenset({"list", "dict", "set", "type", "str", "int", "float", "bool"})


class OperationBuilder:
    def __init__(
        self,
        ctx: Context,
        types: PythonTypes,
        examples: ExampleBuilder,
        envelope: EnvelopeIR | None = None,
    ) -> None:
        self.ctx = ctx
        self.envelope = envelope  # names the envelope paths of an operation's own pagination
        self.types = types
        self.names = types.names
        self.examples = examples
        self.built: dict[str, OperationIR] = {}  # by the spec's dotted name

    def resources(self, resources: tuple[Resource, ...]) -> tuple[ResourceIR, ...]:
        out = []
        for resource in resources:
            attribute = member_name(resource.name)
            self.ctx.claim("client", attribute, resource.loc, f"resource {resource.name!r}")
            if resource.name in RESERVED_ATTRIBUTES:
                self.ctx.error(resource.loc, f"resource name {resource.name!r} is reserved")
            out.append(self._resource(resource, module=attribute))
        return tuple(out)

    def _resource(self, resource: Resource, module: str) -> ResourceIR:
        methods = {member_name(op.name) for op in resource.operations}
        shadowed = methods & _SHADOWABLE

        def qualify(name: str) -> str:
            """In a class with a method named `list`, annotations say `builtins.list`."""
            return f"builtins.{name}" if name in shadowed else name

        operations = tuple(self._operation(op, qualify) for op in resource.operations)
        children = []
        for child in resource.resources:
            if member_name(child.name) in methods:
                self.ctx.error(
                    child.loc,
                    f"sub-resource {child.name!r} has the name of an operation of "
                    + resource.dotted,
                )
            children.append(self._resource(child, module))
        text = join_doc(resource.description, f"Operations on `{resource.dotted}`.")
        sync_class = resource_class(resource.path)
        async_class = async_name(sync_class)
        return ResourceIR(
            attribute=member_name(resource.name),
            sync_class=sync_class,
            async_class=async_class,
            sync_raw_class=raw_response_class(sync_class),
            async_raw_class=raw_response_class(async_class),
            fake_handles_class=fake_handles_class(sync_class),
            doc=doc(text),
            operations=operations,
            children=tuple(children),
            module=module,
            dotted=".".join(member_name(part) for part in resource.path),
            description=" ".join((resource.description or "").split()),
        )

    # -- one operation ------------------------------------------------------------------------

    def _operation(self, op: Operation, qualify: Callable[[str], str]) -> OperationIR:
        arguments, constants = self._arguments(op)
        signature = self._signature(op, arguments)
        response, item = self._response(op)
        download = op.response is not None and op.response.kind == "binary"
        stream = op.response is not None and op.response.event is not None
        returns = _returns_text(response, item if op.paginated else None, op.response)
        if op.by_status:
            returns = self._by_status_text(op)
        docstring, rows = self._docstring(op, signature, arguments, returns)
        sync_return, async_return = self._returns(response, item if op.paginated else None)
        if stream:
            sync_return = an.Subscript(self.names.Stream, (response,))
            async_return = an.Subscript(self.names.AsyncStream, (response,))
        method = MethodIR(
            name=member_name(op.name),
            doc=doc(docstring),
            positional=tuple(_qualified(a, qualify) for a in signature.positional),
            keyword=tuple(_qualified(a, qualify) for a in signature.keyword),
            sync_return=an.renamed(sync_return, qualify),
            async_return=an.renamed(async_return, qualify),
            item=item if op.paginated else None,
            arguments_doc=rows,
            download=download,
            stream=stream,
            extra_body=_takes_extra_body(op, self.types.api.types),
            idempotency_key=op.idempotency_header is not None,
        )
        wire = self._wire(op, arguments, constants, response)
        dotted = ".".join(member_name(part) for part in (*op.resource, op.name))
        built = OperationIR(
            dotted=dotted,
            method=method,
            wire=wire,
            reference=ReferenceIR(
                summary=op.summary or (op.description or "").split("\n")[0],
                description=" ".join((op.description or "").split()) if op.summary else "",
                scopes=op.scopes,
                deprecated=op.deprecated,
                errors=tuple(sorted(op.errors.items())),
            ),
            tests=self.examples.cases(op, signature, wire, dotted),
        )
        self.built[op.dotted] = built
        return built

    def _arguments(
        self, op: Operation
    ) -> tuple[list[tuple[Field, str, Place]], list[tuple[Field, Place]]]:
        """The operation's arguments (each with its Python name and where it goes on the wire)
        and its constants (sent, never passed)."""
        placed: list[tuple[Field, Place]] = [(f, "path") for f in op.path_params.values()]
        placed += [(f, "query") for f in op.query.values()]
        placed += [(f, "header") for f in op.headers.values()]
        placed += [(f, "cookie") for f in op.cookies.values()]
        if isinstance(op.body, ArgumentBody):
            placed.append((op.body.argument, "argument"))
        else:
            placed += [(f, "body") for f in op.body_fields().values()]
        constants = [(f, place) for f, place in placed if f.const is not None]
        # An argument may not take a name every method already has (`timeout`): it gets a `_`.
        arguments = [
            (f, argument_name(field_name(f)), place) for f, place in placed if f.const is None
        ]
        for f, name, _ in arguments:
            self.ctx.claim(f"args:{op.dotted}", name, f.loc, f"parameter {f.wire!r}")
        return arguments, constants

    def _signature(self, op: Operation, arguments: list[tuple[Field, str, Place]]) -> Signature:
        order = {name: i for i, name in enumerate(PATH_PARAM.findall(op.path))}
        in_path = sorted(
            ((f, name) for f, name, place in arguments if place == "path"),
            key=lambda pair: order.get(pair[0].wire, 0),
        )
        positional = [self._argument(f, name) for f, name in in_path]
        positional += [self._argument(f, n) for f, n, place in arguments if place == "argument"]
        keyword = [
            self._argument(f, name)
            for f, name, place in arguments
            if place in ("query", "header", "cookie", "body")
        ]
        by_wire = {f.wire: name for f, name, _ in arguments}
        return Signature(tuple(positional), tuple(keyword), by_wire)

    def _argument(self, f: Field, name: str) -> ArgumentIR:
        members = [self.types.annotation(f.expr, argument=True)]
        if f.optional:
            members.append(an.Name(self.names.NotGiven))
        if f.nullable:
            members.append(an.NONE)
        return ArgumentIR(name, an.union(*members), f.optional)

    def _response(self, op: Operation) -> tuple[an.Annotation, an.Annotation | None]:
        """The payload's annotation (a text body's `str`, a binary one's `bytes`, a header's
        value's type; where statuses answer different bodies, their union), and its item's
        when it is a list."""
        if op.by_status:
            return an.union(*(self._status_payload(r) for r in op.success_responses)), None
        if op.response is None or op.response.type is None:
            kind = op.response.kind if op.response is not None else "empty"
            return {"text": an.STR, "binary": an.Name("bytes")}.get(kind, an.NONE), None
        expr = op.response.type.expr
        annotation = self.types.annotation(expr)
        if op.response.nullable:
            annotation = an.union(annotation, an.NONE)
        item = self.types.annotation(expr.item) if isinstance(expr, ListOf) else None
        return annotation, item

    def _status_payload(self, response: Response) -> an.Annotation:
        """The payload of one success status of an operation answering by status: JSON of
        its type, or None for no body."""
        if response.type is None:
            return an.NONE
        annotation = self.types.annotation(response.type.expr)
        return an.union(annotation, an.NONE) if response.nullable else annotation

    def _by_status_text(self, op: Operation) -> str:
        """The docstring's `Returns:` of an operation answering by status: each status's."""
        each = [
            f"status {r.status}, {self._status_payload(r)}"
            + (f": {' '.join(r.description.split()).rstrip('.')}" if r.description else "")
            for r in op.success_responses
        ]
        return "By the response's status: " + "; ".join(each) + "."

    def _returns(
        self, response: an.Annotation, item: an.Annotation | None
    ) -> tuple[an.Annotation, an.Annotation]:
        """What the sync and async methods return: a paginated one, its page request."""
        if item is None:
            return response, response
        return (
            an.Subscript(self.names.SyncPage, (item,)),
            an.Subscript(self.names.AsyncPageRequest, (item,)),
        )

    def _params_model(self, op: Operation, arguments: list[tuple[Field, str, Place]]) -> ModelIR:
        """The model checking a call's arguments, and the rules across them."""
        groups = op.exactly_one_of
        if isinstance(op.body, SpreadBody):
            groups += op.body.exactly_one_of
        unless = [(f.wire, f.required_unless) for f, _, _ in arguments]
        return ModelIR(
            class_name=params_class((*op.resource, op.name)),
            base=self.names.Params,
            doc=f"Arguments of `{op.dotted}`.",
            # A file argument is checked and sent by its body's encoding, not by the model.
            fields=tuple(
                self.types.model_field(f, n, params=True) for f, n, _ in arguments if f.expr != FILE
            ),
            rules=rules({f.wire: name for f, name, _ in arguments}, groups, unless),
        )

    def _wire(
        self,
        op: Operation,
        arguments: list[tuple[Field, str, Place]],
        constants: list[tuple[Field, Place]],
        response: an.Annotation,
    ) -> WireIR:
        path = (*op.resource, op.name)
        params = self._params_model(op, arguments)
        located = [(f, place) for f, _, place in arguments] + constants
        strategies = operation_strategies(self.types.api, op, self.envelope)
        return WireIR(
            constant=operation_constant(path),
            http_method=op.method,
            path_template=op.path,
            params=params,
            path_wires=tuple(f.wire for f, place in located if place == "path" and f.const is None),
            query_wires=tuple(f.wire for f, place in located if place == "query"),
            header_wires=tuple(f.wire for f, place in located if place == "header"),
            cookie_wires=tuple(f.wire for f, place in located if place == "cookie"),
            csv_wires=tuple(f.wire for f, _, place in arguments if place == "query" and f.csv),
            query_objects=tuple(
                (f.wire, f.object_style) for f in op.query.values() if f.object_style is not None
            ),
            constants=tuple(
                (f.wire, f.const)
                for f, place in constants
                if place != "path" and f.const is not None
            ),
            body=_body(op, {f.wire: name for f, name, _ in arguments}),
            response=response,
            envelope=op.enveloped,
            paginated=op.paginated,
            pagination=strategies[0] if strategies else None,
            wire_pagination=strategies[1] if strategies else None,
            items=op.items,
            auth=op.auth,
            status_means=tuple(sorted(op.status_means.items())),
            server=op.server,
            content=_content(op.response),
            error_types=tuple(
                (status, self.types.annotation(written.expr))
                for status, written in sorted(op.error_types.items())
            ),
            idempotency_header=op.idempotency_header,
            status_types=tuple(
                (r.status, self._status_payload(r)) for r in op.success_responses if op.by_status
            ),
            response_headers=_headers_model(op),
        )

    # -- the docstring ------------------------------------------------------------------------

    def _docstring(
        self,
        op: Operation,
        signature: Signature,
        arguments: list[tuple[Field, str, Place]],
        returns: str,
    ) -> tuple[str, tuple[ArgumentDocIR, ...]]:
        """The method's docstring and its argument table (the API reference shows the same)."""
        first = op.summary or (op.description or "").split("\n")[0] or f"{op.method} {op.path}"
        rest = op.description if op.summary else "\n".join((op.description or "").split("\n")[1:])
        parts = [first, rest, f"`{op.method} {op.path}`"]
        if op.deprecated:
            parts.append("Deprecated.")
        if op.scopes:
            parts.append("OAuth scopes: " + ", ".join(f"`{s}`" for s in op.scopes) + ".")
        if op.idempotency_header:
            parts.append(
                f"Each call sends a fresh `{op.idempotency_header}` (`idempotency_key=` gives "
                "yours), the same on its retries, so a failed call is retried safely."
            )
        if op.response is not None and op.response.headers:
            listed = ", ".join(f"`{wire}`" for wire in op.response.headers)
            headers = response_headers_class((*op.resource, op.name))
            parts.append(
                f"Typed response headers ({listed}): "
                f"`with_raw_response.{op.name}(...).parse_headers()` gives a `{headers}`."
            )
        by_wire = signature.by_wire
        for group in op.exactly_one_of:
            parts.append(
                "Give exactly one of " + " or ".join(f"`{by_wire.get(w, w)}`" for w in group) + "."
            )
        by_name = {name: f for f, name, _ in arguments}
        not_given = an.Name(self.names.NotGiven)
        rows = tuple(
            _argument_row(argument, by_name[argument.name], by_wire, not_given)
            for argument in (*signature.positional, *signature.keyword)
        )
        # The signature already gives each argument's type and whether it may be left out.
        described = [row for row in rows if row.text]
        if described:
            parts.append(_section("Args", [(row.name, row.text) for row in described]))
        parts.append(f"Returns:\n    {returns}")
        if op.errors or op.status_means:
            parts.append(_section("Raises", _raises(op)))
        return join_doc(*parts), rows


def _headers_model(op: Operation) -> str | None:
    """The model of the typed headers its response declares (`parse_headers()`), if any."""
    if op.response is None or not op.response.headers:
        return None
    return response_headers_class((*op.resource, op.name))


def _body(op: Operation, names: dict[str, str]) -> BodyIR:
    """How the request body is sent; `names`: each argument's Python name by its wire name."""
    body = op.body
    if body is None:
        return NoBodyIR()

    def part(f: Field) -> FilePartIR:
        return FilePartIR(names[f.wire], f.wire, not f.optional)

    if body.encoding == "multipart":
        files = [f for f in op.body_fields().values() if f.expr == FILE and f.const is None]
        return MultipartBodyIR(tuple(part(f) for f in files))
    if isinstance(body, ArgumentBody) and body.encoding == "binary":
        return BinaryBodyIR(part(body.argument), body.media_type or "application/octet-stream")
    if isinstance(body, ArgumentBody) and body.encoding == "text":
        return TextBodyIR(body.argument.wire, body.media_type or "text/plain")
    form = body.encoding == "form"
    if isinstance(body, ArgumentBody):
        return ArgumentBodyIR(body.argument.wire, form, body.batch_size)
    return FieldsBodyIR(form, body.batch_size)


def _content(response: Response | None) -> ContentIR | None:
    """The runtime's reading of a response that is not JSON; None for JSON, or no body."""
    if response is None:
        return None
    if response.kind == "text":
        return TextContentIR(response.media_type or "text/plain")
    if response.kind == "binary":
        return BinaryContentIR(response.media_type or "application/octet-stream")
    if response.kind == "header" and response.header is not None:
        return HeaderContentIR(response.header)
    if response.kind == "event_stream":
        return EventStreamContentIR(response.media_type or "text/event-stream")
    if response.kind == "json_lines":
        return JSONLinesContentIR(response.media_type or "application/jsonl")
    return None


def _qualified(argument: ArgumentIR, qualify: Callable[[str], str]) -> ArgumentIR:
    return ArgumentIR(argument.name, an.renamed(argument.annotation, qualify), argument.optional)


def _raises(op: Operation) -> list[tuple[str, str]]:
    """A status this operation's server sends for another is raised as the other's error."""
    raises = [
        (
            error_class(op.status_means.get(status, status)),
            _status_text(status, text) + _parsed_body_text(op, status),
        )
        for status, text in sorted(op.errors.items())
    ]
    raises += [
        (error_class(meant), f"Status {status}, which this server sends for {meant}.")
        for status, meant in sorted(op.status_means.items())
        if status not in op.errors
    ]
    return raises


def _parsed_body_text(op: Operation, status: int) -> str:
    """What a typed error's `parsed_body` is, for the docstring."""
    typed = op.error_types.get(status)
    return f" Its `parsed_body` is a {typed.text}." if typed is not None else ""


def _argument_row(
    argument: ArgumentIR, f: Field, by_wire: dict[str, str], not_given: an.Annotation
) -> ArgumentDocIR:
    """An argument's row: its description after what the spec says of its bounds and rules."""
    kind = an.without(argument.annotation, not_given)
    text = " ".join((f.description or "").split())
    flags = [w for w, on in (("Deprecated.", f.deprecated), ("Unique.", f.unique)) if on]
    if f.expr == FILE:
        flags.append("Bytes, a binary file, a path, or (filename, content[, content_type]).")
    limits = f.limits
    if limits.minimum is not None or limits.maximum is not None:
        flags.append(f"From {_number(limits.minimum)} to {_number(limits.maximum)}.")
    if limits.min_items is not None or limits.max_items is not None:
        flags.append(
            f"From {_number(limits.min_items)} to {_number(limits.max_items)} items"
            + (f" separated by {f.separator!r}." if f.separator else ".")
        )
    flags += _item_flags(f.item_limits)
    if f.required_unless:
        others = " or ".join(f"`{by_wire.get(w, w)}`" for w in f.required_unless)
        flags.append(f"Required unless {others} is given.")
    return ArgumentDocIR(
        argument.name, f.wire, kind, argument.optional, " ".join([*flags, text]).strip()
    )


def _item_flags(limits: Limits | None) -> list[str]:
    """What the argument's docstring says of the bounds on each item of a list."""
    if limits is None:
        return []
    flags = []
    if limits.minimum is not None or limits.maximum is not None:
        flags.append(f"Each item from {_number(limits.minimum)} to {_number(limits.maximum)}.")
    low, high = limits.min_length, limits.max_length
    if low is not None and high is not None:
        flags.append(f"Each item of {low} to {high} characters.")
    elif low is not None:
        flags.append(f"Each item of at least {low} characters.")
    elif high is not None:
        flags.append(f"Each item of at most {high} characters.")
    return flags


def _returns_text(
    response: an.Annotation, item: an.Annotation | None, declared: Response | None
) -> str:
    """The docstring's `Returns:` text."""
    if item is not None:
        return f"A page of {item}; iterating it walks every page."
    if declared is None or declared.kind == "json":
        return str(response)
    if declared.kind == "binary":
        return "Its bytes, at most `max_bytes` (1 GiB unless given); with `to_file`, their count."
    if declared.kind == "text":
        return f"The {declared.media_type or 'text/plain'} body, as a str."
    if declared.kind == "header":
        return f"{response}: the value of the response's `{declared.header}` header."
    if declared.event is not None:
        return f"A stream of {response}, each read as it arrives; leaving the loop closes it."
    return f"None: status {declared.status} has no body."


def _section(heading: str, entries: list[tuple[str, str]]) -> str:
    """A docstring section (`Args:`, `Raises:`) of `name: text` entries.

    Each entry is wrapped under its name.
    """
    lines = [f"{heading}:"]
    for name, text in entries:
        lines += textwrap.wrap(
            f"{name}: {text}",
            DOC_WIDTH,
            initial_indent="    ",
            subsequent_indent="        ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n".join(lines)


def _status_text(status: int, text: str) -> str:
    """A status's text: `(409, "invalid request")` -> `Invalid request (409).`

    A bare "error" says only the status.
    """
    text = " ".join(text.split()).rstrip(".")
    if text.lower() in ("", "error"):
        return f"Status {status}."
    return f"{text[0].upper()}{text[1:]} ({status})."


def _number(value: float | None) -> str:
    if value is None:
        return "any"
    return str(whole(value))


def _takes_extra_body(op: Operation, types: Mapping[str, NamedType]) -> bool:
    """Whether the method takes `extra_body=`: its body is one JSON object, sent in one call."""
    body = op.body
    if body is None or body.encoding != "json" or body.batch_size is not None:
        return False
    if not isinstance(body, ArgumentBody):
        return True  # keyword arguments: an object's fields
    expr = body.argument.expr
    if isinstance(expr, Ref):
        return isinstance(types.get(expr.name), ObjectType)
    return isinstance(expr, MapOf) or expr == Prim("object")
