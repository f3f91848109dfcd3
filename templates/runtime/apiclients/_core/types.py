"""Small types shared by every client: the omitted-argument marker and argument aliases.

Kept free of pydantic so that importing a client stays cheap (see fields.py for the rest).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

import httpx

__all__ = ["NOT_GIVEN", "Body", "Headers", "NotGiven", "Query", "Record", "Timeout"]


class NotGiven:
    """The default of optional arguments: an omitted argument is not sent at all.

    This keeps "not given" apart from `None`, which sends JSON null where a field is nullable.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class Record:
    """A few named values fixed when made: equal (and hashed) when class and values are, shown
    by them. What a frozen dataclass gives, without compiling methods from source text as each
    class is made (most of a millisecond a class, paid at every import of a client). A
    subclass's `__init__` hands its values to `Record.__init__` by name, in the order its repr
    shows them."""

    def __init__(self, **values: Any) -> None:
        vars(self).update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self), *vars(self).values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({shown})"


Timeout = float | httpx.Timeout | None
Headers = Mapping[str, str]
Query = Mapping[str, Any]
Body = Mapping[str, Any]
"""`extra_body=`: fields added to a JSON object body, or replacing its own."""

EXTRA_BODY = "apiclients.extra_body"
"""The request extension naming the body keys a caller added with `extra_body=`."""
