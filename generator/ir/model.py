"""The intermediate representation: the Python decisions, as the templates print them.

Every node is frozen and built once, from the resolved model (generator/resolved/) by
ir/build.py. Python names are finished strings; type annotations are trees of ir/annotations.py
(the union members, `Sequence` or `list`, `NotNull`, the bounds `Checked` enforces, all
decided), and so is the call the docs show for each operation. Everything else is a decision
held as data: an operation is its method (`MethodIR`), its wire description (`WireIR`), its
reference text and its test cases; an auth scheme, a pagination style and a body kind are each a
typed node, which templates/api/_macros.jinja prints (and refuses, when it meets a kind it does
not know). A spec's strings reach the code only through the `py_value` filter (a Python literal)
or as docstring text made safe for triple quotes (`doc`), so no spec text can become code.

The OpenAPI export, `apigen diff` and `apigen audit` read the resolved model, not this.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import ClassVar

from ..resolved.nodes import JSON
from ..spec.model import Scalar
from .annotations import NONE, Annotation, Call
from .naming import ReservedNames


@dataclass(frozen=True)
class EnumMemberIR:
    name: str
    value: Scalar  # printed as a Python literal by the template
    doc: str | None


@dataclass(frozen=True)
class EnumIR:
    class_name: str
    base: str
    doc: str
    members: tuple[EnumMemberIR, ...]
    closed: bool = False  # a value it does not list is refused


@dataclass(frozen=True)
class FieldIR:
    """A model attribute: its annotation and what the `= ...` after it says, as decisions.

    The template prints `= default` when the default is all there is to say, else
    `= Field(default, alias..., bounds...)`.
    """

    wire: str
    name: str
    annotation: Annotation
    doc: str | None
    has_default: bool = False  # None and a constant are defaults too
    default: Scalar | None = None
    alias: str | None = None  # the wire key, where it differs from the attribute name
    alias_choices: tuple[str, ...] = ()  # wire key first, then the other spellings accepted
    bounds: tuple[tuple[str, float | int], ...] = ()  # (pydantic keyword, value)


@dataclass(frozen=True)
class RulesIR:
    """Rules across a request's keys, by attribute name."""

    exactly_one_of: tuple[tuple[str, ...], ...]
    required_unless: tuple[tuple[str, tuple[str, ...]], ...]  # (attribute, those excusing it)


@dataclass(frozen=True)
class ModelIR:
    class_name: str
    base: str
    doc: str
    fields: tuple[FieldIR, ...]
    rules: RulesIR | None = None  # checked across keys when the model is sent
    not_null: tuple[str, ...] = ()  # attributes that may be absent but not null when sent
    # `dict[str, T]`: the type of the keys the spec does not declare, where this model says it
    # (a subclass inherits it); None: kept untyped, or as a base says.
    extra_keys: Annotation | None = None
    extra_keys_doc: str | None = None


@dataclass(frozen=True)
class EnvelopeIR:
    """The generic model every response is wrapped in (`_protocol.Envelope[T]`)."""

    class_name: str
    base: str  # generic in the payload: the template adds [T]
    doc: str
    fields: tuple[FieldIR, ...]
    data_key: str  # wire keys of the payload and of an error message sent with a 2xx
    error_key: str | None


@dataclass(frozen=True)
class UnionIR:
    class_name: str
    doc: str
    annotation: Annotation


@dataclass(frozen=True)
class ArgumentIR:
    name: str
    annotation: Annotation
    optional: bool  # may be left out: it defaults to NOT_GIVEN


@dataclass(frozen=True)
class ArgumentDocIR:
    """One row of a method's argument table, in its docstring and in the API reference."""

    name: str
    wire: str
    annotation: Annotation  # without NotGiven: the table says whether it may be left out
    optional: bool
    text: str


@dataclass(frozen=True)
class TestCaseIR:
    """One exchange of an operation's generated test: the call, the request it sends, the
    response it gets and what the call must return."""

    short_call: Call  # `dotted.name(...)` with only required arguments (at least one), for the docs
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: JSON
    form: bool
    response_status: int
    response_json: JSON
    title: str
    args: tuple[JSON, ...]
    kwargs: dict[str, JSON]
    expectation: dict[str, JSON]
    encoding: str = "json"  # the body's: json, form, multipart, binary or text
    media_type: str | None = None  # a binary or text body's Content-Type
    files: tuple[str | int, ...] = ()  # file arguments (keyword names, positions), given as text
    carried: tuple[tuple[str, str, str], ...] = ()  # (header or cookie, name, text) arguments
    response_headers: tuple[tuple[str, str], ...] = ()  # (wire name, text) of a success answer


@dataclass(frozen=True)
class MethodIR:
    """The Python side of an operation: a method of its resource's classes."""

    name: str
    doc: str
    positional: tuple[ArgumentIR, ...]
    keyword: tuple[ArgumentIR, ...]
    sync_return: Annotation
    async_return: Annotation
    item: Annotation | None  # a paginated method's item: it returns pages of them
    arguments_doc: tuple[ArgumentDocIR, ...]
    download: bool = False  # returns bytes, or writes them to `to_file` and returns their count
    stream: bool = False  # returns a stream of events, read as its loop asks for them
    extra_body: bool = False  # takes `extra_body=`: fields added to its JSON object body
    idempotency_key: bool = False  # takes `idempotency_key=` (else a fresh one per call)

    @property
    def arg_names(self) -> list[str]:
        return [a.name for a in (*self.positional, *self.keyword)]


# A body's kind decides what the operation's `Operation(...)` says of it; the `body` macro of
# templates/api/_macros.jinja prints each kind, and refuses one it does not know.


@dataclass(frozen=True)
class NoBodyIR:
    kind: ClassVar[str] = "none"
    batch_size: ClassVar[None] = None


@dataclass(frozen=True)
class FieldsBodyIR:
    """The body's keys are keyword arguments (a spread object type, or inline fields)."""

    form: bool  # form-encoded, not JSON
    batch_size: int | None  # a list body sent in calls of this size
    kind: ClassVar[str] = "fields"


@dataclass(frozen=True)
class ArgumentBodyIR:
    """One positional argument takes the whole body."""

    argument: str
    form: bool
    batch_size: int | None
    kind: ClassVar[str] = "argument"


@dataclass(frozen=True)
class FilePartIR:
    """A file argument: its Python name, its part's name on the wire, whether it is required."""

    name: str
    wire: str
    required: bool


@dataclass(frozen=True)
class MultipartBodyIR:
    """Keyword arguments sent as multipart/form-data: the files as file parts, the rest as text."""

    files: tuple[FilePartIR, ...]
    batch_size: ClassVar[None] = None
    kind: ClassVar[str] = "multipart"


@dataclass(frozen=True)
class BinaryBodyIR:
    """One positional file argument is the body, sent as `media_type`."""

    file: FilePartIR
    media_type: str
    batch_size: ClassVar[None] = None
    kind: ClassVar[str] = "binary"

    @property
    def argument(self) -> str:
        return self.file.wire


@dataclass(frozen=True)
class TextBodyIR:
    """One positional `str` argument is the body, sent in UTF-8 as `media_type`."""

    argument: str
    media_type: str
    batch_size: ClassVar[None] = None
    kind: ClassVar[str] = "text"


BodyIR = NoBodyIR | FieldsBodyIR | ArgumentBodyIR | MultipartBodyIR | BinaryBodyIR | TextBodyIR
WholeBodyIR = ArgumentBodyIR | BinaryBodyIR | TextBodyIR
"""The bodies one positional argument takes whole."""


# A success response that is not JSON: the `content` macro of templates/api/_macros.jinja prints
# each kind as the runtime's strategy (`_core.content`), and refuses one it does not know.


@dataclass(frozen=True)
class TextContentIR:
    media_type: str
    kind: ClassVar[str] = "text"


@dataclass(frozen=True)
class BinaryContentIR:
    """Bytes: the method also takes `to_file` and `max_bytes`."""

    media_type: str
    kind: ClassVar[str] = "binary"


@dataclass(frozen=True)
class HeaderContentIR:
    """No body: the method returns this header's value."""

    header: str
    kind: ClassVar[str] = "header"


@dataclass(frozen=True)
class EventStreamContentIR:
    """Server-sent events: the method returns a stream of the response type's events."""

    media_type: str
    kind: ClassVar[str] = "event_stream"


@dataclass(frozen=True)
class JSONLinesContentIR:
    """JSON lines: the method returns a stream of the response type's events."""

    media_type: str
    kind: ClassVar[str] = "json_lines"


ContentIR = (
    TextContentIR | BinaryContentIR | HeaderContentIR | EventStreamContentIR | JSONLinesContentIR
)


@dataclass(frozen=True)
class WireIR:
    """The wire side of an operation: what its module's `Operation(...)` constant says."""

    constant: str
    http_method: str
    path_template: str
    params: ModelIR  # checks the arguments
    path_wires: tuple[str, ...]
    query_wires: tuple[str, ...]
    header_wires: tuple[str, ...]
    cookie_wires: tuple[str, ...]
    csv_wires: tuple[str, ...]
    # (wire, style) of each query parameter holding an object: `form` (keys spread) or
    # `deep_object`.
    query_objects: tuple[tuple[str, str], ...]
    constants: tuple[tuple[str, Scalar], ...]  # (wire, value): sent, never passed
    body: BodyIR
    response: Annotation  # what the payload parses to; None: the body is ignored
    envelope: bool
    paginated: bool
    # Where it does not walk with the API's `PAGINATION`: its own strategy, for the client and
    # for the fake (its style, or the API's reading a body of its own).
    pagination: PaginationIR | None
    wire_pagination: PaginationIR | None
    items: str | None  # dotted keys of the response body where its list sits
    auth: bool
    status_means: tuple[tuple[int, int], ...]  # (status sent, status meant)
    server: str  # "oauth2": sent to the OAuth2 token URL's host
    content: ContentIR | None = None  # None: a JSON body, or none
    error_types: tuple[tuple[int, Annotation], ...] = ()  # (status, its body's type)
    idempotency_header: str | None = None  # where each call sends its idempotency key
    # Where success statuses answer different bodies: (status, its payload's type; None for
    # no body), and `response` is their union; empty: one success response.
    status_types: tuple[tuple[int, Annotation], ...] = ()
    # The model of the typed headers its response declares (`parse_headers()`); None: none.
    response_headers: str | None = None

    @property
    def has_response(self) -> bool:
        """Whether the response body is parsed (else the method returns None)."""
        return self.response != NONE


@dataclass(frozen=True)
class ReferenceIR:
    """What the API reference (README) says of an operation beside its signature."""

    summary: str  # its first line
    description: str  # the rest, on one line
    scopes: tuple[str, ...]
    deprecated: bool
    errors: tuple[tuple[int, str], ...]  # (status, what it means)


@dataclass(frozen=True)
class OperationIR:
    dotted: str  # the Python path from the client: `people.notes.list`
    method: MethodIR
    wire: WireIR
    reference: ReferenceIR
    tests: tuple[TestCaseIR, ...]  # the first is the fake's default answer


@dataclass(frozen=True)
class ResourceIR:
    attribute: str
    sync_class: str
    async_class: str
    sync_raw_class: str
    async_raw_class: str
    fake_handles_class: str
    doc: str
    operations: tuple[OperationIR, ...]
    children: tuple[ResourceIR, ...]
    module: str  # module under resources/, shared by a resource and its children
    dotted: str
    description: str  # the spec's, on one line


@dataclass(frozen=True)
class CredentialIR:
    name: str
    env: str

    @property
    def fake_value(self) -> str:
        """What the generated fake gives a client for this credential."""
        return f"fake-{self.name}"


# An auth scheme's node holds what its macro prints (the client's auth object, and the fake's,
# built with fake credentials) and answers every other Python question of a scheme: the
# Authorization header the generated tests expect, and the docs' sentences.


class _AuthNode:
    """What a scheme has nothing to say about, unless its node says otherwise."""

    def credentials_doc(self) -> str:
        """The client docstring's addition to the list of credential arguments."""
        return ""

    def endpoints_doc(self) -> str | None:
        """A paragraph of the client docstring on the scheme's own endpoints."""
        return None

    def reference_text(self, api: str) -> str:
        """The reference's sentences on how the client uses its credentials (`api`: its name)."""
        return ""

    def fake_tokens_text(self) -> str:
        """The reference's sentence on the tokens the fake hands out."""
        return ""

    def test_keys(self) -> list[tuple[str, str, str]]:
        """(location, wire name, value) of each API key a generated test's request carries."""
        return []


@dataclass(frozen=True)
class NoAuthIR(_AuthNode):
    style: ClassVar[str] = "none"

    def test_authorization(self) -> str | None:
        return None


@dataclass(frozen=True)
class BearerAuthIR(_AuthNode):
    credential: CredentialIR
    style: ClassVar[str] = "bearer"

    def test_authorization(self) -> str | None:
        return f"Bearer {self.credential.fake_value}"


@dataclass(frozen=True)
class BasicAuthIR(_AuthNode):
    username: str
    credential: CredentialIR
    style: ClassVar[str] = "basic"

    def test_authorization(self) -> str | None:
        pair = f"{self.username}:{self.credential.fake_value}".encode()
        return "Basic " + base64.b64encode(pair).decode()


@dataclass(frozen=True)
class OAuth2AuthIR(_AuthNode):
    """A bearer token that may also be obtained and refreshed at `token_url`."""

    credential: CredentialIR  # the access token
    token_url: str
    authorize_url: str  # where a user consents, for the authorization_code grant
    form: bool  # token requests are form-encoded, not JSON
    client_credentials: bool  # the client_credentials grant is offered
    redirect_uri: bool  # token requests send redirect_uri, so it is required
    env: tuple[tuple[str, str], ...]  # (constructor argument, environment variable)
    oauth_base_url_env: str  # the environment variable of `oauth_base_url=`
    fake_token_url: str  # a path where the token URL is on the API's own host, else the URL
    # The consent URL as the vendor prints it: whether it needs a redirect_uri, and what it
    # passes the core's builder beyond the defaults (a `response_type` of None: not sent).
    consent_redirect_uri: bool
    consent_arguments: tuple[tuple[str, str | None], ...]
    style: ClassVar[str] = "oauth2"

    @property
    def consent_redirect_uri_annotation(self) -> str:
        """The consent builder's `redirect_uri` parameter: required, or None by default."""
        return "str" if self.consent_redirect_uri else "str | None = None"

    @property
    def fake_arguments(self) -> list[tuple[str, str]]:
        """(argument, fake value) of what the fake's own OAuth2Auth is built with."""
        names = ["client_id", "client_secret", "refresh_token"]
        names += ["redirect_uri"] if self.redirect_uri else []
        return [(name, f"fake-{name}") for name in names]

    def test_authorization(self) -> str | None:
        return f"Bearer {self.credential.fake_value}"  # the fake gives its clients a token

    def credentials_doc(self) -> str:
        oauth = (
            "`client_id=` and `client_secret=` (with `refresh_token=` for a user's data)"
            if self.client_credentials
            else "`client_id=`, `client_secret=` and `refresh_token=`"
        )
        text = f"; or {oauth} to let the client obtain and refresh its own access tokens"
        return text + (", with `redirect_uri=`" if self.redirect_uri else "")

    def endpoints_doc(self) -> str | None:
        return (
            f"OAuth2 endpoints: {self.token_url} whatever the base URL; "
            f"`oauth_base_url=` (or `{self.oauth_base_url_env}`) points them elsewhere, "
            "e.g. at a test server."
        )

    def reference_text(self, api: str) -> str:
        return (
            " Alternatively pass `client_id=` and `client_secret=` (with `refresh_token=` for a"
            " user's data): the client then obtains its access tokens from the OAuth2 token"
            " endpoint and renews them before they expire and once on a 401. `apiclients."
            f"{api}.oauth.authorize_url(...)` builds the consent request: its `url`, the `state`"
            " to check the callback against and, with `pkce=True`, the `code_verifier` to send"
            " with the code."
        )

    def fake_tokens_text(self) -> str:
        return (
            "A client built with `client_id=`, `client_secret=` and `refresh_token=` gets its "
            "access tokens from the fake's OAuth2 token endpoint."
        )


@dataclass(frozen=True)
class SessionAuthIR(_AuthNode):
    """A token fetched from `METHOD path` with the credentials, sent on every request."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]  # (query key, recipe: a credential, 'timestamp', 'md5:a+b')
    token_field: str
    credentials: tuple[CredentialIR, ...]
    style: ClassVar[str] = "session_token"

    def test_authorization(self) -> str | None:
        return "Bearer fake-session-token-1"  # the first token the fake hands out

    def reference_text(self, api: str) -> str:
        return " The client fetches a session token on first use and renews it once on a 401."

    def fake_tokens_text(self) -> str:
        return "The client's session-token request is answered by the fake."


@dataclass(frozen=True)
class ApiKeyIR:
    """One key of an API-key scheme: its credential, and where and how it is sent."""

    credential: CredentialIR
    location: str  # header, query or cookie
    name: str  # the header's, query parameter's or cookie's wire name
    prefix: str  # written before the key

    @property
    def fake_sent(self) -> str:
        """What a request from the fake's client carries for this key."""
        return self.prefix + self.credential.fake_value


@dataclass(frozen=True)
class ApiKeyAuthIR(_AuthNode):
    """Keys sent on every request, each in a header, a query parameter or a cookie."""

    keys: tuple[ApiKeyIR, ...]
    style: ClassVar[str] = "api_key"

    def test_authorization(self) -> str | None:
        header = [key for key in self.keys if key.location == "header"]
        return next((k.fake_sent for k in header if k.name.lower() == "authorization"), None)

    def test_keys(self) -> list[tuple[str, str, str]]:
        return [(key.location, key.name, key.fake_sent) for key in self.keys]

    def reference_text(self, api: str) -> str:
        where = {"header": "header", "query": "query parameter", "cookie": "cookie"}
        places = ", ".join(
            f"`{key.credential.name}` in the {where[key.location]} `{key.name}`"
            for key in self.keys
        )
        return f" The client sends {places} on every request."


AuthIR = NoAuthIR | BearerAuthIR | BasicAuthIR | OAuth2AuthIR | SessionAuthIR | ApiKeyAuthIR


# A pagination strategy's names are the client's arguments and attribute paths in
# `ApiIR.pagination`, and the wire's query keys and dotted envelope keys in `ApiIR.wire_pagination`.


@dataclass(frozen=True)
class CursorPaginationIR:
    param: str  # carries the cursor
    field: str  # path of the next cursor in a response
    style: ClassVar[str] = "cursor"


@dataclass(frozen=True)
class PagePaginationIR:
    page_param: str
    size_param: str | None
    current_field: str | None  # paths of the page counters, both or neither
    total_field: str | None
    first_page: int
    style: ClassVar[str] = "page"


@dataclass(frozen=True)
class OffsetPaginationIR:
    offset_param: str
    limit_param: str | None
    total_field: str | None  # path of the total count in a response
    style: ClassVar[str] = "offset"


@dataclass(frozen=True)
class NextUrlPaginationIR:
    field: str  # path of the next page's URL in a response
    style: ClassVar[str] = "next_url"


@dataclass(frozen=True)
class LinkHeaderPaginationIR:
    style: ClassVar[str] = "link_header"


PaginationIR = (
    CursorPaginationIR
    | PagePaginationIR
    | OffsetPaginationIR
    | NextUrlPaginationIR
    | LinkHeaderPaginationIR
)


@dataclass(frozen=True)
class WebhooksIR:
    """How the API signs the deliveries it sends."""

    doc: str
    payload: str  # the delivered body's type
    signed_field: str  # key of the signed object in the body
    signature_field: str  # dotted paths of the hex HMAC-SHA256 and of the Unix timestamp
    timestamp_field: str
    tolerance: int  # seconds a delivery stays valid


@dataclass(frozen=True)
class ServerVariableIR:
    """A `{name}` of the base URL: a keyword argument of the client's constructor."""

    name: str  # as the URL writes it
    argument: str
    annotation: str  # `Literal["eu", "us"]`, or `str`
    default: str
    enum: tuple[str, ...] | None


@dataclass(frozen=True)
class ServersIR:
    """Where a client sends its requests, when the caller chooses it: named environments (the
    `environment=` argument) and URL variables."""

    template: str  # the default environment's URL, with its `{variables}`
    environments: tuple[tuple[str, str], ...]  # name, URL template; empty: one URL
    default_environment: str | None
    environment_annotation: str | None  # `Literal["production", "sandbox"]`
    variables: tuple[ServerVariableIR, ...]
    doc: str  # the docstring's sentence naming the choices


@dataclass(frozen=True)
class ApiIR:
    name: str
    spec_file: str
    header: str  # the generated modules' first comment lines
    notice: str  # the same words on one line, for a README's HTML comment
    title: str
    title_doc: str  # the title, safe inside a docstring
    version: str
    version_doc: str
    source: str  # the vendor document the spec transcribes
    doc: str
    description: str | None
    names: ReservedNames  # what this API's modules call what they import
    sync_client: str
    async_client: str
    client_exports: tuple[str, ...]  # both clients, as `__all__` orders them
    fake_class: str
    base_url_default: str | None
    base_url_env: str
    servers: ServersIR | None  # None: one URL, given or not
    credentials: tuple[CredentialIR, ...]
    auth: AuthIR
    oauth_arguments: tuple[str, ...]  # constructor arguments OAuth2 adds
    oauth_base_url: str | None  # scheme and host of the OAuth2 token URL
    error_keys: tuple[str, ...]  # keys of an error body that may hold its message, in order
    naive_datetime: str  # what a datetime argument without a UTC offset gets
    envelope: EnvelopeIR | None
    pagination: PaginationIR | None
    wire_pagination: PaginationIR | None  # the same strategy, for the fake
    page_fields: tuple[FieldIR, ...]  # the response's fields a page has beside its items
    page_envelope: ModelIR | None  # a page's envelope, where it differs from the API's
    enums: tuple[EnumIR, ...]
    models: tuple[ModelIR, ...]
    unions: tuple[UnionIR, ...]
    type_names: tuple[str, ...]
    resources: tuple[ResourceIR, ...]
    operations: tuple[OperationIR, ...]  # every resource's, depth first
    webhooks: WebhooksIR | None

    @property
    def oauth(self) -> OAuth2AuthIR | None:
        return self.auth if isinstance(self.auth, OAuth2AuthIR) else None

    @property
    def unlisted_values(self) -> str:
        """What the types module's docstring says its enums do with a value they do not list."""
        if any(enum.closed for enum in self.enums):
            return "enums keep unlisted values unless closed"
        return "enums keep values the spec does not list"

    @property
    def paginates(self) -> bool:
        """Whether a list walks pages (with the API's pagination or its own): the API then has
        page classes."""
        return any(op.wire.paginated for op in self.operations)
