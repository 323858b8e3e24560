"""The cache of answers and the rate limiter's clock, shared by every worker: SQLite beside the job queue
(``DATA_DIR/records.db``) on one machine, Redis when ``REDIS_URL`` is set.

Both are tiny: the cache maps a request to its answer until it expires; the limiter keeps, per source,
the moment the next request may start, and hands out slots one interval apart, atomically, so that
any number of threads and processes together keep to a source's rate.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

Clock = Callable[[], float]

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS slots (source TEXT PRIMARY KEY, next_at REAL NOT NULL);
"""
REDIS_PREFIX = "paper-triage:records:"
# Take a slot atomically: the later of now and the stored next start, and store that plus the interval.
REDIS_TAKE = """
local start = math.max(tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], tostring(start + tonumber(ARGV[2])), 'EX', 3600)
return tostring(start)
"""
REDIS_DEFER = """
local later = math.max(tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], tostring(later), 'EX', 3600)
return tostring(later)
"""


class Store(Protocol):
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, value: str, ttl: float) -> None: ...
    def take_slot(self, source: str, interval: float) -> float:
        """The moment (clock time) this caller may send its request to ``source``."""
        ...

    def defer(self, source: str, until: float) -> None:
        """No request to ``source`` before ``until`` (a ``Retry-After``)."""
        ...


class SqliteStore:
    """The store in one SQLite file; a connection per thread, WAL so that readers never wait."""

    def __init__(self, path: Path, clock: Clock = time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path, self._clock, self._local = str(path), clock, threading.local()
        with self._connection() as db:
            db.executescript(SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def get(self, key: str) -> str | None:
        row = (
            self._connection()
            .execute("SELECT value FROM answers WHERE key = ? AND expires > ?", (key, self._clock()))
            .fetchone()
        )
        return row[0] if row else None

    def put(self, key: str, value: str, ttl: float) -> None:
        self._connection().execute(
            "INSERT OR REPLACE INTO answers (key, value, expires) VALUES (?, ?, ?)", (key, value, self._clock() + ttl)
        )

    def take_slot(self, source: str, interval: float) -> float:
        return self._move(source, lambda stored, now: (max(now, stored), max(now, stored) + interval))

    def defer(self, source: str, until: float) -> None:
        self._move(source, lambda stored, now: (until, max(stored, until)))

    def _move(self, source: str, step: Callable[[float, float], tuple[float, float]]) -> float:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")  # one writer at a time across processes: slots never overlap
        try:
            row = db.execute("SELECT next_at FROM slots WHERE source = ?", (source,)).fetchone()
            start, stored = step(row[0] if row else 0.0, self._clock())
            db.execute("INSERT OR REPLACE INTO slots (source, next_at) VALUES (?, ?)", (source, stored))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return start


class RedisStore:
    """The store in Redis, shared by workers on any number of machines."""

    def __init__(self, client, clock: Clock = time.time) -> None:  # client: redis.Redis
        self._redis, self._clock = client, clock
        self._take = client.register_script(REDIS_TAKE)
        self._defer = client.register_script(REDIS_DEFER)

    def get(self, key: str) -> str | None:
        value = self._redis.get(REDIS_PREFIX + "answer:" + key)
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def put(self, key: str, value: str, ttl: float) -> None:
        self._redis.set(REDIS_PREFIX + "answer:" + key, value, ex=max(1, int(ttl)))

    def take_slot(self, source: str, interval: float) -> float:
        return float(self._take(keys=[REDIS_PREFIX + "slot:" + source], args=[self._clock(), interval]))

    def defer(self, source: str, until: float) -> None:
        self._defer(keys=[REDIS_PREFIX + "slot:" + source], args=[until])


def open_store(data_dir: Path, redis_url: str | None) -> Store:
    """Redis when a URL is set, else SQLite beside the job queue."""
    if redis_url:
        import redis

        return RedisStore(redis.Redis.from_url(redis_url))
    return SqliteStore(data_dir / "records.db")
