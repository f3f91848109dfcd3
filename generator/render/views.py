"""What each template is given beyond the IR: views of it shaped for one file, built from the IR
alone (nothing here reads the spec)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from ..ir import annotations as an
from ..ir.literals import doc, join_doc
from ..ir.model import ApiIR, ArgumentIR, OperationIR, PaginationIR, ResourceIR, WireIR
from ..ir.naming import ReservedNames, export_order
from ..resolved.nodes import JSON, walk


@dataclass(frozen=True)
class ClientView:
    name: str
    base: str
    doc: str
    http_class: str
    prefix: str  # of the resource classes it imports: "" or "Async"


@dataclass(frozen=True)
class MethodView:
    name: str
    def_keyword: str
    await_keyword: str
    client_call: str
    raw_helper: str
    raw_headers: str | None  # the model its raw response's `parse_headers()` gives
    page_class: str | None  # a list method's: the class of its pages
    returns: an.Annotation
    positional: tuple[ArgumentIR, ...]
    keyword: tuple[ArgumentIR, ...]
    doc: str
    constant: str
    arg_names: list[str]
    download: bool = False  # overloaded on `to_file`: bytes, or the count written there
    extra_body: bool = False  # takes `extra_body=`: fields added to its JSON object body
    idempotency_key: bool = False  # takes `idempotency_key=`


@dataclass(frozen=True)
class ChildView:
    attribute: str
    doc: str
    class_name: str
    raw_class: str


@dataclass(frozen=True)
class ResourceClassView:
    """A resource's sync or async class."""

    class_name: str
    raw_class: str
    base: str
    children: list[ChildView]
    methods: list[MethodView]


@dataclass(frozen=True)
class ResourceView:
    doc: str
    flavors: list[ResourceClassView]  # sync, then async


@dataclass(frozen=True)
class ResourceModuleView:
    doc: str
    operations: list[WireIR]  # each operation's params model and `Operation(...)` constant
    resources: list[ResourceView]
    exports: list[str]


@dataclass(frozen=True)
class MemberView:
    name: str
    annotation: str


@dataclass(frozen=True)
class NamespaceView:
    """A class of the fake holding a resource's operation handles."""

    class_name: str
    dotted: str
    members: list[MemberView]


@dataclass(frozen=True)
class SettingView:
    """A `key=value` argument of the fake's configuration: JSON data."""

    key: str
    value: JSON


@dataclass(frozen=True)
class RouteView:
    """An operation's `Route(...)` in the fake (its default answer's body is data, in
    `FakeView.answers`)."""

    dotted: str
    constant: str
    status: int | None  # None: the Route's own default, 200
    pagination: PaginationIR | None  # the operation's own strategy, named for the wire
    headers: tuple[tuple[str, str], ...] = ()  # the default answer's typed response headers


@dataclass
class FakeView:
    class_name: str
    exports: list[str]
    config: list[SettingView]
    routes: list[RouteView]
    answers: dict[str, JSON]  # each operation's default answer by dotted name, as JSON data
    answers_file: str  # where `answers` is written, beside the fake's module
    local: dict[str, str]  # names the fake module imports from the API's own modules
    namespaces: list[NamespaceView]
    resources: list[MemberView]


@dataclass(frozen=True)
class ArgumentRowView:
    """An argument table row of the reference, escaped for a Markdown table."""

    name: str
    annotation: str
    optional: bool
    text: str


@dataclass(frozen=True)
class ReferenceMethodView:
    dotted: str
    signature: str
    returns: an.Annotation
    returns_note: str
    summary: str
    description: str
    endpoint: str
    scopes: str
    deprecated: bool
    arguments: list[ArgumentRowView]
    errors: str
    example: str


@dataclass(frozen=True)
class ReferenceResourceView:
    dotted: str
    description: str
    methods: list[ReferenceMethodView]


@dataclass(frozen=True)
class ReferenceView:
    raw_call: str
    fake_class: str
    fake_call: str
    fake_op: str
    fake_pages_op: str
    fake_tokens: str
    description: str
    construct_args: str
    auth_text: str
    base_url_text: str
    has_pages: bool
    resources: list[ReferenceResourceView] = field(default_factory=list)


@dataclass(frozen=True)
class ApiSummaryView:
    """An API as the core's README lists it."""

    name: str
    title_doc: str


# -- clients ------------------------------------------------------------------------------


def clients(api: ApiIR) -> list[ClientView]:
    text = doc(
        join_doc(
            f"{api.title} ({api.version}).",
            api.description,
            f"Credentials: {_credentials_text(api)}.",
            f"Base URL: {_base_url_text(api)}.",
            api.auth.endpoints_doc(),
        )
    )
    return [
        ClientView(api.sync_client, api.names.SyncAPIClient, text, "httpx.Client", ""),
        ClientView(api.async_client, api.names.AsyncAPIClient, text, "httpx.AsyncClient", "Async"),
    ]


def credential_arguments(api: ApiIR) -> list[str]:
    """The constructor arguments the client's auth is built from: its declared credentials and
    those OAuth2 adds (`oauth_base_url` is where the token endpoint is, not a credential)."""
    extra = [name for name in api.oauth_arguments if name != "oauth_base_url"]
    return [*(c.name for c in api.credentials), *extra]


def _credentials_text(api: ApiIR) -> str:
    creds = ", ".join(f"`{c.name}=` (or `{c.env}`)" for c in api.credentials) or "none"
    return creds + api.auth.credentials_doc()


def _base_url_text(api: ApiIR) -> str:
    default = api.base_url_default
    text = f"`base_url=` (or `{api.base_url_env}`)"
    if api.servers:
        return f"{text}, else the server chosen: {api.servers.doc}"
    return text + (f", default {default}" if default else ", required")


# -- resources ----------------------------------------------------------------------------


def resource_module(resource: ResourceIR, names: ReservedNames) -> ResourceModuleView:
    """A resource's module: its classes and those of its sub-resources, sync and async."""
    resources = list(walk([resource], _children))
    views = [
        ResourceView(r.doc, [_resource_class(r, is_async, names) for is_async in (False, True)])
        for r in resources
    ]
    exports = export_order(
        name
        for r in resources
        for name in (r.sync_class, r.async_class, r.sync_raw_class, r.async_raw_class)
    )
    operations = [op.wire for r in resources for op in r.operations]
    return ResourceModuleView(resource.doc, operations, views, exports)


def _children(resource: ResourceIR) -> tuple[ResourceIR, ...]:
    return resource.children


def _resource_class(r: ResourceIR, is_async: bool, names: ReservedNames) -> ResourceClassView:
    def classes(of: ResourceIR) -> tuple[str, str]:
        """The class and its raw-response twin, in this flavour."""
        if is_async:
            return of.async_class, of.async_raw_class
        return of.sync_class, of.sync_raw_class

    return ResourceClassView(
        class_name=classes(r)[0],
        raw_class=classes(r)[1],
        base=names.AsyncResource if is_async else names.SyncResource,
        children=[ChildView(c.attribute, c.doc, *classes(c)) for c in r.children],
        methods=[_method(op, is_async, names) for op in r.operations],
    )


def _method(op: OperationIR, is_async: bool, names: ReservedNames) -> MethodView:
    # A paginated method returns its page request at once, to be awaited or iterated.
    method = op.method
    paginated = method.item is not None
    return MethodView(
        name=method.name,
        def_keyword="async def" if is_async and not paginated else "def",
        await_keyword="await " if is_async and not paginated else "",
        client_call=(
            "request_page" if paginated else "request_stream" if method.stream else "request"
        ),
        raw_helper=_raw_helper(op, is_async),
        raw_headers=op.wire.response_headers,
        page_class=(names.AsyncPage if is_async else names.SyncPage) if paginated else None,
        returns=method.async_return if is_async else method.sync_return,
        positional=method.positional,
        keyword=method.keyword,
        doc=method.doc,
        constant=op.wire.constant,
        arg_names=method.arg_names,
        download=method.download,
        extra_body=method.extra_body,
        idempotency_key=method.idempotency_key,
    )


def _raw_helper(op: OperationIR, is_async: bool) -> str:
    """What types a raw method: its response, with typed headers where the spec declares them;
    a paginated async method returns its first page's response once awaited."""
    if op.method.item is not None:
        return "raw_async_pages" if is_async else "raw_sync"
    helper = "raw_async" if is_async else "raw_sync"
    return f"{helper}_headers" if op.wire.response_headers else helper


# -- the fake -----------------------------------------------------------------------------


def fake(api: ApiIR) -> FakeView:
    """The generated fake's tables: the API's wire conventions and every operation's route."""
    config = [SettingView(key, _json(value)) for key, value in _fake_config(api)]
    view = FakeView(
        class_name=api.fake_class,
        exports=export_order([api.fake_class, "FakeDataError"]),
        config=config,
        routes=[],
        answers={},
        answers_file="fake_answers.json",
        local={api.sync_client: "._client", api.async_client: "._client"},
        namespaces=[],
        resources=[MemberView(r.attribute, r.fake_handles_class) for r in api.resources],
    )
    for resource in walk(api.resources, _children):
        _fake_resource(view, resource, api.names.OperationHandle)
    return view


def _fake_config(api: ApiIR) -> list[tuple[str, JSON]]:
    config: list[tuple[str, JSON]] = [
        ("name", api.name),
        ("default_base_url", api.base_url_default),
        ("error_key", api.error_keys[0] if api.error_keys else "message"),
        ("credentials", {c.name: c.fake_value for c in api.credentials}),
    ]
    if api.envelope is not None:
        config.append(("data_key", api.envelope.data_key))
    # The template adds the auth scheme and the pagination strategy, printed as the client's are.
    return config


def _fake_resource(view: FakeView, r: ResourceIR, handle: str) -> None:
    """A resource's namespace of handles, and its operations' routes."""
    members = [MemberView(op.method.name, handle) for op in r.operations]
    members += [MemberView(c.attribute, c.fake_handles_class) for c in r.children]
    view.namespaces.append(NamespaceView(r.fake_handles_class, r.dotted, members))
    for op in r.operations:
        constant = op.wire.constant
        view.local[constant] = f".resources.{r.module}"
        case = op.tests[0]
        status = case.response_status if case.response_status != 200 else None
        view.routes.append(
            RouteView(op.dotted, constant, status, op.wire.wire_pagination, case.response_headers)
        )
        view.answers[op.dotted] = case.response_json


def _json(value: JSON) -> JSON:
    """The value as JSON holds it (tuples as lists, keys as strings), for `py_value`."""
    loaded: JSON = json.loads(json.dumps(value))
    return loaded


# -- the reference (README) ---------------------------------------------------------------


def reference(api: ApiIR) -> ReferenceView:
    """What the API reference (README) says, from the same IR as the code and docstrings."""
    operations = api.operations
    readable = [op for op in operations if op.method.item is None and op.wire.has_response]
    shown = next(
        (op for op in readable if op.method.name == "retrieve"),
        readable[0] if readable else operations[0],
    )
    paged = next((op for op in operations if op.method.item), None)
    call = shown.tests[0].short_call if shown.tests else an.Call(shown.dotted)
    resource, _, method = call.function.rpartition(".")
    construct = ", ".join(f'{c.name}="..."' for c in api.credentials)
    if api.base_url_default is None:
        construct += (", " if construct else "") + 'base_url="https://..."'
    base = f"`{api.base_url_default}`" if api.base_url_default else "required (no default host)"
    base += f", or `base_url=`, or the `{api.base_url_env}` environment variable"
    if api.servers:
        base = (
            f"`base_url=`, or the `{api.base_url_env}` environment variable, else the server "
            f"chosen: {api.servers.doc}"
        )
    return ReferenceView(
        raw_call=str(replace(call, function=f"{resource}.with_raw_response.{method}")),
        fake_class=api.fake_class,
        fake_call=str(call),
        fake_op=shown.dotted,
        fake_pages_op=paged.dotted if paged else "",
        fake_tokens=api.auth.fake_tokens_text(),
        description=" ".join((api.description or "").split()),
        construct_args=construct,
        auth_text=_auth_text(api),
        base_url_text=base,
        has_pages=paged is not None,
        resources=_reference_resources(api),
    )


def _auth_text(api: ApiIR) -> str:
    creds = api.credentials
    if creds:
        text = (
            "Credentials: "
            + ", ".join(f"`{c.name}=` or the `{c.env}` environment variable" for c in creds)
            + "."
        )
    else:
        text = "No credentials are needed."
    return text + api.auth.reference_text(api.name)


def _reference_resources(api: ApiIR) -> list[ReferenceResourceView]:
    """Each resource, then its sub-resources, depth first."""
    return [
        ReferenceResourceView(
            resource.dotted,
            resource.description,
            [_reference_method(api, op) for op in resource.operations],
        )
        for resource in walk(api.resources, _children)
    ]


def _reference_method(api: ApiIR, op: OperationIR) -> ReferenceMethodView:
    method, reference = op.method, op.reference
    args = [f"{a.name}=..." if a.optional else a.name for a in method.positional]
    keywords = [f"{a.name}=..." if a.optional else a.name for a in method.keyword]
    example = f"client.{op.tests[0].short_call if op.tests else an.Call(op.dotted)}"
    if method.item:
        example = f"for item in {example}:\n    print(item)"
    elif method.stream:
        example = f"for event in {example}:\n    print(event)"
    elif op.wire.has_response:
        example = f"result = {example}"
    return ReferenceMethodView(
        dotted=op.dotted,
        signature=", ".join(args + (["*", *keywords] if keywords else [])),
        returns=method.sync_return,
        returns_note="iterate it for every item of every page" if method.item else "",
        summary=reference.summary,
        description=reference.description,
        endpoint=f"{op.wire.http_method} {op.wire.path_template}",
        scopes=", ".join(f"`{s}`" for s in reference.scopes),
        deprecated=reference.deprecated,
        arguments=[
            ArgumentRowView(
                row.name,
                str(an.renamed(row.annotation, _readable)).replace("|", "\\|"),
                row.optional,
                row.text.replace("|", "\\|"),
            )
            for row in method.arguments_doc
        ],
        errors=", ".join(
            f"{status} ({' '.join(text.split())})" for status, text in reference.errors
        ),
        example=f"client = {api.sync_client}(...)\n{example}",
    )


def _readable(name: str) -> str:
    """A type name as the reference shows it: `datetime`, not the module's `_dt.datetime`."""
    return name.removeprefix("_dt.")
