"""Replay the bundled list's real commits as pull requests: the changed files as GitHub sends them
(GitHub-style per-file patches cut from ``change.diff``), the head list, and what meta.json says."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import unidiff

from bot.review import FileChange

HISTORY = Path(__file__).resolve().parent.parent / "fixtures" / "lists" / "video-anomaly-detection" / "history"
STATUSES = {"A": "added", "M": "modified", "D": "removed", "R": "renamed"}


@dataclass(frozen=True)
class Case:
    name: str
    changes: tuple[FileChange, ...]
    head_list: dict[str, str]
    meta: dict

    def added_titles(self, path: str) -> list[str]:
        return self.meta["entries"][path]["added_titles"]


def case_names() -> list[str]:
    return sorted(folder.name for folder in HISTORY.iterdir() if folder.is_dir())


def github_patches(diff_text: str) -> dict[str, str]:
    """path → the per-file patch GitHub's API sends: the hunks only, without a final newline."""
    return {
        patched.path: "".join(str(hunk) for hunk in patched).removesuffix("\n")
        for patched in unidiff.PatchSet(diff_text)
        if len(patched)
    }


def load(prefix: str) -> Case:
    """The history case whose folder starts with ``prefix`` (e.g. ``017``)."""
    folder = next(HISTORY.glob(f"{prefix}*"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    patches = github_patches((folder / "change.diff").read_text(encoding="utf-8"))
    changes = []
    for changed in meta["files"]:
        path = changed["path"]
        base, head = folder / "base" / path, folder / "head" / path
        changes.append(
            FileChange(
                path=path,
                status=STATUSES[changed["status"][0]],
                previous_path=None,
                base_text=base.read_text(encoding="utf-8") if base.exists() else None,
                head_text=head.read_text(encoding="utf-8") if head.exists() else None,
                patch=patches.get(path),
            )
        )
    context = folder / "context"
    head_list = (
        {
            str(file.relative_to(context)): file.read_text(encoding="utf-8")
            for file in sorted(context.rglob("*"))
            if file.is_file()
        }
        if context.exists()
        else {}
    )
    return Case(folder.name, tuple(changes), head_list, meta)
