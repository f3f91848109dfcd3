"""OAuth2 helpers shared by the clients whose APIs use it: the consent URL, with the `state`
that ties the callback to it and, on request, PKCE (RFC 7636)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from ..errors import InvalidArgumentError

__all__ = ["AuthorizationRequest", "authorize_url"]


@dataclass(frozen=True)
class AuthorizationRequest:
    """A consent URL to send the user to, and what its callback is checked against.

    Keep `state` (and `code_verifier`, with PKCE) in the user's session. When the user comes
    back to the redirect URI, refuse the callback unless its `state` equals the kept one
    (`hmac.compare_digest`): that is what stops a login CSRF. Then exchange the `code`, sending
    `code_verifier` with it when PKCE was used.
    """

    url: str
    state: str
    code_verifier: str | None = field(default=None, repr=False)
    """The PKCE secret, sent only with the code exchange; None without PKCE."""

    def __str__(self) -> str:
        return self.url


def authorize_url(
    endpoint: str,
    *,
    client_id: str,
    redirect_uri: str | None = None,
    scope: str | Iterable[str] | None = None,
    state: str | None = None,
    pkce: bool = False,
    code_verifier: str | None = None,
    response_type: str | None = "code",
    extra: dict[str, str] | None = None,
) -> AuthorizationRequest:
    """The consent URL (RFC 6749 section 4.1.1) with a `state`: the one given, else a new random
    one. With `pkce=True` (or a `code_verifier` of your own) it carries an S256 code challenge.

    `redirect_uri=None` and `response_type=None` leave the parameter out, for a vendor whose
    consent URL has neither (the redirect URI is then the one registered with the vendor)."""
    if state is None:
        state = secrets.token_urlsafe(32)
    elif not isinstance(state, str) or not state:
        raise InvalidArgumentError("state must be a non-empty string, or None for a new one")
    if code_verifier is not None:
        _check_verifier(code_verifier)
    elif pkce:
        code_verifier = secrets.token_urlsafe(64)  # 86 characters: within RFC 7636's 43..128
    params: dict[str, str] = {}
    if response_type is not None:
        params["response_type"] = response_type
    params["client_id"] = client_id
    if redirect_uri is not None:
        params["redirect_uri"] = redirect_uri
    if scope is not None:
        params["scope"] = scope if isinstance(scope, str) else " ".join(scope)
    params["state"] = state
    if code_verifier is not None:
        params["code_challenge"] = code_challenge(code_verifier)
        params["code_challenge_method"] = "S256"
    params.update(extra or {})
    separator = "&" if "?" in endpoint else "?"
    return AuthorizationRequest(f"{endpoint}{separator}{urlencode(params)}", state, code_verifier)


def code_challenge(code_verifier: str) -> str:
    """The S256 challenge of a verifier: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


_VERIFIER_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
)


def _check_verifier(value: object) -> None:
    if (
        not isinstance(value, str)
        or not 43 <= len(value) <= 128
        or not set(value) <= _VERIFIER_CHARACTERS
    ):
        raise InvalidArgumentError(
            "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9 and -._~ (RFC 7636)"
        )
