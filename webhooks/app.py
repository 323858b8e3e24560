"""The Flask app factory: ``gunicorn "webhooks.app:create_app()"`` reads the settings from the environment."""

from __future__ import annotations

from flask import Flask

from bot import logs
from bot.app_settings import ENV_FILE, Settings, load_settings
from bot.jobs import Queue
from webhooks import routes

MAX_BODY_BYTES = 25 * 1024 * 1024  # GitHub caps deliveries at 25 MB


def create_app(
    settings: Settings | None = None, *, queue: Queue | None = None, configure_logging: bool = True
) -> Flask:
    """The webhook server; ``queue`` says which events it handles. SettingsError names a missing or bad setting.

    Without ``settings`` this is the web process of a deployment (``gunicorn "webhooks.app:create_app()"``,
    the Procfile's ``web:``), reading the environment and ``.env``; its workers are other processes, so it
    refuses a queue they may not share (see ``Settings.require_shared_queue``).
    """
    if settings is None:
        settings = load_settings(env_file=ENV_FILE)
        settings.require_shared_queue("web server")
    secret = settings.webhook_secret  # refuse to start without one: unsigned deliveries could be forged
    if configure_logging:
        logs.configure(settings.log_level, settings.secret_values())
    app = Flask(__name__)
    # One byte over: werkzeug stops a chunked body (no Content-Length) at this limit without a word, so a
    # body that reaches it was cut and is answered 413 by the route, not checked as if it were whole.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES + 1
    app.register_blueprint(routes.blueprint(secret=secret, queue=queue if queue is not None else Queue(settings)))
    return app
