"""What a link names: a normalised URL and the paper identifiers in it (arXiv id, DOI, PII, IEEE number, …)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote

from rules import links

# Link texts that stand for "no link yet"; they name no paper and never match each other.
PLACEHOLDER_URLS = frozenset({"", "-", "#", "none", "n/a", "na", "tbd", "todo", "null"})

MAX_SHOWN_VALUE = 48
# How each kind of identifier is named in a message: "same {label} {value}".
SCHEME_LABELS = {
    "arxiv": "arXiv id",
    "doi": "DOI",
    "pii": "ScienceDirect PII",
    "ieee": "IEEE Xplore document",
    "cvf": "CVF paper",
    "openreview": "OpenReview id",
    "acm": "ACM DL id",
    "aaai": "AAAI article",
    "neurips": "NeurIPS paper",
    "ecva": "ECVA paper",
    "acl": "ACL Anthology id",
    "pmlr": "PMLR paper",
    "url": "link",
}

ARXIV_RE = re.compile(
    r"""
    ^/(?:abs|pdf|html|format|ps)/                 # every arXiv page of one paper
    (?P<id> \d{4}\.\d{4,5}                         # new-style id: 2401.05702
          | [a-z][a-z.-]*(?:\.[a-z]{2})?/\d{7} )   # old-style id: cs.cv/0112017, hep-th/9901001
    (?:v\d+)?                                      # a version: every version is the same paper
    (?:\.pdf)?/?$
    """,
    re.VERBOSE | re.IGNORECASE,
)
ARXIV_DOI_RE = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)  # arXiv's own DOIs
DOI_RE = re.compile(
    r"""
    (?:^|/)(?P<doi> 10\.\d{4,9}/ [^\s?#]+ )       # a DOI anywhere in the path: doi.org/10.x/y,
                                                   # publisher.com/doi/abs/10.x/y, springer's /chapter/10.x/y
    """,
    re.VERBOSE,
)
# Path tails that name a view of the DOI's page, not part of the DOI.
DOI_VIEW_SUFFIX_RE = re.compile(r"(?:\.pdf|/(?:full|abstract|pdf|epdf|html|meta|references))+$", re.IGNORECASE)
PII_RE = re.compile(r"/pii/(?P<pii>[^/?#]+)", re.IGNORECASE)  # sciencedirect.com/science/article/[abs/]pii/S…
IEEE_DOCUMENT_RE = re.compile(
    r"""
    /document/(?P<number>\d+)                      # /document/10649595, /abstract/document/10649595
  | /iel\d+/(?:\d+/)+0*(?P<file>\d+)\.pdf          # a stamped PDF file: /iel7/76/4358651/10649595.pdf
    """,
    re.VERBOSE,
)
CVF_RE = re.compile(
    r"""
    /(?:papers|html)/(?P<slug>[^/]+?)              # Author_Title_Words_CVPR_2024
    _paper\.(?:pdf|html)$                          # the PDF and the HTML page are the same paper
    """,
    re.VERBOSE | re.IGNORECASE,
)
# /article/view/28423/28826: 28423 is the article, 28826 its PDF
AAAI_RE = re.compile(r"/article/(?:view|download)/(?P<article>\d+)", re.IGNORECASE)
NEURIPS_RE = re.compile(r"/(?:hash|file)/(?P<hash>[0-9a-f]{32})-", re.IGNORECASE)
ECVA_RE = re.compile(r"/papers/(?P<year>eccv_\d{4})/papers_eccv/(?:papers|html)/(?P<number>\d+)", re.IGNORECASE)
ACL_RE = re.compile(r"^/(?P<id>\d{4}\.[a-z0-9-]+\.\d+|[a-z]\d{2}-\d{4})(?:\.pdf)?/?$", re.IGNORECASE)
PMLR_RE = re.compile(r"^/(?P<volume>v\d+)/(?P<name>[a-z0-9-]+?)(?:\.html|\.pdf|/[a-z0-9-]+\.pdf)$", re.IGNORECASE)
# An http(s) URL: its host, its path and its query; the fragment names a place in the page, not a page.
URL_PARTS_RE = re.compile(r"[hH][tT][tT][pP][sS]?://([^/?#]*)([^?#]*)(?:\?([^#]*))?")
PII_NOISE_RE = re.compile(r"[^0-9A-Z]")  # the dashes, brackets and spaces some PIIs are written with
IEEE_NUMBER_KEYS = ("arnumber",)
OPENREVIEW_KEYS = ("id", "noteId")
ACM_KEYS = ("id", "doid")


class Identifier(NamedTuple):
    """One name of one paper: ``scheme`` (arxiv, doi, ieee, …, or url for a plain link) and its value."""

    scheme: str
    value: str

    def describe(self) -> str:
        """``arXiv id 2401.05702`` — how a message names it (a long value shortened)."""
        value = self.value if len(self.value) <= MAX_SHOWN_VALUE else self.value[: MAX_SHOWN_VALUE - 1] + "…"
        return f"{SCHEME_LABELS[self.scheme]} {value}"


NONE: frozenset[Identifier] = frozenset()
Finder = Callable[[str, dict[str, str]], Identifier | None]


class _Url(NamedTuple):
    host: str  # lower-cased, without ``www.`` and a default port
    path: str  # without trailing slashes
    query: str  # without tracking parameters, the others sorted

    def key(self) -> str:
        return self.host + self.path + ("?" + self.query if self.query else "")


def is_placeholder(url: str | None) -> bool:
    """True for a missing link or one that stands for none (``-``, ``#``, ``TBD``)."""
    return url is None or url.strip().lower() in PLACEHOLDER_URLS


def _split(url: str) -> _Url | None:
    """An http(s) URL's parts, by one match of ``URL_PARTS_RE``: urllib's urlsplit is several times
    slower, and a 100k-entry list has 100k paper links and as many code links."""
    match = URL_PARTS_RE.match(url.strip())
    if match is None:
        return None
    host, path, query = match.groups()
    host = host.lower().removeprefix("www.").removesuffix(":443").removesuffix(":80")
    if not host:
        return None
    return _Url(host, path.rstrip("/"), _kept_parameters(host, query) if query else "")


def _kept_parameters(host: str, query: str) -> str:
    """The query's parameters but those that only track clicks, sorted."""
    parameters = query.split("&")
    return "&".join(
        sorted(part for part in parameters if part and not links.is_tracking_key(host, part.split("=", 1)[0]))
    )


def normalize_url(url: str) -> str:
    """The URL as a comparable key: no scheme, ``www.``, fragment, tracking parameters or trailing
    slash; the host lower-cased and the remaining query parameters sorted. Other text comes back stripped."""
    parts = _split(url)
    return parts.key() if parts is not None else url.strip()


def identifiers(url: str | None) -> frozenset[Identifier]:
    """The paper identifiers a link carries; the normalised link itself when it names a page of its
    own but no known identifier. Empty for placeholders, non-web links and home pages."""
    found = identifier(url)
    return NONE if found is None else frozenset((found,))


def identifier(url: str | None) -> Identifier | None:
    """The one identifier ``identifiers`` finds in a link (a link names one page), or None."""
    parts = _split(url) if url else None
    if parts is None:
        return None
    path = unquote(parts.path) if "%" in parts.path else parts.path
    finder = HOST_IDENTIFIERS.get(parts.host)
    found = finder(path, dict(parse_qsl(parts.query)) if parts.query else {}) if finder else None
    if found is None and "10." in path:
        found = _doi_identifier(path)
    if found is not None:
        return found
    if (not parts.path and not parts.query) or links.HOME_PAGE_RE.match((url or "").strip()):
        return None  # a site's, journal's or proceedings' front page names no paper
    return Identifier("url", parts.key())


def _arxiv(path: str, query: dict[str, str]) -> Identifier | None:
    match = ARXIV_RE.match(path)
    return Identifier("arxiv", match["id"].lower()) if match else _doi_identifier(path)


def _doi_identifier(path: str) -> Identifier | None:
    match = DOI_RE.search(path)
    if not match:
        return None
    doi = DOI_VIEW_SUFFIX_RE.sub("", match["doi"].rstrip("/")).lower()  # DOIs are case-insensitive
    arxiv = ARXIV_DOI_RE.match(doi)
    return Identifier("arxiv", arxiv["id"]) if arxiv else Identifier("doi", doi)


def _sciencedirect(path: str, query: dict[str, str]) -> Identifier | None:
    pii = query.get("pii") or ((match := PII_RE.search(path)) and match["pii"])
    return Identifier("pii", PII_NOISE_RE.sub("", pii.upper())) if pii else None


def _ieee(path: str, query: dict[str, str]) -> Identifier | None:
    number = next((query[key] for key in IEEE_NUMBER_KEYS if query.get(key, "").isdigit()), None)
    if number is None and (match := IEEE_DOCUMENT_RE.search(path)):
        number = match["number"] or match["file"]
    return Identifier("ieee", str(int(number))) if number else None


def _cvf(path: str, query: dict[str, str]) -> Identifier | None:
    match = CVF_RE.search(path)
    return Identifier("cvf", match["slug"].lower()) if match else None


def _openreview(path: str, query: dict[str, str]) -> Identifier | None:
    value = next((query[key] for key in OPENREVIEW_KEYS if query.get(key)), None)
    return Identifier("openreview", value) if value else None  # OpenReview ids are case-sensitive


def _acm(path: str, query: dict[str, str]) -> Identifier | None:
    if path.startswith("/citation.cfm") and (value := next((query[key] for key in ACM_KEYS if query.get(key)), None)):
        return Identifier("acm", value.rsplit(".", 1)[-1])
    return _doi_identifier(path)


def _pattern(scheme: str, pattern: re.Pattern[str], render: Callable[[re.Match[str]], str]) -> Finder:
    def find(path: str, query: dict[str, str]) -> Identifier | None:
        match = pattern.search(path)
        return Identifier(scheme, render(match)) if match else None

    return find


# Hosts whose links carry an identifier of their own; any other host is searched for a DOI in its path.
HOST_IDENTIFIERS: dict[str, Finder] = {
    "arxiv.org": _arxiv,
    "export.arxiv.org": _arxiv,
    "sciencedirect.com": _sciencedirect,
    "linkinghub.elsevier.com": _sciencedirect,
    "ieeexplore.ieee.org": _ieee,
    "openaccess.thecvf.com": _cvf,
    "openreview.net": _openreview,
    "dl.acm.org": _acm,
    "ojs.aaai.org": _pattern("aaai", AAAI_RE, lambda match: match["article"]),
    "proceedings.neurips.cc": _pattern("neurips", NEURIPS_RE, lambda match: match["hash"].lower()),
    "papers.nips.cc": _pattern("neurips", NEURIPS_RE, lambda match: match["hash"].lower()),
    "ecva.net": _pattern("ecva", ECVA_RE, lambda match: f"{match['year'].lower()}/{int(match['number'])}"),
    "aclanthology.org": _pattern("acl", ACL_RE, lambda match: match["id"].lower()),
    "proceedings.mlr.press": _pattern("pmlr", PMLR_RE, lambda match: f"{match['volume']}/{match['name']}".lower()),
}


@lru_cache(maxsize=65_536)
def code_key(url: str) -> str:
    """A code link as a comparable key: a repository by its host and owner/name (case-insensitive,
    like GitHub), any other page by its normalised URL."""
    key = normalize_url(url).lower()
    host, _, path = key.partition("/")
    depth = links.REPOSITORY_HOSTS.get(host)
    if depth is None:
        return key
    segments = [segment for segment in path.split("/") if segment]
    return "/".join([host, *segments[:depth]]).removesuffix(".git")
