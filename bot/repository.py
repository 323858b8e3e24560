"""Reads from a list repository that every handler needs: its config and its text files."""

from __future__ import annotations

import logging

from bot.errors import ConfigError
from bot.gateway import FileNotText, GitHub
from bot.repo_config import CONFIG_PATH, RepoConfig, parse_config

log = logging.getLogger(__name__)


def load_config(gh: GitHub, repo: str, default_branch: str) -> RepoConfig:
    """The repository's config from its default branch, so a pull request cannot relax its own rules."""
    try:
        text = gh.read_file(repo, CONFIG_PATH, default_branch)
    except FileNotText as error:
        raise ConfigError(str(error)) from None
    return parse_config(text)


def read_text(gh: GitHub, repo: str, path: str, ref: str) -> str | None:
    """A file's text at ``ref``; None when it is absent, or binary or not UTF-8 (such a file is no list)."""
    try:
        return gh.read_file(repo, path, ref)
    except FileNotText:
        log.info("%s at %s is not UTF-8 text; it is not read as a list", path, ref)
        return None
