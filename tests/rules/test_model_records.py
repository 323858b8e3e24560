"""The model's read-only records (``rules.model.record``) hash and compare as the frozen dataclasses they
replaced: by the fields that compare, in order, the others (an entry's decoded ``data``) left out."""

from __future__ import annotations

from dataclasses import fields

from rules.model import Entry, Link, LinkRole, Location


def _frozen_hash(record: Entry | Link | Location) -> int:
    """The hash a frozen dataclass gives: that of the tuple of its hashed fields."""
    return hash(
        tuple(
            getattr(record, spec.name) for spec in fields(record) if (spec.compare if spec.hash is None else spec.hash)
        )
    )


def _entry(**changes: object) -> Entry:
    entry = Entry("README.md", 3, 3, "| [T](u) | 2024 |", "markdown", "Papers", 0, "T", "u", "2024", "")
    return entry.evolve(**changes)


def test_records_hash_as_frozen_dataclasses_did() -> None:
    for record in (_entry(), Link("Code", "https://github.com/o/r", LinkRole.CODE), Location("README.md", 2, 4)):
        assert hash(record) == _frozen_hash(record)


def test_an_entry_compares_by_its_fields_but_not_its_data() -> None:
    assert _entry(data={"Title": "T"}) == _entry(data={"Title": "other"})
    assert hash(_entry(data={"Title": "T"})) == hash(_entry())
    assert _entry(year="2023") != _entry()
    assert len({_entry(), _entry(), _entry(line=4)}) == 2


def test_a_link_compares_without_its_role() -> None:
    assert Link("pdf", "https://arxiv.org/abs/1", LinkRole.PAPER) == Link("pdf", "https://arxiv.org/abs/1")
