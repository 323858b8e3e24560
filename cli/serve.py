"""``paper-triage serve`` (web server and worker in one process) and ``paper-triage worker`` (the worker alone)."""

from __future__ import annotations

import argparse
import logging
import os
import threading
from typing import TYPE_CHECKING

from cli.files import UsageError

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

WORKER_NICENESS = 10


def register(subcommands: argparse._SubParsersAction) -> None:
    serve = subcommands.add_parser(
        "serve", help="run the webhook server and a worker in one process (a small deployment, local development)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    serve.add_argument("--port", type=int, help="port to listen on (default: $PORT, else 8000)")
    serve.set_defaults(run=run_serve)
    worker = subcommands.add_parser("worker", help="run a worker: take deliveries from the queue and review them")
    worker.add_argument("--threads", type=int, help="jobs run at once (default: $WORKER_THREADS, else 2)")
    worker.set_defaults(run=run_worker)


def run_serve(args: argparse.Namespace) -> int:
    """Serve HTTP on a thread; run the worker on the main thread (it owns the signals) until stopped."""
    # The server stack (Flask, huey, Redis, PyGithub) loads only for the commands that run it, so
    # `check` and `--help` start in a fraction of the time.
    from werkzeug.serving import make_server

    from bot.jobs import Queue
    from bot.settings import SettingsError
    from webhooks.app import create_app

    settings = _settings()
    try:
        settings.webhook_secret  # refuse to start (before creating any queue file) without one
    except SettingsError as error:
        raise UsageError(str(error)) from None
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
    from bot.jobs import Queue  # see run_serve
    from bot.settings import SettingsError

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


def _settings() -> Settings:
    from bot import logs
    from bot.settings import ENV_FILE, SettingsError, load_settings

    try:
        settings = load_settings(env_file=ENV_FILE)
    except SettingsError as error:
        raise UsageError(str(error)) from None
    logs.configure(settings.log_level, settings.secret_values())
    return settings
