"""Resources and operations resolved: endpoints read and checked, parameters (those pagination
implies included), bodies, responses and examples."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Literal, cast

from ..spec import model as spec
from ..spec.typeexpr import ListOf, MapOf, Prim, Ref, TypeExpr
from .context import Context, KeyPath, notes
from .nodes import (
    JSON,
    ArgumentBody,
    Body,
    Example,
    Field,
    InlineBody,
    Operation,
    Pagination,
    Resource,
    Response,
    SpreadBody,
    TypeRef,
)
from .types import TypeResolver, check_rules, frozen


class OperationResolver:
    def __init__(self, ctx: Context, types: TypeResolver, token_origin: str | None) -> None:
        self.ctx = ctx
        self.types = types
        self.token_origin = token_origin
        self.endpoints: dict[tuple[str, str], KeyPath] = {}
        self._check_idempotency_header()

    def resources(
        self, given: dict[str, spec.Resource], path: KeyPath, parents: tuple[str, ...] = ()
    ) -> tuple[Resource, ...]:
        """The resources at `path` (`resources`, or a resource's `resources`), depth first."""
        out = []
        for name, resource in given.items():
            rpath: KeyPath = (*path, name)
            operations = [
                self.operation((*parents, name), op_name, op, (*rpath, "operations", op_name))
                for op_name, op in resource.operations.items()
            ]
            out.append(
                Resource(
                    name,
                    (*parents, name),
                    tuple(op for op in operations if op is not None),
                    self.resources(resource.resources, (*rpath, "resources"), (*parents, name)),
                    resource.description,
                    notes(resource.notes),
                    self.ctx.locate(rpath),
                )
            )
        return tuple(out)

    def operation(
        self, resource: tuple[str, ...], name: str, op: spec.Operation, path: KeyPath
    ) -> Operation | None:
        self._check_server(op, path)
        own = self._own_pagination(op, path)
        query_given = self._with_driven_parameters(op, path)
        endpoint = self._endpoint(op, path)
        if endpoint is None:
            return None
        method, template = endpoint
        owner = "_".join((*resource, name))  # inline enums of the arguments are named after it
        path_params = self.types.fields(op.path, (*path, "path"), owner)
        query = self._query_objects(
            self.types.fields(query_given, (*path, "query"), owner), op, path
        )
        headers = self.types.fields(op.headers, (*path, "headers"), owner)
        cookies = self.types.fields(op.cookies, (*path, "cookies"), owner)
        self._check_carried(headers, "header")
        self._check_carried(cookies, "cookie")
        body = self._body(op, path, owner) if op.body is not None else None
        response, *others = self._responses(op, path) or (None,)
        response = self._with_headers(response, op, path, owner)
        carried = [*headers.values(), *cookies.values()]
        located = [*path_params.values(), *query.values(), *carried]
        self._check_arguments(op, path, [*located, *_fields(body)])
        return Operation(
            name=name,
            resource=resource,
            endpoint=op.endpoint,
            method=method,
            path=template,
            path_params=frozen(path_params),
            query=frozen(query),
            headers=frozen(headers),
            cookies=frozen(cookies),
            body=body,
            response=response,
            paginated=_paginated(op),
            pagination=own,
            items=op.items,
            envelope=op.envelope,
            enveloped=self._enveloped(op, response),
            auth=op.auth,
            scopes=tuple(op.scopes),
            errors=MappingProxyType(_error_meanings(op)),
            error_types=MappingProxyType(self._error_types(op, path)),
            status_means=MappingProxyType(dict(op.status_means)),
            exactly_one_of=tuple(tuple(group) for group in op.exactly_one_of),
            server=op.server,
            deprecated=op.deprecated,
            examples=tuple(
                self._example(e, (*path, "examples", i)) for i, e in enumerate(op.examples)
            ),
            summary=op.summary,
            description=op.description,
            notes=notes(op.notes),
            loc=self.ctx.locate(path),
            idempotency_header=self._idempotency_header(op, method, headers, path),
            other_responses=tuple(others),
        )

    def _enveloped(self, op: spec.Operation, response: Response | None) -> bool:
        """An operation declared with an envelope is sent without one when the API has none;
        one whose list sits at `items` has a body of its own."""
        return (
            op.envelope
            and self.ctx.spec.api.envelope is not None
            and (response is None or response.json is not None)
            and op.items is None
        )

    def _idempotency_header(
        self, op: spec.Operation, method: str, headers: dict[str, Field], path: KeyPath
    ) -> str | None:
        """The operation's own idempotency header, else the API's for a POST or PATCH (a
        paginated one takes none: each page is its own request)."""
        own, api = op.idempotency_key, self.ctx.spec.api.idempotency_key
        chosen = own or (api if own is None and not op.paginated else None)
        if chosen is None:
            return None
        at: KeyPath = (*path, "idempotency_key")
        if method not in _NOT_IDEMPOTENT:
            if own:
                self.ctx.error(
                    at,
                    f"an idempotency key is for a POST or PATCH; a {method} is idempotent already",
                )
            return None
        problem = _header_problem(self.ctx, chosen.header) if own else None
        if problem:
            self.ctx.error((*at, "header"), problem)
            return None
        for wire, f in headers.items():
            if wire.lower() == chosen.header.lower():
                whose = "its" if own else "the API's (api.idempotency_key)"
                self.ctx.error(f.loc.path, f"{wire!r} is {whose} idempotency header", key=True)
                return None
        return chosen.header

    def _check_idempotency_header(self) -> None:
        """The API's idempotency header: one the client may send (each operation's own is
        checked with it)."""
        given = self.ctx.spec.api.idempotency_key
        problem = _header_problem(self.ctx, given.header) if given else None
        if problem:
            self.ctx.error(("api", "idempotency_key", "header"), problem)

    def _check_server(self, op: spec.Operation, path: KeyPath) -> None:
        if op.server == "oauth2" and self.token_origin is None:
            self.ctx.error(
                (*path, "server"),
                "server 'oauth2' needs api.auth.oauth2 with an absolute token_url",
            )

    def _with_driven_parameters(self, op: spec.Operation, path: KeyPath) -> dict[str, spec.Param]:
        """The query parameters, those its pagination (its own, or the API's) drives first where
        the operation does not declare them; declaring one exactly as implied is an error."""
        pagination = op.pagination or self.ctx.spec.api.pagination
        if not _paginated(op) or pagination is None:
            return dict(op.query)
        where = "the operation's pagination" if op.pagination else "api.pagination"
        implied: dict[str, spec.Param] = {}
        for wire, type_name in pagination.driven_parameters().items():
            param = spec.Param(type=type_name, optional=True)
            if op.query.get(wire) == param:
                self.ctx.error(
                    (*path, "query", wire),
                    f"{wire!r} is the pagination parameter {where} declares: "
                    "delete it here, "
                    "or say more about it (a description, a default, bounds)",
                    key=True,
                )
            elif wire not in op.query:
                implied[wire] = param
        return {**implied, **op.query}

    def _endpoint(self, op: spec.Operation, path: KeyPath) -> tuple[str, str] | None:
        """The operation's method and path, checked against the other operations' and its own
        path parameters; None (reported) when `endpoint` cannot be read."""
        match = spec.ENDPOINT_RE.match(op.endpoint)
        if not match or match.group("method") not in spec.HTTP_METHODS:
            self.ctx.error(
                (*path, "endpoint"),
                "endpoint must read 'METHOD /path' with METHOD one of "
                + ", ".join(spec.HTTP_METHODS),
            )
            return None
        method, template = match.group("method"), match.group("path")
        key = (method, spec.PATH_PARAM.sub("{}", template))
        if key in self.endpoints:
            first = ".".join(str(p) for p in self.endpoints[key])
            self.ctx.error((*path, "endpoint"), f"endpoint {op.endpoint!r} is also {first}")
        self.endpoints[key] = path
        self._check_path_params(template, op, path)
        for status, meant in op.status_means.items():
            if not (400 <= status <= 599 and 400 <= meant <= 599) or status == meant:
                self.ctx.error(
                    (*path, "status_means", status),
                    "status_means maps one error status (400-599) to another",
                )
        return method, template

    def _check_path_params(self, template: str, op: spec.Operation, path: KeyPath) -> None:
        in_template = spec.PATH_PARAM.findall(template)
        for name in in_template:
            if name not in op.path:
                hint = spec.suggest(name, list(op.path))
                self.ctx.error(
                    (*path, "endpoint"),
                    f"path parameter {{{name}}} is not declared under 'path'{hint}",
                )
        for name in op.path:
            if name not in in_template:
                self.ctx.error(
                    (*path, "path", name),
                    f"path parameter {name!r} is not in the path {template!r}",
                    key=True,
                )
        if len(set(in_template)) != len(in_template):
            self.ctx.error((*path, "endpoint"), "a path parameter appears twice in the path")

    def _body(self, op: spec.Operation, path: KeyPath, owner: str) -> Body | None:
        body = op.body
        assert body is not None
        bpath: KeyPath = (*path, "body")
        described = (body.encoding, body.batch_size, body.description, notes(body.notes))
        if body.argument is not None:
            text = body.type if body.type is not None else "object"
            fdef = spec.FieldDef.model_validate({"type": text, "description": body.description})
            argument = self.types.field(body.argument, fdef, (*bpath, "type"), owner)
            if argument is None:
                return None
            if body.encoding == "form" and not self._named_fields(argument.expr):
                self.ctx.error(
                    (*bpath, "type"),
                    "a form-encoded body is a set of named fields: its type must be an object "
                    "type, a map or `object`",
                )
                return None
            written = argument.type if body.type is not None else None
            loc = self.ctx.locate(bpath)
            return ArgumentBody(argument, written, *described, loc, body.media_type)
        if body.type is not None:
            written = self.types.type_ref(body.type, (*bpath, "type"))
            if written is None:
                return None
            if not isinstance(written.expr, Ref) or self.types.kinds.get(written.expr.name) != (
                "object"
            ):
                self.ctx.error(
                    (*bpath, "type"),
                    "a body spread into arguments must be an object type; use 'argument' otherwise",
                )
                return None
            spread = self.ctx.spec.types[written.expr.name]
            fields = frozen(self.types.all_fields(written.expr.name))
            groups = tuple(tuple(group) for group in spread.exactly_one_of)
            return SpreadBody(written, fields, groups, *described, self.ctx.locate(bpath))
        fields = frozen(self.types.fields(body.fields or {}, (*bpath, "fields"), owner))
        return InlineBody(fields, *described, self.ctx.locate(bpath))

    def _responses(self, op: spec.Operation, path: KeyPath) -> tuple[Response, ...]:
        """The success responses: `response`, or those of `responses` by status, checked."""
        if not op.responses:
            response = self._response(op, path)
            return () if response is None else (response,)
        where: KeyPath = (*path, "responses")
        if op.response is not None:
            self.ctx.error(where, "give 'response' or 'responses', not both")
        if len(op.responses) == 1:
            self.ctx.error(where, "one success status: say it with 'response' (its 'status')")
        if _paginated(op):
            self.ctx.error(where, "a paginated operation answers one list[...]: say 'response'")
        if op.body is not None and op.body.batch_size:
            self.ctx.error((*path, "body", "batch_size"), "a call answering by status is one call")
        out: list[Response] = []
        for status, declared in sorted(op.responses.items()):
            at: KeyPath = (*where, status)
            if not 200 <= status <= 299:
                self.ctx.error(at, f"{status} is no success status (200-299)", key=True)
                continue
            written = None
            if declared.type is not None:
                written = self.types.type_ref(declared.type, (*at, "type"))
                if written is None:
                    continue
            out.append(
                Response(
                    written,
                    declared.nullable,
                    status,
                    "json",
                    None,
                    None,
                    declared.description,
                    notes(declared.notes),
                    self.ctx.locate(at),
                )
            )
        if len(out) > 1 and len({(r.type.text if r.type else None, r.nullable) for r in out}) == 1:
            self.ctx.error(where, "every status answers the same body: say it with 'response'")
        return tuple(out)

    def _response(self, op: spec.Operation, path: KeyPath) -> Response | None:
        declared = op.response
        if declared is None:
            if _paginated(op):
                self._check_paginated(op, path, returns_list=False)
            return None
        written = None
        if declared.type is not None:
            written = self.types.type_ref(declared.type, (*path, "response", "type"))
            if written is None:
                if _paginated(op):
                    self._check_paginated(op, path, returns_list=True)  # already reported
                return None
        json = written if declared.content == "json" and declared.header is None else None
        if _paginated(op):
            self._check_paginated(
                op, path, returns_list=json is not None and isinstance(json.expr, ListOf)
            )
        if declared.header is not None and written is not None:
            self._check_header_type(written, (*path, "response", "type"))
        if declared.content in spec.STREAMED and op.body is not None and op.body.batch_size:
            self.ctx.error((*path, "body", "batch_size"), "a streamed response is one call")
        return Response(
            written,
            declared.nullable,
            declared.status,
            declared.content,
            declared.media_type,
            declared.header,
            declared.description,
            notes(declared.notes),
            self.ctx.locate((*path, "response")),
        )

    def _with_headers(
        self, response: Response | None, op: spec.Operation, path: KeyPath, owner: str
    ) -> Response | None:
        """The response with the typed headers it declares beside its body, checked: names HTTP
        can carry, scalar values, and one response per call (a paginated call has a response
        per page)."""
        if response is None or op.response is None or not op.response.headers:
            return response
        at: KeyPath = (*path, "response", "headers")
        if _paginated(op):
            self.ctx.error(
                at, "a paginated call reads a response per page: it declares no 'headers'"
            )
        if op.body is not None and op.body.batch_size:
            self.ctx.error(
                at, "a batched call reads a response per batch: it declares no 'headers'"
            )
        fields = self.types.fields(op.response.headers, at, f"{owner}_headers")
        for wire, f in fields.items():
            if not spec.HEADER_NAME.match(wire):
                self.ctx.error(f.loc.path, f"{wire!r} is not a valid header name", key=True)
            elif f.const is not None:
                self.ctx.error((*f.loc.path, "const"), "a response header takes no 'const'")
            elif not _scalar(self.ctx.spec, f.type.expr):
                self.ctx.error(
                    (*f.loc.path, "type"),
                    "a response header is a string, number, boolean, date or enum, "
                    f"not {f.type.text}",
                )
        # A header is read, never sent: the API's datetime format (how the client writes one)
        # is not its own (`Last-Modified` is an HTTP date, which the reader also takes).
        read = {wire: replace(f, datetime_format=None) for wire, f in fields.items()}
        return replace(response, headers=frozen(read))

    def _check_header_type(self, written: TypeRef, path: KeyPath) -> None:
        """A header's value is one scalar: a string, a number, a boolean, a date or an id."""
        expr = written.expr
        scalar = isinstance(expr, Prim) and expr.name not in ("object", "any")
        if isinstance(expr, Ref):
            scalar = self.types.kinds.get(expr.name) == "enum"
        if not scalar:
            self.ctx.error(
                path,
                f"a header's value is a scalar (string, integer, uuid, ...), not {written.text}",
            )

    def _error_types(self, op: spec.Operation, path: KeyPath) -> dict[int, TypeRef]:
        """The typed error bodies, checked: an error status (400-599), a declared type."""
        out: dict[int, TypeRef] = {}
        for status, error in op.errors.items():
            if isinstance(error, str):
                continue
            where: KeyPath = (*path, "errors", status)
            if not 400 <= status <= 599:
                self.ctx.error(
                    where, "a typed error body needs an error status (400-599)", key=True
                )
                continue
            written = self.types.type_ref(error.type, (*where, "type"))
            if written is not None:
                out[status] = written
        return out

    def _check_paginated(self, op: spec.Operation, path: KeyPath, *, returns_list: bool) -> None:
        style = op.pagination or self.ctx.spec.api.pagination
        if style is None:
            self.ctx.error((*path, "paginated"), "the API declares no pagination")
        elif not returns_list:
            self.ctx.error((*path, "response"), "a paginated operation must return a list[...]")
        elif (
            op.pagination is not None
            and op.items is None
            and self.ctx.spec.api.envelope is None
            and style.envelope_paths()
        ):
            self.ctx.error(
                (*path, "pagination"),
                f"pagination {style.style} reads the response's "
                f"{', '.join(sorted(style.envelope_paths().values()))}: the list comes in an "
                "object, so say where with 'items' (or give the API an envelope)",
            )

    def _own_pagination(self, op: spec.Operation, path: KeyPath) -> Pagination | None:
        """The operation's own pagination style, its envelope paths checked where its body is
        the API's envelope; and its `items`, which only a paginated list has."""
        if op.items is not None and (not _paginated(op) or not all(op.items.split("."))):
            problem = (
                "needs dotted keys (`_embedded.tags`)"
                if _paginated(op)
                else "says where a paginated list sits: give the operation 'paginated: true' "
                "or its own 'pagination'"
            )
            self.ctx.error((*path, "items"), f"'items' {problem}")
        style = op.pagination
        if style is None:
            return None
        ppath: KeyPath = (*path, "pagination")
        envelope = self.ctx.spec.api.envelope
        if op.items is None and envelope is not None and op.envelope:
            keys = {envelope.data, *([envelope.error] if envelope.error is not None else [])}
            for key, dotted in style.envelope_paths().items():
                head = dotted.partition(".")[0]
                if head not in keys and head not in envelope.fields:
                    self.ctx.error((*ppath, key), f"{head!r} is not a key of the envelope")
        driven = {
            wire: spec.Param(type=type_name, optional=True)
            for wire, type_name in style.driven_parameters().items()
        }
        fields = self.types.fields(driven, (*ppath, "driven"), "Pagination")
        return Pagination(style, frozen(fields), self.ctx.locate(ppath))

    def _check_carried(self, fields: dict[str, Field], where: Literal["header", "cookie"]) -> None:
        """A header or cookie parameter: a name HTTP can carry, which neither the client nor the
        API's keys set, and a scalar (a header may take a list, sent comma-separated)."""
        for wire, f in fields.items():
            at = f.loc.path
            scalar = _scalar(self.ctx.spec, f.type.expr)
            if not spec.HEADER_NAME.match(wire):
                self.ctx.error(at, f"{wire!r} is not a valid {where} name", key=True)
            elif where == "header" and wire.lower() in _CLIENT_HEADERS:
                self.ctx.error(at, f"the client sets the {wire!r} header itself", key=True)
            elif (where, wire.lower() if where == "header" else wire) in _key_places(self.ctx):
                self.ctx.error(
                    at, f"an API key of api.auth is sent in the {where} {wire!r}", key=True
                )
            elif f.const is not None:
                self.ctx.error((*at, "const"), f"a {where} parameter takes no 'const'")
            elif not scalar and not (
                where == "header"
                and isinstance(f.type.expr, ListOf)
                and _scalar(self.ctx.spec, f.type.expr.item)
            ):
                lists = ", or a list of them" if where == "header" else ""
                self.ctx.error(
                    (*at, "type"),
                    f"a {where} parameter is a string, number, boolean, " f"date or enum{lists}",
                )

    def _query_objects(
        self, query: dict[str, Field], op: spec.Operation, path: KeyPath
    ) -> dict[str, Field]:
        """The query parameters, each holding an object marked with how it is sent: its keys
        spread (`form`, OpenAPI's default) or bracketed (`deep_object`). One operation spreads
        at most one, or a key received could belong to either."""
        self._check_styles(op, path)
        out: dict[str, Field] = {}
        spread: list[str] = []
        for wire, f in query.items():
            style = op.query[wire].style if wire in op.query else "form"
            at = (*f.loc.path, "style")
            if not self._named_fields(f.expr):
                if style == "deep_object":
                    self.ctx.error(at, "'deep_object' needs an object type, a map[...] or object")
                out[wire] = f
                continue
            if style == "csv":
                self.ctx.error(
                    at,
                    "'csv' is for a list; an object is sent 'form' (its keys spread) "
                    "or 'deep_object'",
                )
                style = "form"
            if style == "form" and spread:
                self.ctx.error(
                    f.loc.path,
                    f"only one query object may spread its keys ({spread[0]!r} does): "
                    "give this one 'style: deep_object'",
                    key=True,
                )
            spread += [wire] if style == "form" else []
            out[wire] = replace(f, object_style=style)
        return out

    def _check_styles(self, op: spec.Operation, path: KeyPath) -> None:
        """`deep_object` is a style of the query only."""
        for where, params in (("path", op.path), ("headers", op.headers), ("cookies", op.cookies)):
            for wire, param in params.items():
                if param.style == "deep_object":
                    self.ctx.error(
                        (*path, where, wire, "style"), "'deep_object' is for a query parameter"
                    )

    def _named_fields(self, expr: TypeExpr) -> bool:
        if isinstance(expr, Ref):
            return self.types.kinds.get(expr.name) == "object"
        return isinstance(expr, MapOf) or (isinstance(expr, Prim) and expr.name == "object")

    def _check_arguments(self, op: spec.Operation, path: KeyPath, fields: list[Field]) -> None:
        """The operation's rules across arguments (a spread body's type's rules too) name its
        arguments (constants, which are sent but never passed, are not arguments)."""
        arguments = [f for f in fields if f.const is None]
        groups = list(op.exactly_one_of)
        if op.body is not None and op.body.type is not None and op.body.argument is None:
            spread = self.ctx.spec.types.get(op.body.type)
            groups += spread.exactly_one_of if spread is not None else []
        unless = {
            f.wire: (list(f.required_unless), f.loc.path) for f in arguments if f.required_unless
        }
        check_rules(self.ctx, [f.wire for f in arguments], groups, path, unless)

    def _example(self, example: spec.Example, path: KeyPath) -> Example:
        return Example(
            example.title,
            cast(dict[str, JSON] | None, example.arguments),
            cast(JSON, example.request),
            cast(JSON, example.response),
            example.status,
            notes(example.notes),
            self.ctx.locate(path),
        )


def _paginated(op: spec.Operation) -> bool:
    """The operation walks pages: with the API's pagination, or its own."""
    return op.paginated or op.pagination is not None


# Headers the client writes itself on every request.
_NOT_IDEMPOTENT = ("POST", "PATCH")


def _header_problem(ctx: Context, header: str) -> str | None:
    """Why the client cannot send an idempotency key in `header`, or None."""
    if not spec.HEADER_NAME.match(header):
        return f"{header!r} is not a valid header name"
    if header.lower() in _CLIENT_HEADERS:
        return f"the client sets the {header!r} header itself"
    if ("header", header.lower()) in _key_places(ctx):
        return f"an API key of api.auth is sent in the header {header!r}"
    return None


_CLIENT_HEADERS = frozenset(
    {"accept", "authorization", "content-length", "content-type", "cookie", "host", "user-agent"}
)


def _key_places(ctx: Context) -> set[tuple[str, str]]:
    """Where the API's keys go (header names in lower case)."""
    scheme = ctx.spec.api.auth
    if not isinstance(scheme, spec.ApiKeyAuth):
        return set()
    return {
        (key.location, key.wire.lower() if key.location == "header" else key.wire)
        for key in scheme.credentials.values()
    }


def _scalar(given: spec.Spec, expr: TypeExpr) -> bool:
    """A type a header or cookie carries as one text: a scalar, or a declared enum."""
    if isinstance(expr, Prim):
        return expr.name not in ("object", "any")
    if isinstance(expr, Ref):
        named = given.types.get(expr.name)
        return named is not None and named.enum is not None
    return False


def _fields(body: Body | None) -> list[Field]:
    if isinstance(body, ArgumentBody):
        return [body.argument]
    return list(body.fields.values()) if body is not None else []


def _error_meanings(op: spec.Operation) -> dict[int, str]:
    """What each error status means: its text, or a typed error's description."""
    return {
        status: e if isinstance(e, str) else e.description or "error"
        for status, e in op.errors.items()
    }
