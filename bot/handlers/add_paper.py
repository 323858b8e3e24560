"""``/add-paper`` and ``/help`` in issues: preview the entry a request would add, and open (or update) the
pull request that adds it when the requester may.

Triggers: ``issues`` opened and edited (a command or an issue form in the body), ``issue_comment`` created
and edited (a command in the comment); a closed issue's request is over and left alone. Three steps: fetch (config and list from the default branch) →
decide (``rules.insert.propose``, ``bot.preview``: pure) → act (reaction, branch, file, pull request, the
one preview comment). Events sent by bots, this app included, never trigger anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import commands, issue_form, preview, repository
from bot.commands import Command
from bot.errors import ConfigError
from bot.events import Event
from bot.filled import FILLED, Filled, fill
from bot.gateway import GitHub, GitHubRequestError
from bot.preview import Permission
from bot.records import link_lookup_for
from bot.repo_config import CONFIG_PATH, AddPaperPermission, RepoConfig
from bot.review import other_list_paths
from bot.router import Router
from rules import insert, parse, sections, venues
from rules.candidate import NewPaper
from rules.insert import Proposal

router = Router()

REACTION = "eyes"
BRANCH = "paper-triage/add-paper-{issue}"
UNDO_MESSAGE = "Undo the earlier /add-paper change to {path}\n\nThe request in #{issue} now adds the paper elsewhere."
# GitHub's roles that may push to the repository: the "collaborators" setting.
WRITE_ROLES = frozenset({"admin", "maintain", "write"})
CONFIG_BROKEN = (
    "{marker}\n\n### ✋ I cannot check this request yet\n\n{error}\n\n"
    "A maintainer can fix `{path}` on the default branch, then comment `/add-paper` here."
)


@dataclass(frozen=True)
class Request:
    """One ``/add-paper`` to answer: where, who asked, what they asked, and what to react to."""

    repo: str
    default_branch: str
    issue: int
    requester: str
    command: Command
    comment_id: int | None


# --- triggers ------------------------------------------------------------------------------------------------


@router.register("issues", "opened", "edited")
def issue_written(event: Event, gh: GitHub, documents: parse.DocumentCache | None = None) -> None:
    """An issue opened or its body edited: answer the ``/add-paper`` (or issue form) it holds, if any."""
    issue = event.payload.get("issue") or {}
    if event.action == "edited" and "body" not in (event.payload.get("changes") or {}):
        return  # a title or label edit changes no field
    command = issue_form.request_in_body(issue.get("body"))
    if command is not None and issue.get("state") != "closed":
        answer(gh, _request(event, command, comment_id=None), documents)


@router.register("issue_comment", "created", "edited")
def comment_written(event: Event, gh: GitHub, documents: parse.DocumentCache | None = None) -> None:
    """A comment with ``/help`` or ``/add-paper`` (on an issue; ``/help`` on pull requests too)."""
    issue = event.payload.get("issue") or {}
    comment = event.payload.get("comment") or {}
    found = commands.find_commands(comment.get("body"))
    asked_help = commands.first(found, commands.HELP)
    if asked_help is not None and event.action == "created":
        gh.add_reaction(_repo(event), comment.get("id"), issue["number"], REACTION)
        gh.upsert_comment(_repo(event), issue["number"], preview.HELP_MARKER, preview.help_text())
    add = commands.first(found, commands.ADD_PAPER)
    if add is not None and "pull_request" not in issue and issue.get("state") != "closed":
        command = issue_form.request_for_comment(add, issue.get("body"))
        answer(gh, _request(event, command, comment_id=comment.get("id")), documents)


def _request(event: Event, command: Command, comment_id: int | None) -> Request:
    issue = event.payload["issue"]
    return Request(
        repo=_repo(event),
        default_branch=event.payload["repository"]["default_branch"],
        issue=issue["number"],
        requester=event.sender_login or "",
        command=command,
        comment_id=comment_id,
    )


def _repo(event: Event) -> str:
    assert event.repository is not None, "issue events always name their repository"
    return event.repository


# --- fetch → decide → act ------------------------------------------------------------------------------------


def answer(gh: GitHub, request: Request, documents: parse.DocumentCache | None = None) -> None:
    """React, check the request against the list, open or update the pull request when allowed, and
    write the one preview comment. The list is parsed through the worker's ``documents`` cache, if any."""
    gh.add_reaction(request.repo, request.comment_id, request.issue, REACTION)
    try:
        config = repository.load_config(gh, request.repo, request.default_branch)
    except ConfigError as error:
        body = CONFIG_BROKEN.format(marker=preview.MARKER, error=error, path=CONFIG_PATH)
        gh.upsert_comment(request.repo, request.issue, preview.MARKER, body)
        return
    if not request.command.fields and not request.command.unknown:
        gh.upsert_comment(request.repo, request.issue, preview.MARKER, preview.render_no_fields())
        return
    texts = fetch_list(gh, request.repo, request.default_branch, config)
    catalog = parse.parse_readable(
        texts, config.formats, documents
    )  # a broken data file is for its own pull request's review
    filled = from_records(request.command.fields, config)
    fields = {**filled.fields, **request.command.fields}
    proposal = insert.propose(catalog, NewPaper.from_fields(fields), config.rules, config.generated)
    permission = _permission(gh, request, config)
    if preview.is_ready(request.command, proposal, filled) and permission is Permission.OPENS:
        pull: preview.Pull | None = preview.Pull(open_pull_request(gh, request, proposal, texts), updated=True)
    else:
        # A pull request opened earlier stays as it was: the preview must say it is there.
        number = gh.open_pull_number(request.repo, BRANCH.format(issue=request.issue))
        pull = preview.Pull(number, updated=False) if number is not None else None
    body = preview.render(request.command, proposal, permission, pull, filled)
    gh.upsert_comment(request.repo, request.issue, preview.MARKER, body)


def from_records(fields: dict[str, str], config: RepoConfig) -> Filled:
    """For a request with a link but not every field (``/add-paper https://arxiv.org/abs/…``): the missing
    title, year and venue from the papers' records, when lookups are on."""
    if "url" not in fields or all(fields.get(name) for name in FILLED):
        return Filled()
    lookup = link_lookup_for(config.metadata)
    if lookup is None:
        return Filled()
    return fill(fields, lookup(fields["url"]), venues.registry(config.rules.venues, config.rules.venue_aliases))


def fetch_list(gh: GitHub, repo: str, branch: str, config: RepoConfig) -> dict[str, str]:
    """The list files on ``branch``: those the config names, else the README and its data files."""
    tree = gh.list_paths(repo, branch)
    paths = other_list_paths(tree, config) or sections.default_list_paths(tree)
    texts = {path: repository.read_text(gh, repo, path, branch) for path in paths}
    return {path: text for path, text in texts.items() if text is not None}


def _permission(gh: GitHub, request: Request, config: RepoConfig) -> Permission:
    allowed = config.add_paper.allowed
    if allowed is AddPaperPermission.NEVER:
        return Permission.DISABLED
    if allowed is AddPaperPermission.ANYONE or gh.permission(request.repo, request.requester) in WRITE_ROLES:
        return Permission.OPENS
    return Permission.NEEDS_MAINTAINER


def open_pull_request(gh: GitHub, request: Request, proposal: Proposal, texts: dict[str, str]) -> int:
    """Write the entry on the request's own branch and open its pull request, or update both.

    A re-run (the issue edited, ``/add-paper`` again) may put the paper in another file: the branch's
    earlier change to any other list file is undone, so the pull request only ever adds this entry.
    """
    assert proposal.placement is not None and proposal.new_text is not None
    branch = BRANCH.format(issue=request.issue)
    path = proposal.placement.path
    if _branch_tip(gh, request.repo, branch) is None:
        gh.ensure_branch(request.repo, branch, gh.branch_sha(request.repo, request.default_branch))
    else:
        _undo_elsewhere(gh, request, branch, path, texts)
    gh.write_file(request.repo, path, branch, proposal.new_text, preview.commit_message(proposal, request.issue))
    title = preview.pull_request_title(proposal)
    body = preview.pull_request_body(proposal, request.issue)
    return gh.open_pull_request(request.repo, branch, request.default_branch, title, body)


def _branch_tip(gh: GitHub, repo: str, branch: str) -> str | None:
    try:
        return gh.branch_sha(repo, branch)
    except GitHubRequestError as error:
        if error.status == 404:
            return None
        raise


def _undo_elsewhere(gh: GitHub, request: Request, branch: str, path: str, texts: dict[str, str]) -> None:
    for other, text in texts.items():
        if other != path and gh.read_file(request.repo, other, branch) != text:
            gh.write_file(request.repo, other, branch, text, UNDO_MESSAGE.format(path=other, issue=request.issue))
