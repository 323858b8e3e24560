"""The venue registry: packaged data that holds together, lookups, evidence resolution, repository overrides."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from rules import evidence, parse, venues
from rules.context import CheckOptions
from rules.venues import VenueKind, VenueSpec


def test_the_packaged_registry_has_unique_codes_aliases_and_refs() -> None:
    packaged = venues.packaged()
    spellings = Counter(
        venues.normalize_code(spelling) for venue in packaged for spelling in (venue.code, *venue.aliases)
    )
    refs = Counter(ref for venue in packaged for ref in venue.refs())
    assert [spelling for spelling, count in spellings.items() if count > 1] == []
    assert [ref for ref, count in refs.items() if count > 1] == []


def test_the_packaged_venues_read_without_pydantic_are_what_pydantic_validates() -> None:
    """``venues.toml`` is read as trusted data (no pydantic at start-up); it must pass a config's validation."""
    text = (Path(venues.__file__).parent / venues.REGISTRY_FILE).read_text(encoding="utf-8")
    validated = TypeAdapter(list[VenueSpec]).validate_python(tomllib.loads(text)["venue"])
    assert list(venues.packaged()) == validated
    assert {type(venue.kind) for venue in validated} == {VenueKind}


def test_every_packaged_issn_has_a_valid_check_digit() -> None:
    issns = [issn for venue in venues.packaged() for issn in venue.issn]
    assert len(issns) > 20
    assert [issn for issn in issns if not evidence._valid_issn(issn.replace("-", ""))] == []


@pytest.mark.parametrize(
    "code",
    [
        "C-CVPR",
        "C-ICCV",
        "C-ECCV",
        "C-WACV",
        "C-BMVC",
        "C-ACCV",
        "C-NeurIPS",
        "C-ICML",
        "C-ICLR",
        "C-AAAI",
        "C-IJCAI",
        "C-ACMMM",
        "C-ICASSP",
        "C-ICIP",
        "C-ICME",
        "C-ICPR",
        "J-TPAMI",
        "J-IJCV",
        "J-TIP",
        "J-TCSVT",
        "J-TMM",
        "J-TNNLS",
        "J-PR",
        "J-NN",
        "J-ESWA",
        "J-NC",
        "J-KBS",
        "J-EAAI",
        "J-IVC",
        "J-CVIU",
        "J-MTAP",
        "J-TVC",
        "arXiv",
    ],
)
def test_the_major_venues_are_registered_under_their_canonical_code(code: str) -> None:
    assert venues.registry().lookup(code).code == code


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("J-TCSV", "J-TCSVT"),
        ("J-ITCaSfV", "J-TCSVT"),
        ("J-IToCnSVT", "J-TCSVT"),
        ("J-IToCnSfVT", "J-TCSVT"),
        ("arxiv", "arXiv"),
        ("ArXiv", "arXiv"),
        ("J-ArXiv", "arXiv"),
        ("C-arXiv", "arXiv"),
        ("C-ArXiv", "arXiv"),
        ("J-N", "J-NC"),
        ("J-MTnA", "J-MTAP"),
        ("J-EPAI", "J-EAAI"),
        ("C-ACM  ICoM", "C-ACMMM"),
        ("c-cvpr", "C-CVPR"),
        ("Engineering Applications of Artificial Intelligence", "J-EAAI"),
        ("SDM", "C-SDM"),
    ],
)
def test_aliases_case_and_full_names_find_the_canonical_code(written: str, canonical: str) -> None:
    assert venues.registry().lookup(written).code == canonical


@pytest.mark.parametrize("written", ["C-CACCT", "J-SJ", "C-X", "", "CVPR'2024"])
def test_unknown_codes_find_nothing(written: str) -> None:
    assert venues.registry().lookup(written) is None


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.sciencedirect.com/science/article/abs/pii/S1047320325000288", "J-JVCIR"),
        ("https://www.sciencedirect.com/science/article/abs/pii/S0262885624000532", "J-IVC"),
        ("https://www.sciencedirect.com/science/article/abs/pii/S0020025524012994", "J-IS"),
        ("https://www.sciencedirect.com/science/article/abs/pii/S156625352500329X", "J-IF"),
        ("https://www.sciencedirect.com/science/article/abs/pii/S0140366424000045", "J-CC"),
        ("https://link.springer.com/article/10.1007/s11042-023-17770-z", "J-MTAP"),
        ("https://link.springer.com/article/10.1007/s10489-024-06042-4", "J-AI"),
        ("https://link.springer.com/article/10.1007/s42979-023-02542-1", "J-SNCS"),
        ("https://openaccess.thecvf.com/content/WACV2024W/RWS/papers/Tan_Overlooked_WACVW_2024_paper.pdf", "C-WACVW"),
        ("https://ojs.aaai.org/index.php/AAAI/article/view/28423/28826", "C-AAAI"),
        ("https://epubs.siam.org/doi/10.1137/1.9781611978032.73", "C-SDM"),
        ("https://doi.org/10.1109/TCSVT.2024.3450734", "J-TCSVT"),
        ("https://doi.org/10.1016/j.neucom.2024.127001", "J-NC"),
        ("https://proceedings.neurips.cc/paper_files/paper/2023/hash/abc-Abstract-Conference.html", "C-NeurIPS"),
        ("https://proceedings.mlr.press/v202/li23a.html", "C-ICML"),
    ],
)
def test_link_evidence_names_the_venue(url: str, canonical: str) -> None:
    assert venues.registry().identify(evidence.read(url)).code == canonical


@pytest.mark.parametrize(
    "url",
    [
        "https://link.springer.com/chapter/10.1007/978-3-031-73004-7_18",  # a book the registry does not list
        "https://ieeexplore.ieee.org/document/10649595",  # document numbers name nothing
        "https://arxiv.org/pdf/2401.05702",  # a preprint names no venue
    ],
)
def test_link_evidence_that_names_no_registered_venue(url: str) -> None:
    assert venues.registry().identify(evidence.read(url)) is None


def test_proceedings_volumes_give_the_year() -> None:
    registry = venues.registry()
    assert registry.year_of(evidence.read("https://dl.acm.org/doi/10.1145/3581783.3612345")) == (2023, 0)
    assert registry.year_of(evidence.read("https://proceedings.mlr.press/v235/smith24a.html")) == (2024, 0)
    assert registry.year_of(evidence.read("https://epubs.siam.org/doi/10.1137/1.9781611978032.73")) == (2024, 0)
    assert registry.year_of(evidence.read("https://ieeexplore.ieee.org/document/10649595")) is None


@pytest.mark.parametrize(
    ("code", "kind", "expected"),
    [
        ("J-EPIA", VenueKind.JOURNAL, ["J-EAAI"]),
        ("C-CVRP", VenueKind.CONFERENCE, ["C-CVPR"]),
        ("J-TCSVTT", VenueKind.JOURNAL, ["J-TCSVT"]),
        ("J-Neurocomputing", VenueKind.JOURNAL, ["J-NC", "J-NECO"]),  # Neural Computation is close too
        ("CVPR'2024", None, ["C-CVPR"]),
        ("C-SIAMM", VenueKind.CONFERENCE, ["C-SDM"]),
        ("J-ISJ", VenueKind.JOURNAL, []),  # three letters: one slip from too many codes to guess
        ("C-CACCT", VenueKind.CONFERENCE, []),
    ],
)
def test_closest_codes(code: str, kind: VenueKind | None, expected: list[str]) -> None:
    assert venues.registry().closest(code, kind) == expected


@pytest.mark.parametrize(
    ("code", "placeholder"),
    [
        ("?", True),
        ("-", True),
        ("C-X", True),
        ("j-x", True),
        ("", True),
        ("Conf", True),
        ("Jour", True),
        ("C-CVPR", False),
        ("X-ray", False),
        ("arXiv", False),
    ],
)
def test_placeholders(code: str, placeholder: bool) -> None:
    assert venues.is_placeholder(code) is placeholder


def test_a_repository_venue_is_added_and_its_aliases_apply() -> None:
    options = CheckOptions(
        venues=(
            VenueSpec(code="C-CACCT", name="A regional conference", kind=VenueKind.CONFERENCE, aliases=("C-CACT",)),
        ),
        venue_aliases={"J-ISJ": "J-ACCESS"},
    )
    registry = venues.registry(options.venues, options.venue_aliases)
    assert registry.lookup("C-CACT").code == "C-CACCT"
    assert registry.lookup("J-ISJ").code == "J-ACCESS"
    assert venues.registry().lookup("C-CACCT") is None  # the packaged registry is untouched


def test_each_registry_judges_with_its_own_venues_and_remembers_only_its_own_readings() -> None:
    rows = "| Title | Venue |\n| --- | --- |\n" + "| [A](https://example.org/cact/2024/paper.pdf) | C-CACT |\n" * 2
    first, copy = parse.parse_document("README.md", rows).entries
    packaged, own = (
        venues.registry(),
        venues.registry((VenueSpec(code="C-CACT", name="CACT", kind=VenueKind.CONFERENCE),)),
    )
    assert packaged.read(first).venue is None
    reading = own.read(first)
    assert reading.venue is not None and reading.venue.code == "C-CACT"
    assert own.read(first) is reading  # judged once per registry
    assert (
        own.read(copy).entry is copy and own.read(copy)[1:] == reading[1:]
    )  # a copy: the same judgement, its own entry
    assert venues.registry().read(first) is not packaged.read(first)  # a new check, a new registry


def test_a_repository_venue_replaces_the_packaged_one_and_keeps_what_it_does_not_set() -> None:
    # A list that prefers J-N for Neurocomputing: its old canonical code becomes an alias.
    replacement = VenueSpec(code="J-N", name="Neurocomputing", kind=VenueKind.JOURNAL)
    registry = venues.registry((replacement,))
    venue = registry.lookup("J-NC")
    assert venue.code == "J-N" and venue.kind is VenueKind.JOURNAL
    assert venue.issn == ("0925-2312",)
    assert "J-NC" in venue.aliases and "J-N" not in venue.aliases
    pii = evidence.read("https://www.sciencedirect.com/science/article/abs/pii/S0925231225004898")
    assert registry.identify(pii).code == "J-N"


def test_config_aliases_must_name_a_venue() -> None:
    with pytest.raises(ValueError, match="venue_aliases point to codes that are no venue: J-NOPE"):
        CheckOptions(venue_aliases={"J-X1": "J-NOPE"})


def test_config_venues_are_validated() -> None:
    with pytest.raises(ValidationError, match="kind"):
        TypeAdapter(CheckOptions).validate_python({"venues": [{"code": "C-X1", "name": "X", "kind": "magazine"}]})


def test_the_readme_config_example_is_valid_and_does_what_it_says() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Venues", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    options = TypeAdapter(CheckOptions).validate_python(yaml.safe_load(example)["rules"])
    registry = venues.registry(options.venues, options.venue_aliases)
    assert [registry.lookup(code).code for code in ("C-CACT", "J-NC", "J-Neuro", "J-N")] == [
        "C-CACCT",
        "J-N",
        "J-N",
        "J-N",
    ]
    assert options.latest_year == 2026


@pytest.mark.parametrize(
    ("written", "recognised"),
    [
        ("CVPR'2024", "C-CVPR"),
        ("ICCV 2023", "C-ICCV"),
        ("NeurIPS'23", "C-NeurIPS"),
        ("TPAMI", "J-TPAMI"),
        ("PR", "J-PR"),
        ("Interspeech'2023", "C-INTERSPEECH"),
        ("TMLR", "J-TMLR"),
        ("C-CVPR'24", "C-CVPR"),
        ("C-PR", None),  # the prefix says conference: not the journal J-PR
        ("GitHub", None),
        ("OpenAI", None),
        ("2024", None),
    ],
)
def test_codes_in_another_lists_style_are_recognised(written: str, recognised: str | None) -> None:
    venue = venues.registry().recognise(written)
    assert (venue.code if venue else None) == recognised
