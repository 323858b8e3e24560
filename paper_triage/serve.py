"""``paper-triage serve`` (web server and worker in one process), ``paper-triage worker`` (the worker alone)
and ``paper-triage health`` (exit 0 when this machine's web server or worker can do its work)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from paper_triage.files import UsageError

if TYPE_CHECKING:
    from bot.app_settings import Settings

log = logging.getLogger(__name__)

WORKER_NICENESS = 10
HEALTH_TIMEOUT = 5


def register(subcommands: argparse._SubParsersAction) -> None:
    serve = subcommands.add_parser(
        "serve", help="run the webhook server and a worker in one process (a small deployment, local development)"
    )
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    serve.add_argument("--port", type=int, help="port to listen on (default: $PORT, else 8000)")
    serve.set_defaults(run=run_serve)
    worker = subcommands.add_parser("worker", help="run a worker: take deliveries from the queue and review them")
    worker.add_argument("--threads", type=int, help="jobs run at once (default: $WORKER_THREADS, else 2)")
    worker.set_defaults(run=run_worker)
    health = subcommands.add_parser(
        "health", help="exit 0 when the web server here answers /healthz (web) or the queue can be reached (worker)"
    )
    health.add_argument(
        "--role",
        choices=("web", "worker"),
        default="web",
        help="web (also serve): ask http://127.0.0.1:$PORT/healthz; worker: reach the queue",
    )
    health.set_defaults(run=run_health)


def run_serve(args: argparse.Namespace) -> int:
    """Serve HTTP on a thread; run the worker on the main thread (it owns the signals) until stopped."""
    # The server stack (Flask, huey, Redis, PyGithub) loads only for the commands that run it, so
    # `check` and `--help` start in a fraction of the time.
    from werkzeug.serving import make_server

    from bot.jobs import Queue
    from webhooks.app import create_app

    settings = _settings()
    queue = Queue(settings)
    app = create_app(settings, queue=queue, configure_logging=False)
    server = make_server(args.host, args.port or settings.port, app, threaded=True)
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    log.info("serving", extra={"outcome": "listening", "host": args.host, "port": server.server_port})
    try:
        queue.work(settings.worker_threads)
    finally:
        server.shutdown()
    return 0


def run_worker(args: argparse.Namespace) -> int:
    """Run jobs until SIGTERM (finish the running ones first) or SIGINT."""
    from bot.app_settings import SettingsError
    from bot.jobs import Queue  # see run_serve

    settings = _settings()
    try:
        settings.require_shared_queue("worker")
    except SettingsError as error:
        raise UsageError(str(error)) from None
    # Acknowledgements have GitHub's 10-second deadline and reviews have none: where a worker shares
    # a machine with the web server, it yields the CPU to it.
    os.nice(WORKER_NICENESS)
    Queue(settings).work(args.threads or settings.worker_threads)
    return 0


def run_health(args: argparse.Namespace) -> int:
    """For container health checks: 0 when healthy, else 1 with the reason on stderr."""
    settings = _settings()
    problem = _web_problem(settings.port) if args.role == "web" else _queue_problem(settings)
    if problem is not None:
        print(f"paper-triage: unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


def _web_problem(port: int) -> str | None:
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=HEALTH_TIMEOUT):
            return None
    except urllib.error.HTTPError as error:
        return f"{url} answered {error.code}"
    except (urllib.error.URLError, TimeoutError) as error:
        return f"{url} does not answer ({getattr(error, 'reason', error)})"


def _queue_problem(settings: Settings) -> str | None:
    from bot.jobs import Queue  # see run_serve

    return Queue(settings).problem()


def _settings() -> Settings:
    """The settings (from the environment and .env), with the webhook secret the web server and the worker need
    (checked before any queue file is made)."""
    from bot import logs
    from bot.app_settings import ENV_FILE, SettingsError, load_settings

    try:
        settings = load_settings(env_file=ENV_FILE)
        settings.webhook_secret  # noqa: B018 — raises SettingsError when it is not set
    except SettingsError as error:
        raise UsageError(str(error)) from None
    logs.configure(settings.log_level, settings.secret_values())
    return settings
