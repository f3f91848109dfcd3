"""A downstream project's test program: it imports only `apiclients` (installed, not from this
checkout) and drives one API's fake, sync and async, as a project testing its own code would.

Run by tests/test_downstream.py as `app.py <api>` inside a virtual environment holding that API's
distribution and the core alone; prints one line for the API, then where its package was found.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from typing import Any

from apiclients import errors

# (package, client class, a list operation and its arguments, a retrieve operation and its argument)
APIS: list[tuple[str, str, str, dict[str, Any], str, Any]] = [
    ("nicejob", "NiceJob", "people.list", {}, "people.retrieve", "p1"),
    ("nicereply", "Nicereply", "customers.list", {}, "customers.retrieve", "c1"),
    ("timetap", "TimeTap", "invitation_campaigns.list", {}, "invitation_campaigns.retrieve", 7),
    ("campaign_jobs", "CampaignJobs", "jobs.list", {"campaign": 28}, "jobs.retrieve", 14),
    ("nimble", "Nimble", "contacts.list", {}, "contacts.retrieve", "c1"),
]


def reach(root: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


def items_of(result: Any) -> list[Any]:
    return list(result.items) if hasattr(result, "items") else list(result)


def check_sync(
    api: str, fake: Any, list_op: str, list_args: dict[str, Any], retrieve_op: str, argument: Any
) -> None:
    with fake.client() as client:
        result = reach(client, list_op)(**list_args)  # the fake's default answer
        first = items_of(result)[0]
        if hasattr(result, "has_next_page"):  # a page: the fake builds the API's page fields
            reach(fake, list_op).respond_pages([first, first], [first])
            assert (
                len(list(reach(client, list_op)(**list_args))) == 3
            ), "the pages were not all walked"
        else:
            reach(fake, list_op).respond([first])
            assert len(items_of(reach(client, list_op)(**list_args))) == 1

        retrieve = reach(fake, retrieve_op)
        retrieve.fail(404)
        try:
            reach(client, retrieve_op)(argument)
        except errors.NotFoundError as exc:
            assert exc.status_code == 404
            assert exc.response.headers["content-type"] == "application/json"
        else:
            raise AssertionError("fail(404) did not raise NotFoundError")
        retrieve.reset()

        response = reach(client, raw_name(retrieve_op))(argument)
        assert response.status_code == 200 and response.parse() is not None
        agent = retrieve.calls[-1].headers["user-agent"]
        package = importlib.import_module(f"apiclients.{api}")
        distribution = "apiclients-" + api.replace("_", "-")
        assert agent.startswith(f"{distribution}/{package.__version__} apiclients-core/"), agent
        assert " python/" in agent and " httpx/" in agent, agent

        try:
            retrieve.respond({"not a key of the spec": True})
        except ValueError:
            pass
        else:
            raise AssertionError("respond() took data the spec does not describe")

    if api == "timetap":  # the client fetched its session token from the fake
        assert fake.token_requests, "no session token was requested"
    if api in ("nicejob", "nimble"):  # OAuth: the client obtains and renews its access token
        # Nimble wants its application's redirect URI on every token request.
        extra = {"redirect_uri": "https://app.example/callback"} if api == "nimble" else {}
        oauth = fake.client(
            client_id="id", client_secret="secret", refresh_token="refresh", **extra
        )
        before = len(fake.token_requests)
        reach(oauth, retrieve_op)(argument)
        fake.revoke_tokens()
        reach(oauth, retrieve_op)(argument)
        assert len(fake.token_requests) == before + 2, "the token was not obtained and renewed"


def raw_name(dotted: str) -> str:
    """`people.retrieve` -> `people.with_raw_response.retrieve`."""
    resource, _, method = dotted.rpartition(".")
    return f"{resource}.with_raw_response.{method}"


async def check_async(
    fake: Any, list_op: str, list_args: dict[str, Any], retrieve_op: str, argument: Any
) -> None:
    async with fake.async_client() as client:
        result = reach(client, list_op)(**list_args)
        if hasattr(result, "__aiter__"):
            walked = [item async for item in result]
        else:
            walked = items_of(await result)
        assert walked, "the async list came back empty"
        assert await reach(client, retrieve_op)(argument) is not None
        raw = await reach(client, raw_name(retrieve_op))(argument)
        assert raw.status_code == 200 and raw.parse() is not None


def main(name: str) -> int:
    for api, client_name, list_op, list_args, retrieve_op, argument in APIS:
        if api != name:
            continue
        testing = importlib.import_module(f"apiclients.{api}.testing")
        fake = getattr(testing, f"Fake{client_name}")()
        check_sync(api, fake, list_op, list_args, retrieve_op, argument)
        asyncio.run(check_async(fake, list_op, list_args, retrieve_op, argument))
        print(f"{api}: ok ({len(reach(fake, retrieve_op).calls)} calls to {retrieve_op})")
        print(f"from {testing.__file__}")
        return 0
    raise SystemExit(f"unknown API {name!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
