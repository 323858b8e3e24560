"""Response bodies in GitHub's real shapes: each starts from a recorded response and is re-pointed at our state.

The templates live in ``tests/fixtures/github/rest/`` (see its PROVENANCE.md). Every URL is rebuilt on the
fake's own base URL, because PyGithub follows ``url`` fields and asserts they share its host, port and prefix.
"""

from __future__ import annotations

import base64
import functools
import json
from pathlib import Path
from typing import Any

from tests.fakegithub import state

REST = Path(__file__).resolve().parent.parent / "fixtures" / "github" / "rest"
TIMESTAMP = "2024-05-01T12:00:00Z"
BASE64_LINE = 60  # GitHub wraps base64 content at 60 characters


@functools.cache
def _template_text(name: str) -> str:
    return (REST / f"{name}.json").read_text(encoding="utf-8")


def template(name: str) -> Any:
    """A fixture body, parsed afresh (callers may change it)."""
    return json.loads(_template_text(name))


class Shapes:
    """Builds bodies for one server: ``api`` is its API base URL, ``html`` its web root."""

    def __init__(self, api: str, html: str) -> None:
        self.api = api
        self.html = html

    # --- helpers -----------------------------------------------------------------------------------------

    def _retarget(self, name: str, old_repo: str, repo: str, pairs: tuple[tuple[str, str], ...] = ()) -> Any:
        """Load a template with its repository's URLs (and ``pairs`` of other fragments) moved to ``repo``."""
        text = _template_text(name)
        text = text.replace(f"https://api.github.com/repos/{old_repo}", f"{self.api}/repos/{repo}")
        text = text.replace(f"https://github.com/{old_repo}", f"{self.html}/{repo}")
        for old, new in pairs:
            text = text.replace(old, new)
        text = text.replace("https://api.github.com", self.api).replace("https://github.com", self.html)
        return json.loads(text)

    def user(self, user: state.User) -> dict[str, Any]:
        body = template("issues.comments.create")["user"]
        body = json.loads(
            json.dumps(body)
            .replace("https://api.github.com/users/omgjlk", f"{self.api}/users/{user.login}")
            .replace("https://github.com/omgjlk", f"{self.html}/{user.login}")
            .replace("https://api.github.com", self.api)
        )
        body.update(login=user.login, id=user.id, type=user.type, node_id=f"U_{user.id}")
        body["avatar_url"] = f"{self.html}/avatars/u/{user.id}"
        return body

    def repo(self, full_name: str, repo_id: int, default_branch: str, fork: bool = False) -> dict[str, Any]:
        body = self._retarget("pulls.create", "testgh3py/github3py", full_name)["base"]["repo"]
        owner = full_name.split("/", 1)[0]
        body.update(
            id=repo_id,
            node_id=f"R_{repo_id}",
            name=full_name.split("/", 1)[1],
            full_name=full_name,
            private=False,
            owner=self.user(state.User(owner, state.user_id(owner), "Organization")),
            default_branch=default_branch,
            fork=fork,
        )
        return body

    # --- pulls -------------------------------------------------------------------------------------------

    def pull(self, pull: state.Pull) -> dict[str, Any]:
        repo = pull.repo
        body = self._retarget(
            "pulls.create",
            "testgh3py/github3py",
            repo.full_name,
            (
                ("/pulls/1", f"/pulls/{pull.number}"),
                ("/issues/1", f"/issues/{pull.number}"),
                ("/pull/1", f"/pull/{pull.number}"),
                ("c651c8ae8853ad831278ab57404cd37eabee5cec", pull.head_sha),
            ),
        )
        author = self.user(pull.author)
        head_owner = (pull.head_repo or repo.full_name).split("/", 1)[0]
        body.update(
            id=pull.number * 1000 + repo.id,
            node_id=f"PR_{repo.id}_{pull.number}",
            number=pull.number,
            state=pull.state,
            title=pull.title,
            body=pull.body,
            user=author,
            draft=pull.draft,
            body_html=None,
            body_text=None,
            created_at=TIMESTAMP,
            updated_at=TIMESTAMP,
            commits=1,
            additions=0,
            deletions=0,
            changed_files=len(pull.files()),
        )
        body["head"].update(
            label=f"{head_owner}:{pull.head_ref}",
            ref=pull.head_ref,
            sha=pull.head_sha,
            user=author,
            repo=self._head_repo(pull),
        )
        body["base"].update(
            label=f"{repo.owner}:{pull.base_ref}",
            ref=pull.base_ref,
            sha=pull.base_sha,
            repo=self.repo(repo.full_name, repo.id, repo.default_branch),
            user=self.user(state.User(repo.owner, state.user_id(repo.owner), "Organization")),
        )
        return body

    def _head_repo(self, pull: state.Pull) -> dict[str, Any] | None:
        repo = pull.repo
        if pull.head_repo is None:
            return None  # the fork was deleted: GitHub sends null
        if pull.head_repo == repo.full_name:
            return self.repo(repo.full_name, repo.id, repo.default_branch)
        return self.repo(pull.head_repo, state.user_id(pull.head_repo), repo.default_branch, fork=True)

    def pull_file(self, repo: state.Repo, head_sha: str, entry: dict[str, Any]) -> dict[str, Any]:
        body = self._retarget("pulls.files.list", "sigmavirus24/github3.py", repo.full_name)[0]
        body.pop("patch")
        path = entry["filename"]
        body.update(
            blob_url=f"{self.html}/{repo.full_name}/blob/{head_sha}/{path}",
            raw_url=f"{self.html}/{repo.full_name}/raw/{head_sha}/{path}",
            contents_url=f"{self.api}/repos/{repo.full_name}/contents/{path}?ref={head_sha}",
        )
        body.update(entry)
        return body

    # --- comments and reviews ----------------------------------------------------------------------------

    def issue_comment(self, repo: state.Repo, comment: state.Comment) -> dict[str, Any]:
        body = self._retarget(
            "issues.comments.create",
            "sigmavirus24/github3.py",
            repo.full_name,
            (("/issues/509", f"/issues/{comment.number}"), ("353194484", str(comment.id))),
        )
        for key in ("body_html", "body_text"):  # only with the `full` media type, which we do not ask for
            body.pop(key)
        body.update(id=comment.id, node_id=f"IC_{comment.id}", body=comment.body, user=self.user(comment.user))
        body["reactions"] = self._reaction_counts(repo, comment.id)
        return body

    def review_comment(self, repo: state.Repo, comment: state.Comment) -> dict[str, Any]:
        body = self._retarget(
            "pulls.comments.create.multi-line.openapi",
            "octocat/Hello-World",
            repo.full_name,
            (
                ("/pulls/comments/1", f"/pulls/comments/{comment.id}"),
                ("/pulls/1", f"/pulls/{comment.number}"),
                ("/pull/1#discussion-diff-1", f"/pull/{comment.number}#discussion_r{comment.id}"),
            ),
        )
        body.update(
            id=comment.id,
            node_id=f"PRRC_{comment.id}",
            pull_request_review_id=comment.review_id,
            path=comment.path,
            line=comment.line,
            original_line=comment.line,
            start_line=comment.start_line,
            original_start_line=comment.start_line,
            side=comment.side or "RIGHT",
            start_side=(comment.side or "RIGHT") if comment.start_line else None,
            commit_id=comment.commit_id,
            original_commit_id=comment.commit_id,
            in_reply_to_id=None,
            body=comment.body,
            user=self.user(comment.user),
            position=None,
            original_position=None,
        )
        return body

    def review(self, repo: state.Repo, review: state.Review) -> dict[str, Any]:
        body = self._review_template(repo, review, "pulls.reviews.create", "sigmavirus24/github3.py", 819, 793701407)
        for key in ("body_html", "body_text"):
            body.pop(key)
        return self._with_review(body, review)

    def dismissed_review(self, repo: state.Repo, review: state.Review) -> dict[str, Any]:
        """The answer to a dismissal: the review, from PyGithub's recording of one."""
        body = self._review_template(repo, review, "pulls.reviews.dismiss", "PyGithub/PyGithub", 538, 28482091)
        return self._with_review(body, review)

    def _review_template(
        self, repo: state.Repo, review: state.Review, name: str, old_repo: str, old_number: int, old_id: int
    ) -> dict[str, Any]:
        return self._retarget(
            name,
            old_repo,
            repo.full_name,
            (
                (f"/pulls/{old_number}", f"/pulls/{review.number}"),
                (f"/pull/{old_number}", f"/pull/{review.number}"),
                (str(old_id), str(review.id)),
            ),
        )

    def _with_review(self, body: dict[str, Any], review: state.Review) -> dict[str, Any]:
        body.update(
            id=review.id,
            node_id=f"PRR_{review.id}",
            user=self.user(review.user),
            body=review.body,
            state=review.state,
            commit_id=review.commit_id,
            submitted_at=None if review.state == "PENDING" else TIMESTAMP,
        )
        return body

    def reaction(self, reaction: state.Reaction) -> dict[str, Any]:
        return {
            "id": reaction.id,
            "node_id": f"REA_{reaction.id}",
            "user": self.user(reaction.user),
            "content": reaction.content,
            "created_at": TIMESTAMP,
        }

    def _reaction_counts(self, repo: state.Repo, comment_id: int) -> dict[str, Any]:
        contents = [r.content for r in repo.reactions if r.comment_id == comment_id]
        counts = {name: contents.count(name) for name in state.REACTIONS}
        return {
            "url": f"{self.api}/repos/{repo.full_name}/issues/comments/{comment_id}/reactions",
            "total_count": len(contents),
            **counts,
        }

    def check_run(self, repo: state.Repo, run: state.CheckRun, app: dict[str, Any] | None) -> dict[str, Any]:
        body = self._retarget(
            "checks.runs.create",
            "westphahl/github3.py",
            repo.full_name,
            (("/check-runs/48295629", f"/check-runs/{run.id}"), ("/runs/48295629", f"/runs/{run.id}")),
        )
        body.update(
            id=run.id,
            node_id=f"CR_{run.id}",
            head_sha=run.head_sha,
            name=run.name,
            status=run.status,
            external_id=run.external_id,
            conclusion=run.conclusion,
            started_at=TIMESTAMP,
            completed_at=TIMESTAMP if run.status == "completed" else None,
            app=app,
            pull_requests=[],
        )
        body["output"].update(
            title=run.output.get("title"),
            summary=run.output.get("summary"),
            text=run.output.get("text"),
            annotations_count=len(run.annotations),
        )
        return body

    # --- contents and git --------------------------------------------------------------------------------

    def content_file(self, repo: state.Repo, path: str, ref: str, content: bytes, large: bool) -> dict[str, Any]:
        body = self._retarget("repos.contents.get.file", "sigmavirus24/github3.py", repo.full_name)
        body.update(self._content_fields(repo, path, ref, content))
        # Over 1 MiB GitHub leaves the content out and says so with encoding "none".
        body.update(content="" if large else wrapped_base64(content), encoding="none" if large else "base64")
        return body

    def _content_fields(self, repo: state.Repo, path: str, ref: str, content: bytes) -> dict[str, Any]:
        """What the contents API says about a file at ``ref``, besides the content itself."""
        sha = state.blob_sha(content)
        fields = dict(
            name=path.rsplit("/", 1)[-1],
            path=path,
            sha=sha,
            size=len(content),
            url=f"{self.api}/repos/{repo.full_name}/contents/{path}?ref={ref}",
            html_url=f"{self.html}/{repo.full_name}/blob/{ref}/{path}",
            git_url=f"{self.api}/repos/{repo.full_name}/git/blobs/{sha}",
            download_url=f"{self.html}/raw/{repo.full_name}/{ref}/{path}",
        )
        fields["_links"] = {"self": fields["url"], "git": fields["git_url"], "html": fields["html_url"]}
        return fields

    def directory(self, repo: state.Repo, path: str, ref: str, names: list[tuple[str, str]]) -> list[dict[str, Any]]:
        entries = []
        for name, kind in names:
            full = f"{path}/{name}" if path else name
            url = f"{self.api}/repos/{repo.full_name}/contents/{full}?ref={ref}"
            entries.append(
                {
                    "name": name,
                    "path": full,
                    "type": kind,
                    "url": url,
                    "sha": "0" * 40,
                    "size": 0,
                    "html_url": f"{self.html}/{repo.full_name}/tree/{ref}/{full}",
                    "git_url": None,
                    "download_url": None,
                    "_links": {"self": url},
                }
            )
        return entries

    def blob(self, repo: state.Repo, content: bytes) -> dict[str, Any]:
        sha = state.blob_sha(content)
        return {
            "sha": sha,
            "node_id": f"B_{sha}",
            "size": len(content),
            "url": f"{self.api}/repos/{repo.full_name}/git/blobs/{sha}",
            "content": wrapped_base64(content),
            "encoding": "base64",
        }

    def tree(self, repo: state.Repo, sha: str, snapshot: dict[str, bytes]) -> dict[str, Any]:
        folders = sorted({"/".join(path.split("/")[:i]) for path in snapshot for i in range(1, path.count("/") + 1)})
        entries = [
            {
                "path": folder,
                "mode": "040000",
                "type": "tree",
                "sha": "0" * 40,
                "url": f"{self.api}/repos/{repo.full_name}/git/trees/{'0' * 40}",
            }
            for folder in folders
        ]
        for path, content in sorted(snapshot.items()):
            blob = state.blob_sha(content)
            entries.append(
                {
                    "path": path,
                    "mode": "100644",
                    "type": "blob",
                    "sha": blob,
                    "size": len(content),
                    "url": f"{self.api}/repos/{repo.full_name}/git/blobs/{blob}",
                }
            )
        entries.sort(key=lambda entry: entry["path"])
        return {
            "sha": sha,
            "url": f"{self.api}/repos/{repo.full_name}/git/trees/{sha}",
            "tree": entries,
            "truncated": False,
        }

    def ref(self, repo: state.Repo, branch: str, sha: str) -> dict[str, Any]:
        body = self._retarget(
            "git.refs.create",
            "octokit-fixture-org/tmp-scenario-git-refs-20220719043750036-9bssg",
            repo.full_name,
            (("refs/heads/test", f"refs/heads/{branch}"), ("8b42cf5e0db31abb0db9f3a354f42f8edab7d9e2", sha)),
        )
        body["node_id"] = f"REF_{repo.id}_{branch}"
        return body

    def file_commit(
        self, repo: state.Repo, path: str, branch: str, content: bytes, sha: str, message: str, author: state.User
    ) -> dict[str, Any]:
        old = "octokit-fixture-org/tmp-scenario-create-file-20220719043716167-qjm1n"
        body = self._retarget(
            "repos.contents.create_or_update", old, repo.full_name, (("4a34ddba70beecbe3e8d6cddee0c250f1ea6dead", sha),)
        )
        body["content"].update(self._content_fields(repo, path, branch, content))
        body["commit"].update(message=message, node_id=f"C_{sha}")
        for role in ("author", "committer"):
            body["commit"][role].update(name=author.login, email=f"{author.id}+{author.login}@users.noreply.github.com")
        return body

    # --- permissions, apps, tokens -----------------------------------------------------------------------

    def permission(self, login: str, permission: str) -> dict[str, Any]:
        body = template("repos.collaborators.permission.get")
        body["user"] = {
            **self.user(state.User(login, state.user_id(login))),
            "permissions": permission_flags(permission),
            "role_name": permission,
        }
        body.update(permission=LEGACY_PERMISSION.get(permission, "none"), role_name=permission)
        return body

    def app(self, app_id: int, slug: str) -> dict[str, Any]:
        body = template("checks.runs.create")["app"]
        body = json.loads(
            json.dumps(body).replace("https://api.github.com", self.api).replace("https://github.com", self.html)
        )
        body.update(
            id=app_id,
            slug=slug,
            node_id=f"A_{app_id}",
            name=slug,
            html_url=f"{self.html}/apps/{slug}",
            client_id=f"Iv1.{app_id:016x}",
        )
        return body

    def access_token(self, token: str, expires_at: str) -> dict[str, Any]:
        body = template("apps.installations.access_tokens.create")
        body.update(
            token=token,
            expires_at=expires_at,
            permissions={
                "checks": "write",
                "contents": "write",
                "issues": "write",
                "metadata": "read",
                "pull_requests": "write",
            },
        )
        return body

    def error(self, name: str) -> dict[str, Any]:
        return template(name)


# The `permission` field keeps GitHub's old four levels; `role_name` carries the real role.
LEGACY_PERMISSION = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read", "read": "read"}


def wrapped_base64(content: bytes) -> str:
    encoded = base64.b64encode(content).decode("ascii")
    return "".join(encoded[i : i + BASE64_LINE] + "\n" for i in range(0, len(encoded), BASE64_LINE))


def permission_flags(permission: str) -> dict[str, bool]:
    """The ``permissions`` object GitHub puts on a collaborator: each level implies the ones below it."""
    order = ["read", "triage", "write", "maintain", "admin"]
    rank = order.index(permission) if permission in order else -1
    names = {"read": "pull", "triage": "triage", "write": "push", "maintain": "maintain", "admin": "admin"}
    return {names[level]: rank >= i for i, level in enumerate(order)}
