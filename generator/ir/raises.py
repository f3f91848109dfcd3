"""The exception a documented error status raises, as the runtime decides it (its
`errors.STATUS_ERRORS`, read by generator/runtime.py), so that a docstring's `Raises:` names the
class a caller catches."""

from __future__ import annotations

from .. import runtime

# `errors.status_error_class` sends every 5xx here and any other unlisted status to the base class.
SERVER_ERROR = "InternalServerError"
OTHER_STATUS_ERROR = "APIStatusError"


def error_class(status: int) -> str:
    """`409` -> `ConflictError`: the class of `apiclients.errors` a response of `status` raises."""
    if status >= 500:
        return SERVER_ERROR
    return runtime.status_errors().get(status, OTHER_STATUS_ERROR)
