"""A parsed document's bytes, as a document cache counts them: its text and its entries, estimated from
a sample of them."""

import sys
from pathlib import Path

import pytest

from rules import footprint, parse
from rules.model import Link, Span

LISTS = Path(__file__).resolve().parent.parent / "fixtures" / "lists"


@pytest.mark.parametrize(
    "path",
    [
        "video-anomaly-detection/README.md",  # a markdown table
        "video-anomaly-detection/scripts/data.json",  # JSON data: each entry holds its decoded object
        "yzhao062__anomaly-detection-resources/cases/05-7d9a641/base/README.rst",  # reStructuredText tables
        "diff-usion__Awesome-Diffusion-Models/snapshot/README.md",  # markdown paper blocks
    ],
)
def test_the_estimate_is_close_to_every_object_counted(path: str) -> None:
    file = LISTS / path
    document = parse.parse_document(file.name, file.read_text(encoding="utf-8"))
    assert len(document.entries) > footprint.SAMPLE  # so that the sample stands for more than itself
    counted = footprint.deep_size(document)
    assert 0.9 * counted <= footprint.document_bytes(document) <= 1.3 * counted


def test_the_text_is_counted_at_its_size_in_memory() -> None:
    narrow = parse.parse_document("README.md", "# A list\n")
    wide = parse.parse_document("README.md", "# A list – 🙂\n")  # a character past U+FFFF: four bytes each
    assert footprint.document_bytes(wide) - footprint.document_bytes(narrow) >= sys.getsizeof(wide.text) - 64


def test_each_object_is_counted_once() -> None:
    url = "https://arxiv.org/abs/2401.00001"
    link = Link("Paper", url)
    assert footprint.deep_size((link, link, url)) == sys.getsizeof((link, link, url)) + footprint.deep_size(link)
    assert footprint.deep_size(Span.__new__(Span)) == sys.getsizeof(Span.__new__(Span))  # unset slots: nothing held
