"""Pause Python's cyclic garbage collector around work that makes many small objects and no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Checking a 100k-entry list makes millions of small objects (entries, readings, index keys) and no
    cycles; every few hundred allocations the collector would walk them all again, so the cost grew with
    the square of the list. Paused, it stays linear. Nested pauses are fine."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
