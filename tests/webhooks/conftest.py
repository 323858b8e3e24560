"""Fixtures for the webhook server and queue tests: a Redis server when one is installed, stores of both kinds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.deliveries import DeliveryStore, RedisDeliveryStore, SqliteDeliveryStore
from tests.webhooks import processes


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with processes.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> DeliveryStore:
    """A fresh delivery store of each kind (Redis ones get their own key prefix)."""
    if request.param == "sqlite":
        return SqliteDeliveryStore(tmp_path / "deliveries.db")
    url = request.getfixturevalue("redis_url")
    return RedisDeliveryStore(url, prefix=f"test-{tmp_path.name}")
