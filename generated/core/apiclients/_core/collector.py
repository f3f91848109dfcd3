"""Pausing Python's cyclic garbage collector while a response body is parsed.

Validating a large body builds tens of thousands of objects in one go, and every 700 of them
the collector runs again and searches the growing heap for cycles it will not find (parsed models
hold no cycles): on a 10,000-item listing that was two thirds of the parse. Paused, the new
objects are examined once, by the first collection after the parse.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
# Parses in progress (any thread), and whether the first of them found the collector enabled.
_active = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the collector off while the block runs; afterwards it is as the caller had it.

    The setting is process-wide, so parses in several threads share one pause: the first to start
    records the caller's setting and the last to finish restores it. A collector that was off
    before the first parse stays off; one switched on meanwhile (`gc.enable()`) stays on. (What
    cannot be told apart: a `gc.disable()` from another thread while a parse is running; the last
    parse to finish switches the collector back on.)
    """
    global _active, _resume
    with _lock:
        if _active == 0:
            _resume = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _resume:
                gc.enable()
