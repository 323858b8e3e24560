"""Real webhook deliveries (tests/fixtures/github/webhooks) re-pointed at a repository and pull request of the fake."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.fakegithub.state import Pull, Repo

WEBHOOKS = Path(__file__).resolve().parent.parent / "fixtures" / "github" / "webhooks"


def webhook(name: str) -> dict[str, Any]:
    """A recorded delivery body, e.g. ``webhook("pull_request.opened")``."""
    return json.loads((WEBHOOKS / f"{name}.json").read_text(encoding="utf-8"))


def point_at(
    body: dict[str, Any], repo: Repo, installation_id: int, sender: str = "contributor", sender_type: str = "User"
) -> dict[str, Any]:
    """Make a delivery about ``repo``, sent by ``sender`` to ``installation_id``."""
    body["repository"].update(
        full_name=repo.full_name, name=repo.full_name.split("/")[1], default_branch=repo.default_branch
    )
    body["installation"] = {"id": installation_id, "node_id": f"MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u{installation_id}"}
    body["sender"].update(login=sender, type=sender_type)
    return body


def pull_request_delivery(
    action: str,
    repo: Repo,
    pull: Pull,
    installation_id: int,
    sender: str = "contributor",
    sender_type: str = "User",
    fixture: str | None = None,
) -> dict[str, Any]:
    """A ``pull_request`` delivery for ``pull`` as it is now (head and base SHAs, state, draft)."""
    fixture = fixture or (
        f"pull_request.{action}" if (WEBHOOKS / f"pull_request.{action}.json").exists() else "pull_request.synchronize"
    )
    body = point_at(webhook(fixture), repo, installation_id, sender, sender_type)
    body.update(action=action, number=pull.number)
    pr = body["pull_request"]
    pr.update(number=pull.number, state=pull.state, draft=pull.draft, updated_at=pull.updated_at)
    pr["user"]["login"] = pull.author.login
    pr["head"].update(ref=pull.head_ref, sha=pull.head_sha)
    pr["head"]["repo"] = copy.deepcopy(body["repository"])
    pr["base"].update(ref=pull.base_ref, sha=pull.base_sha)
    return body
