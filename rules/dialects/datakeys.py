"""What each key of a data file (JSON or YAML) holds, read from the file itself: ``Title``/``Link``/``Date``
in one list, ``title``/``url``/``date`` or ``Initial Date``/``Website``/``Resource.Code`` in another. Both
data readers build their entries from the decoded objects through here, so that every rule sees the same
fields whatever the file calls them, and "missing key" is said only of keys the file itself uses."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import TypeGuard, TypeVar, cast

from rules import links, suppress
from rules.dialects import ListFormat
from rules.model import Entry, Fields, Link, LinkRole, Location, Problem, Role

# A data file's key, folded: case, spaces, ``_``, ``-`` and ``.`` ignored (``pub_date`` = ``Pub Date``).
_FOLD_RE = re.compile(r"[\s_.\-]+")
PROJECT = "project"  # a website or project page: a link of its own, not a field the rules edit
# The names each field goes by, best first. "paper" holds a title or a link: its values decide (``_fits``).
NAMES: dict[str, tuple[str, ...]] = {
    Role.TITLE: ("title", "papertitle", "papername", "paper"),
    Role.URL: ("link", "url", "paperlink", "paperurl", "pdf", "href", "arxiv", "doi", "paper"),
    Role.YEAR: (
        "date",
        "year",
        "initialdate",
        "pubdate",
        "published",
        "publicationdate",
        "publishdate",
        "publishedat",
        "releasedate",
        "time",
    ),
    Role.VENUE: ("venue", "conference", "journal", "publication", "booktitle", "conf", "pub", "source"),
    Role.AUTHORS: ("authors", "author", "authorlist"),
    Role.CODE: ("code", "github", "repo", "repository", "codelink", "codeurl", "sourcecode", "implementation"),
    Role.MODEL: ("modellink", "modelurl", "weights", "checkpoint", "checkpoints"),
    Role.TASK: ("task", "tasks"),
    PROJECT: ("website", "project", "projectpage", "homepage", "page", "demo"),
}
# The fields an entry is made of, in the order ``KeyMap.values_of`` reads them.
READ_FIELDS = (Role.TITLE, Role.URL, Role.YEAR, Role.VENUE, Role.AUTHORS, Role.CODE, Role.MODEL, PROJECT, Role.TASK)
# Fields that hold web links; the others hold text.
LINK_FIELDS = frozenset({Role.URL, Role.CODE, Role.MODEL, PROJECT})
# The text shown for a model link (``"Model": "Model"`` beside ``"ModelLink": "…"``).
MODEL_TEXT_NAMES = ("model", "modelname")
DEFAULT_MODEL_TEXT = "Model"
# A field at least half the file's objects have is expected of every object; one fewer use is optional.
EXPECTED_SHARE = 0.5
# Fields an object must have where the file uses them (a missing title or link is title-link's to say).
REQUIRED = (Role.YEAR, Role.VENUE)
NO_VALUES = ("", "-")
# Values this short are shared between a file's objects (``share_values``): dates, venues, tasks repeat;
# titles and links seldom do, and a pool of every one would cost more than it saves.
SHARED_LENGTH = 32
Shared = TypeVar("Shared")

MISSING_KEY = "This object has no `{key}` key, which the file's other objects have. Add it (`{example}`)."


@lru_cache(maxsize=1024)  # a file's objects repeat its few key names
def fold(key: str) -> str:
    return _FOLD_RE.sub("", key.casefold())


def is_mapping(value: object) -> TypeGuard[Mapping[str, object]]:
    """``isinstance(value, Mapping)``, asked of a dict and a string first: decoded objects are dicts, most
    values strings, and the ABC's check costs ten times the plain ones (a 10k-entry file asks it hundreds
    of thousands of times)."""
    return isinstance(value, dict) or (type(value) is not str and isinstance(value, Mapping))


@dataclass(frozen=True)
class KeyMap:
    """Field (a Role value, or ``project``) → the file's key path (``Initial Date``, ``Resource.Code``)."""

    keys: Mapping[str, str]
    expected: frozenset[str]  # the fields most of the file's objects have

    def key(self, field: str) -> str | None:
        return self.keys.get(field)

    @cached_property
    def read_keys(self) -> tuple[str | None, ...]:
        """The key of each of ``READ_FIELDS`` (None where the file has none)."""
        return tuple(self.keys.get(field) for field in READ_FIELDS)

    def values_of(self, data: Mapping[str, object]) -> list[object]:
        """The object's value of each of ``READ_FIELDS``, None where it has none: one pass for every field,
        a key the object spells as the file does answered at once."""
        return [None if key is None else data[key] if key in data else value_at(data, key) for key in self.read_keys]

    @cached_property
    def roles(self) -> tuple[tuple[Role, str], ...]:
        """Role → key pairs, as every entry of the file carries them (made once per file, not per entry)."""
        return tuple((Role(field), key) for field, key in self.keys.items() if field != PROJECT)


def paths(data: Mapping[str, object]) -> list[str]:
    """The object's keys, nested objects' keys one level down as ``Outer.Inner``; a suppression
    (``"paper-triage": "ignore …"``) is no field."""
    found = []
    for key, value in data.items():
        if key == suppress.KEY:
            continue
        found.append(str(key))
        if is_mapping(value):
            found.extend(f"{key}.{inner}" for inner in value)
    return found


def value_at(data: Mapping[str, object], path: str) -> object:
    """The value at a key path, keys matched case-insensitively; None when absent."""
    if path in data:  # the key as the file spells it, at the top: most lookups, answered at once
        return data[path]
    value: object = data
    for part in _split(data, path):
        if not is_mapping(value):
            return None
        value = _get(value, part)
    return value


def has_path(data: Mapping[str, object], path: str) -> bool:
    if path in data:  # the key as the file spells it, at the top: most questions, answered at once
        return True
    value: object = data
    for part in _split(data, path):
        if not is_mapping(value) or (name := key_name(value, part)) not in value:
            return False
        value = value[name]
    return True


def key_name(data: Mapping[str, object], key: str) -> str:
    """The spelling ``data`` uses for ``key`` (``key`` itself when absent)."""
    if key in data:
        return key
    lowered = key.lower()
    for name in data:  # a loop, not a generator: asked of every object for every key path it lacks
        if str(name).lower() == lowered:
            return str(name)
    return key


def _get(data: Mapping[str, object], key: str) -> object:
    return data.get(key_name(data, key))


def _split(data: Mapping[str, object], path: str) -> list[str]:
    """``Resource.Code`` → ``[Resource, Code]``; a top-level key that itself holds a dot stays whole."""
    if "." not in path:
        return [path]
    return [path] if key_name(data, path) in data else path.split(".", 1)


def infer(objects: Sequence[Mapping[str, object]], overrides: Mapping[str, str] | None = None) -> KeyMap:
    """The key of each field across the file's objects: the repository's choice first, then each field's
    best-ranked name the file uses (more objects break a tie)."""
    counts: Counter[str] = Counter(path for data in objects for path in paths(data))
    spelled = {fold(path): path for path, _ in reversed(counts.most_common())}
    chosen: dict[str, str] = {}
    for field, key in (overrides or {}).items():
        if field in NAMES:  # the fields data files have; a table's other columns are not keys here
            chosen[field] = spelled.get(fold(key), key)
    for field, names in NAMES.items():
        if field in chosen:
            continue
        taken = set(chosen.values())
        options = [
            path for path in counts if path not in taken and _leaf(path) in names and _fits(field, path, objects)
        ]
        if options:
            chosen[field] = min(options, key=lambda path: (names.index(_leaf(path)), -counts[path]))
    expected = frozenset(
        field
        for field, key in chosen.items()
        if sum(1 for data in objects if key in data or has_path(data, key)) >= EXPECTED_SHARE * len(objects)
    )
    return KeyMap(chosen, expected)


def may_hold(fields: Sequence[str], overrides: Mapping[str, str]) -> Callable[[str], bool]:
    """Whether a key path may be the key ``infer`` picks for one of ``fields``, whatever the file's other
    objects hold: a name those fields go by, or the key the repository names for one of them."""
    names = frozenset(name for field in fields for name in NAMES[field])
    named = frozenset(fold(key) for field, key in overrides.items() if field in fields)
    return lambda path: _leaf(path) in names or fold(path) in named


def _leaf(path: str) -> str:
    return fold(path.rsplit(".", 1)[-1])


def _fits(field: str, path: str, objects: Sequence[Mapping[str, object]]) -> bool:
    """Whether the key's values are what the field holds: links for a link field, text for the others —
    so "paper" is the title when it holds text and the link when it holds links, and a "source" of URLs
    is no venue."""
    written = Counter(
        value.strip()
        for data in objects
        if isinstance(value := data[path] if path in data else value_at(data, path), str)
    )
    values = {value: count for value, count in written.items() if value not in NO_VALUES}
    if not values:
        return True
    # Each distinct value is tested once: dates and venues repeat from object to object.
    linked = sum(count for value, count in values.items() if links.is_web_url(value)) * 2 > sum(values.values())
    return linked is (field in LINK_FIELDS)


def fields(data: Mapping[str, object], keymap: KeyMap, text: Callable[[object], str]) -> Fields:
    """The object's fields; ``text`` writes a scalar value as the file does (a YAML date as written)."""
    title, url, year, venue, authors, code, model_url, project, tasks = keymap.values_of(data)
    url = text(url).strip()
    code_urls = _links(code, text)
    model_url = text(model_url).strip()
    model = None if model_url in NO_VALUES else Link(_model_text(data, text), model_url, LinkRole.MODEL)
    pages = _links(project, text)
    found = [Link("", url, LinkRole.PAPER)] if url and not links.is_no_link(url) else []
    found.extend([Link("", code, LinkRole.CODE) for code in code_urls])
    found.extend([Link("", page, LinkRole.PROJECT) for page in pages])
    if model is not None:
        found.append(model)
    return Fields(
        title=text(title),
        url=url or None,
        year=text(year).strip(),
        venue=text(venue).strip(),
        authors=_authors(authors, text),
        tasks=_task_names(
            tuple(text(task) for task in (tasks if isinstance(tasks, list) else [] if tasks is None else [tasks]))
        ),
        code_urls=code_urls,
        model=model,
        links=tuple(found),
    )


@lru_cache(maxsize=4096)  # a file names a few tasks, each entry one or two of them
def _task_names(tasks: tuple[str, ...]) -> tuple[str, ...]:
    """The tasks in lower case, as one tuple for every entry naming the same ones."""
    return tuple(task.lower() for task in tasks)


def share_values(data: Shared, pool: dict[object, object]) -> Shared:
    """``data`` (a decoded object, changed in place) with each short text and each date that ``pool``
    holds replaced by the one object there, and the others added to it. A file's dates, venues and tasks
    repeat from object to object: a 100k-entry file held 16 MB of copies of them."""
    if isinstance(data, dict):
        for key, value in data.items():
            if type(value) is str:  # most values, shared or kept here without a call
                if len(value) <= SHARED_LENGTH:
                    data[key] = pool.setdefault(value, value)
            else:
                data[key] = share_values(value, pool)
    elif isinstance(data, list):
        data[:] = [share_values(value, pool) for value in data]
    elif (isinstance(data, str) and len(data) <= SHARED_LENGTH) or isinstance(data, date):
        return cast(Shared, pool.setdefault(data, data))
    return data


def _model_text(data: Mapping[str, object], text: Callable[[object], str]) -> str:
    """What a model link is shown as: the object's ``Model`` name field, else ``Model``."""
    return next((text(data[name]) for name in data if fold(str(name)) in MODEL_TEXT_NAMES), DEFAULT_MODEL_TEXT)


def _links(value: object, text: Callable[[object], str]) -> tuple[str, ...]:
    """The web links a field holds (one, or a list of them), "no link" marks (``-``) left out."""
    if type(value) is str:  # most fields: one link, or none
        url = value.strip()
        return () if links.is_no_link(url) else (url,)
    items = value if isinstance(value, list) else [] if value is None else [value]
    urls = (text(item).strip() for item in items if not isinstance(item, (Mapping, list)))
    return tuple(url for url in urls if not links.is_no_link(url))


def _authors(value: object, text: Callable[[object], str]) -> str:
    """``[{name: A}, {name: B}]``, ``[A, B]`` or ``"A, B"`` → ``A, B``."""
    if not isinstance(value, list):
        return text(value).strip()
    names = [text(_get(item, "name")) if is_mapping(item) else text(item) for item in value]
    return ", ".join(name.strip() for name in names if name.strip())


def plain_text(value: object) -> str:
    """A decoded value as text: strings as they are, other values as JSON writes them."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def format_of(entries: Sequence[Entry]) -> ListFormat | None:
    """The format that reads a data file again with the keys its ``entries`` were read with (set by the
    repository's config or inferred): a new version of the file keeps its meaning while it is edited."""
    data = next((entry for entry in entries if entry.is_data), None)
    if data is None or data.kind not in ("json", "yaml"):
        return None
    return ListFormat(dialect=data.kind, fields={role.value: key for role, key in data.keys})


def missing_keys(
    data: Mapping[str, object], keymap: KeyMap, location: Location, example: Callable[[str], str]
) -> list[Problem]:
    """A required field the file's objects mostly have, and this one lacks."""
    return [
        Problem("missing-key", MISSING_KEY.format(key=key, example=example(key)), location)
        for field in REQUIRED
        if field in keymap.expected and (key := keymap.keys[field]) and not has_path(data, key)
    ]
