"""The GitHub App manifest subscribes to the events the handlers act on, no others, and asks only for what they use."""

from __future__ import annotations

import json

from bot.handlers import ROUTER
from tests.webhooks.processes import ROOT

MANIFEST = json.loads((ROOT / "paper_triage" / "data" / "github-app-manifest.json").read_text(encoding="utf-8"))
# What each permission is for: reading lists and config, /add-paper branches and files, reviews, comments
# and reactions, check runs. Anything more would be more than the app uses.
NEEDED = {"metadata": "read", "contents": "write", "pull_requests": "write", "issues": "write", "checks": "write"}


def test_the_app_subscribes_to_exactly_the_events_it_handles() -> None:
    handled = {name for name, _, _ in ROUTER._routes}
    assert sorted(MANIFEST["default_events"]) == sorted(handled)


def test_permissions_are_the_ones_the_app_uses() -> None:
    assert MANIFEST["default_permissions"] == NEEDED
    assert MANIFEST["hook_attributes"]["url"].endswith("/webhook")
