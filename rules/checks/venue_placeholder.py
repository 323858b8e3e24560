"""venue-placeholder — a venue left as a placeholder (``?``, ``-``, ``C-X``, ``J-X``, ``Conf``, empty).

What it does: flags a venue that stands for "not filled in", and says what the paper's link shows.
Why it matters: a placeholder tells readers nothing, and contributors copy it into the next entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rules import venues
from rules.context import Needs, RuleContext
from rules.evidence import LinkKind
from rules.model import Finding, Role, Severity
from rules.text import code

ID = "venue-placeholder"
SUMMARY = "The venue is filled in, not a placeholder."
CODES = {
    f"{ID}/placeholder": "The venue is a placeholder (`-`, `TBD`).",
    f"{ID}/empty": "The venue is empty.",
}
EXAMPLE = "`| [Ada-VAD …](https://epubs.siam.org/doi/10.1137/1.9781611978032.73) | 2024 | ? | … |`"
USE_INSTEAD = "`| … | 2024 | C-SDM | … |`"
NEEDS = Needs.LIST  # the list's spelling of codes, for the fix
FIX = (
    "Certain when the link names a venue of the registry (a CVF, ScienceDirect, Springer, … link); "
    "otherwise a person must fill it in."
)

PLACEHOLDER = "The venue {code} is a placeholder. {advice}"
EMPTY = "The venue is empty. {advice}"
ADVICE_LINKED = "The link is published in {name} ({detail}): write `{canonical}`."
ADVICE_PREPRINT = "The link is an arXiv preprint ({detail}): write `{preprint}` unless it was published elsewhere."
ADVICE_KIND = "The link shows a {kind} ({source}): write the code of its venue."
ADVICE_NONE = "Write the venue's code (like `C-CVPR` or `J-TPAMI`), or `{preprint}` for a preprint."


def check(ctx: RuleContext) -> Iterator[Finding]:
    for entry in ctx.targets:
        if not venues.is_placeholder(entry.venue) or not venues.has_field(entry, Role.VENUE):
            continue
        reading = ctx.venue_reading(entry)
        advice = _advice(reading, ctx.venues.preprint_code or "arXiv", ctx.styled)
        template = PLACEHOLDER if reading.code else EMPTY
        message = template.format(code=code(reading.code), advice=advice)
        fixed = ctx.styled(reading.linked.code) if reading.linked is not None else None
        kind = "placeholder" if reading.code else "empty"
        yield venues.finding(ID, Severity.WARNING, message, entry, Role.VENUE, fixed, code=f"{ID}/{kind}")


def _advice(reading: venues.Reading, preprint: str, styled: Callable[[str], str]) -> str:
    found = reading.evidence
    if reading.linked is not None and found is not None:
        return ADVICE_LINKED.format(
            name=reading.linked.name, detail=found.detail, canonical=styled(reading.linked.code)
        )
    if found is not None and found.kind is LinkKind.PREPRINT:
        return ADVICE_PREPRINT.format(detail=found.detail, preprint=preprint)
    if found is not None:
        return ADVICE_KIND.format(kind=found.kind.value, source=found.source)
    return ADVICE_NONE.format(preprint=preprint)
