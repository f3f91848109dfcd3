"""The API's auth scheme in Python: the one place that decides its node (bearer, Basic, OAuth2,
session token, API keys or none), its credentials' arguments and the constructor arguments
OAuth2 adds.

The node (an `*AuthIR` of ir/model.py) is all the rest of the generator asks about a scheme in
Python: the `auth` macro of templates/api/_macros.jinja prints it twice, as the client's auth
object and as the fake's (with fake credentials), and its methods give the Authorization header
the generated tests expect and the docs' sentences (render/views.py), so neither branches per
scheme. What the scheme's keys mean for the spec itself (their checks, how a client obtains what
it sends, the OpenAPI security scheme) its class in generator/spec/model.py answers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..resolved.nodes import Api
from ..spec.model import (
    ENDPOINT_RE,
    ApiKeyAuth,
    BasicAuth,
    BearerAuth,
    NoAuth,
    OAuth2,
    SessionTokenAuth,
)
from .context import Context
from .model import (
    ApiKeyAuthIR,
    ApiKeyIR,
    AuthIR,
    BasicAuthIR,
    BearerAuthIR,
    CredentialIR,
    NoAuthIR,
    OAuth2AuthIR,
    SessionAuthIR,
)
from .naming import oauth_env_var

OAUTH_ARGUMENTS = ("client_id", "client_secret", "refresh_token")
# The constructor's own arguments, which no credential may take.
CLIENT_ARGUMENTS = frozenset(
    {
        "self",
        "base_url",
        "timeout",
        "max_retries",
        "http_client",
        "strict_response_validation",
        "max_response_bytes",
        "allow_insecure_http",
        "oauth_base_url",
    }
)


def auth_strategy(api: Api, ctx: Context) -> tuple[tuple[CredentialIR, ...], AuthIR]:
    """The credentials' constructor arguments, and the scheme's node."""
    auth = api.auth
    credentials = tuple(CredentialIR(c.name, c.env) for c in auth.credentials.values())
    ctx.reserve("constructor", CLIENT_ARGUMENTS, "the client's constructor")
    for credential in auth.credentials.values():
        what = f"credential {credential.name!r}"
        ctx.claim("constructor", credential.name, credential.loc, what)
    scheme = auth.scheme
    if isinstance(scheme, NoAuth) or not credentials:
        return credentials, NoAuthIR()
    if isinstance(scheme, BearerAuth):
        if scheme.oauth2 is not None:
            for name in OAUTH_ARGUMENTS:
                ctx.claim("constructor", name, auth.loc, f"OAuth2 argument {name!r}")
            return credentials, _oauth_auth(api, scheme.oauth2, credentials[0])
        return credentials, BearerAuthIR(credentials[0])
    if isinstance(scheme, BasicAuth):
        return credentials, BasicAuthIR(scheme.basic_username, credentials[0])
    if isinstance(scheme, ApiKeyAuth):
        keys = zip(credentials, scheme.credentials.values(), strict=True)
        return credentials, ApiKeyAuthIR(
            tuple(ApiKeyIR(ir, key.location, key.wire, key.prefix) for ir, key in keys)
        )
    return credentials, _session_auth(scheme, credentials)


def oauth_arguments(auth: AuthIR) -> tuple[str, ...]:
    """Keyword-only constructor arguments an OAuth2 API adds to its declared credentials."""
    if not isinstance(auth, OAuth2AuthIR):
        return ()
    return (*OAUTH_ARGUMENTS, *(["redirect_uri"] if auth.redirect_uri else []), "oauth_base_url")


def _fake_token_url(oauth: OAuth2, base_url: str | None) -> str:
    """The token endpoint as the generated fake answers it: a path where it is on the API's own
    host (so it is answered whatever host a client is pointed at), else the whole URL."""
    base = urlsplit(base_url or "")
    url = urlsplit(oauth.token_url)
    return (
        url.path if (url.scheme, url.netloc) == (base.scheme, base.netloc) else str(oauth.token_url)
    )


def _oauth_auth(api: Api, oauth: OAuth2, token: CredentialIR) -> OAuth2AuthIR:
    env = (
        ("access_token", token.env),
        *(
            (name, oauth_env_var(api.base_url.env, name))
            for name in (*OAUTH_ARGUMENTS, "redirect_uri")
        ),
    )
    # The token URL stays as the spec writes it: a client pointed at another base_url (a proxy,
    # a test server) still refreshes at the vendor's host, unless given oauth_base_url=.
    return OAuth2AuthIR(
        credential=token,
        token_url=str(oauth.token_url),
        authorize_url=oauth.authorize_url,
        form=oauth.encoding == "form",
        client_credentials="client_credentials" in oauth.grants,
        redirect_uri=oauth.send_redirect_uri,
        env=env,
        oauth_base_url_env=oauth_env_var(api.base_url.env, "oauth_base_url"),
        fake_token_url=_fake_token_url(oauth, api.base_url.default),
        consent_redirect_uri=oauth.redirect_uri == "required",
        consent_arguments=(
            (("response_type", oauth.response_type),) if oauth.response_type != "code" else ()
        ),
    )


def _session_auth(scheme: SessionTokenAuth, credentials: tuple[CredentialIR, ...]) -> AuthIR:
    match = ENDPOINT_RE.match(scheme.session.endpoint)
    if not match:  # reported by the scheme's checks
        return NoAuthIR()
    return SessionAuthIR(
        method=match.group("method"),
        path=match.group("path"),
        query=tuple(scheme.session.query.items()),
        token_field=scheme.session.token_field,
        credentials=credentials,
    )
