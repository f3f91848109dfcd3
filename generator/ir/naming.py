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
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _MODEL_ATTRIBUTES or name in _ANNOTATION_BUILTINS or name in _AMBIGUOUS:
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


def enum_member_name(value: object) -> str:
    """`"pending"` -> `PENDING`, `"CampaignEnrollment"` -> `CAMPAIGN_ENROLLMENT`, `3` -> `VALUE_3`."""
    if isinstance(value, bool) or not isinstance(value, str):
        return f"VALUE_{value}".replace("-", "MINUS_").replace(".", "_")
    name = snake_case(value).upper()
    return f"VALUE_{name}" if keyword.iskeyword(name.lower()) else name
