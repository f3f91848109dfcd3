"""Names the spec language derives from the names a spec writes: the words of a wire name, their
PascalCase, and the type an inline enum declares (`<Owner><Field>`, docs/spec-language.md).

Python names (attributes, classes, aliases) are decided in generator/ir/naming.py, from these
words."""

from __future__ import annotations

import re
import unicodedata


def words(text: str) -> list[str]:
    """The ASCII words of a name: `invitationUUId` -> invitation, Uuid; `first name` -> first,
    name."""
    normalized = unicodedata.normalize("NFKD", text)
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii")
    # "UUId", "UUID" and "UUid" all mean uuid ("invitationUUId" -> invitation_uuid).
    ascii_text = re.sub(r"UUI[Dd]|UUid", "Uuid", ascii_text)
    # Split camelCase and PascalCase runs ("invitationUUId" -> invitation, UU, Id).
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", ascii_text)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]


def pascal_case(text: str) -> str:
    """`campaign_enrollments` -> `CampaignEnrollments`; keeps existing capitals (`NiceJob`)."""
    name = "".join(w[:1].upper() + w[1:] for w in words(text)) or "Model"
    if name[0].isdigit():
        name = f"N{name}"
    return name


def inline_enum_name(owner: str, wire: str) -> str:
    """The enum a field declares inline: `Booking` + `status` -> `BookingStatus`."""
    return pascal_case(owner) + pascal_case(wire)
