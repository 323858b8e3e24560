"""Pause Python's cyclic garbage collector while a command or a job checks a list: the entry points'
memory tuning, kept out of the rules engine (which stays free of process-wide switches)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pausing = 0  # how many pauses are open now, in any thread
_was_enabled = False  # whether the first of them found the collector on


@contextmanager
def paused() -> Iterator[None]:
    """Checking a 100k-entry list makes millions of small objects (entries, readings, index keys) and no
    cycles; every few hundred allocations the collector would walk them all again, so the cost grew with
    the square of the list. Paused, it stays linear. Pauses nest and overlap across a worker's threads:
    the collector is back on (if it was on) when the last of them ends. Usable as a decorator."""
    _enter()
    try:
        yield
    finally:
        _leave()


def _enter() -> None:
    global _pausing, _was_enabled
    with _lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1


def _leave() -> None:
    global _pausing
    with _lock:
        _pausing -= 1
        if _pausing == 0 and _was_enabled:
            gc.enable()
