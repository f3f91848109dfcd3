"""The intermediate representation: everything the templates print, already decided.

Python names are finished strings here; type annotations are trees of ir/annotations.py (the
union members, `Sequence` or `list`, `NotNull`, the bounds `Checked` enforces, all decided), and
so is the call the docs show for each operation. Everything else is a decision held as data (an
auth scheme and its arguments, a pagination strategy, a field's default, alias and bounds, an
operation's wire description); templates/api/_macros.jinja and the templates print them, and
`str()` of an annotation tree prints it. An auth node also answers, by its methods, what the
export, the generated tests and the docs ask of a scheme, so they need not branch on it. A
spec's strings reach the code only through the `py_value` filter (a Python literal) or as
docstring text made safe for triple quotes (`doc`), so no spec text can become code.

No node refers back to the spec. What the OpenAPI export restates in the spec's own wording
(descriptions, examples, bounds, error texts) is held here as typed facts, so the export reads
the IR alone. The test cases are built with the IR (ir/examples.py), from the spec objects the
builder hands over.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..spec.model import Scalar
from ..spec.typeexpr import TypeExpr
from .annotations import NONE, Annotation, Call


@dataclass
class EnumMemberIR:
    name: str
    value: Scalar  # printed as a Python literal by the template
    doc: str | None


@dataclass
class EnumIR:
    class_name: str
    base: str
    doc: str
    members: list[EnumMemberIR]
    values: list[Any]
    source: str
    description: str | None = None  # a declared type's, as the spec writes it


NO_DEFAULT: Any = object()  # a field without a default (None and a constant are defaults)


@dataclass(frozen=True)
class LimitsIR:
    """The bounds the spec sets on a value, as it writes them; None: unbounded."""

    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None  # of a list, or of a separator-joined string
    max_items: int | None = None


@dataclass
class FieldIR:
    """A model attribute: its annotation and what the `= ...` after it says, as decisions.

    The template prints `= default` when the default is all there is to say, else
    `= Field(default, alias..., bounds...)`.
    """

    wire: str
    name: str
    annotation: Annotation
    doc: str | None
    expr: TypeExpr
    nullable: bool
    optional: bool
    deprecated: bool
    default: Any = NO_DEFAULT
    alias: str | None = None  # the wire key, where it differs from the attribute name
    alias_choices: list[str] = field(default_factory=list)  # wire key first, then accepted others
    bounds: list[tuple[str, Any]] = field(default_factory=list)  # (pydantic keyword, value)
    # What the spec says of the key, restated by the OpenAPI export.
    description: str | None = None  # as the spec writes it (`doc` is made safe for a docstring)
    example: Any = None  # a JSON value
    format: str | None = None
    const: Scalar | None = None
    server_default: Scalar | None = None  # a parameter's default, as documented
    limits: LimitsIR = field(default_factory=LimitsIR)
    required_unless: list[str] = field(default_factory=list)  # wire keys that excuse its absence

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT


@dataclass(frozen=True)
class RulesIR:
    """Rules across a request's keys, by attribute name."""

    exactly_one_of: list[list[str]]
    required_unless: list[tuple[str, list[str]]]  # (attribute, the attributes that excuse it)


@dataclass
class ModelIR:
    class_name: str
    base: str
    doc: str
    fields: list[FieldIR]
    source: str
    rules: RulesIR | None = None  # checked across keys when the model is sent
    not_null: list[str] = field(
        default_factory=list
    )  # attributes that may be absent but not null when sent
    description: str | None = None  # a declared type's, as the spec writes it
    exactly_one_of_wires: list[list[str]] = field(default_factory=list)  # rules', by wire key


@dataclass
class UnionIR:
    class_name: str
    doc: str
    annotation: Annotation
    source: str
    members: list[TypeExpr] = field(default_factory=list)
    discriminator: str | None = None  # the wire key telling members apart
    description: str | None = None  # as the spec writes it


@dataclass
class ArgumentIR:
    name: str
    annotation: Annotation
    optional: bool  # may be left out: it defaults to NOT_GIVEN


@dataclass
class ArgumentDocIR:
    """One row of a method's argument table, in its docstring and in the API reference."""

    name: str
    wire: str
    annotation: Annotation  # without NotGiven: the table says whether it may be left out
    optional: bool
    text: str


@dataclass
class TestCaseIR:
    short_call: Call  # `dotted.name(...)` with only required arguments (at least one), for the docs
    method: str
    path: str
    query: list[tuple[str, str]]
    body: Any
    form: bool
    response_status: int
    response_json: Any
    title: str
    # The call and what it must return, for the generated tests' cases/<api>.json.
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)
    expectation: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExampleIR:
    """An exchange the document prints: the request and response bodies are JSON values."""

    title: str | None
    status: int
    request: Any
    response: Any


@dataclass(frozen=True)
class ResponseIR:
    """The declared success response, as the wire carries it (the envelope aside)."""

    status: int
    expr: TypeExpr
    nullable: bool
    description: str | None


@dataclass
class OperationIR:
    name: str
    constant: str
    doc: str
    http_method: str
    path_template: str
    positional: list[ArgumentIR]
    keyword: list[ArgumentIR]
    arg_names: list[str]
    params: ModelIR
    path_wires: list[str]
    query_wires: list[str]
    csv_wires: list[str]
    body_argument: str | None
    form: bool
    batch_size: int | None
    response_annotation: Annotation  # what the wire payload parses to
    sync_return: Annotation
    async_return: Annotation
    item_annotation: Annotation | None  # set when paginated
    envelope: bool
    auth: bool
    tests: list[TestCaseIR] = field(default_factory=list)
    dotted: str = ""
    arguments_doc: list[ArgumentDocIR] = field(default_factory=list)
    constants: list[tuple[str, Any]] = field(default_factory=list)  # (wire, value)
    paginated: bool = False
    status_means: list[tuple[int, int]] = field(default_factory=list)  # (status sent, status meant)
    server: str = "api"  # "oauth2": sent to the OAuth2 token URL's host
    summary: str = ""  # the reference's first line, and the rest of the description
    description: str = ""
    scopes: list[str] = field(default_factory=list)
    deprecated: bool = False
    errors: list[tuple[int, str]] = field(default_factory=list)  # (status, what it means)
    full_description: str | None = None  # as the spec writes it
    has_body: bool = False
    response: ResponseIR | None = None  # None: the response body is ignored
    examples: list[ExampleIR] = field(default_factory=list)

    @property
    def has_response(self) -> bool:
        """Whether the response body is parsed (else the method returns None)."""
        return self.response_annotation != NONE


@dataclass
class ResourceIR:
    attribute: str
    sync_class: str
    async_class: str
    sync_raw_class: str
    async_raw_class: str
    fake_handles_class: str
    doc: str
    operations: list[OperationIR]
    children: list[ResourceIR]
    module: str  # module under resources/, shared by a resource and its children
    dotted: str
    description: str = ""  # the spec's, on one line


@dataclass
class CredentialIR:
    name: str
    env: str

    @property
    def fake_value(self) -> str:
        """What the generated fake gives a client for this credential."""
        return f"fake-{self.name}"


# An auth scheme's node holds what its macro prints (the client's auth object, and the fake's,
# built with fake credentials) and answers every other per-scheme question: the OpenAPI security
# scheme, the Authorization header the generated tests expect, and the docs' sentences.


class _AuthNode:
    """What a scheme has nothing to say about, unless its node says otherwise."""

    scoped: ClassVar[bool] = False  # its OpenAPI security requirements list scopes

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


@dataclass(frozen=True)
class NoAuthIR(_AuthNode):
    style: ClassVar[str] = "none"
    scheme: ClassVar[str] = "none"  # as the spec names it

    def security_scheme(self) -> dict[str, Any] | None:
        return None

    def test_authorization(self) -> str | None:
        return None


@dataclass(frozen=True)
class BearerAuthIR(_AuthNode):
    credential: CredentialIR
    style: ClassVar[str] = "bearer"
    scheme: ClassVar[str] = "bearer"  # as the spec names it

    def security_scheme(self) -> dict[str, Any] | None:
        return {"type": "http", "scheme": "bearer"}

    def test_authorization(self) -> str | None:
        return f"Bearer {self.credential.fake_value}"


@dataclass(frozen=True)
class BasicAuthIR(_AuthNode):
    username: str
    credential: CredentialIR
    style: ClassVar[str] = "basic"
    scheme: ClassVar[str] = "basic"  # as the spec names it

    def security_scheme(self) -> dict[str, Any] | None:
        return {"type": "http", "scheme": "basic"}

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
    authorization_code: bool  # the authorization_code grant is offered
    redirect_uri: bool  # token requests send redirect_uri, so it is required
    env: list[tuple[str, str]]  # (constructor argument, environment variable)
    oauth_base_url_env: str  # the environment variable of `oauth_base_url=`
    fake_token_url: str  # a path where the token URL is on the API's own host, else the URL
    style: ClassVar[str] = "oauth2"
    scheme: ClassVar[str] = "bearer"  # as the spec names it
    scoped: ClassVar[bool] = True

    @property
    def fake_arguments(self) -> list[tuple[str, str]]:
        """(argument, fake value) of what the fake's own OAuth2Auth is built with."""
        names = ["client_id", "client_secret", "refresh_token"]
        names += ["redirect_uri"] if self.redirect_uri else []
        return [(name, f"fake-{name}") for name in names]

    def security_scheme(self) -> dict[str, Any] | None:
        flows: dict[str, Any] = {}
        if self.authorization_code:
            flows["authorizationCode"] = {
                "authorizationUrl": self.authorize_url,
                "tokenUrl": self.token_url,
                "refreshUrl": self.token_url,
                "scopes": {},
            }
        if self.client_credentials:
            flows["clientCredentials"] = {"tokenUrl": self.token_url, "scopes": {}}
        return {"type": "oauth2", "flows": flows}

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
    query: list[tuple[str, str]]  # (query key, recipe: a credential, 'timestamp' or 'md5:a+b')
    token_field: str
    credentials: list[CredentialIR]
    style: ClassVar[str] = "session_token"
    scheme: ClassVar[str] = "session_token"  # as the spec names it

    def security_scheme(self) -> dict[str, Any] | None:
        return {"type": "http", "scheme": "bearer"}

    def test_authorization(self) -> str | None:
        return "Bearer fake-session-token-1"  # the first token the fake hands out

    def reference_text(self, api: str) -> str:
        return " The client fetches a session token on first use and renews it once on a 401."

    def fake_tokens_text(self) -> str:
        return "The client's session-token request is answered by the fake."


AuthIR = NoAuthIR | BearerAuthIR | BasicAuthIR | OAuth2AuthIR | SessionAuthIR


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


PaginationIR = CursorPaginationIR | PagePaginationIR


@dataclass(frozen=True)
class WebhooksIR:
    """How the API signs the deliveries it sends."""

    doc: str
    payload: str  # the delivered body's type
    signed_field: str  # key of the signed object in the body
    signature_field: str  # dotted paths of the hex HMAC-SHA256 and of the Unix timestamp
    timestamp_field: str
    tolerance: int  # seconds a delivery stays valid


@dataclass
class ApiIR:
    name: str
    spec_file: str
    header: str
    title: str
    doc: str
    sync_client: str
    async_client: str
    fake_class: str
    credentials: list[CredentialIR]
    auth: AuthIR
    error_keys: list[str]  # keys of an error body that may hold its message, in order
    envelope: ModelIR | None
    envelope_error_attr: str | None
    pagination: PaginationIR | None
    wire_pagination: PaginationIR | None  # the same strategy, for the fake
    enums: list[EnumIR]
    models: list[ModelIR]
    unions: list[UnionIR]
    resources: list[ResourceIR]
    webhooks: WebhooksIR | None
    title_doc: str = ""  # the title, safe inside a docstring
    version_doc: str = ""
    naive_datetime: str = "refuse"  # what a datetime argument without a UTC offset gets
    oauth_base_url: str | None = None  # scheme and host of the OAuth2 token URL
    type_names: list[str] = field(default_factory=list)
    version: str = ""
    source: str = ""  # the vendor document the spec transcribes
    description: str | None = None
    base_url_default: str | None = None
    base_url_env: str = ""
    oauth_arguments: list[str] = field(default_factory=list)  # constructor arguments OAuth2 adds
    envelope_data_key: str | None = None  # wire keys of the envelope
    envelope_error_key: str | None = None
    # The response's fields a page has beside its items, and a page's envelope where it differs.
    page_fields: list[FieldIR] = field(default_factory=list)
    page_envelope: ModelIR | None = None

    @property
    def oauth(self) -> OAuth2AuthIR | None:
        return self.auth if isinstance(self.auth, OAuth2AuthIR) else None

    def all_operations(self) -> list[OperationIR]:
        out: list[OperationIR] = []

        def walk(resources: list[ResourceIR]) -> None:
            for resource in resources:
                out.extend(resource.operations)
                walk(resource.children)

        walk(self.resources)
        return out
