"""The nodes of the resolved model: one API's spec with everything it implies written out.

Every node is frozen and carries the `Location` it was declared at (left out of equality, so
that two revisions of a spec compare by content). Collections keyed by name are read-only
mappings in spec order; they compare as the spec's mappings do, whatever the order.

An auth scheme's and a pagination style's own keys are held as the spec language validated them
(`scheme`, `style`: frozen value objects of generator/spec/model.py, which also answer the
per-scheme and per-style questions of the language); the model adds what needs resolving around
them (credentials with their locations, the OAuth2 token host, the parameters a style drives).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Literal, TypeAlias, TypeVar

from ..spec.loader import Positions, dotted
from ..spec.model import AuthScheme, DateTimeFormat, PaginationStyle, Scalar
from ..spec.model import OAuth2 as OAuth2Keys
from ..spec.typeexpr import TypeExpr

JSON: TypeAlias = "bool | int | float | str | list[JSON] | dict[str, JSON] | None"
Side = Literal["request", "response"]


@dataclass(frozen=True)
class Location:
    """Where a node is declared: the file, the line and column of its key (of its item, in a
    list), and its path of keys from the top of the spec."""

    file: str
    line: int
    column: int
    path: tuple[str | int, ...]

    @property
    def where(self) -> str:
        """The path as an error message names it: `types.Booking.fields.id`."""
        return dotted(self.path)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Note:
    """A document defect: what the document says, what the spec does instead, and why."""

    document: str
    decision: str
    reason: str

    def text(self) -> str:
        return f"{self.document} {self.decision} {self.reason}"


def notes_text(notes: tuple[Note, ...]) -> str:
    """The words of some notes, as one text to search."""
    return " ".join(note.text() for note in notes)


@dataclass(frozen=True)
class TypeRef:
    """A type expression as the spec writes it (without a field's `?` and `| null`), parsed."""

    text: str
    expr: TypeExpr


@dataclass(frozen=True)
class EnumValue:
    value: Scalar
    name: str | None  # the member name the spec gives
    description: str | None
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class Limits:
    """The bounds the spec sets on a value; None: unbounded."""

    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None  # of a list, or of a separator-joined string
    max_items: int | None = None


@dataclass(frozen=True)
class Field:
    """A field of an object type, the envelope or an inline body, or a path, query, header or
    cookie parameter."""

    wire: str
    type: TypeRef  # as written: an inline enum's field says `string`
    expr: TypeExpr  # what its value is: an inline enum's type in place of the scalar
    nullable: bool
    optional: bool
    deprecated: bool
    unique: bool
    enum: tuple[EnumValue, ...] | None  # declared inline (its type is `inline_enum`)
    inline_enum: str | None
    const: Scalar | None
    format: str | None
    limits: Limits
    separator: str | None
    required_unless: tuple[str, ...]  # wire names
    example: JSON
    aliases: tuple[str, ...]
    # How its datetimes are sent: its own format, else the API's (None: as the value has it).
    datetime_format: DateTimeFormat | None
    name: str | None  # the Python name the spec gives
    default: Scalar | None  # a parameter's documented server-side default
    csv: bool  # a list parameter sent comma-separated
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)
    item_limits: Limits | None = None  # the bounds on each item of a list (`items`)
    # A query parameter holding an object: sent with its keys spread (`form`) or `deep_object`.
    object_style: Literal["form", "deep_object"] | None = None


Fields = Mapping[str, Field]


@dataclass(frozen=True)
class ExtraKeys:
    """`extra_keys`: the type of every key an object type does not declare."""

    type: TypeRef
    nullable: bool  # a value may be null
    declared_by: str  # the type saying it: the object type itself, or a base it inherits it from
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class ObjectType:
    name: str
    own_fields: Fields  # as declared (a `partial` type's: its base's, each optional)
    fields: Fields  # every field: its bases', base by base, then its own
    bases: tuple[str, ...]  # the object types it extends, in order (`extends`)
    exactly_one_of: tuple[tuple[str, ...], ...]  # groups of wire names
    example: JSON
    sides: frozenset[Side]  # whether requests and responses carry it
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)
    extra_keys: ExtraKeys | None = None  # undeclared keys typed (None: kept untyped)


@dataclass(frozen=True)
class EnumType:
    name: str
    values: tuple[EnumValue, ...]
    integer: bool  # the values are integers, not strings
    declared: bool  # a type of its own under `types`, not a field's inline enum
    closed: bool  # a value it does not list is refused (open enums keep it)
    sides: frozenset[Side]  # a declared enum's: whether requests and responses carry it
    description: str | None  # the type's, or an inline enum's field's
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class UnionType:
    name: str
    members: tuple[TypeRef, ...]
    discriminator: str | None  # the wire key telling members apart
    sides: frozenset[Side]
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


NamedType: TypeAlias = ObjectType | EnumType | UnionType


Encoding = Literal["json", "form", "multipart", "binary", "text"]
"""How a body is sent: JSON, form-urlencoded, multipart/form-data, raw bytes, or text."""


@dataclass(frozen=True)
class SpreadBody:
    """`body: {type: Object}`: the object's fields are the operation's keyword arguments."""

    type: TypeRef
    fields: Fields  # the object's, inherited first
    exactly_one_of: tuple[tuple[str, ...], ...]  # the object's groups
    encoding: Encoding
    batch_size: int | None
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class InlineBody:
    """`body: {fields: {...}}`: fields declared on the operation itself."""

    fields: Fields
    encoding: Encoding
    batch_size: int | None
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class ArgumentBody:
    """`body: {argument: name}`: one argument takes the whole body."""

    argument: Field  # named as the argument, with the body's type (`object` when it gives none)
    type: TypeRef | None  # as written
    encoding: Encoding
    batch_size: int | None
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)
    media_type: str | None = None  # a binary or text body's, as the spec gives it


Body: TypeAlias = SpreadBody | InlineBody | ArgumentBody


@dataclass(frozen=True)
class Response:
    """A success response: what its body is (`content`), or the header its call returns."""

    type: TypeRef | None  # a JSON payload's, or the header's value's; None: neither
    nullable: bool
    status: int
    content: Literal["json", "text", "binary", "event_stream", "json_lines"]
    media_type: str | None  # a text, binary or streamed body's Content-Type, as the spec gives it
    header: str | None  # the call returns this header's value instead of a body
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)
    # Headers sent beside a JSON body (or none), typed, by the header's name (`with_raw_response`
    # reads them); a header that may be absent is `optional`.
    headers: Fields = field(default_factory=lambda: MappingProxyType({}))

    @property
    def json(self) -> TypeRef | None:
        """The JSON payload's type; None when the body is not JSON, or there is none."""
        return self.type if self.content == "json" and self.header is None else None

    @property
    def event(self) -> TypeRef | None:
        """The type of each event of a streamed body; None when the body is no stream."""
        return self.type if self.content in ("event_stream", "json_lines") else None

    @property
    def kind(
        self,
    ) -> Literal["json", "text", "binary", "event_stream", "json_lines", "header", "empty"]:
        """What a call returns: the parsed JSON, a str, bytes, a stream of events of `type`, a
        header's value, or None."""
        if self.header is not None:
            return "header"
        if self.content == "json" and self.type is None:
            return "empty"
        return self.content


@dataclass(frozen=True)
class Example:
    """A request/response pair the document prints."""

    title: str | None
    arguments: dict[str, JSON] | None  # path and query arguments by wire name
    request: JSON
    response: JSON  # the whole body, envelope included
    status: int
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class Operation:
    name: str
    resource: tuple[str, ...]  # the path of resource names holding it
    endpoint: str  # as the spec writes it: `GET /people/{id}`
    method: str
    path: str
    path_params: Fields
    query: Fields  # the parameters its pagination drives first, where not declared
    headers: Fields  # by the header's name
    cookies: Fields
    body: Body | None
    response: Response | None  # None: the response body is ignored
    paginated: bool
    pagination: Pagination | None  # its own style, where it has one (else the API's)
    items: str | None  # dotted keys of the response body where its list sits
    envelope: bool  # as declared
    enveloped: bool  # its response comes in the API's envelope
    auth: bool
    scopes: tuple[str, ...]
    errors: Mapping[int, str]  # what each documented error status means
    error_types: Mapping[int, TypeRef]  # the body's type, where the spec gives one
    status_means: Mapping[int, int]
    exactly_one_of: tuple[tuple[str, ...], ...]  # argument groups, by wire name
    server: Literal["api", "oauth2"]
    deprecated: bool
    examples: tuple[Example, ...]
    summary: str | None
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)
    # The header of the key that makes its retries safe (a POST or PATCH); None: it takes none.
    idempotency_header: str | None = None
    # Where success statuses answer different bodies (`responses:`), the statuses after the
    # first, by status; `response` is the first.
    other_responses: tuple[Response, ...] = ()

    @property
    def dotted(self) -> str:
        """`people.notes.list`."""
        return ".".join((*self.resource, self.name))

    @property
    def success_responses(self) -> tuple[Response, ...]:
        """Every success response it declares: `response`, then the other statuses'."""
        return (self.response, *self.other_responses) if self.response is not None else ()

    @property
    def by_status(self) -> bool:
        """Its success statuses answer different bodies: the call's result is one of them,
        read by the status."""
        return bool(self.other_responses)

    def response_for(self, status: int) -> Response | None:
        """What a success status answers: where the statuses differ, the response declared for
        it (None: none is); else `response`, whatever the status."""
        if not self.other_responses:
            return self.response
        return next((r for r in self.success_responses if r.status == status), None)

    def body_fields(self) -> Fields:
        """The fields a spread or inline body makes keyword arguments (none for one argument)."""
        if isinstance(self.body, SpreadBody | InlineBody):
            return self.body.fields
        return {}


@dataclass(frozen=True)
class Resource:
    name: str
    path: tuple[str, ...]  # its own name last
    operations: tuple[Operation, ...]
    resources: tuple[Resource, ...]
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


Node = TypeVar("Node")


def walk(roots: Iterable[Node], children: Callable[[Node], Iterable[Node]]) -> Iterator[Node]:
    """Each node, then the nodes under it, depth first: the one walk over nested resources
    (the model's, and the IR's)."""
    for node in roots:
        yield node
        yield from walk(children(node), children)


@dataclass(frozen=True)
class ServerVariable:
    """A `{name}` of the base URL's templates: a constructor argument of the client."""

    name: str
    default: str
    enum: tuple[str, ...] | None  # None: any value a URL can carry
    description: str | None
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class BaseUrl:
    # The URL a client uses unless told otherwise: the default environment's, its variables at
    # their defaults. None: the user must give one.
    default: str | None
    env: str
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)
    # Named servers: name -> URL template, in the spec's order. Empty: the one `default`.
    environments: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    default_environment: str | None = None
    template: str | None = None  # the default URL with its `{variables}`
    variables: tuple[ServerVariable, ...] = ()

    @property
    def chosen(self) -> bool:
        """Whether a client chooses its server (an environment, a variable), not only a URL."""
        return bool(self.environments or self.variables)


@dataclass(frozen=True)
class Credential:
    name: str
    env: str
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class OAuth2:
    """A bearer scheme's OAuth2 endpoints: its keys, and the host its token URL is on."""

    keys: OAuth2Keys
    origin: str | None  # scheme and host of an absolute token URL: `server: oauth2` goes there
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class Auth:
    scheme: AuthScheme  # the scheme's own keys
    credentials: Mapping[str, Credential]
    oauth2: OAuth2 | None
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class Envelope:
    data: str  # the payload's key
    error: str | None  # the key of an error message sent with a 2xx
    fields: Fields  # its other keys
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class Pagination:
    style: PaginationStyle  # the style's own keys
    driven: Fields  # the query parameters every paginated operation has
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class ErrorBody:
    messages: tuple[str, ...]  # keys of an error body that may hold its message, in order
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class Webhooks:
    payload: TypeRef  # the delivered body's type
    signed_field: str
    signature_field: str
    timestamp_field: str
    tolerance: int
    description: str | None
    notes: tuple[Note, ...]
    loc: Location = field(compare=False, repr=False)


@dataclass(frozen=True)
class Api:
    """One API, resolved."""

    file: str  # the spec file, as messages name it
    name: str
    title: str
    version: str
    client: str
    source: str
    base_url: BaseUrl
    auth: Auth
    envelope: Envelope | None
    pagination: Pagination | None
    error_body: ErrorBody
    naive_datetime: Literal["refuse", "utc"]
    datetime_format: DateTimeFormat | None  # the API's; each field holds the one it follows
    webhooks: Webhooks | None
    left_out: Mapping[str, str]
    types: Mapping[str, NamedType]  # as declared under `types`
    enums: tuple[EnumType, ...]  # declared and inline, in the order the model met them
    resources: tuple[Resource, ...]
    operations: tuple[Operation, ...]  # every resource's, depth first
    description: str | None
    notes: tuple[Note, ...]
    # Where the file writes each key, and the shared blocks (YAML anchors) it places: for the
    # reports that point at a spec's lines (what the file writes itself, and what a block brings).
    positions: Positions = field(compare=False, repr=False)
    loc: Location = field(compare=False, repr=False)

    def named(self, name: str) -> NamedType | None:
        """A declared type, or an inline enum, by name."""
        found = self.types.get(name)
        return found if found is not None else self._enums_by_name.get(name)

    @cached_property
    def _enums_by_name(self) -> Mapping[str, EnumType]:
        # Built once: `named` is asked for every field's type, and scanning the enums each time
        # made generation quadratic in a spec's size (1.9 s of a 6,400-operation spec).
        by_name: dict[str, EnumType] = {}
        for enum in self.enums:
            by_name.setdefault(enum.name, enum)  # the first of a name, as a scan would find
        return by_name

    def objects(self) -> list[ObjectType]:
        """The object types in spec order, except that a base comes before the types extending
        it (each of them)."""
        ordered: list[ObjectType] = []
        done: set[str] = set()
        for named in self.types.values():
            if isinstance(named, ObjectType):
                _bases_first(named, (), self.types, done, ordered)
        return ordered

    def unions(self) -> list[UnionType]:
        return [t for t in self.types.values() if isinstance(t, UnionType)]


def _bases_first(
    obj: ObjectType,
    trail: tuple[str, ...],
    types: Mapping[str, NamedType],
    done: set[str],
    ordered: list[ObjectType],
) -> None:
    """`obj` added to `ordered` after its bases (`Api.objects`). Not a closure over the model: a
    nested function that calls itself is a reference cycle, which kept the whole resolved model
    alive until the collector found it."""
    if obj.name in done or obj.name in trail:
        return
    for base in obj.bases:
        parent = types.get(base)
        if isinstance(parent, ObjectType):
            _bases_first(parent, (*trail, obj.name), types, done, ordered)
    done.add(obj.name)
    ordered.append(obj)
