"""Read list files for the command line with one-line errors, and write them back atomically."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rules import parse
from rules.dialects import ListFormat, UnreadableList
from rules.model import Document

STDIN = "-"
SKIPPED_FOLDERS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__"})


class UsageError(Exception):
    """A problem with the command's arguments or input files, told in one line."""


def read_texts(paths: Iterable[str]) -> dict[str, str]:
    """repository path → text for every named file, refusing what is missing, binary or not UTF-8."""
    return {repository_path(name): read_text(Path(name)) for name in paths}


def repository_path(name: str) -> str:
    """A file's name in messages and configs: relative to the root of the repository it is in (the
    nearest folder above it holding `.git`), else to the working folder when inside it, else as given
    (an absolute path typed on the command line must not leak into review text)."""
    path = Path(name).resolve()
    root = next((folder for folder in path.parents if (folder / ".git").exists()), None)
    try:
        return path.relative_to(root or Path.cwd().resolve()).as_posix()
    except ValueError:
        return name


def locations(paths: Iterable[str]) -> dict[str, Path]:
    """repository path → the file as named on the command line, to write it back."""
    return {repository_path(name): Path(name) for name in paths}


def read_text(path: Path) -> str:
    try:
        data = sys.stdin.buffer.read() if str(path) == STDIN else path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory; name the list files (README.md, scripts/data*.json)") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read it ({error.strerror})") from None
    if b"\0" in data:
        raise UsageError(f"{path}: is a binary file, not a markdown or JSON list")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UsageError(
            f"{path}: is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}); save it as UTF-8"
        ) from None


def parse_text(
    path: str, text: str, fmt: ListFormat | None = None, cache: parse.DocumentCache | None = None
) -> Document:
    """Parse one file (as ``fmt`` says, else by its name; through ``cache`` when given), turning a broken
    data file into a one-line usage error."""
    try:
        return parse.parse_document(path, text, fmt, cache)
    except UnreadableList as error:
        raise UsageError(f"{path}: {error}") from None


def repository_root(path: Path) -> Path | None:
    """The nearest folder above ``path`` (a file or folder) that holds ``.git``, or None."""
    start = path.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repository_files(root: Path) -> list[str]:
    """Every file under ``root`` (``/``-separated, relative to it), sorted; VCS and tool folders skipped."""
    return [
        path.relative_to(root).as_posix()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not SKIPPED_FOLDERS & set(path.relative_to(root).parts[:-1])
    ]


def changed_files(root: Path, ref: str) -> set[str]:
    """Paths (relative to ``root``) that differ between ``ref`` and the work tree, deletions left out."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "diff", "--name-only", "--no-renames", "--diff-filter=d", ref, "--"],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("--changed-from needs git, and git is not installed") from None
    if done.returncode != 0:
        raise UsageError(
            f"--changed-from {ref}: git cannot compare with it ({done.stderr.strip() or 'unknown revision'})"
        )
    return set(done.stdout.splitlines())


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash mid-write leaves the old file whole."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
