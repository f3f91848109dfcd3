"""A validated spec -> its resolved model, in one pass; every error of the spec raised together."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from ..spec import model as spec
from ..spec.loader import LoadedSpec, load_spec
from ..spec.typeexpr import ListOf, MapOf, Prim, TypeExpr, UnionOf, references
from .context import Context, KeyPath, notes
from .examples import example_errors
from .nodes import (
    Api,
    ArgumentBody,
    Auth,
    BaseUrl,
    Credential,
    EnumType,
    Envelope,
    ErrorBody,
    Field,
    InlineBody,
    NamedType,
    OAuth2,
    ObjectType,
    Operation,
    Pagination,
    ServerVariable,
    Side,
    Webhooks,
    walk,
)
from .operations import OperationResolver
from .types import TypeResolver, frozen


def resolve_file(path: Path, display: str) -> Api:
    """The resolved model of a spec file; raise SpecErrors."""
    return resolve(load_spec(path, display))


def resolve(loaded: LoadedSpec) -> Api:
    """The resolved model of a validated spec; raise SpecErrors with every problem found."""
    ctx = Context(loaded)
    api = ctx.spec.api
    types = _declared_types(ctx)
    envelope = _envelope(ctx, types)
    auth = _auth(ctx)
    resolver = OperationResolver(ctx, types, auth.oauth2.origin if auth.oauth2 else None)
    resources = resolver.resources(ctx.spec.resources, ("resources",))
    operations = tuple(op for r in walk(resources, lambda r: r.resources) for op in r.operations)
    pagination = _pagination(ctx, types, envelope)
    webhooks = _webhooks(ctx, types)
    sides = _sides(types, operations, envelope, webhooks)
    named = _named_types(ctx, types, sides)
    _check_files(ctx, named, operations)
    ctx.raise_errors()
    resolved = Api(
        file=loaded.display,
        name=api.name,
        title=api.title,
        version=api.version,
        client=api.client,
        source=api.source,
        base_url=_base_url(ctx),
        auth=auth,
        envelope=envelope,
        pagination=pagination,
        error_body=ErrorBody(
            tuple(api.error_body.messages),
            api.error_body.description,
            notes(api.error_body.notes),
            ctx.locate(("api", "error_body")),
        ),
        naive_datetime=api.naive_datetime,
        datetime_format=api.datetime_format,
        webhooks=webhooks,
        left_out=MappingProxyType(dict(api.left_out)),
        types=MappingProxyType(named),
        enums=tuple(types.enums),
        resources=resources,
        operations=operations,
        description=api.description,
        notes=notes(api.notes),
        positions=loaded.positions,
        loc=ctx.locate(("api",)),
    )
    ctx.errors.extend(example_errors(resolved))  # each example against the model it exemplifies
    ctx.raise_errors()
    return resolved


def _declared_types(ctx: Context) -> TypeResolver:
    """The resolver of the spec's types, each declared type's enum or own fields met."""
    types = TypeResolver(ctx)
    for name, typedef in ctx.spec.types.items():  # inline enums are met in this order
        if typedef.enum is not None:
            types.declared_enum(name)
        elif typedef.union is None:
            types.own_fields(name)
            types.check_object(name)
    return types


def _check_files(
    ctx: Context, named: dict[str, NamedType], operations: tuple[Operation, ...]
) -> None:
    """A `file` is one file a request uploads: a field of a multipart body's own `fields`, or a
    binary body's argument; nowhere else (a type's field, a parameter, a response)."""
    allowed: set[int] = set()
    places: list[Field] = []
    for op in operations:
        body = op.body
        if isinstance(body, ArgumentBody):
            places.append(body.argument)
            if body.encoding == "binary":
                allowed.add(id(body.argument))
        if isinstance(body, InlineBody) and body.encoding == "multipart":
            allowed.update(id(f) for f in body.fields.values() if f.expr == FILE)
        places += [*op.path_params.values(), *op.query.values(), *op.body_fields().values()]
        for response in op.success_responses:
            if response.type is not None and _has_file(response.type.expr):
                ctx.error((*response.loc.path, "type"), _FILE_PLACES)
    for typedef in named.values():
        if isinstance(typedef, ObjectType):
            places += list(typedef.own_fields.values())
    for f in places:
        if id(f) not in allowed and _has_file(f.expr):
            ctx.error((*f.loc.path, "type"), _FILE_PLACES)


_FILE_PLACES = "a 'file' is a field of a multipart body's own 'fields', or a binary body's argument"
FILE = Prim("file")


def _has_file(expr: TypeExpr) -> bool:
    return FILE in set(_leaves(expr))


def _leaves(expr: TypeExpr) -> Iterator[TypeExpr]:
    if isinstance(expr, ListOf):
        yield from _leaves(expr.item)
    elif isinstance(expr, MapOf):
        yield from _leaves(expr.value)
    elif isinstance(expr, UnionOf):
        for member in expr.members:
            yield from _leaves(member)
    else:
        yield expr


def _named_types(
    ctx: Context, types: TypeResolver, sides: dict[str, set[Side]]
) -> dict[str, NamedType]:
    enums: dict[str, EnumType] = {e.name: e for e in types.enums if e.declared}
    named: dict[str, NamedType] = {}
    for name, typedef in ctx.spec.types.items():
        side = frozenset(sides.get(name, set()))
        if typedef.enum is not None:
            if name in enums:
                named[name] = replace(enums[name], sides=side)
        elif typedef.union is not None:
            named[name] = types.union_type(name, side)
        else:
            named[name] = types.object_type(name, side)
    return named


def _envelope(ctx: Context, types: TypeResolver) -> Envelope | None:
    envelope = ctx.spec.api.envelope
    if envelope is None:
        return None
    path: KeyPath = ("api", "envelope")
    fields = types.fields(envelope.fields, (*path, "fields"), "Envelope")
    return Envelope(
        envelope.data,
        envelope.error,
        frozen(fields),
        envelope.description,
        notes(envelope.notes),
        ctx.locate(path),
    )


def _base_url(ctx: Context) -> BaseUrl:
    """The base URL: one, or named environments; with the `{variables}` a client fills."""
    base = ctx.spec.api.base_url
    path: KeyPath = ("api", "base_url")
    for where, message in base.problems():
        ctx.error((*path, *where), message)
    variables = tuple(
        ServerVariable(
            name,
            v.default,
            tuple(v.enum) if v.enum is not None else None,
            v.description,
            ctx.locate((*path, "variables", name)),
        )
        for name, v in base.variables.items()
    )
    chosen = base.default_environment or next(iter(base.environments), None)
    template = base.environments.get(chosen, base.default) if chosen else base.default
    defaults = {v.name: v.default for v in variables}
    default = (
        spec.PATH_PARAM.sub(lambda m: defaults.get(m.group(1), m.group(0)), template)
        if template is not None
        else None
    )
    return BaseUrl(
        default,
        base.env,
        base.description,
        notes(base.notes),
        ctx.locate(path),
        environments=MappingProxyType(dict(base.environments)),
        default_environment=chosen,
        template=template,
        variables=variables,
    )


def _auth(ctx: Context) -> Auth:
    """The auth scheme with its credentials; an OAuth2 token URL's host, where operations with
    `server: oauth2` are sent."""
    scheme = ctx.spec.api.auth
    path: KeyPath = ("api", "auth")
    credentials = {
        name: Credential(
            name, c.env, c.description, notes(c.notes), ctx.locate((*path, "credentials", name))
        )
        for name, c in scheme.credentials.items()
    }
    if not isinstance(scheme, spec.NoAuth) and not credentials:
        ctx.error(path, f"auth scheme {scheme.scheme!r} needs at least one credential")
    elif credentials:
        for where, message in scheme.problems():
            ctx.error((*path, *where), message)
    keys = scheme.oauth2 if isinstance(scheme, spec.BearerAuth) else None
    oauth = None
    if keys is not None:
        url = urlsplit(keys.token_url)
        origin = f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else None
        oauth = OAuth2(keys, origin, ctx.locate((*path, "oauth2")))
    return Auth(scheme, MappingProxyType(credentials), oauth, ctx.locate(path))


def _pagination(ctx: Context, types: TypeResolver, envelope: Envelope | None) -> Pagination | None:
    """The API's pagination style, its envelope paths checked, with the parameters it drives."""
    style = ctx.spec.api.pagination
    if style is None:
        return None
    path: KeyPath = ("api", "pagination")
    if envelope is not None:
        keys = {envelope.data, *([envelope.error] if envelope.error is not None else [])}
        for key, dotted in style.envelope_paths().items():
            head = dotted.partition(".")[0]
            if head not in keys and head not in envelope.fields:
                ctx.error((*path, key), f"{head!r} is not a key of the envelope")
    driven = {
        wire: spec.Param(type=type_name, optional=True)
        for wire, type_name in style.driven_parameters().items()
    }
    return Pagination(
        style, frozen(types.fields(driven, (*path, "driven"), "Pagination")), ctx.locate(path)
    )


def _webhooks(ctx: Context, types: TypeResolver) -> Webhooks | None:
    hooks = ctx.spec.api.webhooks
    if hooks is None:
        return None
    path: KeyPath = ("api", "webhooks")
    payload = types.type_ref(hooks.payload, (*path, "payload"))
    if payload is None:
        return None
    return Webhooks(
        payload,
        hooks.signed_field,
        hooks.signature_field,
        hooks.timestamp_field,
        hooks.tolerance,
        hooks.description,
        notes(hooks.notes),
        ctx.locate(path),
    )


def _sides(
    types: TypeResolver,
    operations: tuple[Operation, ...],
    envelope: Envelope | None,
    webhooks: Webhooks | None,
) -> dict[str, set[Side]]:
    """For each declared type, whether requests and responses carry it (through the fields,
    members and bases of the types they name)."""
    declared = types.ctx.spec.types
    sides: dict[str, set[Side]] = {name: set() for name in declared}

    def mark(expr: TypeExpr, side: Side) -> None:
        stack = references(expr)
        while stack:
            name = stack.pop()
            if name not in sides or side in sides[name]:
                continue
            sides[name].add(side)
            stack.extend(types.references_of(name))

    for op in operations:
        for expr in _request_types(op):
            mark(expr, "request")
        for response in op.success_responses:
            if response.type is not None:
                mark(response.type.expr, "response")
        for error_type in op.error_types.values():
            mark(error_type.expr, "response")
    if webhooks is not None:
        mark(webhooks.payload.expr, "response")
    for f in envelope.fields.values() if envelope is not None else []:
        mark(f.type.expr, "response")
    return sides


def _request_types(op: Operation) -> Iterator[TypeExpr]:
    """The types (as written) of what a request of the operation carries."""
    yield from (f.type.expr for f in [*op.path_params.values(), *op.query.values()])
    if isinstance(op.body, InlineBody):
        yield from (f.type.expr for f in op.body.fields.values())
    elif op.body is not None and op.body.type is not None:
        yield op.body.type.expr
