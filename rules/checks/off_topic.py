"""off-topic — a paper added to the list should be about what the list is about.

What it does: in a review, notes an added entry whose title shares next to nothing with the list's
subject (its section names and the titles already in it), naming the list's closest titles and how far
off it is. A full check says nothing: the list's own entries are its subject.
Why it matters: "Scalable Diffusion Models with Transformers" added to a video anomaly detection list is
most likely a slip (the wrong list, a bulk paste), and a person should look.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rules import subject
from rules.context import Needs, RuleContext
from rules.model import Entry, Finding, Severity
from rules.text import code, normalize_title

ID = "off-topic"
SUMMARY = "An added paper is about what the list is about."
CODES = {
    f"{ID}/far-off": "An added paper's title is far from the list's subject.",
}
EXAMPLE = "`[Scalable Diffusion Models with Transformers](…)` added to a video anomaly detection list."
USE_INSTEAD = ""
NEEDS = Needs.LIST  # the subject the list's other entries share
FIX = "No fix; only the maintainer can say what belongs."

FAR_OFF = (
    "This title shares {shared} with what this list is about ({score:.0%} alike, where nearly all of the "
    "list's own titles are above {floor:.0%}).{closest} If it belongs here, ignore this note."
)
CLOSEST = " The closest titles here: {titles}."
SHOWN_CLOSEST = 2
NO_WORD = "no word"
SOME_WORDS = "only {words}"
MANY_OFF_TOPIC = (
    "{share} added papers look unrelated to this list's subject (see the notes); "
    "please check they were meant for this list."
)
SOME = "{count} of the {papers}"
ALL = "All {papers}"
MANY = 3  # from this many off-topic additions (and half the pull request), the summary says so


def check(ctx: RuleContext) -> Iterator[Finding]:
    if len(ctx.targets) >= len(ctx.catalog.entries):
        return  # a full check: the list is its own subject
    judged = {id(entry) for entry in ctx.targets}
    # The other entries by their place in the list, read for what they say: only the closest few are moved
    # to their lines (a list spliced from its previous version moves its entries as they are read).
    known = [(index, entry) for index, entry in enumerate(ctx.catalog.contents()) if id(entry) not in judged]
    model = subject.subject_of(
        [entry.title for _, entry in known], {entry.section for _, entry in known if entry.section}
    )
    if model is None:
        return
    for entry in ctx.targets:
        if model.is_off_topic(entry.title):
            yield Finding(
                ID,
                Severity.INFO,
                _message(model, entry, known, ctx.catalog.entries),
                entry.location,
                code=f"{ID}/far-off",
            )


def _message(model: subject.Subject, entry: Entry, known: Sequence[tuple[int, Entry]], entries: Sequence[Entry]) -> str:
    shared = model.shared_words(entry.title)
    words = SOME_WORDS.format(words=", ".join(code(word) for word in shared)) if shared else NO_WORD
    closest = _closest(model, entry, known, entries)
    return FAR_OFF.format(
        shared=words,
        score=model.score(entry.title),
        floor=model.floor,
        closest=CLOSEST.format(titles=", ".join(closest)) if closest else "",
    )


def _closest(
    model: subject.Subject, entry: Entry, known: Sequence[tuple[int, Entry]], entries: Sequence[Entry]
) -> list[str]:
    """The nearest distinct titles of the list, with their places (a README row and the data object
    it is generated from are one title)."""
    shown: dict[str, str] = {}
    for index, _ in model.closest(entry.title):
        other = entries[known[index][0]]
        shown.setdefault(normalize_title(other.title), f"{code(other.title)} ({other.path}:{other.line})")
        if len(shown) == SHOWN_CLOSEST:
            break
    return list(shown.values())


def summary_note(findings: Sequence[Finding], papers: int) -> str | None:
    """One line for a review's summary when a pull request adds many off-topic papers at once."""
    count = len({finding.location for finding in findings if finding.rule == ID})
    if count < MANY or 2 * count < papers:
        return None
    share = (ALL if count >= papers else SOME).format(count=count, papers=papers)
    return MANY_OFF_TOPIC.format(share=share)
