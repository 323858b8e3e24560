"""data-field — the fields of a data file that its generated page shows hold what the page needs.

What it does: in JSON and YAML data files, flags a model link that is empty or ``-`` beside the label
the page shows for it (``"Model": "Model", "ModelLink": ""`` becomes ``[Model]()``; where most of a file's
objects do it, one note for the file, with the lines); a model label holding a file name (``000001.jpg``)
or a kind of venue (``Conf``, ``Jour``), left over from another list's template; a task that is empty or a
near miss of one of the list's own tasks (``video`` or ``Vidoe`` where the list writes ``Video``); and a
website that is the code link again. Keys are the file's own (``datakeys``), and each finding points at
the line of its key.
Why it matters: the fix belongs in the data file: a page generated from it repeats each slip on every
build, and a hand edit of the page is overwritten.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from rules import grouping, identity, links
from rules.context import Needs, RuleContext
from rules.dialects import datakeys
from rules.model import Entry, Finding, LinkRole, Location, Role, Severity
from rules.text import code
from rules.venues import VenueKind

ID = "data-field"
SUMMARY = "Data-file fields the generated page shows hold what it needs."
CODES = {
    f"{ID}/empty-link": "A model link that is empty beside its label: the page shows `[Model]()`.",
    f"{ID}/file-name": "A model label holding a file name (`000001.jpg`).",
    f"{ID}/kind-word": "A model label holding a kind of venue (`Conf`, `Jour`).",
    f"{ID}/unknown-task": "A task that is empty or a near miss of one of the list's tasks.",
    f"{ID}/website-is-code": "A website that is the code link again.",
}
EXAMPLE = '`{"Title": …, "Task": [ "video" ], "Model": "Model", "ModelLink": ""}`'
USE_INSTEAD = '`{"Title": …, "Task": [ "Video" ], "Model": "Model", "ModelLink": "https://…"}`'
NEEDS = Needs.LIST  # the tasks and fields the list's other data objects use
FIX = "Certain for a task that differs from the list's only in case or spacing; the others need a person."

# Where at least this many of a file's objects leave their model link empty, and this share of those
# with a label, it is the file's habit (or its generator's): one note says it for the file.
HABIT_OBJECTS = 5
HABIT_SHARE = 0.5
# A task is one of the list's when at least this many objects use it; a rarer one is a near miss when
# a task used this many times as often is alike (rapidfuzz ratio, case and spacing ignored).
COMMON_USES = 2
NEAR_MISS_RATIO = 5
NEAR_MISS_SCORE = 80
# Extensions of the files a template's fields name (thumbnails, papers, archives, checkpoints).
FILE_EXTENSIONS = frozenset(
    "jpg jpeg png gif svg webp bmp pdf txt md json yml yaml zip gz tar pt pth ckpt bin h5 onnx safetensors".split()
)
FILE_NAME_RE = re.compile(r"^[\w\-. ]+\.(?P<extension>[A-Za-z0-9]{1,12})$")
# A kind word is a venue kind or its abbreviation (``Conf``, ``Jour``): at least this many letters of it.
KIND_WORD_LETTERS = 4
_SPACING_RE = re.compile(r"[\s_\-]+")

EMPTY_LINK = (
    "`{key}` is {written}, so the generated page shows `[{label}]({link})`, a link that goes nowhere. "
    "Put the model's link here; without one, the page should show `-` instead."
)
EMPTY_LINK_HABIT = (
    "{count} objects of this file leave `{key}` without a link beside `{label_key}` (this one and {more}), so "
    "the generated page shows {shown} on each of them: a link that goes nowhere. Put each model's link "
    "there; where there is none, the generator should write `-`, as the page does for missing code."
)
FILE_NAME = (
    "`{key}` holds a file name ({value}), which the page shows as the model's label. "
    "Write the label (`{label}`) where the paper has a model, or `-` where it has none."
)
KIND_WORD = (
    "`{key}` holds {value}, a kind of venue, which the page shows as the model's label. "
    "Write the label (`{label}`) where the paper has a model, or `-` where it has none."
)
UNKNOWN_TASK = "The task {value} is not one of this list's tasks; it looks like {known}. Write {known}."
EMPTY_TASK = "A task of this object is empty: the page has no badge for it. Write one of the list's tasks ({known})."
WEBSITE_IS_CODE = (
    "`{key}` is the same link as `{code_key}` ({url}), so the page shows two badges to one repository. "
    "Link the project's own page, or leave `{key}` out."
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    data = ctx.catalog.data_entries
    if not data:
        return
    shown = {id(entry): _Shown.of(entry) for entry in data}
    targets = [entry for entry in ctx.targets if entry.is_data]
    judged = {id(entry) for entry in targets}
    tasks = _Tasks.of(shown.values())
    labels = _usual_labels(data, shown)
    yield from _empty_model_links(data, shown, judged)
    for entry in targets:
        seen = shown.get(id(entry)) or _Shown.of(entry)
        yield from _model_label(entry, seen, labels.get(entry.path, datakeys.DEFAULT_MODEL_TEXT))
        yield from tasks.check(entry, seen)
        yield from _website_is_code(entry)


@dataclass(frozen=True, slots=True)
class _Shown:
    """What the generated page shows of one data object, read once for every part of the rule: the model
    link's label (its key and text), the model link as written where it goes nowhere, the tasks as written."""

    label_key: str | None
    label: str  # "" when there is none, or it is no text
    empty_link: str | None  # None too without a label: only a labelled link shows on the page
    tasks: tuple[str, ...]

    @classmethod
    def of(cls, entry: Entry) -> _Shown:
        data = entry.data or {}
        label_key = _label_key(tuple(data))
        value = data.get(label_key) if label_key is not None else None
        label = value.strip() if isinstance(value, str) else ""
        model_key, task_key = _model_and_task_keys(entry.keys)
        return cls(
            label_key,
            label,
            _empty_model_link(data, model_key) if label and model_key is not None and entry.data is not None else None,
            _written_tasks(data, task_key) if task_key is not None and entry.data is not None else (),
        )


@lru_cache(maxsize=256)  # a file's objects are written with a few sets of keys
def _label_key(keys: tuple[str, ...]) -> str | None:
    """The key of the label the page shows for the model link (``Model``), when the object has one."""
    return next((str(key) for key in keys if datakeys.fold(str(key)) in datakeys.MODEL_TEXT_NAMES), None)


@lru_cache(maxsize=256)  # every entry of a file carries the same keys
def _model_and_task_keys(keys: tuple[tuple[Role, str], ...]) -> tuple[str | None, str | None]:
    """The file's model-link key and task key, where it has them."""
    by_role = dict(keys)
    return by_role.get(Role.MODEL), (by_role.get(Role.TASK) or Role.TASK.value) if Role.TASK in by_role else None


def _empty_model_links(data: Sequence[Entry], shown: Mapping[int, _Shown], judged: set[int]) -> Iterator[Finding]:
    """Empty model links beside a label: one finding each, or one per file where they are its habit."""
    by_file: dict[str, list[Entry]] = {}
    labelled: Counter[str] = Counter()
    for entry in data:
        seen = shown[id(entry)]
        if seen.label:
            labelled[entry.path] += 1
            if seen.empty_link is not None:
                by_file.setdefault(entry.path, []).append(entry)
    for path, empty in by_file.items():
        if len(empty) >= HABIT_OBJECTS and len(empty) >= HABIT_SHARE * labelled[path]:
            if id(empty[0]) in judged:
                yield _habit_note(empty, shown)
            continue
        yield from (_empty_link(entry, shown[id(entry)]) for entry in empty if id(entry) in judged)


def _empty_model_link(data: Mapping[str, object], key: str) -> str | None:
    """The model link as written, when the object has the file's model-link key and it goes nowhere."""
    if not datakeys.has_path(data, key):
        return None
    value = datakeys.value_at(data, key)
    written = "" if value is None else datakeys.plain_text(value)
    return written if links.is_no_link(written) else None


def _field_location(entry: Entry, key: str) -> Location:
    line = entry.field_line(datakeys.key_name(entry.data or {}, key))
    return Location(entry.path, line, line)


def _empty_link(entry: Entry, shown: _Shown) -> Finding:
    key = entry.key_of(Role.MODEL)
    written = shown.empty_link or ""
    message = EMPTY_LINK.format(key=key, written=code(written) if written else "empty", label=shown.label, link=written)
    return Finding(ID, Severity.WARNING, message, _field_location(entry, key), code=f"{ID}/empty-link")


def _habit_note(empty: Sequence[Entry], shown: Mapping[int, _Shown]) -> Finding:
    first = shown[id(empty[0])]
    key = empty[0].key_of(Role.MODEL)
    related = tuple(_field_location(entry, key) for entry in empty[1:])
    more = f"{len(related)} more: lines {grouping.line_list(related)}"
    links_shown = " or ".join(sorted({f"`[{first.label}]({shown[id(entry)].empty_link})`" for entry in empty}))
    message = EMPTY_LINK_HABIT.format(
        count=len(empty), key=key, label_key=first.label_key, shown=links_shown, more=more
    )
    return Finding(
        ID, Severity.WARNING, message, _field_location(empty[0], key), related=related, code=f"{ID}/empty-link"
    )


def _usual_labels(data: Sequence[Entry], shown: Mapping[int, _Shown]) -> dict[str, str]:
    """Each data file's commonest model label (``Model``), leaving out the labels this rule reports."""
    counts: dict[str, Counter[str]] = {}
    for entry in data:
        label = shown[id(entry)].label
        if label and not _is_file_name(label) and not _is_kind_word(label) and label not in datakeys.NO_VALUES:
            counts.setdefault(entry.path, Counter())[label] += 1
    return {path: labels.most_common(1)[0][0] for path, labels in counts.items()}


def _model_label(entry: Entry, shown: _Shown, usual: str) -> Iterator[Finding]:
    """A label that is a file name or a kind of venue: another list's template left in place."""
    key, text = shown.label_key, shown.label
    if key is None or not text:
        return
    if _is_file_name(text):
        message, kind = FILE_NAME, "file-name"
    elif _is_kind_word(text):
        message, kind = KIND_WORD, "kind-word"
    else:
        return  # most labels: the page's own (``Model``)
    said = message.format(key=key, value=code(text), label=usual)
    yield Finding(ID, Severity.WARNING, said, _field_location(entry, key), code=f"{ID}/{kind}")


@lru_cache(maxsize=1024)  # a file's objects repeat a few labels
def _is_file_name(text: str) -> bool:
    match = FILE_NAME_RE.match(text)
    return match is not None and match["extension"].lower() in FILE_EXTENSIONS and not links.is_web_url(text)


@lru_cache(maxsize=1024)
def _is_kind_word(text: str) -> bool:
    word = text.rstrip(".").casefold()
    return len(word) >= KIND_WORD_LETTERS and word.isalpha() and any(kind.startswith(word) for kind in VenueKind)


@dataclass(frozen=True)
class _Tasks:
    """The list's tasks as its data objects write them (commonest first), and the near misses among the
    values written: value → the task it misspells."""

    known: tuple[str, ...]
    misspelt: dict[str, str]

    @classmethod
    def of(cls, shown: Iterable[_Shown]) -> _Tasks:
        counts = Counter(task for seen in shown for task in set(seen.tasks))
        common = [task for task, count in counts.most_common() if count >= COMMON_USES and task.strip()]
        misspelt = {
            task: meant for task in counts if task.strip() and (meant := _meant(task, counts, common)) is not None
        }
        return cls(tuple(task for task in common if task not in misspelt), misspelt)

    def check(self, entry: Entry, shown: _Shown) -> Iterator[Finding]:
        if not self.known:
            return
        for task in shown.tasks:
            if not task.strip():
                message = EMPTY_TASK.format(known=", ".join(code(name) for name in self.known[:5]))
                yield self._finding(entry, message, None)
            elif (meant := self.misspelt.get(task)) is not None:
                fix = _task_fix(entry, task, meant) if _folded(task) == _folded(meant) else None
                yield self._finding(entry, UNKNOWN_TASK.format(value=code(task), known=code(meant)), fix)

    @staticmethod
    def _finding(entry: Entry, message: str, fix: tuple[Location, str] | None) -> Finding:
        location = fix[0] if fix else _field_location(entry, entry.key_of(Role.TASK))
        return Finding(ID, Severity.WARNING, message, location, fix[1] if fix else None, code=f"{ID}/unknown-task")


def _meant(task: str, counts: Counter[str], common: Sequence[str]) -> str | None:
    """The common task that ``task`` misspells: one used far more often, and alike once folded."""
    commoner = [name for name in common if counts[name] >= NEAR_MISS_RATIO * counts[task]]
    if not commoner:
        return None
    best = process.extractOne(_folded(task), [_folded(name) for name in commoner], scorer=fuzz.ratio)
    return commoner[best[2]] if best is not None and best[1] >= NEAR_MISS_SCORE else None


def _written_tasks(data: Mapping[str, object], key: str) -> tuple[str, ...]:
    """The object's tasks as written (``[ "Video" ]``, ``video``); values that are no text are structure's."""
    value = datakeys.value_at(data, key)
    items = value if isinstance(value, list) else [] if value is None else [value]
    return tuple(item for item in items if isinstance(item, str))


def _folded(task: str) -> str:
    return _SPACING_RE.sub(" ", task.casefold()).strip()


def _task_fix(entry: Entry, task: str, meant: str) -> tuple[Location, str] | None:
    """The task's line with the task rewritten, where a JSON object writes it once on its key's line."""
    if entry.kind != "json":
        return None
    line = entry.field_line(datakeys.key_name(entry.data or {}, entry.key_of(Role.TASK)))
    text = entry.raw.splitlines()[line - entry.line]
    written = json.dumps(task, ensure_ascii=False)
    if text.count(written) != 1:
        return None
    return Location(entry.path, line, line), text.replace(written, json.dumps(meant, ensure_ascii=False))


def _website_is_code(entry: Entry) -> Iterator[Finding]:
    projects = [link for link in entry.links if link.role is LinkRole.PROJECT]
    if not projects or not entry.code_urls:
        return  # most objects: no website, or no code link to repeat
    codes = {_same_link(url): url for url in entry.code_urls}
    for link in projects:
        if _same_link(link.url) in codes:
            key = _project_key(entry)
            if key is None:
                return
            message = WEBSITE_IS_CODE.format(
                key=key, code_key=entry.key_of(Role.CODE), url=code(codes[_same_link(link.url)])
            )
            yield Finding(ID, Severity.WARNING, message, _field_location(entry, key), code=f"{ID}/website-is-code")
            return


def _project_key(entry: Entry) -> str | None:
    """The key path of the object's website (``Website``, ``Resource.Website``, ``homepage``)."""
    return next(
        (
            path
            for path in datakeys.paths(entry.data or {})
            if datakeys.fold(path.rsplit(".", 1)[-1]) in datakeys.NAMES[datakeys.PROJECT]
        ),
        None,
    )


def _same_link(url: str) -> str:
    return identity.normalize_url(url).lower()
