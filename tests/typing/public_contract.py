"""The public contract of the issues, as written, for mypy --strict (never executed).

`test_public_contract_type_checks` runs mypy on this file: a call the issues promise must not
need a cast or an ignore in a user's type-checked code.
"""

from __future__ import annotations

import datetime as dt

import httpx

from apiclients import errors
from apiclients.campaign_jobs import CampaignJobs
from apiclients.campaign_jobs.types import JobInput
from apiclients.nicejob import AsyncNiceJob, NiceJob
from apiclients.nicejob.testing import FakeNiceJob
from apiclients.nicejob.types import Booking, Person
from apiclients.nicereply import Nicereply
from apiclients.nimble import AsyncNimble, Nimble
from apiclients.nimble.types import ContactFieldValue, ContactView
from apiclients.timetap import TimeTap


def nicejob(client: NiceJob) -> None:
    page = client.people.list(email="ann@example.com")
    people: list[Person] = page.items
    if page.has_next_page():
        page.get_next_page()
    for booking in client.bookings.list(person_id="p1"):
        assert isinstance(booking, Booking)
    found: Booking | None = client.bookings.retrieve("b1")
    client.people.update("p1", company=None)
    client.people.update("p1", first_name="Ann")
    client.people.retrieve("p1", timeout=5)
    client.review_insights.retrieve(person_id="p1")
    client.company.retrieve()
    client.campaign_enrollments.create(person_id="p1")
    client.webhooks.delete("w1")
    print(people, found, errors.APIError)


def with_options(client: NiceJob, aclient: AsyncNiceJob, http: httpx.Client) -> None:
    """Issue 23: a copy of the client's own class, from every constructor option."""
    staging: NiceJob = client.with_options(
        access_token="t2", base_url="https://staging.example", http_client=http, max_retries=0
    )
    staging.people.retrieve("p1")
    oauth: NiceJob = client.with_options(client_id="i", client_secret="s", oauth_base_url=None)
    quick: AsyncNiceJob = aclient.with_options(timeout=2.5, strict_response_validation=True)
    keyed: TimeTap = TimeTap(api_key="a", private_key="p").with_options(private_key="q")
    print(oauth, quick, keyed)


async def nicejob_async(client: AsyncNiceJob) -> None:
    await client.people.retrieve("p1")
    async for booking in client.bookings.list():
        assert isinstance(booking, Booking)


def nicereply(k: str, cid: str, s: str) -> None:
    for customer in Nicereply(api_key=k).customers.list(sort_order="asc"):
        print(customer)
    Nicereply(api_key=k).customers.ratings.list(
        cid, period_start=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    )
    Nicereply(api_key=k).customers.stats(cid)
    Nicereply(api_key=k).nps.stats()
    Nicereply(api_key=k).csat.ratings.create(survey_id=s, score=5, user={"username": "bob"})
    Nicereply(api_key=k).users.create_agent(fullname="Uncle Bob", username="bob", email="b@x.io")


def timetap(a: str, p: str) -> None:
    TimeTap(api_key=a, private_key=p).invitations.retrieve("ivt...")
    TimeTap(api_key=a, private_key=p).invitation_campaigns.list(professional_id=77961, page_size=50)
    TimeTap(api_key=a, private_key=p).invitation_campaigns.send_to_clients(
        [6444669, 5360110], business_id=43111, email={"subject": "Hi"}
    )


def campaign_jobs(t: str, u: str, jobs: list[JobInput]) -> None:
    CampaignJobs(access_token=t, base_url=u).jobs.list(campaign=28)
    CampaignJobs(access_token=t, base_url=u).jobs.bulk_create(jobs)
    CampaignJobs(access_token=t, base_url=u).jobs.unqueue(14)


def nimble(t: str, cid: str, deal_id: str) -> None:
    for contact in Nimble(access_token=t).contacts.list(record_type="person", per_page=50):
        print(contact)
    Nimble(access_token=t).contacts.retrieve(cid)
    Nimble(access_token=t).contacts.create(
        record_type="person", fields={"first name": [{"value": "Ann"}]}
    )
    Nimble(access_token=t).contacts.delete(cid)
    Nimble(access_token=t).contacts.notes.list(cid)
    Nimble(access_token=t).deals.retrieve(deal_id)
    Nimble(access_token=t).deals.pipelines.list()


def read_only_arguments(client: Nimble, nicejob: NiceJob) -> None:
    """Issue 23: a caller's own dicts, lists and tuples where the spec takes maps and lists
    (list and dict are invariant: the parameters are Mapping and Sequence)."""
    fields: dict[str, list[dict[str, str]]] = {"first name": [{"value": "Ann"}]}
    client.contacts.create(record_type="person", fields=fields, file_ids=("f1", "f2"))
    values: dict[str, list[ContactFieldValue]] = {"email": [ContactFieldValue(value="a@b.c")]}
    client.contacts.update("c1", fields=values)
    ids: list[str] = ["e1"]
    nicejob.bookings.create(employee_ids=ids, tags=("vip", "new"))


def page_fields(nimble: Nimble, nicereply: Nicereply, nicejob: NiceJob) -> None:
    """Issue 23: a page keeps the typed fields of its response beside its items."""
    page = nimble.contacts.list(per_page=50)
    contacts: list[ContactView] = page.items
    total: int = page.meta.total
    following: int = page.get_next_page().meta.page
    walked: list[int] = [each.meta.page for each in page.iter_pages()]
    raw_total: int = nimble.contacts.with_raw_response.list().parse().meta.total
    rated: int = nicereply.customers.list().pagination.total
    cursor: str | None = nicejob.people.list().cursor
    print(contacts, total, following, walked, raw_total, rated, cursor)


async def page_fields_async(nimble: AsyncNimble) -> None:
    total: int = (await nimble.contacts.list()).meta.total
    raw: int = (await nimble.contacts.with_raw_response.list()).parse().meta.total
    async for contact in nimble.contacts.list():
        print(contact.id, total, raw)


def downstream_tests_with_the_fake() -> None:
    """Issue 13: the fake, raw responses and the response on an error."""
    fake = FakeNiceJob()
    fake.people.retrieve.respond({"id": "p1", "first_name": "Ann"})
    fake.people.create.fail(409, {"error": "duplicate email"})
    client: NiceJob = fake.client()
    aclient: AsyncNiceJob = fake.async_client()
    ann: Person | None = client.people.retrieve("p1")
    call = fake.people.retrieve.calls[0]
    print(call.method, call.path, call.path_params, call.query, call.json, call.headers)
    raw = client.people.with_raw_response.retrieve("p1")
    parsed: Person | None = raw.parse()
    people: list[Person] = client.people.with_raw_response.list(email="a@example.com").parse().items
    print(raw.status_code, raw.headers, raw.http_response, parsed, people, ann, aclient)
    try:
        client.people.create(first_name="Ann")
    except errors.APIStatusError as exc:
        print(exc.response.headers.get("retry-after"), exc.status_code)


async def downstream_async_raw_responses(fake: FakeNiceJob) -> None:
    client = fake.async_client()
    one: Person | None = (await client.people.with_raw_response.retrieve("p1")).parse()
    page = (await client.people.with_raw_response.list()).parse()
    first: list[Person] = page.items
    print(one, first, (await client.bookings.with_raw_response.retrieve("b1")).headers)
