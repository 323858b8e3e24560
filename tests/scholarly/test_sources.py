"""Each source's answer read into records, including the corners of their documented shapes."""

from __future__ import annotations

import json

from rules.identity import Identifier
from rules.venues import VenueKind
from scholarly.sources import arxiv, dblp, openreview, semantic_scholar

# arXiv answers an unknown or malformed id with HTTP 200 and one entry titled "Error" (API user manual, 3.4).
ARXIV_ERROR = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.1234567</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.1234567</summary>
    <updated>2026-12-01T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.1234567" rel="alternate" type="text/html"/>
    <author><name>arXiv api core</name></author>
  </entry>
</feed>"""


def test_arxivs_error_entry_is_no_record() -> None:
    assert arxiv.parse(ARXIV_ERROR) == []


def test_an_arxiv_entry_with_its_published_doi() -> None:
    feed = ARXIV_ERROR.replace(
        "http://arxiv.org/api/errors#incorrect_id_format_for_1234.1234567", "http://arxiv.org/abs/2311.15367v2"
    ).replace("<title>Error</title>", "<title>BN</title>")
    feed = feed.replace(
        "<updated>",
        "<published>2023-11-26T17:47:57Z</published><arxiv:doi xmlns:arxiv="
        '"http://arxiv.org/schemas/atom">10.1109/TCSVT.2024.3450734</arxiv:doi><updated>',
    )
    [record] = arxiv.parse(feed)
    assert (record.key, record.years, record.kind) == ("2311.15367", (2023,), VenueKind.PREPRINT)
    assert Identifier("doi", "10.1109/tcsvt.2024.3450734") in record.identifiers


def test_dblp_writes_a_single_author_and_a_single_link_without_a_list() -> None:
    info = {
        "authors": {"author": {"@pid": "1", "text": "Peng Wang 0001"}},
        "title": "A Paper.",
        "venue": "CVPR Workshops",
        "year": "2024",
        "type": "Conference and Workshop Papers",
        "key": "conf/cvpr/Wang24",
        "ee": "https://openaccess.thecvf.com/content/CVPR2024W/X/html/Wang_A_Paper_CVPRW_2024_paper.html",
    }
    record = dblp.to_record(dblp.Info.model_validate(info))
    assert (record.title, record.authors, record.kind) == ("A Paper", ("Wang",), VenueKind.WORKSHOP)
    assert {ident.scheme for ident in record.identifiers} == {"dblp", "cvf"}


def test_an_openreview_paper_under_review_is_no_publication() -> None:
    note = {
        "id": "abc",
        "content": {
            "title": {"value": "T"},
            "venueid": {"value": "ICLR.cc/2025/Conference/Submission"},
            "venue": {"value": "Submitted to ICLR 2025"},
        },
    }
    record = openreview.to_record(openreview.Note.model_validate(note))
    assert record.kind is None and record.years == (2025,)


def test_a_semantic_scholar_match_only_carries_identifiers() -> None:
    body = {
        "data": [
            {
                "paperId": "0123abc",
                "title": "T",
                "matchScore": 180.5,
                "year": 2023,
                "venue": "CVPR",
                "externalIds": {"DOI": "10.1109/X.1", "ArXiv": "2311.15367", "DBLP": "conf/cvpr/X23", "CorpusId": 1},
                "authors": [{"authorId": "1", "name": "Yixuan Zhou"}],
            }
        ]
    }
    [paper] = semantic_scholar.Matches.model_validate_json(json.dumps(body)).data
    record = semantic_scholar.to_record(paper)
    assert record.kind is None and not record.published  # its venue and year never decide alone
    assert record.identifiers == {
        Identifier("doi", "10.1109/x.1"),
        Identifier("arxiv", "2311.15367"),
        Identifier("dblp", "conf/cvpr/X23"),
    }


def test_an_openreview_venue_id_names_its_venue_by_path_or_host() -> None:
    accepted = {
        "id": "n",
        "content": {
            "title": {"value": "T"},
            "venueid": {"value": "ICLR.cc/2024/Conference"},
            "venue": {"value": "ICLR 2024 poster"},
        },
    }
    record = openreview.to_record(openreview.Note.model_validate(accepted))
    assert (record.kind, record.years, record.venue_codes) == (VenueKind.CONFERENCE, (2024,), ("ICLR",))
