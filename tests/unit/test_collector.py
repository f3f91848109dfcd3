"""The collector's tuning for a generation run (generator/collector.py) leaves the process's own
settings as they were: `generator.cli.main` runs inside the tests' processes too."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from generator.collector import tuned_for_generation


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
