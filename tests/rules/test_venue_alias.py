"""venue-alias: a known spelling that is not canonical gets a certain fix to the canonical code."""

from __future__ import annotations

from rules.checks import venue_alias
from rules.context import CheckOptions
from tests.rules.venue_cases import data_file, row, run, summary, table

NEUROCOMPUTING = "https://www.sciencedirect.com/science/article/abs/pii/S0925231225004898"
IEEE = "https://ieeexplore.ieee.org/abstract/document/10888431"
ARXIV = "https://arxiv.org/pdf/2401.05702"
CVPR = "https://openaccess.thecvf.com/content/CVPR2024/papers/Wu_Open-Vocabulary_Video_Anomaly_Detection_CVPR_2024_paper.pdf"


def test_aliases_are_fixed_to_the_canonical_code_and_canonical_codes_pass() -> None:
    readme = table(
        row("STAD-AI", NEUROCOMPUTING, "2025", "J-N"),  # 3: alias, the link agrees
        row("STAD-AI again", NEUROCOMPUTING, "2025", "J-NC"),  # 4: canonical
        row("Explanation via LLMs", ARXIV, "2024", "arxiv"),  # 5: case variant of arXiv
        row("Open-Vocabulary VAD", CVPR, "2024", "C-CVPR"),  # 6: canonical
        row("BatchNorm-based WSVAD", IEEE, "2024", "J-IToCnSfVT"),  # 7: alias, link says nothing
        row("Some paper", IEEE, "2024", "C-CACCT"),  # 8: unknown: not this rule's
        row("Another paper", IEEE, "2024", "?"),  # 9: placeholder: not this rule's
    )
    findings = run(venue_alias, {"README.md": readme})
    assert summary(findings) == [("README.md", 3, "J-NC"), ("README.md", 5, "arXiv"), ("README.md", 7, "J-TCSVT")]
    assert findings[0].message == "`J-N` is another spelling of `J-NC` (Neurocomputing). Write `J-NC`."
    assert findings[0].fix == (f"| [STAD-AI]({NEUROCOMPUTING}) | 2025 | J-NC | ![](./assets/video.svg) | - | - |")


def test_an_alias_the_link_contradicts_is_left_to_the_contradiction_rule() -> None:
    # SUVAD is an ICASSP paper on IEEE Xplore, written J-ArXiv: fixing it to arXiv would be no better.
    readme = table(
        row("SUVAD", IEEE, "2025", "J-ArXiv"), row("DAMS", "https://arxiv.org/pdf/2507.20629", "2025", "J-ArXiv")
    )
    assert summary(run(venue_alias, {"README.md": readme})) == [("README.md", 4, "arXiv")]


def test_a_json_alias_fix_rewrites_only_the_venue() -> None:
    text = data_file(("Crowd Anomaly Detection From Drone and Ground", IEEE, "2025", "J-IE"))
    [finding] = run(venue_alias, {"scripts/data.json": text})
    assert (finding.location.line, finding.location.end_line) == (2, 13)
    assert finding.fix == "\n".join(line.replace('"J-IE"', '"J-ACCESS"') for line in text.splitlines()[1:13])


def test_a_venue_cell_holding_more_than_text_is_reported_without_a_fix() -> None:
    readme = table(row("STAD-AI", NEUROCOMPUTING, "2025", "**J-N**"))
    [finding] = run(venue_alias, {"README.md": readme})
    assert (finding.location.line, finding.fix) == (3, None)


def test_config_aliases_are_aliases_too() -> None:
    readme = table(row("STAD-AI", NEUROCOMPUTING, "2025", "J-Neuro"))
    options = CheckOptions(venue_aliases={"J-Neuro": "J-NC"})
    assert summary(run(venue_alias, {"README.md": readme}, options)) == [("README.md", 3, "J-NC")]
    assert run(venue_alias, {"README.md": readme}) == []


def test_a_list_of_prefixed_codes_gets_other_styles_rewritten() -> None:
    readme = table(
        row("Open-Vocabulary VAD", CVPR, "2024", "C-CVPR"),
        row("STAD-AI", NEUROCOMPUTING, "2025", "J-NC"),
        row("A TPAMI paper", IEEE, "2024", "TPAMI"),  # 5
        row("A CVPR paper", CVPR, "2024", "CVPR'2024"),  # 6
    )
    findings = run(venue_alias, {"README.md": readme})
    assert summary(findings) == [("README.md", 5, "J-TPAMI"), ("README.md", 6, "C-CVPR")]
    assert findings[0].message == (
        "`TPAMI` is IEEE Transactions on Pattern Analysis and Machine Intelligence, which this list writes "
        "`J-TPAMI`. Write `J-TPAMI`."
    )


def test_a_list_written_in_another_style_throughout_is_left_alone() -> None:
    # The list's first state, copied from another awesome list: `Venue'Year` everywhere.
    readme = table(
        row("Scalable Diffusion Models with Transformers", CVPR, "2023", "ICCV'2023"),
        row("All are Worth Words", CVPR, "2023", "CVPR'2023"),
        row("Latte", ARXIV, "2024", "TPAMI'2024"),
    )
    assert run(venue_alias, {"README.md": readme}) == []


def test_a_loose_alias_is_fixed_only_when_the_link_supports_the_venue() -> None:
    readme = table(
        row(
            "SODA paper", "https://epubs.siam.org/doi/10.1137/1.9781611977912.1", "2024", "C-SIAM"
        ),  # 3: other SIAM book
        row("Ada-VAD", "https://epubs.siam.org/doi/10.1137/1.9781611978032.73", "2024", "C-SIAM"),  # 4: SDM 2024
        row("IET letter", "https://ietresearch.onlinelibrary.wiley.com/doi/10.1049/ell2.12345", "2024", "J-IE"),  # 5
        row("Crowd anomalies", IEEE, "2024", "J-IE"),  # 6: IEEE Xplore
    )
    findings = run(venue_alias, {"README.md": readme})
    assert [(finding.location.line, finding.fix is not None) for finding in findings] == [
        (3, False),
        (4, True),
        (5, False),
        (6, True),
    ]
    assert findings[2].message == (
        "`J-IE` may be another spelling of `J-ACCESS` (IEEE Access), but it can name other venues too and the link "
        "does not show which. Write the venue's canonical code (`J-ACCESS` if that is the venue)."
    )
