"""Pages generated from data files (issue 11, point 8): a problem that comes from the data is reported
once, at the data file; the page keeps its own structure problems and its rows no data file holds."""

from __future__ import annotations

import json
from collections import Counter

from rules import engine, generated, parse
from rules.context import Catalog
from rules.model import Finding
from tests.conftest import FIXTURES, LIST_DIR
from tests.support import DISTINCT_TITLES

JANOSH = FIXTURES / "lists" / "janosh__awesome-normalizing-flows"
HEADER = "# Papers\n\n| Title | Year | Venue |\n| --- | --- | --- |\n"
TITLES, OTHER_TITLES = DISTINCT_TITLES[:6], DISTINCT_TITLES[6:]
PAPERS = [(title, f"https://example.org/papers/{n}") for n, title in enumerate(TITLES)]
ALIAS = "J-N"  # Neurocomputing's other spelling (`J-NC`), as the real list writes it


def vad_texts() -> dict[str, str]:
    texts = {"README.md": (LIST_DIR / "README.md").read_text(encoding="utf-8")}
    for path in sorted((LIST_DIR / "scripts").glob("data*.json")):
        texts[f"scripts/{path.name}"] = path.read_text(encoding="utf-8")
    return texts


def catalog_of(texts: dict[str, str], configured: dict[str, list[str]] | None = None, paths: tuple = ()) -> Catalog:
    documents = parse.parse_catalog(texts).documents
    return Catalog(documents, generated.generated_from(configured or {}, documents, paths))


def by_file(findings: list[Finding]) -> Counter[str]:
    return Counter(finding.location.path for finding in findings)


def data_json(venue: str = ALIAS) -> str:
    objects = [{"Title": title, "Link": url, "Date": "2024", "Venue": venue} for title, url in PAPERS]
    return json.dumps(objects, indent=2) + "\n"


def row(title: str, url: str, venue: str = ALIAS, year: str = "2024") -> str:
    return f"| [{title}]({url}) | {year} | {venue} |\n"


def test_the_real_readme_is_inferred_from_its_four_data_files_and_its_rows_are_not_judged_again() -> None:
    texts = vad_texts()
    plain = engine.check(parse.parse_catalog(texts))
    catalog = catalog_of(texts)
    [(page, sources)] = catalog.generated
    assert (page, sorted(sources)) == ("README.md", sorted(path for path in texts if path != "README.md"))
    found = engine.check(catalog)
    # Before: 253 findings on the README's rows (143 empty model links, 47 venue spellings, …) on top of the
    # data files'; after: none there, and the data files' findings unchanged.
    assert by_file(plain)["README.md"] == 253 and by_file(found)["README.md"] == 0
    assert [f for f in found if f.location.path != "README.md"] == [f for f in plain if f.location.path != "README.md"]


def test_a_configured_page_names_its_data_files_and_nothing_is_inferred_for_it() -> None:
    texts = vad_texts()
    documents = parse.parse_catalog(texts).documents
    only_main = generated.generated_from({"README.md": ["scripts/data.json"]}, documents)
    assert only_main == (("README.md", ("scripts/data.json",)),)
    assert generated.generated_from({"README.md": ["elsewhere/*.yml"]}, documents) == ()


def test_a_hand_written_row_is_reported_once_and_data_problems_only_at_the_data_file() -> None:
    rows = "".join(row(title, url) for title, url in PAPERS)
    hand = row("A paper written by hand into the page", "https://example.org/by-hand", venue="J-NC")
    texts = {"README.md": HEADER + rows + hand, "scripts/data.json": data_json()}
    found = engine.check(catalog_of(texts))
    on_page = [(f.code, f.location.line) for f in found if f.location.path == "README.md"]
    assert on_page == [("generated/not-in-data", 11)]
    [missing] = [f for f in found if f.code == "generated/not-in-data"]
    assert "not in `scripts/data.json`, which `README.md` is generated from" in missing.message
    # `J-N` is the data's spelling: told at each object, never at the rows that show them.
    aliases = [f for f in found if f.code == "venue-alias/alias"]
    assert len(aliases) == 6 and {f.location.path for f in aliases} == {"scripts/data.json"}


def test_the_pages_own_structure_is_still_reported_on_a_generated_row() -> None:
    rows = "".join(row(title, url) for title, url in PAPERS)
    broken = rows.replace(f" | {ALIAS} |\n", f" | {ALIAS} | | |\n", 1)  # stray trailing pipes: the page's own doing
    found = engine.check(catalog_of({"README.md": HEADER + broken, "scripts/data.json": data_json()}))
    assert [(f.code, f.location.line) for f in found if f.location.path == "README.md"] == [
        ("structure/stray-pipes", 5)
    ]


def test_half_the_rows_make_a_generated_page_only_beside_a_generator_script() -> None:
    rows = "".join(row(title, url) for title, url in PAPERS[:3])
    others = "".join(row(title, f"https://example.org/other/{n}") for n, title in enumerate(OTHER_TITLES[:3]))
    texts = {"README.md": HEADER + rows + others, "scripts/data.json": data_json()}
    assert catalog_of(texts).generated == ()
    assert catalog_of(texts, paths=("scripts/data.json", "notes/todo.py")).generated == ()
    beside = catalog_of(texts, paths=("scripts/data.json", "scripts/make_table.py")).generated
    named = catalog_of(texts, paths=("tools/generate_readme.py",)).generated
    assert beside == named == (("README.md", ("scripts/data.json",)),)
    assert not generated.has_generator(["setup.py", "data.json"], ["data.json"])  # a tool at the top, not a generator
    assert generated.has_generator(["generate_readme.py", "data.json"], ["data.json"])


def test_a_page_that_merely_shares_papers_with_a_data_file_is_not_generated() -> None:
    shared = "".join(row(title, url) for title, url in PAPERS[:2])
    own = "".join(row(title, f"https://example.org/own/{n}") for n, title in enumerate(OTHER_TITLES))
    texts = {"README.md": HEADER + shared + own, "scripts/data.json": data_json()}
    assert catalog_of(texts).generated == ()
    assert by_file(engine.check(catalog_of(texts)))["README.md"] == 6  # every row's venue spelling, as before


def test_janoshs_readme_is_generated_from_its_publications_and_its_other_sections_are_its_own() -> None:
    texts = {
        "readme.md": (JANOSH / "snapshot" / "readme.md").read_text(encoding="utf-8"),
        "data/publications.yml": (JANOSH / "snapshot" / "data" / "publications.yml").read_text(encoding="utf-8"),
    }
    plain = engine.check(parse.parse_catalog(texts))
    catalog = catalog_of(texts)
    assert catalog.generated == (("readme.md", ("data/publications.yml",)),)
    found = engine.check(catalog)
    page = [(f.code, f.location.line) for f in found if f.location.path == "readme.md"]
    # Before: the typography slip, the code links and the duplicate twice (page and data); after: at the
    # data file only. The page keeps its stray brackets; its Applications section (from a data file of
    # its own, not in this snapshot) is not called "not in the data".
    assert by_file(plain)["readme.md"] == 6
    assert page == [("structure/stray-bracket", 128), ("structure/stray-bracket", 173)]
    assert by_file(found)["data/publications.yml"] == by_file(plain)["data/publications.yml"] == 4
