"""Small types shared by every client: the omitted-argument marker and argument aliases.

Kept free of pydantic so that importing a client stays cheap (see fields.py for the rest).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

import httpx

__all__ = ["NOT_GIVEN", "Body", "Headers", "NotGiven", "Query", "Timeout"]


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

Timeout = float | httpx.Timeout | None
Headers = Mapping[str, str]
Query = Mapping[str, Any]
Body = Mapping[str, Any]
"""`extra_body=`: fields added to a JSON object body, or replacing its own."""

EXTRA_BODY = "apiclients.extra_body"
"""The request extension naming the body keys a caller added with `extra_body=`."""
