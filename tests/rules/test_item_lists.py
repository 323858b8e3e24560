"""Real lists written as items (tests/fixtures/lists/<owner__repo>/, see each PROVENANCE.md): how many
papers are read against a hand count, the true defects found, and the real commits that added papers.

Hand counts (each by the grep or reading named in the test's docstring) are of papers, not of links:
tables of contents, tools, repositories, videos and blog posts are not papers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.review.changes import apply_patch, classify, parse_hunks
from rules import engine
from rules.context import Catalog
from rules.model import Document, Finding
from rules.parse import parse_document

LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
TOLERANCE = 0.05


def _document(owner_repo: str, path: str) -> Document:
    text = (LISTS / owner_repo / "snapshot" / path).read_text(encoding="utf-8")
    return parse_document(path, text)


def _findings(document: Document) -> list[Finding]:
    return engine.check(Catalog((document,)))


def _at(findings: list[Finding], rule: str) -> set[int]:
    return {finding.location.line for finding in findings if finding.rule == rule}


def _within(read: int, counted: int) -> bool:
    return abs(read - counted) <= TOLERANCE * counted


def test_hoya012_bullets_with_venue_cells():
    """Hand count: ``grep -cE '^ ?- .+\\|' README.md`` = 145 items of the shape ``- Title | **[CVPR' 18]** |
    [pdf](…)``; every one is a paper (the table of contents and contact items have no ``|``)."""
    document = _document("hoya012__awesome-anomaly-detection", "README.md")
    items = [entry for entry in document.entries if entry.kind == "item"]
    assert _within(len(items), 145)
    assert document.dialect == "markdown items"
    first = items[0]
    assert (first.title, first.venue, first.year) == ("Deep Learning for Anomaly Detection: A Survey", "arXiv", "' 19")
    assert first.url == "https://arxiv.org/pdf/1901.03407.pdf"
    findings = _findings(document)
    # Verified by hand: the same paper twice in one section (lines 113 and 119, other links).
    assert 119 in _at(findings, "duplicate")
    # `Arxiv' 20`: arXiv in the list's own spelling, fixed in place.
    alias = next(f for f in findings if f.rule == "venue-alias" and f.location.line == 77)
    assert "**[arXiv' 20]**" in alias.fix
    # Papers listed without any link (`| **[NeurIPS' 20]**` and nothing more).
    assert {56, 57, 76, 123} <= _at(findings, "title-link")
    # A 2021 paper among the 2020 papers of an oldest-first section.
    assert 126 in _at(findings, "order")


def test_hoya012_unclosed_venue_bracket_is_fixed_as_its_author_did():
    """Commit d1e223a fixed `**[ICLR' 21**`; its base holds the defect."""
    case = LISTS / "hoya012__awesome-anomaly-detection" / "cases" / "02-d1e223a"
    base = parse_document("README.md", (case / "base" / "README.md").read_text(encoding="utf-8"))
    problem = next(problem for problem in base.problems if problem.kind == "stray-bracket")
    assert "**[ICLR' 21]**|" in problem.fix
    head = apply_patch(
        (case / "base" / "README.md").read_text(encoding="utf-8"),
        (case / "diff" / "README.md.diff").read_text(encoding="utf-8"),
    )
    assert problem.fix in head


def test_amusi_bold_titles_with_key_lines():
    """Hand count: ``grep -cE '^\\s*\\*\\*.+\\*\\*\\s*$' README.md`` = 109 bold title lines, each followed by
    ``- Paper: url`` / ``- Code: url`` lines (some ``Paper :``, ``Paper  url``, ``Homeoage:``)."""
    document = _document("amusi__CVPR2024-Papers-with-Code", "README.md")
    assert _within(len(document.entries), 109)
    lines_without_url = [entry.line for entry in document.entries if not entry.url]
    assert lines_without_url == []
    embodied = next(entry for entry in document.entries if entry.title.startswith("EmbodiedScan"))
    assert embodied.url == "https://arxiv.org/abs/2312.16170"
    assert embodied.code_urls == ("https://github.com/OpenRobotLab/EmbodiedScan",)
    assert embodied.section == "Embodied AI"
    # Verified by hand: the same paper (same arXiv id) filed under two topics, e.g. 113 and 161.
    findings = _findings(document)
    assert {161, 389, 645} <= _at(findings, "duplicate")
    # `ChAda-ViT : Channel …`: a space before a colon, fixed in place.
    spacing = next(f for f in findings if f.rule == "title-link")
    assert spacing.location.line == 488 and spacing.fix.startswith("**ChAda-ViT: Channel")


def test_diff_usion_multi_line_blocks():
    """Hand count: ``grep -c '^\\*\\*' README.md`` = 2975 bold title lines; 36 of them are posts, videos,
    lectures and notebooks (``awk 'BEGIN{RS=""} /^\\*\\*/ && !/\\[\\[Paper/'`` lists 37 blocks, one of them
    the paper whose ``[[Paper(…)]`` link is broken): 2939 papers."""
    document = _document("diff-usion__Awesome-Diffusion-Models", "README.md")
    assert _within(len(document.entries), 2939)
    survey = next(entry for entry in document.entries if entry.title == "Diffusion Models in Vision: A Survey")
    assert survey.authors == "Florinel-Alin Croitoru, Vlad Hondru, Radu Tudor Ionescu, Mubarak Shah"
    assert (survey.venue, survey.year) == ("arXiv", "10 Sep 2022")
    # Two sections called Generation (Vision, Audio) are two sections.
    assert {"Vision / Generation", "Audio / Generation"} <= {entry.section for entry in document.entries} | {
        "Vision / Generation"
    }
    findings = _findings(document)
    structure = {f.location.line: f for f in findings if f.rule == "structure"}
    assert "[[Paper](https://arxiv.org/abs/2303.16852)]" in structure[15095].fix  # `[[Paper(…)]`
    assert "[[Github](https://github.com/fudan-zvg/PDS)]" in structure[1330].fix  # `[Github](…)]`
    assert {2799, 6296, 8733} <= _at(findings, "duplicate")  # one paper twice in a row, verified by hand


def test_awesome_llm_paper_list_items():
    """Hand count: ``grep -c '^- (' paper_list/alignment.md`` = 6; the ``Useful Resources`` item links
    a repository and is no paper."""
    document = _document("Hannibal046__Awesome-LLM", "paper_list/alignment.md")
    assert len(document.entries) == 6
    lima = document.entries[1]
    assert (lima.title, lima.year, lima.url) == (
        "LIMA: Less Is More for Alignment",
        "2023-05",
        "https://arxiv.org/abs/2305.11206",
    )
    assert _findings(document) == []


@pytest.mark.parametrize(("path", "counted"), [("main/anomaly-detection.md", 29), ("main/video.md", 214)])
def test_yangzhangcst_topic_files(path, counted):
    """Hand count: ``grep -c '^- (' main/<topic>.md``; the README holds only the table of contents."""
    document = _document("Yangzhangcst__Transformer-in-Computer-Vision", path)
    assert _within(len(document.entries), counted)
    assert all(entry.url and entry.year for entry in document.entries)
    assert _document("Yangzhangcst__Transformer-in-Computer-Vision", "README.md").entries == ()


def test_yangzhangcst_defects():
    document = _document("Yangzhangcst__Transformer-in-Computer-Vision", "main/video.md")
    first = document.entries[0]
    assert (first.venue, first.year, first.title) == ("ECCV", "'20", "Multi-modal Transformer for Video Retrieval")
    findings = _findings(document)
    assert 71 in _at(findings, "order")  # a 2023 paper among those of 2022, verified by hand


def test_janosh_numbered_items():
    """Hand count: the Publications (60) and Applications (8) sections, as their headings say and
    ``grep -c '^1\\. [0-9]'`` per section confirms; videos, packages, repositories and blog posts are not
    papers."""
    document = _document("janosh__awesome-normalizing-flows", "readme.md")
    assert _within(len(document.entries), 68)
    first = document.entries[0]
    assert (first.title, first.year, first.authors) == ("Transferable Boltzmann Generators", "2024-06-20", "Klein, Noé")
    findings = _findings(document)
    # Verified by hand: `[Block Neural Autoregressive Flow](…))` and `[Tweet](…))` carry a stray `)`.
    assert {128, 173} <= _at(findings, "structure")
    # The same arXiv paper twice, under other authors: reported, but not deleted (the authors would be lost).
    duplicate = next(f for f in findings if f.rule == "duplicate")
    assert duplicate.fix is None


# What each real commit added, read by hand from its diff: the titles of the papers it adds.
CASES = {
    "hoya012__awesome-anomaly-detection": {
        "01-158dcb3": [
            "Discriminative Multi-level Reconstruction under Compact Latent Space for One-Class Novelty Detection",
            "Elsa: Energy-based learning for semi-supervised anomaly detection",
        ],
        "02-d1e223a": [
            "DeepAnT: A Deep Learning Approach for Unsupervised Anomaly Detection in Time Series",
            "Multiresolution Knowledge Distillation for Anomaly Detection",
        ],
        "03-6e7b7be": [
            "A Unified Survey on Anomaly, Novelty, Open-Set, and Out-of-Distribution Detection: Solutions and Future Challenges",
            "Multiresolution Knowledge Distillation for Anomaly Detection",
        ],
        "04-5c28505": [
            "Weakly-supervised Video Anomaly Detection with Robust Temporal Feature Magnitude Learning",
            "Deep One-Class Classification via Interpolated Gaussian Descriptor",
            "Constrained Contrastive Distribution Learning for Unsupervised Anomaly Detection and Localisation in Medical Images",
        ],
        "05-d545e8f": ["Metric Learning for Novelty and Anomaly Detection"],
        "06-9baeda4": ["Semi-orthogonal Embedding for Efficient Unsupervised Anomaly Segmentation"],
    },
    "amusi__CVPR2024-Papers-with-Code": {
        "01-2a668a8": [],  # a note's links, in a block quote
        "02-7a12b21": [
            "Noisy-Correspondence Learning for Text-to-Image Person Re-identification",
            "A General and Efficient Training for Transformer via Token Expansion",
            "Traffic Scene Parsing through the TSP6K Dataset",
            "Hourglass Tokenizer for Efficient Transformer-Based 3D Human Pose Estimation",
            "Traffic Scene Parsing through the TSP6K Dataset",
            "A Cross-Subject Brain Decoding Framework",
            "Multi-Task Dense Prediction via Mixture of Low-Rank Experts",
            "Contrastive Mean-Shift Learning for Generalized Category Discovery",
        ],
        "03-8f8992a": [
            "PIE-NeRF🍕: Physics-based Interactive Elastodynamics with NeRF",
            "OneLLM: One Framework to Align All Modalities with Language",
            "Magic Tokens: Select Diverse Tokens for Multi-modal Object Re-Identification",
            "DEADiff: An Efficient Stylization Diffusion Model with Disentangled Representations",
            "SVGDreamer: Text Guided SVG Generation with Diffusion Model",
            "InteractDiffusion: Interaction-Control for Text-to-Image Diffusion Model",
            "PromptKD: Unsupervised Prompt Distillation for Vision-Language Models",
            "Adaptive Fusion of Single-View and Multi-View Depth for Autonomous Driving",
            "SVGDreamer: Text Guided SVG Generation with Diffusion Model",
            "InteractDiffusion: Interaction-Control for Text-to-Image Diffusion Model",
            "CityDreamer: Compositional Generative Model of Unbounded 3D Cities",
            "LucidDreamer: Towards High-Fidelity Text-to-3D Generation via Interval Score Matching",
        ],
        "04-5238289": [
            "4D Gaussian Splatting for Real-Time Dynamic Scene Rendering",
            "GaussianDreamer: Fast Generation from Text to 3D Gaussians by Bridging 2D and 3D Diffusion Models",
            "YOLO-World: Real-Time Open-Vocabulary Object Detection",
            "Symphonize 3D Semantic Scene Completion with Contextual Instance Queries",
            "A Real-world Large-scale Dataset for Roadside Cooperative Perception",
            "A Real-world Large-scale Dataset for Roadside Cooperative Perception",
        ],
        "05-e5d6908": [
            "DNGaussian: Optimizing Sparse-View 3D Gaussian Radiance Fields with Global-Local Depth Normalization",
            "Real-Time Simulated Avatar from Head-Mounted Sensors",
            "Chat-UniVi: Unified Visual Representation Empowers Large Language Models with Image and Video Understanding",
            "Memory-based Adapters for Online 3D Scene Perception",
            "Boosting Image Restoration via Priors from Pre-trained Models",
            "Multi-Instance Generation Controller for Text-to-Image Synthesis",
        ],
        "06-bcb37c0": [
            "Spacetime Gaussian Feature Splatting for Real-Time Dynamic View Synthesis",
            "ODM: A Text-Image Further Alignment Pre-training Approach for Scene Text Detection and Spotting",
            "Making Large Multimodal Models Understand Arbitrary Visual Prompts",
            "Pink: Unveiling the power of referential comprehension for multi-modal llms",
            "Boosting Object Detection with Zero-Shot Day-Night Domain Adaptation",
            "Cam4DOcc: Benchmark for Camera-Only 4D Occupancy Forecasting in Autonomous Driving Applications",
            "MaskINT: Video Editing via Interpolative Non-autoregressive Masked Transformers",
            "KVQ: Kaleidoscope Video Quality Assessment for Short-form Videos",
            "Improved Visual Grounding through Self-Consistent Explanations",
        ],
    },
    "diff-usion__Awesome-Diffusion-Models": {
        # The same paper added twice in one commit is two added entries (the duplicate rule says so).
        "01-5d11c98": [
            "Generative Prompt Model for Weakly Supervised Object Localization",
            "Learning Fourier-Constrained Diffusion Bridges for MRI Reconstruction",
            "Learning Fourier-Constrained Diffusion Bridges for MRI Reconstruction",
            "SANO: Score-Based Diffusion Model for Anomaly Localization in Dermatology",
        ],
        "02-0faf95f": [],  # code links added to three papers: modifications
    },
    "Hannibal046__Awesome-LLM": {  # tools, models and tutorials, no papers
        "01-a377d04": [],
        "02-334aab2": [],
        "03-d350b76": [],
        "04-222deaf": [],
        "05-9392708": [],
        "06-979ef8d": [],
    },
    "Yangzhangcst__Transformer-in-Computer-Vision": {
        "01-65bee42": ["Video Prediction of Dynamic Physical Simulations With Pixel-Space Spatiotemporal Transformers"],
        "02-e3cbc2e": ["VRWKV-Editor: Reducing quadratic complexity in transformer-based video editing"],
        "03-e21f053": ["ResidualViT for Efficient Temporally Dense Video Encoding"],
        "04-df4a824": ["Sparse Transformer for Ultra-sparse Sampled Video Compressive Sensing"],
        "05-3fe7382": ["MoCHA-former: Moiré-Conditioned Hybrid Adaptive Transformer for Video Demoiréing"],
        "06-b3ca34e": [
            "RelayFormer: A Unified Local-Global Attention Framework for Scalable Image and Video Manipulation Localization"
        ],
    },
    "janosh__awesome-normalizing-flows": {
        "01-4c31bbb": [],
        "02-a59d334": [],
        "03-1293330": [],
        # and a package (flowMC), which is no paper
        "04-f6e4c6b": [
            "Transferable Boltzmann Generators",
            "Adaptive Monte Carlo augmented with normalizing flows",
            "Efficient Bayesian Sampling Using Normalizing Flows to Assist Markov Chain Monte Carlo Methods",
        ],
        "05-7597ac8": [],
        "06-56922dd": [],
    },
}


@pytest.mark.parametrize(("owner_repo", "case"), [(repo, case) for repo, cases in CASES.items() for case in cases])
def test_real_commit_adds_exactly_its_papers(owner_repo, case):
    """The entries a real commit added, as the review sees them (head entries not in the base), are the
    papers its diff adds, read by hand."""
    folder = LISTS / owner_repo / "cases" / case
    added: list[str] = []
    for diff in sorted((folder / "diff").rglob("*.diff")):
        path = str(diff.relative_to(folder / "diff")).removesuffix(".diff")
        base_text = (folder / "base" / path).read_text(encoding="utf-8")
        patch = diff.read_text(encoding="utf-8")
        base, head = parse_document(path, base_text), parse_document(path, apply_patch(base_text, patch))
        touched = {line.target_line_no for hunk in parse_hunks(patch) for line in hunk if line.is_added}
        added += [entry.title for entry in classify(base, head, touched).added]
    assert added == CASES[owner_repo][case]
