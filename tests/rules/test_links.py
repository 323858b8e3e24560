"""What counts as a code repository link: the big forges, self-hosted ones, clone addresses, anonymised
review repositories — and not a project page."""

from __future__ import annotations

import pytest

from rules.links import is_repository_url


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/owner/repo",
        "https://gitlab.com/group/project/-/tree/main",
        "https://anonymous.4open.science/r/HaloAE-E27B/README.md",
        "https://git.openi.org.cn/zangxh/PiT.git",
        "https://git.io/J1juJ",
        "https://gitlab.inria.fr/team/tool",
        "https://example.org/code/tool.git",
    ],
)
def test_repositories(url: str) -> None:
    assert is_repository_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://roeiherz.github.io/ORViT/",
        "https://github.com/owner",
        "https://sites.google.com/view/povt-public",
        "https://anonymous.4open.science/",
        "https://git.openi.org.cn/zangxh",
    ],
)
def test_not_repositories(url: str) -> None:
    assert not is_repository_url(url)
