"""The /add-paper preview comment, the /help reply and the pull request's words: exact text, user text inert."""

from __future__ import annotations

import re
from dataclasses import replace

from bot import preview
from bot.commands import Command, find_commands
from bot.preview import Permission
from rules import parse
from rules.candidate import NewPaper
from rules.insert import Listed, propose

LIST = """\
# Papers

## Detection

| Title | Year | Venue |
| --- | --- | --- |
| [Learning Temporal Regularity in Video Sequences](https://arxiv.org/abs/1604.04574) | 2016 | C-CVPR |
| [Future Frame Prediction for Anomaly Detection](https://arxiv.org/abs/1712.09867) | 2018 | C-CVPR |
| [Memorizing Normality to Detect Anomaly](https://arxiv.org/abs/1904.02639) | 2019 | C-ICCV |
| [Learning Memory-guided Normality for Anomaly Detection](https://arxiv.org/abs/2003.13328) | 2020 | C-CVPR |
| [Generative Cooperative Learning for Unsupervised Video Anomaly Detection](https://arxiv.org/abs/2203.03962) | 2022 | C-CVPR |

## Surveys

| Title | Year | Venue |
| --- | --- | --- |
| [Deep Learning for Anomaly Detection: A Review](https://dl.acm.org/doi/10.1145/3439950) | 2021 | J-CSUR |
"""

CVF_URL = "https://openaccess.thecvf.com/content/CVPR2021/papers/Georgescu_Anomaly_Detection_in_Video_via_Self-Supervised_and_Multi-Task_Learning_CVPR_2021_paper.pdf"
# Fenced blocks and code spans: GitHub neither pings, links nor renders HTML inside them.
CODE_RE = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)
REQUEST = """\
/add-paper
title: Anomaly Detection in Video via Self-Supervised and Multi-Task Learning
url: https://openaccess.thecvf.com/content/CVPR2021/papers/Georgescu_Anomaly_Detection_in_Video_via_Self-Supervised_and_Multi-Task_Learning_CVPR_2021_paper.pdf
year: 2021
venue: cvpr
"""


def proposal_for(body: str):
    command = find_commands(body)[0]
    return command, propose(parse.parse_catalog({"README.md": LIST}), NewPaper.from_fields(command.fields))


def test_a_ready_request_shows_the_row_where_it_goes_and_the_pull_request() -> None:
    command, proposal = proposal_for(REQUEST)
    assert (
        preview.render(command, proposal, Permission.OPENS, pull=preview.Pull(12, updated=True))
        == """\
<!-- paper-triage:add-paper -->

### ✅ Ready to add: Anomaly Detection in Video via Self-Supervised and Multi-Task Learning

**Where:** section `Detection`, in `README.md`, between “Learning Memory-guided Normality for Anomaly Detection” (line 10) and “Generative Cooperative Learning for Unsupervised Video Anomaly Detection” (line 11).

The row it adds:

```markdown
| [Anomaly Detection in Video via Self-Supervised and Multi-Task Learning](https://openaccess.thecvf.com/content/CVPR2021/papers/Georgescu_Anomaly_Detection_in_Video_via_Self-Supervised_and_Multi-Task_Learning_CVPR_2021_paper.pdf) | 2021 | C-CVPR |
```

➡️ Pull request #12 adds it. Editing this issue (or commenting `/add-paper` again) updates it."""
    )


def test_a_contributor_is_told_that_a_maintainer_can_open_it() -> None:
    command, proposal = proposal_for(REQUEST)
    body = preview.render(command, proposal, Permission.NEEDS_MAINTAINER)
    assert body.endswith("\n\nA maintainer can comment `/add-paper` on this issue to open the pull request.")
    assert "Pull request" not in body


def test_a_repository_that_opens_no_pull_requests_says_so() -> None:
    command, proposal = proposal_for(REQUEST)
    assert preview.render(command, proposal, Permission.DISABLED).endswith(
        "\n\nThis repository adds papers by hand: a maintainer can copy the entry above."
    )


def test_a_duplicate_says_where_the_paper_already_is_and_stops() -> None:
    command, proposal = proposal_for(
        "/add-paper\ntitle: Future frame prediction for anomaly detection\nurl: https://arxiv.org/abs/1712.09867\n"
        "year: 2018\nvenue: C-CVPR\nsection: surveys"
    )
    listed = next(entry for entry in parse.parse_catalog({"README.md": LIST}).entries if entry.line == 8)
    # What the duplicate lookup finds is the rules' business (tests/rules); here, how it is told.
    proposal = replace(proposal, existing=(Listed(listed, "Detection"),))
    assert (
        preview.render(command, proposal, Permission.OPENS)
        == """\
<!-- paper-triage:add-paper -->

### 📚 Already in the list: Future frame prediction for anomaly detection

This paper is already in the list, so there is nothing to add:

- “Future Frame Prediction for Anomaly Detection” (2018, C-CVPR) in `Detection`, `README.md` line 8

If it is a different paper, edit the title or link so they tell the two apart, and I will check again."""
    )
    assert not preview.is_ready(command, proposal)


def test_malformed_requests_get_one_clear_line_per_problem() -> None:
    command, proposal = proposal_for("/add-paper\ntitel: Typo\nyear: 19\nsection: Detections\nabstract: A. B")
    assert (
        preview.render(command, proposal, Permission.OPENS)
        == """\
<!-- paper-triage:add-paper -->

### ✋ Not ready to add yet: (no title yet)

#### To fix first

- ❌ I don't know the key `titel` (did you mean `title`?). The keys are `title`, `url`, `year`, `venue`, `code`, `model`, `section`, `task`, `authors`.
- ❌ I don't know the key `abstract`. The keys are `title`, `url`, `year`, `venue`, `code`, `model`, `section`, `task`, `authors`.
- ❌ No `title` given. Add a line `title: <the paper's title>`.
- ❌ No `url` given. Add a line `url: <a link to the paper: arXiv, DOI or the publisher's page>`.
- ❌ No `venue` given. Add a line `venue: <where it was published>`, like `C-CVPR`, `C-ICCV` or `J-CSUR`.
- ❌ The year `19` is not a year. Write four digits, like `2024`.
- ❌ This list has no section `Detections`. Did you mean `Detection`? The sections are `Detection` and `Surveys`.

Edit the issue (or comment `/add-paper` with the corrected fields) and I will update this comment."""
    )


def test_a_bad_url_and_an_unknown_venue_block_with_suggestions() -> None:
    command, proposal = proposal_for(
        "/add-paper\ntitle: A Paper About Anomalies\nurl: www.example.org/paper\nyear: 2021\nvenue: C-CVRP"
    )
    body = preview.render(command, proposal, Permission.OPENS)
    assert (
        "- ❌ The paper link `www.example.org/paper` is not an http(s) URL. Use the full address, starting with `https://`."
        in body
    )
    assert "the venue `C-CVRP`. Did you mean `C-CVPR`" in body
    assert body.startswith("<!-- paper-triage:add-paper -->\n\n### ✋ Not ready to add yet: A Paper About Anomalies\n")
    assert not preview.is_ready(command, proposal)


def test_an_unknown_key_alone_blocks_a_request_the_rules_accept() -> None:
    command, proposal = proposal_for(REQUEST + "doi: 10.1000/x\n")
    assert proposal.ready
    assert not preview.is_ready(command, proposal)
    assert preview.render(command, proposal, Permission.OPENS).endswith(
        "Edit the issue (or comment `/add-paper` with the corrected fields) and I will update this comment."
    )


def test_hostile_text_is_inert_everywhere_it_is_shown() -> None:
    hostile = "@octocat <img src=x onerror=alert(1)> #1 | x"
    command, proposal = proposal_for(
        f"/add-paper\ntitle: {hostile}\nurl: {CVF_URL}\nyear: 2021\nvenue: C-CVPR\n"
        f"section: @admins <script>\n@team-x: y"
    )
    body = preview.render(command, proposal, Permission.OPENS)
    outside_code = CODE_RE.sub("", body)
    assert "@octocat" not in outside_code and "@admins" not in outside_code and "#1 " not in outside_code
    assert not re.search(r"(?<!\\)<(img|script)", outside_code)  # "\<img" shows the text, it is no tag
    assert "### ✋ Not ready to add yet: @\u200boctocat \\<img src=x onerror=alert(1)\\> #\u200b1 \\| x\n" in body
    assert "`@admins <script>`" in body  # in a code span, where GitHub neither pings nor renders HTML
    assert (
        "- ❌ The title holds HTML (`<img src=x onerror=alert(1)>`), which the list would show as markup. Write the title as plain text."
        in body
    )


def test_a_duplicate_still_names_the_open_pull_request() -> None:
    command, proposal = proposal_for(
        "/add-paper\ntitle: Future frame prediction for anomaly detection\nurl: https://arxiv.org/abs/1712.09867\n"
        "year: 2018\nvenue: C-CVPR\nsection: surveys"
    )
    listed = next(entry for entry in parse.parse_catalog({"README.md": LIST}).entries if entry.line == 8)
    proposal = replace(proposal, existing=(Listed(listed, "Detection"),))
    body = preview.render(command, proposal, Permission.OPENS, pull=preview.Pull(5, updated=False))
    assert body.endswith(
        "and I will check again.\n\n⚠️ Pull request #5 is still open with the earlier entry; a maintainer can close it."
    )


def test_a_command_that_finds_no_fields_gets_the_usage() -> None:
    body = preview.render_no_fields("C-CVPR", "Detection")
    assert body.startswith(
        "<!-- paper-triage:add-paper -->\n\n### ✋ No paper to add\n\nComment (or write in the issue)"
    )
    assert "\nvenue: C-CVPR\n" in body and "\nsection: Detection\n" in body


def test_help_has_its_own_marker_and_a_working_example() -> None:
    text = preview.help_text("J-PR", "Surveys")
    assert text.startswith("<!-- paper-triage:help -->\n\n### How to add a paper\n\n")
    example = text.split("```text\n", 1)[1].split("```", 1)[0]
    [command] = find_commands(example)
    assert command == Command(
        "add-paper",
        1,
        {
            "title": "Video Anomaly Detection and Explanation via Large Language Models",
            "url": "https://arxiv.org/abs/2401.05702",
            "year": "2024",
            "venue": "J-PR",
            "code": "https://github.com/owner/repository",
            "section": "Surveys",
        },
    )
    assert find_commands(text) == []  # the example sits in a code block: posting help triggers nothing


def test_the_pull_request_title_body_and_commit_message() -> None:
    _, proposal = proposal_for(REQUEST.replace("Anomaly Detection in Video", "@someone's Anomaly Detection in Video"))
    assert preview.pull_request_title(proposal) == (
        "Add paper: @\u200bsomeone's Anomaly Detection in Video via Self-Supervised and Multi-Task Learning"
    )
    assert preview.commit_message(proposal, 7) == (
        "Add paper: @\u200bsomeone's Anomaly Detection in Video via Self-Supervised and Multi-Task Learning\n\nRequested in #7."
    )
    assert (
        preview.pull_request_body(proposal, 7)
        == """\
Adds “@\u200bsomeone's Anomaly Detection in Video via Self-Supervised and Multi-Task Learning” (2021, C-CVPR) to section `Detection`, as asked in #7.

```markdown
| [@someone's Anomaly Detection in Video via Self-Supervised and Multi-Task Learning](https://openaccess.thecvf.com/content/CVPR2021/papers/Georgescu_Anomaly_Detection_in_Video_via_Self-Supervised_and_Multi-Task_Learning_CVPR_2021_paper.pdf) | 2021 | C-CVPR |
```

Closes #7

<sub>Opened by paper-triage from `/add-paper`; editing the issue or commenting `/add-paper` again updates this pull request.</sub>"""
    )


def test_a_very_long_title_is_clipped_in_prose() -> None:
    command, proposal = proposal_for(REQUEST.replace("title: ", "title: " + "Very " * 40))
    headline = preview.render(command, proposal, Permission.OPENS).split("\n")[2]
    assert headline.endswith("Very Very…") and len(headline) < 130


def test_a_generated_list_shows_the_object_for_its_data_file_and_the_row_it_will_make(list_dir) -> None:
    paths = [
        "README.md",
        "scripts/data.json",
        "scripts/data_weakly.json",
        "scripts/data_surveys.json",
        "scripts/data_datasets.json",
    ]
    catalog = parse.parse_catalog({path: (list_dir / path).read_text(encoding="utf-8") for path in paths})
    command = find_commands(REQUEST.replace("year: 2021", "year: 2021\nsection: Surveys"))[0]
    proposal = propose(catalog, NewPaper.from_fields(command.fields))
    body = preview.render(command, proposal, Permission.NEEDS_MAINTAINER)
    assert "**Where:** section `Surveys`, in `scripts/data_surveys.json`, at the start, before “" in body
    assert "The object it adds to `scripts/data_surveys.json` (only this file changes):\n\n```json\n  {\n" in body
    assert (
        "How the table will show it (generated from `scripts/data_surveys.json`):\n\n```markdown\n| [Anomaly Detection"
        in body
    )


def test_what_was_tidied_is_listed_and_the_entry_shown_is_the_tidy_one() -> None:
    command, proposal = proposal_for(REQUEST.replace("_paper.pdf", "_paper.pdf?utm_source=twitter"))
    body = preview.render(command, proposal, Permission.OPENS, pull=preview.Pull(3, updated=True))
    assert "#### Tidied for you\n\n- The paper link carries tracking parameters (`utm_source`)." in body
    assert "utm_source=twitter)" not in body and f"]({CVF_URL}) | 2021 | C-CVPR |" in body


def test_a_near_match_is_a_warning_that_still_lets_the_paper_in() -> None:
    command, proposal = proposal_for(REQUEST)
    listed = next(entry for entry in parse.parse_catalog({"README.md": LIST}).entries if entry.line == 8)
    proposal = replace(proposal, similar=(Listed(listed, "Detection"),))
    body = preview.render(command, proposal, Permission.OPENS)
    assert (
        "#### Worth a look\n\n- ⚠️ This looks like “Future Frame Prediction for Anomaly Detection” (2018, C-CVPR) in `Detection`, "
        "`README.md` line 8. If it is the same paper, a maintainer can close this issue; if it is a different one, it can be added as it is."
        in body
    )
    assert preview.is_ready(command, proposal)


ITEMS_LIST = """\
# Papers

## Detection

- Learning Temporal Regularity in Video Sequences | **[CVPR' 16]** | [`[pdf]`](https://arxiv.org/abs/1604.04574)
- Future Frame Prediction for Anomaly Detection | **[CVPR' 18]** | [`[pdf]`](https://arxiv.org/abs/1712.09867)
- Memorizing Normality to Detect Anomaly | **[ICCV' 19]** | [`[pdf]`](https://arxiv.org/abs/1904.02639)
- Learning Memory-guided Normality for Anomaly Detection | **[CVPR' 20]** | [`[pdf]`](https://arxiv.org/abs/2003.13328)
"""


def test_a_request_to_a_list_of_items_shows_the_item_in_the_lists_style() -> None:
    command = find_commands(REQUEST)[0]
    proposal = propose(parse.parse_catalog({"README.md": ITEMS_LIST}), NewPaper.from_fields(command.fields))
    text = preview.render(command, proposal, Permission.OPENS)
    assert "### ✅ Ready to add: Anomaly Detection in Video via Self-Supervised and Multi-Task Learning" in text
    assert "The item it adds:" in text
    assert (
        f"- Anomaly Detection in Video via Self-Supervised and Multi-Task Learning | **[CVPR' 21]** | "
        f"[`[pdf]`]({CVF_URL})"
    ) in text
