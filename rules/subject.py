"""What a list is about, as a lexical model of its own words: its section headings and the titles
already in it. A title is scored by how much of it the list's subject accounts for (its words, lightly
stemmed so that `anomalies` meets `anomaly`), and judged against the list's own entries: a title further
from the subject than nearly all of them is off-topic. Pure Python, linear in the number of entries: a
dependency (scikit-learn, rank-bm25) would buy nothing a few counters do not. Character n-grams were
measured too (bench/off_topic.py) and only blurred the subject: they tie unrelated words by their
spelling."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rules.text import ascii_words

WORD_RE = re.compile(r"[^\W_]+")
# Words that say nothing about a subject: English glue and the vocabulary of every research title.
GENERIC_WORDS = frozenset(
    """
    a an the of for in on and or with without via to from by at as is are be into onto over under
    through towards toward using use based its their our your we you it this that these those not no
    all any more less than can do does how what when where which who why new novel approach approaches
    method methods framework frameworks model models modeling modelling network networks learning
    learned learn deep neural system systems study analysis efficient effective robust improving
    improved improve towards via beyond better simple general large scale multi self data task tasks
    paper survey review case toward end one two three
""".split()
)
# Endings folded away, longest first and again while at least four letters stay, so that a word's
# forms meet: `anomalies`, `anomaly`, `anomalous` → `anom`; `abnormality`, `abnormal` → `abnorm`.
SUFFIXES = (
    "ations",
    "ation",
    "ities",
    "ity",
    "ness",
    "ings",
    "ing",
    "ions",
    "ion",
    "ies",
    "ied",
    "ous",
    "es",
    "ed",
    "al",
    "s",
    "y",
)
MIN_STEM = 4


def words(text: str) -> list[str]:
    """The title's words that may carry its subject, folded."""
    folded = text.casefold()
    found = ascii_words(folded) if folded.isascii() else WORD_RE.findall(folded)
    return [word for word in found if len(word) > 1 and word not in GENERIC_WORDS and not word.isdigit()]


@lru_cache(maxsize=65_536)  # a list's titles repeat a few thousand words; this ran once per word of every title
def stem(word: str) -> str:
    while (
        shorter := next(
            (
                word[: -len(suffix)]
                for suffix in SUFFIXES
                if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM
            ),
            word,
        )
    ) != word:
        word = shorter
    return word


def features(text: str) -> dict[str, float]:
    """A unit vector of the title's word stems (empty when it has no word that may carry a subject)."""
    counts = Counter(stem(word) for word in words(text))
    norm = math.sqrt(sum(count * count for count in counts.values()))
    return {key: count / norm for key, count in counts.items()}


MIN_TITLES = 20  # fewer titles say too little about a subject to judge by
FAR = 0.16  # below this, a title shares next to nothing with the subject
OWN_SHARE = 0.01  # and it must sit lower than all but this share of the list's own titles


@dataclass(frozen=True)
class Subject:
    """A list's subject: the sum of its titles' vectors, and how far from it the list's own titles lie."""

    titles: tuple[str, ...]
    profile: dict[str, float]
    norm: float
    floor: float

    @cached_property
    def vectors(self) -> tuple[dict[str, float], ...]:
        """Each title's vector, made again for the few reviews that name the closest titles: kept for every
        list, they were a dict per title (70 MB of a 100k-entry list, kept across a review's fix rounds)."""
        return tuple(features(title) for title in self.titles)

    def score(self, title: str) -> float:
        """How much of ``title`` the subject accounts for: the cosine of its vector and the profile, 0..1."""
        return _cosine(features(title), self.profile, self.norm)

    def is_off_topic(self, title: str) -> bool:
        return bool(words(title)) and self.score(title) < self.floor

    def closest(self, title: str) -> list[tuple[int, float]]:
        """The indexes of the list's titles that share a word with ``title``, and how alike they are
        (cosine), nearest first."""
        vector = features(title)
        alike = (
            (index, sum(value * other.get(key, 0.0) for key, value in vector.items()))
            for index, other in enumerate(self.vectors)
        )
        return sorted(((index, score) for index, score in alike if score > 0), key=lambda pair: -pair[1])

    def own_outliers(self) -> list[int]:
        """The indexes of the list's own titles that, added to the others, would be off-topic."""
        return [
            index
            for index, vector in enumerate(self.vectors)
            if vector and _cosine_without(vector, self.profile, self.norm) < self.floor
        ]

    def shared_words(self, title: str) -> list[str]:
        """The title's words that some title of the list has too."""
        return [word for word in dict.fromkeys(words(title)) if stem(word) in self.profile]


def subject_of(titles: Sequence[str], context: Iterable[str] = ()) -> Subject | None:
    """The subject of a list with these titles (and ``context``: its headings), or None when
    it has too few titles to tell. The floor is the lower of ``FAR`` and the score its own titles reach
    but for ``OWN_SHARE`` of them (each scored against the others), so a broad list stays quiet."""
    return _subject(tuple(titles), frozenset(context))


# Push after push to one pull request, the list around its entries is the same: its subject (linear in
# the list, 1.6 s of a 10k-entry review) is kept for the last two lists seen, not for every list.
@lru_cache(maxsize=2)
def _subject(titles: tuple[str, ...], context: frozenset[str]) -> Subject | None:
    vectors = [features(title) for title in titles]
    if sum(1 for vector in vectors if vector) < MIN_TITLES:
        return None
    profile: dict[str, float] = {}
    for vector in (*vectors, *(features(text) for text in context)):
        for key, value in vector.items():
            profile[key] = profile.get(key, 0.0) + value
    norm = math.sqrt(sum(value * value for value in profile.values()))
    own = sorted(_cosine_without(vector, profile, norm) for vector in vectors if vector)
    floor = min(FAR, own[int(OWN_SHARE * len(own))])
    return Subject(titles, profile, norm, floor)


def _cosine(vector: dict[str, float], profile: dict[str, float], norm: float) -> float:
    return sum(value * profile.get(key, 0.0) for key, value in vector.items()) / norm if norm else 0.0


def _cosine_without(vector: dict[str, float], profile: dict[str, float], norm: float) -> float:
    """A title's score against the profile of every other title: the profile less its own vector,
    worked out from dot products so that scoring every title stays linear."""
    dot = sum(value * profile.get(key, 0.0) for key, value in vector.items())
    own = sum(value * value for value in vector.values())
    rest = math.sqrt(max(norm * norm - 2 * dot + own, 0.0))
    return (dot - own) / rest if rest else 0.0
