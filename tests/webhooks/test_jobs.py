"""The queue in one process with real storage: once per delivery, one job per PR at a time, retries, recovery."""

from __future__ import annotations

import gc
import json
import logging
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

from bot import jobs
from bot.app_settings import load_settings
from bot.deliveries import Delivery, RedisDeliveryStore, SqliteDeliveryStore, State
from bot.errors import TransientGitHubError
from bot.events import Event
from bot.posts import CheckRun, Conclusion
from bot.router import Router
from rules.parse import DocumentCache
from tests.webhooks import processes

OPENED = json.loads(processes.fixture_body("pull_request.opened"))  # Codertocat/Hello-World#2, head ec26c3e5…


class RecordingGateway:
    """Stands in for the GitHub gateway: remembers the check runs the queue posts."""

    def __init__(self) -> None:
        self.check_runs: list[tuple[str, str, CheckRun]] = []

    def create_check_run(self, repo: str, head_sha: str, run: CheckRun) -> None:
        self.check_runs.append((repo, head_sha, run))


def pull_request_event(delivery_id: str, number: int = 2) -> tuple[Event, bytes]:
    payload = json.loads(json.dumps(OPENED))
    payload["pull_request"]["number"] = number
    payload["number"] = number
    body = json.dumps(payload).encode()
    return Event.from_delivery("pull_request", delivery_id, payload), body


@pytest.fixture(params=["sqlite", "redis"])
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


def make_queue(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, router: Router, gateway: RecordingGateway
) -> jobs.Queue:
    name = f"test-{uuid.uuid4().hex[:8]}"
    if kind == "redis":
        url = request.getfixturevalue("redis_url")
        settings = load_settings(github_token="t", github_webhook_secret="s", redis_url=url)
        store, huey = RedisDeliveryStore(url, prefix=name), RedisHuey(name, url=url, results=False)
    else:
        settings = load_settings(github_token="t", github_webhook_secret="s", data_dir=tmp_path)
        store = SqliteDeliveryStore(tmp_path / "deliveries.db")
        huey = SqliteHuey(name, filename=str(tmp_path / "queue.db"), results=False)
    return jobs.Queue(
        settings, handlers=router, gateway_factory=lambda installation_id, mark: gateway, store=store, huey=huey
    )


@contextmanager
def worker(queue: jobs.Queue, threads: int = 2) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=queue.work, args=(threads, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(30)


def wait_finished(queue: jobs.Queue, *delivery_ids: str, seconds: float = 20) -> None:
    def finished() -> bool:
        return all(queue.store.load(delivery_id).state in (State.DONE, State.FAILED) for delivery_id in delivery_ids)

    processes.wait_until(finished, f"deliveries {delivery_ids} to finish", seconds)


def run_one(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, handler: Callable[[Event, object, object], None]
) -> tuple[jobs.Queue, RecordingGateway]:
    """Queue one pull_request.opened delivery (d-1) for ``handler`` and run a worker until it is finished."""
    router, gateway = Router(), RecordingGateway()
    router.register("pull_request", "opened")(handler)
    queue = make_queue(kind, tmp_path, request, router, gateway)
    queue.submit(*pull_request_event("d-1"))
    with worker(queue):
        wait_finished(queue, "d-1")
    return queue, gateway


def test_each_delivery_runs_once(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    router, calls = Router(), []
    router.register("pull_request", "opened")(lambda event, gh, documents: calls.append(event.delivery_id))
    queue = make_queue(kind, tmp_path, request, router, RecordingGateway())
    first, body = pull_request_event("d-1")
    assert queue.submit(first, body) is True
    assert queue.submit(first, body) is False
    second, body = pull_request_event("d-2", number=3)
    assert queue.submit(second, body) is True
    with worker(queue):
        wait_finished(queue, "d-1", "d-2")
    assert sorted(calls) == ["d-1", "d-2"]
    assert queue.submit(first, body) is False  # a redelivery after it ran: still not run again
    assert queue.store.load("d-1").state is State.DONE


def test_jobs_for_one_pull_request_never_overlap(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    router, running, overlaps, lock = Router(), {}, [], threading.Lock()

    @router.register("pull_request", "opened")
    def slow(event: Event, gh: object, documents: object) -> None:
        with lock:
            running[event.key] = running.get(event.key, 0) + 1
            overlaps.append(running[event.key])
        time.sleep(0.15)
        with lock:
            running[event.key] -= 1

    queue = make_queue(kind, tmp_path, request, router, RecordingGateway())
    ids = []
    for index in range(3):
        event, body = pull_request_event(f"d-{index}", number=7)
        queue.submit(event, body)
        ids.append(event.delivery_id)
    with worker(queue, threads=3):
        wait_finished(queue, *ids)
    assert overlaps == [1, 1, 1]


def test_transient_errors_are_retried_honouring_retry_after(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    calls = []

    def flaky(event: Event, gh: object, documents: object) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise TransientGitHubError("GitHub answered 403: secondary rate limit", retry_after=2)

    queue, _ = run_one(kind, tmp_path, request, flaky)
    assert queue.store.load("d-1") == Delivery("d-1", "pull_request", "Codertocat/Hello-World#2", b"", State.DONE, 2)
    assert len(calls) == 2 and calls[1] - calls[0] >= 2


def test_a_job_that_keeps_failing_leaves_a_failed_check_run(
    tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(jobs, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(jobs, "BACKOFF_BASE_SECONDS", 0.1)
    caplog.set_level(logging.INFO, logger="bot.jobs")

    def down(event: Event, gh: object, documents: object) -> None:
        raise TransientGitHubError("GitHub answered 502 Bad Gateway")

    queue, gateway = run_one("sqlite", tmp_path, request, down)
    assert queue.store.load("d-1").state is State.FAILED
    summary = jobs.FAILED_TRANSIENT.format(reason="GitHub answered 502 Bad Gateway", attempts=2)
    assert gateway.check_runs == [
        (
            "Codertocat/Hello-World",
            "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
            CheckRun(jobs.CHECK_NAME, Conclusion.FAILURE, jobs.FAILED_TITLE, summary),
        )
    ]
    outcomes = [
        (record.outcome, record.attempt)
        for record in caplog.records
        if hasattr(record, "outcome") and record.outcome in ("retry", "failed")
    ]
    assert outcomes == [("retry", 1), ("failed", 2)]


def test_a_bug_fails_at_once_without_saying_more_than_its_kind(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    def broken(event: Event, gh: object, documents: object) -> None:
        raise KeyError("internal detail")

    queue, gateway = run_one("sqlite", tmp_path, request, broken)
    assert queue.store.load("d-1").attempts == 1
    summary = jobs.FAILED_INTERNAL.format(kind="KeyError", delivery="d-1")
    assert [run.summary for _, _, run in gateway.check_runs] == [summary]


def test_a_job_left_running_by_a_dead_worker_is_run_again(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    router, calls = Router(), []
    router.register("pull_request", "opened")(lambda event, gh, documents: calls.append(event.delivery_id))
    queue = make_queue(kind, tmp_path, request, router, RecordingGateway())
    event, body = pull_request_event("d-1")
    queue.store.accept(Delivery("d-1", event.name, event.key, body))  # accepted, but its message was lost
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_owner = f"{jobs.socket.gethostname()}/{dead.stdout.strip()}/0123456789ab"
    assert queue.store.acquire(("delivery:d-1", f"key:{event.key}"), dead_owner, 600, lambda owner: False)
    queue.store.update("d-1", State.RUNNING, 1)
    with worker(queue):
        wait_finished(queue, "d-1")
    assert calls == ["d-1"]
    assert queue.store.load("d-1").attempts == 2


def test_every_job_of_a_worker_parses_through_its_one_cache_with_the_collector_paused(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    router, seen = Router(), []
    router.register("pull_request", "opened")(lambda event, gh, documents: seen.append((documents, gc.isenabled())))
    queue = make_queue("sqlite", tmp_path, request, router, RecordingGateway())
    for delivery_id, number in (("d-1", 1), ("d-2", 2)):
        queue.submit(*pull_request_event(delivery_id, number))
    with worker(queue, threads=1):
        wait_finished(queue, "d-1", "d-2")
    assert [paused for _, paused in seen] == [False, False]
    assert isinstance(seen[0][0], DocumentCache) and all(documents is queue.documents for documents, _ in seen)
    assert gc.isenabled()


def test_backoff_doubles_and_never_undercuts_retry_after() -> None:
    assert [jobs.backoff_seconds(attempt, None) for attempt in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert jobs.backoff_seconds(1, 60) == 60
    assert jobs.backoff_seconds(3, 0.5) == 4
    assert jobs.backoff_seconds(20, None) == jobs.BACKOFF_CAP_SECONDS


def test_a_dead_owner_is_told_from_a_live_one() -> None:
    host = jobs.socket.gethostname()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert jobs.owner_is_gone(f"{host}/{dead.stdout.strip()}/abc") is True
    assert jobs.owner_is_gone(f"{host}/{jobs.os.getpid()}/an-earlier-start") is True
    assert jobs.owner_is_gone(jobs.job_owner()) is False
    assert jobs.owner_is_gone(f"{host}/{jobs.os.getppid()}/abc") is False
    assert jobs.owner_is_gone(f"another-host/{dead.stdout.strip()}/abc") is False


def test_an_unreachable_queue_is_reported(tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{processes.free_port()}/0"
    queue = jobs.Queue(load_settings(github_token="t", redis_url=url), handlers=Router())
    assert queue.problem() == "queue unreachable: ConnectionError"


def push_event(delivery_id: str, sha: str, updated_at: str) -> tuple[Event, bytes]:
    payload = json.loads(json.dumps(OPENED))
    payload["action"] = "synchronize"
    payload["pull_request"]["head"]["sha"] = sha
    payload["pull_request"]["updated_at"] = updated_at
    return Event.from_delivery("pull_request", delivery_id, payload), json.dumps(payload).encode()


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1]])
def test_a_push_replaced_before_its_job_ran_is_skipped_and_the_newest_is_reviewed(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture, order: list[int]
) -> None:
    router, reviewed = Router(), []
    router.register("pull_request", "synchronize")(lambda event, gh, documents: reviewed.append(event.delivery_id))
    queue = make_queue(kind, tmp_path, request, router, RecordingGateway())
    pushes = [push_event(f"push-{index}", f"{index}" * 40, f"2026-01-01T00:00:0{index}Z") for index in range(3)]
    for index in order:  # GitHub may deliver out of order: updated_at tells which push is the newest
        queue.submit(*pushes[index])
    caplog.set_level(logging.INFO)
    with worker(queue):
        wait_finished(queue, "push-0", "push-1", "push-2")
    assert reviewed == ["push-2"]
    skipped = sorted(record.delivery for record in caplog.records if getattr(record, "outcome", "") == "superseded")
    assert skipped == ["push-0", "push-1"]
