"""GitHub API requests (and wall time) one review costs, for every real commit of the bundled list replayed as a
pull request through the handler, PyGithub and the fake GitHub on 127.0.0.1. A measurement to read, not a test.

    .venv/bin/python -m bench.api_requests
    .venv/bin/python -m bench.api_requests --rows 32000     # one pull request adding 32,000 broken rows

For each case: the list files it changes, the inline comments posted, the requests of the first review
(``opened``) and of a second one after an unrelated push (``synchronize``), without the App's token and
identity requests (made once per process), and the time of the first review.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from bot import gateway as gh
from bot.events import Event
from bot.handlers import ROUTER
from tests.conftest import LIST_DIR
from tests.fakegithub import FakeGitHub, generate_private_key, payloads
from tests.fakegithub.state import Pull, Repo

APP_ID, INSTALLATION = 1, 1
os.environ["PAPER_TRIAGE_METADATA"] = "0"  # GitHub's requests only: no lookups in the papers' records (loopback only)
HISTORY = LIST_DIR / "history"


def replay(repo: Repo, folder: Path) -> Pull:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    base = {
        str(p.relative_to(side)): p.read_text(encoding="utf-8")
        for side in (folder / "context", folder / "base")
        if side.exists()
        for p in side.rglob("*")
        if p.is_file()
    }
    repo.commit("main", base)
    head = {
        f["path"]: (folder / "head" / f["path"]).read_text(encoding="utf-8")
        if (folder / "head" / f["path"]).exists()
        else None
        for f in meta["files"]
    }
    repo.commit("contrib", head)
    return repo.open_pull("contrib")


def review(fake: FakeGitHub, factory: gh.GatewayFactory, repo: Repo, pull: Pull, action: str) -> tuple[int, float]:
    body = payloads.pull_request_delivery(action, repo, pull, INSTALLATION)
    fake.clear_requests()
    started = time.perf_counter()
    ROUTER.dispatch(Event.from_delivery("pull_request", f"{action}-{pull.head_sha}", body), factory(INSTALLATION))
    return len(fake.api_requests), (time.perf_counter() - started) * 1000


def huge(rows: int) -> None:
    """One pull request adding ``rows`` rows, each with problems: the requests of its review and of a later push."""
    readme = (HISTORY.parent / "README.md").read_text(encoding="utf-8")
    added = "\n".join(
        f"| [Paper {index} on masked motion priors](https://arxiv.org/abs/2501.{index:05d}) | 2025 | arxiv |"
        for index in range(rows)
    )
    lines = readme.splitlines(True)
    with FakeGitHub() as fake:
        key = generate_private_key()
        fake.register_app(APP_ID, key)
        fake.add_installation(INSTALLATION)
        repo = fake.add_repo("bench/list")
        factory = gh.PyGithubGatewayFactory(api_url=fake.url, app_id=APP_ID, private_key=key)
        factory.my_login()
        repo.commit("main", {"README.md": readme})
        repo.commit("contrib", {"README.md": "".join(lines[:63] + [added + "\n"] + lines[63:])})
        pull = repo.open_pull("contrib")
        opened, elapsed = review(fake, factory, repo, pull, "opened")
        writes = [request for request in fake.api_requests if request.method != "GET"]
        [run] = repo.check_runs.values()
        repo.commit("contrib", {"unrelated.txt": "x\n"})
        pushed, _ = review(fake, factory, repo, pull, "synchronize")
        print(
            f"a pull request adding {rows:,} rows: {opened} requests ({len(writes)} writes) in {elapsed / 1000:.1f} s; "
            f"check run: {len(run.annotations)} annotations, {run.updates} updates; inline comments "
            f"{len(repo.review_comments)}; a later push: {pushed} requests, {len(repo.reviews)} review(s) in all"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="review one pull request adding this many broken rows instead")
    args = parser.parse_args()
    if args.rows:
        huge(args.rows)
        return
    print(f"{'case':<14} {'files':>5} {'inline':>6} {'opened':>6} {'push':>5} {'ms':>7}")
    opened_counts, times = [], []
    for folder in sorted(p for p in HISTORY.iterdir() if p.is_dir()):
        with FakeGitHub() as fake:
            key = generate_private_key()
            fake.register_app(APP_ID, key)
            fake.add_installation(INSTALLATION)
            repo = fake.add_repo("bench/list")
            factory = gh.PyGithubGatewayFactory(api_url=fake.url, app_id=APP_ID, private_key=key)
            factory.my_login()
            pull = replay(repo, folder)
            opened, elapsed = review(fake, factory, repo, pull, "opened")
            repo.commit("contrib", {"unrelated.txt": "x\n"})
            pushed, _ = review(fake, factory, repo, pull, "synchronize")
            files = len(json.loads((folder / "meta.json").read_text(encoding="utf-8"))["files"])
            inline = len(repo.review_comments)
            print(f"{folder.name:<14} {files:>5} {inline:>6} {opened:>6} {pushed:>5} {elapsed:>7.0f}")
            opened_counts.append(opened)
            times.append(elapsed)
    print(
        f"requests on opened: median {statistics.median(opened_counts)}, max {max(opened_counts)}; "
        f"time: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms"
    )


if __name__ == "__main__":
    main()
