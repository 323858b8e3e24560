"""``/add-paper <link>``: title, year, venue and authors filled from the papers' records (the fake sources),
each named with its source, and the requester asked to confirm — never a pull request before that."""

from __future__ import annotations

import pytest

from bot import gateway as gh
from bot.commands import find_commands
from bot.filled import fill
from rules import venues
from rules.records import Found, Lookup, Record, Strength
from rules.venues import VenueKind
from tests.bot.test_add_paper_handler import (
    APP_ID,
    INSTALLATION,
    MAINTAINER,
    REPO,
    comment_event,
    dispatch,
    only_preview,
    open_pulls,
)
from tests.fakegithub import FakeGitHub, generate_private_key
from tests.fakegithub.state import Repo
from tests.fakesources import FakeSources

README = """# Papers

| Title | Year | Venue |
| --- | --- | --- |
| [Old paper on anomalies](https://example.org/old) | 2020 | C-CVPR |
"""
DOI = "10.1016/j.engappai.2023.107830"
TITLE = "Attention-guided generator with dual discriminator GAN for real-time video anomaly detection"


@pytest.fixture
def small_repo(fake_github: FakeGitHub) -> Repo:
    fake_github.register_app(APP_ID, generate_private_key())
    fake_github.add_installation(INSTALLATION)
    repo = fake_github.add_repo(REPO)
    repo.commit("main", {"README.md": README}, message="The list")
    repo.permissions[MAINTAINER] = "write"
    return repo


@pytest.fixture
def factory(fake_github: FakeGitHub, small_repo: Repo) -> gh.GatewayFactory:
    factory = gh.PyGithubGatewayFactory(api_url=fake_github.url, app_id=APP_ID, private_key=generate_private_key())
    factory.my_login()
    return factory


@pytest.mark.parametrize(
    ("body", "url"),
    [
        ("/add-paper https://arxiv.org/abs/2404.12345", "https://arxiv.org/abs/2404.12345"),
        (f"/add-paper doi:{DOI}", f"https://doi.org/{DOI}"),
        ("/add-paper <https://openreview.net/forum?id=TAVtkpjS9P>", "https://openreview.net/forum?id=TAVtkpjS9P"),
    ],
)
def test_a_link_alone_is_the_papers_url(body: str, url: str) -> None:
    [command] = find_commands(body)
    assert command.fields == {"url": url}


def test_the_publication_gives_venue_and_year_the_preprint_only_what_is_missing() -> None:
    preprint = Record(
        "arXiv",
        "2311.15367",
        "BatchNorm-based Weakly Supervised Video Anomaly Detection",
        VenueKind.PREPRINT,
        "arXiv",
        (2023,),
        ("Zhou", "Qu"),
    )
    journal = Record(
        "Crossref",
        "10.1109/tcsvt.2024.3450734",
        "BatchNorm-Based Weakly Supervised Video Anomaly Detection",
        VenueKind.JOURNAL,
        "IEEE Transactions on Circuits and Systems for Video Technology",
        (2024,),
        issn=("1051-8215",),
    )
    lookup = Lookup((Found(preprint, Strength.IDENTIFIER), Found(journal, Strength.TITLE)))
    filled = fill({"url": "https://arxiv.org/abs/2311.15367", "year": "2023"}, lookup, venues.registry())
    assert filled.fields == {"title": preprint.title, "venue": "J-TCSVT"}
    assert filled.sources == {"title": "arXiv 2311.15367", "venue": "Crossref 10.1109/tcsvt.2024.3450734"}
    assert filled.authors == ("Zhou", "Qu")


def test_a_doi_alone_fills_the_preview_with_sources_and_asks_to_confirm(
    sources: FakeSources,
    fake_github: FakeGitHub,
    small_repo: Repo,
    factory: gh.GatewayFactory,
) -> None:
    issue = small_repo.open_issue("Add A2D-GAN", "Please add this one", author=MAINTAINER)
    dispatch(factory, comment_event(small_repo, issue, f"/add-paper https://doi.org/{DOI}", MAINTAINER))
    body = only_preview(fake_github, small_repo)
    assert "### ✋ Not ready to add yet: Attention-guided generator with dual discriminator GAN" in body
    assert f"- title: `{TITLE}` — from `Crossref {DOI}`" in body
    assert f"- year: `2024` — from `Crossref {DOI}`" in body and f"- venue: `J-EAAI` — from `Crossref {DOI}`" in body
    assert "- authors: Singh, Sethi, Saini, Saurav, Tiwari, Singh" in body
    assert f"/add-paper\ntitle: {TITLE}\nurl: https://doi.org/{DOI}\nyear: 2024\nvenue: J-EAAI\n" in body
    assert open_pulls(small_repo) == []  # nothing is added before the requester confirms

    dispatch(
        factory,
        comment_event(
            small_repo,
            issue,
            f"/add-paper\ntitle: {TITLE}\nurl: https://doi.org/{DOI}\nyear: 2024\nvenue: J-EAAI",
            MAINTAINER,
        ),
    )
    [pull] = open_pulls(small_repo)
    assert pull.title == f"Add paper: {TITLE}"
    assert "From the papers' records" not in only_preview(fake_github, small_repo)
