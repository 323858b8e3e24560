"""Which entries are the same paper: an index of a list's entries by identifier and title, and the scored
matching behind the duplicate check, the pull-request review and ``/add-paper``.

Two entries are compared on their paper identifiers (arXiv id, DOI, … from ``rules.identity``), their
titles (normalised, then rapidfuzz), their years and their code links, which together give a score
from 0 to 100 and the reasons for it. The index finds the few entries worth comparing without looking
at every pair: it buckets entries by identifier, by normalised title, and by pairs of the rarest words
of their titles (a typo or a dropped word leaves most of those pairs intact), then screens each
bucket's titles with rapidfuzz's batch ``process.extract`` before scoring the survivors in full.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, combinations
from typing import Any, cast

from rapidfuzz import fuzz, process

from rules import facts, identity
from rules.identity import Identifier
from rules.model import Entry
from rules.text import title_words

DEFAULT_THRESHOLD = 90  # a score at or above this is the same paper

# Words that carry no meaning of their own in a title; they are left out of word comparisons.
STOPWORDS = frozenset(
    "a an the of for in on with via and to by from using based towards toward at into as or its is are "
    "over under through".split()
)
# A title's name or subtitle split off at the first colon or spaced dash: "MULDE: Multiscale …".
SUBTITLE_RE = re.compile(r":|\s[-–—]\s")
# A work about another carries its title after a word that says so (normalised): "[Re] X" (a
# reproduction report), "Comment on X", "Reply to X", "Erratum: X". It is a paper of its own.
RESPONSE_RE = re.compile(
    r"^(?:re|(?:comments?|remarks) on|(?:reply|response|rebuttal|addendum|correction) to"
    r"|(?:erratum|corrigendum|retraction)(?: (?:to|of|for|note))?) "
)

# How the evidence weighs, in points of the 0–100 score.
SAME_YEAR_BONUS = 3
YEAR_GAP_PENALTY = 5  # per year beyond the first between the two years (a preprint and its venue: 0–1)
MAX_YEAR_GAP_PENALTY = 20
SAME_CODE_BONUS = 3
OTHER_CODE_PENALTY = 5
CONFLICT_PENALTY = 20  # both carry an arXiv id (a DOI, …) and they differ
SUBSTITUTION_PENALTY = 12  # per word of one title replaced by an unrelated word in the other
INSERTION_PENALTY = 5  # per word beyond the first that only one title has: "X" vs "Name: Y for X"
VARIANT_SCORE = 95  # one title is the other without its leading name or without its subtitle
MAX_BONUS = SAME_YEAR_BONUS + SAME_CODE_BONUS  # so titles this much below the bar can still reach it
ALIKE_CEILING = 99.0  # 100 is kept for the certain: one title, or one identifier
MIN_TITLE_FOR_SAME_LINK = 50  # below this, a shared identifier means a wrong link, not one paper
EXACT_TITLE_MIN_WORDS = 6  # identical titles this long are one paper even when their links disagree
TYPO_SIMILARITY = 75  # two differing words this alike are one word misspelt
SHOWN_WORDS = 4  # of the words one title has and the other lacks, in a reason
NAME_MAX_WORDS = 2  # "Ada-VAD: …" — a leading name is one or two words
NAMED_MIN_WORDS = 3  # "Name: Y" vs "Y" counts only when Y alone says enough
SUBTITLE_MIN_WORDS = 4  # "X: Y" vs "X" counts only when X alone says enough

# Blocking: pairs of a title's rarest words. Buckets larger than MAX_BLOCK hold only common words and
# are skipped; exact buckets (identifier, title) pair each member with the first LEADERS members.
BLOCK_WORDS = 3
QUERY_WORDS = 10
MAX_BLOCK = 50
LEADERS = 50

SAME_ID = "same {identifier}"
DIFFERENT_IDS = "different {label}s ({a}, {b})"
SAME_TITLE = "same title"
NO_TITLE = "no title to compare"
ALIKE_TITLES = "titles {score}% alike"
RESPONDS = "one title answers or reproduces the other"
OTHER_WORDS = "“{a}” vs “{b}”"
NAME_VARIANT = "same title apart from the name “{name}”"
SUBTITLE_VARIANT = "same title apart from the subtitle"
SAME_YEAR = "same year"
YEARS_APART = "years {a} and {b}"
SAME_CODE = "same code link"
OTHER_CODE = "different code links"


# The papers filed under one key: most keys (a title, an identifier, a pair of rare words) name one paper,
# kept as its bare number; a list of one took 70-90 bytes, and an index has about five such keys per entry.
Bucket = int | list[int]
Buckets = MutableMapping[Any, Bucket]
_UNSET = object()


class Layer(MutableMapping[Any, Bucket]):
    """A derived index's map: the keys its change wrote (None for one it removed) over the map of the index
    it derives from, which is never written. Copied whole, the maps took about 25 MB per fix round of a
    100k-entry list for the few keys a round changes. A layer over a layer copies only the keys that one
    wrote, so a lookup reads at most two maps however many rounds there are."""

    __slots__ = ("_base", "_own")

    def __init__(self, base: Buckets) -> None:
        self._base: Buckets
        self._own: dict[Any, Bucket | None]
        if isinstance(base, Layer):
            self._base, self._own = base._base, dict(base._own)
        else:
            self._base, self._own = base, {}

    def get(self, key: Any, default: Any = None) -> Any:
        found = self._own.get(key, _UNSET)
        if found is _UNSET:
            return self._base.get(key, default)
        return default if found is None else found

    def __getitem__(self, key: Any) -> Bucket:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return cast(Bucket, found)

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __setitem__(self, key: Any, bucket: Bucket) -> None:
        self._own[key] = bucket

    def __delitem__(self, key: Any) -> None:
        if key not in self:
            raise KeyError(key)
        self._own[key] = None

    def __iter__(self) -> Iterator[Any]:
        own = self._own
        yield from (key for key, bucket in own.items() if bucket is not None)
        yield from (key for key in self._base if key not in own)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build, and an index builds 100k of them
class Paper:
    """The facts of one entry that say which paper it is (read-only by convention)."""

    entry: Entry
    title: str  # normalised
    key: str  # the normalised title without spaces, so hyphenation and spacing variants agree
    words: tuple[str, ...]  # the title's words, stopwords left out
    # (key, name): the title without its leading name (the name), or without its subtitle (""); the reason
    # a match gives is worded only for the few pairs compared (``_variant_reason``), not kept per paper.
    variants: tuple[tuple[str, str], ...]
    ids: tuple[Identifier, ...]  # sorted; a tuple of one takes 64 bytes, a frozenset of one 232

    # Year and code links weigh in only when two entries are compared: read then, not for every entry.
    @property
    def year(self) -> int | None:
        return facts.year_in(self.entry.year)

    @property
    def code(self) -> frozenset[str]:
        return frozenset(identity.code_key(url) for url in self.entry.code_urls)


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found to be (perhaps) the same paper: how sure (0–100), and why in a few words.

    ``exact`` means beyond doubt: the same title, and no identifier that disagrees. ``shared`` are the
    identifiers both links carry."""

    entry: Entry
    score: int
    reasons: tuple[str, ...]
    exact: bool
    shared: tuple[Identifier, ...] = ()


def paper_of(entry: Entry) -> Paper:
    """Read the identifying facts of an entry."""
    return Paper(entry, *_remembered_facts(entry.title, entry.url))


Facts = tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...], tuple[Identifier, ...]]


@lru_cache(maxsize=16_384)
def _remembered_facts(raw_title: str, url: str | None) -> Facts:
    # Cached by title and link for the entries a review or a fix round looks up again (its targets, the
    # pairs it reports). Not for every entry of a list: a whole list's index is built once per list version
    # and kept with its document, its papers read without the memo (``PaperIndex``): a memo of all its
    # papers (262k items before) held 30 MB of a 100k-entry check's peak, and only turned over.
    return _facts(raw_title, url, {})


def _facts(raw_title: str, url: str | None, vocabulary: dict[str, str]) -> Facts:
    # The titles are folded without normalize_title's memo: a second memo of the same titles would only
    # hold them again. The title is folded into words once, and its forms (spaced, joined, without
    # stopwords, without name or subtitle) are read from those words.
    words = title_words(raw_title)
    content = _content_words(words, vocabulary)
    identifier = identity.identifier(url)
    ids = () if identifier is None else (identifier,)
    return " ".join(words), "".join(words), content, _variants(raw_title, words, len(content)), ids


def _content_words(words: list[str], vocabulary: dict[str, str]) -> tuple[str, ...]:
    # Each word as the one string ``vocabulary`` holds for it: titles share most of their words, and every
    # entry's words live as long as its index does. A dict of the index's own, not sys.intern: faster,
    # and its strings are freed with the index (3.12 keeps interned strings for the life of the process).
    return tuple([vocabulary.setdefault(word, word) for word in words if word not in STOPWORDS])


def _variants(raw_title: str, words: list[str], content_count: int) -> tuple[tuple[str, str], ...]:
    """The title without its leading name, and without its subtitle, where it has them: (key, name) pairs.
    ``words`` are the folded title's, ``content_count`` how many of them are not stopwords."""
    if ":" not in raw_title and " - " not in raw_title and " – " not in raw_title and " — " not in raw_title:
        return ()  # the common case, told without the regex (a dash between line breaks is title-link's)
    match = SUBTITLE_RE.search(raw_title)
    if match is None:
        return ()
    name = raw_title[: match.start()].strip()
    head = title_words(name)
    size = len(head)
    if not head or size >= len(words) or words[:size] != head:
        return ()  # the name is not the title's first words followed by more
    head_content = _content_word_count(head)
    found: list[tuple[str, str]] = []
    if size <= NAME_MAX_WORDS and content_count - head_content >= NAMED_MIN_WORDS:
        found.append(("".join(words[size:]), " ".join(name.split())))
    if head_content >= SUBTITLE_MIN_WORDS:
        found.append(("".join(head), ""))
    return tuple(found)


def _content_word_count(words: list[str]) -> int:
    """How many words ``_content_words`` would keep (counted only: nothing to intern or keep)."""
    return sum(word not in STOPWORDS for word in words)


def compare(a: Paper, b: Paper) -> Match:
    """How sure it is that ``b`` is the same paper as ``a``, and why (the result names ``b``)."""
    shared = tuple(identifier for identifier in a.ids if identifier in b.ids)
    title, title_reason = _title_score(a, b)
    conflicts = _conflicts(a.ids, b.ids) if not shared else []
    reasons = [SAME_ID.format(identifier=identifier.describe()) for identifier in shared[:1]] + [title_reason]
    adjustment, notes = _year_and_code(a, b)
    reasons.extend(notes)
    reasons.extend(conflicts)
    if shared:
        score = 100.0 if title >= MIN_TITLE_FOR_SAME_LINK else title
    else:
        # A mistyped arXiv id should not hide a long title given twice word for word.
        distinctive = _same_title(a, b) and len(a.words) >= EXACT_TITLE_MIN_WORDS
        score = title + adjustment - (CONFLICT_PENALTY if conflicts and not distinctive else 0)
    exact = _same_title(a, b) and not conflicts
    ceiling = 100.0 if shared or _same_title(a, b) else ALIKE_CEILING
    return Match(b.entry, round(min(ceiling, max(0.0, score))), tuple(reasons), exact, shared)


def _same_title(a: Paper, b: Paper) -> bool:
    # An empty title (`[]()`, `"Title": ""`) says nothing about which paper it is: it never matches.
    return bool(a.key) and a.key == b.key


def _title_score(a: Paper, b: Paper) -> tuple[float, str]:
    if not a.key or not b.key:
        return 0.0, NO_TITLE
    if a.key == b.key:
        return 100.0, SAME_TITLE
    if _responds_to(a, b) or _responds_to(b, a):
        return 0.0, RESPONDS
    for key, name in a.variants:
        if key == b.key:
            return VARIANT_SCORE, _variant_reason(name)
    for key, name in b.variants:
        if key == a.key:
            return VARIANT_SCORE, _variant_reason(name)
    ratio = fuzz.ratio(a.title, b.title)
    only_a, only_b = _unmatched_words(a.words, b.words)
    substituted = min(len(only_a), len(only_b))
    inserted = max(len(only_a), len(only_b)) - substituted
    reason = ALIKE_TITLES.format(score=int(ratio))
    if only_a or only_b:
        reason += " but " + OTHER_WORDS.format(a=_some(only_a), b=_some(only_b))
    return ratio - SUBSTITUTION_PENALTY * substituted - INSERTION_PENALTY * max(0, inserted - 1), reason


def _variant_reason(name: str) -> str:
    return NAME_VARIANT.format(name=name) if name else SUBTITLE_VARIANT


def _responds_to(a: Paper, b: Paper) -> bool:
    """``b`` is a work about ``a``: ``a``'s title after a word such as "[Re]" or "Comment on"."""
    match = RESPONSE_RE.match(b.title)
    return match is not None and b.title[match.end() :].replace(" ", "") == a.key


def _some(words: list[str]) -> str:
    return " ".join(words[:SHOWN_WORDS]) + (" …" if len(words) > SHOWN_WORDS else "") if words else "—"


def _unmatched_words(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The words of each title that the other lacks, once compounds ("auto encoder" / "autoencoder")
    and misspellings are paired off. Words left on both sides were substituted; on one side, dropped."""
    only_a, only_b = Counter(a) - Counter(b), Counter(b) - Counter(a)
    if not only_a or not only_b:
        return _in_order(a, only_a), _in_order(b, only_b)
    _pair_compounds(only_a, only_b, b)
    _pair_compounds(only_b, only_a, a)
    for word in list(only_a.elements()):
        typo = _misspelling_of(word, only_b)
        if typo is not None:
            only_a[word] -= 1
            only_b[typo] -= 1
    return _in_order(a, only_a), _in_order(b, only_b)


def _in_order(words: tuple[str, ...], left: Counter[str]) -> list[str]:
    """The words counted in ``left``, in the order the title has them."""
    left = +left
    found = []
    for word in words:
        if left[word] > 0:
            found.append(word)
            left[word] -= 1
    return found


def _pair_compounds(only_x: Counter[str], only_y: Counter[str], y_words: tuple[str, ...]) -> None:
    for first, second in zip(y_words, y_words[1:]):
        joined = first + second
        if only_x[joined] > 0 and only_y[first] > 0 and only_y[second] > 0:
            only_x[joined] -= 1
            only_y[first] -= 1
            only_y[second] -= 1


def _misspelling_of(word: str, candidates: Counter[str]) -> str | None:
    if not word.isalpha():
        return None  # "2d" and "3d", "v1" and "v2" are different things, never typos
    for other, count in candidates.items():
        if count > 0 and other.isalpha() and fuzz.ratio(word, other, score_cutoff=TYPO_SIMILARITY):
            return other
    return None


def _conflicts(a: tuple[Identifier, ...], b: tuple[Identifier, ...]) -> list[str]:
    """Schemes both links carry with different values ("different DOIs (…, …)"); plain URLs never
    conflict, as one paper has many pages."""
    notes: list[str] = []
    schemes_a = {identifier.scheme: identifier.value for identifier in a if identifier.scheme != "url"}
    for identifier in b:
        value = schemes_a.get(identifier.scheme)
        if value is not None and value != identifier.value:
            label = identity.SCHEME_LABELS[identifier.scheme]
            notes.append(DIFFERENT_IDS.format(label=label, a=value, b=identifier.value))
    return notes


def _year_and_code(a: Paper, b: Paper) -> tuple[int, list[str]]:
    points, notes = 0, []
    year_a, year_b = a.year, b.year
    if year_a is not None and year_b is not None:
        if year_a == year_b:
            points += SAME_YEAR_BONUS
            notes.append(SAME_YEAR)
        elif abs(year_a - year_b) >= 2:
            points -= min(MAX_YEAR_GAP_PENALTY, YEAR_GAP_PENALTY * (abs(year_a - year_b) - 1))
            notes.append(YEARS_APART.format(a=year_a, b=year_b))
    code_a, code_b = a.code, b.code
    if code_a and code_b:
        if code_a & code_b:
            points += SAME_CODE_BONUS
            notes.append(SAME_CODE)
        else:
            points -= OTHER_CODE_PENALTY
            notes.append(OTHER_CODE)
    return points, notes


def same_paper(a: Entry, b: Entry, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True when two entries are the same paper (two single entries; use an index for a whole list)."""
    return compare(paper_of(a), paper_of(b)).score >= threshold


class PaperIndex:
    """Entries indexed for "which of them is this paper?": by identifier, by title, by rare title words."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        vocabulary: dict[str, str] = {}
        self.papers = [Paper(entry, *_facts(entry.title, entry.url, vocabulary)) for entry in entries]
        self._frequency = Counter(chain.from_iterable(set(paper.words) for paper in self.papers))
        self._by_id: Buckets = {}
        self._by_key: Buckets = {}
        self._by_core: Buckets = {}  # the title without stopwords: "… by UCSD" vs "… UCSD"
        self._by_variant: Buckets = {}
        self._by_block: Buckets = {}
        self._by_rare: Buckets = {}  # the papers filed under each word (one of their rarest)
        self._by_word: Buckets | None = None  # every paper holding each word, made when derived
        self._resolve: Callable[[Entry], Entry] | None = None  # where a previous version's entries are now
        for number, paper in enumerate(self.papers):
            self._file(number, paper, self._rarest(paper), _put_new)

    def __len__(self) -> int:
        return len(self.papers) - len(self._gone)

    _gone: frozenset[int] = frozenset()  # numbers of papers a change removed (a derived index keeps them)

    def _file(
        self, number: int, paper: Paper, rarest: tuple[str, ...], put: Callable[[Buckets, Any, int], None]
    ) -> None:
        """File (or, with ``_drop``, unfile) a paper under its identifiers, title keys and rarest words."""
        for identifier in paper.ids:
            put(self._by_id, identifier, number)
        if paper.key:
            put(self._by_key, paper.key, number)
        if (core := "".join(paper.words)) and core != paper.key:
            put(self._by_core, core, number)
        for key, _ in paper.variants:
            put(self._by_variant, key, number)
        self._file_rarest(number, rarest, put)

    def _file_rarest(self, number: int, rarest: tuple[str, ...], put: Callable[[Buckets, Any, int], None]) -> None:
        for word in rarest:
            put(self._by_rare, word, number)
        for key in _pairs(rarest):
            put(self._by_block, key, number)

    def _rarest(self, paper: Paper, count: int = BLOCK_WORDS) -> tuple[str, ...]:
        """The title's ``count`` rarest words, sorted. Words are sorted first, so that ties in rarity
        break the same way in every run."""
        return tuple(sorted(sorted(sorted(set(paper.words)), key=self._frequency.__getitem__)[:count]))

    def _block_keys(self, paper: Paper, count: int = BLOCK_WORDS) -> list[str]:
        """Pairs of the title's ``count`` rarest words, as strings (which the garbage collector need
        not track).

        A lookup asks with more words (QUERY_WORDS) than the index files each entry under, so that
        one lookup also finds entries whose rarest words it misspells or lacks: a pass over the whole
        index cannot afford that for every entry, a single lookup can."""
        return _pairs(self._rarest(paper, count))

    def derived(
        self, removed: Sequence[Entry], added: Sequence[Entry], resolve: Callable[[Entry], Entry]
    ) -> PaperIndex:
        """The index of this list changed: ``removed`` (entries indexed here) gone, ``added`` filed, and
        the other entries where ``resolve`` says they are now. Exactly the index of the changed list
        built whole: the words' frequencies are counted again, and a paper whose rarest words they
        reorder is filed again (``_refile``). This index is left as it was."""
        index = copy.copy(self)
        index.papers = list(self.papers)
        index._frequency = Counter(self._frequency)
        for name in ("_by_id", "_by_key", "_by_core", "_by_variant", "_by_block", "_by_rare"):
            setattr(index, name, Layer(getattr(self, name)))
        numbers = self._numbers_of(removed)
        new = [paper_of(entry) for entry in added]
        for number in numbers:
            index._frequency.subtract(set(self.papers[number].words))
        for paper in new:
            index._frequency.update(set(paper.words))
        changed = {word for paper in (*new, *(self.papers[n] for n in numbers)) for word in paper.words}
        changed = {word for word in changed if index._frequency[word] != self._frequency[word]}
        index._gone = self._gone | frozenset(numbers)
        for number in numbers:
            index._unfile(number, self._rarest(self.papers[number]))
        index._refile(self, changed)
        if self._by_word is not None:
            index._by_word = Layer(self._by_word)
        for paper in new:
            index.papers.append(paper)
            index._file(len(index.papers) - 1, paper, index._rarest(paper), _put)
            if index._by_word is not None:
                for word in set(paper.words):
                    _put(index._by_word, word, len(index.papers) - 1)
        index._resolve = resolve if self._resolve is None else _then(self._resolve, resolve)
        return index

    def _numbers_of(self, entries: Sequence[Entry]) -> list[int]:
        """The numbers of indexed entries, found among those of their title (or among all, for no title)."""
        found: list[int] = []
        for entry in entries:
            key = paper_of(entry).key
            numbers = members(self._by_key.get(key)) if key else range(len(self.papers))
            found.extend(
                number for number in numbers if number not in self._gone and self._paper(number).entry is entry
            )
        return found

    def _unfile(self, number: int, rarest: tuple[str, ...]) -> None:
        self._file(number, self.papers[number], rarest, _drop)

    def _refile(self, before: PaperIndex, changed: set[str]) -> None:
        """File again the papers whose rarest words the new frequencies of ``changed`` words reorder.
        A word counted more often can leave only the rarest words of papers filed under it; a word
        counted less often can join only those of papers holding it that are not."""
        candidates: set[int] = set()
        holding = before._holding() if any(self._frequency[w] < before._frequency[w] for w in changed) else {}
        for word in changed:
            if self._frequency[word] > before._frequency[word]:
                candidates.update(members(before._by_rare.get(word)))
            else:
                rare = set(members(before._by_rare.get(word)))
                candidates.update(number for number in members(holding.get(word)) if number not in rare)
        for number in sorted(candidates - self._gone):
            paper = self.papers[number]
            old, new = before._rarest(paper), self._rarest(paper)
            if old != new:
                self._file_rarest(number, old, _drop)
                self._file_rarest(number, new, _put)

    def _holding(self) -> Buckets:
        """Every paper holding each word (made the first time a change needs it, then kept)."""
        if self._by_word is None:
            by_word: Buckets = {}
            for number, paper in enumerate(self.papers):
                if number not in self._gone:
                    for word in set(paper.words):
                        _put_new(by_word, word, number)
            self._by_word = by_word
        return self._by_word

    def _paper(self, number: int) -> Paper:
        """The indexed paper, its entry where it is in this version of the list."""
        paper = self.papers[number]
        if self._resolve is None:
            return paper
        entry = self._resolve(paper.entry)
        return (
            paper
            if entry is paper.entry
            else Paper(entry, paper.title, paper.key, paper.words, paper.variants, paper.ids)
        )

    def matches(self, entry: Entry, min_score: int = DEFAULT_THRESHOLD, limit: int | None = 5) -> list[Match]:
        """The indexed entries that are (perhaps) ``entry``'s paper, best first: those scoring at least
        ``min_score``, and those sharing an identifier with it whatever their score (a wrong link)."""
        paper = paper_of(entry)
        exact = {number for identifier in paper.ids for number in members(self._by_id.get(identifier))}
        core = "".join(paper.words)
        for key in {paper.key, core} - {""}:
            exact.update(members(self._by_key.get(key)))
            exact.update(members(self._by_core.get(key)))
        exact.update(members(self._by_variant.get(paper.key)))
        exact.update(number for key, _ in paper.variants for number in members(self._by_key.get(key)))
        fuzzy = {
            number
            for key in self._block_keys(paper, QUERY_WORDS)
            if len(bucket := members(self._by_block.get(key))) <= MAX_BLOCK
            for number in bucket
        } - exact
        found = [
            match
            for number in exact | self._screen(paper, fuzzy, min_score)
            if not _is_itself((other := self._paper(number)).entry, entry)
            and ((match := compare(paper, other)).score >= min_score or match.shared)
        ]
        found.sort(key=lambda match: (-match.score, match.entry.path, match.entry.line))
        return found[:limit] if limit is not None else found

    def pairs(self, min_score: int = DEFAULT_THRESHOLD) -> Iterator[tuple[Entry, Match]]:
        """Every pair of indexed entries that are (perhaps) one paper, once: those scoring at least
        ``min_score``, and those sharing an identifier whatever their score."""
        return ((paper.entry, match) for paper, _, match in self.paper_pairs(min_score))

    def paper_pairs(self, min_score: int = DEFAULT_THRESHOLD) -> Iterator[tuple[Paper, Paper, Match]]:
        """``pairs`` with both papers: whoever reports them need not read their facts again."""
        candidates = self._exact_pairs() | self._alike_pairs(min_score - MAX_BONUS)
        for number, other_number in sorted(candidates):
            paper, other = self._paper(number), self._paper(other_number)
            match = compare(paper, other)
            if match.score >= min_score or match.shared:
                yield paper, other, match

    def _alike_pairs(self, cutoff: float) -> set[tuple[int, int]]:
        """Pairs (lower, higher) sharing a block whose titles are at least ``cutoff`` alike, each block
        screened with rapidfuzz's batch extract (most blocks hold one entry, or one paper twice)."""
        found: set[tuple[int, int]] = set()
        papers = self.papers
        for bucket in [
            bucket for bucket in self._by_block.values() if isinstance(bucket, list) and len(bucket) <= MAX_BLOCK
        ]:
            if len(bucket) == 2:
                pair = (bucket[0], bucket[1])
                if pair not in found and fuzz.ratio(papers[pair[0]].title, papers[pair[1]].title, score_cutoff=cutoff):
                    found.add(pair)
                continue
            titles = [papers[number].title for number in bucket]
            for position in range(len(bucket) - 1):
                alike = process.extract(
                    titles[position], titles[position + 1 :], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
                )
                found.update((bucket[position], bucket[position + 1 + index]) for _, _, index in alike)
        return found

    def _exact_pairs(self) -> set[tuple[int, int]]:
        """Pairs (lower, higher) that share an identifier, a title, or a title and a variant of it."""
        buckets = [bucket for bucket in self._by_id.values() if isinstance(bucket, list)]
        buckets += [bucket for bucket in self._by_key.values() if isinstance(bucket, list)]
        buckets += [
            sorted({*members(bucket), *members(self._by_key.get(key))})
            for key, bucket in self._by_core.items()
            if isinstance(bucket, list) or key in self._by_key
        ]
        buckets += [
            sorted({*members(self._by_variant[key]), *members(self._by_key[key])})
            for key in self._by_variant.keys() & self._by_key.keys()
        ]
        found: set[tuple[int, int]] = set()
        for bucket in buckets:
            for position, number in enumerate(bucket[:LEADERS]):
                found.update((number, other) for other in bucket[position + 1 :])
        return found

    def _screen(self, paper: Paper, numbers: set[int], min_score: int) -> set[int]:
        """The candidates whose titles could reach ``min_score``: rapidfuzz's batch extract over them."""
        if not numbers:
            return set()
        choices = {number: self.papers[number].title for number in numbers}
        cutoff = min_score - MAX_BONUS
        alike = process.extract(paper.title, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        return {number for _, _, number in alike}


def _pairs(words: tuple[str, ...]) -> list[str]:
    if len(words) < 2:
        return list(words)
    return [first + " " + second for first, second in combinations(words, 2)]


def members(bucket: Bucket | None) -> Sequence[int]:
    """The numbers of the papers filed in a bucket (none for a missing one)."""
    if bucket is None:
        return ()
    return (bucket,) if isinstance(bucket, int) else bucket


def _put_new(mapping: Buckets, key: Any, number: int) -> None:
    """File ``number`` under ``key`` of an index being built (its lists are its own: appended to)."""
    bucket = mapping.get(key)
    if bucket is None:
        mapping[key] = number
    elif isinstance(bucket, int):
        mapping[key] = [bucket, number]
    else:
        bucket.append(number)


def _put(mapping: Buckets, key: Any, number: int) -> None:
    """Add ``number`` under ``key`` in a new list: a derived index shares its lists with the one it came from."""
    bucket = mapping.get(key)
    mapping[key] = number if bucket is None else [*members(bucket), number]


def _drop(mapping: Buckets, key: Any, number: int) -> None:
    kept = [other for other in members(mapping.get(key)) if other != number]
    if len(kept) > 1:
        mapping[key] = kept
    elif kept:
        mapping[key] = kept[0]
    else:
        mapping.pop(key, None)


def _then(first: Callable[[Entry], Entry], second: Callable[[Entry], Entry]) -> Callable[[Entry], Entry]:
    return lambda entry: second(first(entry))


def _is_itself(a: Entry, b: Entry) -> bool:
    # Several JSON objects can share a line (`[{…}, {…}]`); their positions in the array tell them apart.
    same_place = a.path == b.path and a.line == b.line and a.kind == b.kind
    return same_place and (a.kind != "json" or a.position == b.position)


def find_matches(
    index: PaperIndex, candidate: Entry, limit: int = 5, min_score: int = DEFAULT_THRESHOLD
) -> list[Match]:
    """Is this candidate entry already in the list? The best matches, with scores and reasons."""
    return index.matches(candidate, min_score=min_score, limit=limit)
