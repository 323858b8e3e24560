"""What a paper's link says about where and when it was published — one pure function per source.

Each reader takes a URL and returns an ``Evidence`` (or None when the URL is not from its source, or
says nothing): the kind of publication, a reference the venue registry can resolve (an ISSN, a
Springer journal id, a CVF proceedings name, …) and a year. The readers know nothing of venue codes;
``rules.venues`` turns a reference into a venue. Where a link says nothing, the rules say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rules import links


class LinkKind(StrEnum):
    """What kind of publication a link shows."""

    JOURNAL = "journal article"
    PROCEEDINGS = "proceedings paper"
    PREPRINT = "preprint"
    PUBLISHED = "published paper"  # a publisher's page whose kind the URL does not tell


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one link tells: ``ref`` is (scheme, id) for the registry, e.g. ("issn", "1047-3203").

    ``year_slack`` is how many years the venue's own year may follow ``year``: a journal's DOI or
    PII is minted when the article goes online, often the year before its volume appears.
    """

    source: str
    kind: LinkKind
    host: str
    ref: tuple[str, str] | None = None
    year: int | None = None
    year_slack: int = 0
    detail: str = ""


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

CVF_RE = re.compile(
    r"""
    ^https?://openaccess\.thecvf\.com/
    (?:
        content/(?P<name>[A-Za-z]+)(?P<year>\d{4})(?P<workshop>W)?/          # content/CVPR2024W/…
      | content_(?P<old_name>[A-Za-z]+?)(?P<old_w>W)?_(?P<old_year>\d{4})    # content_ICCV_2019/…
        (?P<old_workshops>_workshops)?/                                     # content_cvpr_2018_workshops/…
    )
    """,
    re.VERBOSE,
)
ARXIV_RE = re.compile(
    r"""
    ^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/
    (?:
        (?P<id>(?P<yymm>\d{4})\.\d{4,5})                      # 2401.05702 (since April 2007)
      | (?P<old_id>[a-z\-]+(?:\.[A-Z]{2})?/(?P<old>\d{4})\d{3})  # cs/0701001, math.AG/9901001
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A ScienceDirect PII: S + the journal's ISSN (8 characters, the last may be X) + two year digits +
# a five-digit item number + a check character.
PII_RE = re.compile(
    r"""
    ^https?://(?:www\.)?(?:sciencedirect\.com/science/article/(?:abs/)?pii|linkinghub\.elsevier\.com/retrieve/pii)/
    S(?P<issn>\d{7}[\dX])(?P<yy>\d{2})\d{5}[\dX]
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Every DOI starts so: a link without it is spared the DOI patterns' searches (most links of a list).
DOI_PREFIX = "10."
ELSEVIER_DOI_RE = re.compile(r"\b10\.1016/j\.(?P<journal>[a-z]+)\.(?P<year>\d{4})\.", re.IGNORECASE)
# Springer Nature article DOIs name the journal: 10.1007/s11042-023-17770-z is journal 11042, 2023.
SPRINGER_ARTICLE_RE = re.compile(r"\b10\.(?:1007|1038|1186)/s(?P<journal>\d{5})-(?P<yyy>\d{3})-", re.IGNORECASE)
SPRINGER_CHAPTER_RE = re.compile(r"\b10\.1007/(?P<isbn>978-[\d-]{9,13}\d)_\d+")
IEEE_DOCUMENT_RE = re.compile(
    r"^https?://ieeexplore\.ieee\.org/(?:abstract/document/|document/|stamp/stamp\.jsp\?(?:tp=&)?arnumber=)\d+",
    re.IGNORECASE,
)
# IEEE DOIs name the periodical or the conference (with a number) and the year:
# 10.1109/TCSVT.2024.3450734, 10.1109/CVPR52729.2023.01234.
IEEE_DOI_RE = re.compile(r"\b10\.1109/(?P<name>[A-Z]+?)(?P<number>\d*)\.(?P<year>\d{4})\.\d+", re.IGNORECASE)
ACM_DOI_RE = re.compile(
    r"^https?://dl\.acm\.org/doi/(?:abs/|pdf/|full/|fullHtml/|epdf/)?10\.1145/(?P<book>\d+)(?:\.(?P<item>\d+))?"
)
AAAI_OJS_RE = re.compile(
    r"^https?://(?:ojs\.aaai\.org/index\.php|(?:www\.)?aaai\.org/ojs/index\.php)/(?P<journal>[A-Za-z]+)/article/"
)
SIAM_RE = re.compile(
    r"^https?://epubs\.siam\.org/doi/(?:abs/|pdf/|epdf/|full/|reader/)?10\.1137/"
    r"(?:1\.(?P<isbn>97[89]\d{10})(?:\.ch\d+|\.\d+)|(?P<article>[A-Z0-9]+))",
    re.IGNORECASE,
)
NEURIPS_RE = re.compile(
    r"^https?://(?:proceedings\.neurips\.cc|papers\.nips\.cc)/paper(?:_files/paper)?/(?P<year>\d{4})/"
)
PMLR_RE = re.compile(r"^https?://proceedings\.mlr\.press/(?P<volume>v\d+)/")
IJCAI_RE = re.compile(r"^https?://(?:www\.)?ijcai\.org/proceedings/(?P<year>\d{4})/")
MDPI_RE = re.compile(r"^https?://(?:www\.)?mdpi\.com/(?P<issn>\d{4}-\d{3}[\dX])/\d+/")


def cvf_open_access(url: str) -> Evidence | None:
    """CVF open access: ``content/CVPR2024/…`` is CVPR 2024, ``content/WACV2024W/…`` a WACV workshop."""
    match = CVF_RE.match(url.strip())
    if not match:
        return None
    if match["name"]:
        name, year, workshop = match["name"], match["year"], bool(match["workshop"])
    else:
        name, year = match["old_name"], match["old_year"]
        workshop = bool(match["old_w"] or match["old_workshops"])
    proceedings = name.upper() + ("W" if workshop else "")
    label = f"{name.upper()} {year}" + (" workshop" if workshop else "")
    return Evidence(
        "CVF open access", LinkKind.PROCEEDINGS, "openaccess.thecvf.com", ("cvf", proceedings), int(year), detail=label
    )


def arxiv(url: str) -> Evidence | None:
    """arXiv: the identifier gives the month of the first version (``2401.05702`` → January 2024)."""
    match = ARXIV_RE.match(url.strip())
    if not match:
        return None
    yymm = match["yymm"] or match["old"]
    year, month = _century(int(yymm[:2])), int(yymm[2:])
    if not 1 <= month <= 12:
        return None
    identifier = match["id"] or match["old_id"]
    return Evidence(
        "arXiv", LinkKind.PREPRINT, "arxiv.org", None, year, detail=f"arXiv {identifier}, {MONTHS[month - 1]} {year}"
    )


def sciencedirect_pii(url: str) -> Evidence | None:
    """ScienceDirect: the PII holds the journal's ISSN and the year the article went online."""
    match = PII_RE.match(url.strip())
    if not match or not _valid_issn(match["issn"]):
        return None
    issn = f"{match['issn'][:4]}-{match['issn'][4:]}".upper()
    return Evidence(
        "ScienceDirect",
        LinkKind.JOURNAL,
        "sciencedirect.com",
        ("issn", issn),
        _century(int(match["yy"])),
        1,
        f"ISSN {issn}",
    )


def elsevier_doi(url: str) -> Evidence | None:
    """An Elsevier journal DOI: ``10.1016/j.patcog.2024.110123`` names the journal and the online year."""
    match = ELSEVIER_DOI_RE.search(url) if DOI_PREFIX in url else None
    if not match:
        return None
    journal = match["journal"].lower()
    return Evidence(
        "Elsevier DOI",
        LinkKind.JOURNAL,
        links.host(url),
        ("elsevier", journal),
        int(match["year"]),
        1,
        f"DOI journal code {journal}",
    )


def springer(url: str) -> Evidence | None:
    """Springer: an article DOI names its journal (``s11042-…``); a chapter DOI (``978-…``) a book."""
    if DOI_PREFIX not in url:
        return None
    if match := SPRINGER_ARTICLE_RE.search(url):
        journal = match["journal"]
        return Evidence(
            "Springer",
            LinkKind.JOURNAL,
            links.host(url),
            ("springer", journal),
            2000 + int(match["yyy"]),
            1,
            f"Springer journal {journal}",
        )
    if match := SPRINGER_CHAPTER_RE.search(url):
        isbn = match["isbn"].replace("-", "")
        return Evidence(
            "Springer",
            LinkKind.PROCEEDINGS,
            links.host(url),
            ("isbn", isbn),
            detail=f"a chapter of the book with ISBN {match['isbn']}",
        )
    return None


def ieee(url: str) -> Evidence | None:
    """IEEE: a DOI names the periodical or conference and its year; an Xplore document page only says
    the paper is published (document numbers tell nothing more)."""
    if DOI_PREFIX in url and (match := IEEE_DOI_RE.search(url)):
        name = match["name"].upper()
        return Evidence(
            "IEEE DOI",
            LinkKind.PUBLISHED,
            links.host(url),
            ("ieee", name),
            int(match["year"]),
            0 if match["number"] else 1,
            f"DOI names {name}",
        )
    if IEEE_DOCUMENT_RE.match(url.strip()):
        return Evidence("IEEE Xplore", LinkKind.PUBLISHED, "ieeexplore.ieee.org")
    return None


def acm(url: str) -> Evidence | None:
    """ACM Digital Library: a proceedings DOI starts with the volume's id (``10.1145/3581783.…``)."""
    match = ACM_DOI_RE.match(url.strip())
    if not match:
        return None
    ref = ("proceedings", f"acm:{match['book']}") if match["item"] else None
    return Evidence("ACM Digital Library", LinkKind.PUBLISHED, "dl.acm.org", ref, detail=f"DOI 10.1145/{match['book']}")


def aaai_ojs(url: str) -> Evidence | None:
    """AAAI's open journal system: ``ojs.aaai.org/index.php/AAAI/article/…`` is the AAAI conference."""
    match = AAAI_OJS_RE.match(url.strip())
    if not match:
        return None
    journal = match["journal"].upper()
    return Evidence(
        "AAAI proceedings", LinkKind.PROCEEDINGS, links.host(url), ("ojs", journal), detail=f"{journal} proceedings"
    )


def siam(url: str) -> Evidence | None:
    """SIAM: ``10.1137/1.<ISBN>.<n>`` is a chapter of a proceedings volume, other DOIs are articles."""
    match = SIAM_RE.match(url.strip())
    if not match:
        return None
    if match["isbn"]:
        return Evidence(
            "SIAM",
            LinkKind.PROCEEDINGS,
            "epubs.siam.org",
            ("isbn", match["isbn"]),
            detail=f"a chapter of the SIAM book with ISBN {match['isbn']}",
        )
    return Evidence("SIAM", LinkKind.JOURNAL, "epubs.siam.org", detail=f"SIAM article {match['article']}")


def neurips(url: str) -> Evidence | None:
    """NeurIPS proceedings: the path holds the year (``/paper_files/paper/2023/hash/…``)."""
    match = NEURIPS_RE.match(url.strip())
    if not match:
        return None
    return Evidence(
        "NeurIPS proceedings",
        LinkKind.PROCEEDINGS,
        links.host(url),
        ("site", "neurips"),
        int(match["year"]),
        detail=f"NeurIPS {match['year']}",
    )


def pmlr(url: str) -> Evidence | None:
    """PMLR: the volume names the conference (ICML 2024 is ``v235``)."""
    match = PMLR_RE.match(url.strip())
    if not match:
        return None
    return Evidence(
        "PMLR",
        LinkKind.PROCEEDINGS,
        "proceedings.mlr.press",
        ("proceedings", f"pmlr:{match['volume']}"),
        detail=f"PMLR volume {match['volume'][1:]}",
    )


def ijcai(url: str) -> Evidence | None:
    """IJCAI proceedings: ``ijcai.org/proceedings/2023/…`` is IJCAI 2023."""
    match = IJCAI_RE.match(url.strip())
    if not match:
        return None
    return Evidence(
        "IJCAI proceedings",
        LinkKind.PROCEEDINGS,
        "ijcai.org",
        ("site", "ijcai"),
        int(match["year"]),
        detail=f"IJCAI {match['year']}",
    )


def mdpi(url: str) -> Evidence | None:
    """MDPI: the path starts with the journal's ISSN (``mdpi.com/1424-8220/22/16/6080``)."""
    match = MDPI_RE.match(url.strip())
    if not match or not _valid_issn(match["issn"].replace("-", "")):
        return None
    issn = match["issn"].upper()
    return Evidence("MDPI", LinkKind.JOURNAL, "mdpi.com", ("issn", issn), detail=f"ISSN {issn}")


READERS: tuple[Callable[[str], Evidence | None], ...] = (
    cvf_open_access,
    arxiv,
    sciencedirect_pii,
    elsevier_doi,
    springer,
    ieee,
    acm,
    aaai_ojs,
    siam,
    neurips,
    pmlr,
    ijcai,
    mdpi,
)


# The readers whose patterns are anchored to their sites' hosts (as the patterns spell them, folded), and
# those that read a DOI on any host. A link is tried against its own site's reader and, when it holds a
# DOI, the DOI readers: one or two patterns, not thirteen.
SITE_READERS: dict[str, Callable[[str], Evidence | None]] = {
    "openaccess.thecvf.com": cvf_open_access,
    **dict.fromkeys(("arxiv.org", "www.arxiv.org", "export.arxiv.org"), arxiv),
    **dict.fromkeys(("sciencedirect.com", "www.sciencedirect.com", "linkinghub.elsevier.com"), sciencedirect_pii),
    "ieeexplore.ieee.org": ieee,
    "dl.acm.org": acm,
    **dict.fromkeys(("ojs.aaai.org", "aaai.org", "www.aaai.org"), aaai_ojs),
    "epubs.siam.org": siam,
    **dict.fromkeys(("proceedings.neurips.cc", "papers.nips.cc"), neurips),
    "proceedings.mlr.press": pmlr,
    **dict.fromkeys(("ijcai.org", "www.ijcai.org"), ijcai),
    **dict.fromkeys(("mdpi.com", "www.mdpi.com"), mdpi),
}
DOI_READERS = (elsevier_doi, springer, ieee)
# For a link holding a DOI, by its site's reader (None: a host no reader is anchored to).
WITH_DOI_READERS = {
    site: tuple(reader for reader in READERS if reader is site or reader in DOI_READERS)
    for site in (*SITE_READERS.values(), None)
}


@lru_cache(maxsize=262_144)
def read(url: str | None) -> Evidence | None:
    """The evidence of the first source that recognises ``url``, or None (cached: every check of a
    long list reads every link, and fix rounds read them again)."""
    if not url or not links.is_web_url(url):
        return None
    for reader in _readers_for(url):
        if (found := reader(url)) is not None:
            return found
    return None


def _readers_for(url: str) -> tuple[Callable[[str], Evidence | None], ...]:
    """The readers that may recognise ``url``, in ``READERS``' order: its site's, and the DOI readers
    when it holds a DOI (a site's pattern matches only links to that site's host)."""
    site = SITE_READERS.get(_host_of(url))
    if DOI_PREFIX not in url:
        return (site,) if site is not None else ()
    return WITH_DOI_READERS[site]


def _host_of(url: str) -> str:
    """The host a link names, folded as ``SITE_READERS`` is (``HTTPS://ArXiv.org/abs/…`` → ``arxiv.org``)."""
    return url.strip().partition("://")[2].partition("/")[0].lower()


def _century(two_digits: int) -> int:
    # arXiv began in 1991; PIIs and new-style arXiv ids after 2000 are all 20YY.
    return 1900 + two_digits if two_digits >= 91 else 2000 + two_digits


def _valid_issn(digits: str) -> bool:
    """The ISSN check character (mod 11 over the first seven digits) is right."""
    if len(digits) != 8 or not digits[:7].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:7], range(8, 1, -1)))
    check = (11 - total % 11) % 11
    return digits[7].upper() == ("X" if check == 10 else str(check))
