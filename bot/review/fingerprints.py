"""What the bot remembers between pushes, kept as hidden markers in its own comments.

A fingerprint names the rule, the file and the entry's content — never a line number — so it survives
pushes that shift lines, and changes as soon as the contributor edits the entry. An inline comment carries
the fingerprints it reports; the summary comment carries the problems it alone reports (they did not fit
a review), as a Bloom filter: bounded in size whatever their number, so the summary never has to be cut,
and never forgetting one (a false positive only keeps a new problem in the summary instead of inline).

Markers are authenticated: each carries an HMAC of its content keyed by the webhook secret (``use_key``),
and only markers outside fenced blocks are read. A contributor who writes a marker into an entry sees it
echoed inside a suggestion block (skipped) or neutralised by ``bot.safe_text`` (elsewhere), and cannot
forge a valid one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

FINGERPRINTS = "fingerprints"
SUMMARISED = "summarised"
_MARKER = "<!-- paper-triage:{kind} {payload} {signature} -->"
_MARKER_RE = re.compile(r"<!-- paper-triage:(fingerprints|summarised) ([0-9a-zA-Z,:_=-]+) ([0-9a-f]{32}) -->")
# A fenced block as ``bot.safe_text.fenced`` writes it: closed by a fence of exactly its opening length.
_FENCED_RE = re.compile(r"^(`{3,})[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_VALUE_RE = re.compile(r"[0-9a-f]{16}")

BLOOM_BITS_PER_VALUE = 16  # with 8 probes: about one false positive in 1,700 until the cap
BLOOM_PROBES = 8
BLOOM_MIN_BYTES = 64
BLOOM_MAX_BYTES = 24_576  # 32,768 characters of base64: a summary keeps half of GitHub's 65,536 for itself

_key = secrets.token_bytes(32)  # until use_key: markers from another process are not trusted


def use_key(key: bytes) -> None:
    """Authenticate markers with ``key`` (the webhook secret), so every process of the app trusts the others'."""
    global _key
    _key = key


def _signature(kind: str, payload: str) -> str:
    return hmac.new(_key, f"{kind} {payload}".encode(), hashlib.sha256).hexdigest()[:32]


def _marker(kind: str, payload: str) -> str:
    return _MARKER.format(kind=kind, payload=payload, signature=_signature(kind, payload))


def _payloads(kind: str, body: str) -> list[str]:
    """The payloads of the authentic ``kind`` markers in ``body``, outside fenced blocks."""
    outside = _FENCED_RE.sub("", body)
    return [
        payload
        for found, payload, signature in _MARKER_RE.findall(outside)
        if found == kind and hmac.compare_digest(signature, _signature(kind, payload))
    ]


def normalize_content(text: str) -> str:
    """Entry text as compared across pushes: whitespace runs folded, a JSON trailing comma dropped
    (it comes and goes as objects are added after the entry)."""
    return " ".join(text.split()).removesuffix(",").rstrip()


def fingerprint(rule: str, path: str, content: str, occurrence: int = 1) -> str:
    """A short stable digest of one finding: rule + path + normalised entry content (+ which of several
    identical entries it is, counted from the top)."""
    parts = (rule, path, normalize_content(content), str(occurrence))
    digest = hashlib.sha256("\0".join(parts).encode("utf-8"))
    return digest.hexdigest()[:16]


def combined(values: Iterable[str]) -> str:
    """One digest for a set of fingerprints (an entry's findings): it changes when any of them does."""
    return hashlib.sha256(",".join(sorted(values)).encode("utf-8")).hexdigest()[:16]


def markers(values: Iterable[str]) -> str:
    """The hidden marker to append to a comment body: its fingerprints, signed."""
    return _marker(FINGERPRINTS, ",".join(sorted(set(values))))


def fingerprints_in(body: str) -> set[str]:
    """The fingerprints of the authentic markers of a posted comment body."""
    return {
        value for payload in _payloads(FINGERPRINTS, body) for value in payload.split(",") if _VALUE_RE.fullmatch(value)
    }


@dataclass(frozen=True)
class Remembered:
    """A Bloom filter of digests: ``value in remembered`` is never wrong for a value put in."""

    bits: bytes = b""

    @classmethod
    def of(cls, values: Iterable[str]) -> Remembered:
        values = sorted(set(values))
        size = min(max(BLOOM_MIN_BYTES, -(-len(values) * BLOOM_BITS_PER_VALUE // 8)), BLOOM_MAX_BYTES) if values else 0
        bits = bytearray(size)
        for value in values:
            for position in _probes(value, size * 8):
                bits[position // 8] |= 1 << position % 8
        return cls(bytes(bits))

    def __contains__(self, value: object) -> bool:
        if not self.bits or not isinstance(value, str) or not _VALUE_RE.fullmatch(value):
            return False
        return all(self.bits[position // 8] >> position % 8 & 1 for position in _probes(value, len(self.bits) * 8))

    def __bool__(self) -> bool:
        return bool(self.bits)


def _probes(value: str, size: int) -> list[int]:
    digest = hashlib.sha256(value.encode("ascii")).digest()
    return [int.from_bytes(digest[4 * index : 4 * index + 4], "big") % size for index in range(BLOOM_PROBES)]


def summarised_marker(values: Iterable[str]) -> str:
    """The summary's hidden memory of what it alone reports, signed; bounded in size."""
    return _marker(SUMMARISED, base64.urlsafe_b64encode(Remembered.of(values).bits).decode("ascii"))


def summarised_in(body: str) -> Remembered:
    """Read back the summary's memory (empty when it has none, or none we wrote)."""
    for payload in _payloads(SUMMARISED, body):
        try:
            return Remembered(base64.urlsafe_b64decode(payload))
        except (binascii.Error, ValueError):
            continue
    return Remembered()
