"""TimeTap: session tokens, epoch milliseconds, list path parameters, short-page pagination."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time

import pytest

from apiclients import errors
from apiclients.timetap import AsyncTimeTap, TimeTap
from apiclients.timetap.types import Invitation, InvitationCampaign
from tests.runtime.conftest import call
from tests.server.fakeapi import FakeAPI, Received, Reply

KEY, SECRET = "api-key-1", "private-key-1"
INVITATION = {
    "businessId": 43111,
    "clickDate": 1540317889771,
    "clicked": True,
    "completed": True,
    "completedDate": 1540317921105,
    "createdDate": 1540317840787,
    "createdUser": "JoeSchmo",
    "declineDate": None,
    "declined": False,
    "email": {},
    "invitationCampaignId": 123733,
    "invitationUUId": "ivt1",
    "modifiedDate": 1540317921105,
    "modifiedUser": "WebClient",
    "objectId": 5146945,
    "objectType": "CLIENT",
    "openDate": 1540317881254,
    "opened": True,
    "sent": True,
    "status": "COMPLETED",
    "unsubscribed": False,
}


def campaign(cid: int, **extra: object) -> dict[str, object]:
    return {"businessId": 43111, "invitationCampaignId": cid, "professionalId": 77961, **extra}


class Sessions:
    """A session-token endpoint and a rule: only the newest token is accepted."""

    def __init__(self, api: FakeAPI) -> None:
        self.issued = 0
        self.lock = threading.Lock()
        api.handle("GET", "/live/sessionToken", self.token)

    def token(self, request: Received) -> Reply:
        with self.lock:
            self.issued += 1
            return Reply(json={"sessionToken": f"session-{self.issued}"})

    def accepts(self, request: Received) -> bool:
        return request.headers.get("authorization") == f"Bearer session-{self.issued}"


def timetap(mode: str, api: FakeAPI, action):  # type: ignore[no-untyped-def]
    return call(
        mode,
        TimeTap,
        AsyncTimeTap,
        action,
        api_key=KEY,
        private_key=SECRET,
        base_url=api.url + "/live",
    )


def test_the_session_token_is_fetched_on_first_use_and_signed(api: FakeAPI, mode: str) -> None:
    sessions = Sessions(api)
    api.handle(
        "GET",
        "/live/invitation/ivt1",
        lambda r: Reply(json=INVITATION) if sessions.accepts(r) else Reply(401),
    )
    before = int(time.time())
    invitation = timetap(mode, api, lambda c: c.invitations.retrieve("ivt1"))
    assert isinstance(invitation, Invitation)
    (token_call,) = api.requests_to("GET", "/live/sessionToken")
    query = dict(token_call.query)
    assert query["apiKey"] == KEY
    assert query["signature"] == hashlib.md5((KEY + SECRET).encode()).hexdigest()
    assert before <= int(query["timestamp"]) <= int(time.time())


def test_an_expired_session_is_renewed_once(api: FakeAPI, mode: str) -> None:
    sessions = Sessions(api)
    expired = {"count": 0}

    def invitation(request: Received) -> Reply:
        if expired["count"] == 0:  # the first session expires as soon as it is used
            expired["count"] += 1
            return Reply(401, json={"message": "session expired"})
        return Reply(json=INVITATION) if sessions.accepts(request) else Reply(401)

    api.handle("GET", "/live/invitation/ivt1", invitation)
    assert timetap(mode, api, lambda c: c.invitations.retrieve("ivt1")).invitation_uuid == "ivt1"
    assert sessions.issued == 2


def test_epoch_milliseconds_are_aware_utc_datetimes_and_go_back_as_milliseconds(
    api: FakeAPI,
) -> None:
    Sessions(api)
    api.handle("GET", "/live/invitation/ivt1", lambda r: Reply(json=INVITATION))
    api.handle("PUT", "/live/invitationCampaign", lambda r: Reply(json=campaign(1, **r.json())))
    with TimeTap(api_key=KEY, private_key=SECRET, base_url=api.url + "/live") as client:
        invitation = client.invitations.retrieve("ivt1")
        assert invitation.click_date == dt.datetime(
            2018, 10, 23, 18, 4, 49, 771000, tzinfo=dt.timezone.utc
        )
        assert invitation.decline_date is None
        client.invitation_campaigns.update(
            invitation_campaign_id=1,
            business_id=43111,
            expire_date=dt.datetime(2023, 5, 31, tzinfo=dt.timezone.utc),
        )
    (put,) = api.requests_to("PUT", "/live/invitationCampaign")
    assert put.json() == {
        "invitationCampaignId": 1,
        "businessId": 43111,
        "expireDate": 1685491200000,
    }


def test_every_documented_form_is_accepted() -> None:
    both = InvitationCampaign.model_validate(
        campaign(1, expireDate="2023-05-31", waitListId=7, requisitionNnmber="1")
    )
    assert both.expire_date == dt.datetime(2023, 5, 31, tzinfo=dt.timezone.utc)
    assert both.waitlist_id == 7 and both.requisition_number == "1"
    assert (
        InvitationCampaign.model_validate(campaign(1, expireDate=1685491200000)).expire_date
        == both.expire_date
    )
    assert both.model_dump(mode="json", by_alias=True, exclude_unset=True)["waitlistId"] == 7


def test_list_path_parameters_are_sent_comma_separated(api: FakeAPI, mode: str) -> None:
    Sessions(api)
    api.handle(
        "POST", "/live/invitationCampaign/client/6444669,5360110", lambda r: Reply(json=campaign(9))
    )
    result = timetap(
        mode,
        api,
        lambda c: c.invitation_campaigns.send_to_clients(
            [6444669, 5360110], business_id=43111, email={"subject": "Hi"}
        ),
    )
    assert result.invitation_campaign_id == 9
    (sent,) = api.requests_to("POST", "/live/invitationCampaign/client/6444669,5360110")
    assert sent.json() == {"businessId": 43111, "email": {"subject": "Hi"}}


def test_pages_stop_at_a_short_page(api: FakeAPI, mode: str) -> None:
    Sessions(api)

    def page(request: Received) -> Reply:
        number, size = int(dict(request.query).get("pageNumber", 1)), 50
        remaining = 120 - (number - 1) * size
        first = (number - 1) * size  # each page its own campaigns: identical pages are a loop
        return Reply(json=[campaign(first + i) for i in range(max(0, min(size, remaining)))])

    api.handle("GET", "/live/invitationCampaign", page)

    def walk(client):  # type: ignore[no-untyped-def]
        if isinstance(client, TimeTap):
            return list(client.invitation_campaigns.list(professional_id=77961, page_size=50))

        async def collect():  # type: ignore[no-untyped-def]
            return [
                c
                async for c in client.invitation_campaigns.list(professional_id=77961, page_size=50)
            ]

        return collect()

    assert len(timetap(mode, api, walk)) == 120
    pages = [
        dict(r.query).get("pageNumber") for r in api.requests_to("GET", "/live/invitationCampaign")
    ]
    assert pages == [None, "2", "3"]


def test_a_bad_page_size_is_refused_before_sending(api: FakeAPI) -> None:
    with (
        TimeTap(api_key=KEY, private_key=SECRET, base_url=api.url) as client,
        pytest.raises(errors.InvalidArgumentError, match="page_size"),
    ):
        client.invitation_campaigns.list(page_size=0)
    assert api.received == []
