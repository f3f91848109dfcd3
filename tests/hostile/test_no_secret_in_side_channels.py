"""No credential leaves through a side channel: the package's logs (DEBUG), httpx's own INFO
lines, reprs, exception messages, `exc.response.request.url`, and pickled exceptions."""

from __future__ import annotations

import hashlib
import logging
import pickle
from typing import Any

import httpx
import pytest

from apiclients import errors
from apiclients.nicejob import AsyncNiceJob, NiceJob
from apiclients.timetap import AsyncTimeTap, TimeTap
from tests.hostile.probes import TOKEN, Mock, nicejob
from tests.runtime.conftest import call
from tests.runtime.samples import envelope, person
from tests.server.fakeapi import FakeAPI, Reply

API_KEY, PRIVATE_KEY = "tt-key-SECRET-1", "tt-private-SECRET-2"
SIGNATURE = hashlib.md5((API_KEY + PRIVATE_KEY).encode()).hexdigest()
QUERY_SECRETS = {
    "auth": "q-SECRET-auth",
    "sig": "q-SECRET-sig",
    "signature": "q-SECRET-signature",
    "pwd": "q-SECRET-pwd",
    "pass": "q-SECRET-pass",
    "password": "q-SECRET-password",
    "jwt": "q-SECRET-jwt",
    "session": "q-SECRET-session",
    "api_key": "q-SECRET-api-key",
    "apiKey": "q-SECRET-apiKey",
    "token": "q-SECRET-token",
    "client_secret": "q-SECRET-client-secret",
}


def shown(error: BaseException) -> str:
    """Everything an error shows: message, repr, its response's request URL as shown, and its
    pickle (which must also load)."""
    response = getattr(error, "response", None)
    request = getattr(error, "request", None) or (response.request if response else None)
    pickled = pickle.dumps(error)
    loaded = pickle.loads(pickled)
    assert type(loaded) is type(error) and str(loaded) == str(error)
    return "\n".join(
        [
            str(error),
            repr(error),
            str(request.url) if request is not None else "",
            repr(request.url) if request is not None else "",
            pickled.decode("latin-1"),
        ]
    )


def assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text, f"{secret!r} shown"


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="apiclients")
    caplog.set_level(logging.DEBUG, logger="httpx")
    return caplog


# -- base URLs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["argument", "environment"])
def test_a_password_in_base_url_is_refused_without_showing_it(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://user:PW-SECRET@api.example.com"
    if where == "environment":
        monkeypatch.setenv("NICEJOB_BASE_URL", url)
    with pytest.raises(errors.ConfigurationError, match="user name or password") as info:
        NiceJob(access_token=TOKEN, base_url=url if where == "argument" else None)
    assert_hidden(str(info.value), "PW-SECRET")
    with pytest.raises(errors.ConfigurationError, match="user name or password"):
        NiceJob(access_token=TOKEN, oauth_base_url=url)


@pytest.mark.parametrize(
    "base_url", ["http://api.example.com", "http://10.0.0.1:8080", "http://localhost.example.com"]
)
def test_credentials_over_plain_http_to_another_host_are_refused(base_url: str) -> None:
    with pytest.raises(errors.ConfigurationError, match="allow_insecure_http=True"):
        NiceJob(access_token=TOKEN, base_url=base_url)
    with pytest.raises(errors.ConfigurationError, match="oauth_base_url is plain http"):
        NiceJob(access_token=TOKEN, oauth_base_url=base_url)
    with pytest.raises(errors.ConfigurationError, match="allow_insecure_http=True"):
        TimeTap(api_key=API_KEY, private_key=PRIVATE_KEY, base_url=base_url)


@pytest.mark.parametrize(
    "base_url", ["http://127.0.0.1:9", "http://127.8.0.1", "http://localhost:9", "http://[::1]:9"]
)
def test_plain_http_to_this_machine_is_allowed(base_url: str) -> None:
    assert NiceJob(access_token=TOKEN, base_url=base_url).base_url == base_url


def test_plain_http_is_sent_when_the_caller_opts_in(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    result = call(
        mode,
        NiceJob,
        AsyncNiceJob,
        lambda c: c.people.retrieve("p1"),
        access_token=TOKEN,
        base_url="http://api.example.com",
        http_client=mock.http(mode),
        allow_insecure_http=True,
    )
    assert result.id == "p1" and mock.seen[0].url.scheme == "http"


# -- query credentials --------------------------------------------------------------------------


def test_query_credentials_are_redacted_everywhere(
    api: FakeAPI, mode: str, logs: pytest.LogCaptureFixture
) -> None:
    api.script("GET", "/v2/people", Reply(503), Reply(404, json={"error": "no such list"}))
    with pytest.raises(errors.NotFoundError) as info:
        nicejob(mode, api, lambda c: c.people.list(extra_query=QUERY_SECRETS))
    request = api.requests_to("GET", "/v2/people")[-1]
    assert dict(request.query)["sig"] == "q-SECRET-sig"  # sent as given
    everything = shown(info.value) + logs.text
    assert_hidden(everything, *QUERY_SECRETS.values(), TOKEN)
    assert "sig=***" in str(info.value.response.request.url)
    assert "HTTP Request: GET" in logs.text and "retry 1" in logs.text  # the lines were logged


def test_timetaps_session_fetch_shows_neither_key_nor_signature(
    api: FakeAPI, mode: str, logs: pytest.LogCaptureFixture
) -> None:
    api.handle("GET", "/live/sessionToken", lambda r: Reply(500, json={"error": "down"}))
    with pytest.raises(errors.AuthenticationError, match="failed with 500") as info:
        call(
            mode,
            TimeTap,
            AsyncTimeTap,
            lambda c: c.invitations.retrieve("ivt1"),
            api_key=API_KEY,
            private_key=PRIVATE_KEY,
            base_url=api.url + "/live",
            max_retries=1,
        )
    sent = dict(api.requests_to("GET", "/live/sessionToken")[0].query)
    assert sent["apiKey"] == API_KEY and sent["signature"] == SIGNATURE
    everything = shown(info.value) + logs.text
    assert_hidden(everything, API_KEY, PRIVATE_KEY, SIGNATURE)
    assert "apiKey=***" in str(info.value.response.request.url)
    assert "HTTP Request: GET" in logs.text  # httpx's INFO line was written, redacted


def test_a_timetap_connection_error_shows_neither_key_nor_signature(mode: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(errors.APIConnectionError) as info:
        call(
            mode,
            TimeTap,
            AsyncTimeTap,
            lambda c: c.invitations.retrieve("ivt1"),
            api_key=API_KEY,
            private_key=PRIVATE_KEY,
            http_client=Mock(refuse).http(mode),
            max_retries=0,
        )
    assert_hidden(shown(info.value), API_KEY, PRIVATE_KEY, SIGNATURE)


# -- pickles ------------------------------------------------------------------------------------


def test_a_status_error_pickles_without_the_bearer_token(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", Reply(404, json={"error": "no such person"}))
    with pytest.raises(errors.NotFoundError) as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert info.value.response.request.headers["authorization"] == f"Bearer {TOKEN}"  # live
    loaded: Any = pickle.loads(pickle.dumps(info.value))
    assert_hidden(pickle.dumps(info.value).decode("latin-1"), TOKEN)
    assert loaded.status_code == 404 and loaded.body == {"error": "no such person"}
    assert loaded.message == info.value.message and loaded.response.status_code == 404
    assert loaded.response.request.headers["authorization"] == "***"
    assert loaded.response.json() == {"error": "no such person"}


def test_a_token_error_pickles_without_the_client_secret(api: FakeAPI, mode: str) -> None:
    api.handle("POST", "/oauth/token", lambda r: Reply(400, json={"error": "invalid_grant"}))
    with pytest.raises(errors.AuthenticationError) as info:
        nicejob(
            mode,
            api,
            lambda c: c.people.retrieve("p1"),
            access_token=None,
            client_id="app",
            client_secret="app-SECRET",
            refresh_token="refresh-SECRET",
            oauth_base_url=api.url,
        )
    assert_hidden(shown(info.value), "app-SECRET", "refresh-SECRET")


@pytest.mark.parametrize(
    "error",
    [
        errors.APIConnectionError("x", request=httpx.Request("GET", "https://a.test/?token=T0K")),
        errors.APITimeoutError(request=httpx.Request("GET", "https://a.test/?token=T0K")),
        errors.InvalidArgumentError("x"),
        errors.PaginationLoopError("x"),
        errors.ConfigurationError("x"),
    ],
)
def test_every_error_pickles(error: errors.APIError) -> None:
    assert_hidden(shown(error), "T0K")
