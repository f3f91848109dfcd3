"""Python names for wire names: the only place naming rules live."""

from __future__ import annotations

import keyword
import re
import unicodedata

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
# Names linters refuse as easily misread (E741).
_AMBIGUOUS = frozenset({"l"})


def _ascii_words(text: str) -> list[str]:
    normalized = unicodedata.normalize("NFKD", text)
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii")
    # "UUId", "UUID" and "UUid" all mean uuid ("invitationUUId" -> invitation_uuid).
    ascii_text = re.sub(r"UUI[Dd]|UUid", "Uuid", ascii_text)
    # Split camelCase and PascalCase runs ("invitationUUId" -> invitation, UU, Id).
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", ascii_text)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]


def snake_case(wire: str) -> str:
    """`firstName` -> `first_name`, `first name` -> `first_name`, `_links` -> `links`."""
    words = _ascii_words(wire)
    name = "_".join(w.lower() for w in words) or "field"
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
        or name in _AMBIGUOUS
    ):
        return f"{name}_"
    if name.startswith("model_"):
        return f"{name}_"
    return name


def pascal_case(text: str) -> str:
    """`campaign_enrollments` -> `CampaignEnrollments`; keeps existing capitals (`NiceJob`)."""
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Model"
    if name[0].isdigit():
        name = f"N{name}"
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


def inline_enum_name(owner: str, wire: str) -> str:
    """The enum a field declares inline: `Booking` + `status` -> `BookingStatus`."""
    return pascal_case(owner) + pascal_case(wire)


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


def operation_constant(path: tuple[str, ...]) -> str:
    """The module constant describing an operation: `("people", "list")` -> `_PEOPLE_LIST`."""
    return "_" + "_".join(part.upper() for part in path)


# Keyword arguments every method already has.
RESERVED_ARGUMENTS = frozenset({"self", "extra_headers", "extra_query", "timeout"})


def argument_name(name: str) -> str:
    """An argument's name, with a `_` where every method already has it.

    `timeout` -> `timeout_`.
    """
    return f"{name}_" if name in RESERVED_ARGUMENTS else name


def oauth_env_var(base_url_env: str, argument: str) -> str:
    """`NICEJOB_BASE_URL`, `client_id` -> `NICEJOB_CLIENT_ID`: beside the API's other variables."""
    return base_url_env.removesuffix("BASE_URL") + argument.upper()
