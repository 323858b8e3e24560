"""Kill -9 loop: workers killed at random points during reviews; every review must arrive once, none twice.

    .venv/bin/python bench/kill_loop.py                 # 20 kills, 40 pull requests
    .venv/bin/python bench/kill_loop.py --kills 50 --pulls 30 --seed 7

A fake GitHub (tests/fakegithub, with an App installed) holds a list repository and pull requests that each
add a broken row (so each gets a review, a summary comment and a failing check run). The Procfile's web
command receives a signed delivery for each; a ``paper-triage worker`` runs them and is killed with SIGKILL
at a random moment, then started again, ``--kills`` times; a last worker finishes the queue. Then, per pull
request: lost (no check run) and doubled (more than one check run, review or summary). Loopback only, and
bounded: each wait gives up after a few minutes.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # run as a script: import the project, not bench/'s siblings

from tests.e2e.conftest import APP_ID, INSTALLATION, README, REPO, app_env, broken_pull, delivery_body  # noqa: E402
from tests.fakegithub import FakeGitHub, generate_private_key  # noqa: E402
from tests.webhooks import processes  # noqa: E402

DRAIN_SECONDS = 300.0


def states(data_dir: Path) -> dict[str, str]:
    with sqlite3.connect(data_dir / "deliveries.db") as connection:
        return dict(connection.execute("select id, state from delivery").fetchall())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--pulls", type=int, default=40)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with ExitStack() as stack:
        work_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="paper-triage-kill-")))
        fake = stack.enter_context(FakeGitHub())
        fake.register_app(APP_ID, generate_private_key())
        fake.add_installation(INSTALLATION)
        repo = fake.add_repo(REPO)
        repo.commit("main", {"README.md": README})
        pulls = [broken_pull(repo, f"contrib-{index}", title=f"Paper {index}") for index in range(args.pulls)]
        env = app_env(fake, work_dir)
        url, _ = stack.enter_context(processes.gunicorn(env, work_dir))
        for pull in pulls:
            processes.deliver(url, "pull_request", delivery_body(repo, pull), delivery=f"pr-{pull.number}")
        kills_during_work = 0
        workers = []
        for kill in range(args.kills):
            worker = processes.start_worker(env, work_dir, f"worker-{kill}")
            workers.append(worker)
            time.sleep(rng.uniform(1.0, 3.0))  # a worker needs about a second to start; then it reviews
            if set(states(work_dir).values()) - {"done"}:
                kills_during_work += 1
            worker.kill()
        last = processes.start_worker(env, work_dir, "worker-last")
        workers.append(last)
        stack.callback(last.stop)
        started = time.monotonic()
        processes.wait_until(lambda: set(states(work_dir).values()) == {"done"}, "the queue to drain", DRAIN_SECONDS)
        drained = time.monotonic() - started
        time.sleep(1.0)  # anything doubled late would show now
        checks = [sum(run.head_sha == pull.head_sha for run in repo.check_runs.values()) for pull in pulls]
        reviews = [sum(review.number == pull.number for review in repo.reviews.values()) for pull in pulls]
        summaries = [
            sum(comment.number == pull.number and comment.user == fake.bot for comment in repo.issue_comments.values())
            for pull in pulls
        ]
        lost = sum(count == 0 for count in checks)
        doubled = sum(max(c, r, s) > 1 for c, r, s in zip(checks, reviews, summaries))
        resumed = sum(line.get("outcome") == "already-posted" for worker in workers for line in worker.log_lines())
    print(
        f"kill -9 loop: {args.kills} kills ({kills_during_work} while reviews were unfinished), {args.pulls} pull "
        f"requests; queue drained {drained:.1f} s after the last kill"
    )
    print(
        f"  lost {lost}, doubled {doubled}; check runs {sum(checks)}, reviews {sum(reviews)}, summaries "
        f"{sum(summaries)}; writes found already posted by a killed attempt: {resumed}"
    )
    return 0 if lost == doubled == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
