"""The collector's tuning for a generation run (generator/collector.py) leaves the process's own
settings as they were: `generator.cli.main` runs inside the tests' processes too."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.collector import acyclic_stage, tuned_for_generation
from generator.openapi import build_openapi, dumps
from generator.pipeline import Project, load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Each test starts with nothing frozen; the test process's thresholds are set back after."""
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


@pytest.mark.usefixtures("collector_restored")
def test_inside_imports_are_frozen_and_young_collections_rare_then_restored() -> None:
    gc.set_threshold(700, 10, 10)
    with tuned_for_generation():
        assert gc.get_freeze_count() > 0
        young, _, _ = gc.get_threshold()
        assert young >= 100_000
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_restored")
def test_restored_when_the_run_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), tuned_for_generation():
        raise RuntimeError("spec error")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_restored")
def test_a_callers_own_freeze_is_left_to_the_caller() -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with tuned_for_generation():
        inside = gc.get_freeze_count()
    # Frozen objects freed meanwhile leave the count; none are thawed, none frozen on top.
    assert 0 < gc.get_freeze_count() <= inside <= frozen


@pytest.mark.usefixtures("collector_restored")
def test_an_acyclic_stage_pauses_the_collector_and_in_a_run_freezes_what_it_made() -> None:
    with tuned_for_generation():
        with acyclic_stage():
            assert not gc.isenabled()
            made = [[index] for index in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made)
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_restored")
def test_outside_a_run_an_acyclic_stage_freezes_nothing_and_keeps_the_callers_setting() -> None:
    gc.disable()
    try:
        with acyclic_stage():
            assert not gc.isenabled()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), acyclic_stage():
        raise RuntimeError("spec error")
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_restored")
def test_the_stages_run_as_acyclic_leave_no_cycles() -> None:
    """What `acyclic_stage` says of reading, resolving, the IR and the OpenAPI export: were they
    to make cycles, a run would keep them (frozen) until it ends. Measured on the repository's
    specs, the second time (the first fills caches that live on)."""
    project = Project.at(ROOT)
    for _ in range(2):
        gc.collect()
        gc.disable()
        try:
            apis = load(project)
            loaded = len(apis)
            del apis
            from_loading = gc.collect()
            documents = [dumps(build_openapi(api.model)) for api in load(project)]
            del documents
            from_export = gc.collect()
        finally:
            gc.enable()
    assert loaded > 1 and from_loading == 0
    # The standard library's JSON encoder with an indent makes one small cycle per document
    # (its nested functions), whatever the document's size.
    assert from_export <= 40 * loaded
