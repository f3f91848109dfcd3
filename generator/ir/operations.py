"""Resources and operations: method signatures, params models and wire descriptions."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from ..spec.loader import Location
from ..spec.model import (
    ENDPOINT_RE,
    HTTP_METHODS,
    PATH_PARAM,
    FieldDef,
    Operation,
    Resource,
    suggest,
)
from ..spec.typeexpr import ListOf, Ref
from . import annotations as an
from .context import Context
from .literals import DOC_WIDTH, doc, join_doc, whole
from .model import (
    ArgumentDocIR,
    ArgumentIR,
    ExampleIR,
    ModelIR,
    OperationIR,
    ResourceIR,
    ResponseIR,
)
from .naming import (
    argument_name,
    async_name,
    fake_handles_class,
    operation_constant,
    params_class,
    raw_response_class,
    resource_class,
)
from .raises import error_class
from .types import ResolvedField, TypeRegistry, request_rules

# Attributes of the client and resource base classes that a resource must not hide.
RESERVED_ATTRIBUTES = frozenset(
    {
        "base_url",
        "close",
        "max_response_bytes",
        "max_retries",
        "request",
        "request_page",
        "strict_response_validation",
        "timeout",
        "with_options",
    }
)


class OperationBuilder:
    def __init__(self, ctx: Context, types: TypeRegistry) -> None:
        self.ctx = ctx
        self.types = types
        self.endpoints: dict[tuple[str, str], Location] = {}
        self.specs: list[tuple[OperationIR, Operation]] = []  # for the test cases

    def resources(self) -> list[ResourceIR]:
        out = []
        for name, resource in self.ctx.spec.resources.items():
            self.ctx.claim("client", name, ("resources", name), f"resource {name!r}")
            if name in RESERVED_ATTRIBUTES:
                self.ctx.error(("resources", name), f"resource name {name!r} is reserved", key=True)
            out.append(self._resource((name,), resource, module=name))
        return out

    def _resource(self, path: tuple[str, ...], resource: Resource, module: str) -> ResourceIR:
        loc: Location = ("resources",)
        for part in path[:-1]:
            loc = (*loc, part, "resources")
        loc = (*loc, path[-1])
        operations = [
            self._operation(path, name, op, (*loc, "operations", name))
            for name, op in resource.operations.items()
        ]
        ops = [op for op in operations if op is not None]
        _unshadow_builtins(ops)
        children = []
        for child, sub in resource.resources.items():
            if child in resource.operations:
                self.ctx.error(
                    (*loc, "resources", child),
                    f"sub-resource {child!r} has the name of an operation of {'.'.join(path)}",
                    key=True,
                )
            children.append(self._resource((*path, child), sub, module))
        text = join_doc(resource.description, f"Operations on `{'.'.join(path)}`.")
        sync_class, async_class = resource_class(path), async_name(resource_class(path))
        return ResourceIR(
            attribute=path[-1],
            sync_class=sync_class,
            async_class=async_class,
            sync_raw_class=raw_response_class(sync_class),
            async_raw_class=raw_response_class(async_class),
            fake_handles_class=fake_handles_class(sync_class),
            doc=doc(text),
            operations=ops,
            children=children,
            module=module,
            dotted=".".join(path),
            description=" ".join((resource.description or "").split()),
        )

    def _operation(
        self, resource: tuple[str, ...], name: str, op: Operation, loc: Location
    ) -> OperationIR | None:
        endpoint = self._endpoint(op, loc)
        if endpoint is None:
            return None
        method, path = endpoint
        fields, constants, body_argument = self._fields(op, loc, resource, name)
        positional, keyword = self._arguments(path, fields, body_argument)
        params = self._params_model(op, loc, (*resource, name), fields)
        response_annotation, item, response = self._response(op, loc)
        paginated = op.paginated
        if paginated:
            self._check_pagination(op, loc, item)
        sync_return, async_return, returns = _returns(
            response_annotation, item if paginated else None
        )
        docstring, argument_rows = self._docstring(
            op, method, path, positional + keyword, fields, returns
        )
        ir = OperationIR(
            name=name,
            constant=operation_constant((*resource, name)),
            doc=doc(docstring),
            arguments_doc=argument_rows,
            http_method=method,
            path_template=path,
            positional=positional,
            keyword=keyword,
            arg_names=[a.name for a in positional + keyword],
            params=params,
            path_wires=[f.wire for f, kind in fields if kind == "path"],
            query_wires=[f.wire for f, kind in fields + constants if kind == "query"],
            csv_wires=[
                f.wire
                for f, kind in fields
                if kind == "query" and getattr(f.spec, "style", "form") == "csv"
            ],
            body_argument=body_argument,
            form=op.body is not None and op.body.encoding == "form",
            batch_size=op.body.batch_size if op.body else None,
            response_annotation=response_annotation,
            sync_return=sync_return,
            async_return=async_return,
            item_annotation=item if paginated else None,
            # An operation declared with an envelope is sent without one when the API has none.
            envelope=op.envelope and self.ctx.spec.api.envelope is not None,
            auth=op.auth,
            dotted=".".join((*resource, name)),
            constants=[(f.wire, f.spec.const) for f, kind in constants if kind != "path"],
            paginated=paginated,
            status_means=sorted(op.status_means.items()),
            server=op.server,
            summary=op.summary or (op.description or "").split("\n")[0],
            description=" ".join((op.description or "").split()) if op.summary else "",
            scopes=list(op.scopes),
            deprecated=op.deprecated,
            errors=sorted(op.errors.items()),
        )
        return self._restated(ir, op, response)

    def _restated(self, ir: OperationIR, op: Operation, response: ResponseIR | None) -> OperationIR:
        """The operation with what the OpenAPI export restates in the spec's own terms; the spec
        is kept aside for the test cases, which are built with the IR."""
        ir.full_description = op.description
        ir.has_body = op.body is not None
        ir.response = response
        ir.examples = [ExampleIR(e.title, e.status, e.request, e.response) for e in op.examples]
        self.specs.append((ir, op))
        return ir

    def _endpoint(self, op: Operation, loc: Location) -> tuple[str, str] | None:
        """The operation's method and path, checked against the other operations' and its own
        path parameters; None (reported) when `endpoint` cannot be read."""
        match = ENDPOINT_RE.match(op.endpoint)
        if not match or match.group("method") not in HTTP_METHODS:
            self.ctx.error(
                (*loc, "endpoint"),
                f"endpoint must read 'METHOD /path' with METHOD one of {', '.join(HTTP_METHODS)}",
            )
            return None
        method, path = match.group("method"), match.group("path")
        key = (method, _normalized(path))
        if key in self.endpoints:
            first = ".".join(str(p) for p in self.endpoints[key])
            self.ctx.error((*loc, "endpoint"), f"endpoint {op.endpoint!r} is also {first}")
        self.endpoints[key] = loc
        self._check_path_params(path, op, loc)
        for status, meant in op.status_means.items():
            if not (400 <= status <= 599 and 400 <= meant <= 599) or status == meant:
                self.ctx.error(
                    (*loc, "status_means", status),
                    "status_means maps one error status (400-599) to another",
                )
        return method, path

    def _fields(
        self, op: Operation, loc: Location, resource: tuple[str, ...], name: str
    ) -> tuple[list[tuple[ResolvedField, str]], list[tuple[ResolvedField, str]], str | None]:
        """The operation's arguments and its constants (sent, never passed), each with where it
        goes on the wire ("path", "query", "body"), and the body argument's name if it has one."""
        owner = "_".join((*resource, name))  # inline enums of the arguments are named after it
        fields: list[tuple[ResolvedField, str]] = []
        for kind, declared in (("path", op.path), ("query", op.query)):
            for wire, param in declared.items():
                resolved = self.types.field(wire, param, (*loc, kind, wire), owner)
                if resolved:
                    fields.append((resolved, kind))
        body_argument: str | None = None
        if op.body is not None:
            body_fields, body_argument = self._body(op, loc, owner)
            fields.extend((f, "body") for f in body_fields)
        constants = [(f, kind) for f, kind in fields if f.spec.const is not None]
        # An argument may not take a name every method already has (`timeout`): it gets a `_`.
        arguments = [
            (replace(f, name=argument_name(f.name)), kind)
            for f, kind in fields
            if f.spec.const is None
        ]
        namespace = f"args:{'.'.join((*resource, name))}"
        for resolved, _ in arguments:
            self.ctx.claim(namespace, resolved.name, resolved.loc, f"parameter {resolved.wire!r}")
        return arguments, constants, body_argument

    def _params_model(
        self,
        op: Operation,
        loc: Location,
        path: tuple[str, ...],
        fields: list[tuple[ResolvedField, str]],
    ) -> ModelIR:
        """The model checking an operation's arguments, with its rules across arguments."""
        exactly_one_of = list(op.exactly_one_of)
        if op.body is not None and op.body.type is not None and op.body.argument is None:
            spread = self.ctx.spec.types.get(op.body.type)
            exactly_one_of += spread.exactly_one_of if spread is not None else []
        rules = request_rules(
            self.ctx,
            {f.wire: f.name for f, _ in fields},
            exactly_one_of,
            loc,
            {f.wire: (f.spec.required_unless, f.loc) for f, _ in fields if f.spec.required_unless},
        )
        return ModelIR(
            class_name=params_class(path),
            base="Params",
            doc=f"Arguments of `{'.'.join(path)}`.",
            fields=[self.types.model_field(f, params=True) for f, _ in fields],
            source=".".join(str(p) for p in loc),
            rules=rules,
            exactly_one_of_wires=exactly_one_of,
        )

    def _check_path_params(self, path: str, op: Operation, loc: Location) -> None:
        in_template = PATH_PARAM.findall(path)
        for name in in_template:
            if name not in op.path:
                hint = suggest(name, list(op.path))
                self.ctx.error(
                    (*loc, "endpoint"),
                    f"path parameter {{{name}}} is not declared under 'path'{hint}",
                )
        for name in op.path:
            if name not in in_template:
                self.ctx.error(
                    (*loc, "path", name),
                    f"path parameter {name!r} is not in the path {path!r}",
                    key=True,
                )
        if len(set(in_template)) != len(in_template):
            self.ctx.error((*loc, "endpoint"), "a path parameter appears twice in the path")

    def _body(
        self, op: Operation, loc: Location, owner: str
    ) -> tuple[list[ResolvedField], str | None]:
        body = op.body
        assert body is not None
        bloc = (*loc, "body")
        if body.argument is not None:
            text = body.type if body.type is not None else "object"
            spec = FieldDef.model_validate({"type": text, "description": body.description})
            resolved = self.types.field(body.argument, spec, (*bloc, "type"), owner)
            return ([resolved] if resolved else []), body.argument
        if body.type is not None:
            expr = self.types.resolve(body.type, (*bloc, "type"))
            if expr is None:
                return [], None
            if not isinstance(expr, Ref) or self.types.kinds.get(expr.name) != "model":
                self.ctx.error(
                    (*bloc, "type"),
                    "a body spread into arguments must be an object type; use 'argument' otherwise",
                )
                return [], None
            source = self.types.object_fields(expr.name)
            floc: Location = ("types", expr.name, "fields")
        else:
            source = body.fields or {}
            floc = (*bloc, "fields")
        out = []
        for wire, fspec in source.items():
            resolved = self.types.field(wire, fspec, (*floc, wire), owner)
            if resolved:
                out.append(resolved)
        return out, None

    def _arguments(
        self, path: str, fields: list[tuple[ResolvedField, str]], body_argument: str | None
    ) -> tuple[list[ArgumentIR], list[ArgumentIR]]:
        order = {name: i for i, name in enumerate(PATH_PARAM.findall(path))}
        path_fields = sorted(
            (f for f, k in fields if k == "path"), key=lambda f: order.get(f.wire, 0)
        )
        positional = [self._argument(f) for f in path_fields]
        keyword = []
        for resolved, kind in fields:
            if kind == "path":
                continue
            if kind == "body" and resolved.wire == body_argument:
                positional.append(self._argument(resolved))
            else:
                keyword.append(self._argument(resolved))
        return positional, keyword

    def _argument(self, field: ResolvedField) -> ArgumentIR:
        members = [self.types.annotation(field.expr, argument=True)]
        if field.spec.optional:
            members.append(an.NOT_GIVEN)
        if field.spec.nullable:
            members.append(an.NONE)
        return ArgumentIR(field.name, an.union(*members), field.spec.optional)

    def _response(
        self, op: Operation, loc: Location
    ) -> tuple[an.Annotation, an.Annotation | None, ResponseIR | None]:
        """The payload's annotation, its item's when it is a list, and the declared response."""
        if op.response is None:
            return an.NONE, None, None
        expr = self.types.resolve(op.response.type, (*loc, "response", "type"))
        if expr is None:  # already reported; an item type keeps follow-on checks quiet
            return an.ANY, an.ANY, None
        annotation = self.types.annotation(expr)
        if op.response.nullable:
            annotation = an.union(annotation, an.NONE)
        item = self.types.annotation(expr.item) if isinstance(expr, ListOf) else None
        declared = ResponseIR(
            op.response.status, expr, op.response.nullable, op.response.description
        )
        return annotation, item, declared

    def _check_pagination(self, op: Operation, loc: Location, item: an.Annotation | None) -> None:
        pagination = self.ctx.spec.api.pagination
        if pagination is None:
            self.ctx.error((*loc, "paginated"), "the API declares no pagination")
            return
        if item is None:
            self.ctx.error((*loc, "response"), "a paginated operation must return a list[...]")

    def _docstring(
        self,
        op: Operation,
        method: str,
        path: str,
        arguments: list[ArgumentIR],
        fields: list[tuple[ResolvedField, str]],
        returns: str,
    ) -> tuple[str, list[ArgumentDocIR]]:
        """The method's docstring and its argument table (the API reference shows the same)."""
        first = op.summary or (op.description or "").split("\n")[0] or f"{method} {path}"
        rest = op.description if op.summary else "\n".join((op.description or "").split("\n")[1:])
        parts = [first, rest, f"`{method} {path}`"]
        if op.deprecated:
            parts.append("Deprecated.")
        if op.scopes:
            parts.append("OAuth scopes: " + ", ".join(f"`{s}`" for s in op.scopes) + ".")
        by_name = {f.name: f for f, _ in fields}
        by_wire = {f.wire: f.name for f, _ in fields}
        for group in op.exactly_one_of:
            parts.append(
                "Give exactly one of " + " or ".join(f"`{by_wire.get(w, w)}`" for w in group) + "."
            )
        rows = [_argument_row(argument, by_name[argument.name], by_wire) for argument in arguments]
        # The signature already gives each argument's type and whether it may be left out.
        described = [row for row in rows if row.text]
        if described:
            parts.append(_section("Args", [(row.name, row.text) for row in described]))
        parts.append(f"Returns:\n    {returns}")
        if op.errors or op.status_means:
            # A status this operation's server sends for another is raised as the other's error.
            raises = [
                (error_class(op.status_means.get(status, status)), _status_text(status, text))
                for status, text in sorted(op.errors.items())
            ]
            raises += [
                (error_class(meant), f"Status {status}, which this server sends for {meant}.")
                for status, meant in sorted(op.status_means.items())
                if status not in op.errors
            ]
            parts.append(_section("Raises", raises))
        return join_doc(*parts), rows


def _argument_row(
    argument: ArgumentIR, resolved: ResolvedField, by_wire: dict[str, str]
) -> ArgumentDocIR:
    """An argument's row: its description after what the spec says of its bounds and rules."""
    spec = resolved.spec
    kind = an.without(argument.annotation, an.NOT_GIVEN)
    text = " ".join((spec.description or "").split())
    flags = [w for w, on in (("Deprecated.", spec.deprecated), ("Unique.", spec.unique)) if on]
    if getattr(spec, "minimum", None) is not None or getattr(spec, "maximum", None) is not None:
        flags.append(f"From {_number(spec.minimum)} to {_number(spec.maximum)}.")
    if spec.min_items is not None or spec.max_items is not None:
        flags.append(
            f"From {_number(spec.min_items)} to {_number(spec.max_items)} items"
            + (f" separated by {spec.separator!r}." if spec.separator else ".")
        )
    if spec.required_unless:
        others = " or ".join(f"`{by_wire.get(w, w)}`" for w in spec.required_unless)
        flags.append(f"Required unless {others} is given.")
    return ArgumentDocIR(
        argument.name,
        resolved.wire,
        kind,
        argument.optional,
        " ".join([*flags, text]).strip(),
    )


def _returns(
    response_annotation: an.Annotation, item: an.Annotation | None
) -> tuple[an.Annotation, an.Annotation, str]:
    """What the sync and async methods return, and the docstring's `Returns:` text."""
    if item is not None:
        return (
            an.Subscript("SyncPage", (item,)),
            an.Subscript("AsyncPageRequest", (item,)),
            f"A page of {item}; iterating it walks every page.",
        )
    return response_annotation, response_annotation, str(response_annotation)


def _unshadow_builtins(ops: list[OperationIR]) -> None:
    """In a class with a method named `list`, annotations say `builtins.list` (and so on)."""
    shadowed = {op.name for op in ops} & {
        "list",
        "dict",
        "set",
        "type",
        "str",
        "int",
        "float",
        "bool",
    }
    if not shadowed:
        return

    def qualify(name: str) -> str:
        return f"builtins.{name}" if name in shadowed else name

    for op in ops:
        for arg in op.positional + op.keyword:
            arg.annotation = an.renamed(arg.annotation, qualify)
        op.sync_return = an.renamed(op.sync_return, qualify)
        op.async_return = an.renamed(op.async_return, qualify)


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


def _normalized(path: str) -> str:
    return PATH_PARAM.sub("{}", path)
