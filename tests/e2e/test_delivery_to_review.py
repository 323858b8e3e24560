"""Deliveries over real HTTP to the real server (a subprocess), reviews arriving at the fake GitHub.

Every process here runs on 127.0.0.1 and is stopped by the test, whatever happens.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.e2e.conftest import REPO, Hold, app_env, broken_pull, delivery_body
from tests.fakegithub import FakeGitHub
from tests.fakegithub.state import Repo
from tests.webhooks import processes

REVIEW_SECONDS = 60.0
QUIET_SECONDS = 1.5  # how long to watch for a second, unwanted review


def reviews_of(repo: Repo, number: int) -> list:
    return [review for review in repo.reviews.values() if review.number == number]


def wait_review(repo: Repo, number: int) -> None:
    processes.wait_until(
        lambda: reviews_of(repo, number) and repo.check_runs, f"the review of #{number}", REVIEW_SECONDS
    )


def states(data_dir: Path) -> dict[str, str]:
    with sqlite3.connect(data_dir / "deliveries.db") as connection:
        return dict(connection.execute("select id, state from delivery").fetchall())


def test_a_signed_delivery_becomes_one_review_and_a_forged_one_nothing(
    fake_github: FakeGitHub, repo: Repo, tmp_path: Path
) -> None:
    pull = broken_pull(repo, "contrib")
    forged_pull = broken_pull(repo, "forged", title="Forged Paper")
    with processes.serve(app_env(fake_github, tmp_path), tmp_path) as (url, server):
        forged = processes.deliver(url, "pull_request", delivery_body(repo, forged_pull), secret="guessed")
        unsigned = processes.deliver(url, "pull_request", delivery_body(repo, forged_pull), signature=None)
        first = processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery="d-1")
        wait_review(repo, pull.number)
        again = processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery="d-1")
        time.sleep(QUIET_SECONDS)
    assert (forged.status_code, unsigned.status_code, first.status_code, again.status_code) == (401, 401, 202, 200)
    assert again.json()["outcome"] == "duplicate"
    [review] = reviews_of(repo, pull.number)
    assert (review.commit_id, review.user.login) == (pull.head_sha, fake_github.bot.login)
    assert review.comments and all(comment.path == "README.md" for comment in review.comments)
    [run] = repo.check_runs.values()
    assert (run.name, run.head_sha, run.conclusion) == ("paper-triage", pull.head_sha, "failure")
    assert not [request for request in fake_github.requests if f"/pulls/{forged_pull.number}" in request.path]
    assert states(tmp_path) == {"d-1": "done"}
    job_lines = [line for line in server.log_lines() if line.get("outcome") == "done"]
    assert [(line["delivery"], line["repository"], line["attempt"]) for line in job_lines] == [("d-1", REPO, 1)]


def test_a_worker_killed_mid_job_leaves_the_job_to_the_next_worker(
    fake_github: FakeGitHub, repo: Repo, tmp_path: Path
) -> None:
    pull = broken_pull(repo, "contrib")
    hold = Hold(fake_github, "GET", rf"/repos/{REPO}/pulls/{pull.number}/files")
    env = app_env(fake_github, tmp_path)
    first_worker = processes.start_worker(env, tmp_path, "worker-1")
    second_worker = None
    try:
        with processes.gunicorn(env, tmp_path) as (url, _):
            assert processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery="d-1").status_code == 202
            assert hold.entered.wait(REVIEW_SECONDS), "the worker never asked for the pull request's files"
            first_worker.kill()
            hold.released.set()
            assert states(tmp_path) == {"d-1": "running"}
            second_worker = processes.start_worker(env, tmp_path, "worker-2")
            wait_review(repo, pull.number)
            time.sleep(QUIET_SECONDS)
    finally:
        hold.released.set()
        first_worker.stop()
        if second_worker is not None:
            second_worker.stop()
    assert len(reviews_of(repo, pull.number)) == 1 and len(repo.check_runs) == 1
    assert len(fake_github.requests_to("GET", rf"/repos/{REPO}/pulls/{pull.number}/files")) == 1  # + the held one
    assert states(tmp_path) == {"d-1": "done"}
    [started] = [line for line in second_worker.log_lines() if line.get("outcome") == "started"]
    assert started["requeued"] == 1


def test_github_502_and_a_rate_limit_are_ridden_out_and_the_review_arrives_once(
    fake_github: FakeGitHub, repo: Repo, tmp_path: Path
) -> None:
    pull = broken_pull(repo, "contrib")
    fake_github.fail_with_secondary_rate_limit("GET", rf"/repos/{REPO}/pulls/{pull.number}/files", retry_after=1)
    fake_github.fail("POST", rf"/repos/{REPO}/pulls/{pull.number}/reviews", status=502, times=1)
    with processes.serve(app_env(fake_github, tmp_path), tmp_path) as (url, server):
        processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery="d-1")
        wait_review(repo, pull.number)
        time.sleep(QUIET_SECONDS)
    assert len(reviews_of(repo, pull.number)) == 1 and len(repo.check_runs) == 1
    assert [request.status for request in fake_github.requests_to("POST", rf"/repos/{REPO}/pulls/\d+/reviews")] == [
        502,
        200,
    ]
    outcomes = [
        (line["outcome"], line["attempt"])
        for line in server.log_lines()
        if line.get("outcome") in ("retry", "done", "failed")
    ]
    assert outcomes == [("retry", 1), ("retry", 2), ("done", 3)]


def test_jobs_for_one_pull_request_run_one_after_the_other(fake_github: FakeGitHub, repo: Repo, tmp_path: Path) -> None:
    pull = broken_pull(repo, "contrib")
    opened, pushed = delivery_body(repo, pull), delivery_body(repo, pull, action="synchronize")
    with processes.serve(app_env(fake_github, tmp_path), tmp_path) as (url, _):
        processes.deliver(url, "pull_request", opened, delivery="d-opened")
        processes.deliver(url, "pull_request", pushed, delivery="d-pushed")
        processes.wait_until(lambda: set(states(tmp_path).values()) == {"done"}, "both jobs", REVIEW_SECONDS)
    summaries = [comment for comment in repo.issue_comments.values() if comment.number == pull.number]
    assert len(summaries) == 1  # the second job saw the first one's summary and edited it
    assert len(reviews_of(repo, pull.number)) == 1  # and saw its review comments: nothing new to say
    assert len(repo.check_runs) == 2


def test_redis_mode_shares_one_queue_between_processes(
    fake_github: FakeGitHub, repo: Repo, tmp_path: Path, redis_url: str
) -> None:
    pulls = [broken_pull(repo, f"contrib-{index}", title=f"Paper {index}") for index in range(3)]
    env = app_env(fake_github, tmp_path, REDIS_URL=redis_url)
    workers = [processes.start_worker(env, tmp_path, f"worker-{index}") for index in range(2)]
    try:
        with processes.gunicorn(env, tmp_path) as (url, _):
            answers = [
                processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery=f"redis-{pull.number}")
                for pull in pulls
                for _ in range(2)
            ]
            for pull in pulls:
                wait_review(repo, pull.number)
            time.sleep(QUIET_SECONDS)
    finally:
        for worker in workers:
            worker.stop()
    assert [answer.status_code for answer in answers] == [202, 200] * 3
    assert [len(reviews_of(repo, pull.number)) for pull in pulls] == [1, 1, 1]
    assert len(repo.check_runs) == 3
    assert not (tmp_path / "deliveries.db").exists()


def test_a_retry_after_the_review_was_posted_does_not_post_it_again(
    fake_github: FakeGitHub, repo: Repo, tmp_path: Path
) -> None:
    pull = broken_pull(repo, "contrib")
    fake_github.fail_with_secondary_rate_limit("POST", rf"/repos/{REPO}/check-runs", retry_after=1)
    with processes.serve(app_env(fake_github, tmp_path), tmp_path) as (url, server):
        processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery="d-1")
        processes.wait_until(lambda: repo.check_runs, "the check run", REVIEW_SECONDS)
        time.sleep(QUIET_SECONDS)
    assert len(reviews_of(repo, pull.number)) == 1 and len(repo.check_runs) == 1
    summaries = [comment for comment in repo.issue_comments.values() if comment.number == pull.number]
    assert len(summaries) == 1
    outcomes = [
        (line["outcome"], line["attempt"])
        for line in server.log_lines()
        if line.get("outcome") in ("retry", "done", "failed")
    ]
    assert outcomes == [("retry", 1), ("done", 2)]


def test_writes_github_stored_but_whose_answers_were_lost_are_not_posted_again(
    fake_github: FakeGitHub, repo: Repo, tmp_path: Path
) -> None:
    pull = broken_pull(repo, "contrib")
    fake_github.fail("POST", rf"/repos/{REPO}/pulls/{pull.number}/reviews", status=502, applied=True)
    fake_github.fail("POST", rf"/repos/{REPO}/check-runs", drop=True, applied=True)
    with processes.serve(app_env(fake_github, tmp_path), tmp_path) as (url, server):
        processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery="d-1")
        processes.wait_until(lambda: states(tmp_path) == {"d-1": "done"}, "the job", REVIEW_SECONDS)
    assert len(reviews_of(repo, pull.number)) == 1 and len(repo.check_runs) == 1
    outcomes = [
        line["outcome"]
        for line in server.log_lines()
        if line.get("outcome") in ("retry", "done", "failed", "already-posted")
    ]
    # the second attempt finds the review's comments posted (nothing new to say), the third the check run
    assert outcomes == ["retry", "retry", "already-posted", "done"]


def test_a_worker_killed_during_the_check_run_post_leaves_one_check_run(
    fake_github: FakeGitHub, repo: Repo, tmp_path: Path
) -> None:
    pull = broken_pull(repo, "contrib")
    hold = Hold(fake_github, "POST", rf"/repos/{REPO}/check-runs", applied=True)
    env = app_env(fake_github, tmp_path)
    first_worker = processes.start_worker(env, tmp_path, "worker-1")
    second_worker = None
    try:
        with processes.gunicorn(env, tmp_path) as (url, _):
            processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery="d-1")
            assert hold.entered.wait(REVIEW_SECONDS), "the worker never posted the check run"
            first_worker.kill()
            hold.released.set()
            second_worker = processes.start_worker(env, tmp_path, "worker-2")
            processes.wait_until(lambda: states(tmp_path) == {"d-1": "done"}, "the job", REVIEW_SECONDS)
    finally:
        hold.released.set()
        first_worker.stop()
        if second_worker is not None:
            second_worker.stop()
    assert len(reviews_of(repo, pull.number)) == 1 and len(repo.check_runs) == 1


def test_ten_quick_pushes_get_one_review_of_the_last_head(fake_github: FakeGitHub, repo: Repo, tmp_path: Path) -> None:
    pull = broken_pull(repo, "contrib")
    env = app_env(fake_github, tmp_path)
    with processes.gunicorn(env, tmp_path) as (url, _):
        for push in range(10):
            repo.commit("contrib", {"notes.txt": f"push {push}\n"})
            processes.deliver(url, "pull_request", delivery_body(repo, pull, "synchronize"), delivery=f"push-{push}")
        worker = processes.start_worker(env, tmp_path)
        try:
            processes.wait_until(lambda: set(states(tmp_path).values()) == {"done"}, "the ten jobs", REVIEW_SECONDS)
        finally:
            worker.stop()
    assert [(run.head_sha, run.name) for run in repo.check_runs.values()] == [(pull.head_sha, "paper-triage")]
    skipped = [line["delivery"] for line in worker.log_lines() if line.get("outcome") == "superseded"]
    assert sorted(skipped) == sorted(f"push-{push}" for push in range(9))
