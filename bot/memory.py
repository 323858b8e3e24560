"""A worker's memory between jobs. The rules memoise what they compute per title, link and row
(``functools.lru_cache``, bounded by a count of entries so that a 100k-entry check stays linear); over
many jobs on long lists those memos hold hundreds of megabytes for lists no longer reviewed. A worker
whose resident memory has passed ``RELEASE_ABOVE`` empties them after each job, so that what it keeps is
its document cache, bounded by bytes; below it, they are kept for the next job's speed."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

RELEASE_ABOVE = 512 * 2**20  # bytes of resident memory: half the 1 GB a worker dyno is given
STATM = Path("/proc/self/statm")


def release() -> None:
    """Empty the memos of every loaded ``rules`` module when the process is past ``RELEASE_ABOVE``."""
    if resident_bytes() <= RELEASE_ABOVE:
        return
    for name, module in list(sys.modules.items()):
        if name == "rules" or name.startswith("rules."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def resident_bytes() -> int:
    """The process's resident memory now; where ``/proc`` is missing, its peak (an upper bound)."""
    if STATM.exists():
        return int(STATM.read_text().split()[1]) * resource.getpagesize()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux kilobytes
