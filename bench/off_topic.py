"""How well the off-topic note tells a planted paper from a list's own: recall on titles planted from a
list about something else, and the share of the list's own titles that would be flagged were they added
to the rest. A measurement to read, not a test.

    .venv/bin/python -m bench.off_topic                       # the lists under /work/shared/lists
    .venv/bin/python -m bench.off_topic --lists DIR

Each list is read with ``rules.parse``; a file its dialect reader does not read yet (fewer than 20
entries) gives its titles through a rough harvest of bold text, YAML titles and link-item titles, so the
model is measured on every list. Titles are planted only from lists whose subjects do not overlap
(``SUBJECTS``): anomaly detection papers planted into a video anomaly detection list are not off-topic.
Then the real contributions in ``more/*/cases/`` (commits that added papers): how many of the titles a
commit added would have been noted against the list as it was before.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from rules import parse, subject
from rules.dialects import UnreadableList

SHARED = Path("/work/shared/lists")
PLANTED_PER_LIST = 150
# What each shared list is about; a list lends titles only to lists with none of its subjects. A list
# of every machine-learning topic (dair-ai) overlaps all of them.
SUBJECTS = {
    "video-anomaly-detection": {"anomaly", "video"},
    "hoya012__awesome-anomaly-detection": {"anomaly"},
    "yzhao062__anomaly-detection-resources": {"anomaly"},
    "Yangzhangcst__Transformer-in-Computer-Vision": {"vision", "anomaly", "video"},
    "amusi__CVPR2024-Papers-with-Code": {"vision", "anomaly", "video", "generative"},
    "diff-usion__Awesome-Diffusion-Models": {"generative", "vision"},
    "janosh__awesome-normalizing-flows": {"generative"},
    "Hannibal046__Awesome-LLM": {"language"},
    "dair-ai__ML-Papers-of-the-Week": {"anomaly", "video", "vision", "generative", "language"},
}
HARVEST = (
    re.compile(r"\*\*([^*\[(\n][^*\n]{14,250}?)\*\*"),  # **Title**
    re.compile(r"(?m)^\s*-?\s*title:\s*['\"]?(.+?)['\"]?\s*$"),  # YAML title:
    re.compile(r"(?m)^\s*- \([^)]*\d{4}[^)]*\)\s*(.+?),\s*\[\["),  # - (arXiv 2022.06) Title, [[
    re.compile(r"(?m)^\s*- (.{15,250}?) \| \*\*\["),  # - Title | **[CVPR' 18]**
    re.compile(r"(?m)^(?:\S+ {2,})?(\S.{14,120}?) {2,}\S.*? (?:19|20)\d\d +\[#"),  # rst: Title  Venue  Year  [#ref]
)


def list_titles(files: list[Path]) -> list[str]:
    titles: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            entries = parse.parse_document(str(path), text).entries
        except UnreadableList:
            entries = ()
        read = [entry.title for entry in entries]
        titles += read if len(read) >= subject.MIN_TITLES else _harvest(text)
    return titles


def _harvest(text: str) -> list[str]:
    return [title.strip() for pattern in HARVEST for title in pattern.findall(text) if len(title.split()) >= 3]


def list_files(folder: Path) -> list[Path]:
    """A list's files: markdown, reStructuredText and YAML (a README generated from a data file repeats
    its titles: the data file is read, not the generated ``readme.md``)."""
    files = (path for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix in (".md", ".rst", ".yml"))
    return [path for path in files if path.name != "readme.md"]


def shared_lists(root: Path) -> dict[str, list[str]]:
    found = {"video-anomaly-detection": [root / "video-anomaly-detection" / "README.md"]}
    for snapshot in sorted(root.glob("more/*/snapshot")):
        found[snapshot.parent.name] = list_files(snapshot)
    return {name: list_titles(files) for name, files in found.items() if name in SUBJECTS}


def planted_for(target: str, titles: dict[str, list[str]]) -> list[str]:
    donors = [name for name in titles if not SUBJECTS[name] & SUBJECTS[target]]
    return [title for name in donors for title in titles[name][:: max(1, len(titles[name]) // PLANTED_PER_LIST)]]


def real_additions(root: Path) -> tuple[int, list[str]]:
    """How many titles the shared cases' commits added to a list with a subject, and those noted."""
    added_count, noted = 0, []
    for case in sorted(root.glob("more/*/cases/*")):
        before = list_titles(list_files(case / "base"))
        model = subject.subject_of(before)
        if model is None:
            continue
        known = set(before)
        added = [title for title in dict.fromkeys(list_titles(list_files(case / "head"))) if title not in known]
        added_count += len(added)
        noted += [f"{case.parent.parent.name} {case.name}: {title}" for title in added if model.is_off_topic(title)]
    return added_count, noted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=SHARED, help="the shared lists' directory")
    args = parser.parse_args(argv)
    if not (args.lists / "video-anomaly-detection" / "README.md").is_file():
        print(f"no shared lists under {args.lists}: nothing to measure")
        return 0
    titles = shared_lists(args.lists)
    print(f"{'list':44} {'titles':>6} {'floor':>6} {'planted':>7} {'recall':>6} {'own flagged':>11}")
    for name, own in titles.items():
        model = subject.subject_of(own)
        planted = planted_for(name, titles)
        if model is None or not planted:
            print(f"{name:44} {len(own):6}  (too few titles, or no list about something else to plant from)")
            continue
        recall = sum(model.is_off_topic(title) for title in planted) / len(planted)
        flagged = len(model.own_outliers())
        print(
            f"{name:44} {len(own):6} {model.floor:6.3f} {len(planted):7} {recall:6.2f} "
            f"{flagged:4} ({flagged / len(own):5.1%})"
        )
    added, noted = real_additions(args.lists)
    print(f"\nreal contributions (more/*/cases): {len(noted)} of {added} added titles noted")
    for line in noted:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
