"""A GitHub delivery as the bot sees it: the headers that matter and the payload fields it reads."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    """One webhook delivery. ``payload`` is the parsed JSON body; the fields every handler needs are lifted out."""

    model_config = ConfigDict(frozen=True)

    name: str
    action: str | None = None
    delivery_id: str
    installation_id: int | None = None
    repository: str | None = None
    sender_login: str | None = None
    sender_type: str | None = None
    payload: dict[str, Any]

    @classmethod
    def from_delivery(cls, name: str, delivery_id: str, payload: dict[str, Any]) -> Event:
        """Build an event from the ``X-GitHub-Event`` and ``X-GitHub-Delivery`` headers and the body."""
        sender = payload.get("sender") or {}
        return cls(
            name=name,
            action=payload.get("action"),
            delivery_id=delivery_id,
            installation_id=(payload.get("installation") or {}).get("id"),
            repository=(payload.get("repository") or {}).get("full_name"),
            sender_login=sender.get("login"),
            sender_type=sender.get("type"),
            payload=payload,
        )

    @property
    def key(self) -> str:
        """What jobs for the same pull request or issue share, so they never run at once."""
        number = (self.payload.get("pull_request") or self.payload.get("issue") or {}).get("number")
        if number is None:
            for run in ("check_run", "check_suite"):
                pulls = (self.payload.get(run) or {}).get("pull_requests") or []
                if pulls:
                    number = pulls[0].get("number")
        return f"{self.repository}#{number}" if number is not None else f"{self.repository}"

    @property
    def from_bot(self) -> bool:
        """True for events sent by any bot account, this app included: they never trigger work."""
        return self.sender_type == "Bot" or (self.sender_login or "").endswith("[bot]")
