"""The spec names an import chooses: type, resource, operation and argument names, unique and
Python-safe, each collision resolved the same way every time (the later one in document order
gets the next free number).

Python names are still the generator's (`generator.ir.naming`): this module picks spec names
whose Python names the generator accepts.
"""

from __future__ import annotations

import builtins
import keyword
import re

from ..ir.naming import (
    RESERVED_ATTRIBUTES,
    argument_name,
    attribute_name,
    pascal_case,
    snake_case,
)
from ..spec.names import words

# Names the generated modules import or define beside the API's types; a type of that name
# would shadow them.
_MODULE_NAMES = frozenset(
    {
        "APIModel",
        "AliasChoices",
        "Annotated",
        "Any",
        "AsyncPageRequest",
        "AsyncResource",
        "BaseEnvelope",
        "Body",
        "Checked",
        "ClassVar",
        "DateTime",
        "Envelope",
        "EpochMillis",
        "Field",
        "Headers",
        "Literal",
        "Mapping",
        "NotGiven",
        "NotNull",
        "OpenIntEnum",
        "OpenStrEnum",
        "Operation",
        "PAGINATION",
        "Params",
        "Query",
        "Sequence",
        "SyncPage",
        "SyncResource",
        "Timeout",
    }
)
# Methods every resource has.
_RESOURCE_ATTRIBUTES = frozenset({"with_raw_response"})
# A type name made of its owners' names (`<operation> <field> <field>...`) grows past what a
# curator would write and past what fits on a 100-column line; longer ones keep their last words.
LONGEST_TYPE_NAME = 40


def _numbered(base: str, taken: set[str], separator: str) -> str:
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}{separator}{number}"
    taken.add(name)
    return name


class TypeNames:
    """PascalCase type names, unique across the spec's types and the generated classes."""

    def __init__(self, client: str) -> None:
        self.taken: set[str] = set()
        # A builtin's name too: a type called `ImportError` is the builtin where an annotation
        # is resolved in a module that does not import it.
        self.reserved = (
            set(_MODULE_NAMES)
            | {name for name in dir(builtins) if name[:1].isupper()}
            | {client, f"Async{client}", f"Fake{client}"}
        )

    def claim(self, text: str) -> str:
        base = short_type_name(pascal_case(text))
        if base in self.reserved or re.search(r"(Resource|WithRawResponse|Handles)$", base):
            base += "Model"
        return _numbered(base, self.taken, "")

    def claim_exact(self, name: str) -> bool:
        """Take `name` as it is (an inline enum's name, which the generator derives); False
        when it is taken or longer than a curator would write."""
        if name in self.taken or name in self.reserved or len(name) > LONGEST_TYPE_NAME:
            return False
        self.taken.add(name)
        return True


def short_type_name(name: str) -> str:
    """`name` itself, or its last words within `LONGEST_TYPE_NAME` characters (the words
    nearest the type are the ones that say what it is):
    `MeasurementFamiliesGetListResponseUnitsUnitCodeConvertFromStandardItem` ->
    `UnitCodeConvertFromStandardItem`."""
    if len(name) <= LONGEST_TYPE_NAME:
        return name
    kept = ""
    for word in reversed(words(name)):
        if kept and len(word) + len(kept) > LONGEST_TYPE_NAME:
            break
        kept = word[:1].upper() + word[1:] + kept
    return pascal_case(kept)


def identifier(text: str) -> str:
    """A snake_case spec identifier that is also a usable Python attribute."""
    name = snake_case(text)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


class ResourceNames:
    """Resource names on the client: snake_case, none of the client's own attributes."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}

    def of(self, text: str) -> str:
        """The resource for a tag or path segment (the same text always gives the same one)."""
        name = identifier(text)
        if name in RESERVED_ATTRIBUTES or name in _RESOURCE_ATTRIBUTES:
            name += "_api"
        return self.by_key.setdefault(name, name)


def operation_name(text: str, taken: set[str]) -> str:
    name = identifier(text)
    if name in _RESOURCE_ATTRIBUTES:
        name += "_"
    return _numbered(name, taken, "_")


def field_names(wires: list[str]) -> dict[str, str | None]:
    """The `name:` each field needs: None where the derived Python name is free, else the
    derived name numbered (`first_name`, then `first_name_2`)."""
    taken: set[str] = set()
    out: dict[str, str | None] = {}
    for wire in wires:
        derived = attribute_name(wire)
        if derived not in taken:
            taken.add(derived)
            out[wire] = None
        else:
            out[wire] = _numbered(derived, taken, "_")
    return out


def argument_names(wires: list[str], taken: set[str]) -> list[str | None]:
    """As `field_names`, for an operation's arguments (a wire name may come twice: in the path
    and in the query), which also avoid the keyword arguments every method has (the generator
    adds `_` to those) and the names already `taken`."""
    out: list[str | None] = []
    for wire in wires:
        derived = argument_name(attribute_name(wire))
        if derived not in taken:
            taken.add(derived)
            out.append(None)
        else:
            out.append(_numbered(derived, taken, "_"))
    return out
