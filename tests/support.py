"""Small helpers shared by test modules."""

from __future__ import annotations

from pathlib import Path


def write(directory: Path, name: str, content: str | bytes) -> str:
    """Write ``content`` (text as UTF-8, bytes as they are) to ``directory/name``; return the path."""
    path = directory / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)
