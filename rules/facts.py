"""Facts written in the many ways lists write them: a year or date (``2024``, ``2022.06``, ``May, 2023``,
``'18``), a venue and year sharing one place (``CVPR 2023``, ``[CVPR' 18]``, ``arXiv 2022.06``,
``TPAMI'2024``), and what a link leads to (paper, code, project page, model) from its text, badge or host.

Every dialect reads these the same way, so that a rule judges ``CVPR' 18`` and ``| C-CVPR | 2018 |`` alike.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from rules.model import LinkRole

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A whole field that holds a year: 2024, 2024-03, 2024/03/15, 2022.06, 01 Jan 2024, March 2024,
# May, 2023, '18 (a year in two digits needs its apostrophe: a bare 24 is no year).
YEAR_RE = re.compile(
    rf"""
    ^(?:
        (?P<iso>\d{{4}})(?:[-./]\d{{1,2}}(?:[-./]\d{{1,2}})?)?
      | (?:\d{{1,2}}\s+)?{MONTH},?\s+(?P<named>\d{{4}})
      | ['’]\s?(?P<short>\d{{2}})
    )$
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A year inside a longer text (the last one wins: ``ACL 2025 Findings``, ``arXiv 2022.06``, ``arXiv.2021.02``;
# not the end of a version number such as ``1.2021``).
YEAR_IN_TEXT_RE = re.compile(
    rf"""
    (?P<year>
        (?<![\w.])(?:\d{{1,2}}\s+)?{MONTH},?\s+(?:19|20)\d{{2}}(?!\d)
      | (?<![\w])(?<!\d\.)(?:19|20)\d{{2}}(?:[-./]\d{{1,2}}(?:[-./]\d{{1,2}})?)?(?![\w])
      | ['’]\s?\d{{2}}(?!\d)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Two-digit years below this are 20xx, the others 19xx ('18 is 2018, '95 is 1995).
CENTURY_PIVOT = 70
# What stands between a venue and its year, and around a combined fact: ``CVPR' 18``, ``[CVPR 2024]``.
_TRIM = " \t,;:'’-–—()[]*_"


@lru_cache(maxsize=4096)  # a list's year cells repeat a few dozen values, asked by several rules per entry
def year_of(written: str) -> int | None:
    """The year a year or date field holds, or None when it holds none."""
    match = YEAR_RE.match(written.strip())
    if not match:
        return None
    if match["short"]:
        short = int(match["short"])
        return 2000 + short if short < CENTURY_PIVOT else 1900 + short
    return int(match["iso"] or match["named"])


# The parts of a date field that name a month or a day: 2024-03-15, 2022.06, 2024/3/5, 01 Jan 2024, May, 2023.
DATE_PARTS_RE = re.compile(
    rf"""
    ^(?:
        \d{{4}}[-./](?P<month>\d{{1,2}})(?:[-./](?P<day>\d{{1,2}}))?
      | (?:(?P<named_day>\d{{1,2}})\s+)?(?P<named_month>{MONTH}),?\s+\d{{4}}
    )$
    """,
    re.VERBOSE | re.IGNORECASE,
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def has_day(written: str) -> bool:
    """True for a date written to the day (``2023-12-20``, ``19 Dec 2022``), not a year or a month."""
    match = DATE_PARTS_RE.match(written.strip())
    return match is not None and bool(match["day"] or match["named_day"])


def missing_date_part(written: str) -> str | None:
    """What a date field names that no calendar has (``day 0``, ``month 13``, ``day 30 of February``), or
    None when it is a real date, a year alone, or no date at all."""
    match = DATE_PARTS_RE.match(written.strip())
    year = year_of(written)
    if match is None or year is None:
        return None
    if match["named_month"]:
        month, day = MONTHS.index(match["named_month"][:3].lower()) + 1, match["named_day"]
    else:
        month, day = int(match["month"]), match["day"]
    if not 1 <= month <= 12:
        return f"month {month}"
    if day is not None and not 1 <= int(day) <= calendar.monthrange(year, month)[1]:
        return f"day {int(day)} of {calendar.month_name[month]}"
    return None


@lru_cache(maxsize=65_536)
def year_in(text: str) -> int | None:
    """The year a field holds, or the last year written inside it (``Mar 2024``, ``CVPR' 18``), or None."""
    found = year_of(text)
    if found is not None:
        return found
    years = list(YEAR_IN_TEXT_RE.finditer(text))
    return year_of(years[-1].group()) if years else None


@dataclass(frozen=True, slots=True)
class VenueYear:
    """A venue and a year read from one text; each span is ``(start, end)`` in that text, or None."""

    venue: str
    venue_span: tuple[int, int] | None
    year: str
    year_span: tuple[int, int] | None


@lru_cache(maxsize=65_536)
def venue_and_year(text: str) -> VenueYear:
    """Split ``CVPR' 18``, ``arXiv 2022.06``, ``TPAMI'2024``, ``May, 2023`` into a venue and a year.

    The venue is what stands before the year (after it when nothing does), trimmed of brackets, bold
    marks and apostrophes; its span is left out when the venue is not written in one piece (``ACL 2025
    Findings``), so that no fix rewrites half of it."""
    years = list(YEAR_IN_TEXT_RE.finditer(text))
    if not years:
        return VenueYear(*_trimmed(text, 0, len(text)), "", None)
    year = years[-1]
    year_start, year_end = year.span()
    # A dot touching the year goes with it (``arXiv 2023.``, ``arXiv.2021.02``); ``Trans. 2020`` keeps its own.
    before = _trimmed(text, 0, year_start - (text[year_start - 1 : year_start] == "."))
    after = _trimmed(text, year_end + (text[year_end : year_end + 1] == "."), len(text))
    if before[0] and after[0]:
        venue = f"{before[0]} {after[0]}"
        return VenueYear(venue, None, year.group(), (year_start, year_end))
    venue, span = before if before[0] else after
    return VenueYear(venue, span, year.group(), (year_start, year_end))


def _trimmed(text: str, start: int, end: int) -> tuple[str, tuple[int, int] | None]:
    """The part of ``text[start:end]`` left when brackets, marks and separators are trimmed off both ends."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM and not _closes(text, start, end - 1):
        end -= 1
    return (text[start:end], (start, end)) if start < end else ("", None)


def _closes(text: str, start: int, at: int) -> bool:
    """True when ``text[at]`` closes a bracket opened inside ``text[start:at]`` (``ICLR Workshop (Oral)``)."""
    opener = {")": "(", "]": "["}.get(text[at])
    return opener is not None and text.count(opener, start, at) > text.count(text[at], start, at)


# Link texts and badge names, lower-cased and stripped of brackets and backticks.
_LABELS: dict[LinkRole, frozenset[str]] = {
    LinkRole.PAPER: frozenset(
        {
            "paper",
            "papers",
            "pdf",
            "arxiv",
            "abs",
            "abstract",
            "doi",
            "link",
            "article",
            "openreview",
            "acl",
            "acm",
            "ieee",
            "springer",
            "sciencedirect",
            "publication",
            "preprint",
            "full paper",
            "paper link",
            "arxiv paper",
            "cvf",
            "proceedings",
            "technical report",
            "tech report",
            "report",
            "paper page",
        }
    ),
    LinkRole.CODE: frozenset(
        {
            "code",
            "codes",
            "github",
            "repo",
            "repository",
            "implementation",
            "official code",
            "pytorch",
            "tensorflow",
            "jax",
            "source",
            "source code",
            "official",
            "unofficial code",
            "star",
        }
    ),
    LinkRole.PROJECT: frozenset(
        {
            "project",
            "project page",
            "projectpage",
            "homepage",
            "home page",
            "home",
            "website",
            "web",
            "page",
            "site",
            "demo",
            "blog post",
            "webpage",
        }
    ),
    LinkRole.MODEL: frozenset(
        {
            "model",
            "models",
            "weights",
            "checkpoint",
            "checkpoints",
            "huggingface",
            "hugging face",
            "hf",
            "model card",
            "ckpt",
        }
    ),
    LinkRole.OTHER: frozenset(
        {
            "tweet",
            "twitter",
            "video",
            "videos",
            "blog",
            "slides",
            "slide",
            "talk",
            "poster",
            "dataset",
            "data",
            "zhihu",
            "bilibili",
            "youtube",
            "news",
            "media",
            "bib",
            "bibtex",
            "citation",
            "supp",
            "supplementary",
            "discussion",
            "thread",
            "colab",
            "notebook",
            "leaderboard",
            "benchmark",
        }
    ),
}
_PAPER_HOSTS = frozenset(
    {
        "arxiv.org",
        "openreview.net",
        "doi.org",
        "dx.doi.org",
        "ieeexplore.ieee.org",
        "sciencedirect.com",
        "link.springer.com",
        "dl.acm.org",
        "openaccess.thecvf.com",
        "proceedings.neurips.cc",
        "papers.nips.cc",
        "aclanthology.org",
        "proceedings.mlr.press",
        "ojs.aaai.org",
        "ijcai.org",
        "nature.com",
        "science.org",
        "semanticscholar.org",
        "researchgate.net",
        "ecva.net",
        "mdpi.com",
        "jmlr.org",
        "onlinelibrary.wiley.com",
        "epubs.siam.org",
        "biorxiv.org",
        "aclweb.org",
        "medrxiv.org",
        "papers.ssrn.com",
        "academic.oup.com",
        "tandfonline.com",
    }
)
_CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org", "sourceforge.net"})
_OTHER_HOSTS = frozenset(
    {
        "twitter.com",
        "x.com",
        "youtube.com",
        "youtu.be",
        "bilibili.com",
        "zhihu.com",
        "zhuanlan.zhihu.com",
        "medium.com",
        "reddit.com",
        "t.co",
    }
)
_LABEL_STRIP = " []`*_:()!"
_NUMBERED_LABEL_RE = re.compile(r"(?<=[a-z])\s*\d{1,2}$")


@lru_cache(maxsize=16_384)
def link_role(text: str, url: str, image: str = "") -> LinkRole:
    """What a link leads to: by its text (``[pdf]``, ``[[Code]]``), else its badge image's name or alt
    text (``code.svg``), else its host (``github.com`` is code, ``arxiv.org`` a paper)."""
    return label_role(text, image) or host_role(url)


@lru_cache(maxsize=16_384)
def label_role(text: str, image: str = "") -> LinkRole | None:
    """What a link says it leads to by its text or badge alone, or None when they say nothing
    (``[![](./assets/code.svg)](…)`` says code; an empty text or a title says nothing)."""
    for label in (text, _badge_label(image)):
        role = _role_of_label(label)
        if role is not None:
            return role
    return None


def _role_of_label(label: str) -> LinkRole | None:
    # ``Paper 1``, ``Paper 2``: numbered links of one kind are that kind.
    key = _NUMBERED_LABEL_RE.sub("", " ".join(label.strip(_LABEL_STRIP).lower().split()))
    if not key:
        return None
    for role, names in _LABELS.items():
        if key in names:
            return role
    return None


def _badge_label(image: str) -> str:
    """``./assets/code.svg`` → ``code``; ``https://img.shields.io/badge/Paper-…`` → ``paper``."""
    if not image:
        return ""
    path = PurePosixPath(urlsplit(image).path)
    if "shields.io" in image and "/badge/" in image:
        return path.name.split("-", 1)[0]
    return path.stem


def host_role(url: str) -> LinkRole:
    """What a link leads to by its host alone (``github.com`` is code, ``arxiv.org`` a paper)."""
    host = urlsplit(url.strip()).netloc.lower().removeprefix("www.")
    if host in _CODE_HOSTS:
        return LinkRole.CODE
    if host in _PAPER_HOSTS or host.endswith(".thecvf.com"):
        return LinkRole.PAPER
    if host == "huggingface.co":
        path = urlsplit(url).path
        return (
            LinkRole.PAPER
            if path.startswith("/papers/")
            else LinkRole.OTHER
            if path.startswith(("/datasets/", "/spaces/"))
            else LinkRole.MODEL
        )
    if host in _OTHER_HOSTS:
        return LinkRole.OTHER
    path = urlsplit(url).path.lower()
    # A PDF is a paper wherever it is hosted (a workshop's github.io site included), and so is a page
    # named by its DOI (``aip.scitation.org/doi/10.1063/…``).
    if path.endswith(".pdf") or "/doi/10." in path:
        return LinkRole.PAPER
    if host.endswith(".github.io"):
        return LinkRole.PROJECT
    return LinkRole.OTHER
