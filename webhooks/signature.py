"""Check GitHub's ``X-Hub-Signature-256`` header: HMAC-SHA256 of the exact body bytes, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="
MISSING = "no X-Hub-Signature-256 header: is a webhook secret set on the GitHub App?"
MALFORMED = "X-Hub-Signature-256 is not sha256=<64 hex digits>"
MISMATCH = "X-Hub-Signature-256 does not match the body: check that GITHUB_WEBHOOK_SECRET is the App's webhook secret"


class InvalidSignature(Exception):
    """The delivery is not signed with our secret; the message says what to check (never the secret)."""


def sign(body: bytes, secret: bytes) -> str:
    """The header value GitHub sends for ``body``: ``sha256=`` and the hex HMAC-SHA256 digest."""
    return PREFIX + hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str | None, secret: bytes) -> None:
    """Return when ``header`` signs ``body`` with ``secret``; raise InvalidSignature otherwise."""
    if not header:
        raise InvalidSignature(MISSING)
    if not header.startswith(PREFIX) or len(header) != len(PREFIX) + 64:
        raise InvalidSignature(MALFORMED)
    # compare_digest keeps the time independent of where the strings differ (no timing oracle).
    if not hmac.compare_digest(sign(body, secret).encode("ascii"), header.lower().encode("ascii", "replace")):
        raise InvalidSignature(MISMATCH)
