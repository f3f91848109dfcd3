"""Issue 11, from a caller's side: what an independent read of the five documents found.

Each test calls the public clients over an `httpx.MockTransport` that records every request,
so "refused before sending" is checked by the transport seeing nothing.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import inspect
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from apiclients import errors
from apiclients.campaign_jobs import AsyncCampaignJobs, CampaignJobs
from apiclients.nicejob import AsyncNiceJob, NiceJob
from apiclients.nicejob import webhooks as nicejob_webhooks
from apiclients.nicejob.types import CreatedWebhook, Webhook
from apiclients.nicereply import AsyncNicereply, Nicereply
from apiclients.nicereply.types import ExtraQuestionScore, RatingUserRef
from apiclients.nimble import AsyncNimble, Nimble
from apiclients.nimble.types import CreateDealStageRequest, DealsList
from apiclients.timetap import AsyncTimeTap, TimeTap
from tests.runtime.apis.test_nimble import contact

Route = Callable[[httpx.Request], httpx.Response]
UTC = dt.timezone.utc
WEBHOOK = {
    "id": "w1",
    "created_at": "2024-05-01T10:00:00Z",
    "endpoint_url": "https://me.example/hook",
    "is_enabled": True,
    "subscriptions": ["Person"],
    "updated_at": "2024-05-01T10:00:00Z",
}


class Server:
    """Answers by (method, path) and records what was sent; anything unrouted is a 599."""

    def __init__(self, routes: dict[tuple[str, str], Route | httpx.Response] | None = None) -> None:
        self.routes = dict(routes or {})
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.routes.get((request.method, request.url.path))
        if answer is None:
            return httpx.Response(
                599, json={"error": f"no route for {request.method} {request.url}"}
            )
        return answer(request) if callable(answer) else answer

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if (r.method, r.url.path) == (method, path)]


def run(
    mode: str,
    classes: tuple[type, type],
    server: Server,
    action: Callable[[Any], Any],
    **kwargs: Any,
) -> Any:
    """Build the sync or async client over `server`, run `action(client)`, close the client."""
    transport = httpx.MockTransport(server)
    if mode == "sync":
        with classes[0](http_client=httpx.Client(transport=transport), **kwargs) as client:
            return action(client)

    async def go() -> Any:
        async with classes[1](
            http_client=httpx.AsyncClient(transport=transport), **kwargs
        ) as client:
            result = action(client)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(go())


NICEJOB = (NiceJob, AsyncNiceJob)
NICEREPLY = (Nicereply, AsyncNicereply)
NIMBLE = (Nimble, AsyncNimble)
CAMPAIGN_JOBS = (CampaignJobs, AsyncCampaignJobs)
TIMETAP = (TimeTap, AsyncTimeTap)


def envelope(data: Any) -> httpx.Response:
    return httpx.Response(200, json={"data": data, "error": None, "cursor": None})


# -- 1. NiceJob Webhook.secret -------------------------------------------------------------------


def test_webhooks_read_after_creation_have_no_secret_and_creation_returns_it(mode: str) -> None:
    server = Server(
        {
            ("GET", "/v2/webhooks"): envelope([WEBHOOK]),
            ("GET", "/v2/webhooks/w1"): envelope(WEBHOOK),
            ("POST", "/v2/webhooks"): envelope({**WEBHOOK, "secret": "whsec-1"}),
        }
    )

    async def each(client: Any) -> tuple[Any, Any, Any]:
        page = client.webhooks.list()
        page = await page if inspect.isawaitable(page) else page
        found = client.webhooks.retrieve("w1")
        created = client.webhooks.create(subscriptions=["Person"])
        return (
            (page, await found, await created)
            if inspect.isawaitable(found)
            else (page, found, created)
        )

    def action(client: Any) -> Any:
        if mode == "sync":
            return (
                client.webhooks.list(),
                client.webhooks.retrieve("w1"),
                client.webhooks.create(subscriptions=["Person"]),
            )
        return each(client)

    page, found, created = run(mode, NICEJOB, server, action, access_token="t")
    assert [w.id for w in page.items] == ["w1"] and isinstance(found, Webhook) and found.id == "w1"
    assert isinstance(created, CreatedWebhook) and created.secret == "whsec-1"
    assert "secret" not in Webhook.model_fields


# -- 2. nested bounds ---------------------------------------------------------------------------

RATING = {
    "id": "r1",
    "score": 5,
    "from": "Ann",
    "ip_address": "8.8.8.8",
    "comment": None,
    "ticket": None,
    "created_at": "2024-05-01T10:00:00+02:00",
    "survey": {"id": "s1", "type": "CSAT"},
    "user": None,
}


@pytest.mark.parametrize("score", [0, 11])
def test_an_extra_question_score_out_of_1_to_10_is_refused_before_sending(
    mode: str, score: int
) -> None:
    server = Server({("POST", "/v1/ratings"): httpx.Response(201, json={"_results": RATING})})
    for extra in ({"id": "q1", "score": score}, ExtraQuestionScore(id="q1", score=score)):
        with pytest.raises(
            errors.InvalidArgumentError,
            match=r"extra_questions\[0\]\.score.*must be at (least 1|most 10)",
        ):
            run(
                mode,
                NICEREPLY,
                server,
                lambda c, extra=extra: c.ratings.create(
                    survey_id="s1", score=5, user={"username": "ann"}, extra_questions=[extra]
                ),
                api_key="k",
            )
    assert server.requests == []


def test_a_score_within_bounds_is_sent_and_a_response_out_of_bounds_is_still_read() -> None:
    reply = {**RATING, "extra_questions": [{"id": "q1", "score": 0}]}
    server = Server({("POST", "/v1/ratings"): httpx.Response(201, json={"_results": reply})})
    rating = run(
        "sync",
        NICEREPLY,
        server,
        lambda c: c.ratings.create(
            survey_id="s1",
            score=5,
            user=RatingUserRef(username="ann"),
            extra_questions=[ExtraQuestionScore(id="q1", score=10)],
        ),
        api_key="k",
    )
    (sent,) = server.requests
    assert json.loads(sent.content)["extra_questions"] == [{"id": "q1", "score": 10}]
    assert rating.extra_questions[0].score == 0  # read as the server sent it


def test_nimble_stage_ranges_hold_inside_a_new_pipeline(mode: str) -> None:
    server = Server()
    stage = CreateDealStageRequest(
        name="Won", expected_days=-1
    )  # built outside a request: not checked yet
    with pytest.raises(
        errors.InvalidArgumentError, match=r"stages\[0\]\.expected_days.*at least 0"
    ):
        run(
            mode,
            NIMBLE,
            server,
            lambda c: c.deals.pipelines.create(
                name="Sales",
                description="",
                color="red",
                lost_reasons=[],
                stages=[stage],
                fields_tab_members=[],
                default_currency="USD",
            ),
            access_token="t",
        )
    with pytest.raises(
        errors.InvalidArgumentError, match=r"default_probability.*greater than or equal to 0"
    ):
        run(
            mode,
            NIMBLE,
            server,
            lambda c: c.deals.pipelines.stages.create("p1", default_probability=-5),
            access_token="t",
        )
    assert server.requests == []


# -- 3. and 4. Nimble token host, code exchange, redirect_uri -------------------------------------

NIMBLE_TOKEN = {
    "access_token": "fresh",
    "token_type": "bearer",
    "expires_in": 599,
    "refresh_token": "r2",
    "scope": "basic",
}
REFRESHING = {
    "client_id": "app",
    "client_secret": "shh",
    "refresh_token": "r1",
    "redirect_uri": "http://localhost:3000/auth",
}


def test_refreshes_go_to_the_token_url_of_the_spec_whatever_the_base_url() -> None:
    server = Server(
        {
            ("POST", "/api/oauth/token"): httpx.Response(200, json=NIMBLE_TOKEN),
            ("GET", "/api/v2/deals/d1"): httpx.Response(200, json={"id": "d1"}),
        }
    )
    run(
        "sync",
        NIMBLE,
        server,
        lambda c: c.deals.retrieve("d1"),
        base_url="https://api.nimble.com",
        **REFRESHING,
    )
    token, resource = server.requests
    assert str(token.url) == "https://app.nimble.com/api/oauth/token"
    assert (
        resource.url.host == "api.nimble.com"
        and resource.headers["authorization"] == "Bearer fresh"
    )


def test_oauth_base_url_points_token_requests_at_a_test_server(mode: str) -> None:
    server = Server(
        {
            ("POST", "/api/oauth/token"): httpx.Response(200, json=NIMBLE_TOKEN),
            ("GET", "/api/v2/deals/d1"): httpx.Response(200, json={"id": "d1"}),
        }
    )
    run(
        mode,
        NIMBLE,
        server,
        lambda c: c.deals.retrieve("d1"),
        base_url="https://test.local",
        oauth_base_url="https://auth.test.local:8080",
        **REFRESHING,
    )
    assert [str(r.url) for r in server.requests] == [
        "https://auth.test.local:8080/api/oauth/token",
        "https://test.local/api/v2/deals/d1",
    ]


def test_the_authorization_code_exchange_is_form_encoded_to_the_token_host(mode: str) -> None:
    server = Server({("POST", "/api/oauth/token"): httpx.Response(200, json=NIMBLE_TOKEN)})
    tokens = run(
        mode,
        NIMBLE,
        server,
        lambda c: c.oauth.token(
            grant_type="authorization_code",
            code="LTM4M",
            redirect_uri="http://localhost:3000/auth",
            client_id="app",
            client_secret="shh",
        ),
        access_token="unused",
        base_url="https://api.nimble.com",
    )
    (sent,) = server.requests
    assert (
        str(sent.url) == "https://app.nimble.com/api/oauth/token"
        and "authorization" not in sent.headers
    )
    assert sent.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert dict(parse_qsl(sent.content.decode())) == {
        "grant_type": "authorization_code",
        "code": "LTM4M",
        "redirect_uri": "http://localhost:3000/auth",
        "client_id": "app",
        "client_secret": "shh",
    }
    assert tokens.access_token == "fresh" and tokens.refresh_token == "r2"


def test_the_code_exchange_needs_a_code_unless_it_refreshes() -> None:
    server = Server()
    with pytest.raises(
        errors.InvalidArgumentError, match="'code' is required unless 'refresh_token' is given"
    ):
        run(
            "sync",
            NIMBLE,
            server,
            lambda c: c.oauth.token(
                grant_type="authorization_code",
                redirect_uri="http://x",
                client_id="a",
                client_secret="b",
            ),
            access_token="t",
        )
    assert server.requests == []


def test_a_refreshing_nimble_client_needs_a_redirect_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIMBLE_REDIRECT_URI", raising=False)
    without = {k: v for k, v in REFRESHING.items() if k != "redirect_uri"}
    with pytest.raises(
        errors.ConfigurationError, match=r"redirect_uri=.*NIMBLE_REDIRECT_URI"
    ) as info:
        Nimble(**without)
    assert "shh" not in str(info.value)
    monkeypatch.setenv("NIMBLE_REDIRECT_URI", "http://localhost:3000/auth")
    Nimble(**without).close()
    Nimble(access_token="t").close()  # a token alone never refreshes, so needs none


# -- 5. NiceJob code exchange and revoke ----------------------------------------------------------


def test_nicejob_code_exchange_may_return_only_a_refresh_token(mode: str) -> None:
    server = Server({("POST", "/oauth/token"): httpx.Response(200, json={"refresh_token": "r1"})})
    tokens = run(
        mode,
        NICEJOB,
        server,
        lambda c: c.oauth.token(
            grant_type="authorization_code",
            client_id="app",
            client_secret="shh",
            code="c1",
            redirect_uri="https://me.example/cb",
        ),
        access_token="t",
    )
    assert tokens.refresh_token == "r1" and tokens.access_token is None
    assert str(server.requests[0].url) == "https://api.nicejob.com/oauth/token"


def test_nicejob_revoke_is_form_encoded_as_the_oauth2_standard_says(mode: str) -> None:
    server = Server({("POST", "/oauth/revoke"): httpx.Response(200)})
    run(
        mode,
        NICEJOB,
        server,
        lambda c: c.oauth.revoke(token="r1", client_id="app", client_secret="shh"),
        access_token="t",
        oauth_base_url="https://auth.test",
    )
    (sent,) = server.requests
    assert str(sent.url) == "https://auth.test/oauth/revoke"
    assert sent.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert dict(parse_qsl(sent.content.decode())) == {
        "token": "r1",
        "client_id": "app",
        "client_secret": "shh",
    }


# -- 6. NiceJob 401 on a webhook means not found --------------------------------------------------


def test_a_401_for_a_missing_webhook_is_not_found_and_refreshes_no_token(mode: str) -> None:
    server = Server(
        {
            ("GET", "/v2/webhooks/gone"): httpx.Response(401, json={"error": "not found"}),
            ("GET", "/v2/people/p1"): httpx.Response(401, json={"error": "expired"}),
            ("POST", "/oauth/token"): httpx.Response(200, json={"access_token": "fresh"}),
        }
    )
    oauth = {"access_token": "t", "client_id": "app", "client_secret": "shh", "refresh_token": "r1"}
    with pytest.raises(
        errors.NotFoundError, match=r"401 Unauthorized .*it means 404 Not Found"
    ) as info:
        run(mode, NICEJOB, server, lambda c: c.webhooks.retrieve("gone"), **oauth)
    assert info.value.status_code == 401
    assert [r.url.path for r in server.requests] == ["/v2/webhooks/gone"]
    # Elsewhere a 401 still means an expired token: renewed once, replayed, then raised as such.
    with pytest.raises(errors.AuthenticationError):
        run(mode, NICEJOB, server, lambda c: c.people.retrieve("p1"), **oauth)
    assert [r.url.path for r in server.requests[1:]] == [
        "/v2/people/p1",
        "/oauth/token",
        "/v2/people/p1",
    ]


# -- 7. Nimble deals.list keeps meta --------------------------------------------------------------


def test_deals_list_returns_meta_so_a_partial_list_shows(mode: str) -> None:
    body = {
        "meta": {"per_page": 2, "total": 7, "page": 1, "pages": 4},
        "resources": [{"id": "d1"}, {"id": "d2"}],
    }
    server = Server({("GET", "/api/v2/deals"): httpx.Response(200, json=body)})
    deals = run(
        mode, NIMBLE, server, lambda c: c.deals.list(sort="name:asc", limit=2), access_token="t"
    )
    assert isinstance(deals, DealsList) and deals.meta is not None
    assert (deals.meta.total, deals.meta.pages, len(deals.resources or [])) == (7, 4, 2)
    assert dict(server.requests[0].url.params) == {"sort": "name:asc", "limit": "2"}


# -- 8. exactly one of, required unless, list sizes -----------------------------------------------


@pytest.mark.parametrize("user", [{"id": "u1", "username": "ann"}, {}, RatingUserRef()])
def test_a_rating_user_needs_exactly_one_of_id_or_username(mode: str, user: Any) -> None:
    server = Server()
    with pytest.raises(
        errors.InvalidArgumentError, match=r"'user': give exactly one of 'id' or 'username'"
    ):
        run(
            mode,
            NICEREPLY,
            server,
            lambda c: c.ratings.create(survey_id="s1", score=5, user=user),
            api_key="k",
        )
    assert server.requests == []


def test_a_rating_user_with_one_key_is_sent_as_given() -> None:
    server = Server({("POST", "/v1/ratings"): httpx.Response(201, json={"_results": RATING})})
    run(
        "sync",
        NICEREPLY,
        server,
        lambda c: c.ratings.create(survey_id="s1", score=5, user={"id": "u1"}),
        api_key="k",
    )
    assert json.loads(server.requests[0].content)["user"] == {"id": "u1"}


def test_campaign_jobs_list_needs_campaign_unless_modified_since(mode: str) -> None:
    server = Server({("GET", "/j/jobs"): httpx.Response(200, json=[])})
    with pytest.raises(
        errors.InvalidArgumentError, match="'campaign' is required unless 'modified_since' is given"
    ):
        run(
            mode,
            CAMPAIGN_JOBS,
            server,
            lambda c: c.jobs.list(),
            access_token="t",
            base_url="https://jobs.test",
        )
    assert server.requests == []
    since = dt.datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    run(
        mode,
        CAMPAIGN_JOBS,
        server,
        lambda c: c.jobs.list(modified_since=since),
        access_token="t",
        base_url="https://jobs.test",
    )
    run(
        mode,
        CAMPAIGN_JOBS,
        server,
        lambda c: c.jobs.list(campaign=28),
        access_token="t",
        base_url="https://jobs.test",
    )
    assert [dict(r.url.params) for r in server.requests] == [
        {"modified_since": "2024-05-01T08:30:00Z"},
        {"campaign": "28"},
    ]


def test_nimble_list_sizes_stated_in_prose_are_checked_before_sending(mode: str) -> None:
    server = Server()
    fields: dict[str, Any] = {"first name": [{"value": "Ann", "modifier": ""}]}
    cases: list[tuple[Callable[[Any], Any], str]] = [
        (
            lambda c: c.contacts.create(fields=fields, tags="a,b,c,d,e,f"),
            r"'tags'.*at most 5 items \(has 6\)",
        ),
        (
            lambda c: c.contacts.notes.create(contact_ids=[], note="n", note_preview="n"),
            r"'contact_ids'.*at least 1 item",
        ),
        (
            lambda c: c.contacts.notes.create(
                contact_ids=[f"c{i}" for i in range(11)], note="n", note_preview="n"
            ),
            r"'contact_ids'.*at most 10 items",
        ),
        (
            lambda c: c.contacts.list_for_identifiers(id=",".join(f"c{i}" for i in range(31))),
            r"'id'.*at most 30 items",
        ),
    ]
    for action, message in cases:
        with pytest.raises(errors.InvalidArgumentError, match=message):
            run(mode, NIMBLE, server, action, access_token="t")
    assert server.requests == []


def test_an_escaped_comma_stays_inside_a_nimble_tag() -> None:
    server = Server({("POST", "/api/v1/contact"): httpx.Response(200, json=contact("c1"))})
    tags = "our customers,best\\,premium,a,b,c"  # five tags, one of them `best,premium`
    run("sync", NIMBLE, server, lambda c: c.contacts.create(fields={}, tags=tags), access_token="t")
    assert json.loads(server.requests[0].content)["tags"] == tags


# -- 9. naive datetimes -------------------------------------------------------------------------


def test_nicereply_refuses_a_naive_datetime_and_sends_an_offset(mode: str) -> None:
    server = Server(
        {
            ("GET", "/v1/ces/stats"): httpx.Response(
                200, json={"_results": {"average": 4.5, "count": 2}}
            )
        }
    )
    with pytest.raises(errors.InvalidArgumentError, match=r"'period_start'.*without a UTC offset"):
        run(
            mode,
            NICEREPLY,
            server,
            lambda c: c.ces.stats(period_start=dt.datetime(2017, 10, 24, 13, 37)),
            api_key="k",
        )
    assert server.requests == []
    plus_two = dt.timezone(dt.timedelta(hours=2))
    run(
        mode,
        NICEREPLY,
        server,
        lambda c: c.ces.stats(
            period_start=dt.datetime(2017, 10, 24, 13, 37, tzinfo=plus_two),
            period_end=dt.datetime(2017, 10, 25, tzinfo=UTC),
        ),
        api_key="k",
    )
    assert dict(server.requests[0].url.params) == {
        "period_start": "2017-10-24T13:37:00+02:00",
        "period_end": "2017-10-25T00:00:00Z",
    }


def test_a_naive_datetime_inside_a_body_model_is_refused_too() -> None:
    server = Server()
    job = {"campaign": 28, "appointment": dt.datetime(2024, 5, 1, 9, 0)}
    with pytest.raises(errors.InvalidArgumentError, match=r"appointment.*without a UTC offset"):
        run(
            "sync",
            CAMPAIGN_JOBS,
            server,
            lambda c: c.jobs.bulk_create([job]),
            access_token="t",
            base_url="https://jobs.test",
        )
    assert server.requests == []


def test_timetap_takes_a_naive_datetime_as_utc(mode: str) -> None:
    server = Server(
        {
            ("GET", "/live/sessionToken"): httpx.Response(200, json={"sessionToken": "s1"}),
            ("PUT", "/live/invitationCampaign"): httpx.Response(
                200, json={"invitationCampaignId": 7, "businessId": 1}
            ),
        }
    )
    run(
        mode,
        TIMETAP,
        server,
        lambda c: c.invitation_campaigns.update(
            invitation_campaign_id=7, business_id=1, expire_date=dt.datetime(2018, 10, 31)
        ),
        api_key="k",
        private_key="p",
        base_url="https://api.timetap.test/live",
    )
    (update,) = server.sent("PUT", "/live/invitationCampaign")
    assert json.loads(update.content)["expireDate"] == 1540944000000


# -- debatable: webhook signature encoding --------------------------------------------------------


def delivery(signature: str, timestamp: float) -> bytes:
    return json.dumps(
        {
            "payload": {"company_id": "c1", "entity_id": "e1", "event_code": "person.updated"},
            "signature": {"signed_payload": signature, "timestamp": timestamp},
        }
    ).encode()


def test_webhook_signatures_in_hex_by_default_and_base64_or_milliseconds_on_request() -> None:
    payload = {"company_id": "c1", "entity_id": "e1", "event_code": "person.updated"}
    digest = hmac.new(
        b"whsec", json.dumps(payload, separators=(",", ":")).encode(), hashlib.sha256
    ).digest()
    now = 1_700_000_000
    assert (
        nicejob_webhooks.verify(delivery(digest.hex(), now), "whsec", now=now).payload.entity_id
        == "e1"
    )
    as_base64 = delivery(base64.b64encode(digest).decode(), now * 1000)
    with pytest.raises(errors.WebhookVerificationError, match="signature does not match"):
        nicejob_webhooks.verify(as_base64, "whsec", now=now)
    verified = nicejob_webhooks.verify(
        as_base64, "whsec", now=now, encoding="base64", timestamp_unit="ms"
    )
    assert verified.payload.event_code == "person.updated"
    assert (
        nicejob_webhooks.sign(payload, "whsec", encoding="base64")
        == base64.b64encode(digest).decode()
    )
    # verify() raises one error for anything amiss, a misspelt encoding included.
    with pytest.raises(errors.WebhookVerificationError, match="encoding must be 'hex' or 'base64'"):
        nicejob_webhooks.verify(as_base64, "whsec", encoding="b64")  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidArgumentError, match="encoding must be 'hex' or 'base64'"):
        nicejob_webhooks.sign(payload, "whsec", encoding="b64")  # type: ignore[arg-type]


# -- debatable: Campaign Jobs fields a job may have been created without --------------------------


def test_a_job_created_without_email_name_reference_or_value_is_read(mode: str) -> None:
    job = {
        "address_lines": [],
        "appointment": None,
        "campaign": 28,
        "city": None,
        "country": None,
        "created_at": "2024-05-01T10:00:00Z",
        "data": None,
        "email": None,
        "id": 1,
        "label": None,
        "name": None,
        "numbers": ["+33100000000"],
        "postal_code": None,
        "reference": None,
        "state": 0,
        "url": None,
        "value": None,
    }
    server = Server({("GET", "/j/jobs"): httpx.Response(200, json=[job])})
    (read,) = run(
        mode,
        CAMPAIGN_JOBS,
        server,
        lambda c: c.jobs.list(campaign=28),
        access_token="t",
        base_url="https://jobs.test",
    )
    assert (read.email, read.name, read.reference, read.value) == (None, None, None, None)


# -- nullability inside argument models -----------------------------------------------------------


def test_a_nested_key_that_may_be_absent_but_not_null_is_refused_as_none(mode: str) -> None:
    server = Server({("POST", "/v1/ratings"): httpx.Response(201, json={"_results": RATING})})
    with pytest.raises(
        errors.InvalidArgumentError, match=r"'user\.id': may be omitted but not None"
    ):
        run(
            mode,
            NICEREPLY,
            server,
            lambda c: c.ratings.create(
                survey_id="s1", score=5, user=RatingUserRef(id=None, username="ann")
            ),
            api_key="k",
        )
    assert server.requests == []
    # Read from a response, the same model takes the null the server sent.
    assert RatingUserRef.model_validate({"id": None, "username": "ann"}).id is None
