"""Clients against hostile servers and careless callers, from the caller's side, sync and async:
over real sockets to the local server, or through httpx.MockTransport where a second host or a
streamed body is needed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from apiclients import errors
from apiclients._core import auth as core_auth
from apiclients.nicejob import AsyncNiceJob, NiceJob, webhooks
from apiclients.nimble import AsyncNimble, Nimble
from apiclients.timetap import AsyncTimeTap, TimeTap
from tests.runtime.apis.test_timetap import Sessions, campaign
from tests.runtime.conftest import call, retrieve_person
from tests.runtime.samples import envelope, person
from tests.server.fakeapi import FakeAPI, Received, Reply

TOKEN = "secret-test-token"
OAUTH = {"client_id": "app-id", "client_secret": "app-secret", "refresh_token": "refresh-0"}
DEEP = b"[" * 5000 + b"]" * 5000


def nicejob(mode: str, api: FakeAPI, action: Callable[[Any], Any], **kwargs: Any) -> Any:
    kwargs = {"access_token": TOKEN, "base_url": api.url, **kwargs}
    return call(mode, NiceJob, AsyncNiceJob, action, **kwargs)


class Mock:
    """A MockTransport answering with `handler`, recording every request that reached it."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.seen: list[httpx.Request] = []
        self._handler = handler
        self.transport = httpx.MockTransport(self._record)

    def _record(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return self._handler(request)

    def http(self, mode: str, **kwargs: Any) -> httpx.Client | httpx.AsyncClient:
        if mode == "sync":
            return httpx.Client(transport=self.transport, **kwargs)
        return httpx.AsyncClient(transport=self.transport, **kwargs)

    def hosts(self) -> list[str]:
        return [r.url.host for r in self.seen]


# -- path parameters and headers ------------------------------------------------------------


@pytest.mark.parametrize("value", [".", ".."])
def test_dot_segments_cannot_change_the_path(mode: str, value: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    with pytest.raises(
        errors.InvalidArgumentError, match=f"path parameter 'id' may not be '{value}'"
    ):
        call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: c.people.retrieve(value),
            access_token=TOKEN,
            http_client=mock.http(mode),
        )
    with pytest.raises(errors.InvalidArgumentError, match="may not be"):
        call(
            mode,
            Nimble,
            AsyncNimble,
            lambda c: c.contacts.delete(value),
            access_token=TOKEN,
            http_client=mock.http(mode),
        )
    assert mock.seen == []


@pytest.mark.parametrize("value", ["%2e%2e", "%2E.", "../..", "a/../b"])
def test_encoded_and_embedded_dots_stay_inside_one_segment(
    api: FakeAPI, mode: str, value: str
) -> None:
    api.handle(
        "GET",
        f"/v2/people/{value.replace('%', '%25').replace('/', '%2F')}",
        lambda r: Reply(json=envelope(person())),
    )
    assert nicejob(mode, api, lambda c: c.people.retrieve(value)).id == "p1"
    (request,) = api.received
    assert request.path.startswith("/v2/people/") and request.path.count("/") == 3


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("a\r\nX-Injected: 1", "line break"),
        ("a\nb", "line break"),
        ("snow \u2603", "outside Latin-1"),
    ],
)
def test_header_values_that_cannot_travel_are_refused_before_sending(
    mode: str, value: str, problem: str
) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    with pytest.raises(errors.InvalidArgumentError, match=problem):
        call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: c.people.retrieve("p1", extra_headers={"X-Trace": value}),
            access_token=TOKEN,
            http_client=mock.http(mode),
            max_retries=3,
        )
    assert mock.seen == []  # refused, not sent and not retried as a connection error


def test_a_latin_1_header_value_is_sent(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    call(
        mode,
        NiceJob,
        AsyncNiceJob,
        lambda c: c.people.retrieve("p1", extra_headers={"X-Note": "café"}),
        access_token=TOKEN,
        http_client=mock.http(mode),
    )
    assert (b"X-Note", b"caf\xe9") in mock.seen[0].headers.raw


def test_an_access_token_with_a_line_break_is_refused_at_construction() -> None:
    with pytest.raises(errors.ConfigurationError, match="line break") as info:
        NiceJob(access_token="abc\r\nX-Evil: 1")
    assert "abc" not in str(info.value)


# -- redirects and credentials ----------------------------------------------------------------


def _token_redirect(request: httpx.Request) -> httpx.Response:
    if request.url.host == "evil.test":
        return httpx.Response(200, json={"access_token": "stolen"})
    if request.url.path == "/oauth/token":
        return httpx.Response(307, headers={"Location": "https://evil.test/collect"})
    return httpx.Response(200, json=envelope(person()))


def test_a_token_request_is_never_redirected(mode: str) -> None:
    mock = Mock(_token_redirect)
    with pytest.raises(
        errors.AuthenticationError,
        match="307 Temporary Redirect; token requests are never redirected",
    ):
        retrieve_person(
            mode,
            base_url="https://api.nicejob.com",
            http_client=mock.http(mode, follow_redirects=True),
            **OAUTH,
        )
    assert mock.hosts() == ["api.nicejob.com"]


def test_a_session_token_request_is_never_redirected(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/sessionToken"):
            return httpx.Response(302, headers={"Location": "https://evil.test/session"})
        return httpx.Response(200, json={"sessionToken": "stolen"})

    mock = Mock(handler)
    with pytest.raises(errors.AuthenticationError, match="302 Found"):
        call(
            mode,
            TimeTap,
            AsyncTimeTap,
            lambda c: c.invitations.retrieve("ivt1"),
            api_key="k",
            private_key="p",
            http_client=mock.http(mode, follow_redirects=True),
        )
    assert len(mock.seen) == 1 and mock.hosts() != ["evil.test"]


def test_a_revoke_request_is_never_redirected(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(308, headers={"Location": "https://evil.test/revoke"}))
    with pytest.raises(errors.AuthenticationError, match="POST /oauth/revoke was answered 308"):
        call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: c.oauth.revoke(
                token="refresh-0", client_id="app-id", client_secret="app-secret"
            ),
            access_token=TOKEN,
            http_client=mock.http(mode, follow_redirects=True),
        )
    assert mock.hosts() == ["api.nicejob.com"]


def test_authorization_is_never_sent_to_another_host(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.nicejob.com":
            return httpx.Response(
                302, headers={"Location": "https://cdn.elsewhere.test/v2/people/p1"}
            )
        return httpx.Response(200, json=envelope(person()))

    mock = Mock(handler)
    result = retrieve_person(
        mode,
        access_token=TOKEN,
        http_client=mock.http(mode, follow_redirects=True),
    )
    assert result.id == "p1"  # the caller asked its http_client to follow redirects
    assert mock.hosts() == ["api.nicejob.com", "cdn.elsewhere.test"]
    assert mock.seen[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in mock.seen[1].headers


# -- JSON that cannot be read -------------------------------------------------------------------


HUGE_NUMBER = b"9" * 5000  # past Python's limit on the digits of an int read from text


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("data", [DEEP, HUGE_NUMBER], ids=["deep", "huge-number"])
def test_a_2xx_that_cannot_be_decoded_is_a_package_error(
    api: FakeAPI, mode: str, strict: bool, data: bytes
) -> None:
    api.script("GET", "/v2/people/p1", Reply(body=b'{"data": ' + data + b"}"))
    with pytest.raises(errors.APIResponseValidationError, match="not the JSON the spec describes"):
        nicejob(mode, api, lambda c: c.people.retrieve("p1"), strict_response_validation=strict)


@pytest.mark.parametrize(
    "body", [DEEP, b'{"error": ' + HUGE_NUMBER + b"}"], ids=["deep", "huge-number"]
)
def test_an_error_body_that_cannot_be_decoded_is_still_a_status_error(
    api: FakeAPI, mode: str, body: bytes
) -> None:
    api.script("GET", "/v2/people/p1", Reply(404, body=body))
    with pytest.raises(errors.NotFoundError, match="404 Not Found") as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert info.value.body == body.decode()  # kept as text: it could not be read as JSON


def test_a_deeply_nested_token_response_is_an_authentication_error(api: FakeAPI, mode: str) -> None:
    api.script("POST", "/oauth/token", Reply(body=DEEP))
    with pytest.raises(errors.AuthenticationError, match="no access_token"):
        retrieve_person(
            mode,
            base_url=api.url,
            oauth_base_url=api.url,
            **OAUTH,
        )


def test_a_response_over_max_response_bytes_is_refused_by_its_announced_length(
    api: FakeAPI, mode: str
) -> None:
    api.script("GET", "/v2/people/p1", Reply(json=envelope(person(), cursor="x" * 5000)))
    with pytest.raises(
        errors.ResponseTooLargeError,
        match=r"announces \d+ bytes, more than max_response_bytes=1000",
    ) as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"), max_response_bytes=1000)
    assert info.value.limit == 1000 and info.value.status_code == 200


def test_a_streamed_response_is_not_read_past_max_response_bytes(mode: str) -> None:
    pulled: list[int] = []

    def chunks() -> Iterator[bytes]:
        yield b'{"data": {"id": "p1", "pad": "'
        for n in range(1000):
            pulled.append(n)
            yield b"x" * 1000
        yield b'"}}'

    class Stream(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            return chunks()

        async def __aiter__(self):  # type: ignore[no-untyped-def, override]
            for chunk in chunks():
                yield chunk

    mock = Mock(lambda r: httpx.Response(200, stream=Stream()))  # no Content-Length: chunked
    with pytest.raises(errors.ResponseTooLargeError, match="passes that size"):
        retrieve_person(
            mode,
            access_token=TOKEN,
            http_client=mock.http(mode),
            max_response_bytes=10_000,
        )
    assert len(pulled) < 20  # stopped soon after the limit, not after the whole megabyte


def test_a_response_within_max_response_bytes_reads_as_usual(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", Reply(json=envelope(person())))
    result = nicejob(
        mode, api, lambda c: c.with_options(max_response_bytes=100_000).people.retrieve("p1")
    )
    assert result.id == "p1"


@pytest.mark.parametrize("value", [0, -1, True, 1.5])
def test_a_bad_max_response_bytes_is_refused(value: object) -> None:
    with pytest.raises(errors.ConfigurationError, match="max_response_bytes"):
        NiceJob(access_token=TOKEN, max_response_bytes=value)  # type: ignore[arg-type]


# -- pagination that loops ----------------------------------------------------------------------


def _walk(client: Any, **arguments: Any) -> Any:
    if isinstance(client, NiceJob):
        return list(client.people.list(**arguments))

    async def collect() -> list[Any]:
        return [p async for p in client.people.list(**arguments)]

    return collect()


def test_a_cursor_that_comes_back_ends_with_a_loop_error(api: FakeAPI, mode: str) -> None:
    def page(request: Received) -> Reply:
        cursor = dict(request.query).get("cursor")
        following = "B" if cursor == "A" else "A"  # A, B, A, B, ... forever
        return Reply(json=envelope([person(f"p-{cursor}")], cursor=following))

    api.handle("GET", "/v2/people", page)
    with pytest.raises(
        errors.PaginationLoopError, match=r"page 4 would request cursor='A' again, as page 2 did"
    ):
        nicejob(mode, api, _walk)
    assert [dict(r.query).get("cursor") for r in api.requests_to("GET", "/v2/people")] == [
        None,
        "A",
        "B",
    ]


def test_a_server_that_ignores_the_page_number_ends_with_a_loop_error(
    api: FakeAPI, mode: str
) -> None:
    Sessions(api)
    api.handle(
        "GET", "/live/invitationCampaign", lambda r: Reply(json=[campaign(i) for i in range(50)])
    )

    def walk(client: Any) -> Any:
        if isinstance(client, TimeTap):
            return list(client.invitation_campaigns.list(professional_id=1, page_size=50))

        async def collect() -> list[Any]:
            return [
                c async for c in client.invitation_campaigns.list(professional_id=1, page_size=50)
            ]

        return collect()

    with pytest.raises(errors.PaginationLoopError, match="page 2 is the same as page 1"):
        call(
            mode,
            TimeTap,
            AsyncTimeTap,
            walk,
            api_key="k",
            private_key="p",
            base_url=api.url + "/live",
        )
    assert isinstance(errors.PaginationLoopError("x"), errors.APIError)


def test_fetching_the_same_next_page_twice_is_not_a_loop(api: FakeAPI) -> None:
    api.script("GET", "/v2/people", Reply(json=envelope([person("p1")], cursor="A")))
    api.handle("GET", "/v2/people", lambda r: Reply(json=envelope([person("p2")], cursor=None)))
    with NiceJob(access_token=TOKEN, base_url=api.url) as client:
        first = client.people.list()
        assert first.get_next_page().items[0].id == "p2"
        assert first.get_next_page().items[0].id == "p2"


# -- the caller's http_client, close() ----------------------------------------------------------


def test_a_callers_http_client_keeps_its_own_timeout(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    retrieve_person(
        mode,
        access_token=TOKEN,
        http_client=mock.http(mode, timeout=0.3),
    )
    # Each phase gets the timeout, less the moments the call has already taken (its deadline).
    assert mock.seen[0].extensions["timeout"] == pytest.approx(
        httpx.Timeout(0.3).as_dict(), abs=0.05
    )


def test_timeout_given_with_an_http_client_wins(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    retrieve_person(
        mode,
        access_token=TOKEN,
        http_client=mock.http(mode, timeout=0.3),
        timeout=7.0,
    )
    assert mock.seen[0].extensions["timeout"] == pytest.approx(
        httpx.Timeout(7.0).as_dict(), abs=0.05
    )


def test_each_attempt_gets_the_phase_timeouts_less_the_time_the_call_took(mode: str) -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json=envelope(person()))])
    seen: list[dict[str, float]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.extensions["timeout"]))  # the request is sent again, as it is
        return next(answers)

    retrieve_person(
        mode,
        access_token=TOKEN,
        http_client=Mock(answer).http(mode),
        timeout=httpx.Timeout(30.0, connect=2.0),
    )
    assert [phases["connect"] for phases in seen] == [2.0, 2.0]  # less than what is left
    assert 29.0 < seen[1]["read"] < seen[0]["read"] <= 30.0  # from the call's one deadline


def test_using_a_closed_client_is_a_package_error(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))

    def after_close(client: Any) -> Any:
        if isinstance(client, NiceJob):
            client.close()
            return client.people.retrieve("p1")

        async def go() -> Any:
            await client.close()
            return await client.people.retrieve("p1")

        return go()

    with pytest.raises(errors.ClientClosedError, match="NiceJob is closed"):
        call(mode, NiceJob, AsyncNiceJob, after_close, access_token=TOKEN)
    with pytest.raises(errors.ClientClosedError):  # the caller closed its own http_client
        http = mock.http(mode)
        if mode == "sync":
            assert isinstance(http, httpx.Client)
            http.close()
        call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: _close_then_get(c, http),
            access_token=TOKEN,
            http_client=http,
        )
    assert mock.seen == []


def _close_then_get(client: Any, http: Any) -> Any:
    if isinstance(client, NiceJob):
        return client.people.retrieve("p1")

    async def go() -> Any:
        await http.aclose()
        return await client.people.retrieve("p1")

    return go()


# -- the token endpoint -------------------------------------------------------------------------


def test_a_token_refresh_is_retried_on_5xx(api: FakeAPI, mode: str) -> None:
    api.script(
        "POST",
        "/oauth/token",
        Reply(503),
        Reply(502),
        Reply(json={"access_token": "fresh", "expires_in": 3600}),
    )
    api.handle("GET", "/v2/people/p1", lambda r: Reply(json=envelope(person())))
    result = retrieve_person(
        mode,
        base_url=api.url,
        oauth_base_url=api.url,
        **OAUTH,
    )
    assert result.id == "p1"
    assert len(api.requests_to("POST", "/oauth/token")) == 3
    assert api.requests_to("GET", "/v2/people/p1")[0].headers["authorization"] == "Bearer fresh"


def test_a_token_refresh_is_retried_after_a_broken_connection(api: FakeAPI, mode: str) -> None:
    api.script(
        "POST", "/oauth/token", Reply(reset_after_read=True), Reply(json={"access_token": "fresh"})
    )
    api.handle("GET", "/v2/people/p1", lambda r: Reply(json=envelope(person())))
    assert (
        retrieve_person(
            mode,
            base_url=api.url,
            oauth_base_url=api.url,
            **OAUTH,
        ).id
        == "p1"
    )
    assert len(api.requests_to("POST", "/oauth/token")) == 2


def test_a_token_refresh_that_keeps_failing_carries_the_servers_reason(
    api: FakeAPI, mode: str
) -> None:
    failure = {
        "error": "temporarily_unavailable",
        "error_description": "Token service is down for maintenance",
    }
    api.handle("POST", "/oauth/token", lambda r: Reply(503, json=failure))
    with pytest.raises(
        errors.AuthenticationError, match="failed with 503: Token service is down for maintenance"
    ) as info:
        retrieve_person(
            mode,
            base_url=api.url,
            oauth_base_url=api.url,
            max_retries=2,
            **OAUTH,
        )
    assert info.value.body == failure
    assert len(api.requests_to("POST", "/oauth/token")) == 3
    assert "app-secret" not in str(info.value) and "refresh-0" not in str(info.value)


def test_a_token_endpoint_that_cannot_be_reached_is_a_connection_error_naming_it(
    api: FakeAPI, mode: str
) -> None:
    # Not an AuthenticationError: the credentials were never judged, and retrying later may work.
    api.script("POST", "/oauth/token", *[Reply(reset_after_read=True)] * 3)
    with pytest.raises(
        errors.APIConnectionError,
        match=r"Connection error: POST http://127\.0\.0\.1:\d+/oauth/token",
    ):
        retrieve_person(
            mode,
            base_url=api.url,
            oauth_base_url=api.url,
            max_retries=2,
            **OAUTH,
        )
    assert len(api.requests_to("POST", "/oauth/token")) == 3
    assert api.requests_to("GET", "/v2/people/p1") == []


@pytest.mark.parametrize("expires_in", [60, 30, 1])
def test_a_short_lived_token_is_not_fetched_on_every_call(
    api: FakeAPI, mode: str, expires_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    monkeypatch.setattr(
        core_auth, "time", SimpleNamespace(time=lambda: 1_000_000.0)
    )  # the clock stands still
    api.handle(
        "POST",
        "/oauth/token",
        lambda r: Reply(json={"access_token": "t", "expires_in": expires_in}),
    )
    api.handle("GET", "/v2/people/p1", lambda r: Reply(json=envelope(person())))

    def three_calls(client: Any) -> Any:
        if isinstance(client, NiceJob):
            return [client.people.retrieve("p1") for _ in range(3)]

        async def go() -> Any:
            return [await client.people.retrieve("p1") for _ in range(3)]

        return go()

    call(
        mode, NiceJob, AsyncNiceJob, three_calls, base_url=api.url, oauth_base_url=api.url, **OAUTH
    )
    assert len(api.requests_to("POST", "/oauth/token")) == 1


# -- webhooks -----------------------------------------------------------------------------------

SECRET = "whsec-very-secret"
NOW = 1_700_000_000
PAYLOAD = {"company_id": "c1", "entity_id": "p1", "event_code": "person.updated"}


def _delivery(payload: Any, signature: Any = None, timestamp: Any = NOW) -> bytes:
    signed = webhooks.sign(payload, SECRET) if signature is None else signature
    return json.dumps(
        {"payload": payload, "signature": {"signed_payload": signed, "timestamp": timestamp}}
    ).encode()


@pytest.mark.parametrize(
    "body",
    [
        _delivery(PAYLOAD, signature="ü" * 64),  # non-ASCII signature
        _delivery({"company_id": ["not", "a", "string"]}),  # signed, but not the documented shape
        _delivery(PAYLOAD, timestamp="yesterday"),
        _delivery(PAYLOAD, timestamp=float("nan")),
        _delivery(PAYLOAD, timestamp=float("inf")),
        b'{"payload": ' + DEEP + b"}",
        b"\xff\xfe not utf-8",
        b"[]",
        None,
        12,
    ],
    ids=[
        "non-ascii-signature",
        "wrong-shape",
        "timestamp-text",
        "timestamp-nan",
        "timestamp-inf",
        "deep",
        "not-utf8",
        "array",
        "none",
        "int",
    ],
)
def test_webhook_verify_raises_only_its_own_error(body: Any) -> None:
    with pytest.raises(errors.WebhookVerificationError) as info:
        webhooks.verify(body, SECRET, now=NOW)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("secret", ["", None])
def test_webhook_verify_refuses_an_empty_secret(secret: Any) -> None:
    forged = json.dumps(
        {
            "payload": PAYLOAD,
            "signature": {
                "signed_payload": __import__("hmac")
                .new(b"", json.dumps(PAYLOAD, separators=(",", ":")).encode(), "sha256")
                .hexdigest(),
                "timestamp": NOW,
            },
        }
    ).encode()
    with pytest.raises(errors.WebhookVerificationError, match="no webhook secret"):
        webhooks.verify(forged, secret, now=NOW)


def test_webhook_verify_says_what_the_timestamp_does_not_protect_against() -> None:
    doc = " ".join((webhooks.verify.__doc__ or "").split())
    assert "not covered by the signature" in doc and "does not stop a replay" in doc
