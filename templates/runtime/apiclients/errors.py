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

from typing import Any

import httpx

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
        self.request = request


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
        self.response = response
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
        self.response = response
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
    """The server answered with a 4xx or 5xx status; `body` is its parsed JSON or text, and
    `request_id` the id the server gave the request (`X-Request-Id` and the like), if any."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = body
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


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return STATUS_ERRORS.get(status_code, APIStatusError)
