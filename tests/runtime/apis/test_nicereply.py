"""Nicereply: Basic auth with a blank user name, `_results`/`_pagination` pages, `errors` lists,
the rating fields the document types two ways, ISO 8601 period filters, the issue's calls."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest

from apiclients import errors
from apiclients.nicereply import AsyncNicereply, Nicereply
from apiclients.nicereply.types import (
    AverageStats,
    MetricStats,
    NpsStats,
    Rating,
    StatsEntry,
    SurveyStatsEntry,
    User,
)
from tests.runtime.conftest import call
from tests.server.fakeapi import FakeAPI, Received, Reply

KEY = "private-key-1"
UTC = dt.timezone.utc
CID, SID = "461b20eb-b6e9-43ed-bbd3-6c7131dded16", "510268e5-c708-415b-953e-64f06a017145"
CUSTOMER = {
    "id": CID,
    "name": "Freddy Coleman",
    "email": "freddy-coleman@example.com",
    "tickets": 4,
    "created_at": "2017-10-24T13:37:01+02:00",
    "updated_at": "2017-10-24T13:37:01+02:00",
    "_links": {"self": f"/v1/customers/{CID}"},
}
RATING = {
    "id": "904e0950-959b-4a90-93ad-4fdc62a4a14c",
    "score": 5,
    "from": "Viktor Magic",
    "ip_address": "8.8.8.8",
    "comment": "Nice reply! :)",
    "created_at": "2017-10-24T13:37:01+02:00",
    "updated_at": "2017-10-24T13:37:01+02:00",
    "ticket": {"value": "cnv_2841049", "link": None},
    "survey": {"id": SID, "type": "CSAT"},
    "customer": {"id": CID},
    "user": {"id": "c674b3b4-265f-4fcc-bca2-f2df99127a20", "username": "mr-unclebob"},
    "status": "open",
    "extra_questions": [{"id": "76c88941-7d7e-45e8-95a6-1fe10b77dcfc", "score": 1}],
    "_links": {
        "self": "/v1/csat/ratings/904e0950-959b-4a90-93ad-4fdc62a4a14c",
        "survey": f"/v1/surveys/{SID}",
    },
}
NPS = {"nps_score": -71, "count": 17, "groups": {"promoters": 2, "passives": 1, "detractors": 14}}
STATS = {"CSAT": {"average": 6.4444, "count": 153}, "CES": {"average": 5, "count": 133}, "NPS": NPS}
AGENT = {
    "id": "d0cdf133-0a77-43cb-8c7c-127f8ecf154b",
    "type": "AGENT",
    "has_access": False,
    "is_archived": False,
    "username": "bob",
    "integration_usernames": [],
    "fullname": "Uncle Bob",
    "email": "b@x.io",
    "role": "",
    "created_at": "2017-10-24T13:37:01+02:00",
    "_links": {"self": "/v1/users/d0cdf133-0a77-43cb-8c7c-127f8ecf154b"},
}


def page_of(items: list[Any], page: int, total_pages: int, per_page: int = 10) -> dict[str, Any]:
    links = {"next": f"/v1/x?page={page + 1}"} if page < total_pages else {}
    if page > 1:
        links["previous"] = f"/v1/x?page={page - 1}"
    return {
        "_results": items,
        "_pagination": {
            "total": per_page * total_pages,
            "count": len(items),
            "per_page": per_page,
            "current_page": page,
            "total_pages": total_pages,
            "links": links,
        },
    }


def nicereply(mode: str, api: FakeAPI, action):  # type: ignore[no-untyped-def]
    return call(mode, Nicereply, AsyncNicereply, action, api_key=KEY, base_url=api.url)


def collect(client: Any, listing: Any) -> Any:
    """Every item of a paginated listing, for the sync and the async client."""
    if isinstance(client, Nicereply):
        return list(listing)

    async def go() -> list[Any]:
        return [item async for item in listing]

    return go()


def test_basic_auth_has_a_blank_user_name_and_the_key_as_password(api: FakeAPI, mode: str) -> None:
    api.script("GET", f"/v1/customers/{CID}", Reply(json={"_results": CUSTOMER}))
    customer = nicereply(mode, api, lambda c: c.customers.retrieve(CID))
    assert customer.id == CID and customer.links.self == f"/v1/customers/{CID}"
    (request,) = api.received
    scheme, encoded = request.headers["authorization"].split(" ", 1)
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == f":{KEY}"


def test_the_key_and_base_url_come_from_the_environment(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NICEREPLY_API_KEY", "env-key")
    monkeypatch.setenv("NICEREPLY_BASE_URL", api.url)
    api.script("GET", "/v1/nps/stats", Reply(json={"_results": NPS}))
    with Nicereply() as client:
        assert client.nps.stats().nps_score == -71
    assert (
        base64.b64decode(api.received[0].headers["authorization"].split(" ", 1)[1]) == b":env-key"
    )


def test_the_default_base_url_is_the_api_host() -> None:
    with Nicereply(api_key=KEY) as client:
        assert str(client.base_url).rstrip("/") == "https://api.nicereply.com"


def test_a_list_walks_every_page_by_its_pagination(api: FakeAPI, mode: str) -> None:
    def customers(request: Received) -> Reply:
        page = int(dict(request.query).get("page", 1))
        return Reply(
            json=page_of(
                [{**CUSTOMER, "id": f"c{page}-{i}"} for i in range(10 if page < 3 else 4)], page, 3
            )
        )

    api.handle("GET", "/v1/customers", customers)
    found = nicereply(
        mode, api, lambda c: collect(c, c.customers.list(sort_order="asc", per_page=10))
    )
    assert [c.id for c in found] == [
        f"c{p}-{i}" for p in (1, 2, 3) for i in range(10 if p < 3 else 4)
    ]
    sent = [dict(r.query) for r in api.requests_to("GET", "/v1/customers")]
    assert [q.get("page") for q in sent] == [None, "2", "3"]
    assert all(q["sort_order"] == "asc" and q["per_page"] == "10" for q in sent)


def test_a_list_stops_at_the_last_page_even_when_it_is_full(api: FakeAPI) -> None:
    api.script("GET", "/v1/users/u1/teams", Reply(json=page_of([], 1, 1)))
    with Nicereply(api_key=KEY, base_url=api.url) as client:
        assert list(client.users.teams.list("u1")) == []
    assert len(api.received) == 1


@pytest.mark.parametrize("per_page", [5, 9, 101])
def test_per_page_outside_10_to_100_is_refused_before_sending(api: FakeAPI, per_page: int) -> None:
    with (
        Nicereply(api_key=KEY, base_url=api.url) as client,
        pytest.raises(errors.InvalidArgumentError, match="per_page"),
    ):
        list(client.customers.list(per_page=per_page))
    assert api.received == []


def test_every_error_message_is_in_the_exception(api: FakeAPI, mode: str) -> None:
    body = {
        "errors": [
            "Validation error in queryParameters[per_page]: This value should be 100 or less.",
            "Validation error in requestBody[survey_id]: This field is missing.",
        ]
    }
    api.script("POST", "/v1/csat/ratings", Reply(400, json=body))
    with pytest.raises(errors.BadRequestError) as info:
        nicereply(
            mode,
            api,
            lambda c: c.csat.ratings.create(survey_id=SID, score=5, user={"username": "bob"}),
        )
    for message in body["errors"]:
        assert message in str(info.value)


def test_a_short_error_list_is_all_in_the_message(api: FakeAPI) -> None:
    api.script("GET", "/v1/teams/t1", Reply(404, json={"errors": ["a", "b"]}))
    with (
        Nicereply(api_key=KEY, base_url=api.url, max_retries=0) as client,
        pytest.raises(errors.NotFoundError) as info,
    ):
        client.teams.retrieve("t1")
    assert str(info.value).endswith(": a; b")


def test_score_and_ip_address_load_in_every_documented_form() -> None:
    as_number = Rating.model_validate(RATING)
    as_string = Rating.model_validate({**RATING, "score": "5", "ip_address": 134744072})
    assert as_number.score == 5 and as_number.ip_address == "8.8.8.8"
    assert as_string.score == "5" and as_string.ip_address == 134744072
    assert as_number.from_ == "Viktor Magic" and as_number.created_at == dt.datetime(
        2017, 10, 24, 11, 37, 1, tzinfo=UTC
    )
    # the table's name for the survey's metric loads too
    assert (
        Rating.model_validate({**RATING, "survey": {"id": SID, "metric": "NPS"}}).survey.type
        == "NPS"
    )
    # the create examples: no status, extra_questions or _links, and a null user
    created = Rating.model_validate(
        {k: v for k, v in RATING.items() if k not in ("status", "extra_questions", "_links")}
        | {"user": None}
    )
    assert created.user is None and created.status is None


def test_a_rating_goes_back_as_sent() -> None:
    rating = Rating.model_validate(RATING)
    assert rating.model_dump(mode="json", by_alias=True, exclude_unset=True) == RATING


def test_stats_have_one_shape_per_metric() -> None:
    stats = MetricStats.model_validate(STATS)
    assert isinstance(stats.csat, AverageStats) and stats.csat.average == pytest.approx(6.4444)
    assert (
        isinstance(stats.nps, NpsStats)
        and stats.nps.groups is not None
        and stats.nps.groups.detractors == 14
    )
    assert stats.model_dump(mode="json", by_alias=True, exclude_unset=True) == STATS
    # the stats-for-all-users example: NPS with average in place of nps_score
    odd = StatsEntry.model_validate(
        {"id": "u", "stats": {**STATS, "NPS": {"average": 0, "count": 0, "groups": NPS["groups"]}}}
    )
    assert isinstance(odd.stats.nps, AverageStats) and odd.stats.nps.average == 0
    # the stats-for-all-teams example: NPS without groups
    teams = StatsEntry.model_validate(
        {"id": "t", "stats": {**STATS, "NPS": {"nps_score": 0, "count": 0}}}
    )
    assert isinstance(teams.stats.nps, NpsStats) and teams.stats.nps.groups is None


def test_survey_stats_take_the_shape_of_the_survey_metric() -> None:
    csat = SurveyStatsEntry.model_validate(
        {"id": "s1", "type": "CSAT", "stats": {"average": 4.5, "count": 2}}
    )
    nps = SurveyStatsEntry.model_validate({"id": "s2", "type": "NPS", "stats": NPS})
    assert isinstance(csat.stats, AverageStats) and csat.stats.average == 4.5
    assert isinstance(nps.stats, NpsStats) and nps.stats.nps_score == -71


def test_period_filters_are_sent_as_iso_8601(api: FakeAPI, mode: str) -> None:
    api.script("GET", f"/v1/customers/{CID}/ratings", Reply(json=page_of([RATING], 1, 1)))
    start = dt.datetime(2024, 1, 1, tzinfo=UTC)
    end = dt.datetime(2024, 1, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    ratings = nicereply(
        mode,
        api,
        lambda c: collect(
            c, c.customers.ratings.list(CID, period_start=start, updated_period_end=end)
        ),
    )
    assert [r.id for r in ratings] == [RATING["id"]]
    query = dict(api.received[0].query)
    assert dt.datetime.fromisoformat(query["period_start"]) == start
    assert query["period_start"] in ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00+00:00")
    assert dt.datetime.fromisoformat(query["updated_period_end"]) == end
    assert query["updated_period_end"] == "2024-01-31T23:59:59+02:00"


def test_the_calls_of_the_issue(api: FakeAPI, mode: str) -> None:
    def customers(request: Received) -> Reply:
        page = int(dict(request.query).get("page", 1))
        return Reply(json=page_of([{**CUSTOMER, "id": f"c{page}"}], page, 2))

    api.handle("GET", "/v1/customers", customers)
    api.script("GET", f"/v1/customers/{CID}/ratings", Reply(json=page_of([RATING], 1, 1)))
    api.script("GET", f"/v1/customers/{CID}/stats", Reply(json={"_results": STATS}))
    api.script("GET", "/v1/nps/stats", Reply(json={"_results": NPS}))
    created = {k: v for k, v in RATING.items() if k not in ("status", "extra_questions", "_links")}
    api.script("POST", "/v1/csat/ratings", Reply(201, json={"_results": created}))
    api.script("POST", "/v1/users/agent", Reply(201, json={"_results": AGENT}))

    def calls(c: Any) -> Any:
        if isinstance(c, Nicereply):
            return (
                list(c.customers.list(sort_order="asc")),
                list(
                    c.customers.ratings.list(CID, period_start=dt.datetime(2024, 1, 1, tzinfo=UTC))
                ),
                c.customers.stats(CID),
                c.nps.stats(),
                c.csat.ratings.create(survey_id=SID, score=5, user={"username": "bob"}),
                c.users.create_agent(fullname="Uncle Bob", username="bob", email="b@x.io"),
            )

        async def go() -> Any:
            return (
                [x async for x in c.customers.list(sort_order="asc")],
                [
                    x
                    async for x in c.customers.ratings.list(
                        CID, period_start=dt.datetime(2024, 1, 1, tzinfo=UTC)
                    )
                ],
                await c.customers.stats(CID),
                await c.nps.stats(),
                await c.csat.ratings.create(survey_id=SID, score=5, user={"username": "bob"}),
                await c.users.create_agent(fullname="Uncle Bob", username="bob", email="b@x.io"),
            )

        return go()

    customers_found, ratings, stats, nps, rating, agent = nicereply(mode, api, calls)
    assert [c.id for c in customers_found] == ["c1", "c2"]
    assert [r.score for r in ratings] == [5]
    assert isinstance(stats, MetricStats) and stats.ces.count == 133
    assert isinstance(nps, NpsStats) and nps.count == 17
    assert isinstance(rating, Rating) and rating.score == 5 and rating.survey is not None
    assert isinstance(agent, User) and agent.fullname == "Uncle Bob"
    (post,) = api.requests_to("POST", "/v1/csat/ratings")
    assert post.json() == {"survey_id": SID, "score": 5, "user": {"username": "bob"}}
    (agent_post,) = api.requests_to("POST", "/v1/users/agent")
    assert agent_post.json() == {"fullname": "Uncle Bob", "username": "bob", "email": "b@x.io"}
    assert all(
        dict(r.query).get("sort_order") == "asc" for r in api.requests_to("GET", "/v1/customers")
    )


def test_a_score_outside_the_metric_range_is_refused_before_sending(api: FakeAPI) -> None:
    with (
        Nicereply(api_key=KEY, base_url=api.url) as client,
        pytest.raises(errors.InvalidArgumentError, match="score"),
    ):
        client.ces.ratings.create(survey_id=SID, score=8, user={"username": "bob"})
    assert api.received == []
