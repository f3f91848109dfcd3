"""The cyclic garbage collector's settings for a generation run.

Generating makes millions of small objects that live until the run ends (the spec, the IR, the
rendered text) and few cycles. With Python's defaults the collector examined them over and over:
half of a run's time on a spec of 2,000 operations (23.6 s against 11.6 s with it off, the
output identical). Here everything imported before the run (modules, templates, pydantic's
schemas) is frozen out of its reach, and the young generation is collected every 100,000
allocations rather than every 700, the oldest seldom.

That still made a run's cost per operation grow with the spec: nothing is collected in a run
of 400 thin operations, 26 young collections (0.7 s) in one of 6,400, each examining what the
stages had made since the last. So the stages that make no reference cycles (reading,
resolving, the IR, the OpenAPI export: `acyclic_stage`) run with the collector paused, and what
they made is frozen as they end; only rendering the templates makes cycles (each module whose
template imports the macros `with context`), and its collections examine only its own objects.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["acyclic_stage", "tuned_for_generation"]

_THRESHOLDS = (100_000, 50, 1000)
_run_owns_freeze = False  # whether a tuned run froze the process's objects (and thaws them)


@contextmanager
def tuned_for_generation() -> Iterator[None]:
    """Entered once the generator's modules are imported, before the specs are read. On leaving,
    the thresholds are set back and what was frozen here thawed, so that a caller of
    `generator.cli.main` in a longer-lived process (the tests) keeps its own collector."""
    global _run_owns_freeze
    before = gc.get_threshold()
    froze = gc.get_freeze_count() == 0  # someone else's freeze is theirs to undo
    if froze:
        gc.freeze()
    gc.set_threshold(*_THRESHOLDS)
    _run_owns_freeze = froze
    try:
        yield
    finally:
        _run_owns_freeze = False
        gc.set_threshold(*before)
        if froze:
            gc.unfreeze()


@contextmanager
def acyclic_stage() -> Iterator[None]:
    """A stage that makes no reference cycles, only objects freed as they are dropped or kept
    until the run ends: the collector paused while it runs (it would find nothing), and in a
    tuned run what the stage made frozen after it, out of reach of the later stages'
    collections. Outside a tuned run (the tests), only the pause, the caller's setting kept."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    if _run_owns_freeze:
        gc.freeze()
