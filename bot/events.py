"""A GitHub delivery as the bot sees it: the headers that matter and the payload fields it reads.

The payload is checked at the edge (``Envelope``): every object the handlers read has the type they expect,
so a signed but malformed body is refused with 400 instead of failing in the queue or a worker.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

# The sections each handled event cannot do without.
REQUIRED_SECTIONS = {
    "pull_request": ("pull_request",),
    "issues": ("issue",),
    "issue_comment": ("issue", "comment"),
    "check_run": ("check_run",),
    "check_suite": ("check_suite",),
}


class _Part(BaseModel):
    """An object of the payload: the fields named are checked strictly, the rest kept as they are."""

    model_config = ConfigDict(extra="allow", strict=True)


class _Account(_Part):
    login: str | None = None
    type: str | None = None


class _Installation(_Part):
    id: int


class _Repository(_Part):
    full_name: str
    default_branch: str | None = None


class _Ref(_Part):
    sha: str
    ref: str


class _PullRequest(_Part):
    number: int
    state: str
    head: _Ref
    base: _Ref
    updated_at: str | None = None


class _Numbered(_Part):
    number: int


class _Comment(_Part):
    id: int
    body: str | None = None


class _Checks(_Part):
    name: str | None = None
    pull_requests: list[_Numbered] = []


class Envelope(_Part):
    """The parts of a delivery any handler reads, with the types it reads them as."""

    action: str | None = None
    installation: _Installation | None = None
    repository: _Repository | None = None
    sender: _Account | None = None
    pull_request: _PullRequest | None = None
    issue: _Numbered | None = None
    comment: _Comment | None = None
    check_run: _Checks | None = None
    check_suite: _Checks | None = None


class MalformedPayload(ValueError):
    """The body is JSON but not a delivery the bot can read; the message names the first bad field."""


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
        """Build an event from the ``X-GitHub-Event`` and ``X-GitHub-Delivery`` headers and the body;
        MalformedPayload when a field the bot reads is missing or of the wrong type."""
        try:
            envelope = Envelope.model_validate(payload)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the body"
            raise MalformedPayload(f"{where}: {first['msg']}") from None
        for section in REQUIRED_SECTIONS.get(name, ()):
            if getattr(envelope, section) is None:
                raise MalformedPayload(f"a {name} delivery without {section}")
        return cls(
            name=name,
            action=envelope.action,
            delivery_id=delivery_id,
            installation_id=envelope.installation.id if envelope.installation else None,
            repository=envelope.repository.full_name if envelope.repository else None,
            sender_login=envelope.sender.login if envelope.sender else None,
            sender_type=envelope.sender.type if envelope.sender else None,
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
