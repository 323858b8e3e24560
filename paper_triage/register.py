"""``paper-triage register``: create the GitHub App through GitHub's manifest flow and keep its credentials.

A page on 127.0.0.1 posts the manifest (name, webhook URL, permissions, events from
``paper_triage/data/github-app-manifest.json``) to GitHub; the person signed in there names the App and creates it;
GitHub sends the browser back with a one-time code, which is exchanged (``POST
/app-manifests/{code}/conversions``) for the App's id, private key and webhook secret. They are written to
``.env`` (readable by its owner only), which ``paper-triage serve`` and ``worker`` read at start-up.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from paper_triage.files import UsageError

DEFAULT_GITHUB_URL = "https://github.com"
DEFAULT_API_URL = "https://api.github.com"
CALLBACK = "/callback"
EXCHANGE_TIMEOUT = 30

START = (
    "Open {page} in a browser where you are signed in to GitHub{where}, then name the App and create it.\n"
    "Waiting for GitHub to send you back here (Ctrl-C to stop)."
)
NO_WEBHOOK = (
    "No --url given: the App was created with its webhook off. When the app is deployed, set its "
    "Webhook URL to https://YOUR-APP-HOST/webhook and tick Active, in {settings}."
)
DONE = "Created the GitHub App {name} (id {app_id}). Wrote its id, private key and webhook secret to {env_file}."
INSTALL = "Install it on your list repositories: {link}"
EXISTS = "{path} exists; move it away or run again with --force to overwrite it"
STATE_MISMATCH = "This answer is not for the request this command made (its state differs); start again."
EXCHANGE_FAILED = "GitHub did not exchange the code ({reason}); codes last an hour and work once: start again."

PAGE = """<!doctype html>
<meta charset="utf-8"><title>Register paper-triage</title>
<p>Sending the paper-triage App's manifest to GitHub…</p>
<form id="manifest" method="post" action="{action}">
<input type="hidden" name="manifest" value="{manifest}">
<button type="submit">Create the GitHub App</button>
</form>
<script>document.getElementById("manifest").submit()</script>
"""
FINISHED = """<!doctype html>
<meta charset="utf-8"><title>paper-triage registered</title>
<p>{message}</p>
"""


def register(subcommands: argparse._SubParsersAction) -> None:
    command = subcommands.add_parser(
        "register", help="create the GitHub App from its manifest (in your browser) and write its credentials to .env"
    )
    command.add_argument("--org", help="create the App for this organization (default: your own account)")
    command.add_argument(
        "--url",
        metavar="PUBLIC_URL",
        help="where the app will be reachable, e.g. https://triage.example.org (webhook: PUBLIC_URL/webhook)",
    )
    command.add_argument(
        "--name", default="paper-triage", help="the App's name, editable on GitHub's page (default: paper-triage)"
    )
    command.add_argument(
        "--port", type=int, default=0, help="local port of the registration page (default: any free one)"
    )
    command.add_argument(
        "--env-file", default=".env", metavar="FILE", help="where to write the credentials (default: .env)"
    )
    command.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    command.set_defaults(run=run_register)


@dataclass(frozen=True)
class Endpoints:
    """GitHub's web pages and its API: github.com, or a GitHub Enterprise Server (GITHUB_URL, GITHUB_API_URL)."""

    web: str
    api: str

    @classmethod
    def from_environment(cls) -> Endpoints:
        web = os.environ.get("GITHUB_URL", DEFAULT_GITHUB_URL).rstrip("/")
        api = os.environ.get("GITHUB_API_URL", DEFAULT_API_URL).rstrip("/")
        for name, url in (("GITHUB_URL", web), ("GITHUB_API_URL", api)):
            if not url.startswith(("https://", "http://")):
                raise UsageError(f"{name}: must start with https:// (or http:// for a local test server)")
        return cls(web, api)

    def new_app_page(self, org: str | None, state: str) -> str:
        folder = f"/organizations/{urllib.parse.quote(org)}" if org else ""
        return f"{self.web}{folder}/settings/apps/new?{urllib.parse.urlencode({'state': state})}"


def manifest(name: str, public_url: str | None, homepage: str, redirect_url: str) -> dict[str, Any]:
    """The packaged manifest with this deployment's name and URLs; without a public URL, no webhook yet."""
    body = json.loads(
        resources.files("paper_triage").joinpath("data/github-app-manifest.json").read_text(encoding="utf-8")
    )
    body.update(name=name, url=(public_url or homepage).rstrip("/"), redirect_url=redirect_url)
    if public_url:
        body["hook_attributes"] = {"url": f"{public_url.rstrip('/')}/webhook", "active": True}
    else:
        del body["hook_attributes"]
    return body


def run_register(args: argparse.Namespace) -> int:
    """Serve the page, wait for GitHub's code, exchange it, write the env file, print the install link."""
    env_file = Path(args.env_file)
    if env_file.exists() and not args.force:
        raise UsageError(EXISTS.format(path=env_file))
    endpoints = Endpoints.from_environment()
    server = _Server(("127.0.0.1", args.port))
    page = f"http://127.0.0.1:{server.server_port}/"
    flow = server.flow = Flow(
        endpoints,
        secrets.token_urlsafe(24),
        manifest(args.name, args.url, endpoints.web, page.rstrip("/") + CALLBACK),
        args.org,
    )
    print(START.format(page=page, where=f" as an owner of {args.org}" if args.org else ""), flush=True)
    try:
        while flow.app is None and flow.error is None:
            server.handle_request()
    except KeyboardInterrupt:
        raise UsageError("stopped before GitHub answered; nothing was written") from None
    finally:
        server.server_close()
    if flow.error is not None:
        raise UsageError(flow.error)
    app = flow.app
    assert app is not None
    webhook_secret = app.get("webhook_secret") or secrets.token_hex(32)
    write_env_file(env_file, env_values(app, webhook_secret, endpoints))
    print(DONE.format(name=app.get("name", app.get("slug")), app_id=app["id"], env_file=env_file))
    if not args.url:
        print(NO_WEBHOOK.format(settings=f"{app['html_url']} → App settings"))
    print(INSTALL.format(link=f"{app['html_url']}/installations/new"))
    return 0


@dataclass
class Flow:
    """One registration: what the page posts, and what came back."""

    endpoints: Endpoints
    state: str
    manifest: dict[str, Any]
    org: str | None
    app: dict[str, Any] | None = None
    error: str | None = None

    def page(self) -> str:
        action = self.endpoints.new_app_page(self.org, self.state)
        return PAGE.format(action=html.escape(action), manifest=html.escape(json.dumps(self.manifest)))

    def answer(self, query: dict[str, str]) -> str:
        """GitHub's redirect: check the state, exchange the code; the message to show in the browser."""
        if not secrets.compare_digest(query.get("state", ""), self.state):
            self.error = STATE_MISMATCH
        else:
            try:
                self.app = exchange(self.endpoints, query.get("code", ""))
            except UsageError as error:
                self.error = str(error)
        if self.error is not None:
            return self.error
        return f"Created {self.app.get('name')}. You can close this page and go back to the terminal."  # type: ignore[union-attr]


def exchange(endpoints: Endpoints, code: str) -> dict[str, Any]:
    """``POST /app-manifests/{code}/conversions`` (no credentials: the code is the proof)."""
    url = f"{endpoints.api}/app-manifests/{urllib.parse.quote(code, safe='')}/conversions"
    request = urllib.request.Request(
        url,
        data=b"",
        method="POST",
        headers={
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "paper-triage",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=EXCHANGE_TIMEOUT) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise UsageError(EXCHANGE_FAILED.format(reason=f"{error.code} {error.reason}")) from None
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise UsageError(EXCHANGE_FAILED.format(reason=str(error))) from None


def env_values(app: dict[str, Any], webhook_secret: str, endpoints: Endpoints) -> dict[str, str]:
    values = {
        "GITHUB_APP_ID": str(app["id"]),
        "GITHUB_WEBHOOK_SECRET": webhook_secret,
        "GITHUB_PRIVATE_KEY": app["pem"],
    }
    if endpoints.api != DEFAULT_API_URL:
        values["GITHUB_API_URL"] = endpoints.api
    return values


def write_env_file(path: Path, values: dict[str, str]) -> None:
    """``NAME=value`` lines, unquoted (new lines written as ``\\n``, which the settings turn back), so that
    python-dotenv, ``docker run --env-file`` and ``xargs`` into a platform's ``config:set`` all read them
    alike; mode 0600 from the start."""
    lines = ["# Written by `paper-triage register`. Secrets: keep this file out of version control."]
    lines += [f"{name}={value.strip()}".replace("\n", "\\n") for name, value in values.items()]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file (--force) keeps its mode otherwise
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")


class _Server(HTTPServer):
    """The registration page's server; ``flow`` is set before it answers anything."""

    flow: Flow

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        flow = self.server.flow
        parsed = urllib.parse.urlsplit(self.path)
        if parsed.path == "/":
            self._send(200, flow.page())
        elif parsed.path == CALLBACK:
            message = flow.answer(dict(urllib.parse.parse_qsl(parsed.query)))
            self._send(200 if flow.error is None else 400, FINISHED.format(message=html.escape(message)))
        else:
            self._send(404, FINISHED.format(message="Not here: open the page this command printed."))

    def _send(self, status: int, body: str) -> None:
        payload = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # the terminal shows what matters
        pass
