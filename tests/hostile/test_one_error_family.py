"""Whatever the transport, decoder, URL builder or JSON reader raises while a call is made or a
webhook is verified reaches the caller as the package's own error, with the cause chained."""

from __future__ import annotations

import json
import zlib
from typing import Any

import httpx
import pytest

from apiclients import errors
from apiclients.nicejob import AsyncNiceJob, NiceJob, webhooks
from tests.hostile.probes import TOKEN, Mock, nicejob
from tests.runtime.conftest import call
from tests.runtime.samples import envelope, person
from tests.server.fakeapi import FakeAPI, Reply

PLAIN = json.dumps(envelope(person())).encode()


def test_a_stray_gzip_on_a_plain_200_is_a_validation_error(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people/p1", Reply(body=PLAIN, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(errors.APIResponseValidationError, match="cannot be decoded") as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert isinstance(info.value.__cause__, zlib.error)


def test_a_stray_gzip_on_a_503_keeps_its_status(api: FakeAPI, mode: str) -> None:
    api.handle(
        "GET",
        "/v2/people/p1",
        lambda r: Reply(503, body=b"Service Unavailable", headers={"Content-Encoding": "gzip"}),
    )
    with pytest.raises(errors.InternalServerError, match="body cannot be decoded") as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"), max_retries=1)
    assert isinstance(info.value.__cause__, Exception)
    assert len(api.requests_to("GET", "/v2/people/p1")) == 2  # retried like any 503


@pytest.mark.parametrize("charset", ["rot13", "base64", "zlib", "no-such-charset"])
def test_an_odd_charset_is_read_as_utf_8(api: FakeAPI, mode: str, charset: str) -> None:
    content_type = {"Content-Type": f"application/json; charset={charset}"}
    api.script("GET", "/v2/people/p1", Reply(body=b"<html>oops</html>", headers=content_type))
    with pytest.raises(errors.APIResponseValidationError) as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert info.value.text == "<html>oops</html>"
    api.script("GET", "/v2/people/p2", Reply(404, body=b"no such person", headers=content_type))
    with pytest.raises(errors.NotFoundError, match="no such person"):
        nicejob(mode, api, lambda c: c.people.retrieve("p2"))


def test_a_redirect_loop_is_a_connection_error(api: FakeAPI, mode: str) -> None:
    api.handle("GET", "/v2/people/p1", lambda r: Reply(302, headers={"Location": "/v2/people/p1"}))
    http = httpx.Client(follow_redirects=True) if mode == "sync" else None
    if mode == "async":
        http = httpx.AsyncClient(follow_redirects=True)  # type: ignore[assignment]
    with pytest.raises(errors.APIConnectionError, match="TooManyRedirects") as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"), http_client=http)
    assert isinstance(info.value.__cause__, httpx.TooManyRedirects)


def test_a_70_kb_cursor_from_the_server_is_refused_before_sending(api: FakeAPI, mode: str) -> None:
    api.script("GET", "/v2/people", Reply(json=envelope([person("p1")], cursor="x" * 70_000)))

    def walk(client: Any) -> Any:
        if isinstance(client, NiceJob):
            return list(client.people.list())

        async def collect() -> list[Any]:
            return [p async for p in client.people.list()]

        return collect()

    with pytest.raises(errors.InvalidArgumentError, match="cannot be built") as info:
        nicejob(mode, api, walk)
    assert isinstance(info.value.__cause__, httpx.InvalidURL)
    assert len(api.received) == 1


def test_a_70_kb_argument_is_refused_before_sending(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope([])))
    with pytest.raises(errors.InvalidArgumentError, match="cannot be built"):
        call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: c.people.list(email="a" * 70_000 + "@example.com"),
            access_token=TOKEN,
            http_client=mock.http(mode),
        )
    assert mock.seen == []


def test_text_no_encoding_can_send_is_refused_before_sending(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    for action in (
        lambda c: c.people.create(first_name="Ann \ud800"),  # a lone surrogate in a JSON body
        lambda c: c.people.list(email="\udfff@example.com"),  # ... in a query
        lambda c: c.people.retrieve("p\ud800"),  # ... in a path
    ):
        with pytest.raises(errors.InvalidArgumentError):
            call(
                mode, NiceJob, AsyncNiceJob, action, access_token=TOKEN, http_client=mock.http(mode)
            )
    assert mock.seen == []


@pytest.mark.parametrize("base_url", ["https://api.example\r\n.com", "https://api.exa mple.com/\n"])
def test_a_base_url_with_a_line_break_is_refused_at_construction(base_url: str) -> None:
    with pytest.raises(errors.ConfigurationError, match="base_url"):
        NiceJob(access_token=TOKEN, base_url=base_url)


@pytest.mark.parametrize("base_url", ["ftp://api.example.com", "/v2", "api.example.com"])
def test_a_base_url_that_is_not_http_is_refused_at_construction(base_url: str) -> None:
    with pytest.raises(errors.ConfigurationError, match="base_url"):
        NiceJob(access_token=TOKEN, base_url=base_url)


@pytest.mark.parametrize("value", ["a\x0bb", "a\x0cb", "a\x1bb", "a\x7fb", "a\x00b"])
def test_a_control_character_in_a_header_is_refused_and_never_retried(
    mode: str, value: str
) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    with pytest.raises(errors.InvalidArgumentError, match="control character"):
        call(
            mode,
            NiceJob,
            AsyncNiceJob,
            lambda c: c.people.retrieve("p1", extra_headers={"X-Trace": value}),
            access_token=TOKEN,
            http_client=mock.http(mode),
            max_retries=3,
        )
    assert mock.seen == []


def test_a_tab_in_a_header_is_sent(mode: str) -> None:
    mock = Mock(lambda r: httpx.Response(200, json=envelope(person())))
    call(
        mode,
        NiceJob,
        AsyncNiceJob,
        lambda c: c.people.retrieve("p1", extra_headers={"X-Trace": "a\tb"}),
        access_token=TOKEN,
        http_client=mock.http(mode),
    )
    assert mock.seen[0].headers["x-trace"] == "a\tb"


def test_a_deeply_nested_value_read_tolerantly_is_refused(api: FakeAPI, mode: str) -> None:
    # Too deep for pydantic's serializer: a model holding it would fail model_dump_json().
    deep = "[" * 300 + "]" * 300
    body = json.dumps(envelope(person(first_name="Ann"))).replace('"Ann"', deep).encode()
    api.script("GET", "/v2/people/p1", Reply(body=body))

    def retrieve_and_dump(client: Any) -> Any:
        if isinstance(client, NiceJob):
            return client.people.retrieve("p1").model_dump_json()

        async def go() -> Any:
            return (await client.people.retrieve("p1")).model_dump_json()

        return go()

    with pytest.raises(errors.APIResponseValidationError, match=r"recursion limit|too deeply"):
        nicejob(mode, api, retrieve_and_dump, strict_response_validation=False)


SECRET = "whsec-very-secret"
NOW = 1_700_000_000


@pytest.mark.parametrize(
    "body",
    [
        # JSON escapes of a lone surrogate decode to text no UTF-8 can carry.
        b'{"payload": {"company_id": "\\ud800"}, "signature": {"signed_payload": "ab",'
        b' "timestamp": 1700000000}}',
        '{"payload": {"company_id": "\ud800"}, "signature": {"signed_payload": "ab",'
        ' "timestamp": 1700000000}}',
    ],
    ids=["bytes", "str"],
)
def test_a_webhook_holding_a_lone_surrogate_fails_verification(body: Any) -> None:
    with pytest.raises(errors.WebhookVerificationError, match="lone surrogate"):
        webhooks.verify(body, SECRET, now=NOW)


@pytest.mark.parametrize("secret", ["\ud800", b"bytes"])
def test_a_webhook_secret_that_is_not_text_fails_verification(secret: Any) -> None:
    body = json.dumps(
        {"payload": {}, "signature": {"signed_payload": "ab", "timestamp": NOW}}
    ).encode()
    with pytest.raises(errors.WebhookVerificationError):
        webhooks.verify(body, secret, now=NOW)
    with pytest.raises(errors.InvalidArgumentError):
        webhooks.sign({}, secret)


def test_signing_a_lone_surrogate_is_an_invalid_argument() -> None:
    with pytest.raises(errors.InvalidArgumentError, match="lone surrogate"):
        webhooks.sign({"company_id": "\ud800"}, SECRET)
