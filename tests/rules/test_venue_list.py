"""The venue and year rules on the shared list: every venue defect checked by hand, and nothing else.

Each row was verified against the paper's link: ScienceDirect PIIs by their ISSN, Springer DOIs by
their journal id, CVF paths by their proceedings, and the list's own history (Ada-VAD was first
written `SDM`). The README is generated from the data files, so it repeats their findings row for row.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from rules import checks, engine, fixes, parse
from rules.context import CheckOptions
from rules.model import Finding
from tests.conftest import LIST_DIR
from tests.rules.venue_cases import _changed

MY_RULES = {"venue-placeholder", "venue-alias", "venue-contradicted", "venue-unknown", "venue-inconsistent", "year"}
ONLY_MINE = CheckOptions(disable=frozenset(rule.ID for rule in checks.ALL_RULES if rule.ID not in MY_RULES))
CODE_RE = re.compile(r"`([^`]+)`")

# file, line, rule, and the code it fixes to (a certain fix) or, without a fix, the code it reports.
DATA_FILE_DEFECTS = """
data.json              2  alias         C-SDM     C-SIAM: the list first wrote Ada-VAD `SDM`
data.json             38  alias         J-TIP     J-ITIP
data.json             74  alias         arXiv     arxiv
data.json             86  contradicted  C-CVPRW   a CVPR 2024 workshop (VAND) paper coded C-CVPR
data.json            122  alias         J-EAAI    J-EPAI, and its PII is EAAI's ISSN 0952-1976
data.json            206  placeholder   C-SDM     `?` on the SIAM SDM 2024 volume
data.json            266  alias         J-ACCESS  J-IA
data.json            314  alias         J-TCSVT   J-ITCaSfV
data.json            326  alias         J-MTAP    J-MTnA (Springer journal 11042)
data.json            338  alias         J-CVIU    J-CVnIU
data.json            342  contradicted  J-CVnIU   (info) the link is the arXiv preprint of a CVIU paper
data.json            350  contradicted  C-WACVW   a WACV 2024 workshop (ASTAD) paper coded C-WACV
data.json            374  alias         J-MTAP    J-MTnA
data.json            398  alias         C-MMSP    C-WMSP
data.json            422  alias         J-TMM     J-IToMs (DOI 10.1109/TMM.2024.3405716)
data.json            434  alias         J-TSC     J-IEoSC (DOI 10.1109/TSC.2024.3407588)
data.json            462  unknown       C-PR      a Springer proceedings chapter the registry cannot name
data.json            482  alias         arXiv     ArXiv
data.json            530  contradicted  C-CVPRW   a CVPR 2024 workshop (VAND) paper coded C-CVPR
data.json            602  alias         J-NC      J-N (ISSN 0925-2312)
data.json            614  alias         J-NC      J-N
data.json            638  alias         arXiv     C-arXiv
data.json            650  alias         arXiv     C-arXiv
data.json            662  alias         J-NC      J-N
data.json            722  alias         arXiv     ArXiv
data.json            782  alias         J-NC      J-N
data.json            794  alias         J-NC      J-N
data.json            854  alias         arXiv     ArXiv
data.json            878  alias         J-NC      J-N
data.json            890  alias         J-SPL     J-I_SPL
data.json            914  alias         J-MTAP    J-MTnA
data.json            926  alias         J-ACCESS  J-IE
data.json            954  unknown       J-ISJ     one paper, also written J-SJ (line 1254)
data.json            962  alias         J-ACCESS  J-IE ("Crowd Anomaly Detection From Drone and Ground", IEEE Access)
data.json            974  alias         J-IVC     J-InVC (ISSN 0262-8856)
data.json            998  alias         J-IJIT    C-IJoIT (Springer journal 41870)
data.json           1082  alias         J-TCSVT   J-TCSV
data.json           1106  alias         arXiv     C-ArXiv
data.json           1154  contradicted  J-JVCIR   C-ICASSP on a JVCIR article (ISSN 1047-3203)
data.json           1170  contradicted  J-ArXiv   SUVAD, an IEEE Xplore paper, coded as a preprint
data.json           1178  alias         arXiv     J-ArXiv
data.json           1194  unknown       C-CACCT   an IEEE conference the registry does not list
data.json           1202  alias         J-NC      J-N
data.json           1214  contradicted  J-IJIT    J-IT on Springer journal 41870
data.json           1254  unknown       J-SJ
data_datasets.json     6  placeholder   J-X       an arXiv preprint
data_surveys.json      2  alias         J-TETCI   J-IToETiCI
data_surveys.json     26  alias         J-PUC     J-PnUC
data_surveys.json     38  alias         J-MTAP    J-MTnA
data_surveys.json     50  alias         J-MTAP    J-MTnA
data_surveys.json     66  placeholder   C-X       an arXiv preprint
data_surveys.json     74  alias         J-NC      J-N
data_surveys.json     98  alias         arXiv     ArXiv
data_surveys.json    122  alias         arXiv     J-ArXiv
data_weakly.json       2  alias         J-TCSVT   J-IToCnSVT
data_weakly.json      50  alias         C-ACMMM   C-ACM ICoM
data_weakly.json      54  contradicted  C-ACM ICoM  (info) the link is the arXiv preprint
data_weakly.json      62  alias         J-TIP     J-IRoIP
data_weakly.json      66  contradicted  J-IRoIP   (info) the link is the arXiv preprint
data_weakly.json      74  alias         J-TCSVT   J-IToCnSfVT
data_weakly.json      98  alias         J-TIP     J-IToIP
data_weakly.json     122  contradicted  C-WACVW   a WACV 2024 workshop (RWS) paper coded C-WACV
data_weakly.json     146  contradicted  C-CVPRW   a CVPR 2024 workshop (MULA) paper coded C-CVPR
data_weakly.json     162  contradicted  C-CVPR    (info) GlanceVAD: the link is the arXiv preprint
data_weakly.json     182  contradicted  C-WACVW   a WACV 2024 workshop (RWS) paper coded C-WACV
data_weakly.json     290  alias         arXiv     C-ArXiv
data_weakly.json     350  alias         J-SIVP    J-SInVP (Springer journal 11760)
"""


def _expected() -> set[tuple[str, int, str, str]]:
    rows = set()
    for line in DATA_FILE_DEFECTS.strip().splitlines():
        name, number, rule, rest = line.split(maxsplit=3)
        code = rest.split("  ")[0].strip()
        rows.add((f"scripts/{name}", int(number), f"venue-{rule}" if rule != "year" else rule, code))
    return rows


def _key(finding: Finding) -> tuple[str, int, str, str]:
    code = _changed(finding) or CODE_RE.search(finding.message).group(1)
    return (finding.location.path, finding.location.line, finding.rule, code)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    paths = ["README.md", *sorted(f"scripts/{path.name}" for path in (LIST_DIR / "scripts").glob("data*.json"))]
    return {path: (LIST_DIR / path).read_text(encoding="utf-8") for path in paths}


@pytest.fixture(scope="module")
def findings(texts: dict[str, str]) -> list[Finding]:
    return [finding for finding in engine.check(parse.parse_catalog(texts)) if finding.rule in MY_RULES]


def test_every_venue_defect_of_the_data_files_and_nothing_else(findings: list[Finding]) -> None:
    found = {_key(finding) for finding in findings if finding.location.path != "README.md"}
    assert found == _expected()


def test_the_generated_readme_repeats_the_data_files_findings(findings: list[Finding]) -> None:
    def kinds(in_readme: bool) -> Counter:
        return Counter(_key(finding)[2:] for finding in findings if (finding.location.path == "README.md") == in_readme)

    assert kinds(True) == kinds(False)


def test_fixing_the_list_applies_every_certain_fix_once_and_leaves_what_needs_a_person(
    texts: dict[str, str], findings: list[Finding]
) -> None:
    fixed, applied = fixes.fix_until_stable(texts, parse.parse_catalog, ONLY_MINE)
    assert sorted(map(_key, applied)) == sorted(_key(finding) for finding in findings if finding.fix is not None)
    left = engine.check(parse.parse_catalog(fixed), ONLY_MINE)
    # The same places (a code an alias fix rewrote is named anew in its note).
    assert sorted(_key(finding)[:3] for finding in left) == sorted(
        _key(finding)[:3] for finding in findings if finding.fix is None
    )
    assert fixes.fix_until_stable(fixed, parse.parse_catalog, ONLY_MINE) == (fixed, [])
