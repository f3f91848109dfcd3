"""The parsers `parse_worker.py` times, for each payload: ours (the client's own `Operation.parse`),
plain pydantic models of the same fields that keep unknown keys (`extra="allow"`, what ours should
cost), plain pydantic models that drop them (pydantic's limit), and openapi-python-client's
generated `from_dict` over `json.loads` (the peer, generated as package `opc_<api>`).

The plain models parse with the collector paused, as ours does (`_core/collector.py`), so that
their difference from ours is the models' own; opc runs as its users run it.
"""

from __future__ import annotations

import datetime
import gc
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter

Parser = Callable[[bytes], Any]


def paused(parse: Parser) -> Parser:
    def run(body: bytes) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return parse(body)
        finally:
            if enabled:
                gc.enable()

    return run


def _nicejob_limit(extra: str) -> Parser:
    config = ConfigDict(extra=extra)  # type: ignore[typeddict-item]

    class Address(BaseModel):
        model_config = config
        address: str | None = None
        city: str | None = None
        country: str | None = None
        state: str | None = None
        unit: str | None = None
        zip: str | None = None

    class Person(BaseModel):
        model_config = config
        id: str
        address: Address | None
        blocked: bool
        company: str | None
        created_at: datetime.datetime
        email: str | None
        first_name: str | None
        initial_source: str | None
        last_name: str | None
        lifecycle_stage: str | None
        phone: str | None
        position: str | None
        tags: list[str]
        updated_at: datetime.datetime

    class Envelope(BaseModel):
        model_config = config
        data: list[Person]
        cursor: str | None = None
        error: str | None = None

    adapter = TypeAdapter(Envelope)
    return paused(lambda body: adapter.validate_json(body).data)


def nicejob() -> dict[str, Parser]:
    from opc_nicejob.models.person import Person as OpcPerson

    from apiclients.nicejob.resources.people import _PEOPLE_LIST

    return {
        "ours": lambda body: _PEOPLE_LIST.parse(body).data,
        "plain_keep": _nicejob_limit("allow"),
        "plain": _nicejob_limit("ignore"),
        "opc": lambda body: [OpcPerson.from_dict(item) for item in json.loads(body)["data"]],
    }


def _nimble_limit(extra: str) -> Parser:
    config = ConfigDict(extra=extra)  # type: ignore[typeddict-item]

    class FieldValue(BaseModel):
        model_config = config
        value: str
        modifier: str | None = None
        field_id: str | None = None
        label: str | None = None
        extra_value: str | None = None

    class LastContacted(BaseModel):
        model_config = config
        user_id: str | None = None
        deletion_tstamp: str | None = None
        type: str | None = None
        object_id: str | None = None
        tstamp: str | None = None

    class Tag(BaseModel):
        model_config = config
        tag: str
        id: str

    class Contact(BaseModel):
        model_config = config
        id: str
        updated: str
        created: str
        fields: dict[str, list[FieldValue]]
        object_type: str
        record_type: str
        last_contacted: LastContacted | None = None
        avatar_url: str | None = None
        creator: str | None = None
        owner_id: str | None = None
        children: list[str] = []
        tags: list[Tag | str] = []

    class Meta(BaseModel):
        model_config = config
        page: int
        pages: int
        per_page: int
        total: int

    class Listing(BaseModel):
        model_config = config
        resources: list[Contact]
        meta: Meta | None = None

    adapter = TypeAdapter(Listing)
    return paused(lambda body: adapter.validate_json(body).resources)


def nimble() -> dict[str, Parser]:
    from opc_nimble.models.contacts_listing import ContactsListing as OpcListing

    from apiclients.nimble.resources.contacts import _CONTACTS_LIST

    return {
        "ours": lambda body: _CONTACTS_LIST.parse(body).data,
        "plain_keep": _nimble_limit("allow"),
        "plain": _nimble_limit("ignore"),
        "opc": lambda body: OpcListing.from_dict(json.loads(body)).resources,
    }


SUBJECTS: dict[str, Callable[[], dict[str, Parser]]] = {"nicejob": nicejob, "nimble": nimble}
