"""title-link — the title must be a clean link to the paper itself.

What it does: flags a missing or empty title or paper URL, line breaks and stray spaces inside the
title, spacing slips around hyphens and colons (`Spatio- Temporal`, `DAMS:Dual`, `Title : Sub`),
look-alike hyphens and spaces (U+2011, U+00A0), a title in capitals, a doubled word, HTML in the
title, URLs that are not http(s), links to a journal's or site's home page instead of the paper,
tracking or junk parameters (``utm_*``, IEEE's ``denied=``) in the URL, and what points inside the
paper's page (``#citeas``, ``#Sec16``, IEEE's ``/authors#authors``, a trailing ``?``; a hash route
``#/…`` and a viewer's ``#page=`` or ``#gid=`` are part of the address and kept).
Why it matters: readers click the title to read the paper; duplicates hide behind URL noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rules import edit, links, typography
from rules.context import Needs, RuleContext
from rules.model import Entry, Finding, LinkRole, Role, Severity
from rules.text import code

ID = "title-link"
SUMMARY = "The title is a clean link to the paper."
CODES = {
    f"{ID}/no-title": "The entry has no title.",
    f"{ID}/html": "The title holds HTML.",
    f"{ID}/spacing": "The title has line breaks or runs of spaces.",
    f"{ID}/no-link": "The title is not linked to the paper.",
    f"{ID}/not-web": "The paper link is not an http(s) URL.",
    f"{ID}/home-page": "The paper link is a site's home page, not the paper's.",
    f"{ID}/tracking": "The paper link carries tracking parameters or page noise.",
    f"{ID}/typography": "The title has spacing slips or look-alike characters.",
    f"{ID}/capitals": "The title is typed in capitals.",
    f"{ID}/doubled-word": "The title repeats a word.",
}
EXAMPLE = "`[ Video anomaly detection ](https://doi.org/x?utm_source=mail)`"
USE_INSTEAD = "`[Video anomaly detection](https://doi.org/x)`"
NEEDS = Needs.ENTRY  # the entry's own title and link
FIX = (
    "Certain for spaces, line breaks, look-alike characters, tracking parameters and page noise; the "
    "others need a person (capitals get a suggestion)."
)

NO_TITLE_DATA = "This entry has no `{key}`. Fill in the paper's title."
NO_TITLE_PAGE = "This entry has no title. Write the paper's title as a link: `[Title](https://…)`."
NO_URL_DATA = "This entry has no `{key}`. Fill in the URL of the paper's page."
NO_URL_PAGE = "The title is not linked to the paper. Add the paper's URL: `[{title}](https://…)`."
NO_URL_ITEM = "This paper has no link to it. Add the paper's URL, as the list's other items do."
NO_PAPER_LINK = (
    "This entry links only to {others}, not to the paper itself. Add a link to the paper: `[Paper](https://…)`."
)
EMPTY_URL_ITEM = "The paper link {link} goes nowhere. Fill in the paper's URL."
NOT_WEB = "The paper link {url} is not an http(s) URL. Use the full address, starting with `https://`."
HOME_PAGE = (
    "The paper link {url} points to a journal's or site's home page, not to this paper. Link the paper's own page."
)
MESSY_TITLE = "The title has {what}. Write it on one line with single spaces."
TRACKING = "The paper link carries {kind} ({keys}). Remove them; they make duplicates hard to spot."
TRACKING_KIND = "tracking parameters"
JUNK_KIND = "tracking or junk parameters"  # IEEE Xplore's `denied=` tracks nothing, it is noise
PAGE_NOISE = "The paper link carries {parts}. Link the paper's page itself: {url}."
PAGE_NOISE_KIND = "more than the paper's address ({parts})"  # a fragment, an IEEE tab, an empty query
HTML_TITLE = "The title holds HTML ({tag}). Write the title as plain text."
SLIPS = "The title has {what}. Write {fixed}."
CAPITALS = "The title is typed in capitals. Write it as the paper does, e.g. {suggestion}."
DOUBLED = "The title repeats a word ({words}). Check it against the paper."
# An HTML tag or comment: `<img …>`, `</b>`, `<!-- … -->` (not a lone `<` as in "a < b").
HTML_TAG_RE = re.compile(r"<(?:[A-Za-z][\w-]*(?:\s[^<>]*)?/?|/[A-Za-z][\w-]*\s*|!--.*?--)>", re.DOTALL)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for entry in ctx.targets:
        yield from _check_entry(entry)


def _check_entry(entry: Entry) -> Iterator[Finding]:
    title, url = entry.title, (entry.url or "").strip()
    if not title.strip():
        message = NO_TITLE_DATA.format(key=entry.key_of(Role.TITLE)) if entry.is_data else NO_TITLE_PAGE
        yield Finding(ID, Severity.ERROR, message, entry.location, code=f"{ID}/no-title")
    elif tag := HTML_TAG_RE.search(title):
        yield Finding(ID, Severity.WARNING, HTML_TITLE.format(tag=code(tag.group())), entry.location, code=f"{ID}/html")
    elif messy := _messiness(title):
        clean = " ".join(title.split())
        yield Finding(
            ID,
            Severity.WARNING,
            MESSY_TITLE.format(what=messy),
            entry.location,
            edit.with_title_link(entry, clean, entry.url or ""),
            code=f"{ID}/spacing",
        )
    else:
        yield from _typing_slips(entry)
    if not url:
        title_text = " ".join(title.split()) or "Title"
        if entry.is_data:
            message = NO_URL_DATA.format(key=entry.key_of(Role.URL))
        else:
            message = _no_page_url(entry, title_text)
        yield Finding(ID, Severity.ERROR, message, entry.location, code=f"{ID}/no-link")
        return
    if not links.is_web_url(url):
        yield Finding(ID, Severity.ERROR, NOT_WEB.format(url=code(url)), entry.location, code=f"{ID}/not-web")
        return
    if links.is_home_page(url):
        yield Finding(ID, Severity.WARNING, HOME_PAGE.format(url=code(url)), entry.location, code=f"{ID}/home-page")
    removed, noise = links.tracking_keys(url), links.page_noise(url)
    if removed or noise:
        cleaned = links.without_page_noise(links.without_tracking(url))
        yield Finding(
            ID,
            Severity.WARNING,
            _noise_message(removed, noise, cleaned),
            entry.location,
            edit.with_title_link(entry, title, cleaned),
            code=f"{ID}/tracking",
        )


def _no_page_url(entry: Entry, title: str) -> str:
    """What a row or item without a paper link lacks, told as the list writes links: a row whose other
    links sit in their own cell (``[Tweet](…)``, ``[Blog](…)``) is asked for a ``[Paper]`` link beside them."""
    if entry.kind != "item" and entry.links:
        others = ", ".join(dict.fromkeys(code(f"[{link.text}]") for link in entry.links[:3]))
        return NO_PAPER_LINK.format(others=others)
    return _no_item_url(entry) if entry.kind == "item" else NO_URL_PAGE.format(title=title)


def _noise_message(removed: list[str], noise: list[str], cleaned: str) -> str:
    """What the paper link carries beyond the paper's page: tracking parameters, then page noise."""
    if not noise:
        kind = TRACKING_KIND if all(links.is_tracking_key("", key) for key in removed) else JUNK_KIND
        return TRACKING.format(kind=kind, keys=", ".join(code(key) for key in removed))
    parts = [f"{TRACKING_KIND} ({', '.join(code(key) for key in removed)})"] if removed else []
    parts.append(PAGE_NOISE_KIND.format(parts=", ".join(code(part) for part in noise)))
    return PAGE_NOISE.format(parts=" and ".join(parts), url=code(cleaned))


def _typing_slips(entry: Entry) -> Iterator[Finding]:
    """Spacing and look-alike characters (a certain fix), capitals and doubled words (for a person)."""
    slips, fixed = typography.tidied(entry.title)
    if slips:
        what = ", ".join(f"{slip.what} ({', '.join(filter(None, (code(slip.example), slip.note)))})" for slip in slips)
        yield Finding(
            ID,
            Severity.WARNING,
            SLIPS.format(what=what, fixed=code(fixed)),
            entry.location,
            edit.with_title_link(entry, fixed, entry.url or ""),
            code=f"{ID}/typography",
        )
    if typography.in_capitals(entry.title):
        suggestion = code(typography.title_case(fixed))
        yield Finding(ID, Severity.INFO, CAPITALS.format(suggestion=suggestion), entry.location, code=f"{ID}/capitals")
    if doubled := typography.doubled_word(entry.title):
        yield Finding(
            ID, Severity.WARNING, DOUBLED.format(words=code(doubled)), entry.location, code=f"{ID}/doubled-word"
        )


def _no_item_url(entry: Entry) -> str:
    """An item without a paper link: it has none, or an empty one (``[[Paper]]()``)."""
    empty = next((link for link in entry.links if link.role is LinkRole.PAPER and links.is_no_link(link.url)), None)
    return EMPTY_URL_ITEM.format(link=code(f"[{empty.text}]({empty.url})")) if empty else NO_URL_ITEM


def _messiness(title: str) -> str | None:
    if "\n" in title or "\r" in title:
        return "a line break inside it"
    if title != title.strip():
        return "spaces at its start or end"
    if "  " in title or "\t" in title:
        return "runs of spaces inside it"
    return None
