"""The spec language: one YAML file per API, defined by these pydantic models.

Every model refuses unknown keys (with a did-you-mean) so a misspelt key is an error, never a
silently ignored line. `apigen schema` exports these models as the JSON Schema that each spec's
first line points to.

Type expressions (the `type:` of fields, parameters, bodies and responses) are strings:
`string`, `integer`, `number`, `boolean`, `datetime`, `date`, `epoch_ms`, `uuid`, `object`
(an open JSON object), `any`, the name of a type declared under `types:`, `list[T]`, `map[T]`
(an object whose keys are strings and values T), and unions `A | B`. A field's type may end in
`?` (optional) and include `null` (nullable); the models here take those off (`_shorthand`).

What a spec derives rather than states (partial types, the parameters pagination drives) is
written out by `expand.py` after these models have validated it.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..distributions import RESERVED
from .typeexpr import split_modifiers

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ENDPOINT_RE = re.compile(r"^(?P<method>[A-Z]+) (?P<path>/\S*)$")
PATH_PARAM = re.compile(r"\{([^{}]*)\}")  # a `{name}` in an endpoint's path

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
ClassName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*$")]
EnvVar = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$")]
Scalar = str | int | float | bool


def suggest(word: str, choices: list[str]) -> str:
    """Return ` (did you mean 'x'?)` when a choice is close to `word`, else an empty string."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class SpecModel(BaseModel):
    """Base of every spec element: unknown keys are refused with a suggestion."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # Keys the language once accepted and ignored, with what to write instead.
    retired_keys: ClassVar[dict[str, str]] = {}
    # Keys that belong to a sibling form of this element, with where they belong.
    foreign_keys: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = [f.alias or name for name, f in cls.model_fields.items()]
            for key in data:
                if key in cls.retired_keys:
                    raise PydanticCustomError(
                        "unknown_key",
                        "key {quoted} is no longer part of the language: {instead}",
                        {
                            "key": str(key),
                            "quoted": repr(str(key)),
                            "instead": cls.retired_keys[key],
                        },
                    )
                if key not in allowed and key in cls.foreign_keys:
                    raise PydanticCustomError(
                        "unknown_key",
                        "key {quoted} belongs to {owner}",
                        {"key": str(key), "quoted": repr(str(key)), "owner": cls.foreign_keys[key]},
                    )
                if key not in allowed:
                    hint = suggest(str(key), allowed)
                    if not hint and " " in str(key):
                        hint = (
                            " (in a {...} mapping a comma ends the value: "
                            "quote text that has commas)"
                        )
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key {quoted}{hint}",
                        {"key": str(key), "quoted": repr(str(key)), "hint": hint},
                    )
        return data


class Note(SpecModel):
    """A document defect: what the document says, what the spec does instead, and why."""

    document: str = Field(description="What the vendor document says.")
    decision: str = Field(description="What this spec does.")
    reason: str = Field(description="Why.")


class Documented(SpecModel):
    description: str | None = Field(None, description="Text from the vendor document.")
    notes: list[Note] = Field(default_factory=list, description="Document defects met here.")


def _shorthand(data: Any, *, flags: tuple[str, ...] = ("optional", "nullable")) -> Any:
    """`name: string` is short for `name: {type: string}`; `T?` sets `optional`, `T | null` sets
    `nullable` (each said once: with the type or with the key, not both)."""
    data = {"type": data} if isinstance(data, str) else data
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return data
    modifiers = split_modifiers(data["type"])
    said = {"optional": modifiers.optional, "nullable": modifiers.nullable}
    for flag in (name for name, on in said.items() if on):
        if flag not in flags:
            raise PydanticCustomError(
                "type_modifier", "a response cannot be {flag}", {"flag": flag}
            )
        if flag in data:
            raise PydanticCustomError(
                "said_twice",
                "{type} already says {flag}: drop the '{flag}' key",
                {"type": repr(data["type"]), "flag": flag},
            )
    if not (modifiers.optional or modifiers.nullable):
        return data
    expanded = {**data, "type": modifiers.core}
    expanded.update({flag: True for flag, on in said.items() if on})
    return expanded


class EnumValue(SpecModel):
    """One allowed value; a bare scalar is short for `{value: scalar}`."""

    value: Scalar
    name: str | None = Field(None, description="Member name, when the value makes a poor one.")
    description: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"value": data}


class DateTimeFormat(SpecModel):
    """How a datetime is written on the wire: its fraction of a second and its UTC offset."""

    precision: Literal["seconds", "milliseconds", "microseconds"] | None = Field(
        None,
        description="Digits of the fraction of a second, always written: none (`seconds`), 3 "
        "or 6; unset: the fraction as the value has it (none when it is zero).",
    )
    offset: Literal["keep", "utc"] = Field(
        "keep",
        description="`keep`: the value's own offset (`+02:00`, `Z` for UTC); `utc`: converted "
        "to UTC and written `Z`.",
    )


class ItemRules(SpecModel):
    """Bounds on each item of a list (the list's own size is `min_items`/`max_items`)."""

    minimum: float | None = Field(None, description="Least value of a number item.")
    maximum: float | None = Field(None, description="Greatest value of a number item.")
    min_length: int | None = Field(None, ge=0, description="Fewest characters of a string item.")
    max_length: int | None = Field(None, ge=0, description="Most characters of a string item.")


class FieldDef(Documented):
    """A field of an object type or of a request body."""

    type: str = Field(
        description="Type expression, e.g. `string`, `list[Address]`; "
        "`T?`: optional, `T | null`: nullable."
    )
    nullable: bool = Field(False, description="The value may be JSON null.")
    optional: bool = Field(False, description="The key may be absent.")
    deprecated: bool = False
    unique: bool = Field(False, description="The document marks the value unique.")
    enum: list[EnumValue] | None = Field(None, description="Known values (unknown ones are kept).")
    closed: bool = Field(
        False, description="The inline `enum` is closed: a value it does not list is refused."
    )
    const: Scalar | None = Field(
        None, description="The one value this key takes: a union tag, or a value always sent."
    )
    format: Literal["email", "uri", "ipv4", "ipv6", "phone", "html", "password"] | None = Field(
        None,
        description="What a string is: `email`, `uri`, `ipv4`, `ipv6` are checked (before "
        "sending, and in strict reading); `phone`, `html`, `password` only document it.",
    )
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = Field(
        None, ge=0, description="Fewest items of a list (or of a `separator`-joined string)."
    )
    max_items: int | None = Field(
        None, ge=0, description="Most items of a list (or of a `separator`-joined string)."
    )
    items: ItemRules | None = Field(
        None, description="Bounds on each item of a `list[...]` of strings or numbers."
    )
    separator: str | None = Field(
        None,
        min_length=1,
        description="The string is a list joined by this (a backslash escapes it); "
        "items counts it.",
    )
    required_unless: list[str] = Field(
        default_factory=list,
        description="An optional key that must be given unless one of these (wire names) is.",
    )
    example: Any = Field(None, description="An example value from the document.")
    aliases: list[str] = Field(
        default_factory=list, description="Other wire spellings accepted in responses."
    )
    datetime_format: DateTimeFormat | None = Field(
        None, description="How a `datetime` value is sent (overrides the API's `datetime_format`)."
    )
    name: Identifier | None = Field(None, description="Python name, when the derived one is poor.")

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        return _shorthand(data)


class Param(FieldDef):
    """A path, query, header or cookie parameter."""

    default: Scalar | None = Field(None, description="Server-side default, for documentation.")
    style: Literal["form", "csv", "deep_object"] = Field(
        "form",
        description="How a list is sent: repeated (`form`) or comma-separated (`csv`); how a "
        "query object is sent: its keys spread (`form`) or bracketed (`deep_object`: "
        "`filter[name]=x`).",
    )


class TypeDef(Documented):
    """A named type: an object (`fields`, or `partial` of another), an enum or a union."""

    fields: dict[str, FieldDef] | None = None
    partial: str | None = Field(
        None,
        description="An object type whose fields this one has, all optional (an update input).",
    )
    omit: list[str] = Field(
        default_factory=list, description="Fields of the `partial` type left out."
    )
    enum: list[EnumValue] | None = None
    closed: bool = Field(
        False,
        description="The enum's values are all there are: another is refused when read "
        "strictly and before sending (open, the default, keeps it).",
    )
    union: list[str] | None = Field(None, description="Member type names.")
    discriminator: str | None = Field(None, description="Wire key telling union members apart.")
    extends: str | list[str] | None = Field(
        None,
        description="An object type whose fields come first, or several, each one's fields in "
        "turn (the model subclasses each).",
    )
    exactly_one_of: list[list[str]] = Field(
        default_factory=list,
        description="Groups of keys (wire names) of which a request must give exactly one.",
    )
    extra_keys: str | None = Field(
        None,
        description="The type of every key beyond the declared fields (a type expression; "
        "`T | null`: may be null): each such value is checked as that type. Unset: kept "
        "untyped.",
    )
    example: Any = None

    @model_validator(mode="after")
    def _one_kind(self) -> TypeDef:
        kinds = [k for k in ("fields", "partial", "enum", "union") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise PydanticCustomError(
                "type_kind", "a type needs exactly one of 'fields', 'partial', 'enum' or 'union'"
            )
        if self.closed and self.enum is None:
            raise PydanticCustomError("closed_without_enum", "'closed' is for an enum")
        if self.extra_keys is not None and (self.enum is not None or self.union is not None):
            raise PydanticCustomError(
                "extra_keys_not_object", "'extra_keys' is for an object type (with 'fields')"
            )
        if self.omit and self.partial is None:
            raise PydanticCustomError(
                "omit_without_partial", "'omit' leaves out fields of a 'partial' type"
            )
        if self.extends is not None and self.partial is not None:
            raise PydanticCustomError(
                "partial_extends",
                "a 'partial' type takes its base's fields; it cannot also 'extends'",
            )
        return self

    @field_validator("extends")
    @classmethod
    def _bases_listed_once(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and not value:
            raise PydanticCustomError("extends_empty", "'extends' names at least one type")
        if isinstance(value, list) and len(set(value)) < len(value):
            raise PydanticCustomError("extends_twice", "'extends' names a type twice")
        return value

    @property
    def bases(self) -> list[str]:
        """The types `extends` names, in order (none, one or several)."""
        if self.extends is None:
            return []
        return [self.extends] if isinstance(self.extends, str) else list(self.extends)


class Body(Documented):
    """A request body: its fields become keyword arguments, or one argument takes it whole."""

    type: str | None = Field(
        None, description="A declared object type, or any type with `argument`."
    )
    fields: dict[str, FieldDef] | None = Field(None, description="Inline fields.")
    argument: Identifier | None = Field(None, description="Pass the body as this one argument.")
    encoding: Literal["json", "form", "multipart", "binary", "text"] = Field(
        "json",
        description="`form`: form-urlencoded; `multipart`: multipart/form-data, whose `file` "
        "fields are file parts; `binary`: the `argument` (a file) is the body; `text`: the "
        "`argument` (a str) is the body, in UTF-8.",
    )
    media_type: str | None = Field(
        None,
        description="A binary or text body's Content-Type (defaults application/octet-stream, "
        "text/plain).",
    )
    batch_size: int | None = Field(
        None, ge=1, description="Send a list body in calls of this size."
    )

    @model_validator(mode="before")
    @classmethod
    def _whole(cls, data: Any) -> Any:
        """A binary or text body is one argument, of type `file` or `string` unless it says."""
        if isinstance(data, dict) and data.get("encoding") in ("binary", "text"):
            implied = "file" if data["encoding"] == "binary" else "string"
            if "fields" not in data:
                data = {"type": implied, **data}
        return data

    @model_validator(mode="after")
    def _one_source(self) -> Body:
        if (self.type is None) == (self.fields is None):
            raise PydanticCustomError("body_kind", "a body needs exactly one of 'type' or 'fields'")
        whole = self.encoding in ("binary", "text")
        if whole and (self.argument is None or self.fields is not None):
            raise PydanticCustomError(
                "body_whole",
                "a {encoding} body is one argument: give 'argument' (and no 'fields')",
                {"encoding": self.encoding},
            )
        implied = {"binary": "file", "text": "string"}.get(self.encoding)
        if implied is not None and self.type != implied:
            raise PydanticCustomError(
                "body_whole_type",
                "a {encoding} body's argument is a {implied}: drop 'type'",
                {"encoding": self.encoding, "implied": implied},
            )
        if self.encoding == "multipart" and self.argument is not None:
            raise PydanticCustomError(
                "body_multipart_argument", "a multipart body's fields are arguments: no 'argument'"
            )
        if self.media_type is not None and not whole:
            raise PydanticCustomError(
                "body_media_type", "'media_type' is for a binary or text body (say 'encoding')"
            )
        return self


STREAMED = ("event_stream", "json_lines")  # response contents read as a stream of events
HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")  # an HTTP header name (a token)


class Response(Documented):
    """A success response: a JSON payload (`type`), text or bytes (`content`), the value of one
    header (`header` with its `type`), or no body at all (only a `status`, such as 204)."""

    type: str | None = Field(
        None,
        description="Type expression of the (unwrapped) JSON payload, or of the header's value "
        "with `header`; `T | null` is nullable. Neither `type` nor `content`: no body.",
    )
    nullable: bool = Field(False, description="The payload may be null (e.g. not found).")
    status: int = Field(200, ge=200, le=299, description="The success status the API answers.")
    content: Literal["json", "text", "binary", "event_stream", "json_lines"] = Field(
        "json",
        description="`text`: the body is returned as a str; `binary`: as bytes, or written to a "
        "file (`to_file=`); `event_stream` (server-sent events) and `json_lines`: a stream of "
        "events of `type`, each read as it arrives.",
    )
    media_type: str | None = Field(
        None,
        description="The Content-Type of a text, binary or streamed body (`text/csv`, "
        "`application/pdf`, `application/x-ndjson`); the defaults are text/plain, "
        "application/octet-stream, text/event-stream and application/jsonl.",
    )
    header: str | None = Field(
        None,
        description="The call returns this response header's value, read as `type` (a scalar), "
        "instead of a body: an id in `Resource-ID`, a URL in `Location`.",
    )
    headers: dict[str, FieldDef] = Field(
        default_factory=dict,
        description="Response headers the API sends beside a JSON, text or binary body (or "
        "none), by the "
        "header's name: each a scalar type (`integer`, `string`, `datetime`, an enum), `T?` or "
        "`T | null` when it may be absent; `name` gives its Python name. The plain call still "
        "returns the body; `with_raw_response` reads them typed (`parse_headers()`).",
    )

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        return _shorthand(data, flags=("nullable",))

    @model_validator(mode="after")
    def _one_kind(self) -> Response:
        if self.headers and (self.header is not None or self.content in STREAMED):
            raise PydanticCustomError(
                "response_headers_kind",
                "'headers' go with a JSON, text or binary body, or none: a {what} response takes "
                "no 'headers'",
                {"what": "'header'" if self.header is not None else self.content},
            )
        if self.content in STREAMED:
            return self._one_stream()
        if self.content != "json" and (self.type is not None or self.header is not None):
            raise PydanticCustomError(
                "response_kind",
                "a {content} response is returned as {python}: it takes no 'type' or 'header'",
                {"content": self.content, "python": "str" if self.content == "text" else "bytes"},
            )
        if self.media_type is not None and self.content == "json":
            raise PydanticCustomError(
                "response_media_type",
                "'media_type' is for a text, binary or streamed response (say 'content')",
            )
        if self.header is not None and self.type is None:
            raise PydanticCustomError(
                "response_header_type",
                "a response returning header '{header}' needs the 'type' of its value",
                {"header": self.header},
            )
        if self.header is not None and not HEADER_NAME.match(self.header):
            raise PydanticCustomError(
                "response_header_name",
                "'{header}' is not an HTTP header name",
                {"header": self.header},
            )
        if self.nullable and self.type is None:
            raise PydanticCustomError("response_nullable", "a response without 'type' has no null")
        return self

    def _one_stream(self) -> Response:
        if self.type is None:
            raise PydanticCustomError(
                "response_stream_type",
                "a streamed response ({content}) needs the 'type' of its events",
                {"content": self.content},
            )
        if self.header is not None or self.nullable:
            raise PydanticCustomError(
                "response_stream_kind",
                "a streamed response ({content}) takes no 'header', and its events no null",
                {"content": self.content},
            )
        return self


class StatusResponse(Documented):
    """One success status's body, where an operation's statuses answer different ones
    (`responses:`): the JSON payload of `type`, or no body."""

    type: str | None = Field(
        None,
        description="Type expression of this status's (unwrapped) JSON payload; `T | null` is "
        "nullable. No `type`: the status has no body (the method returns None for it).",
    )
    nullable: bool = Field(False, description="The payload may be null.")

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        return _shorthand(data, flags=("nullable",))

    @model_validator(mode="after")
    def _typed_if_null(self) -> StatusResponse:
        if self.nullable and self.type is None:
            raise PydanticCustomError("response_nullable", "a response without 'type' has no null")
        return self


class ErrorResponse(Documented):
    """An error status whose body the document describes: `exc.parsed_body` is it, typed."""

    type: str = Field(description="Type expression of the error's body.")


class Example(SpecModel):
    """A request/response pair printed by the document (repairs recorded in `notes`)."""

    title: str | None = None
    arguments: dict[str, Any] | None = Field(None, description="Method arguments (path and query).")
    request: Any = Field(None, description="The request body JSON.")
    response: Any = Field(None, description="The whole response body JSON, envelope included.")
    status: int = 200
    notes: list[Note] = Field(default_factory=list)


class IdempotencyKey(Documented):
    """A header carrying a key the server uses to recognise a request it has already acted on:
    the client sends a fresh one with each call of a POST or PATCH, the same one on that call's
    retries, and may then retry them."""

    header: str = Field(description="The header's name (`Idempotency-Key`).")


class Operation(Documented):
    endpoint: str = Field(description="`METHOD /full/path/{param}` as the document prints it.")
    summary: str | None = Field(None, description="One line, first line of the docstring.")
    path: dict[str, Param] = Field(default_factory=dict)
    query: dict[str, Param] = Field(default_factory=dict)
    headers: dict[str, Param] = Field(
        default_factory=dict, description="Header parameters, by the header's name."
    )
    cookies: dict[str, Param] = Field(
        default_factory=dict, description="Cookie parameters, by the cookie's name."
    )
    body: Body | None = None
    response: Response | None = Field(None, description="None: the response body is ignored.")
    responses: dict[int, StatusResponse] = Field(
        default_factory=dict,
        description="Instead of `response`, where success statuses answer different bodies "
        "(`{200: Report, 202: Job}`): the method returns one of them, chosen by the status.",
    )
    paginated: bool = Field(False, description="The list walks pages with the API's pagination.")
    pagination: Pagination | None = Field(
        None, description="The operation's own pagination style (it then walks pages with it)."
    )
    items: str | None = Field(
        None,
        description="Dotted keys of the response body where the list sits (`_embedded.tags`): "
        "the body is an object around it, not the API's envelope.",
    )
    envelope: bool = Field(True, description="False: this response is not wrapped.")
    auth: bool = Field(True, description="False: sent without credentials.")
    scopes: list[str] = Field(default_factory=list, description="OAuth scopes required.")
    errors: dict[int, str | ErrorResponse] = Field(
        default_factory=dict,
        description="Documented error statuses: what each means, or `{description, type}` where "
        "the error's body has a type (the exception's `parsed_body`).",
    )
    status_means: dict[int, int] = Field(
        default_factory=dict,
        description="A status this operation's server sends for what another one means "
        "(`{401: 404}`: its 401 is raised as not found, without a token refresh).",
    )
    exactly_one_of: list[list[str]] = Field(
        default_factory=list,
        description="Groups of arguments (wire names) of which a call must give exactly one.",
    )
    server: Literal["api", "oauth2"] = Field(
        "api", description="`oauth2`: sent to the host of `api.auth.oauth2.token_url`."
    )
    idempotency_key: IdempotencyKey | Literal[False] | None = Field(
        None,
        description="This operation's idempotency header (a POST or PATCH), or `false` for "
        "none; unless given, `api.idempotency_key` for a POST or PATCH.",
    )
    deprecated: bool = False
    examples: list[Example] = Field(default_factory=list)


class Resource(Documented):
    operations: dict[Identifier, Operation] = Field(default_factory=dict)
    resources: dict[Identifier, Resource] = Field(default_factory=dict)


# A value a server variable may take: it fills one `{name}` of a URL, so it cannot end the host,
# the path segment or the URL, nor carry credentials.
SERVER_VALUE = re.compile(r"^[^/?#@\s{}]+$")


class ServerVariable(Documented):
    """A `{name}` in the base URL's templates, chosen with a constructor argument."""

    default: str = Field(description="The value when the caller gives none.")
    enum: list[str] | None = Field(None, description="The only values allowed, if any.")

    def problems(self) -> list[tuple[tuple[str, ...], str]]:
        out: list[tuple[tuple[str, ...], str]] = []
        for index, value in enumerate(self.enum or []):
            if not SERVER_VALUE.match(value):
                out.append((("enum", str(index)), f"{value!r} cannot be part of a URL"))
        if len(set(self.enum or [])) != len(self.enum or []):
            out.append((("enum",), "the enum lists a value twice"))
        if not SERVER_VALUE.match(self.default):
            out.append((("default",), f"{self.default!r} cannot be part of a URL"))
        elif self.enum is not None and self.default not in self.enum:
            out.append(
                (
                    ("default",),
                    f"default {self.default!r} is not one of the enum values {self.enum}",
                )
            )
        return out


class BaseUrl(Documented):
    default: str | None = Field(None, description="None: the user must give one.")
    env: EnvVar = Field(description="Environment variable overriding the default.")
    environments: dict[Identifier, str] = Field(
        default_factory=dict,
        description="Named servers (`production`, `sandbox`), each a base URL that may hold "
        "`{variable}`s; the client's `environment=` chooses one.",
    )
    default_environment: Identifier | None = Field(
        None, description="The environment used when none is chosen; the first one otherwise."
    )
    variables: dict[Identifier, ServerVariable] = Field(
        default_factory=dict,
        description="The `{name}`s of the URLs, each a constructor argument of the client.",
    )

    def templates(self) -> dict[tuple[str, ...], str]:
        """Each URL the spec writes, by the key path (below base_url) it is written at."""
        if self.environments:
            return {("environments", name): url for name, url in self.environments.items()}
        return {("default",): self.default} if self.default is not None else {}

    def problems(self) -> list[tuple[tuple[str, ...], str]]:
        """Environments beside a default URL, an unknown default environment, a `{name}` no
        variable declares, a variable no URL uses, a URL that is not absolute."""
        out: list[tuple[tuple[str, ...], str]] = []
        if self.environments and self.default is not None:
            out.append(
                (
                    ("default",),
                    "a base URL has a 'default' or 'environments', not both "
                    "('default_environment' names the default one)",
                )
            )
        chosen = self.default_environment
        if chosen is not None and chosen not in self.environments:
            known = list(self.environments)
            out.append(
                (("default_environment",), f"no environment {chosen!r}{suggest(chosen, known)}")
            )
        used: set[str] = set()
        for where, url in self.templates().items():
            names = PATH_PARAM.findall(url)
            used.update(names)
            for name in names:
                if name not in self.variables:
                    out.append((where, f"{{{name}}} is not one of the declared 'variables'"))
            filled = PATH_PARAM.sub(lambda m: self._default_of(m.group(1)), url)
            if not re.match(r"^https?://[^/?#\s]+(/[^?#\s]*)?$", filled):
                out.append((where, f"{url!r} is not an absolute http(s) URL"))
        for name, variable in self.variables.items():
            if name not in used:
                out.append((("variables", name), f"variable {name!r} is in no URL"))
            out.extend((("variables", name, *at), text) for at, text in variable.problems())
        return out

    def _default_of(self, name: str) -> str:
        variable = self.variables.get(name)
        return variable.default if variable is not None else "x"


class Credential(Documented):
    env: EnvVar

    retired_keys: ClassVar[dict[str, str]] = {
        "secret": "every credential is a secret, kept out of reprs and logs",
    }


class OAuth2(Documented):
    authorize_url: str
    token_url: str
    grants: list[Literal["authorization_code", "refresh_token", "client_credentials"]]
    encoding: Literal["json", "form"] = "json"
    send_redirect_uri: bool = Field(False, description="Send redirect_uri with every grant.")
    redirect_uri: Literal["required", "optional"] = Field(
        "required",
        description="Whether the consent URL must carry a redirect_uri (`optional`: the vendor "
        "falls back to the one registered with the application).",
    )
    response_type: str | None = Field(
        "code", description="The consent URL's response_type; null when the vendor prints none."
    )

    retired_keys: ClassVar[dict[str, str]] = {
        key: "declare the endpoint as an operation under resources (NiceJob's oauth.revoke)"
        for key in ("revoke_url", "introspect_url")
    }


class SessionToken(Documented):
    """A token fetched from an endpoint with the credentials, renewed once on a 401."""

    endpoint: str = Field(description="`METHOD /path` of the token call.")
    query: dict[str, str] = Field(
        description="Wire query -> `api_key`-style credential name, `timestamp` or `md5:a+b`."
    )
    token_field: str


class _OneSecurityScheme:
    """A scheme OpenAPI says as one security scheme, named `default`."""

    def security_scheme(self) -> dict[str, Any] | None:
        raise NotImplementedError

    def security_schemes(self) -> dict[str, dict[str, Any]]:
        """Its OpenAPI security schemes by name, all required together."""
        scheme = self.security_scheme()
        return {} if scheme is None else {"default": scheme}


class _CredentialedAuth(_OneSecurityScheme, Documented):
    credentials: dict[Identifier, Credential] = Field(default_factory=dict)

    retired_keys: ClassVar[dict[str, str]] = {
        "query_param": "the client sends the token in the Authorization header only",
    }


class BearerAuth(_CredentialedAuth):
    """A token in the Authorization header; with `oauth2`, one the client can renew itself."""

    scheme: Literal["bearer"]
    oauth2: OAuth2 | None = None

    def problems(self) -> list[tuple[tuple[str, ...], str]]:
        """What its keys say wrong together, each with the key (under `api.auth`) it is at."""
        if self.oauth2 is not None and next(iter(self.credentials), None) != "access_token":
            return [(("credentials",), "with oauth2, the credential must be named 'access_token'")]
        return []

    def security_scheme(self) -> dict[str, Any] | None:
        """Its OpenAPI security scheme."""
        if self.oauth2 is None:
            return {"type": "http", "scheme": "bearer"}
        oauth = self.oauth2
        flows: dict[str, Any] = {}
        if "authorization_code" in oauth.grants:
            flows["authorizationCode"] = {
                "authorizationUrl": oauth.authorize_url,
                "tokenUrl": oauth.token_url,
                "refreshUrl": oauth.token_url,
                "scopes": {},
            }
        if "client_credentials" in oauth.grants:
            flows["clientCredentials"] = {"tokenUrl": oauth.token_url, "scopes": {}}
        return {"type": "oauth2", "flows": flows}

    def scoped(self) -> bool:
        """Whether its OpenAPI security requirements list an operation's scopes."""
        return self.oauth2 is not None

    def credentials_source(self) -> object:
        """How a client obtains what it sends (a change breaks callers' set-up): given, or
        also renewed through OAuth2."""
        return self.oauth2 is not None


class BasicAuth(_CredentialedAuth):
    scheme: Literal["basic"]
    basic_username: str = Field("", description="Basic auth user name (password: the credential).")

    def problems(self) -> list[tuple[tuple[str, ...], str]]:
        return []

    def security_scheme(self) -> dict[str, Any] | None:
        return {"type": "http", "scheme": "basic"}

    def scoped(self) -> bool:
        return False

    def credentials_source(self) -> object:
        """How a client obtains what it sends: as given."""
        return None


class SessionTokenAuth(_CredentialedAuth):
    scheme: Literal["session_token"]
    session: SessionToken

    def problems(self) -> list[tuple[tuple[str, ...], str]]:
        """An endpoint that does not read `METHOD /path`; a query recipe naming something other
        than a credential, `timestamp` or `md5:a+b`."""
        if not ENDPOINT_RE.match(self.session.endpoint):
            return [(("session", "endpoint"), "endpoint must read 'METHOD /path'")]
        names = list(self.credentials)
        out: list[tuple[tuple[str, ...], str]] = []
        for key, recipe in self.session.query.items():
            parts = recipe[4:].split("+") if recipe.startswith("md5:") else [recipe]
            for part in parts:
                if part != "timestamp" and part not in names:
                    hint = suggest(part, [*names, "timestamp"])
                    message = f"{part!r} is not a credential, 'timestamp' or 'md5:a+b'{hint}"
                    out.append((("session", "query", key), message))
        return out

    def security_scheme(self) -> dict[str, Any] | None:
        return {"type": "http", "scheme": "bearer"}

    def scoped(self) -> bool:
        return False

    def credentials_source(self) -> object:
        """How a client obtains what it sends: the session endpoint and its recipe."""
        return self.session


class ApiKey(Credential):
    """A credential of an `api_key` scheme, with where it is sent: exactly one of `header`,
    `query` and `cookie`, naming the header, query parameter or cookie as the API spells it."""

    header: str | None = Field(None, description="Sent in this header.")
    query: str | None = Field(None, description="Sent as this query parameter.")
    cookie: str | None = Field(None, description="Sent as this cookie.")
    prefix: str = Field("", description="Written before the key: `Token ` gives `Token <key>`.")

    @model_validator(mode="after")
    def _one_place(self) -> ApiKey:
        if len([place for place in (self.header, self.query, self.cookie) if place]) != 1:
            raise PydanticCustomError(
                "key_place", "an API key is sent in exactly one of 'header', 'query' or 'cookie'"
            )
        return self

    @property
    def location(self) -> Literal["header", "query", "cookie"]:
        if self.header:
            return "header"
        return "query" if self.query else "cookie"

    @property
    def wire(self) -> str:
        """The header's, query parameter's or cookie's name."""
        return self.header or self.query or self.cookie or ""


class ApiKeyAuth(_OneSecurityScheme, Documented):
    """One or more keys, each in a header, a query parameter or a cookie, sent on every
    request; the caller gives each as a constructor argument (or its environment variable)."""

    scheme: Literal["api_key"]
    credentials: dict[Identifier, ApiKey] = Field(default_factory=dict)

    def problems(self) -> list[tuple[tuple[str, ...], str]]:
        """A header or cookie name HTTP cannot carry; two keys in the same place."""
        out: list[tuple[tuple[str, ...], str]] = []
        seen: dict[tuple[str, str], str] = {}
        for name, key in self.credentials.items():
            at = ("credentials", name, key.location)
            if key.location != "query" and not HEADER_NAME.match(key.wire):
                out.append((at, f"{key.wire!r} is not a valid {key.location} name"))
            place = (key.location, key.wire.lower() if key.location == "header" else key.wire)
            if place in seen:
                what = "query parameter" if key.location == "query" else key.location
                out.append((at, f"credential {seen[place]!r} is sent in that {what} already"))
            seen.setdefault(place, name)
        return out

    def security_scheme(self) -> dict[str, Any] | None:
        """Its first key's security scheme (`security_schemes` has them all)."""
        return next(iter(self.security_schemes().values()), None)

    def security_schemes(self) -> dict[str, dict[str, Any]]:
        """A security scheme per key, named as its credential."""
        schemes: dict[str, dict[str, Any]] = {}
        for name, key in self.credentials.items():
            scheme = {"type": "apiKey", "in": key.location, "name": key.wire}
            if key.description:
                scheme["description"] = key.description
            schemes[name] = scheme
        return schemes

    def scoped(self) -> bool:
        return False

    def credentials_source(self) -> object:
        """How a client obtains what it sends: as given."""
        return None


class NoAuth(_OneSecurityScheme, Documented):
    scheme: Literal["none"]

    # Read like the other schemes' field, never written: `credentials` in the spec is an
    # unknown key here.
    credentials: ClassVar[dict[str, Credential]] = {}

    def credentials_source(self) -> object:
        return None

    def problems(self) -> list[tuple[tuple[str, ...], str]]:
        return []

    def security_scheme(self) -> dict[str, Any] | None:
        return None

    def scoped(self) -> bool:
        return False


# Each scheme's keys belong to it alone: `basic_username` on a bearer API, or `session` on a
# Basic one, is an unknown key rather than a setting nothing reads.
AuthScheme = BearerAuth | BasicAuth | SessionTokenAuth | ApiKeyAuth | NoAuth
Auth = Annotated[AuthScheme, Field(discriminator="scheme")]


def _scheme_keys() -> None:
    """Tell each auth scheme which keys are another scheme's, for a pointed error message."""
    members: tuple[type[SpecModel], ...] = get_args(get_args(Auth)[0])
    schemes = {get_args(m.model_fields["scheme"].annotation)[0]: m for m in members}
    for model in schemes.values():
        owners: dict[str, list[str]] = {}
        for name, other in schemes.items():
            for key in other.model_fields:
                if key not in model.model_fields:
                    owners.setdefault(key, []).append(repr(name))
        model.foreign_keys = {
            key: ("scheme " if len(names) == 1 else "schemes ") + ", ".join(names)
            for key, names in owners.items()
        }


_scheme_keys()


class EnvelopeSpec(Documented):
    """The JSON object every response is wrapped in."""

    data: str = Field(description="Key of the payload.")
    error: str | None = Field(None, description="Key of an error message sent with a 200.")
    fields: dict[str, FieldDef] = Field(default_factory=dict, description="Other keys (meta).")


class CursorPagination(Documented):
    """Each page's envelope carries the cursor that the next request sends back."""

    style: Literal["cursor"]
    cursor_param: str = Field(description="Query parameter that sends the cursor.")
    cursor_field: str = Field(description="Envelope key of the next cursor.")

    def driven_parameters(self) -> dict[str, str]:
        """The query parameters the pagination sets, with their types: every paginated
        operation has them without declaring them."""
        return {self.cursor_param: "string"}

    def envelope_paths(self) -> dict[str, str]:
        """Its keys that are dotted paths into the envelope, with their paths."""
        return {"cursor_field": self.cursor_field}

    def on_every_page(self) -> frozenset[str]:
        """The envelope keys every page carries: none (the last page may leave out its cursor)."""
        return frozenset()


class PagePagination(Documented):
    """Numbered pages; without the page fields, a short or empty page ends the list."""

    style: Literal["page"]
    page_param: str = Field(description="Query parameter of the page number.")
    size_param: str | None = Field(None, description="Query parameter of the page size.")
    current_page_field: str | None = Field(None, description="Dotted envelope path.")
    total_pages_field: str | None = Field(None, description="Dotted envelope path.")
    first_page: int = 1

    retired_keys: ClassVar[dict[str, str]] = {
        key: "bound the size parameter with 'minimum' and 'maximum' where it is declared"
        for key in ("size_min", "size_max")
    }

    def driven_parameters(self) -> dict[str, str]:
        """The query parameters the pagination sets, with their types: every paginated
        operation has them without declaring them."""
        return {self.page_param: "integer"}

    def envelope_paths(self) -> dict[str, str]:
        """Its keys that are dotted paths into the envelope, with their paths."""
        paths = {"current_page_field": self.current_page_field}
        paths["total_pages_field"] = self.total_pages_field
        return {key: path for key, path in paths.items() if path is not None}

    def on_every_page(self) -> frozenset[str]:
        """The envelope keys every page carries: those the page counters are read from (`meta`
        of `meta.page`)."""
        return frozenset(path.partition(".")[0] for path in self.envelope_paths().values())


class OffsetPagination(Documented):
    """The request says how many items to skip; without a total count, a page shorter than the
    limit (or empty) ends the list."""

    style: Literal["offset"]
    offset_param: str = Field(description="Query parameter of the number of items to skip.")
    limit_param: str | None = Field(None, description="Query parameter of the page size.")
    total_field: str | None = Field(None, description="Dotted envelope path of the total count.")

    def driven_parameters(self) -> dict[str, str]:
        """The query parameters the pagination sets, with their types: every paginated
        operation has them without declaring them."""
        return {self.offset_param: "integer"}

    def envelope_paths(self) -> dict[str, str]:
        """Its keys that are dotted paths into the envelope, with their paths."""
        return {"total_field": self.total_field} if self.total_field is not None else {}

    def on_every_page(self) -> frozenset[str]:
        """The envelope keys every page carries: the one the total count is read from."""
        return frozenset(path.partition(".")[0] for path in self.envelope_paths().values())


class NextUrlPagination(Documented):
    """Each page's body holds the URL of the next page (absolute or relative); the last page's
    is null, empty or absent."""

    style: Literal["next_url"]
    next_url_field: str = Field(description="Dotted envelope path of the next page's URL.")

    def driven_parameters(self) -> dict[str, str]:
        """None: the next page's URL carries what it needs."""
        return {}

    def envelope_paths(self) -> dict[str, str]:
        """Its keys that are dotted paths into the envelope, with their paths."""
        return {"next_url_field": self.next_url_field}

    def on_every_page(self) -> frozenset[str]:
        """None: the last page may leave out its next URL."""
        return frozenset()


class LinkHeaderPagination(Documented):
    """The `Link` response header (RFC 8288) names the next page with `rel="next"`."""

    style: Literal["link_header"]

    def driven_parameters(self) -> dict[str, str]:
        """None: the next page's URL carries what it needs."""
        return {}

    def envelope_paths(self) -> dict[str, str]:
        """None: the body holds the items alone."""
        return {}

    def on_every_page(self) -> frozenset[str]:
        """None."""
        return frozenset()


PaginationStyle = (
    CursorPagination | PagePagination | OffsetPagination | NextUrlPagination | LinkHeaderPagination
)
Pagination = Annotated[PaginationStyle, Field(discriminator="style")]


# A key of an error body, or a dotted path of keys; `[]` after a key takes each item of its list.
ERROR_PATH_RE = re.compile(r"^[^.\[\]\s]+(\[\])?(\.[^.\[\]\s]+(\[\])?)*$")


def _error_path(path: str) -> str:
    if not ERROR_PATH_RE.match(path):
        raise PydanticCustomError(
            "error_path",
            "{path} is not a key or a dotted path of keys, each key optionally followed by [] "
            "for every item of its list (as in '_embedded.errors[].message')",
            {"path": repr(path)},
        )
    return path


class ErrorFormat(Documented):
    messages: list[Annotated[str, AfterValidator(_error_path)]] = Field(
        description="Keys or dotted paths (`_embedded.errors[].message`: `[]` takes each item "
        "of a list) of the error body whose strings form the message, in order."
    )


class Webhooks(Documented):
    payload: str = Field(description="Type of the delivered body.")
    signed_field: str = Field(description="Key of the signed object in the body.")
    signature_field: str = Field(description="Dotted path of the hex HMAC-SHA256.")
    timestamp_field: str = Field(description="Dotted path of the Unix timestamp.")
    tolerance: int = Field(300, description="Seconds a delivery stays valid.")


class Api(Documented):
    name: Identifier = Field(description="Subpackage name in `apiclients`.")
    title: str
    version: str
    client: ClassName = Field(description="Client class name; the async one is `Async<client>`.")
    source: str = Field(description="The vendor document this spec is transcribed from.")
    base_url: BaseUrl
    auth: Auth
    envelope: EnvelopeSpec | None = None
    pagination: Pagination | None = None
    error_body: ErrorFormat = Field(description="How an error response's body reads.")
    naive_datetime: Literal["refuse", "utc"] = Field(
        "refuse",
        description="A datetime argument without a UTC offset: "
        "refused before sending, or taken as UTC.",
    )
    datetime_format: DateTimeFormat | None = Field(
        None,
        description="How `datetime` values are sent, unless a field says otherwise; unset: "
        "ISO 8601 with the value's offset and the fraction it has.",
    )
    webhooks: Webhooks | None = None
    idempotency_key: IdempotencyKey | None = Field(
        None, description="The idempotency header of every POST and PATCH (unless it says)."
    )
    left_out: dict[str, str] = Field(
        default_factory=dict, description="Names the document prints that the spec omits, and why."
    )

    retired_keys: ClassVar[dict[str, str]] = {
        "errors": (
            "the error body's format is 'error_body'; 'errors' is an operation's error statuses"
        ),
    }

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, name: str) -> str:
        if name in RESERVED:
            taken = ", ".join(repr(word) for word in sorted(RESERVED))
            raise PydanticCustomError(
                "reserved_name",
                "'{name}' names a part of the output tree or of the core; an API takes none of "
                + taken,
                {"name": name},
            )
        return name


class Spec(SpecModel):
    """One API: metadata, named types and resources with their operations."""

    api: Api
    types: dict[ClassName, TypeDef] = Field(default_factory=dict)
    resources: dict[Identifier, Resource] = Field(default_factory=dict)
