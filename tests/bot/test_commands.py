"""Finding /add-paper, /help and /recheck in issue bodies and comments, and reading their fields."""

from __future__ import annotations

import pytest

from bot import commands
from bot.commands import Command, find_commands

REAL_REQUEST = """\
Hi! Could you add our paper? It was accepted at CVPR this year.

/add-paper
Title: Harnessing Large Language Models for Training-free Video Anomaly Detection
URL: https://openaccess.thecvf.com/content/CVPR2024/papers/Zanella_Harnessing_CVPR_2024_paper.pdf
Year: 2024
Venue: CVPR
Code: [GitHub](https://github.com/lucazanella/lavad)

Thanks a lot for maintaining this list!
"""


def test_a_real_request_gives_every_field_with_links_resolved() -> None:
    assert find_commands(REAL_REQUEST) == [
        Command(
            "add-paper",
            3,
            {
                "title": "Harnessing Large Language Models for Training-free Video Anomaly Detection",
                "url": "https://openaccess.thecvf.com/content/CVPR2024/papers/Zanella_Harnessing_CVPR_2024_paper.pdf",
                "year": "2024",
                "venue": "CVPR",
                "code": "https://github.com/lucazanella/lavad",
            },
        )
    ]


def test_keys_are_case_insensitive_and_link_and_date_are_aliases() -> None:
    body = "/add-paper\nTITLE: A\nLink: https://a.org/1\nDate: 2023\nveNUE: J-PR\nSection: Surveys\nTask: video"
    assert find_commands(body)[0].fields == {
        "title": "A",
        "url": "https://a.org/1",
        "year": "2023",
        "venue": "J-PR",
        "section": "Surveys",
        "task": "video",
    }


def test_a_title_written_as_a_link_gives_the_url_too() -> None:
    body = "/add-paper\ntitle: [Dual GroupGAN](https://www.sciencedirect.com/science/article/abs/pii/S0031320324002516)\nyear: 2024"
    assert find_commands(body)[0].fields == {
        "title": "Dual GroupGAN",
        "url": "https://www.sciencedirect.com/science/article/abs/pii/S0031320324002516",
        "year": "2024",
    }


def test_an_explicit_url_wins_over_the_title_link() -> None:
    body = "/add-paper\nurl: https://b.org/2\ntitle: [B](https://b.org/old)"
    assert find_commands(body)[0].fields == {"title": "B", "url": "https://b.org/2"}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("<https://github.com/o/r>", "https://github.com/o/r"),
        ("[code](https://github.com/o/r)", "https://github.com/o/r"),
        ("`https://github.com/o/r`", "https://github.com/o/r"),
        ("https://github.com/o/r", "https://github.com/o/r"),
    ],
)
def test_url_values_may_be_links_autolinks_or_code(written: str, value: str) -> None:
    assert find_commands(f"/add-paper\ncode: {written}")[0].fields == {"code": value}


def test_bullets_and_bold_keys_are_read() -> None:
    body = "/add-paper\n- **Title**: Bold key\n* **Year:** 2022\n+ venue: C-ECCV"
    assert find_commands(body)[0].fields == {"title": "Bold key", "year": "2022", "venue": "C-ECCV"}


def test_unknown_keys_are_reported_and_repeated_fields_noted() -> None:
    command = find_commands("/add-paper\ntitel: Typo\nAbstract: A. B\ntitle: One\ntitle: Two")[0]
    assert command.fields == {"title": "Two"}
    assert command.unknown == ("titel", "Abstract")
    assert command.repeated == ("title",)


def test_blank_values_are_dropped() -> None:
    command = find_commands("/add-paper\ntitle: T\ncode: -\nmodel: _No response_\nsection:")[0]
    assert command.fields == {"title": "T"}


def test_fields_may_follow_a_blank_line_and_end_at_the_next_one() -> None:
    body = "/add-paper\n\ntitle: T\nyear: 2024\n\nvenue: ignored, after a blank line"
    assert find_commands(body) == [Command("add-paper", 1, {"title": "T", "year": "2024"})]


def test_fields_end_at_prose() -> None:
    body = "/add-paper\ntitle: T\nThis paper is great.\nyear: 2024"
    assert find_commands(body)[0].fields == {"title": "T"}


def test_a_field_on_the_command_line_is_read() -> None:
    assert find_commands("/add-paper title: Inline\nyear: 2020")[0].fields == {"title": "Inline", "year": "2020"}


def test_a_field_needs_no_space_after_its_colon() -> None:
    body = "/add-paper\ntitle:Masked Autoencoders\nurl:https://arxiv.org/abs/2401.05702\nyear:2024"
    assert find_commands(body)[0].fields == {
        "title": "Masked Autoencoders",
        "url": "https://arxiv.org/abs/2401.05702",
        "year": "2024",
    }


def test_a_url_line_is_not_taken_for_a_field() -> None:
    body = "/add-paper\nhttps://arxiv.org/abs/2401.05702"
    assert find_commands(body) == [Command("add-paper", 1, {})]


def test_bare_add_paper_has_no_fields() -> None:
    assert find_commands("/add-paper") == [Command("add-paper", 1, {})]


def test_help_and_recheck_are_found_in_order() -> None:
    assert find_commands("/help\nsome text\n/recheck please") == [Command("help", 1), Command("recheck", 3)]


def test_a_command_ends_the_previous_fields() -> None:
    assert find_commands("/add-paper\ntitle: T\n/help") == [Command("add-paper", 1, {"title": "T"}), Command("help", 3)]


def test_crlf_bodies_are_read() -> None:
    assert find_commands("/add-paper\r\ntitle: T\r\nyear: 2024\r\n")[0].fields == {"title": "T", "year": "2024"}


@pytest.mark.parametrize(
    "body",
    [
        "Please run /add-paper for me",  # not at the start of a line
        "/add-papers\ntitle: T",  # another word
        "/helpme",
        "```\n/add-paper\ntitle: T\n```",  # fenced code
        "~~~~markdown\n/add-paper\n~~~\n~~~~",  # a longer tilde fence, with a shorter one inside
        "Example:\n\n    /add-paper\n    title: T",  # indented code
        "> /add-paper\n> title: T",  # a block quote (a reply quoting someone)
        "<!-- /add-paper -->",  # an HTML comment
        "<!--\n/add-paper\ntitle: T\n-->",  # a comment across lines
        "    /help",
    ],
)
def test_hidden_or_embedded_commands_are_ignored(body: str) -> None:
    assert find_commands(body) == []


def test_an_indented_line_inside_a_paragraph_is_not_code() -> None:
    body = "Some text\n    /help"
    # Four spaces after a paragraph line continue the paragraph; still not at the start of a line.
    assert find_commands(body) == []


def test_a_command_after_a_closed_fence_counts() -> None:
    body = "```\n/add-paper\n```\n/add-paper\ntitle: Real"
    assert find_commands(body) == [Command("add-paper", 4, {"title": "Real"})]


def test_a_command_after_a_closed_comment_counts() -> None:
    assert find_commands("<!--\nhidden\n-->\n/help") == [Command("help", 4)]


def test_an_unclosed_fence_hides_the_rest() -> None:
    assert find_commands("```\n/help\n") == []


def test_a_backtick_fence_with_backticks_in_its_info_is_not_a_fence() -> None:
    assert find_commands("``` `x`\n/help") == [Command("help", 2)]


def test_commands_are_case_insensitive() -> None:
    assert find_commands("/Add-Paper\nTitle: T") == [Command("add-paper", 1, {"title": "T"})]


def test_none_and_empty_bodies_have_no_commands() -> None:
    assert find_commands(None) == []
    assert find_commands("") == []


def test_hostile_values_are_kept_as_text_for_the_renderer_to_escape() -> None:
    body = "/add-paper\ntitle: @octocat <img src=x onerror=alert(1)> | #1\nurl: javascript:alert(1)"
    assert find_commands(body)[0].fields == {
        "title": "@octocat <img src=x onerror=alert(1)> | #1",
        "url": "javascript:alert(1)",
    }


def test_a_huge_body_is_read_only_up_to_githubs_limit() -> None:
    body = "x\n" * 40_000 + "/help"
    assert find_commands(body) == []


def test_too_many_fields_are_cut() -> None:
    body = "/add-paper\n" + "\n".join(f"key{n}: v" for n in range(100))
    assert len(find_commands(body)[0].unknown) == commands.MAX_FIELDS


def test_first_finds_a_command_by_name() -> None:
    found = find_commands("/help\n/add-paper\ntitle: T")
    assert commands.first(found, "add-paper") == Command("add-paper", 2, {"title": "T"})
    assert commands.first(found, "recheck") is None


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("Title", "title"),
        ("LINK", "url"),
        ("date", "year"),
        ("Tasks", "task"),
        ("Author", "authors"),
        ("abstract", None),
        ("Authors", "authors"),
        ("url ", "url"),
    ],
)
def test_canonical_key(key: str, name: str | None) -> None:
    assert commands.canonical_key(key) == name
