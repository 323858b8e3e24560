"""Lines split as they are read (``rules.lines``) are ``str.splitlines``' lines, and a splice finds the
change between two texts from them as it did from every line (``rules.splice``): over seeded random texts
and edits, with "\\n" and "\\r\\n" breaks, blank and missing last lines, and odd breaks split whole."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import lines, splice

PIECES = ["| [A paper](https://a.org/1) | 2024 |", "| b |", "", "# Heading", "x" * 70, "’ quoted ’"]


def random_text(rng: random.Random, count: int, ending: str) -> str:
    text = ending.join(rng.choice(PIECES) for _ in range(count))
    return text + ending if rng.random() < 0.7 else text


def random_edit(rng: random.Random, text: str, ending: str) -> str:
    kept = text.splitlines(keepends=True)
    for _ in range(rng.randint(0, 3)):
        at = rng.randint(0, len(kept))
        if rng.random() < 0.5 and at < len(kept):
            del kept[at]
        else:
            kept.insert(at, rng.choice(PIECES) + ending)
    return "".join(kept)


@pytest.fixture(params=[(64, 1 << 16), (3, 100)], ids=["chunks", "small-chunks"])
def chunks(request, monkeypatch):
    """The module's chunk sizes, and small ones so that every text is read over many chunks."""
    monkeypatch.setattr(lines, "CHUNK_LINES", request.param[0])
    monkeypatch.setattr(lines, "CHUNK_CHARS", request.param[1])


def naive_prefix(first: str, second: str) -> int:
    return next(
        (index for index, pair in enumerate(zip(first, second)) if pair[0] != pair[1]), min(len(first), len(second))
    )


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_lines_read_in_any_order_are_splitlines(seed, ending, chunks):
    rng = random.Random(seed)
    text = random_text(rng, rng.randint(0, 400), ending)
    around = rng.randint(0, len(text))
    split = lines.TextLines(text, text.count("\n", 0, around), text.rfind("\n", 0, around) + 1)
    expected = text.splitlines()
    assert len(split) == len(expected)
    for index in rng.sample(range(len(expected)), min(len(expected), 60)):
        assert split[index] == expected[index]
    assert split[:] == expected and list(split) == expected


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_the_change_is_found_as_from_every_line(seed, ending, chunks):
    rng = random.Random(seed)
    base = random_text(rng, rng.randint(0, 300), ending)
    head = random_edit(rng, base, ending)
    prefix = lines.common_prefix(base, head)
    assert prefix == naive_prefix(base, head)
    limit = min(len(base), len(head)) - prefix
    assert lines.common_suffix(base, head, limit) == min(naive_prefix(base[::-1], head[::-1]), limit)
    every = splice._changed_lines(base.splitlines(), head.splitlines(), 0, 0)
    assert splice._lines_and_change(base, head)[2] == every


@pytest.mark.parametrize("odd", ["\r", "\x0c", "\u2028"])
def test_a_text_with_odd_breaks_is_split_whole(odd):
    base = "a\nb\nc\n"
    head = f"a\nb{odd}x\nc\n"
    base_lines, head_lines, change = splice._lines_and_change(base, head)
    assert head_lines == head.splitlines() and isinstance(head_lines, list)
    assert change == splice._changed_lines(base.splitlines(), head.splitlines(), 0, 0)
    assert not lines.plain_breaks(head) and lines.plain_breaks("a\r\nb\n")


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", "\u2028"])
def test_lines_split_a_chunk_at_a_time_are_splitlines(seed, ending, chunks):
    text = random_text(random.Random(seed), random.Random(seed).randint(0, 400), ending)
    assert list(lines.iter_lines(text)) == text.splitlines()


@given(st.text(alphabet="ab’\n", max_size=40), st.text(alphabet="ab’\n", max_size=40))
def test_two_short_texts_start_and_end_alike_as_compared_character_by_character(first: str, second: str) -> None:
    prefix = lines.common_prefix(first, second)
    assert prefix == naive_prefix(first, second)
    limit = min(len(first), len(second)) - prefix
    assert lines.common_suffix(first, second, limit) == min(naive_prefix(first[::-1], second[::-1]), limit)
