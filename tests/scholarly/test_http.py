"""The shared HTTP layer against the fake: cache hits, Retry-After on 429, timeouts, outages, the limiter."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholarly.http import FOUND_TTL, MISSING_TTL, Fetcher, Unavailable, retry_after
from scholarly.sources import crossref
from scholarly.store import SqliteStore
from tests.fakesources import FakeSources
from tests.scholarly.conftest import settings_for

DOI = "10.1109/TCSVT.2024.3450734"


class Clock:
    """A clock tests move by hand; sleeping moves it."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_an_answer_is_cached_and_not_asked_again(fetcher: Fetcher, fake: FakeSources) -> None:
    first = crossref.by_doi(fetcher, DOI)
    second = crossref.by_doi(fetcher, DOI)
    assert first == second and first is not None and first.venue.startswith("IEEE Transactions on Circuits")
    assert fake.count("crossref") == 1


def test_a_missing_record_is_cached_for_a_day_and_a_found_one_for_a_month(fake: FakeSources, tmp_path: Path) -> None:
    clock = Clock()
    fetcher = Fetcher(settings_for(fake), SqliteStore(tmp_path / "r.db", clock=clock), clock=clock, sleep=clock.sleep)
    assert crossref.by_doi(fetcher, "10.1109/nothing.2024.1") is None
    crossref.by_doi(fetcher, DOI)
    clock.now += MISSING_TTL + 1
    crossref.by_doi(fetcher, "10.1109/nothing.2024.1")
    crossref.by_doi(fetcher, DOI)
    assert fake.count("crossref") == 3  # the missing one asked again, the found one still cached
    clock.now += FOUND_TTL
    crossref.by_doi(fetcher, DOI)
    assert fake.count("crossref") == 4


def test_a_429_is_retried_after_its_retry_after_and_holds_back_the_source(fake: FakeSources, tmp_path: Path) -> None:
    clock = Clock()
    fetcher = Fetcher(settings_for(fake), SqliteStore(tmp_path / "r.db", clock=clock), clock=clock, sleep=clock.sleep)
    fake.trouble["crossref"] = ("429", 7, 1)
    assert crossref.by_doi(fetcher, DOI) is not None
    assert clock.slept == [7.0] and fake.count("crossref") == 2


def test_a_retry_after_longer_than_allowed_makes_the_source_unavailable(fake: FakeSources, tmp_path: Path) -> None:
    clock = Clock()
    settings = settings_for(fake, PAPER_TRIAGE_MAX_RETRY_AFTER=5)
    fetcher = Fetcher(settings, SqliteStore(tmp_path / "r.db", clock=clock), clock=clock, sleep=clock.sleep)
    fake.trouble["crossref"] = ("429", 3600, 1)
    with pytest.raises(Unavailable, match="429"):
        crossref.by_doi(fetcher, DOI)
    with pytest.raises(Unavailable, match="rate limit"):  # every worker now waits out the hour, without asking
        crossref.by_doi(fetcher, DOI)
    assert fake.count("crossref") == 1 and clock.slept == []


def test_a_slow_source_times_out(fake: FakeSources, tmp_path: Path) -> None:
    fetcher = Fetcher(settings_for(fake, PAPER_TRIAGE_LOOKUP_TIMEOUT=0.2), SqliteStore(tmp_path / "r.db"))
    fake.trouble["crossref"] = ("slow", 1.0)
    with pytest.raises(Unavailable, match="Timeout"):
        crossref.by_doi(fetcher, DOI)


def test_a_source_that_is_down_is_unavailable_and_nothing_is_cached(fake: FakeSources, fetcher: Fetcher) -> None:
    fake.trouble["crossref"] = ("down",)
    with pytest.raises(Unavailable, match="503"):
        crossref.by_doi(fetcher, DOI)
    del fake.trouble["crossref"]
    assert crossref.by_doi(fetcher, DOI) is not None


def test_the_limiter_spaces_requests_to_one_source_by_its_interval(fake: FakeSources, tmp_path: Path) -> None:
    clock = Clock()
    settings = settings_for(fake, PAPER_TRIAGE_INTERVALS={"crossref": 0.5})
    fetcher = Fetcher(settings, SqliteStore(tmp_path / "r.db", clock=clock), clock=clock, sleep=clock.sleep)
    for number in range(3):
        crossref.by_doi(fetcher, f"10.1109/other.{number}")
    assert clock.slept == [0.5, 0.5]


def test_two_workers_share_one_limiter(fake: FakeSources, tmp_path: Path) -> None:
    clock = Clock()
    settings = settings_for(fake, PAPER_TRIAGE_INTERVALS={"dblp": 1.0})
    stores = [SqliteStore(tmp_path / "r.db", clock=clock) for _ in range(2)]  # two processes' connections
    starts = [store.take_slot("dblp", 1.0) for store in stores + stores]
    assert [start - clock.now for start in starts] == [0.0, 1.0, 2.0, 3.0]
    assert settings.intervals["arxiv"] == 3.0  # the published pace of the sources not overridden


@pytest.mark.parametrize(
    ("header", "seconds"), [("7", 7.0), (None, None), ("soon", None), ("Thu, 01 Jan 1970 00:00:10 GMT", 5.0)]
)
def test_retry_after_reads_seconds_and_dates(header: str | None, seconds: float | None) -> None:
    assert retry_after(header, now=5.0) == seconds
