"""A fake GitHub REST API for tests: a real HTTP server on 127.0.0.1 with state, a request log and faults.

See README.md in this folder for the API. The ``fake_github`` fixture (tests/conftest.py) gives a started
server; ``generate_private_key()`` makes an App key at test time.
"""

from tests.fakegithub.keys import generate_private_key
from tests.fakegithub.server import FakeGitHub, Request

__all__ = ["FakeGitHub", "Request", "generate_private_key"]
