"""OAuth2 consent URLs carry a `state` (generated unless given) and, on request, PKCE (S256);
a token endpoint that throttles is a RateLimitError with its Retry-After."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from apiclients import errors
from apiclients.nicejob import AsyncNiceJob, NiceJob
from apiclients.nicejob import oauth as nicejob_oauth
from apiclients.nimble import AsyncNimble, Nimble
from apiclients.nimble import oauth as nimble_oauth
from tests.runtime.conftest import call
from tests.server.fakeapi import FakeAPI, Reply

OAUTH_MODULES = [nicejob_oauth, nimble_oauth]


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.mark.parametrize("oauth", OAUTH_MODULES, ids=["nicejob", "nimble"])
def test_a_state_is_generated_and_returned(oauth: Any) -> None:
    first = oauth.authorize_url(client_id="app", redirect_uri="https://me.example/cb")
    second = oauth.authorize_url(client_id="app", redirect_uri="https://me.example/cb")
    assert query(first.url)["state"] == first.state and len(first.state) >= 32
    assert first.state != second.state
    assert str(first) == first.url
    assert "code_challenge" not in query(first.url) and first.code_verifier is None


@pytest.mark.parametrize("oauth", OAUTH_MODULES, ids=["nicejob", "nimble"])
def test_pkce_adds_an_s256_challenge_of_the_returned_verifier(oauth: Any) -> None:
    consent = oauth.authorize_url(client_id="app", redirect_uri="https://me.example/cb", pkce=True)
    sent = query(consent.url)
    verifier = consent.code_verifier
    assert verifier is not None and 43 <= len(verifier) <= 128
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    assert sent["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert sent["code_challenge_method"] == "S256"
    assert verifier not in repr(consent) and verifier not in consent.url


def test_a_given_state_and_verifier_are_used_and_checked() -> None:
    verifier = "v" * 43
    consent = nicejob_oauth.authorize_url(
        client_id="app", redirect_uri="https://me.example/cb", state="s1", code_verifier=verifier
    )
    assert consent.state == "s1" and consent.code_verifier == verifier
    for bad in ("short", "x" * 129, "v" * 42 + "!"):
        with pytest.raises(errors.InvalidArgumentError, match="RFC 7636"):
            nicejob_oauth.authorize_url(
                client_id="app", redirect_uri="https://me.example/cb", code_verifier=bad
            )
    with pytest.raises(errors.InvalidArgumentError, match="state"):
        nicejob_oauth.authorize_url(client_id="app", redirect_uri="https://me.example/cb", state="")


def test_a_consent_url_as_the_vendor_prints_it() -> None:
    """A vendor whose consent URL has neither `redirect_uri` (the registered one is used) nor
    `response_type` (Help Scout's) gets exactly the parameters it prints, `state` kept."""
    from apiclients._core import oauth as core_oauth

    endpoint = "https://auth.example.com/authorize"
    consent = core_oauth.authorize_url(endpoint, client_id="app", response_type=None)
    assert list(query(consent.url)) == ["client_id", "state"]
    assert query(consent.url)["state"] == consent.state
    sent = query(
        core_oauth.authorize_url(
            endpoint, client_id="app", redirect_uri="https://me.example/cb"
        ).url
    )
    assert sent["response_type"] == "code" and sent["redirect_uri"] == "https://me.example/cb"


def test_the_code_exchange_sends_the_verifier(api: FakeAPI, mode: str) -> None:
    api.handle(
        "POST", "/oauth/token", lambda r: Reply(json={"access_token": "a", "token_type": "bearer"})
    )
    api.handle(
        "POST", "/api/oauth/token", lambda r: Reply(json={"access_token": "a", "token_type": "x"})
    )
    verifier = "v" * 43
    call(
        mode,
        NiceJob,
        AsyncNiceJob,
        lambda c: c.oauth.token(
            grant_type="authorization_code",
            client_id="app",
            client_secret="app-secret",
            code="c1",
            redirect_uri="https://me.example/cb",
            code_verifier=verifier,
        ),
        access_token="t",
        base_url=api.url,
        oauth_base_url=api.url,
    )
    assert json.loads(api.requests_to("POST", "/oauth/token")[0].body)["code_verifier"] == verifier
    call(
        mode,
        Nimble,
        AsyncNimble,
        lambda c: c.oauth.token(
            grant_type="authorization_code",
            client_id="app",
            client_secret="app-secret",
            code="c1",
            redirect_uri="https://me.example/cb",
            code_verifier=verifier,
        ),
        access_token="t",
        base_url=api.url,
        oauth_base_url=api.url,
    )
    form = parse_qs(api.requests_to("POST", "/api/oauth/token")[0].body.decode())
    assert form["code_verifier"] == [verifier]


def test_a_throttled_token_endpoint_is_a_rate_limit_error(api: FakeAPI, mode: str) -> None:
    api.handle(
        "POST",
        "/oauth/token",
        lambda r: Reply(429, json={"error": "slow_down"}, headers={"Retry-After": "30"}),
    )
    with pytest.raises(errors.RateLimitError, match="throttled") as info:
        call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: c.people.retrieve("p1"),
            client_id="app",
            client_secret="app-secret",
            refresh_token="r",
            base_url=api.url,
            oauth_base_url=api.url,
            max_retries=2,
            timeout=5,
        )
    assert info.value.retry_after == 30.0 and info.value.status_code == 429
    # Waiting the 30 s it asks for would pass the call's deadline: the 429 is the answer.
    assert len(api.requests_to("POST", "/oauth/token")) == 1
