"""The OpenAPI constructs the spec language cannot hold, or holds only approximately: one entry
each, the one place that says what the importer does with it.

Each entry has an id (what the import summary, `apigen import --check` and the corpus tally
count), what the spec does instead (a note's `decision`), why (its `reason`), and whether it
*blocks*: a construct blocks when, where it is met, the generated client cannot make a request
the document describes as valid or cannot read the documented success response (an operation
left out, a required header it cannot send, a file it cannot upload or download). The others
approximate: the client works and is looser than the document (a pattern unchecked, an error
body untyped).

When the language learns a construct, its entry goes (and the importer writes the construct
instead of a note); the corpus tally shows what each entry still costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Construct:
    id: str
    decision: str
    reason: str
    blocks: bool


def _entry(id_: str, decision: str, reason: str, *, blocks: bool = False) -> Construct:
    return Construct(id_, decision, reason, blocks)


_ENTRIES = [
    # -- security ---------------------------------------------------------------------------
    _entry(
        "auth.http_other",
        "Imported with `scheme: none`; nothing is sent.",
        "The language has bearer, Basic, session-token and API-key schemes only (a key needs "
        "its `in` and a `name` HTTP can carry).",
        blocks=True,
    ),
    _entry(
        "auth.oauth2_flows",
        "A bearer scheme: the client takes an access token; its flows are not written.",
        "Obtaining the token is left to the caller until a curator writes `oauth2`.",
    ),
    _entry(
        "auth.basic_username",
        "Basic auth with an empty user name; the credential is the password.",
        "The language fixes the Basic user name in the spec.",
    ),
    _entry(
        "auth.alternatives",
        "The first scheme is used; the others are not.",
        "A spec has one auth scheme.",
    ),
    _entry(
        "auth.optional",
        "Credentials are always sent.",
        "The language has no optional credentials.",
    ),
    _entry(
        "auth.operation_scheme",
        "The API's scheme is used for this operation.",
        "An operation either uses the API's scheme or none (`auth: false`).",
    ),
    # -- servers ----------------------------------------------------------------------------
    _entry(
        "servers.variable_value",
        "The variable's default is written into the URL.",
        "A URL variable's value fills one part of a host or path: not a `/`, `?`, `#` or `@`, "
        "and not empty.",
    ),
    _entry(
        "servers.unusable",
        "The server is left out.",
        "A URL variable needs a default a URL can hold; the document's is missing or a "
        "placeholder (`{name}`).",
    ),
    _entry(
        "servers.variable_conflict",
        "The first server's declaration of the variable is kept.",
        "A spec declares each URL variable once, for every environment.",
    ),
    _entry(
        "servers.relative",
        "No default base URL: the caller gives `base_url=`.",
        "The document's server URL is relative.",
    ),
    _entry(
        "servers.operation",
        "The API's base URL is used.",
        "The language has no per-operation servers.",
        blocks=True,
    ),
    # -- operations -------------------------------------------------------------------------
    _entry(
        "operation.method",
        "Left out.",
        "The language has GET, POST, PUT, PATCH and DELETE only.",
        blocks=True,
    ),
    _entry(
        "operation.duplicate_endpoint",
        "Left out.",
        "Another operation has the same method and path (with other parameter names).",
        blocks=True,
    ),
    _entry(
        "operation.path_query",
        "Left out.",
        "The path holds a query string, a fragment or a space, which the language cannot route.",
        blocks=True,
    ),
    _entry(
        "operation.callbacks",
        "Not written.",
        "The language has no callbacks or links.",
    ),
    # -- parameters -------------------------------------------------------------------------
    _entry(
        "parameter.header_object",
        "Not an argument: pass it with `extra_headers=`.",
        "A header parameter holds a scalar or a list of scalars, a cookie a scalar.",
        blocks=True,
    ),
    _entry(
        "parameter.style",
        "Sent as a repeated (`form`) or comma-separated (`csv`) list, or a plain value.",
        "The language has the `form` and `csv` styles only.",
        blocks=True,
    ),
    _entry(
        "parameter.object",
        "Not an argument: pass it with `extra_query=`.",
        "The language sends a query object bracketed (`deepObject`) or with its keys spread "
        "(exploded `form`, one per operation); not comma-joined (`explode: false`) or in "
        "another style.",
        blocks=True,
    ),
    _entry(
        "parameter.content",
        "Typed as a string the caller serializes.",
        "The language has no parameters serialized by media type.",
    ),
    _entry(
        "parameter.undeclared",
        "Declared as a required string.",
        "The path names a parameter the document does not declare.",
    ),
    _entry(
        "parameter.not_in_path",
        "Left out.",
        "The document declares a path parameter its path does not have.",
    ),
    # -- request bodies ---------------------------------------------------------------------
    _entry(
        "body.multipart",
        "No body is sent.",
        "The language's multipart bodies are objects of fields, each file one part (no list of "
        "files, no schema without properties).",
        blocks=True,
    ),
    _entry(
        "body.form_value",
        "No body is sent.",
        "A form-encoded body is a set of named fields; the document's is a single value.",
        blocks=True,
    ),
    _entry(
        "body.alternatives",
        "Sent as JSON (or form-encoded); the other media types are not.",
        "A spec's body has one encoding.",
    ),
    _entry(
        "body.optional",
        "The body is always sent.",
        "The language has no optional body.",
    ),
    _entry(
        "body.form_nested",
        "An object is sent deepObject-style (`a[b]=1`), a list of objects by index "
        "(`a[0][b]=1`), a list of scalars as its key repeated.",
        "The language's form encoding is deepObject for objects and exploded `form` for lists "
        "of scalars; the document says another style, or none, for these fields.",
    ),
    # -- responses --------------------------------------------------------------------------
    _entry(
        "response.alternatives",
        "The first success response is the declared one; the others are read as it.",
        "A spec's operation reads one media type per status, and answers by status (`responses`) "
        "only where each 2xx status is a JSON body or none.",
    ),
    _entry(
        "response.default_success",
        "The `default` response is read as the success response.",
        "The document declares no 2xx response.",
    ),
    _entry(
        "response.status_range",
        "Read as its first status.",
        "The language names single statuses.",
    ),
    _entry(
        "response.page_fields",
        "The method returns the list's items, walking its pages; the object's other keys are "
        "not typed (`with_raw_response` has them).",
        "A paginated operation returns its items; the keys its pagination reads are its own.",
    ),
    _entry(
        "response.headers",
        "Not read; `with_raw_response` has them.",
        "The language types the scalar headers of one JSON, text or binary response (or one "
        "without a body); not those of a paginated or streamed response, or of `responses`.",
    ),
    _entry(
        "response.error_body",
        "The error's status is listed; its body stays an untyped `exc.body`.",
        "The language types the JSON body of a single error status (no range, no `default`, "
        "no other media type).",
    ),
    _entry(
        "response.other_status",
        "Not read as a success or an error.",
        "The language reads one success status and lists 4xx and 5xx errors.",
    ),
    _entry(
        "response.error_range",
        "Not listed among the operation's errors.",
        "The language lists single error statuses.",
    ),
    # -- schemas ----------------------------------------------------------------------------
    _entry(
        "schema.pattern",
        "Not checked.",
        "The language has no string patterns.",
    ),
    _entry(
        "schema.format",
        "Typed `string`.",
        "The language has no such format.",
    ),
    _entry(
        "schema.binary_field",
        "Typed `string` (base64 or raw text, as the caller gives it).",
        "The language has no binary JSON values.",
    ),
    _entry(
        "schema.exclusive_bound",
        "Written as an inclusive bound (exact for integers).",
        "The language has inclusive bounds only.",
    ),
    _entry(
        "schema.bound_ignored",
        "Not checked.",
        "The bound does not apply to the field's type in the language "
        "(or has no form in it: multipleOf, uniqueItems, minProperties, maxProperties).",
    ),
    _entry(
        "schema.all_of",
        "The parts' fields are merged into one type.",
        "The parts declare a field twice (or name one type twice), which the language's "
        "`extends` cannot say.",
    ),
    _entry(
        "schema.discriminator",
        "A union whose members are tried in order.",
        "The language discriminates by a `const` key each member declares.",
    ),
    _entry(
        "schema.not",
        "Typed `any`.",
        "The language has no negated schemas.",
    ),
    _entry(
        "schema.enum",
        "Typed by the values' JSON type; the values are in the description.",
        "The language's enums hold strings or integers only.",
    ),
    _entry(
        "schema.read_write_only",
        "Sent and read like any field.",
        "The language has no read-only or write-only fields.",
    ),
    _entry(
        "schema.recursive_inline",
        "Typed `any` where it refers to itself.",
        "The schema refers to itself outside `components/schemas`.",
    ),
    _entry(
        "schema.invalid",
        "Typed `any`.",
        "The schema cannot be read as a type.",
    ),
    _entry(
        "document.invalid",
        "Left out.",
        "The element is not valid OpenAPI.",
    ),
    # -- examples ---------------------------------------------------------------------------
    _entry(
        "example.mismatch",
        "Left out.",
        "The example does not match the document's own schema, and the generated tests "
        "read examples strictly.",
    ),
]

CONSTRUCTS: dict[str, Construct] = {entry.id: entry for entry in _ENTRIES}


@dataclass(frozen=True)
class Finding:
    """One construct met: where in the document, where in the spec, what the document said."""

    construct: Construct
    pointer: str
    where: str
    document: str

    def as_json(self) -> dict[str, Any]:
        return {
            "construct": self.construct.id,
            "blocks": self.construct.blocks,
            "pointer": "#" + self.pointer,
            "where": self.where,
            "document": self.document,
        }


@dataclass
class Findings:
    """The constructs met during one import, in the order they were met."""

    items: list[Finding] = field(default_factory=list)

    def note(
        self, element: dict[str, Any], construct_id: str, pointer: str, where: str, document: str
    ) -> None:
        """Record the construct and write its note on the spec element it concerns."""
        construct = CONSTRUCTS[construct_id]
        self.items.append(Finding(construct, pointer, where, document))
        element.setdefault("notes", []).append(
            {"document": document, "decision": construct.decision, "reason": construct.reason}
        )

    def blocked(self) -> bool:
        return any(f.construct.blocks for f in self.items)
