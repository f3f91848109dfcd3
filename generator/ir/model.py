"""The intermediate representation: everything the templates print, already decided.

Every Python name, annotation, default and literal is a finished string here; templates only
place them. Strings that came from a spec reach the templates as Python literals (`*_literal`) or
as docstring text made safe for triple quotes (`doc`), so no spec text can become code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spec.typeexpr import TypeExpr


@dataclass
class EnumMemberIR:
    name: str
    literal: str
    doc: str | None


@dataclass
class EnumIR:
    class_name: str
    base: str
    doc: str
    members: list[EnumMemberIR]
    values: list[Any]
    source: str


@dataclass
class FieldIR:
    wire: str
    name: str
    annotation: str
    assignment: str  # "" or " = None" or " = Field(...)"
    doc: str | None
    expr: TypeExpr
    nullable: bool
    optional: bool
    deprecated: bool
    spec: Any  # the spec FieldDef, for the OpenAPI export and examples


@dataclass
class ModelIR:
    class_name: str
    base: str
    doc: str
    fields: list[FieldIR]
    source: str
    spec: Any = None
    rules: str | None = None  # a class-body line checking rules across keys when sent
    not_null: str | None = None  # a class-body line naming keys that may be absent but not null


@dataclass
class UnionIR:
    class_name: str
    doc: str
    annotation: str
    source: str
    spec: Any = None


@dataclass
class ArgumentIR:
    name: str
    annotation: str
    default: str | None  # None: required


@dataclass
class ArgumentDocIR:
    """One row of a method's argument table, in its docstring and in the API reference."""

    name: str
    wire: str
    annotation: str
    optional: bool
    text: str


@dataclass
class TestCaseIR:
    call_literal: str  # e.g. 'client.bookings.retrieve("b1")'
    short_call: str  # the same call with only required arguments (at least one), for docs
    method: str
    path: str
    query: list[tuple[str, str]]
    body: Any
    form: bool
    response_status: int
    response_json: Any
    response_literal: str
    expect: str  # python expression checking `result`
    title: str
    # The same call and check as data, for the generated tests' cases/<api>.json.
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)
    expectation: dict[str, Any] = field(default_factory=dict)


@dataclass
class OperationIR:
    name: str
    constant: str
    doc: str
    http_method: str
    path_template: str
    path_literal: str
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
    response_annotation: str  # what the wire payload parses to
    sync_return: str
    async_return: str
    item_annotation: str | None  # set when paginated
    envelope: bool
    auth: bool
    spec: Any
    tests: list[TestCaseIR] = field(default_factory=list)
    dotted: str = ""
    descriptor: list[str] = field(default_factory=list)
    arguments_doc: list[ArgumentDocIR] = field(default_factory=list)
    constants: list[tuple[str, Any]] = field(default_factory=list)  # (wire, value)
    method_literal: str = ""


@dataclass
class ResourceIR:
    attribute: str
    sync_class: str
    async_class: str
    doc: str
    operations: list[OperationIR]
    children: list[ResourceIR]
    module: str  # module under resources/, shared by a resource and its children
    dotted: str


@dataclass
class CredentialIR:
    name: str
    env: str
    env_literal: str


@dataclass
class ApiIR:
    name: str
    spec_file: str
    header: str
    title: str
    doc: str
    sync_client: str
    async_client: str
    base_url_literal: str
    base_url_env_literal: str
    credentials: list[CredentialIR]
    auth_expr: str  # python expression building the auth object from constructor arguments
    oauth: Any
    error_keys_literal: str
    envelope: ModelIR | None
    envelope_error_attr: str | None
    pagination_expr: str | None
    enums: list[EnumIR]
    models: list[ModelIR]
    unions: list[UnionIR]
    resources: list[ResourceIR]
    webhooks: Any
    spec: Any
    client_literal: str = ""
    title_doc: str = ""  # the title, safe inside a docstring
    version_doc: str = ""
    envelope_error_literal: str = "None"
    naive_datetime_literal: str = '"refuse"'
    oauth_base_url_literal: str = "None"
    oauth_base_url_env_literal: str = "None"
    type_names: list[str] = field(default_factory=list)

    def all_operations(self) -> list[OperationIR]:
        out: list[OperationIR] = []

        def walk(resources: list[ResourceIR]) -> None:
            for resource in resources:
                out.extend(resource.operations)
                walk(resource.children)

        walk(self.resources)
        return out
