"""The router drops bots' events, so no handler has to ask."""

from __future__ import annotations

import pytest

from bot.events import Event
from bot.router import Router


def _event(login: str, kind: str) -> Event:
    payload = {
        "action": "created",
        "repository": {"full_name": "o/r"},
        "sender": {"login": login, "type": kind},
        "issue": {"number": 1},
        "comment": {"id": 2, "body": "/help"},
    }
    return Event.from_delivery("issue_comment", "delivery-1", payload)


@pytest.mark.parametrize(
    ("login", "kind"), [("renovate[bot]", "User"), ("paper-triage[bot]", "Bot"), ("a-bot-like-name", "Bot")]
)
def test_a_bot_event_reaches_no_handler(login: str, kind: str) -> None:
    router, ran = Router(), []
    router.register("issue_comment", "created")(lambda event: ran.append(event))
    assert router.handlers_for(_event(login, kind)) == []
    assert router.dispatch(_event(login, kind)) == 0 and ran == []


def test_a_person_event_reaches_its_handler() -> None:
    router, ran = Router(), []
    router.register("issue_comment", "created")(lambda event: ran.append(event.sender_login))
    assert router.dispatch(_event("octocat", "User")) == 1 and ran == ["octocat"]
