"""Spec -> IR for auth: the one place that decides an API's credentials, its scheme's node
(bearer, Basic, OAuth2, session token or none) and the constructor arguments OAuth2 adds.

The node (an `*AuthIR` of ir/model.py) is all the rest of the generator asks about a scheme:
the `auth` macro of templates/api/_macros.jinja prints it twice, as the client's auth object and
as the fake's (with fake credentials), and its methods give the OpenAPI security scheme
(openapi.py), the Authorization header the generated tests expect and the docs' sentences
(render/views.py), so neither branches per scheme.

Adding a scheme means: its spec model (a member of the `Auth` union in spec/model.py, told apart
by `scheme`, with `credentials_source()` for `apigen diff`), its IR node with those methods
(ir/model.py), a branch here, its branch of the `auth` macro and its runtime class in
_core/auth.py (the client's flow, and `fake_accepts`, `fake_token` and `fake_arguments` for the
fake). The README's list says which docs and tests go with them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..spec.loader import Location
from ..spec.model import (
    ENDPOINT_RE,
    BasicAuth,
    BearerAuth,
    NoAuth,
    OAuth2,
    SessionToken,
    suggest,
)
from .context import Context
from .model import (
    AuthIR,
    BasicAuthIR,
    BearerAuthIR,
    CredentialIR,
    NoAuthIR,
    OAuth2AuthIR,
    SessionAuthIR,
)
from .naming import oauth_env_var


def auth_strategy(ctx: Context) -> tuple[list[CredentialIR], AuthIR]:
    auth = ctx.spec.api.auth
    loc: Location = ("api", "auth")
    if isinstance(auth, NoAuth):
        return [], NoAuthIR()
    credentials = [CredentialIR(name, c.env) for name, c in auth.credentials.items()]
    for cred in credentials:
        ctx.claim(
            "constructor", cred.name, (*loc, "credentials", cred.name), f"credential {cred.name!r}"
        )
    if not credentials:
        ctx.error(loc, f"auth scheme {auth.scheme!r} needs at least one credential")
        return credentials, NoAuthIR()
    if isinstance(auth, BearerAuth):
        if auth.oauth2 is not None:
            return credentials, _oauth_auth(ctx, auth.oauth2, credentials)
        return credentials, BearerAuthIR(credentials[0])
    if isinstance(auth, BasicAuth):
        return credentials, BasicAuthIR(auth.basic_username, credentials[0])
    return credentials, _session_auth(ctx, auth.session, credentials)


OAUTH_ARGUMENTS = ("client_id", "client_secret", "refresh_token")


def oauth_arguments(auth: AuthIR) -> list[str]:
    """Keyword-only constructor arguments an OAuth2 API adds to its declared credentials."""
    if not isinstance(auth, OAuth2AuthIR):
        return []
    return [*OAUTH_ARGUMENTS, *(["redirect_uri"] if auth.redirect_uri else []), "oauth_base_url"]


def _fake_token_url(oauth: OAuth2, base_url: str | None) -> str:
    """The token endpoint as the generated fake answers it: a path where it is on the API's own
    host (so it is answered whatever host a client is pointed at), else the whole URL."""
    base = urlsplit(base_url or "")
    url = urlsplit(oauth.token_url)
    return (
        url.path if (url.scheme, url.netloc) == (base.scheme, base.netloc) else str(oauth.token_url)
    )


def _oauth_auth(ctx: Context, oauth: OAuth2, credentials: list[CredentialIR]) -> OAuth2AuthIR:
    api = ctx.spec.api
    token = credentials[0]
    if token.name != "access_token":
        ctx.error(
            ("api", "auth", "credentials"),
            "with oauth2, the credential must be named 'access_token'",
        )
    env = [
        ("access_token", token.env),
        *(
            (name, oauth_env_var(api.base_url.env, name))
            for name in (*OAUTH_ARGUMENTS, "redirect_uri")
        ),
    ]
    for name in OAUTH_ARGUMENTS:
        ctx.claim("constructor", name, ("api", "auth", "oauth2"), f"OAuth2 argument {name!r}")
    # The token URL stays as the spec writes it: a client pointed at another base_url (a proxy,
    # a test server) still refreshes at the vendor's host, unless given oauth_base_url=.
    return OAuth2AuthIR(
        credential=token,
        token_url=str(oauth.token_url),
        authorize_url=oauth.authorize_url,
        form=oauth.encoding == "form",
        client_credentials="client_credentials" in oauth.grants,
        authorization_code="authorization_code" in oauth.grants,
        redirect_uri=oauth.send_redirect_uri,
        env=env,
        oauth_base_url_env=oauth_env_var(api.base_url.env, "oauth_base_url"),
        fake_token_url=_fake_token_url(oauth, api.base_url.default),
    )


def _session_auth(ctx: Context, session: SessionToken, credentials: list[CredentialIR]) -> AuthIR:
    loc: Location = ("api", "auth", "session")
    match = ENDPOINT_RE.match(session.endpoint)
    if not match:
        ctx.error((*loc, "endpoint"), "endpoint must read 'METHOD /path'")
        return NoAuthIR()
    names = [c.name for c in credentials]
    for key, recipe in session.query.items():
        parts = recipe[4:].split("+") if recipe.startswith("md5:") else [recipe]
        for part in parts:
            if part != "timestamp" and part not in names:
                hint = suggest(part, [*names, "timestamp"])
                ctx.error(
                    (*loc, "query", key),
                    f"{part!r} is not a credential, 'timestamp' or 'md5:a+b'{hint}",
                )
    return SessionAuthIR(
        method=match.group("method"),
        path=match.group("path"),
        query=list(session.query.items()),
        token_field=session.token_field,
        credentials=credentials,
    )
