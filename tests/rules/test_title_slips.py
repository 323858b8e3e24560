"""title-link on typing slips in titles: spacing around hyphens and colons and look-alike characters get a
certain fix; capitals get a suggestion; doubled words a note; names, ratios, URLs and suspended hyphens
are left alone. The slips are the shapes met in the bundled list (`Spatio- Temporal`, `DAMS:Dual`,
`Generation : A`, `real‑time` with U+2011, a title in capitals)."""

from __future__ import annotations

import pytest

from rules import engine, parse, typography
from rules.model import Finding

HEADER = "| Title | Date | Venue |\n| --- | --- | --- |\n"


def title_findings(title: str) -> list[Finding]:
    text = HEADER + f"| [{title}](https://arxiv.org/abs/2401.00001) | 2024 | arXiv |\n"
    return [
        finding for finding in engine.check(parse.parse_catalog({"README.md": text})) if finding.rule == "title-link"
    ]


@pytest.mark.parametrize(
    ("title", "fixed"),
    [
        ("Prediction and Spatio- Temporal Relational Modeling", "Prediction and Spatio-Temporal Relational Modeling"),
        ("The Pitfalls of Instruction- following", "The Pitfalls of Instruction-following"),
        ("DAMS:Dual-Branch Adaptive Multiscale Framework", "DAMS: Dual-Branch Adaptive Multiscale Framework"),
        ("Pseudo-Anomaly Generation : A Unified Approach", "Pseudo-Anomaly Generation: A Unified Approach"),
        ("Anomaly detection in real\u2011time video", "Anomaly detection in real-time video"),
        ("Video\u00a0Anomaly Detection", "Video Anomaly Detection"),
        ("Zero\u200bShot Detection\u00ad", "ZeroShot Detection"),
    ],
)
def test_spacing_and_lookalike_slips_get_the_certain_fix(title: str, fixed: str) -> None:
    [finding] = title_findings(title)
    assert finding.message.endswith(f"Write `{fixed}`.")
    assert finding.fix == f"| [{fixed}](https://arxiv.org/abs/2401.00001) | 2024 | arXiv |"


def test_several_slips_are_one_finding_with_one_fix() -> None:
    [finding] = title_findings("DAMS:Dual Spatio- Temporal Model")
    assert "a space after a hyphen (`Spatio- Temporal`), no space after a colon (`DAMS:Dual`)" in finding.message
    assert finding.fix.startswith("| [DAMS: Dual Spatio-Temporal Model](")


@pytest.mark.parametrize(
    "title",
    [
        "Self- and Cross-Attention for Video Anomaly Detection",  # a suspended hyphen is right
        "Pre- or Post-Training Anomaly Scores",
        "Auto-RAG- an autonomous retrieval model",  # a dash as a separator
        "Auto-RAG- Retrieval on Demand",
        "Pre- And Post-Processing",
        "C++ Kernels: A Study",
        "U-Net: 2D-3D Fusion at 1:1 Scale",
        "BERT: Pre-training of Deep Bidirectional Transformers",  # an acronym, not a title in capitals
        "MULDE VAD: Multiscale",
        "Hungry Hungry Hippos: Towards Language Modeling",  # a name, not a doubled word
        "Compute Spent on on-policy Sampling",  # the repeat begins a compound
        "Ratios 16:9 and 4:3 in Video",
        "Mixing at 12:30",
    ],
)
def test_names_ratios_and_suspended_hyphens_are_left_alone(title: str) -> None:
    assert title_findings(title) == []


def test_a_title_in_capitals_gets_a_suggestion_without_a_fix() -> None:
    [finding] = title_findings("ANOMALY DETECTION IN SATELLITE VIDEOS USING DIFFUSION MODELS")
    assert finding.severity == "info" and finding.fix is None
    assert "e.g. `Anomaly Detection in Satellite Videos Using Diffusion Models`" in finding.message


def test_a_doubled_word_is_noted_without_a_fix() -> None:
    [finding] = title_findings("Learning the the Normality of Crowds")
    assert finding.fix is None and "(`the the`)" in finding.message


def test_a_json_title_is_fixed_in_its_field() -> None:
    text = '[\n  {\n    "Title": "DAMS:Dual Framework",\n    "Link": "https://arxiv.org/abs/1",\n    "Date": "2024",\n    "Venue": "arXiv"\n  }\n]\n'
    [finding] = [f for f in engine.check(parse.parse_catalog({"data.json": text})) if f.rule == "title-link"]
    assert '"Title": "DAMS: Dual Framework"' in finding.fix


def test_a_url_in_a_title_keeps_its_colons() -> None:
    assert typography.tidied("Code at https://x.org/AB:Cd")[0] == []


def test_an_invisible_character_is_named_in_the_message() -> None:
    [finding] = title_findings("Anomaly detection in real\u2011time video")
    assert finding.message.startswith(
        "The title has a look-alike hyphen or space character (`real\u2011time`, U+2011 non-breaking hyphen)."
    )
