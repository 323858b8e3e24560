"""Shared test fixtures: paths to the bundled list, and a guard that keeps tests off the network."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakegithub import FakeGitHub

FIXTURES = Path(__file__).parent / "fixtures"
LIST_DIR = FIXTURES / "lists" / "video-anomaly-detection"


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return isinstance(address, (str, bytes))  # unix sockets stay on this machine


@pytest.fixture(autouse=True)
def no_record_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app looks papers up in arXiv, Crossref, … by default; tests that want it point it at the fake."""
    monkeypatch.setenv("PAPER_TRIAGE_METADATA", "0")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may talk to servers on 127.0.0.1 only; anything else fails loudly."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        if not _is_loopback(address):
            raise RuntimeError(f"tests must not reach the network (tried {address!r})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def list_dir() -> Path:
    return LIST_DIR


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A started fake GitHub API on 127.0.0.1 (tests/fakegithub/README.md); stopped after the test."""
    with FakeGitHub() as server:
        yield server
