"""cells on one code link given for several papers: a placeholder only where the evidence says so — a
branch root (the bundled list's `vt-le/VideoAnomalyDection/blob/main` for three papers), the list's own
repository, or papers whose titles share no distinctive word. A model and its v2, or checkpoints
released together, share their repository rightly and get nothing."""

from __future__ import annotations

from rules import engine, parse
from rules.model import Finding
from tests.conftest import LIST_DIR

HEADER = "# [Awesome Video Anomaly Detection](https://github.com/jdoe/awesome-vad)\n\n| Title | Date | Code |\n| --- | --- | --- |\n"
# Real titles of the bundled list give the list its common words (video, anomaly, detection, …).
FILLER = [entry.title for entry in parse.parse_document("README.md", (LIST_DIR / "README.md").read_text()).entries][:60]


def shared_code_findings(*rows: tuple[str, str]) -> list[Finding]:
    filler = [f"| [{title}](https://arxiv.org/abs/2401.{n:05}) | 2024 | - |" for n, title in enumerate(FILLER)]
    added = [
        f"| [{title}](https://arxiv.org/abs/2502.{n:05}) | 2025 | [code]({url}) |"
        for n, (title, url) in enumerate(rows)
    ]
    catalog = parse.parse_catalog({"README.md": HEADER + "\n".join(filler + added) + "\n"})
    return [f for f in engine.check(catalog) if f.rule == "cells" and "also given for" in f.message]


def test_a_model_and_its_v2_share_their_repository_quietly() -> None:
    assert (
        shared_code_findings(
            (
                "VadCLIP: Adapting Vision-Language Models for Weakly Supervised Video Anomaly Detection",
                "https://github.com/nwpu/VadCLIP",
            ),
            (
                "VadCLIP++: Dynamic Vision-Language Model for Weakly Supervised Video Anomaly Detection",
                "https://github.com/nwpu/VadCLIP",
            ),
        )
        == []
    )


def test_checkpoints_released_together_share_their_repository_quietly() -> None:
    assert (
        shared_code_findings(
            ("LLaMA: Open and Efficient Foundation Language Models", "https://github.com/meta/llama"),
            ("Llama 2: Open Foundation and Fine-Tuned Chat Models", "https://github.com/meta/llama"),
        )
        == []
    )


def test_papers_with_nothing_in_common_are_told_why() -> None:
    findings = shared_code_findings(
        ("Memory-augmented Autoencoders for Video Anomaly Detection", "https://github.com/jdoe/mem-ae"),
        ("Skeleton Graph Transformers for Crowd Surveillance", "https://github.com/jdoe/mem-ae"),
    )
    assert len(findings) == 2
    assert "and the two titles share no distinctive word" in findings[0].message


def test_only_the_odd_paper_out_is_reported_in_a_family() -> None:
    findings = shared_code_findings(
        (
            "VadCLIP: Adapting Vision-Language Models for Weakly Supervised Video Anomaly Detection",
            "https://github.com/nwpu/VadCLIP",
        ),
        (
            "VadCLIP++: Dynamic Vision-Language Model for Weakly Supervised Video Anomaly Detection",
            "https://github.com/nwpu/VadCLIP",
        ),
        ("Skeleton Graph Transformers for Crowd Surveillance", "https://github.com/nwpu/VadCLIP"),
    )
    assert [f.message.split("“")[0] for f in findings] == [
        "The code link `https://github.com/nwpu/VadCLIP` is also given for a different paper, "
    ]
    assert len(findings[0].related) == 2


def test_a_branch_root_is_a_placeholder_even_for_a_family() -> None:
    findings = shared_code_findings(
        ("VadCLIP: Adapting Vision-Language Models", "https://github.com/nwpu/VadCLIP/blob/main"),
        ("VadCLIP++: Dynamic Vision-Language Model", "https://github.com/nwpu/VadCLIP/blob/main"),
    )
    assert len(findings) == 2 and "points to a whole branch" in findings[0].message


def test_the_lists_own_repository_is_a_placeholder() -> None:
    findings = shared_code_findings(
        ("VadCLIP: Adapting Vision-Language Models", "https://github.com/jdoe/awesome-vad"),
        ("VadCLIP++: Dynamic Vision-Language Model", "https://github.com/jdoe/awesome-vad"),
    )
    assert len(findings) == 2 and "this list's own repository" in findings[0].message


def test_the_bundled_lists_placeholder_is_still_found() -> None:
    catalog = parse.parse_catalog({"README.md": (LIST_DIR / "README.md").read_text()})
    lines = [f.location.line for f in engine.check(catalog) if f.rule == "cells" and "also given for" in f.message]
    assert lines == [74, 132, 143]


def test_a_real_model_family_shares_its_repository_quietly() -> None:
    # The list's early history: PixArt-α and PIXART-δ both link github.com/PixArt-alpha/PixArt-alpha.
    head = LIST_DIR / "history" / "004-46ca165" / "head"
    catalog = parse.parse_catalog({name: (head / name).read_text() for name in ("README.md", "data.json")})
    pixart = [entry for entry in catalog.entries if "pixart" in entry.title.lower()]
    assert len(pixart) == 4  # two papers, in the README and in data.json
    assert [f for f in engine.check(catalog) if f.rule == "cells" and "also given for" in f.message] == []


def _blocks(*papers: tuple[str, str, str]) -> list[Finding]:
    """Paper blocks (title, authors, links) after the bundled list's titles as plain items."""
    filler = [f"- [{title}](https://arxiv.org/abs/2401.{n:05})" for n, title in enumerate(FILLER)]
    blocks = [
        f"**{title}** \\\n*{authors}* \\\narXiv 2022. [[Paper](https://arxiv.org/abs/2207.{n:05})] [[Github]({url})]"
        for n, (title, authors, url) in enumerate(papers)
    ]
    catalog = parse.parse_catalog(
        {"README.md": "# Papers\n\n" + "\n".join(filler) + "\n\n" + "\n\n".join(blocks) + "\n"}
    )
    return [f for f in engine.check(catalog) if f.code == "cells/shared-code"]


def test_papers_of_one_group_share_their_repository_quietly_whatever_their_titles() -> None:
    repo = "https://github.com/CompVis/latent-diffusion"
    ldm = ("High-Resolution Image Synthesis with Latent Models", "Robin Rombach, Andreas Blattmann, Björn Ommer", repo)
    rdm = ("Text-Guided Artistic Images with Retrieval-Augmented Models", "Robin Rombach, Björn Ommer", repo)
    assert _blocks(ldm, rdm) == []
    strangers = ("Text-Guided Artistic Images with Retrieval-Augmented Models", "Jane Doe, John Roe", repo)
    assert len(_blocks(ldm, strangers)) == 2


def test_a_repository_named_for_one_paper_is_that_papers_and_only_the_other_is_told() -> None:
    initials = shared_code_findings(  # the start of the title's initials
        ("Class-attention Video Transformer for Engagement Intensity Prediction", "https://github.com/ai/cavt"),
        ("Efficient Attention-free Video Shift Transformers", "https://github.com/ai/cavt"),
    )
    assert [f.location.line for f in initials] == [66]
    named = shared_code_findings(
        ("VPTR: Efficient Transformers for Video Prediction", "https://github.com/xy/VPTR"),
        ("Memory-augmented Autoencoders for Crowd Surveillance", "https://github.com/xy/VPTR"),
    )
    assert [f.location.line for f in named] == [66]  # one of the title's words


def test_a_later_version_under_a_new_title_shares_its_repository_quietly() -> None:
    assert (
        shared_code_findings(
            # Every word is common in the list: only that one title holds the other's words ties them
            ("Weakly Supervised Video Anomaly Detection", "https://github.com/xy/toolkit"),
            ("SVAD: Video Anomaly Detection, Weakly Supervised", "https://github.com/xy/toolkit"),
        )
        == []
    )
