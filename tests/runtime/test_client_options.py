"""`with_options(...)`: a copy of the client's own class, taking every constructor option
(credentials and base URLs included), sharing what it may; and `close()`, the same for every
client: its own pool or yours, a fake's, a copy's."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from apiclients import errors
from apiclients._core.auth import BearerAuth
from apiclients._core.client import ClientConfig, SyncAPIClient
from apiclients._core.types import NOT_GIVEN
from apiclients.campaign_jobs import CampaignJobs
from apiclients.nicejob import AsyncNiceJob, NiceJob
from apiclients.nicejob.testing import FakeNiceJob
from apiclients.nicereply.testing import FakeNicereply
from apiclients.timetap.testing import FakeTimeTap


def authorization(fake: FakeNiceJob) -> str:
    return fake.people.retrieve.calls[-1].headers["authorization"]


def test_a_copy_is_of_the_clients_class_with_the_options_given() -> None:
    fake = FakeNiceJob()
    client = fake.client()
    copy = client.with_options(access_token="other", max_retries=3, timeout=7)
    assert type(copy) is NiceJob and copy is not client
    assert (copy.max_retries, copy.timeout) == (3, 7)
    assert (client.max_retries, client.timeout) == (0, client.timeout)
    copy.people.retrieve("p1")
    assert authorization(fake) == "Bearer other"
    client.people.retrieve("p1")  # the original keeps its own credentials
    assert authorization(fake) == f"Bearer {fake.config.credentials['access_token']}"


def test_base_url_is_an_option_like_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    here, there = FakeNiceJob("https://one.example"), FakeNiceJob("https://two.example")
    transport = httpx.MockTransport(
        lambda request: (here if request.url.host == "one.example" else there).handle(request)
    )
    client = NiceJob("t", base_url=here.base_url, http_client=httpx.Client(transport=transport))
    client.with_options(base_url=there.base_url).people.retrieve("p1")
    client.people.retrieve("p2")
    assert [len(here.people.retrieve.calls), len(there.people.retrieve.calls)] == [1, 1]
    # None reads as the constructor reads it: the environment, else the default (NiceJob's),
    # else none (Campaign Jobs has no default).
    assert client.with_options(base_url=None).base_url == "https://api.nicejob.com"
    monkeypatch.delenv("CAMPAIGN_JOBS_BASE_URL", raising=False)
    with pytest.raises(errors.ConfigurationError, match="base_url"):
        CampaignJobs("t", base_url="https://x.example").with_options(base_url=None)


def test_a_copy_keeps_the_tokens_it_may_share_and_not_the_others() -> None:
    fake = FakeNiceJob()
    client = fake.client(client_id="id", client_secret="secret")
    client.people.retrieve("p1")
    assert len(fake.token_requests) == 1
    client.with_options(max_retries=1, strict_response_validation=True).people.retrieve("p1")
    assert len(fake.token_requests) == 1  # same credentials, same pool: the token is shared
    client.with_options(client_secret="rotated").people.retrieve("p1")
    assert len(fake.token_requests) == 2
    assert json.loads(fake.token_requests[-1].content)["client_secret"] == "rotated"


def test_a_copy_with_another_http_client_sends_through_it() -> None:
    fake, other = FakeTimeTap(), FakeTimeTap()
    client = fake.client()
    copy = client.with_options(http_client=httpx.Client(transport=other.transport()))
    copy.invitations.retrieve("ivt")
    assert (len(fake.invitations.retrieve.calls), len(other.invitations.retrieve.calls)) == (0, 1)
    # The session token was fetched through the copy's pool, from the other fake.
    assert (len(fake.token_requests), len(other.token_requests)) == (0, 1)


def test_async_copies_too() -> None:
    fake = FakeNicereply()

    async def run() -> None:
        client = fake.async_client()
        copy = client.with_options(api_key="other-key")
        assert type(copy) is type(client)
        await copy.customers.retrieve("c1")

    asyncio.run(run())
    assert fake.customers.retrieve.calls[0].headers["authorization"].startswith("Basic ")


@pytest.mark.parametrize("how", ["fake", "own pool", "your http_client", "raw response"])
def test_every_client_refuses_calls_after_close(how: str) -> None:
    fake = FakeNiceJob()
    if how == "fake":
        client = fake.client()
    elif how == "own pool":
        client = NiceJob("t", base_url=fake.base_url)
        client._http = httpx.Client(transport=fake.transport())  # its own pool, on the fake
        client._owns_http = True
    else:
        client = NiceJob(
            "t", base_url=fake.base_url, http_client=httpx.Client(transport=fake.transport())
        )
    raw = client.people.with_raw_response
    client.close()
    with pytest.raises(errors.ClientClosedError):
        if how == "raw response":
            raw.retrieve("p1")
        else:
            client.people.retrieve("p1")
    assert fake.people.retrieve.calls == []


def test_closing_a_copy_leaves_the_original_open_and_closing_the_owner_closes_both() -> None:
    fake = FakeNiceJob()
    client = NiceJob("t", base_url=fake.base_url)
    client._http = httpx.Client(transport=fake.transport())
    copy = client.with_options(max_retries=1)
    copy.close()
    client.people.retrieve("p1")
    with pytest.raises(errors.ClientClosedError):
        copy.people.retrieve("p1")
    other = client.with_options(timeout=3)
    client.close()  # it owns the pool the copy shares
    with pytest.raises(errors.ClientClosedError):
        other.people.retrieve("p1")


def test_an_async_client_given_its_http_client_refuses_calls_after_close() -> None:
    fake = FakeNiceJob()

    async def run() -> None:
        http = httpx.AsyncClient(transport=fake.transport())
        client = AsyncNiceJob("t", base_url=fake.base_url, http_client=http)
        await client.close()
        assert not http.is_closed  # yours to close
        with pytest.raises(errors.ClientClosedError):
            await client.people.retrieve("p1")
        await http.aclose()

    asyncio.run(run())


def test_a_copys_urls_are_checked_as_the_constructors_are() -> None:
    client = NiceJob("t")
    with pytest.raises(errors.ConfigurationError, match="plain http://"):
        client.with_options(base_url="http://api.example.com")
    insecure = client.with_options(base_url="http://api.example.com", allow_insecure_http=True)
    assert insecure.base_url == "http://api.example.com"
    with pytest.raises(errors.ConfigurationError, match="user name or password"):
        client.with_options(base_url="https://user:secret@api.example.com")


def plain_http_client(base_url: str | None) -> SyncAPIClient:
    config = ClientConfig(
        name="Plain",
        default_base_url="http://api.example.com/v1",
        base_url_env="PLAIN_BASE_URL",
        error_keys=("message",),
    )
    return SyncAPIClient(
        config=config,
        auth=BearerAuth,
        credentials={"token": "t"},
        base_url=base_url,
        timeout=NOT_GIVEN,
        max_retries=0,
        http_client=None,
    )


def test_a_spec_whose_server_is_plain_http_is_reached_on_that_host_only() -> None:
    # The spec's own server says the API is plain http: no opt-in for that scheme and host.
    assert plain_http_client(None).base_url.startswith("http://api.example.com")
    assert plain_http_client("http://api.example.com/v2").base_url.startswith("http://")
    # Another host, or another port of it, is not what the spec named.
    for elsewhere in ("http://other.example.com/v1", "http://api.example.com:8080/v1"):
        with pytest.raises(errors.ConfigurationError, match="plain http://"):
            plain_http_client(elsewhere)
