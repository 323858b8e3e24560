"""Reading the body GitHub renders from an issue form as an /add-paper request."""

from __future__ import annotations

import pytest

from bot.commands import Command
from bot.issue_form import OTHER_CHOICE, label_key, parse_form, request_for_comment, request_in_body

# The shape GitHub renders: "### <label>", a blank line, the value; "_No response_" for a blank field.
FORM_BODY = """\
### Title

Video Anomaly Detection and Explanation via Large Language Models

### Paper URL

https://arxiv.org/pdf/2401.05702

### Year

2024

### Venue

arxiv

### Section

Weakly Supervised VAD

### Code repository (optional)

_No response_

### Model weights (optional)

_No response_

### Anything else?

Thanks!
"""


def test_a_rendered_form_becomes_an_add_paper_request() -> None:
    assert parse_form(FORM_BODY) == Command(
        "add-paper",
        1,
        {
            "title": "Video Anomaly Detection and Explanation via Large Language Models",
            "url": "https://arxiv.org/pdf/2401.05702",
            "year": "2024",
            "venue": "arxiv",
            "section": "Weakly Supervised VAD",
        },
    )


def test_a_textarea_rendered_as_code_is_unwrapped() -> None:
    body = "### Title\n\n```text\nA  title\nover two lines\n```\n\n### URL\n\nhttps://a.org/x"
    assert parse_form(body).fields == {"title": "A title over two lines", "url": "https://a.org/x"}


def test_crlf_form_bodies_are_read() -> None:
    body = "### Title\r\n\r\nT\r\n\r\n### Year\r\n\r\n2021\r\n"
    assert parse_form(body).fields == {"title": "T", "year": "2021"}


def test_a_blank_title_is_absent_not_the_text_no_response() -> None:
    body = "### Title\n\n_No response_\n\n### URL\n\nhttps://a.org/x"
    assert parse_form(body).fields == {"url": "https://a.org/x"}


@pytest.mark.parametrize(
    "body",
    [
        None,
        "",
        "Please add https://arxiv.org/abs/1",
        "### Describe the bug\n\nIt crashes\n\n### Steps\n\n1. run",  # another form
        "### Title\n\nOnly a title",  # one field is not a request
        "### URL\n\nhttps://a.org\n\n### Year\n\n2024",  # no title heading
    ],
)
def test_other_bodies_are_not_requests(body: str | None) -> None:
    assert parse_form(body) is None


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Title", "title"),
        ("Paper title", "title"),
        ("Paper", "title"),
        ("URL", "url"),
        ("Paper link", "url"),
        ("Link", "url"),
        ("Paper URL (arXiv, DOI or the venue's page)", "url"),
        ("Publication year", "year"),
        ("Venue", "venue"),
        ("Conference or journal", "venue"),
        ("Code repository (optional)", "code"),
        ("GitHub", "code"),
        ("Model weights", "model"),
        ("Model link", "model"),
        ("Task", "task"),
        ("Section", "section"),
        ("Anything else?", None),
        ("Describe the bug", None),
    ],
)
def test_form_labels_name_fields(label: str, key: str | None) -> None:
    assert label_key(label) == key


def test_a_body_request_is_its_command_first_then_its_form() -> None:
    with_command = "/add-paper\ntitle: From the command\n\n" + FORM_BODY
    assert request_in_body(with_command).fields == {"title": "From the command"}
    assert (
        request_in_body(FORM_BODY).fields["title"]
        == "Video Anomaly Detection and Explanation via Large Language Models"
    )
    assert request_in_body("just text") is None


def test_a_bare_comment_command_takes_the_issue_bodys_fields() -> None:
    bare = Command("add-paper", 1, {})
    assert request_for_comment(bare, FORM_BODY) == parse_form(FORM_BODY)
    assert request_for_comment(bare, "no request here") == bare


def test_a_comment_command_with_fields_keeps_its_own() -> None:
    own = Command("add-paper", 1, {"title": "Mine"})
    typo_only = Command("add-paper", 1, {}, unknown=("titel",))
    assert request_for_comment(own, FORM_BODY) == own
    assert request_for_comment(typo_only, FORM_BODY) == typo_only


def test_a_dropdown_answer_survives_a_blank_other_field_after_it() -> None:
    body = "### Title\n\nT\n\n### Venue\n\nC-CVPR\n\n### Other venue\n\n_No response_\n"
    assert parse_form(body).fields == {"title": "T", "venue": "C-CVPR"}


def test_the_other_choice_gives_way_to_the_typed_venue() -> None:
    body = f"### Title\n\nT\n\n### Venue\n\n{OTHER_CHOICE}\n\n### Other venue\n\nJ-NEW\n"
    assert parse_form(body).fields == {"title": "T", "venue": "J-NEW"}
