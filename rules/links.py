"""URL helpers shared by the rules: schemes, tracking parameters, home pages, repositories."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

# Query parameters that only track where a click came from. Keys are matched exactly, prefixes end
# with "*". A (host, key) pair is junk only on that host (IEEE Xplore appends an empty ``denied=``
# when the reader had no access).
TRACKING_KEYS = ("utm_*", "fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "igshid", "mkt_tok")
HOST_JUNK_KEYS = {"ieeexplore.ieee.org": ("denied",)}

# A fragment that is part of the address, not a place on the page: a hash-routed app (`#/paper/12`,
# `#!/…`) and a viewer's parameter (`#page=113` of a proceedings PDF that holds many papers, a sheet's
# `#gid=`). Every other fragment of a paper link (`#citeas`, `#Sec16`, `#abstract`, a text fragment
# `#:~:text=…`, share-button junk like `#.Yfv53urMJD8`) points inside the paper's own page.
ADDRESS_FRAGMENT_RE = re.compile(r"^(?:[/!]|\w[\w.-]*=)")
# IEEE Xplore's tabs of a paper's page (`/document/123/authors#authors`): the paper is `/document/123`.
IEEE_TAB_RE = re.compile(
    r"/document/\d+(/(?:authors|figures|references|citations|keywords|metrics|media|footnotes|similar|definitions|algorithms|multimedia)/?)$"
)

SITE_SLASHES = 3  # `https://host/`
WEB_URL_RE = re.compile(r"\s*https?://[^/?#\s]", re.IGNORECASE)
# Link targets that stand for "no link": `[Model](-)`, `[![](code.svg)](#)`, `[Code]()`.
NO_LINK = ("", "-", "#")

# Pages that name a journal or proceedings, not one paper.
HOME_PAGE_RE = re.compile(
    r"""
    ^https?://(www\.)?(
        sciencedirect\.com/journal/[^/]+/?$                       # an Elsevier journal's page
      | link\.springer\.com/journal/\d+/?$                        # a Springer journal's page
      | ieeexplore\.ieee\.org/xpl/(RecentIssue|conhome|mostRecentIssue)\.jsp   # an IEEE title
      | dl\.acm\.org/journal/[^/]+/?$                             # an ACM journal's page
      | mdpi\.com/journal/[^/]+/?$                                # an MDPI journal's page
      | openaccess\.thecvf\.com/[A-Za-z]+\d{4}(\?.*)?$            # a CVF proceedings index
      | openaccess\.thecvf\.com/menu/?$
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Hosts whose first one or two path segments name a repository.
REPOSITORY_HOSTS = {
    "github.com": 2,
    "gitlab.com": 2,
    "bitbucket.org": 2,
    "codeberg.org": 2,
    "huggingface.co": 2,
    "gitee.com": 2,
    "sourceforge.net": 2,
    "anonymous.4open.science": 2,  # anonymised repositories for review: /r/<name>
    "git.io": 1,  # GitHub's own short links
}
# Self-hosted forges (GitLab, Gitea) live on hosts named like these: git.openi.org.cn/owner/repo.
FORGE_HOST_PREFIXES = ("git.", "gitlab.", "gitea.", "code.")


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host (what ``urlsplit`` finds, without its cost: lists of
    10k entries ask this of every link)."""
    return WEB_URL_RE.match(url) is not None


def host(url: str) -> str:
    return urlsplit(url.strip()).netloc.lower().removeprefix("www.")


def is_home_page(url: str) -> bool:
    """True when the URL names a site, a journal or a proceedings index rather than one paper."""
    stripped = url.strip()
    # A site's own address has at most the three slashes of `https://host/` before its fragment: a
    # paper's link has more, and is spared urlsplit (10k entries, 10k links).
    if stripped.partition("#")[0].count("/") <= SITE_SLASHES:
        parts = urlsplit(stripped)
        if parts.scheme in ("http", "https") and parts.path in ("", "/") and not parts.query:
            return True
    return bool(HOME_PAGE_RE.match(stripped))


def is_tracking_key(url_host: str, key: str) -> bool:
    """True when the query parameter ``key`` only tracks clicks (on ``url_host``, for host-specific junk)."""
    if any(key == pattern or (pattern.endswith("*") and key.startswith(pattern[:-1])) for pattern in TRACKING_KEYS):
        return True
    return key in HOST_JUNK_KEYS.get(url_host, ())


def tracking_keys(url: str) -> list[str]:
    """The tracking parameter names in the URL's query, in order."""
    query = url.partition("?")[2].partition("#")[0]
    if not query:
        return []
    url_host = host(url)
    keys = [part.split("=", 1)[0] for part in query.split("&") if part]
    return list(dict.fromkeys(key for key in keys if is_tracking_key(url_host, key)))


def without_tracking(url: str) -> str:
    """The URL without tracking parameters; every other byte is kept as written."""
    base, sep, rest = url.partition("?")
    if not sep:
        return url
    query, hash_sign, fragment = rest.partition("#")
    url_host = host(url)
    kept = [part for part in query.split("&") if part and not is_tracking_key(url_host, part.split("=", 1)[0])]
    cleaned = base + ("?" + "&".join(kept) if kept else "")
    return cleaned + (hash_sign + fragment if hash_sign else "")


def page_noise(url: str) -> list[str]:
    """What a paper link carries beyond the paper's page, as written: a fragment that points inside the
    page, a tab of an IEEE Xplore page, an empty query (a trailing ``?``)."""
    base, hash_sign, fragment = url.partition("#")
    noise = []
    path, question, query = base.partition("?")
    if (tab := IEEE_TAB_RE.search(path)) and host(url) == "ieeexplore.ieee.org":
        noise.append(tab.group(1))
    if question and not query:
        noise.append("?")
    if hash_sign and not ADDRESS_FRAGMENT_RE.match(fragment):
        noise.append("#" + fragment)
    return noise


def without_page_noise(url: str) -> str:
    """The paper link without what ``page_noise`` finds; every other byte is kept as written."""
    base, hash_sign, fragment = url.partition("#")
    if hash_sign and not ADDRESS_FRAGMENT_RE.match(fragment):
        hash_sign = fragment = ""
    path, question, query = base.partition("?")
    if (tab := IEEE_TAB_RE.search(path)) and host(url) == "ieeexplore.ieee.org":
        path = path[: tab.start(1)]
    return path + (question + query if query else "") + hash_sign + fragment


@lru_cache(maxsize=65_536)
def is_repository_url(url: str) -> bool:
    """True when the URL points into a code repository (github.com/owner/repo[/...] and the like)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments and segments[-1].endswith(".git"):
        return True  # a clone address names its repository on any host
    depth = REPOSITORY_HOSTS.get(host, 2 if host.startswith(FORGE_HOST_PREFIXES) else None)
    return depth is not None and len(segments) >= depth


def is_no_link(url: str) -> bool:
    """True for a link target that stands for "no link" (``-``, ``#``, empty)."""
    return url.strip() in NO_LINK
