"""The generated fakes (`apiclients.<api>.testing`) and raw responses, through the clients."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import functools
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

import apiclients._core._version
import apiclients.nimble
from apiclients import errors
from apiclients._core.auth import BearerAuth, FakeServer, OAuth2Auth, SessionTokenAuth
from apiclients._core.response import APIResponse
from apiclients._core.testing import FakeAPI, FakeDataError
from apiclients.campaign_jobs.testing import FakeCampaignJobs
from apiclients.nicejob.testing import FakeNiceJob
from apiclients.nicereply.testing import FakeNicereply
from apiclients.nimble.testing import FakeNimble
from apiclients.timetap.testing import FakeTimeTap

FAKES: list[type[FakeAPI[Any, Any]]] = [
    FakeNiceJob,
    FakeNicereply,
    FakeTimeTap,
    FakeCampaignJobs,
    FakeNimble,
]


def person(**fields: Any) -> dict[str, Any]:
    """A NiceJob person with every required key, from the fake's own default."""
    return {**FakeNiceJob().people.retrieve.example(), **fields}


def request(fake: FakeAPI[Any, Any], method: str, path: str, **kwargs: Any) -> httpx.Response:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        return http.request(method, fake.base_url + path, **kwargs)


# -- routes and defaults ------------------------------------------------------------------


@pytest.mark.parametrize("fake_class", FAKES, ids=lambda cls: cls.__name__)
def test_every_operation_has_a_handle_and_a_default_the_client_can_parse(fake_class: Any) -> None:
    fake = fake_class()
    assert len(fake.routes) == len({route.name for route in fake.routes}) > 0
    answers = fake.answers.read()  # the JSON file shipped beside the fake's module
    assert list(answers) == [route.name for route in fake.routes]
    for route in fake.routes:
        handle = fake
        for part in route.name.split("."):
            handle = getattr(handle, part)
        assert handle is fake.operation(route.name)
        assert handle.calls == []
        if route.operation.response is None:
            assert answers[route.name] is None
        else:
            route.operation.adapter.validate_python(answers[route.name])  # as a client parses it


def test_the_default_is_the_first_example_and_a_list_default_is_one_page() -> None:
    fake = FakeNiceJob()
    client = fake.client()
    example = fake.people.retrieve.example()
    assert (
        client.people.retrieve("p1").model_dump(mode="json", by_alias=True, exclude_unset=True)[
            "id"
        ]
        == example["id"]
    )
    page = client.people.list()
    assert not page.has_next_page() and len(page.items) == len(fake.people.list.example())


def test_unknown_attribute_names_the_known_ones() -> None:
    with pytest.raises(
        AttributeError,
        match=r"FakeNiceJob.people has no 'retreive' \(it has: create, list, retrieve, update\)",
    ):
        FakeNiceJob().people.retreive  # noqa: B018
    with pytest.raises(KeyError, match=r"no operation 'people\.nope'"):
        FakeNiceJob().operation("people.nope")


def test_a_fake_makes_a_handle_only_for_the_operations_a_test_reaches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fake of an API of thousands of operations is made per test case: making one builds no
    handle per operation, so its cost does not grow with the API (`testing.py`'s handles)."""
    import apiclients._core.testing as testing

    made: list[str] = []

    class Counted(testing.OperationHandle):
        def __init__(self, fake: FakeAPI[Any, Any], route: Any, default: Any) -> None:
            made.append(route.name)
            super().__init__(fake, route, default)

    monkeypatch.setattr(testing, "OperationHandle", Counted)
    big = type(  # the nimble fake's routes repeated into an API of 3,000-odd operations
        "FakeBig",
        (FakeNimble,),
        {
            "routes": tuple(
                dataclasses.replace(route, name=f"copy{n}.{route.name}")
                for n in range(3000 // len(FakeNimble.routes) + 1)
                for route in FakeNimble.routes
            ),
            "answers": _Renamed(FakeNimble.answers),
        },
    )
    assert len(big.routes) >= 3000
    fakes = [big() for _ in range(20)]
    assert made == []
    fake = fakes[0]
    assert fake.copy0.contacts is fake.copy0.contacts
    assert fake.copy0.contacts.list is fake.operation("copy0.contacts.list")
    assert made == ["copy0.contacts.list"]
    assert "copy0" in dir(fake) and "contacts" in dir(fake.copy0)
    assert fakes[1].copy0.contacts.list is not fake.copy0.contacts.list  # each fake its own
    nimble = FakeNimble()
    nimble.client().contacts.list()  # a call makes the handle it records on
    assert made == ["copy0.contacts.list", "copy0.contacts.list", "contacts.list"]
    assert len(nimble.contacts.list.calls) == 1


class _Renamed:
    """The answers of `answers`' operations under the names `copy<n>.<name>`."""

    def __init__(self, answers: Any) -> None:
        self._answers = answers

    def read(self) -> dict[str, Any]:
        return _RenamedMapping(self._answers.read())


class _RenamedMapping(dict):  # type: ignore[type-arg]
    def __init__(self, answers: dict[str, Any]) -> None:
        super().__init__()
        self._answers = answers

    def __getitem__(self, name: str) -> Any:
        return self._answers[name.split(".", 1)[1]]


# -- respond, fail, pages ------------------------------------------------------------------


def test_respond_takes_a_dict_or_a_model_and_records_calls() -> None:
    fake = FakeNiceJob()
    client = fake.client()
    fake.people.retrieve.respond(person(id="p1", first_name="Ann"))
    ann = client.people.retrieve("p1")
    assert (ann.id, ann.first_name) == ("p1", "Ann")
    fake.people.retrieve.respond(ann.model_copy(update={"first_name": "Bea"}))
    assert client.people.retrieve("p1").first_name == "Bea"
    client.people.update("p1", company=None)
    call = fake.people.update.calls[0]
    assert (call.method, call.path, call.path_params, call.json) == (
        "POST",
        "/v2/people/p1",
        {"id": "p1"},
        {"company": None},
    )
    assert call.headers["authorization"] == "Bearer fake-access_token"
    assert [c.path for c in fake.people.retrieve.calls] == ["/v2/people/p1", "/v2/people/p1"]


def test_respond_refuses_data_the_api_would_not_send() -> None:
    fake = FakeNiceJob()
    with pytest.raises(
        FakeDataError,
        match=r"people\.retrieve: the data is not what the spec describes: "
        r"id: Input should be a valid string",  # where in what the test passed
    ):
        fake.people.retrieve.respond(person(id=5))
    with pytest.raises(
        FakeDataError, match=r"people.retrieve: the spec does not describe the key\(s\) fist_name"
    ):
        fake.people.retrieve.respond(person(fist_name="Ann"))
    with pytest.raises(FakeDataError, match="Field required"):
        fake.people.retrieve.respond({"id": "p1"})
    with pytest.raises(
        FakeDataError, match=r"page 2 of 2: \[0\]\.id: Input should be a valid string"
    ):  # strict: no coercion
        fake.people.list.respond_pages([person()], [person(id=1)])
    with pytest.raises(TypeError, match=r"people\.retrieve is not paginated"):
        fake.people.retrieve.respond_pages([person()])


def test_fail_answers_in_the_apis_error_format_and_the_response_is_on_the_error() -> None:
    fake = FakeNiceJob()
    client = fake.client()
    fake.people.create.fail(409, {"error": "duplicate email"}, headers={"X-Request-Id": "r1"})
    with pytest.raises(errors.ConflictError, match="duplicate email") as caught:
        client.people.create(first_name="Ann", email="ann@example.com")
    assert caught.value.response.headers["x-request-id"] == "r1"
    fake.people.create.fail(422, "email is invalid")
    with pytest.raises(errors.UnprocessableEntityError) as unprocessable:
        client.people.create(first_name="Ann", email="ann@example.com")
    assert unprocessable.value.body == {"error": "email is invalid"}
    nicereply = FakeNicereply()
    nicereply.customers.retrieve.fail(402)
    with pytest.raises(errors.PaymentRequiredError) as paid:
        nicereply.client().customers.retrieve("c1")
    assert paid.value.body == {"errors": ["Payment Required"]}
    with pytest.raises(ValueError, match="error status"):
        fake.people.create.fail(200)


def test_respond_pages_in_each_pagination_style() -> None:
    # NiceJob: a cursor in the envelope.
    nicejob = FakeNiceJob()
    nicejob.people.list.respond_pages([person(id="a"), person(id="b")], [person(id="c")])
    assert [p.id for p in nicejob.client().people.list()] == ["a", "b", "c"]
    assert [c.query for c in nicejob.people.list.calls] == [{}, {"cursor": "page-2"}]

    # Nicereply: current and total page numbers in `_pagination`.
    nicereply = FakeNicereply()
    # Pages of distinct items: a page holding the same items (by id) as an earlier one would
    # end the walk as a loop.
    customer = nicereply.customers.list.example()[0]
    nicereply.customers.list.respond_pages(
        *[[{**customer, "id": str(number)}] for number in (1, 2, 3)]
    )
    assert len(list(nicereply.client().customers.list())) == 3
    assert [c.query.get("page") for c in nicereply.customers.list.calls] == [None, "2", "3"]
    before_first = request(
        nicereply,
        "GET",
        "/v1/customers",
        params={"page": "0"},
        headers={"Authorization": "Basic " + base64.b64encode(b":k").decode()},
    )
    assert before_first.json()["_results"] == []

    # TimeTap: no page fields, a short page ends the list.
    timetap = FakeTimeTap()
    campaigns = [
        {**timetap.invitation_campaigns.list.example()[0], "invitationCampaignId": number}
        for number in (1, 2, 3)
    ]
    timetap.invitation_campaigns.list.respond_pages(campaigns[:2], campaigns[2:])
    walked = list(timetap.client().invitation_campaigns.list(page_size=2))
    assert len(walked) == 3

    async def walk() -> int:
        async with nicejob.async_client() as client:
            return len([p async for p in client.people.list()])

    assert asyncio.run(walk()) == 3


# -- requests checked as the API would ------------------------------------------------------


def test_unknown_routes_bad_bodies_and_missing_credentials_are_refused_in_the_apis_format() -> None:
    fake = FakeNiceJob()
    auth = {"Authorization": "Bearer anything"}
    missing = request(fake, "GET", "/v2/nothing", headers=auth)
    assert (missing.status_code, missing.json()) == (404, {"error": "No route for GET /v2/nothing"})
    bad = request(fake, "POST", "/v2/people", json={"first_name": 5}, headers=auth)
    assert bad.status_code == 400 and bad.json()["error"].startswith("Invalid request: first_name")
    unknown = request(fake, "POST", "/v2/people", json={"surname": "x"}, headers=auth)
    assert unknown.status_code == 400 and "surname" in unknown.json()["error"]
    anonymous = request(fake, "GET", "/v2/people")
    assert anonymous.status_code == 401
    assert len(fake.people.create.calls) == 2 and fake.people.list.calls == []

    nimble = FakeNimble()
    assert request(nimble, "GET", "/nowhere").json() == {"message": "No route for GET /nowhere"}


def test_basic_auth_needs_the_apis_user_name_and_a_password() -> None:
    fake = FakeNicereply()
    good = base64.b64encode(b":key").decode()
    wrong_user = base64.b64encode(b"someone:key").decode()
    path = "/v1/customers/c1"
    assert request(fake, "GET", path, headers={"Authorization": f"Basic {good}"}).status_code == 200
    assert (
        request(fake, "GET", path, headers={"Authorization": f"Basic {wrong_user}"}).status_code
        == 401
    )
    assert request(fake, "GET", path, headers={"Authorization": "Bearer key"}).status_code == 401


def test_session_tokens_are_fetched_and_renewed_after_they_are_revoked() -> None:
    fake = FakeTimeTap()
    client = fake.client()
    client.invitation_campaigns.retrieve(7)
    fake.revoke_tokens()
    client.invitation_campaigns.retrieve(7)
    assert len(fake.token_requests) == 2
    assert fake.token_requests[0].url.params.keys() == {"apiKey", "timestamp", "signature"}
    assert [c.headers["authorization"] for c in fake.invitation_campaigns.retrieve.calls] == [
        "Bearer fake-session-token-1",
        "Bearer fake-session-token-2",
    ]
    stale = request(
        fake,
        "GET",
        "/invitationCampaign/7",
        headers={"Authorization": "Bearer fake-session-token-1"},
    )
    assert stale.status_code == 401


@pytest.mark.parametrize(
    ("fake_class", "resource", "extra"),
    [
        (FakeNiceJob, "people", {}),
        (FakeNimble, "contacts", {"redirect_uri": "https://app.example/cb"}),
    ],
)
def test_oauth_clients_obtain_and_refresh_tokens_from_the_fake(
    fake_class: Any, resource: str, extra: dict[str, str]
) -> None:
    fake = fake_class()
    client = fake.client(client_id="id", client_secret="secret", refresh_token="refresh-1", **extra)
    getattr(client, resource).retrieve("x")
    fake.revoke_tokens()
    getattr(client, resource).retrieve("x")
    handle = fake.operation(f"{resource}.retrieve")
    grants = [c.content for c in fake.token_requests]
    assert len(grants) == 2 and all(b"refresh_token" in grant for grant in grants)
    assert [c.headers["authorization"] for c in handle.calls] == [
        "Bearer fake-access-token-1",
        "Bearer fake-access-token-2",
    ]


def test_a_test_can_answer_nicejobs_documented_token_operation_itself() -> None:
    fake = FakeNiceJob()
    default = fake.client().oauth.token(
        grant_type="client_credentials", client_id="i", client_secret="s"
    )
    assert default.access_token == "fake-access-token-1"
    fake.oauth.token.respond_raw({"access_token": "mine", "token_type": "bearer"})
    client = fake.client(client_id="i", client_secret="s")
    assert (
        client.oauth.token(
            grant_type="client_credentials", client_id="i", client_secret="s"
        ).access_token
        == "mine"
    )


def _server(generation: int = 1) -> FakeServer:
    return FakeServer(
        "/v1", generation, lambda status, message: httpx.Response(status, text=message)
    )


def test_an_oauth2_token_url_on_another_host_is_answered_on_that_host_only() -> None:
    scheme = OAuth2Auth(token_url="https://auth.example/token", client_id="i", client_secret="s")
    grant = {"grant_type": "authorization_code", "client_id": "i", "client_secret": "s"}
    post = functools.partial(httpx.Request, "POST", json=grant)
    assert scheme.fake_token(post("https://api.example/token"), _server()) is None
    assert scheme.fake_token(httpx.Request("GET", "https://auth.example/token"), _server()) is None
    refused = scheme.fake_token(post("https://auth.example/token"), _server())
    assert refused is not None and refused.json() == {"error": "invalid_grant"}  # no code
    answer = scheme.fake_token(
        httpx.Request("POST", "https://auth.example/token", json={**grant, "code": "c"}),
        _server(generation=3),
    )
    assert answer is not None and answer.json()["access_token"] == "fake-access-token-3"


def test_a_session_token_request_without_its_query_is_refused_in_the_apis_format() -> None:
    scheme = SessionTokenAuth(
        method="GET",
        path="/session",
        query={"key": "api_key", "at": "timestamp"},
        token_field="token",
        credentials={"api_key": "k"},
    )
    url = "https://api.example/v1/session"
    missing = scheme.fake_token(httpx.Request("GET", url, params={"key": "k"}), _server())
    assert missing is not None and (missing.status_code, missing.text) == (401, "Missing at")
    given = httpx.Request("GET", url, params={"key": "k", "at": "1"})
    answer = scheme.fake_token(given, _server(generation=2))
    assert answer is not None and answer.json() == {"token": "fake-session-token-2"}
    assert scheme.fake_token(httpx.Request("GET", "https://api.example/session"), _server()) is None


def test_only_oauth2_withholds_the_fakes_credentials_from_a_client_given_its_own() -> None:
    credentials = {"access_token": "fake-access_token"}
    oauth = OAuth2Auth(token_url="/token", client_id="i", client_secret="s")
    assert oauth.fake_arguments(credentials, {}) == credentials
    assert oauth.fake_arguments(credentials, {"client_id": "mine"}) == {}
    assert BearerAuth("t").fake_arguments(credentials, {"client_id": "mine"}) == credentials


# -- raw responses and the User-Agent ----------------------------------------------------------


def test_with_raw_response_sync_and_async_on_operations_and_sub_resources() -> None:
    fake = FakeNicereply()
    client = fake.client()
    customer = fake.customers.retrieve.example()
    fake.customers.retrieve.respond(customer, headers={"X-RateLimit-Remaining": "9"})
    raw = client.customers.with_raw_response.retrieve("c1")
    assert isinstance(raw, APIResponse)
    assert (raw.status_code, raw.headers["x-ratelimit-remaining"]) == (200, "9")
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.parse() == client.customers.retrieve("c1")
    assert raw.parse() is raw.parse()
    nested = client.customers.with_raw_response.ratings.list("c1")
    assert nested.status_code == 200 and nested.parse().items is not None
    assert client.customers.ratings.with_raw_response.list("c1").status_code == 200

    async def go() -> tuple[Any, Any]:
        async with fake.async_client() as aclient:
            one = await aclient.customers.with_raw_response.retrieve("c1")
            page = await aclient.customers.with_raw_response.list()
            return one, page

    one, page = asyncio.run(go())
    assert one.headers["x-ratelimit-remaining"] == "9" and one.parse().id == raw.parse().id
    assert page.status_code == 200 and page.parse().items


def test_raw_responses_raise_status_errors_at_the_call() -> None:
    fake = FakeCampaignJobs()
    fake.jobs.retrieve.fail(404)
    with pytest.raises(errors.NotFoundError):
        fake.client().jobs.with_raw_response.retrieve(14)


def test_user_agent_names_package_api_python_and_httpx_unless_overridden() -> None:
    import platform

    fake = FakeNimble()
    client = fake.client()
    client.myself.retrieve()
    client.myself.retrieve(extra_headers={"User-Agent": "my-app/2"})
    client.myself.retrieve(extra_headers={"user-agent": "my-app/3"})
    agents = [c.headers.get_list("user-agent") for c in fake.myself.retrieve.calls]
    assert agents == [
        [
            f"apiclients-nimble/{apiclients.nimble.__version__} "
            f"apiclients-core/{apiclients._core._version.__version__} nimble/v1 "
            f"python/{platform.python_version()} httpx/{httpx.__version__}"
        ],
        ["my-app/2"],
        ["my-app/3"],
    ]


def test_fake_json_is_what_the_client_reads() -> None:
    fake = FakeCampaignJobs()
    job = fake.jobs.retrieve.example()
    fake.jobs.retrieve.respond(job)
    body = request(fake, "GET", "/j/jobs/14", headers={"Authorization": "Bearer t"}).content
    assert json.loads(body) == job


@pytest.mark.parametrize("api", ["nicejob", "nicereply", "timetap", "campaign_jobs", "nimble"])
def test_the_reference_readme_examples_run(api: str) -> None:
    """The fake and raw-response snippets of each API's README, run as written."""
    readme = Path(__file__).resolve().parents[2] / "generated" / api / "README.md"
    text = readme.read_text(encoding="utf-8")
    testing = text[text.index("## Testing code that uses this client") :]
    raw = text[text.index("## Raw responses") :]
    namespace: dict[str, Any] = {}
    snippet = re.search(r"```python\n(.*?)```", testing, re.S)
    assert snippet is not None
    exec(snippet.group(1), namespace)
    assert namespace["fake"].operation(namespace["fake"].routes[0].name) is not None
    namespace["fake"] = type(namespace["fake"])()  # the snippet left its operation failing
    namespace["client"] = namespace["fake"].client()
    snippet = re.search(r"```python\n(.*?)```", raw, re.S)
    assert snippet is not None
    exec(snippet.group(1), namespace)
    assert namespace["response"].status_code in (200, 201) and namespace["result"] is not None


def test_a_batched_call_through_the_fake_and_as_a_raw_response() -> None:
    fake = FakeCampaignJobs()
    result = fake.jobs.bulk_create.example()[0]
    fake.jobs.bulk_create.respond([result])
    jobs = [{"campaign": 28, "name": f"job {n}"} for n in range(1001)]
    client = fake.client()
    assert len(client.jobs.bulk_create(jobs)) == 2  # one result per request of 1000 and of 1
    assert [len(call.json) for call in fake.jobs.bulk_create.calls] == [1000, 1]
    raw = client.jobs.with_raw_response.bulk_create(jobs)
    assert raw.http_response.request is fake.jobs.bulk_create.calls[-1].request  # the last batch's
    assert raw.status_code == 200 and len(raw.parse()) == 2
    bad = [{"name": "no campaign"}]
    with pytest.raises(errors.InvalidArgumentError):  # refused before anything is sent
        client.jobs.bulk_create(bad)
    assert len(fake.jobs.bulk_create.calls) == 4


def test_pointing_oauth_elsewhere_keeps_the_fake_credentials() -> None:
    fake = FakeNimble()
    client = fake.client(oauth_base_url="https://oauth.example.test")
    client.myself.retrieve()
    assert fake.myself.retrieve.calls[0].headers["authorization"] == "Bearer fake-access_token"
