"""Signature checking against GitHub's documented test vector and the ways a header can be wrong."""

from __future__ import annotations

import pytest

from webhooks.signature import MALFORMED, MISMATCH, MISSING, InvalidSignature, sign, verify_signature

# From GitHub's "Validating webhook deliveries" page, quoted in tests/fixtures/github/PROVENANCE.md.
VECTOR_SECRET = b"It's a Secret to Everybody"
VECTOR_BODY = b"Hello, World!"
VECTOR_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_githubs_test_vector() -> None:
    assert sign(VECTOR_BODY, VECTOR_SECRET) == VECTOR_SIGNATURE
    verify_signature(VECTOR_BODY, VECTOR_SIGNATURE, VECTOR_SECRET)


def test_upper_case_hex_is_accepted() -> None:
    verify_signature(VECTOR_BODY, "sha256=" + VECTOR_SIGNATURE.removeprefix("sha256=").upper(), VECTOR_SECRET)


@pytest.mark.parametrize(
    ("body", "header", "secret", "reason"),
    [
        (VECTOR_BODY, None, VECTOR_SECRET, MISSING),
        (VECTOR_BODY, "", VECTOR_SECRET, MISSING),
        (VECTOR_BODY, VECTOR_SIGNATURE.removeprefix("sha256="), VECTOR_SECRET, MALFORMED),
        (VECTOR_BODY, "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6", VECTOR_SECRET, MALFORMED),
        (VECTOR_BODY, VECTOR_SIGNATURE[:-1], VECTOR_SECRET, MALFORMED),
        (VECTOR_BODY, VECTOR_SIGNATURE, b"It's a Secret to Everybody!", MISMATCH),
        (VECTOR_BODY + b"\n", VECTOR_SIGNATURE, VECTOR_SECRET, MISMATCH),
        (b"Hello, World?", VECTOR_SIGNATURE, VECTOR_SECRET, MISMATCH),
        (VECTOR_BODY, VECTOR_SIGNATURE[:-1] + "\u00e9", VECTOR_SECRET, MISMATCH),
    ],
)
def test_bad_signatures_are_refused_with_a_reason(body: bytes, header: str | None, secret: bytes, reason: str) -> None:
    with pytest.raises(InvalidSignature) as raised:
        verify_signature(body, header, secret)
    assert str(raised.value) == reason


def test_the_reason_names_the_setting_and_never_the_secret() -> None:
    with pytest.raises(InvalidSignature) as raised:
        verify_signature(VECTOR_BODY, sign(VECTOR_BODY, b"other"), VECTOR_SECRET)
    assert "GITHUB_WEBHOOK_SECRET" in str(raised.value)
    assert VECTOR_SECRET.decode() not in str(raised.value)
