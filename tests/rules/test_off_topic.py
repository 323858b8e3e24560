"""off-topic: a paper added to a list about something else gets a note; the list's own papers, papers on
its subject with words it has not used yet, full checks and small lists stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import engine, parse, subject
from rules.checks import off_topic
from rules.model import Finding, Location, Severity
from tests.conftest import LIST_DIR

README = (LIST_DIR / "README.md").read_text(encoding="utf-8")
PLANTED = (Path(__file__).parent.parent / "fixtures" / "lists" / "off-topic" / "planted.txt").read_text().splitlines()
ON_TOPIC = (
    "Weakly Supervised Violence Detection in Surveillance Videos",  # words the list has, one it has not
    "Abnormal Event Detection in Crowded Scenes",
    "Skeleton-based Anomaly Detection for Pedestrians",
    "UCF-Crime: Real-world Anomaly Detection in Surveillance Videos",
)


def row(title: str) -> str:
    return f"| [{title}](https://arxiv.org/abs/2501.00001) | 2025 | arXiv | ![](./assets/video.svg) | - | - |"


def review_notes(titles: list[str] | tuple[str, ...], text: str = README) -> list[Finding]:
    """The off-topic notes on rows with ``titles`` added at the end of the list's first table."""
    lines = text.splitlines()
    first_table_end = next(
        index
        for index, line in enumerate(lines)
        if line.startswith("| [") and not (lines[index + 1 :] or [""])[0].startswith("| [")
    )
    head = "\n".join(lines[: first_table_end + 1] + [row(title) for title in titles] + lines[first_table_end + 1 :])
    catalog = parse.parse_catalog({"README.md": head})
    targets = tuple(entry for entry in catalog.entries if entry.title in titles)
    return [finding for finding in engine.check(catalog, targets=targets) if finding.rule == off_topic.ID]


def test_papers_from_lists_about_other_things_get_a_note_each() -> None:
    notes = review_notes(PLANTED)
    assert len(notes) == len(PLANTED)
    assert {note.severity for note in notes} == {Severity.INFO}


def test_the_note_names_the_closest_titles_and_how_far_off_it_is() -> None:
    [note] = review_notes(["Scalable Diffusion Models with Transformers"])
    assert note.message.startswith("This title shares only `diffusion`, `transformers` with what this list is about (")
    assert "The closest titles here: `" in note.message and "(README.md:" in note.message
    assert "Diffusion" in note.message.split("closest titles here:")[1]  # the list's diffusion-based papers


def test_a_title_sharing_no_word_says_so() -> None:
    [note] = review_notes(["Protein Folding with Equivariant Kernels"])
    assert note.message.startswith("This title shares no word with what this list is about")


@pytest.mark.parametrize("title", ON_TOPIC)
def test_papers_on_the_subject_are_quiet(title: str) -> None:
    assert review_notes([title]) == []


def test_the_lists_own_papers_would_all_pass_as_additions() -> None:
    titles = [entry.title for entry in parse.parse_document("README.md", README).entries]
    assert subject.subject_of(titles).own_outliers() == []


def test_a_subject_keeps_its_titles_and_makes_their_vectors_only_to_name_the_closest() -> None:
    titles = [entry.title for entry in parse.parse_document("README.md", README).entries]
    subject._subject.cache_clear()  # another test's subject of the same titles has made its vectors
    model = subject.subject_of(titles)
    assert model is not None and "vectors" not in vars(model)
    assert model.vectors == tuple(subject.features(title) for title in titles)
    nearest, score = model.closest(titles[3])[0]
    assert score == pytest.approx(1.0) and subject.features(titles[nearest]) == subject.features(titles[3])


def test_a_full_check_says_nothing() -> None:
    head = README + "\n".join(row(title) for title in PLANTED)
    assert [f for f in engine.check(parse.parse_catalog({"README.md": head})) if f.rule == off_topic.ID] == []


def test_a_list_too_small_to_have_a_subject_is_not_judged() -> None:
    small = "| Title | Date |\n| --- | --- |\n" + "\n".join(
        f"| [Video Anomaly Detection {n}](https://arxiv.org/abs/2501.0000{n}) | 2024 |" for n in range(5)
    )
    assert subject.subject_of([f"Video Anomaly Detection {n}" for n in range(5)]) is None
    assert review_notes(PLANTED[:1], small) == []


def test_titles_without_words_count_for_nothing() -> None:
    assert subject.words("2024: A-B 3D (v2) of the") == ["3d", "v2"]
    assert subject.features("2024") == {}


def note_at(line: int) -> Finding:
    return Finding(off_topic.ID, Severity.INFO, "…", Location("README.md", line))


def test_the_summary_calls_out_many_off_topic_additions_only() -> None:
    assert off_topic.summary_note([note_at(1), note_at(2)], papers=2) is None  # fewer than three
    assert off_topic.summary_note([note_at(1), note_at(2), note_at(3)], papers=10) is None  # a small share
    assert off_topic.summary_note([note_at(n) for n in range(3)], papers=4) == (
        "3 of the 4 added papers look unrelated to this list's subject (see the notes); "
        "please check they were meant for this list."
    )
    assert off_topic.summary_note([note_at(n) for n in range(3)], papers=3).startswith(
        "All 3 added papers look unrelated"
    )


def test_a_title_sharing_no_word_names_no_closest_title() -> None:
    [note] = review_notes(["Protein Folding with Equivariant Kernels"])
    assert "closest" not in note.message
