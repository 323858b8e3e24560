"""Benchmark of the duplicate check on lists of 1k, 10k and 100k entries: wall time, peak memory, and
recall and precision against planted duplicates. A measurement to read, not a test.

    .venv/bin/python -m bench.duplicates                     # 1k, 10k and 100k entries
    .venv/bin/python -m bench.duplicates --sizes 1000 5000   # other sizes

Each list is built from the rows of the shared real list (tests/fixtures/lists/video-anomaly-detection):
distinct papers get titles recombined from the real titles' phrases and words, the real rows' link
shapes (arXiv, IEEE Xplore, ScienceDirect, Springer, CVF, AAAI, OpenReview) with fresh identifiers,
and their venues, years, badges, code and model cells. Then duplicates are planted with known answers —
exact copies, other link forms of the same paper (abs/pdf, versions, tracking parameters), title
edits (typos, casing, dropped words, hyphens, a dropped name), a preprint link instead of the venue's,
some in another section — and hard negatives: distinct papers with nearly the same title, like the
real list's two Federated papers and Open-Vocabulary VAD vs PLOVAD.

Each size runs in a fresh process (so peak memory is its own) under a time limit, and reports:
parsing, the full check (``rules.engine.check`` with every registered rule), each rule alone, the
index build and the single-candidate lookup (``rules.duplicates.find_matches``), and recall and
precision of the duplicate findings against the planted answers.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot import collector
from rules import checks, duplicates, engine, parse
from rules.context import CheckOptions

ROOT = Path(__file__).resolve().parent.parent
REAL_LIST = ROOT / "tests" / "fixtures" / "lists" / "video-anomaly-detection" / "README.md"
SIZES = (1_000, 10_000, 100_000)
TIME_LIMIT = 600  # seconds per size; a size that takes longer is reported as such
LOOKUPS = 300
SEED = 4

PLANTED_SHARE = 0.04  # of the entries: copies of another entry
NEAR_MISS_SHARE = 0.01  # of the entries: distinct papers titled almost like another
CROSS_SECTION_SHARE = 0.15  # of the planted copies: placed in another section
PLACEHOLDER_CODE_SHARE = 0.01  # of the entries: the list owner's repository given as code (a real defect)
ROWS_PER_SECTION = 500
TERMS_PER_ROOT = 20  # made-up vocabulary: 630 terms for 1k entries, 6,300 for 100k
TERM_ENDINGS = ("", "", "ic", "al", "ive", "net", "former", "ion", "ed", "ing")

CONNECTORS = (" for ", " via ", " with ", " using ", " in ", " by ", " through ", " based on ")
CONNECTOR_RE = re.compile("|".join(re.escape(connector) for connector in CONNECTORS), re.IGNORECASE)
SYLLABLES = (
    "ra",
    "vo",
    "ti",
    "ke",
    "lu",
    "ma",
    "zen",
    "dor",
    "qui",
    "sa",
    "ne",
    "fo",
    "gri",
    "pel",
    "mo",
    "xa",
    "bi",
    "ly",
)
SUFFIXES = ("Net", "VAD", "Former", "GAN", "CLIP", "Diff", "", "", "")
PLACEHOLDER_CODE = "https://github.com/vt-le/VideoAnomalyDection/blob/main"
TASK_CELL = "![](./assets/video.svg)"
CODE_BADGE = "![](./assets/code.svg)"


@dataclass
class Paper:
    """One synthetic entry: its cells, and the group of entries that are the same paper."""

    group: int
    title: str
    url: str
    year: int
    venue: str
    code: str
    model: str
    section: int
    name: str = ""
    body: str = ""
    ids: dict[str, int] = field(default_factory=dict)

    def row(self) -> str:
        code = f"[{CODE_BADGE}]({self.code})" if self.code else "-"
        return f"| [{self.title}]({self.url}) | {self.year} | {self.venue} | {TASK_CELL} | {code} | {self.model} |"


class Generator:
    """Builds synthetic papers, planted copies and near misses from the real list's material.

    The real list's 127 titles hold some 600 words; a list of 100k real titles holds tens of thousands
    (vocabulary grows about as the square root of the text, Heaps' law), most of them rare: method
    names, datasets, coined terms. So each synthetic title also takes one or two made-up terms drawn
    from a vocabulary that grows with the list, with Zipf's frequencies (a few terms common, most rare).
    """

    def __init__(self, seed: int, size: int = 1000) -> None:
        self.random = random.Random(seed)
        self.terms = int(TERMS_PER_ROOT * size**0.5)
        entries = [entry for entry in parse.parse_catalog({"README.md": REAL_LIST.read_text(encoding="utf-8")}).entries]
        bodies = [_split_name(" ".join(entry.title.split()))[1] for entry in entries]
        self.methods, self.tasks = [], []
        for body in bodies:
            parts = CONNECTOR_RE.split(body, maxsplit=1)
            if len(parts) == 2:
                self.methods.append(parts[0].split())
                self.tasks.append(parts[1].split())
        self.words = sorted({word for body in bodies for word in body.split() if word.isalpha() and len(word) > 3})
        self.venues = sorted({entry.venue for entry in entries if entry.venue})
        self.counter = 0

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def name(self) -> str:
        syllables = "".join(self.random.choice(SYLLABLES) for _ in range(self.random.randint(2, 3)))
        return syllables.capitalize() + self.random.choice(SUFFIXES)

    def term(self) -> str:
        """A made-up word; rank r comes with probability about 1/r (log-uniform ranks)."""
        rank = int(self.terms ** self.random.random())
        spelling = random.Random(rank)
        syllables = "".join(spelling.choice(SYLLABLES) for _ in range(spelling.randint(2, 4)))
        return syllables + spelling.choice(TERM_ENDINGS)

    def body(self) -> str:
        method = list(self.random.choice(self.methods))
        task = list(self.random.choice(self.tasks))
        method[self.random.randrange(len(method))] = self.random.choice(self.words)
        if self.random.random() < 0.5:
            task[self.random.randrange(len(task))] = self.random.choice(self.words)
        for _ in range(self.random.randint(1, 2)):
            method.insert(self.random.randrange(len(method) + 1), self.term())
        return " ".join(method) + self.random.choice(CONNECTORS) + " ".join(task)

    def paper(self, group: int, section: int) -> Paper:
        name = self.name() if self.random.random() < 0.5 else ""
        body = self.body()
        title = f"{name}: {body}" if name else body
        url, ids = self.link()
        code = self.code_link(name or body)
        model = self.random.choice(
            ["[Model]()", "-", "-", f"[Model](https://drive.google.com/file/d/{self.fresh()}x/view)"]
        )
        return Paper(
            group,
            title,
            url,
            self.random.randint(2015, 2025),
            self.random.choice(self.venues),
            code,
            model,
            section,
            name,
            body,
            ids,
        )

    def code_link(self, seed_text: str) -> str:
        roll = self.random.random()
        if roll < PLACEHOLDER_CODE_SHARE:
            return PLACEHOLDER_CODE
        if roll < 0.45:
            repo = re.sub(r"\W+", "-", seed_text.split(":")[0])[:30].strip("-") or "code"
            return f"https://github.com/{self.name().lower()}{self.fresh()}/{repo}"
        return ""

    def link(self) -> tuple[str, dict[str, int]]:
        """A paper link in one of the real list's shapes, with a fresh identifier."""
        number = self.fresh()
        shape = self.random.choices(
            ["arxiv", "ieee", "pii", "springer", "cvf", "aaai", "openreview"], weights=[20, 20, 25, 15, 12, 4, 4]
        )[0]
        return LINKS[shape](number, self.random), {shape: number}

    def copy(self, original: Paper, section: int) -> Paper:
        """A planted duplicate of ``original``: another form of the same paper."""
        variation = self.random.choice(VARIATIONS)
        copy = Paper(
            original.group,
            original.title,
            original.url,
            original.year,
            self.random.choice(self.venues),
            original.code if self.random.random() < 0.7 else "",
            self.random.choice(["[Model]()", "-"]),
            section,
            original.name,
            original.body,
            dict(original.ids),
        )
        variation(self, copy)
        return copy

    def near_miss(self, original: Paper, section: int) -> Paper:
        """A distinct paper titled almost like ``original``: other final words, or a name and a new head."""
        paper = self.paper(self.fresh() + 10_000_000, section)
        words = original.body.split()
        if self.random.random() < 0.5 and len(words) > 4:
            keep = len(words) - self.random.randint(2, 3)
            body = " ".join(words[:keep] + [self.random.choice(self.words) for _ in range(self.random.randint(2, 4))])
            paper.title = f"{original.name}: {body}" if original.name else body
        else:
            method = " ".join(self.random.choice(self.methods))
            paper.title = f"{self.name()}: {method} for {original.body}"
        paper.year = original.year
        return paper


def _split_name(title: str) -> tuple[str, str]:
    head, colon, tail = title.partition(": ")
    return (head, tail) if colon and len(head.split()) <= 2 else ("", title)


def _cvf_slug(number: int) -> str:
    return f"Author{number}_Some_Title_Words_{number}_CVPR_2024"


LINKS = {
    "arxiv": lambda number, rng: f"https://arxiv.org/abs/{2000 + number // 100000:04d}.{number % 100000:05d}",
    "ieee": lambda number, rng: f"https://ieeexplore.ieee.org/document/{10_000_000 + number}",
    "pii": lambda number, rng: f"https://www.sciencedirect.com/science/article/pii/S{number:013d}",
    "springer": lambda number, rng: (
        f"https://link.springer.com/article/10.1007/s11042-{number // 100000:03d}-{number % 100000:05d}-1"
    ),
    "cvf": lambda number, rng: f"https://openaccess.thecvf.com/content/CVPR2024/papers/{_cvf_slug(number)}_paper.pdf",
    "aaai": lambda number, rng: f"https://ojs.aaai.org/index.php/AAAI/article/view/{number}/{number + 1}",
    "openreview": lambda number, rng: f"https://openreview.net/forum?id=Rv{number:08d}",
}
# The same paper behind another link: what contributors really paste.
OTHER_FORMS = {
    "arxiv": lambda url, rng: url.replace("/abs/", "/pdf/") + rng.choice(["", "v2", "v1.pdf"]),
    "ieee": lambda url, rng: rng.choice(
        [
            url.replace("/document/", "/abstract/document/"),
            url.replace("document/", "stamp/stamp.jsp?arnumber="),
            url + "/?denied=",
        ]
    ),
    "pii": lambda url, rng: url.replace("/pii/", "/abs/pii/"),
    "springer": lambda url, rng: rng.choice([url.replace("/article/", "/content/pdf/") + ".pdf", url + "#Sec1"]),
    "cvf": lambda url, rng: url.replace("/papers/", "/html/").replace("_paper.pdf", "_paper.html"),
    "aaai": lambda url, rng: url.rsplit("/", 1)[0],
    "openreview": lambda url, rng: url.replace("/forum?", "/pdf?"),
}


def _exact_copy(generator: Generator, paper: Paper) -> None:
    """Only the venue, code and model cells differ (chosen by ``copy``)."""


def _other_link_form(generator: Generator, paper: Paper) -> None:
    shape = next(iter(paper.ids))
    url = OTHER_FORMS[shape](paper.url, generator.random)
    tracking = generator.random.choice(["", "utm_source=x", ""])
    paper.url = url + ("&" if "?" in url else "?") + tracking if tracking else url


def _casing(generator: Generator, paper: Paper) -> None:
    paper.title = generator.random.choice([str.upper, str.lower, str.title])(paper.title)
    _other_link_form(generator, paper)


def _typo(generator: Generator, paper: Paper) -> None:
    words = paper.title.split()
    candidates = [index for index, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    for index in generator.random.sample(candidates, min(len(candidates), generator.random.randint(1, 2))):
        word, cut = words[index], generator.random.randrange(1, len(words[index]) - 1)
        words[index] = generator.random.choice(
            [
                word[:cut] + word[cut + 1 :],
                word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :],
                word[:cut] + word[cut] + word[cut:],
            ]
        )
    paper.title = " ".join(words)


def _dropped_word(generator: Generator, paper: Paper) -> None:
    words = paper.title.split()
    if len(words) > 6:
        del words[generator.random.randrange(1, len(words))]
    paper.title = " ".join(words)


def _punctuation(generator: Generator, paper: Paper) -> None:
    title = paper.title.replace(" ", "  ", 1).replace("-", generator.random.choice([" ", "‑", "–"]))
    paper.title = title.replace(": ", " : ") if ":" in title else title + "."


def _dropped_name(generator: Generator, paper: Paper) -> None:
    if paper.name:
        paper.title = paper.body
    else:
        _typo(generator, paper)


def _preprint(generator: Generator, paper: Paper) -> None:
    """The arXiv version of a venue paper: another identifier, a year earlier, the same title."""
    if "arxiv" in paper.ids:
        _casing(generator, paper)
        return
    number = generator.fresh()
    paper.url = LINKS["arxiv"](number, generator.random)
    paper.ids = {"arxiv": number}
    paper.year -= generator.random.choice([0, 1])
    paper.venue = "arXiv"


VARIATIONS = (_exact_copy, _other_link_form, _casing, _typo, _dropped_word, _punctuation, _dropped_name, _preprint)


SHAPES = ("table", "json", "yaml")  # the list shapes ``build`` writes: a markdown table, JSON and YAML data


def build(
    size: int, seed: int, *, shape: str = "table", copy_share: float = PLANTED_SHARE, shared_link: int = 0
) -> tuple[str, dict[int, int], set[int]]:
    """A list of ``size`` entries written as ``shape``: its text, line → group of every entry, and the
    near-miss lines. ``copy_share`` of the entries are planted copies; ``shared_link`` entries (distinct
    papers) all link to one page, as lists that point many rows at one survey or project page do."""
    generator = Generator(seed, size)
    sections = max(1, size // ROWS_PER_SECTION)
    planted = int(size * copy_share)
    near = int(size * NEAR_MISS_SHARE)
    papers = [generator.paper(group, generator.random.randrange(sections)) for group in range(size - planted - near)]
    originals = generator.random.sample(papers, planted + near)
    copied = originals[: planted - planted // 10]
    copied += generator.random.choices(copied, k=planted // 10)  # some papers are listed three or four times
    for original in copied:
        moved = generator.random.random() < CROSS_SECTION_SHARE
        papers.append(generator.copy(original, generator.random.randrange(sections) if moved else original.section))
    for original in originals[planted:]:
        papers.append(generator.near_miss(original, original.section))
    for paper in generator.random.sample(papers[: size - planted - near], min(shared_link, size - planted - near)):
        paper.url = SHARED_LINK
    return RENDERERS[shape](papers, sections, generator.random)


def _render_table(papers: list[Paper], sections: int, rng: random.Random) -> tuple[str, dict[int, int], set[int]]:
    by_section: dict[int, list[Paper]] = {number: [] for number in range(sections)}
    for paper in papers:
        by_section[paper.section].append(paper)
    lines = ["# A synthetic awesome list", ""]
    groups: dict[int, int] = {}
    near_misses: set[int] = set()
    for number, members in by_section.items():
        rng.shuffle(members)
        members.sort(key=lambda paper: -paper.year)  # tables are sorted by year, newest first
        lines += [
            f"## Topic {number + 1}",
            "",
            "| Title | Date | Venue | Task | Resource | Model |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for paper in members:
            lines.append(paper.row())
            groups[len(lines)] = paper.group
            if paper.group >= 10_000_000:
                near_misses.add(len(lines))
        lines.append("")
    return "\n".join(lines) + "\n", groups, near_misses


def _render_data(
    papers: list[Paper], rng: random.Random, *, write: Callable[[Paper], list[str]], head: str
) -> tuple[list[str], dict[int, int], set[int]]:
    """A data file's lines: one record per paper (``write`` gives its lines, the title on the first), newest first."""
    ordered = sorted(papers, key=lambda paper: (-paper.year, rng.random()))
    lines = [head] if head else []
    groups: dict[int, int] = {}
    near_misses: set[int] = set()
    for paper in ordered:
        groups[len(lines) + 1] = paper.group
        if paper.group >= 10_000_000:
            near_misses.add(len(lines) + 1)
        lines += write(paper)
    return lines, groups, near_misses


def _json_record(paper: Paper) -> list[str]:
    """The video-anomaly-detection list's ``scripts/data.json`` record, the title on the object's first line."""
    model_link = paper.model[len("[Model](") : -1] if paper.model.startswith("[Model](") else "-"
    record = {
        "Title": paper.title,
        "Link": paper.url,
        "Date": str(paper.year),
        "Venue": paper.venue,
        "Task": ["Video"],
        "Resource": {"Code": paper.code} if paper.code else {},
        "Model": "Model" if paper.model != "-" else "-",
        "ModelLink": model_link or "-",
    }
    fields = json.dumps(record, ensure_ascii=False, indent=2).splitlines()[1:-1]
    return ["  { " + fields[0].strip()] + ["  " + line for line in fields[1:]] + ["  },"]


def _render_json(papers: list[Paper], sections: int, rng: random.Random) -> tuple[str, dict[int, int], set[int]]:
    lines, groups, near = _render_data(papers, rng, write=_json_record, head="[")
    lines[-1] = "  }"  # no comma after the last object
    return "\n".join(lines + ["]"]) + "\n", groups, near


def _yaml_record(paper: Paper) -> list[str]:
    """janosh/awesome-normalizing-flows' ``data/publications.yml`` record: title first, quoted as JSON."""
    lines = [
        f"- title: {json.dumps(paper.title, ensure_ascii=False)}",
        f"  url: {paper.url}",
        f"  date: {paper.year}-0{1 + paper.group % 9}-1{paper.group % 10}",
    ]
    if paper.code:
        lines.append(f"  code: {paper.code}")
    return lines + [f"  description: Published at {paper.venue}.", ""]


def _render_yaml(papers: list[Paper], sections: int, rng: random.Random) -> tuple[str, dict[int, int], set[int]]:
    lines, groups, near = _render_data(papers, rng, write=_yaml_record, head="")
    return "\n".join(lines), groups, near


RENDERERS = {"table": _render_table, "json": _render_json, "yaml": _render_yaml}
# The file name each shape is read under (its dialect follows from the name, as in a real repository).
FILE_NAMES = {"table": "README.md", "json": "scripts/data.json", "yaml": "data/publications.yml"}
SHARED_LINK = "https://github.com/some-lab/awesome-project-page"


def score(findings, groups: dict[int, int]) -> tuple[float, float, int, int]:
    """Recall and precision of the duplicate findings against the planted groups."""
    members: dict[int, int] = {}
    for group in groups.values():
        members[group] = members.get(group, 0) + 1
    expected = sum(count - 1 for count in members.values() if count > 1)
    found: dict[int, int] = {}
    true = 0
    for finding in findings:
        group = groups.get(finding.location.line)
        if finding.related and group is not None and groups.get(finding.related[0].line) == group:
            true += 1
            found[group] = found.get(group, 0) + 1
    recalled = sum(min(count, members[group] - 1) for group, count in found.items())
    return recalled / expected if expected else 1.0, true / len(findings) if findings else 1.0, expected, len(findings)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


@collector.paused()  # as `paper-triage check` and a worker's jobs run
def run_one(size: int, seed: int, lookups: int) -> dict:
    """Every figure for one size (run in its own process)."""
    (text, groups, near_misses), build_s = timed(build, size, seed)
    catalog, parse_s = timed(parse.parse_catalog, {"README.md": text})
    before_check_mb = peak_mb()
    findings, check_s = timed(engine.check, catalog)
    check_mb = peak_mb()
    rule_s = {}
    for rule in checks.ALL_RULES:
        others = frozenset(other.ID for other in checks.ALL_RULES if other.ID != rule.ID)
        _, rule_s[rule.ID] = timed(engine.check, catalog, CheckOptions(disable=others))
    reported = [finding for finding in findings if finding.rule == "duplicate"]
    recall, precision, expected, count = score(reported, groups)
    false_near = sum(
        finding.location.line in near_misses or finding.related[0].line in near_misses
        for finding in reported
        if groups.get(finding.related[0].line) != groups.get(finding.location.line)
    )
    lookup = lookup_figures(catalog, seed, lookups)
    return {
        "size": len(catalog.entries),
        "build_s": build_s,
        "parse_s": parse_s,
        "check_s": check_s,
        "rules_s": rule_s,
        "peak_mb": check_mb,
        "check_extra_mb": check_mb - before_check_mb,
        "recall": recall,
        "precision": precision,
        "planted": expected,
        "reported": count,
        "near_misses": len(near_misses),
        "near_miss_reported": false_near,
        **lookup,
    }


def lookup_figures(catalog, seed: int, lookups: int) -> dict:
    """Build the index once, then time ``find_matches`` for planted variants and for new papers.

    The loaded list is frozen out of the garbage collector's sight first (``gc.freeze``), as a
    long-running process should do after loading: otherwise a lookup now and then pays for a full
    collection pass over the 100k-entry heap (about 0.2 s), which is no part of the lookup."""
    index, index_s = timed(duplicates.PaperIndex, catalog.entries)
    gc.freeze()
    generator = Generator(seed + 1, len(catalog.entries))
    rng = random.Random(seed + 2)
    entries = list(catalog.entries)
    times, hits = [], 0
    for number in range(lookups):
        original = rng.choice(entries)
        if number % 2 == 0:  # an existing paper again, in another form: must be found
            paper = Paper(
                0,
                original.title,
                original.url or "",
                int(original.year or 2024),
                "C-CVPR",
                "",
                "-",
                0,
                ids={_shape(original.url or ""): 0},
            )
            rng.choice(VARIATIONS[1:])(generator, paper)
        else:  # a new paper: nothing should match
            paper = generator.paper(0, 0)
        candidate = parse.parse_catalog({"new.md": _one_row_table(paper)}).entries[0]
        matches, took = timed(duplicates.find_matches, index, candidate)
        times.append(took)
        if number % 2 == 0:
            hits += any(match.entry.line == original.line for match in matches)
    times.sort()
    return {
        "index_s": index_s,
        "lookup_median_ms": statistics.median(times) * 1000,
        "lookup_p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
        "lookup_max_ms": times[-1] * 1000,
        "lookup_found": hits / (lookups - lookups // 2),
    }


def _shape(url: str) -> str:
    for shape, host in (
        ("arxiv", "arxiv.org"),
        ("ieee", "ieee"),
        ("pii", "sciencedirect"),
        ("springer", "springer"),
        ("cvf", "thecvf"),
        ("aaai", "aaai"),
        ("openreview", "openreview"),
    ):
        if host in url:
            return shape
    return "arxiv"


def _one_row_table(paper: Paper) -> str:
    return (
        "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"
        + paper.row()
        + "\n"
    )


def print_table(results: list[dict]) -> None:
    print()
    print(
        "| entries | parse | full check | duplicate rule | peak RSS | index build | lookup median / p95 / max "
        "| recall | precision | near misses reported |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result in results:
        if "error" in result:
            print(f"| {result['size']:,} | {result['error']} | | | | | | | | |")
            continue
        print(
            f"| {result['size']:,} | {result['parse_s']:.2f} s | {result['check_s']:.2f} s "
            f"| {result['rules_s']['duplicate']:.2f} s | {result['peak_mb']:.0f} MB | {result['index_s']:.2f} s "
            f"| {result['lookup_median_ms']:.1f} / {result['lookup_p95_ms']:.1f} / {result['lookup_max_ms']:.1f} ms "
            f"| {result['recall']:.4f} ({result['planted']:,}) | {result['precision']:.4f} ({result['reported']:,}) "
            f"| {result['near_miss_reported']} of {result['near_misses']:,} |"
        )
    print()
    rules = [rule.ID for rule in checks.ALL_RULES]
    print("Each rule alone (seconds): | entries | " + " | ".join(rules) + " |")
    for result in results:
        if "error" not in result:
            print(f"| {result['size']:,} | " + " | ".join(f"{result['rules_s'][rule]:.2f}" for rule in rules) + " |")
    print()
    found = [f"{result['size']:,}: {result['lookup_found']:.3f}" for result in results if "error" not in result]
    print("Lookups of a listed paper in another form that found it: " + ", ".join(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--lookups", type=int, default=LOOKUPS)
    parser.add_argument("--time-limit", type=int, default=TIME_LIMIT, help="seconds per size")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size here, print JSON
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.lookups)))
        return 0
    results = []
    for size in args.sizes:
        command = [
            sys.executable,
            "-m",
            "bench.duplicates",
            "--one",
            str(size),
            "--seed",
            str(args.seed),
            "--lookups",
            str(args.lookups),
        ]
        print(f"{size:,} entries …", file=sys.stderr, flush=True)
        try:
            done = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=args.time_limit, check=True
            )
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        except subprocess.TimeoutExpired:
            results.append({"size": size, "error": f"over {args.time_limit} s"})
        except subprocess.CalledProcessError as error:
            results.append({"size": size, "error": "failed: " + (error.stderr.strip().splitlines() or ["?"])[-1]})
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
