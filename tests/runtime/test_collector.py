"""The cyclic collector is paused while a body is parsed, and left as the caller had it."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from apiclients._core.collector import collector_paused
from apiclients.nicejob.resources.people import _PEOPLE_LIST

PERSON = {
    "id": "p1",
    "address": None,
    "blocked": False,
    "company": None,
    "created_at": "2024-01-02T03:04:05Z",
    "email": None,
    "first_name": "Ann",
    "initial_source": None,
    "last_name": None,
    "lifecycle_stage": "lead",
    "phone": None,
    "position": None,
    "tags": ["vip"],
    "updated_at": "2024-01-02T03:04:05Z",
    "surprise": {"kept": True},
}
BODY = json.dumps({"data": [PERSON] * 50, "cursor": None, "error": None}).encode()


@pytest.fixture(autouse=True)
def restore_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_the_collector_is_off_during_a_parse_and_on_again_after() -> None:
    gc.enable()
    seen: list[bool] = []
    with collector_paused():
        seen.append(gc.isenabled())
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    gc.disable()
    people = _PEOPLE_LIST.parse(BODY).data
    assert people[0].first_name == "Ann"
    assert not gc.isenabled()


def test_a_failed_parse_restores_the_collector() -> None:
    gc.enable()
    with pytest.raises(ValidationError):
        _PEOPLE_LIST.parse(b'{"data": [{"first_name": 1}]}')
    assert gc.isenabled()


def test_nested_pauses_restore_once_the_outer_one_ends() -> None:
    gc.enable()
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_parsed_models_keep_their_features() -> None:
    person = _PEOPLE_LIST.parse(BODY).data[0]
    assert person.id == "p1"
    assert person.model_extra == {"surprise": {"kept": True}}


@pytest.mark.parametrize("enabled", [True, False])
def test_parses_in_many_threads_leave_the_caller_setting(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    start = threading.Barrier(8)
    results: list[Any] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            for _ in range(20):
                results.append(_PEOPLE_LIST.parse(BODY).data)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 160 and all(len(people) == 50 for people in results)
    assert gc.isenabled() is enabled


def test_overlapping_pauses_in_two_threads_end_with_the_last() -> None:
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with collector_paused():
            inside.set()
            release.wait()

    thread = threading.Thread(target=hold)
    thread.start()
    inside.wait()
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread's parse is still running
    release.set()
    thread.join()
    assert gc.isenabled()


def test_an_enable_during_a_pause_is_kept() -> None:
    gc.disable()
    with collector_paused():
        gc.enable()
    assert gc.isenabled()
