"""Load run on loopback: acknowledgement latency under gunicorn as deployed, and delivery → review time.

    .venv/bin/python bench/load.py                       # 2,000 deliveries, 16 at once, 5 reviews
    .venv/bin/python bench/load.py --deliveries 500 --concurrency 8 --reviews 3
    .venv/bin/python bench/load.py --slow 100 --reviews 0    # acknowledgements with 100 slow clients open

It starts a fake GitHub (tests/fakegithub, in its own process), the Procfile's ``web:`` command bound to
127.0.0.1 and its ``worker:`` command, on a fresh SQLite queue; sends signed ``pull_request.opened``
deliveries for pull requests that touch no list (each becomes a real job against the fake GitHub); then
opens pull requests adding 10 entries to a 10,000-entry list, one at a time, and times each from the
delivery to the review being posted. With ``--slow N``, N connections stay open meanwhile, each sending a
delivery's headers and then one byte of its body every second (as anyone can: the body is read before the
signature can be checked). Everything runs on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where sibling scripts could shadow libraries.
sys.path[0] = str(ROOT)

import requests  # noqa: E402

from tests.webhooks import processes  # noqa: E402

TOKEN = "bench-token-0123456789"
SMALL_REPO = "bench/small"
LIST_REPO = "bench/papers"
LIST_ENTRIES = 10_000
ADDED_ENTRIES = 10
HEADER = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"
WORDS = (
    "anomaly video temporal spatial graph memory attention prototype contrastive diffusion transformer "
    "weakly supervised open set few shot multimodal frame motion object scene event clip prompt language "
    "skeleton crowd traffic surveillance pedestrian reconstruction prediction distillation adversarial"
).split()
REVIEW_TIMEOUT_SECONDS = 60.0
DRAIN_TIMEOUT_SECONDS = 600.0


# --- the fake GitHub, in a child process so its work does not share the load generator's interpreter --------


def list_row(rng: random.Random, year: int, serial: int, venue: str = "arXiv") -> str:
    title = " ".join(rng.sample(WORDS, 7)).capitalize() + f" {serial}"
    return (
        f"| [{title}](https://arxiv.org/abs/{year % 100:02d}{serial % 12 + 1:02d}.{serial:05d}) | {year} | "
        f"{venue} | ![](./assets/video.svg) | - | - |"
    )


def list_text(rows: list[str]) -> str:
    return "# Bench list\n\n## Papers\n\n" + HEADER + "\n".join(rows) + "\n"


def run_fake_github(small_pulls: int, list_pulls: int) -> None:
    """Build the repositories, print their facts as one JSON line, serve until stdin closes."""
    from tests.fakegithub import FakeGitHub  # noqa: PLC0415 — only the child process needs it

    rng = random.Random(20240501)
    fake = FakeGitHub().start()
    fake.add_token(TOKEN, login="maintainer")
    small = fake.add_repo(SMALL_REPO)
    small.commit("main", {"README.md": list_text([list_row(rng, 2024, 1)])})
    facts: dict[str, Any] = {"url": fake.url, "small": [], "list": []}
    for index in range(small_pulls):
        small.commit(f"notes-{index}", {f"notes/{index}.txt": f"note {index}\n"})
        facts["small"].append(_pull_facts(small.open_pull(f"notes-{index}", author="alice")))
    years = [2023 - serial * 30 // LIST_ENTRIES for serial in range(LIST_ENTRIES)]
    rows = [list_row(rng, year, serial) for serial, year in enumerate(years)]
    papers = fake.add_repo(LIST_REPO)
    papers.commit("main", {"README.md": list_text(rows)})
    for index in range(list_pulls):
        # Each added row writes the venue in lower case: the review suggests a fix for every one of them.
        added = [
            list_row(rng, 2024, LIST_ENTRIES + index * ADDED_ENTRIES + n, venue="arxiv") for n in range(ADDED_ENTRIES)
        ]
        papers.commit(f"add-{index}", {"README.md": list_text(added + rows)})
        facts["list"].append(_pull_facts(papers.open_pull(f"add-{index}", author="alice")))
    print(json.dumps(facts), flush=True)
    sys.stdin.read()
    fake.stop()


def _pull_facts(pull: Any) -> dict[str, Any]:
    return {"number": pull.number, "head_sha": pull.head_sha, "base_sha": pull.base_sha, "head_ref": pull.head_ref}


# --- deliveries ------------------------------------------------------------------------------------------


def opened_body(template: dict[str, Any], repo: str, pull: dict[str, Any]) -> bytes:
    """The recorded pull_request.opened delivery, re-pointed at one pull request of the fake."""
    payload = json.loads(json.dumps(template))
    owner, name = repo.split("/")
    payload["number"] = pull["number"]
    payload["repository"].update(full_name=repo, name=name, default_branch="main")
    payload["repository"]["owner"]["login"] = owner
    payload["pull_request"].update(number=pull["number"], draft=False, state="open")
    payload["pull_request"]["head"].update(sha=pull["head_sha"], ref=pull["head_ref"])
    payload["pull_request"]["head"]["repo"] = payload["repository"]
    payload["pull_request"]["base"].update(sha=pull["base_sha"], ref="main")
    payload["pull_request"]["base"]["repo"] = payload["repository"]
    payload["pull_request"]["user"]["login"] = "alice"
    payload["sender"].update(login="alice", type="User")
    return json.dumps(payload).encode()


@contextmanager
def slow_clients(url: str, count: int) -> Iterator[None]:
    """``count`` connections trickling a body a byte a second until the block ends (opened before it starts)."""
    host, port = url.removeprefix("http://").split(":")
    stop = threading.Event()
    head = (
        b"POST /webhook HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        b"X-GitHub-Event: pull_request\r\nContent-Length: 1000000\r\n\r\n"
    )
    connections = [socket.create_connection((host, int(port)), timeout=5) for _ in range(count)]
    for connection in connections:
        connection.sendall(head)

    def trickle() -> None:
        while not stop.wait(1.0):
            for connection in connections:
                try:
                    connection.sendall(b" ")
                except OSError:  # the server gave up on it: that is its right
                    pass

    keeper = threading.Thread(target=trickle, daemon=True)
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        keeper.join()
        for connection in connections:
            connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def acknowledge(url: str, bodies: list[bytes], concurrency: int) -> tuple[list[float], float, dict[int, int]]:
    """Send every body once from ``concurrency`` threads; per-request seconds, wall seconds, status counts."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    host, port = url.removeprefix("http://").split(":")
    # Requests are built and signed before the clock starts, and sent on raw sockets: the load generator
    # shares the two cores with the server it measures, so it should cost as little as it can.
    prepared = iter([_request_bytes(host, port, body) for body in bodies])

    def sender() -> None:
        while True:
            with lock:
                request = next(prepared, None)
            if request is None:
                return
            started = time.perf_counter()
            with socket.create_connection((host, int(port)), timeout=30) as connection:
                connection.sendall(request)
                status = _read_status(connection)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=sender) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, statuses


def _request_bytes(host: str, port: str, body: bytes) -> bytes:
    lines = [
        "POST /webhook HTTP/1.1",
        f"Host: {host}:{port}",
        f"Content-Length: {len(body)}",
        "Connection: close",
        *(f"{name}: {value}" for name, value in _headers(body).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _read_status(connection: socket.socket) -> int:
    """The status code of the answer; reads to the end so the server is not cut off mid-write."""
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return int(received.split(b" ", 2)[1])


def _headers(body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-Hub-Signature-256": processes.sign(body, processes.SECRET.encode()),
    }


def wait_drained(data_dir: Path, expected: int) -> tuple[float, dict[str, int]]:
    """Seconds until ``expected`` deliveries are finished, and the count per state."""
    started = time.perf_counter()
    while True:
        with sqlite3.connect(data_dir / "deliveries.db") as connection:
            states = dict(connection.execute("select state, count(*) from delivery group by state").fetchall())
        if states.get("done", 0) + states.get("failed", 0) >= expected:
            return time.perf_counter() - started, states
        if time.perf_counter() - started > DRAIN_TIMEOUT_SECONDS:
            raise SystemExit(f"jobs did not drain within {DRAIN_TIMEOUT_SECONDS:.0f} s: {states}")
        time.sleep(0.1)


def time_review(url: str, api: str, body: bytes, number: int) -> tuple[float, str]:
    """Seconds from sending the delivery to the review being on the fake GitHub, and the delivery id."""
    reviews = f"{api}/repos/{LIST_REPO}/pulls/{number}/reviews"
    auth = {"Authorization": f"token {TOKEN}"}
    session = requests.Session()
    headers = _headers(body)
    started = time.perf_counter()
    if session.post(f"{url}/webhook", data=body, headers=headers, timeout=30).status_code != 202:
        raise SystemExit("the review delivery was not queued")
    while time.perf_counter() - started < REVIEW_TIMEOUT_SECONDS:
        if session.get(reviews, headers=auth, timeout=10).json():
            return time.perf_counter() - started, headers["X-GitHub-Delivery"]
        time.sleep(0.005)
    raise SystemExit(f"no review on {LIST_REPO}#{number} within {REVIEW_TIMEOUT_SECONDS:.0f} s")


def queue_waits(web: processes.Process, worker: processes.Process, deliveries: list[str]) -> list[float]:
    """Seconds each delivery waited between its acknowledgement and its job starting, from the JSON logs."""

    def stamp(line: dict[str, Any]) -> float:
        return datetime.fromisoformat(line["time"].replace("Z", "+00:00")).timestamp()

    def finished() -> dict[str, dict[str, Any]]:
        done = {line["delivery"]: line for line in worker.log_lines() if line.get("outcome") == "done"}
        return done if all(delivery in done for delivery in deliveries) else {}

    done = processes.wait_until(finished, "the review jobs to finish", REVIEW_TIMEOUT_SECONDS)
    queued = {line["delivery"]: line for line in web.log_lines() if line.get("outcome") == "queued"}
    return [stamp(done[d]) - done[d]["duration_ms"] / 1000 - stamp(queued[d]) for d in deliveries]


# --- processes -------------------------------------------------------------------------------------------


@contextmanager
def fake_github(small_pulls: int, list_pulls: int, log_dir: Path) -> Iterator[dict[str, Any]]:
    import subprocess  # noqa: PLC0415

    child = subprocess.Popen(
        [sys.executable, __file__, "--fake-github", str(small_pulls), str(list_pulls)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=(log_dir / "fake-github.log").open("wb"),
        text=True,
    )
    try:
        line = child.stdout.readline()
        if not line:
            raise SystemExit(f"the fake GitHub did not start: {(log_dir / 'fake-github.log').read_text()[-2000:]}")
        yield json.loads(line)
    finally:
        child.stdin.close()
        child.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--reviews", type=int, default=5)
    parser.add_argument("--slow", type=int, default=0, help="slow connections kept open while acknowledging")
    parser.add_argument("--fake-github", nargs=2, type=int, metavar=("SMALL", "LISTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fake_github:
        run_fake_github(*args.fake_github)
        return 0
    template = json.loads(processes.fixture_body("pull_request.opened"))
    with ExitStack() as stack:
        work_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="paper-triage-bench-")))
        print(f"setting up: {args.deliveries} pull requests, a {LIST_ENTRIES:,}-entry list …", flush=True)
        facts = stack.enter_context(fake_github(args.deliveries, args.reviews, work_dir))
        env = processes.app_env(work_dir / "data", facts["url"], GITHUB_TOKEN=TOKEN)  # LOG_LEVEL INFO, as deployed
        port = processes.free_port()
        web = processes.Process(
            processes.procfile_command("web", port), {**env, "PORT": str(port)}, work_dir / "web.log"
        )
        stack.callback(web.stop)
        url = f"http://127.0.0.1:{port}"
        processes.wait_healthy(url, web)
        worker = processes.Process(processes.procfile_command("worker", port), env, work_dir / "worker.log")
        stack.callback(worker.stop)

        bodies = [opened_body(template, SMALL_REPO, pull) for pull in facts["small"]]
        with slow_clients(url, args.slow):
            latencies, wall, statuses = acknowledge(url, bodies, args.concurrency)
        print(
            f"acknowledgement: {len(bodies)} deliveries, {args.concurrency} at once, {args.slow} slow clients open, "
            f"statuses {statuses}"
        )
        print(
            f"  p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms; {len(bodies) / wall:.0f} deliveries/s"
        )
        drain, states = wait_drained(work_dir / "data", len(bodies))
        print(
            f"jobs: all {len(bodies)} finished {drain:.1f} s after the last acknowledgement "
            f"({len(bodies) / (wall + drain):.0f} jobs/s overall); states {states}"
        )

        if not facts["list"]:
            return 0
        try:
            timed = [
                time_review(url, facts["url"], opened_body(template, LIST_REPO, pull), pull["number"])
                for pull in facts["list"]
            ]
        except SystemExit:
            print(worker.raw_log()[-3000:], file=sys.stderr)
            raise
        times = [seconds for seconds, _ in timed]
        print(
            f"delivery → review, {ADDED_ENTRIES} entries added to a {LIST_ENTRIES:,}-entry list: "
            + ", ".join(f"{seconds * 1000:.0f} ms" for seconds in times)
            + f" (median {statistics.median(times) * 1000:.0f} ms)"
        )
        waits = queue_waits(web, worker, [delivery for _, delivery in timed])
        print(
            "  of which waiting in the queue (acknowledged → job started): "
            + ", ".join(f"{seconds * 1000:.0f} ms" for seconds in waits)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
