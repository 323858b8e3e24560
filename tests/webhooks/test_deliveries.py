"""The delivery record and its leases behave the same on SQLite and on Redis."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.deliveries import Delivery, DeliveryStore, SqliteDeliveryStore, State


def delivery(delivery_id: str = "d-1", key: str = "o/r#1") -> Delivery:
    return Delivery(delivery_id, "pull_request", key, b'{"action": "opened"}')


def never_gone(owner: str) -> bool:
    return False


def test_a_delivery_is_accepted_once(store: DeliveryStore) -> None:
    assert store.accept(delivery()) is True
    assert store.accept(delivery()) is False
    assert store.load("d-1") == Delivery("d-1", "pull_request", "o/r#1", b'{"action": "opened"}', State.PENDING, 0)
    assert store.load("unknown") is None


def test_finishing_drops_the_body_and_leaves_the_unfinished_list(store: DeliveryStore) -> None:
    for name in ("d-1", "d-2", "d-3"):
        store.accept(delivery(name))
    store.update("d-2", State.RUNNING, 1)
    store.update("d-3", State.DONE, 1)
    assert store.unfinished() == [("d-1", State.PENDING), ("d-2", State.RUNNING)]
    assert store.load("d-3") == Delivery("d-3", "pull_request", "o/r#1", b"", State.DONE, 1)
    assert store.accept(delivery("d-3")) is False  # a redelivery of a handled delivery stays a duplicate


def test_a_lease_is_exclusive_until_released(store: DeliveryStore) -> None:
    assert store.acquire(["delivery:d-1", "key:o/r#1"], "alice", 30, never_gone) is True
    assert store.acquire(["key:o/r#1"], "bob", 30, never_gone) is False
    assert store.acquire(["delivery:d-2", "key:o/r#1"], "bob", 30, never_gone) is False
    assert store.holder("delivery:d-2") is None  # all or nothing: bob got neither
    assert store.holder("key:o/r#1") == "alice"
    store.release(["key:o/r#1"], "bob")  # not bob's to give back
    assert store.holder("key:o/r#1") == "alice"
    store.release(["delivery:d-1", "key:o/r#1"], "alice")
    assert store.acquire(["key:o/r#1"], "bob", 30, never_gone) is True


def test_a_lease_expires_unless_renewed(store: DeliveryStore) -> None:
    assert store.acquire(["key:a"], "alice", 0.3, never_gone)
    assert store.acquire(["key:b"], "alice", 0.3, never_gone)
    store.renew(["key:a"], "alice", 30)
    store.renew(["key:b"], "bob", 30)  # bob does not hold it: no effect
    time.sleep(0.5)
    assert store.holder("key:a") == "alice"
    assert store.holder("key:b") is None
    assert store.acquire(["key:b"], "bob", 30, never_gone) is True


def test_a_lease_of_a_dead_owner_can_be_taken_at_once(store: DeliveryStore) -> None:
    assert store.acquire(["key:a"], "dead-worker", 30, never_gone)
    assert store.acquire(["key:a"], "new-worker", 30, lambda owner: owner == "dead-worker") is True
    assert store.holder("key:a") == "new-worker"


def test_the_record_survives_reopening(tmp_path: Path) -> None:
    first = SqliteDeliveryStore(tmp_path / "deliveries.db")
    first.accept(delivery())
    first.update("d-1", State.RUNNING, 1)
    second = SqliteDeliveryStore(tmp_path / "deliveries.db")
    assert second.accept(delivery()) is False
    assert second.unfinished() == [("d-1", State.RUNNING)]


def test_prune_forgets_only_old_finished_deliveries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SqliteDeliveryStore(tmp_path / "deliveries.db")
    store.accept(delivery("old-done"))
    store.update("old-done", State.DONE, 1)
    store.accept(delivery("old-pending"))
    store.update("old-pending", State.PENDING, 0)
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + 8 * 24 * 3600)
    store.accept(delivery("new-done"))
    store.update("new-done", State.DONE, 1)
    assert store.prune() == 1
    assert store.load("old-done") is None
    assert store.load("old-pending") is not None and store.load("new-done") is not None
