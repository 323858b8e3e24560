"""The shared store, on SQLite and on a real Redis server: cached answers, and rate-limit slots that
every worker takes from one clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from scholarly.store import RedisStore, SqliteStore, Store
from tests.webhooks import processes


class Clock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with processes.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Store, Store, Clock]:
    """Two stores over one backend (two workers), and the clock they read."""
    clock = Clock()
    if request.param == "sqlite":
        return SqliteStore(tmp_path / "r.db", clock), SqliteStore(tmp_path / "r.db", clock), clock
    url = request.getfixturevalue("redis_url")
    redis.Redis.from_url(url).flushall()
    return RedisStore(redis.Redis.from_url(url), clock), RedisStore(redis.Redis.from_url(url), clock), clock


def test_an_answer_put_by_one_worker_is_read_by_another(stores: tuple[Store, Store, Clock]) -> None:
    first, second, _ = stores
    first.put("https://dblp.org/search?q=a", '"body"', ttl=60)
    assert second.get("https://dblp.org/search?q=a") == '"body"'
    assert second.get("https://dblp.org/search?q=b") is None


def test_workers_take_slots_one_interval_apart_and_a_retry_after_holds_them_all(
    stores: tuple[Store, Store, Clock],
) -> None:
    first, second, clock = stores
    starts = [first.take_slot("dblp", 1.0), second.take_slot("dblp", 1.0), first.take_slot("dblp", 1.0)]
    assert [start - clock.now for start in starts] == [0.0, 1.0, 2.0]
    second.defer("crossref", clock.now + 30)
    assert first.take_slot("crossref", 0.2) - clock.now == 30.0
