"""One HTTP layer for every source: cache first, then a rate-limited request with a timeout.

The client is ``requests``: PyGithub already installs it, it is synchronous like the worker's jobs (a
thread pool gives the bounded concurrency), and its timeouts and sessions are all a lookup needs;
``httpx`` would add a dependency for async we do not use. The cache and the limiter are our own few
lines over SQLite or Redis (``scholarly.store``), the two stores the job queue already runs on, rather
than ``requests-cache`` or ``diskcache``: neither shares a rate limit between worker processes, and
both would be one more dependency.

Answers are cached per request: a found answer for ``FOUND_TTL``, a not-found one for ``MISSING_TTL``.
A 429 or 503 is retried once after its ``Retry-After`` (when that is short; the limiter then holds back
every worker); a timeout, a refused connection or a server error raises ``Unavailable``, which the
lookup turns into "unverified", never into a failed check.
"""

from __future__ import annotations

import email.utils
import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import requests

from scholarly.settings import SourceSettings
from scholarly.store import Store

log = logging.getLogger(__name__)

FOUND_TTL = 30 * 24 * 3600.0
MISSING_TTL = 24 * 3600.0
RETRYABLE = frozenset({429, 503})
USER_AGENT = "paper-triage/0.1 (checks research-paper lists against the papers' records)"


class Unavailable(Exception):
    """The source did not answer in time, or answered with an error: entries stay unverified."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A source's answer: its body, or None when the source has no such record (404)."""

    body: str | None


class Fetcher:
    """GETs from the sources, through the shared cache and rate limiter. Thread-safe."""

    def __init__(
        self,
        settings: SourceSettings,
        store: Store,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings, self._store, self._clock, self._sleep = settings, store, clock, sleep
        self._local = threading.local()

    def get(
        self, source: str, path: str, params: Mapping[str, str], headers: Mapping[str, str] | None = None
    ) -> Answer:
        url = f"{self.settings.base(source)}{path}"
        key = f"{url}?{urlencode(sorted(params.items()))}"
        cached = self._store.get(key)
        if cached is not None:
            return Answer(json.loads(cached))
        answer = self._send(source, url, params, headers or {})
        self._store.put(key, json.dumps(answer.body), FOUND_TTL if answer.body is not None else MISSING_TTL)
        return answer

    def _send(self, source: str, url: str, params: Mapping[str, str], headers: Mapping[str, str]) -> Answer:
        for attempt in range(2):
            self._wait_for_slot(source)
            try:
                response = self._session().get(url, params=params, headers=headers, timeout=self.settings.timeout)
            except requests.RequestException as error:
                raise Unavailable(f"{source}: {type(error).__name__}") from None
            if response.status_code == 404:
                return Answer(None)
            if response.ok:
                return Answer(response.text)
            wait = retry_after(response.headers.get("Retry-After"), self._clock())
            if response.status_code in RETRYABLE and wait is not None:
                self._store.defer(source, self._clock() + wait)  # every worker holds back, not only this one
                if attempt == 0 and wait <= self.settings.max_wait:
                    continue
            raise Unavailable(f"{source}: HTTP {response.status_code}")
        raise Unavailable(f"{source}: still rate-limited")

    def _wait_for_slot(self, source: str) -> None:
        start = self._store.take_slot(source, self.settings.intervals[source])
        delay = start - self._clock()
        if delay > self.settings.max_wait:
            raise Unavailable(f"{source}: rate limit would hold this request {delay:.0f} s")
        if delay > 0:
            self._sleep(delay)

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            contact = self.settings.contact_email
            session.headers["User-Agent"] = USER_AGENT + (f" mailto:{contact}" if contact else "")
        return session


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait: delta-seconds or an HTTP date; None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)
