"""Errors raised by every client in `apiclients`.

APIError
├── ConfigurationError          missing credential or base URL (at construction)
├── InvalidArgumentError        a method argument refused before any request is sent
├── APIConnectionError          the server could not be reached
│   └── APITimeoutError
├── ClientClosedError           a request through a client after its close()
├── APIResponseValidationError  the response is not the JSON the spec promises
│   └── ResponseTooLargeError   the response is larger than max_response_bytes
├── PaginationLoopError         a list's next page is one it already walked
├── OperationFailedError        a 2xx response that reports a failed operation
├── WebhookVerificationError    a webhook delivery whose signature or timestamp is wrong
└── APIStatusError              a 4xx or 5xx response
    ├── BadRequestError 400, AuthenticationError 401, PaymentRequiredError 402,
    ├── PermissionDeniedError 403, NotFoundError 404, ConflictError 409,
    ├── UnprocessableEntityError 422, RateLimitError 429
    └── InternalServerError >= 500
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx

from ._core.redaction import shown_request, shown_response

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "OperationFailedError",
    "PaginationLoopError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
]


class APIError(Exception):
    """Root of every error raised by `apiclients`."""

    message: str
    partial_result: Any = None
    """For a list body sent in several calls: the joined results of the calls that succeeded
    before this error (the work they did is not lost to the caller)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled without credentials: a response and its request are copied with credential
        # headers and query values replaced and the request body left out. (The default pickle
        # would also fail to load: __init__ takes keyword arguments.)
        state = {name: _picklable(value) for name, value in self.__dict__.items()}
        return (_restore, (type(self), self.args, state))


def _picklable(value: Any) -> Any:
    if isinstance(value, httpx.Response):
        return shown_response(value)
    if isinstance(value, httpx.Request):
        return shown_request(value, whole=True)
    return value


def _restore(cls: type[APIError], args: tuple[Any, ...], state: dict[str, Any]) -> APIError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def _shown(response: httpx.Response) -> httpx.Response:
    """The response an error keeps, its request's URL shown without credentials."""
    response.request = shown_request(response.request)
    return response


class ConfigurationError(APIError, ValueError):
    """A client was built without a credential or base URL it needs."""


class InvalidArgumentError(APIError, ValueError):
    """A method argument does not fit the spec; nothing was sent."""


class APIConnectionError(APIError):
    """The request could not reach the server, or the connection broke."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message)
        self.request = shown_request(request) if request is not None else None


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(APIError):
    """The response body is not the JSON the spec promises (truncated, HTML, wrong shape)."""

    def __init__(self, message: str, *, response: httpx.Response, text: str) -> None:
        super().__init__(message)
        self.response = _shown(response)
        self.status_code = response.status_code
        self.text = text


class ResponseTooLargeError(APIResponseValidationError):
    """The response is larger than the client's `max_response_bytes`; it was not read further."""

    def __init__(self, message: str, *, response: httpx.Response, limit: int) -> None:
        super().__init__(message, response=response, text="")
        self.limit = limit


class ClientClosedError(APIError):
    """The client (or the `http_client` it was given) was closed before this request."""


class PaginationLoopError(APIError):
    """Walking a list came back to a page it had already fetched: the server ignores the page
    or cursor it is sent. The pages walked so far were returned; the walk stops here."""


class OperationFailedError(APIError):
    """The server answered 2xx but reported that the operation did not happen."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message)
        self.response = _shown(response)
        self.status_code = response.status_code
        self.body = body


class WebhookVerificationError(APIError):
    """A webhook delivery failed verification; do not trust its content."""


# Where servers put the id of a request for their support to find it; none of the specs' vendors
# documents one, so the usual names are looked for, in this order.
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")


def request_id_of(response: httpx.Response) -> str | None:
    """The request id the server sent with a response, if any (printable, at most 200 chars)."""
    for name in REQUEST_ID_HEADERS:
        value = str(response.headers.get(name, "")).strip()
        if value and value.isprintable():
            return value[:200]
    return None


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status; `body` is its parsed JSON or text,
    `parsed_body` the same read as the type the spec gives the operation's error of this status
    (a model; None where the spec gives none or the body is not of it), and `request_id` the id
    the server gave the request (`X-Request-Id` and the like), if any."""

    def __init__(
        self, message: str, *, response: httpx.Response, body: Any, parsed_body: Any = None
    ) -> None:
        super().__init__(message)
        self.response = _shown(response)
        self.status_code = response.status_code
        self.body = body
        self.parsed_body = parsed_body
        self.request_id = request_id_of(response)


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PaymentRequiredError(APIStatusError):
    """402 Payment Required."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asks to wait before trying again (its `Retry-After`), or None."""
        return retry_after_seconds(self.response.headers.get("Retry-After"))


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def retry_after_seconds(value: str | None) -> float | None:
    """A `Retry-After` header's wait in seconds (a number or an HTTP date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return STATUS_ERRORS.get(status_code, APIStatusError)
