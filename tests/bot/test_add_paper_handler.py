"""/add-paper end to end: real webhook payloads, through PyGithub, against the fake GitHub holding the real list.

Each test puts the bundled list (a README generated from scripts/data*.json) on the fake repository's main
branch, opens an issue or writes a comment there, dispatches the delivery through ``bot.handlers.ROUTER``
and asserts what GitHub now holds: the reaction, the one preview comment, the branch, the file, the PR.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest

from bot import gateway as gh
from bot import preview
from bot.events import Event
from bot.handlers import ROUTER
from bot.issue_form import OTHER_CHOICE
from bot.router import HandlerFailed
from tests.conftest import FIXTURES, LIST_DIR
from tests.fakegithub import FakeGitHub, generate_private_key
from tests.fakegithub.state import Issue, Repo

APP_ID, INSTALLATION = 5151, 88
REPO = "papers-org/awesome-vad"
WEBHOOKS = FIXTURES / "github" / "webhooks"
README = (LIST_DIR / "README.md").read_text(encoding="utf-8")
DATA_FILES = {
    f"scripts/{path.name}": path.read_text(encoding="utf-8")
    for path in sorted((LIST_DIR / "scripts").glob("data*.json"))
}
MAINTAINER, CONTRIBUTOR = "maintainer", "alice"
BRANCH = "paper-triage/add-paper-{}"

CVF_URL = "https://openaccess.thecvf.com/content/CVPR2024/papers/Doe_Temporal_Prototype_Memory_CVPR_2024_paper.pdf"
TITLE = "Temporal Prototype Memory for Unsupervised Video Anomaly Detection"
REQUEST = f"""\
Please add our CVPR paper, thanks!

/add-paper
Title: {TITLE}
URL: {CVF_URL}
Year: 2024
Venue: CVPR
Code: [GitHub](https://github.com/jdoe/tpm-vad)
"""
# The object the request adds to scripts/data.json, between the last 2024 paper (ending line 589) and the
# first 2025 paper, in the file's own key order, nesting, blank values and indentation.
OBJECT = f"""\
  {{
    "Title": "{TITLE}",
    "Link": "{CVF_URL}",
    "Date": "2024",
    "Venue": "C-CVPR",
    "Task": [ "Video" ],
    "Resource": {{
      "Code": "https://github.com/jdoe/tpm-vad"
    }},
    "Model": "Model",
    "ModelLink": ""
  }},
"""
LAST_2024_END = 589


def with_object(text: str, after_line: int, obj: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[:after_line]) + obj + "".join(lines[after_line:])


# --- set-up --------------------------------------------------------------------------------------------------


@pytest.fixture
def repo(fake_github: FakeGitHub) -> Repo:
    fake_github.register_app(APP_ID, generate_private_key())
    fake_github.add_installation(INSTALLATION)
    repo = fake_github.add_repo(REPO)
    repo.commit("main", {"README.md": README, **DATA_FILES}, message="The list")
    repo.permissions[MAINTAINER] = "write"
    return repo


@pytest.fixture
def factory(fake_github: FakeGitHub, repo: Repo) -> gh.GatewayFactory:
    factory = gh.PyGithubGatewayFactory(api_url=fake_github.url, app_id=APP_ID, private_key=generate_private_key())
    factory.my_login()
    return factory


_deliveries = itertools.count(1)


def payload(name: str) -> dict[str, Any]:
    return json.loads((WEBHOOKS / f"{name}.json").read_text(encoding="utf-8"))


def _point_at(body: dict[str, Any], repo: Repo, issue: Issue, sender: str, sender_type: str) -> dict[str, Any]:
    body["repository"].update(full_name=repo.full_name, name=repo.full_name.split("/")[1], default_branch="main")
    body["repository"]["owner"]["login"] = repo.owner
    body["installation"] = {"id": INSTALLATION, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uODg="}
    body["sender"].update(login=sender, type=sender_type)
    body["issue"].update(number=issue.number, title=issue.title, body=issue.body)
    body["issue"]["user"].update(login=issue.author.login, type="User")
    body["issue"].pop("pull_request", None)
    return body


def issue_event(
    action: str, repo: Repo, issue: Issue, sender: str, old_body: str | None = None, sender_type: str = "User"
) -> Event:
    """A real ``issues`` delivery (opened: octocrab's App delivery; edited: a real body change)."""
    fixture = "issues.opened.app-2023" if action == "opened" else "issues.edited.body-change"
    body = _point_at(payload(fixture), repo, issue, sender, sender_type)
    body["action"] = action
    if action == "edited":
        body["changes"] = {"body": {"from": old_body or ""}}
    return Event.from_delivery("issues", f"delivery-{next(_deliveries)}", body)


def comment_event(
    repo: Repo, issue: Issue, text: str, author: str, author_type: str = "User", action: str = "created"
) -> Event:
    """A real ``issue_comment`` delivery for a comment that now exists on the fake."""
    comment = repo.add_comment(issue.number, text, author=author, user_type=author_type)
    body = _point_at(payload("issue_comment.created.issue"), repo, issue, author, author_type)
    body["action"] = action
    body["comment"].update(id=comment.id, body=text)
    body["comment"]["user"].update(login=author, type=author_type)
    return Event.from_delivery("issue_comment", f"delivery-{next(_deliveries)}", body)


def dispatch(factory: gh.GatewayFactory, event: Event) -> None:
    ROUTER.dispatch(event, factory(event.installation_id))


def bot_comments(fake: FakeGitHub, repo: Repo, marker: str = preview.MARKER) -> list[str]:
    return [c.body for c in repo.issue_comments.values() if c.user == fake.bot and marker in c.body]


def only_preview(fake: FakeGitHub, repo: Repo) -> str:
    [body] = bot_comments(fake, repo)
    return body


def open_pulls(repo: Repo) -> list[Any]:
    return [pull for pull in repo.pulls.values() if pull.state == "open"]


def reactions(repo: Repo) -> list[tuple[str, int | None]]:
    return [(reaction.content, reaction.comment_id) for reaction in repo.reactions]


# --- a maintainer's request becomes a pull request --------------------------------------------------------------


def test_a_collaborators_request_gets_a_preview_and_a_pull_request_adding_exactly_one_object(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("Add TPM", REQUEST, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))

    assert reactions(repo) == [("eyes", None)]
    [pull] = open_pulls(repo)
    assert (pull.head_ref, pull.base_ref) == (BRANCH.format(issue.number), "main")
    assert pull.title == f"Add paper: {TITLE}"
    assert f"Closes #{issue.number}" in pull.body and '"Venue": "C-CVPR"' in pull.body
    branch = BRANCH.format(issue.number)
    assert repo.text("scripts/data.json", branch) == with_object(DATA_FILES["scripts/data.json"], LAST_2024_END, OBJECT)
    assert [f["filename"] for f in pull.files()] == ["scripts/data.json"]  # the generated README is left alone
    body = only_preview(fake_github, repo)
    assert body.startswith(f"{preview.MARKER}\n\n### ✅ Ready to add: {TITLE}\n")
    assert f"➡️ Pull request #{pull.number} adds it." in body


def test_a_markdown_only_list_gets_exactly_one_added_row(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    repo.commit("main", {path: None for path in DATA_FILES}, message="README only")
    issue = repo.open_issue("Add TPM", REQUEST, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    row = (
        f"| [{TITLE}]({CVF_URL}) | 2024 | C-CVPR | ![](./assets/video.svg) "
        "| [![](./assets/code.svg)](https://github.com/jdoe/tpm-vad) | - |\n"
    )
    lines = README.splitlines(keepends=True)
    assert repo.text("README.md", BRANCH.format(issue.number)) == "".join(lines[:63]) + row + "".join(lines[63:])


def test_the_preview_always_names_the_open_pull_request_even_when_an_edit_does_not_update_it(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("Add TPM", REQUEST, author=CONTRIBUTOR)
    dispatch(factory, comment_event(repo, issue, "/add-paper", author=MAINTAINER))
    [pull] = open_pulls(repo)
    branch_text = repo.text("scripts/data.json", BRANCH.format(issue.number))

    old_body, issue.body = issue.body, REQUEST + "Section: Surveys\n"
    dispatch(factory, issue_event("edited", repo, issue, CONTRIBUTOR, old_body=old_body))
    ready = only_preview(fake_github, repo)
    assert ready.endswith(
        f"⚠️ Pull request #{pull.number} still holds the earlier entry; a maintainer can comment `/add-paper` to "
        "update it to this one."
    )

    old_body, issue.body = issue.body, REQUEST.replace("Year: 2024\n", "").replace("Venue: CVPR", "Venue: NOPE")
    dispatch(factory, issue_event("edited", repo, issue, CONTRIBUTOR, old_body=old_body))
    blocked = only_preview(fake_github, repo)
    assert blocked.startswith(f"{preview.MARKER}\n\n### ✋ Not ready to add yet: {TITLE}\n")
    assert "No `year` given." in blocked and "the venue `NOPE`" in blocked
    assert blocked.endswith(
        f"⚠️ Pull request #{pull.number} is still open with the earlier entry; I leave it as it is until the request "
        "is ready again (a maintainer can close it if the paper should not be added)."
    )
    assert open_pulls(repo) == [pull]
    assert repo.text("scripts/data.json", BRANCH.format(issue.number)) == branch_text


# --- contributors, permissions ----------------------------------------------------------------------------------


def test_a_contributor_gets_the_preview_and_a_maintainer_comment_opens_the_pull_request(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("Add TPM", REQUEST, author=CONTRIBUTOR)
    dispatch(factory, issue_event("opened", repo, issue, CONTRIBUTOR))
    assert open_pulls(repo) == [] and BRANCH.format(issue.number) not in repo.branches
    first = only_preview(fake_github, repo)
    assert first.endswith("A maintainer can comment `/add-paper` on this issue to open the pull request.")
    assert "```json\n  {\n" in first

    event = comment_event(repo, issue, "Looks good.\n/add-paper", author=MAINTAINER)
    dispatch(factory, event)
    [pull] = open_pulls(repo)
    assert reactions(repo) == [("eyes", None), ("eyes", event.payload["comment"]["id"])]
    assert f"➡️ Pull request #{pull.number} adds it." in only_preview(fake_github, repo)  # the same comment, edited


@pytest.mark.parametrize(("allowed", "opens"), [("anyone", True), ("never", False)])
def test_the_config_decides_who_may_open_the_pull_request(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, allowed: str, opens: bool
) -> None:
    repo.commit("main", {".github/paper-triage.yml": f"add_paper:\n  allowed: {allowed}\n"})
    issue = repo.open_issue("Add TPM", REQUEST, author=CONTRIBUTOR if opens else MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, issue.author.login))
    assert len(open_pulls(repo)) == (1 if opens else 0)
    if not opens:
        assert only_preview(fake_github, repo).endswith(
            "This repository adds papers by hand: a maintainer can copy the entry above."
        )


def test_a_broken_config_is_reported_instead_of_guessing(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    repo.commit("main", {".github/paper-triage.yml": "add_paper:\n  allowed: everybody\n"})
    issue = repo.open_issue("Add TPM", REQUEST, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    body = only_preview(fake_github, repo)
    assert "### ✋ I cannot check this request yet" in body and "`add_paper.allowed`" in body
    assert open_pulls(repo) == []


# --- re-runs: one comment, one branch, one pull request -----------------------------------------------------------


def test_an_edited_issue_updates_the_same_comment_and_the_same_pull_request(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("Add TPM", REQUEST.replace("Year: 2024", "Year: 2024\nSection: Surveys"), author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    [pull] = open_pulls(repo)
    assert repo.text("scripts/data_surveys.json", pull.head_ref) != DATA_FILES["scripts/data_surveys.json"]

    old_body, issue.body = issue.body, REQUEST.replace(TITLE, "Temporal Prototype Memory for Video Anomaly Detection")
    dispatch(factory, issue_event("edited", repo, issue, MAINTAINER, old_body=old_body))

    assert open_pulls(repo) == [pull]
    assert pull.title == "Add paper: Temporal Prototype Memory for Video Anomaly Detection"
    branch_text = repo.text("scripts/data.json", pull.head_ref)
    assert branch_text == with_object(
        DATA_FILES["scripts/data.json"],
        LAST_2024_END,
        OBJECT.replace(TITLE, "Temporal Prototype Memory for Video Anomaly Detection"),
    )
    # The paper moved from Surveys to the main list: the branch no longer touches the surveys file.
    assert repo.text("scripts/data_surveys.json", pull.head_ref) == DATA_FILES["scripts/data_surveys.json"]
    assert [f["filename"] for f in pull.files()] == ["scripts/data.json"]
    body = only_preview(fake_github, repo)
    assert "Ready to add: Temporal Prototype Memory for Video Anomaly Detection" in body


def test_a_title_only_edit_is_ignored(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    issue = repo.open_issue("Add TPM", REQUEST, author=MAINTAINER)
    event = issue_event("edited", repo, issue, MAINTAINER)
    event.payload["changes"] = {"title": {"from": "Add a paper"}}
    fake_github.clear_requests()
    dispatch(factory, event)
    assert fake_github.api_requests == []


def test_an_existing_branch_and_pull_request_are_reused(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("Add TPM", REQUEST, author=MAINTAINER)
    branch = BRANCH.format(issue.number)
    repo.commit(branch, {})
    earlier = repo.open_pull(branch, author=fake_github.bot.login, title="Add paper: something else")
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    assert open_pulls(repo) == [earlier]
    assert earlier.title == f"Add paper: {TITLE}"
    assert f"➡️ Pull request #{earlier.number} adds it." in only_preview(fake_github, repo)


def test_a_failed_pull_request_is_retried_without_doubling_anything(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("Add TPM", REQUEST, author=MAINTAINER)
    event = issue_event("opened", repo, issue, MAINTAINER)
    fake_github.fail("POST", rf"/repos/{REPO}/pulls", status=502)
    with pytest.raises(HandlerFailed) as failed:
        dispatch(factory, event)
    assert isinstance(failed.value.__cause__, gh.TransientGitHubError)
    dispatch(factory, event)  # the queue runs the job again
    assert len(open_pulls(repo)) == 1
    assert len(bot_comments(fake_github, repo)) == 1
    assert repo.text("scripts/data.json", BRANCH.format(issue.number)) == with_object(
        DATA_FILES["scripts/data.json"], LAST_2024_END, OBJECT
    )


# --- what must not happen ---------------------------------------------------------------------------------------


def test_a_duplicate_opens_nothing_and_says_where_the_paper_is(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    request = (
        "/add-paper\ntitle: BatchNorm-based weakly supervised video anomaly detection\n"
        "url: https://ieeexplore.ieee.org/document/10649595\nyear: 2024\nvenue: J-TCSVT\nsection: weakly"
    )
    issue = repo.open_issue("Add BN-WVAD", request, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    assert open_pulls(repo) == [] and BRANCH.format(issue.number) not in repo.branches
    body = only_preview(fake_github, repo)
    assert "### 📚 Already in the list" in body
    assert (
        "“BatchNorm-based Weakly Supervised Video Anomaly Detection” (2024, J-IToCnSVT) in `Weakly Supervised VAD`, `scripts/data_weakly.json` line 2"
        in body
    )


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        (REQUEST.replace(f"Title: {TITLE}\n", ""), "No `title` given."),
        (REQUEST.replace(CVF_URL, "openaccess.thecvf.com/paper.pdf"), "is not an http(s) URL"),
        (REQUEST.replace("Venue: CVPR", "Venue: C-CVRP"), "the venue `C-CVRP`. Did you mean `C-CVPR`"),
        (REQUEST.replace("Year: 2024", "Year: 2024\nAbstract: We propose"), "I don't know the key `Abstract`."),
        (REQUEST.replace("Year: 2024", "Yeer: 2024"), "I don't know the key `Yeer` (did you mean `year`?)."),
    ],
)
def test_a_malformed_request_gets_a_clear_reply_and_no_pull_request(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, request_text: str, expected: str
) -> None:
    issue = repo.open_issue("Add TPM", request_text, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    body = only_preview(fake_github, repo)
    assert "### ✋ Not ready to add yet" in body and expected in body
    assert open_pulls(repo) == [] and BRANCH.format(issue.number) not in repo.branches


@pytest.mark.parametrize(
    "text",
    [
        "How do I ask? Like this:\n\n```\n/add-paper\ntitle: x\n```",
        "> /add-paper\n> title: quoted from another issue",
        "<!-- /add-paper -->\nJust a question.",
        "Please run /add-paper on this.",
    ],
)
def test_a_command_a_reader_does_not_see_as_one_is_ignored(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, text: str
) -> None:
    issue = repo.open_issue("Question", text, author=MAINTAINER)
    event = issue_event("opened", repo, issue, MAINTAINER)
    comment = comment_event(repo, issue, text, author=MAINTAINER)
    fake_github.clear_requests()
    dispatch(factory, event)
    dispatch(factory, comment)
    assert fake_github.api_requests == []


def test_commands_from_bots_and_from_the_app_itself_are_ignored(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("Add TPM", "", author=MAINTAINER)
    fake_github.clear_requests()
    dispatch(factory, comment_event(repo, issue, REQUEST, author="dependabot[bot]", author_type="Bot"))
    dispatch(factory, comment_event(repo, issue, REQUEST, author=fake_github.bot.login, author_type="Bot"))
    assert fake_github.api_requests == []


def test_a_pasted_marker_does_not_hijack_the_preview(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("Add TPM", REQUEST, author=CONTRIBUTOR)
    trap = repo.add_comment(issue.number, f"{preview.MARKER}\nmy comment", author=CONTRIBUTOR)
    dispatch(factory, issue_event("opened", repo, issue, CONTRIBUTOR))
    assert trap.body == f"{preview.MARKER}\nmy comment"
    assert only_preview(fake_github, repo).startswith(f"{preview.MARKER}\n\n### ✅ Ready to add")


# --- issue forms, /help ------------------------------------------------------------------------------------------


def test_an_issue_form_body_is_a_request(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    form = (
        f"### Title\n\n{TITLE}\n\n### URL\n\n{CVF_URL}\n\n### Year\n\n2024\n\n### Venue\n\n{OTHER_CHOICE}\n\n"
        "### Other venue\n\nC-CVPR\n\n### Section\n\nMain list\n\n### Code\n\nhttps://github.com/jdoe/tpm-vad\n\n"
        "### Model\n\n_No response_\n"
    )
    issue = repo.open_issue(f"Add paper: {TITLE}", form, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    [pull] = open_pulls(repo)
    assert repo.text("scripts/data.json", pull.head_ref) == with_object(
        DATA_FILES["scripts/data.json"], LAST_2024_END, OBJECT
    )


def test_an_empty_command_in_an_issue_without_fields_gets_the_usage(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("A paper", "There is a new paper about anomalies.", author=CONTRIBUTOR)
    dispatch(factory, comment_event(repo, issue, "/add-paper", author=CONTRIBUTOR))
    assert only_preview(fake_github, repo).startswith(f"{preview.MARKER}\n\n### ✋ No paper to add\n\n")
    assert open_pulls(repo) == []


def test_help_is_answered_once_in_its_own_comment(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    issue = repo.open_issue("How?", "", author=CONTRIBUTOR)
    first = comment_event(repo, issue, "/help", author=CONTRIBUTOR)
    dispatch(factory, first)
    dispatch(factory, comment_event(repo, issue, "/help", author=CONTRIBUTOR))
    [body] = bot_comments(fake_github, repo, preview.HELP_MARKER)
    assert body == preview.help_text()
    assert reactions(repo)[0] == ("eyes", first.payload["comment"]["id"])
    assert bot_comments(fake_github, repo) == []  # no preview: nobody asked for a paper


def test_a_closed_issue_is_left_alone(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    issue = repo.open_issue("Add TPM", REQUEST, author=MAINTAINER)
    edited = issue_event("edited", repo, issue, MAINTAINER, old_body="")
    comment = comment_event(repo, issue, "/add-paper", author=MAINTAINER)
    for event in (edited, comment):
        event.payload["issue"]["state"] = "closed"
    fake_github.clear_requests()
    dispatch(factory, edited)
    dispatch(factory, comment)
    assert fake_github.api_requests == []


def test_a_link_that_is_not_one_address_is_refused_not_encoded(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    hostile = REQUEST.replace(
        "Code: [GitHub](https://github.com/jdoe/tpm-vad)", "Code: https://github.com/a/b @octocat <b>x</b>"
    )
    issue = repo.open_issue("Add TPM", hostile, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    body = only_preview(fake_github, repo)
    assert "### ✋ Not ready to add yet" in body
    assert "The code link `https://github.com/a/b @octocat <b>x</b>` is not one web address" in body
    assert "%20" not in body and "%3C" not in body
    assert open_pulls(repo) == [] and BRANCH.format(issue.number) not in repo.branches


def test_invisible_and_reordering_characters_are_shown_wherever_a_title_is_echoed(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    hostile = REQUEST.replace(TITLE, f"{TITLE} \u202eevil\u2066x\u2069")
    issue = repo.open_issue("Add TPM", hostile, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    [pull] = open_pulls(repo)
    message = repo.messages[repo.branches[BRANCH.format(issue.number)]]
    outside_blocks = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)  # the entry itself is the rules' business
    for where, text in (
        ("preview", outside_blocks.sub("", only_preview(fake_github, repo))),
        ("title", pull.title),
        ("body", outside_blocks.sub("", pull.body)),
        ("commit", message),
    ):
        assert not {"\u202e", "\u2066", "\u2069"} & set(text), where
    assert "[U+202E]evil[U+2066]x[U+2069]" in pull.title and "[U+202E]evil[U+2066]x[U+2069]" in message


NUMBERED_LIST = """\
# Awesome Video Anomaly Detection

## Papers

1. **[CVPR 2024]** [Memory Guided Normality for Video Anomaly Detection](https://arxiv.org/abs/2403.00001)
2. **[ICCV 2023]** [Prototype Learning for Weakly Supervised Anomalies](https://arxiv.org/abs/2308.00002)
   With a description on its continuation line.
3. **[ECCV 2022]** [Object Centric Event Detection in Long Videos](https://arxiv.org/abs/2207.00003)
4. **[NeurIPS 2021]** [Clip Level Memory for Anomaly Scoring](https://arxiv.org/abs/2110.00004)
"""


def test_a_list_numbered_in_sequence_is_renumbered_in_the_pull_request_and_the_preview(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    repo.commit("main", {"README.md": NUMBERED_LIST, **{path: None for path in DATA_FILES}}, message="numbered")
    request = (
        "/add-paper\nTitle: Temporal Prototype Memory for Video Anomalies\n"
        "URL: https://arxiv.org/abs/2306.00005\nYear: 2023\nVenue: CVPR\n"
    )
    issue = repo.open_issue("Add TPM", request, author=MAINTAINER)
    dispatch(factory, issue_event("opened", repo, issue, MAINTAINER))
    item = "2. **[CVPR 2023]** [Temporal Prototype Memory for Video Anomalies](https://arxiv.org/abs/2306.00005)\n"
    lines = NUMBERED_LIST.splitlines(keepends=True)
    renumbered = [re.sub(r"^\d", lambda found: str(int(found[0]) + 1), line) for line in lines[5:]]
    assert repo.text("README.md", BRANCH.format(issue.number)) == "".join(lines[:5] + [item] + renumbered)
    assert item.strip() in only_preview(fake_github, repo)  # the preview shows the number the pull request writes
