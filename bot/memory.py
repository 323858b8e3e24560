"""What a process keeps of the rules' memos. The rules memoise what they compute per row, title and link
(``functools.lru_cache``, sized by a count of items so that a 100k-entry check stays linear) and a few
whole-list values (a list's subject, where its links sit). Those memos help across fix rounds and the
pushes of one pull request, and nowhere else; on a 100k-entry list they hold hundreds of megabytes.

So the entry points empty them where they stop paying: ``check`` once its files are parsed and after
each rule (``release_row_memos``: no later rule reads a row's memo again, and each rule's memos would sit
under the next one's peak), a worker after each job once its resident memory has passed ``RELEASE_ABOVE``
(``release``), so that what it keeps between jobs is its document cache, bounded by bytes."""

from __future__ import annotations

import resource
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, cast

RELEASE_ABOVE = 512 * 2**20  # bytes of resident memory: half the 1 GB a worker dyno is given
# A memo this large or larger holds an item per row, title, link or cell of the lists checked; smaller
# ones hold whole-list values (1, 2 or 64 of them) or a few dozen table shapes.
ROW_MEMO_SIZE = 4096
STATM = Path("/proc/self/statm")


class Memo(Protocol):
    """A function memoised by ``functools.lru_cache``."""

    def cache_clear(self) -> None: ...

    def cache_parameters(self) -> dict[str, Any]: ...


def release() -> None:
    """Empty every memo of the loaded ``rules`` modules when the process is past ``RELEASE_ABOVE``."""
    if resident_bytes() > RELEASE_ABOVE:
        release_memos()


def release_row_memos() -> None:
    """Empty the memos that hold an item per row, title or link; keep the few small ones (the packaged
    venue registry, a table's column roles) that every rule and every check reads again."""
    release_memos(ROW_MEMO_SIZE)


def release_memos(min_size: int = 0) -> None:
    """Empty the memos of the loaded ``rules`` modules sized for ``min_size`` items or more."""
    for memo in memos():
        size = memo.cache_parameters()["maxsize"]
        if size is None or size >= min_size:
            memo.cache_clear()


def memos() -> Iterator[Memo]:
    """The memoised functions of the loaded ``rules`` modules, each once (modules import each other's)."""
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if name != "rules" and not name.startswith("rules."):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_parameters", None)) and id(value) not in seen:
                seen.add(id(value))
                yield cast(Memo, value)


def resident_bytes() -> int:
    """The process's resident memory now; where ``/proc`` is missing, its peak (an upper bound)."""
    if STATM.exists():
        return int(STATM.read_text().split()[1]) * resource.getpagesize()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux kilobytes
