"""OAuth2 helpers shared by the clients whose APIs use it."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

__all__ = ["authorize_url"]


def authorize_url(
    endpoint: str,
    *,
    client_id: str,
    redirect_uri: str,
    scope: str | Iterable[str] | None = None,
    state: str | None = None,
    response_type: str = "code",
    extra: dict[str, str] | None = None,
) -> str:
    """The URL to send a user to for consent (RFC 6749 section 4.1.1)."""
    params = {"response_type": response_type, "client_id": client_id, "redirect_uri": redirect_uri}
    if scope is not None:
        params["scope"] = scope if isinstance(scope, str) else " ".join(scope)
    if state is not None:
        params["state"] = state
    params.update(extra or {})
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
