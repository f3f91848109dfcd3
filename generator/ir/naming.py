"""Python names: the only place naming rules live.

Names for what the spec names (attributes, arguments, methods, classes), and the names the
generated modules use for what they take from elsewhere: each such name's source (the standard
library, pydantic, httpx, the runtime) and, per API, whether one of the API's own names takes it,
so that it is imported under a private alias instead (`ReservedNames`).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .. import runtime
from ..spec.names import pascal_case, words

__all__ = ["pascal_case"]  # re-exported: the spec language decides it

# Attributes of pydantic's BaseModel that a field must not shadow.
_MODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)
# Builtins that generated annotations use; a field of that name would shadow them in the class.
_ANNOTATION_BUILTINS = frozenset({"bool", "bytes", "dict", "float", "int", "list", "object", "str"})
# Other names a generated model's class body reads after its fields (its rules, its not-null set).
_CLASS_BODY_NAMES = frozenset({"frozenset", "request_rules"})
# Names linters refuse as easily misread (E741).
_AMBIGUOUS = frozenset({"l"})


def snake_case(wire: str) -> str:
    """`firstName` -> `first_name`, `first name` -> `first_name`, `_links` -> `links`."""
    name = "_".join(w.lower() for w in words(wire)) or "field"
    if name[0].isdigit():
        name = f"n{name}"
    return name


def attribute_name(wire: str) -> str:
    """A safe attribute or argument name: keywords and model attributes get a trailing `_`."""
    name = snake_case(wire)
    if (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in _MODEL_ATTRIBUTES
        or name in _ANNOTATION_BUILTINS
        or name in _CLASS_BODY_NAMES
        or name in _AMBIGUOUS
    ):
        return f"{name}_"
    if name.startswith("model_"):
        return f"{name}_"
    return name


def enum_member_name(value: object, given: str | None = None) -> str:
    """`"pending"` -> `PENDING`, `"CampaignEnrollment"` -> `CAMPAIGN_ENROLLMENT`, `3` -> `VALUE_3`;
    a name the spec gives is upper-cased."""
    if given is not None:
        return given.upper()
    if isinstance(value, bool) or not isinstance(value, str):
        return f"VALUE_{value}".replace("-", "MINUS_").replace(".", "_")
    name = snake_case(value).upper()
    return f"VALUE_{name}" if keyword.iskeyword(name.lower()) else name


def async_name(name: str) -> str:
    """The async twin of a client or resource class: `NiceJob` -> `AsyncNiceJob`."""
    return f"Async{name}"


def raw_response_class(resource_class: str) -> str:
    """The `with_raw_response` twin of a resource class: `PeopleResource` ->
    `PeopleResourceWithRawResponse`."""
    return f"{resource_class}WithRawResponse"


def fake_class(client: str) -> str:
    """The generated fake of an API: `NiceJob` -> `FakeNiceJob`."""
    return f"Fake{client}"


def fake_handles_class(resource_class: str) -> str:
    """The fake's namespace of a resource's operation handles: `PeopleResource` ->
    `_PeopleResourceHandles` (unique, as the resource classes are)."""
    return f"_{resource_class}Handles"


def resource_class(path: tuple[str, ...]) -> str:
    """`("customers", "ratings")` -> `CustomersRatingsResource`."""
    return "".join(pascal_case(part) for part in path) + "Resource"


def params_class(path: tuple[str, ...]) -> str:
    """The private model of an operation's arguments.

    `("people", "list")` -> `_PeopleListParams`.
    """
    return "_" + "".join(pascal_case(part) for part in path) + "Params"


def response_headers_class(path: tuple[str, ...]) -> str:
    """The public model of the typed headers an operation's response declares:
    `("documents", "create")` -> `DocumentsCreateHeaders`."""
    return "".join(pascal_case(part) for part in path) + "Headers"


def operation_constant(path: tuple[str, ...]) -> str:
    """The module constant describing an operation: `("people", "list")` -> `_PEOPLE_LIST`."""
    return "_" + "_".join(part.upper() for part in path)


def member_name(name: str) -> str:
    """A resource's attribute or an operation's method, named by the spec: a Python keyword gets
    a trailing `_` (`import` -> `import_`)."""
    return f"{name}_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


# Attributes of the client and resource base classes and of the fake that a resource or
# operation must not hide.
RESERVED_ATTRIBUTES = frozenset(
    {
        "async_client",
        "async_client_class",
        "base_url",
        "client",
        "client_class",
        "close",
        "config",
        "handle",
        "max_response_bytes",
        "max_retries",
        "operation",
        "request",
        "request_page",
        "revoke_tokens",
        "routes",
        "strict_response_validation",
        "timeout",
        "transport",
        "with_options",
        "with_raw_response",
    }
)

# Keyword arguments every method already has, and the modules a resource module imports whole
# (an argument named so would hide the module, and read as a use of it).
# (`to_file` and `max_bytes` are a binary response's, `idempotency_key` a POST's; reserved
# everywhere, so that an argument's name does not depend on its operation's response or method.)
RESERVED_ARGUMENTS = frozenset(
    {
        "self",
        "extra_headers",
        "extra_query",
        "extra_body",
        "timeout",
        "to_file",
        "max_bytes",
        "idempotency_key",
        "httpx",
        "builtins",
    }
)


def argument_name(name: str) -> str:
    """An argument's name, with a `_` where every method already has it, or where it would
    hide a module the resource imports.

    `timeout` -> `timeout_`.
    """
    return f"{name}_" if name in RESERVED_ARGUMENTS else name


def natural(name: str) -> tuple[str | int, ...]:
    """A name as ruff orders names: its runs of digits compared as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def export_order(names: Iterable[str]) -> list[str]:
    """Names as a module's `__all__` lists them, in ruff's isort-style order (RUF022):
    CONSTANTS, then Classes, then the rest."""

    def key(name: str) -> tuple[int, tuple[str | int, ...]]:
        kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
        return (kind, natural(name))

    return sorted(names, key=key)


# The constructor argument choosing a named environment (a spec's `base_url.environments`).
ENVIRONMENT_ARGUMENT = "environment"


def server_variable_argument(name: str) -> str:
    """A URL variable's constructor argument: its name, `_` after a Python keyword."""
    return member_name(name)


def oauth_env_var(base_url_env: str, argument: str) -> str:
    """`NICEJOB_BASE_URL`, `client_id` -> `NICEJOB_CLIENT_ID`: beside the API's other variables."""
    return base_url_env.removesuffix("BASE_URL") + argument.upper()


# Where each name the generated modules import comes from. Paths starting with "." are relative
# to the `apiclients` package ("._core.types" is apiclients._core.types).
STDLIB = {
    "Annotated": "typing",
    "Any": "typing",
    "ClassVar": "typing",
    "Generic": "typing",
    "Literal": "typing",
    "Protocol": "typing",
    "TYPE_CHECKING": "typing",
    "TypeAlias": "typing",
    "TypeVar": "typing",
    "overload": "typing",
    "Iterable": "collections.abc",
    "Mapping": "collections.abc",
    "Sequence": "collections.abc",
    "cached_property": "functools",
}
STDLIB_MODULES = {"_dt": "import datetime as _dt", "builtins": "import builtins"}
THIRD_PARTY = {"AliasChoices": "pydantic", "Field": "pydantic", "model_validator": "pydantic"}
THIRD_PARTY_MODULES = {"httpx": "import httpx"}
# Core modules imported whole, under a name that cannot clash with the API's own names.
CORE_MODULES = {
    "_core_webhooks": ("._core", "webhooks"),
    "_core_oauth": ("._core", "oauth"),
    # Its pages are the bases of the API's own, which take their names (`_protocol.SyncPage`).
    "_core_pagination": ("._core", "pagination"),
}
_WHOLE_ONLY = {"webhooks", "oauth"}  # core modules whose members are reached through them alone
# Module-level names the templates give the API's own objects.
OWN_NAMES = frozenset(
    {
        "AsyncPage",
        "AsyncPageRequest",
        "CONFIG",
        "Envelope",
        "PAGINATION",
        "PageEnvelope",
        "ROUTES",
        "SyncPage",
        "T",
        "TOLERANCE",
    }
)


@cache
def runtime_names() -> dict[str, str]:
    """Each name a core module exports, and the module (relative to `apiclients`) it lives in.

    Modules reached through their module alone are left out, and so is the package's
    `__init__`, whose `__version__` is the core's, not an API's."""
    names: dict[str, str] = {}
    for stem, exported in runtime.core_exports().items():
        if stem in _WHOLE_ONLY or stem == "__init__":
            continue
        for name in exported:
            if name in names:
                raise RuntimeError(f"{name} is exported by both {names[name]} and _core.{stem}")
            names[name] = f"._core.{stem}"
    return names


@cache
def vocabulary() -> frozenset[str]:
    """Every name a generated module uses that the spec does not choose."""
    return frozenset(
        {*STDLIB, *STDLIB_MODULES, *THIRD_PARTY, *THIRD_PARTY_MODULES, *CORE_MODULES}
        | set(runtime_names())
        | OWN_NAMES
    )


@dataclass(frozen=True)
class ReservedNames:
    """What an API's modules call the names of `vocabulary()`: `names.Field` is `Field`, or
    `_Field` when one of the API's own module-level names (a type, the client, a resource class:
    `taken`) is `Field`. The API's names are its public interface and keep theirs; the aliased
    name is imported as `from pydantic import Field as _Field`, or defined under the alias."""

    taken: frozenset[str]

    def __getattr__(self, name: str) -> str:
        if name not in vocabulary():
            raise AttributeError(f"{name!r} is not a name the generated modules import")
        return f"_{name}" if name in self.taken else name

    def aliases(self) -> dict[str, str]:
        """Each private alias in use, with the name it stands for."""
        return {f"_{name}": name for name in sorted(self.taken & vocabulary())}
