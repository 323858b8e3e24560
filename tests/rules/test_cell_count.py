"""A row with one cell too many: the extra cell is named and dropped when certain; a `|` is blamed only when
it really splits a title or link."""

from __future__ import annotations

from rules.dialects.markdown import parse_markdown

HEADER = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"
GOOD = [
    "| [Alpha paper on anomalies](https://arxiv.org/abs/2401.00001) | 2024 | C-CVPR | ![](./assets/video.svg) | - | - |",
    "| [Beta paper on anomalies](https://arxiv.org/abs/2401.00002) | 2024 | C-ICCV | ![](./assets/video.svg) | [![](./assets/code.svg)](https://github.com/o/r) | - |",
]


def problems(row: str) -> list:
    document = parse_markdown("README.md", HEADER + "\n".join([*GOOD, row]) + "\n")
    return [problem for problem in document.problems if problem.kind == "cell-count"]


def test_an_extra_dash_after_the_venue_is_named_and_removed() -> None:
    row = "| [Gamma paper on anomalies](https://arxiv.org/abs/2401.00003) | 2024 | C-CVPR | - | ![](./assets/video.svg) | - | - |"
    [problem] = problems(row)
    assert "The extra cell is the `-` after the Venue cell (cell 4); remove it." in problem.message
    assert problem.fix == (
        "| [Gamma paper on anomalies](https://arxiv.org/abs/2401.00003) | 2024 | C-CVPR | "
        "![](./assets/video.svg) | - | - |"
    )


def test_a_pipe_inside_a_title_is_blamed_only_there() -> None:
    row = "| [Delta | a paper on anomalies](https://arxiv.org/abs/2401.00004) | 2024 | C-CVPR | ![](./assets/video.svg) | - | - |"
    [problem] = problems(row)
    assert "it splits cell 1" in problem.message and problem.fix is None


def test_an_extra_cell_with_text_is_not_removed() -> None:
    row = "| [Eta paper on anomalies](https://arxiv.org/abs/2401.00005) | 2024 | C-CVPR | Oral | ![](./assets/video.svg) | - | - |"
    [problem] = problems(row)
    assert problem.fix is None and "otherwise remove the extra cell" in problem.message


def test_a_short_row_is_asked_to_fill_every_column() -> None:
    [problem] = problems("| [Zeta paper on anomalies](https://arxiv.org/abs/2401.00006) | 2024 | C-CVPR | - |")
    assert problem.message.endswith("Fill in every column (write `-` for an empty one).") and problem.fix is None
