"""The job queue: huey carries delivery ids to workers; a job runs the handlers of one delivery, once.

A job holds two leases while it runs: its delivery (so a duplicate message cannot run it twice) and its
pull request or issue (so jobs for one PR never run at once). A heartbeat keeps the leases alive; a worker
that dies leaves them to expire, and its unfinished deliveries are queued again by the next worker.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from typing import Protocol

from huey import RedisHuey
from huey.api import Huey
from huey.consumer import Consumer
from huey.exceptions import RetryTask
from huey.storage import SqliteStorage

from bot import collector, gateway, memory
from bot.app_settings import Settings
from bot.deliveries import FINISHED, Delivery, DeliveryStore, Head, RedisDeliveryStore, SqliteDeliveryStore, State
from bot.errors import TransientGitHubError
from bot.events import Event
from bot.gateway import GatewayFactory
from bot.handlers import ROUTER
from bot.posts import CheckRun, Conclusion, WriteMark
from bot.review import fingerprints
from bot.review.render import CHECK_NAME
from rules.parse import DocumentCache

log = logging.getLogger(__name__)

TASK_NAME = "run_delivery"
LEASE_SECONDS = 60.0
HEARTBEAT_SECONDS = LEASE_SECONDS / 4
LOCKED_RETRY_SECONDS = 1.0  # huey's scheduler looks at delayed jobs once a second
MAX_ATTEMPTS = 7  # backoff 1 + 2 + 4 + … + 32 s: about a minute of GitHub trouble is ridden out
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 600.0
PRUNE_EVERY_SECONDS = 3600.0
SHUTDOWN_GRACE_SECONDS = 20.0  # Heroku-style platforms kill 30 s after SIGTERM
IDLE_POLL_SECONDS = 0.05  # how often an idle SQLite worker looks for work (Redis blocks instead)
UNREACHABLE_FIRST_WAIT_SECONDS = 1.0  # a queue unreachable at start is tried again after 1, 2, 4 … s
UNREACHABLE_MAX_WAIT_SECONDS = 30.0

FAILED_TITLE = "paper-triage could not review this pull request"
FAILED_TRANSIENT = (
    "GitHub kept failing while I worked on this push ({reason}), {attempts} times in a row. "
    "Push again, press *Re-run* on this check, or comment `/recheck` to try again."
)
FAILED_INTERNAL = (
    "Something went wrong on my side ({kind}). The app's maintainers can find delivery `{delivery}` in its logs."
)


class Handlers(Protocol):
    """What the queue and the web server need of ``bot.handlers.ROUTER``."""

    def dispatch(self, event: Event, *args: object) -> int: ...

    def handlers_for(self, event: Event) -> list[Callable[..., None]]: ...


def _process_id() -> str:
    """This host, this process, and this start of it (a restarted pid 1 is not its earlier self)."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:12]}"


MY_PROCESS = _process_id()


def job_owner() -> str:
    """Who holds a job's leases: this process and the one job in it (two jobs of one process exclude each other)."""
    return f"{MY_PROCESS}/{uuid.uuid4().hex[:12]}"


def owner_is_gone(owner: str) -> bool:
    """True when ``owner`` was a process on this host that is no longer running; other hosts wait for expiry."""
    host, pid_text, start, *_ = [*owner.split("/"), "", ""]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return f"{host}/{pid_text}/{start}" != MY_PROCESS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def store_for(settings: Settings) -> DeliveryStore:
    """Redis when REDIS_URL is set, else SQLite in DATA_DIR."""
    if settings.redis_url:
        return RedisDeliveryStore(settings.redis_url)
    return SqliteDeliveryStore(settings.data_dir / "deliveries.db")


class _SqliteStorage(SqliteStorage):
    """huey's SQLite storage, synced like the delivery record: safe from app crashes, no disk sync per message.

    A message lost to a power cut is not lost work: its delivery is still pending and the next worker queues it.
    """

    def _create_connection(self) -> sqlite3.Connection:
        connection = super()._create_connection()
        connection.execute("pragma synchronous=normal")
        return connection


def huey_for(settings: Settings) -> Huey:
    """huey on Redis when REDIS_URL is set (shared by machines), else on a SQLite file (one machine)."""
    if settings.redis_url:
        return RedisHuey("paper-triage", url=settings.redis_url, results=False)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Huey(
        "paper-triage", storage_class=_SqliteStorage, filename=str(settings.data_dir / "queue.db"), results=False
    )


def pushed_head(event: Event) -> Head | None:
    """The head a ``pull_request`` delivery is about, with GitHub's time of the change; None for other events."""
    pull = event.payload.get("pull_request") if event.name == "pull_request" else None
    if not pull or not pull.get("updated_at"):
        return None
    return Head(pull["head"]["sha"], pull["updated_at"])


def backoff_seconds(attempt: int, retry_after: float | None) -> float:
    """Wait before attempt ``attempt + 1``: doubling from 1 s, never less than GitHub's Retry-After."""
    doubling = min(BACKOFF_BASE_SECONDS * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS)
    return max(doubling, retry_after or 0.0)


def transient_cause(error: BaseException) -> TransientGitHubError | None:
    """The TransientGitHubError behind ``error`` (the router wraps handler errors), if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, TransientGitHubError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


class _Consumer(Consumer):
    """huey's consumer, runnable off the main thread (tests, ``serve``) where signals cannot be caught."""

    def _set_signal_handlers(self) -> None:
        if threading.current_thread() is threading.main_thread():
            super()._set_signal_handlers()


class Queue:
    """Deliveries in, handler runs out: ``submit`` on the web side, ``work`` in a worker process."""

    def __init__(
        self,
        settings: Settings,
        *,
        gateway_factory: GatewayFactory | None = None,
        handlers: Handlers | None = None,
        store: DeliveryStore | None = None,
        huey: Huey | None = None,
    ) -> None:
        self.settings = settings
        self.store = store if store is not None else store_for(settings)
        self.huey = huey if huey is not None else huey_for(settings)
        self._gateway_factory = gateway_factory
        self.handlers = handlers if handlers is not None else ROUTER
        self._enqueue = self.huey.task(name=TASK_NAME)(self.run)
        self._held: dict[str, tuple[str, ...]] = {}
        self._held_lock = threading.Lock()
        # The worker's parsed lists, shared by its jobs: push after push of one pull request reads the same base.
        self.documents = DocumentCache(settings.document_cache_mb * 2**20)

    # --- web side -----------------------------------------------------------------------------------------

    def submit(self, event: Event, body: bytes) -> bool:
        """Record the delivery durably and queue it; False (nothing queued) when it was received before."""
        if not self.store.accept(Delivery(event.delivery_id, event.name, event.key, body)):
            return False
        head = pushed_head(event)
        if head is not None:  # lost to a crash here, it only costs a review of a head that was replaced
            self.store.record_head(event.key, head)
        # If this process dies before the next line, the record stays pending and the next worker queues it.
        self._enqueue(event.delivery_id)
        return True

    def problem(self) -> str | None:
        """Why the queue cannot be used right now (for /healthz), or None when it can."""
        try:
            self.store.ping()
            self.huey.pending_count()
        except Exception as error:  # any failure to reach the store means unhealthy, whatever its type
            return f"queue unreachable: {type(error).__name__}"
        return None

    # --- worker side --------------------------------------------------------------------------------------

    def run(self, delivery_id: str) -> None:
        """The job: run every handler for one delivery, holding its leases; retry, finish or fail it."""
        delivery = self.store.load(delivery_id)
        if delivery is None or delivery.state in FINISHED:
            return  # a duplicate message for a delivery already handled
        names = (f"delivery:{delivery_id}", f"key:{delivery.key}")
        owner = job_owner()
        if not self.store.acquire(names, owner, LEASE_SECONDS, owner_is_gone):
            raise RetryTask(delay=LOCKED_RETRY_SECONDS)  # another job for this PR (or this very one) is running
        self._hold(owner, names)
        try:
            current = self.store.load(delivery_id)
            if current is not None and current.state not in FINISHED:
                self._attempt(current)
        finally:
            self._drop(owner)
            self.store.release(names, owner)

    def _attempt(self, delivery: Delivery) -> None:
        attempt = delivery.attempts + 1
        self.store.update(delivery.id, State.RUNNING, attempt)
        event = Event.from_delivery(delivery.event, delivery.id, json.loads(delivery.body))
        started = time.monotonic()
        fields = {
            "delivery": event.delivery_id,
            "event": event.name,
            "action": event.action,
            "repository": event.repository,
            "attempt": attempt,
        }
        superseded = self._superseded(event)
        if superseded is not None:
            pushed, newer = superseded
            self.store.update(delivery.id, State.DONE, attempt)
            log.info(
                "skipped: %s was pushed over by %s, whose delivery reviews it",
                pushed.sha[:12],
                newer.sha[:12],
                extra={**fields, "outcome": "superseded", "duration_ms": 0.0},
            )
            return
        try:
            self._dispatch(event, WriteMark.for_job(event.delivery_id, resumed=attempt > 1))
        except Exception as error:
            duration = round((time.monotonic() - started) * 1000, 1)
            transient = transient_cause(error)
            if transient is not None and attempt < MAX_ATTEMPTS:
                delay = backoff_seconds(attempt, transient.retry_after)
                self.store.update(delivery.id, State.PENDING, attempt)
                log.warning(
                    "job will be retried in %.0f s: %s",
                    delay,
                    transient,
                    extra={**fields, "outcome": "retry", "duration_ms": duration},
                )
                raise RetryTask(delay=delay) from None
            self.store.update(delivery.id, State.FAILED, attempt)
            log.error(
                "job failed for good", exc_info=error, extra={**fields, "outcome": "failed", "duration_ms": duration}
            )
            self._report_failure(event, error, transient, attempt)
            return
        self.store.update(delivery.id, State.DONE, attempt)
        log.info(
            "job done",
            extra={**fields, "outcome": "done", "duration_ms": round((time.monotonic() - started) * 1000, 1)},
        )

    def _superseded(self, event: Event) -> tuple[Head, Head] | None:
        """This push's head and the pull request's newer one, when a later delivery told of one: this push was replaced."""
        head = pushed_head(event)
        newest = self.store.newest_head(event.key) if head is not None else None
        if head is None or newest is None or newest.sha == head.sha or newest.updated_at <= head.updated_at:
            return None
        return head, newest

    def _dispatch(self, event: Event, mark: WriteMark) -> None:
        gateway = self._gateway(event.installation_id, mark)
        try:
            with collector.paused():
                self.handlers.dispatch(event, gateway, self.documents)
        finally:
            memory.release()  # what the worker keeps between jobs is its document cache, bounded by bytes

    def _gateway(self, installation_id: int | None, mark: WriteMark) -> gateway.GitHub:
        if self._gateway_factory is not None:
            return self._gateway_factory(installation_id, mark)
        return gateway.gateway_for_installation(self.settings, installation_id, mark)

    def _report_failure(
        self, event: Event, error: BaseException, transient: TransientGitHubError | None, attempts: int
    ) -> None:
        """Leave a failed check run on the pull request's head, so the contributor sees the review did not happen."""
        head_sha = ((event.payload.get("pull_request") or {}).get("head") or {}).get("sha")
        if event.name != "pull_request" or not head_sha or not event.repository:
            return
        if transient is not None:
            summary = FAILED_TRANSIENT.format(reason=str(transient)[:200], attempts=attempts)
        else:
            summary = FAILED_INTERNAL.format(kind=type(error.__cause__ or error).__name__, delivery=event.delivery_id)
        run = CheckRun(name=CHECK_NAME, conclusion=Conclusion.FAILURE, title=FAILED_TITLE, summary=summary)
        # Resumed: the check run whose answer was lost may be the job's own, and it must not be doubled.
        mark = WriteMark.for_job(event.delivery_id, resumed=True)
        try:
            self._gateway(event.installation_id, mark).create_check_run(event.repository, head_sha, run)
        except Exception:  # GitHub may be the reason we failed; the log line above is the trace that remains
            log.exception("could not post the failed check run", extra={"delivery": event.delivery_id})

    # --- leases, heartbeat and recovery -----------------------------------------------------------------------

    def _hold(self, owner: str, names: tuple[str, ...]) -> None:
        with self._held_lock:
            self._held[owner] = names

    def _drop(self, owner: str) -> None:
        with self._held_lock:
            self._held.pop(owner, None)

    def heartbeat(self) -> None:
        """Extend the leases of every job this process is running."""
        with self._held_lock:
            held = list(self._held.items())
        for owner, names in held:
            self.store.renew(names, owner, LEASE_SECONDS)

    def recover(self) -> int:
        """Queue again what was lost: deliveries whose worker died mid-job, and pending ones with no message; how many."""
        queued = 0
        waiting = self._queued_ids()
        for delivery_id, state in self.store.unfinished():
            if state is State.PENDING and delivery_id in waiting:
                continue
            holder = self.store.holder(f"delivery:{delivery_id}")
            if holder is not None and not owner_is_gone(holder):
                continue  # a live job has it
            self._enqueue(delivery_id)
            queued += 1
        return queued

    def _queued_ids(self) -> set[str]:
        """Deliveries that have a message waiting in huey (queued, or scheduled for a retry)."""
        tasks = [*self.huey.pending(), *self.huey.scheduled()]
        return {task.args[0] for task in tasks if task.args}

    def work(self, threads: int, stop: threading.Event | None = None) -> None:
        """Run a worker until ``stop`` is set (or the process is signalled when ``stop`` is None)."""
        fingerprints.use_key(self.settings.webhook_secret)  # what every worker remembers, every worker trusts
        if not self.wait_until_reachable(stop or threading.Event()):
            return
        queued = self.recover()
        log.info("worker started", extra={"outcome": "started", "requeued": queued, "threads": threads})
        keeper_stop = threading.Event()
        keeper = threading.Thread(target=self._keep, args=(keeper_stop,), name="lease-keeper", daemon=True)
        keeper.start()
        consumer = _Consumer(
            self.huey,
            workers=threads,
            worker_type="thread",
            periodic=False,
            initial_delay=IDLE_POLL_SECONDS,
            max_delay=IDLE_POLL_SECONDS,
            check_worker_health=True,
            # A platform stops a process with SIGTERM: finish the running jobs first, within its grace period.
            graceful_signal="TERM",
            shutdown_timeout=SHUTDOWN_GRACE_SECONDS,
        )
        try:
            if stop is None:
                consumer.run()
            else:
                consumer.start()
                stop.wait()
                consumer.stop(graceful=True)
        finally:
            keeper_stop.set()

    def wait_until_reachable(self, stop: threading.Event) -> bool:
        """Block until the queue answers, trying again with backoff and one log line a try (a worker started
        before Redis, or while it is away, waits for it); False when ``stop`` is set first."""
        wait = UNREACHABLE_FIRST_WAIT_SECONDS
        while (problem := self.problem()) is not None:
            log.warning("%s; trying again in %.0f s", problem, wait, extra={"outcome": "queue-unreachable"})
            if stop.wait(wait):
                return False
            wait = min(wait * 2, UNREACHABLE_MAX_WAIT_SECONDS)
        return True

    def _keep(self, stop: threading.Event) -> None:
        """Heartbeat, requeue what dead workers left running, and prune old records, until ``stop``."""
        last_prune = 0.0
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                self.heartbeat()
                self.recover()
                if time.monotonic() - last_prune > PRUNE_EVERY_SECONDS:
                    self.store.prune()
                    last_prune = time.monotonic()
            except Exception:  # a store hiccup must not end the heartbeat; the next beat tries again
                log.exception("lease keeper could not reach the queue")
