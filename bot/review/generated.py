"""A row written into a generated file (a README built from ``scripts/data*.json``), turned into the
JSON object to add to the data file instead — in that file's key order and style."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.review import changes
from bot.review.corrections import Correction
from rules import jsondata, parse
from rules.jsondata import (KEY_CODE, KEY_DATE, KEY_LINK, KEY_MODEL, KEY_MODEL_LINK, KEY_RESOURCE, KEY_TASK,
                            KEY_TITLE, KEY_VENUE, PLACEHOLDER_VALUES)
from rules.model import Document, Entry

DEFAULT_KEYS = (KEY_TITLE, KEY_LINK, KEY_DATE, KEY_VENUE, KEY_TASK, KEY_RESOURCE, KEY_MODEL, KEY_MODEL_LINK)
DEFAULT_NO_CODE = "-"
DEFAULT_MODEL_TEXT = "Model"
DEFAULT_NO_MODEL_LINK = ""


@dataclass(frozen=True)
class Paste:
    """The JSON object to add to ``data_path``."""

    data_path: str
    text: str


def data_file_for(entry: Entry, source_paths: Sequence[str], globs: Sequence[str]) -> str:
    """The data file a generated row comes from: the one named like the row's section (``data_weakly``
    for "Weakly Supervised"), else the main one (``data.json``), else the first glob."""
    section = entry.section.casefold()
    named = [(path, _section_name(path)) for path in sorted(source_paths)]
    for path, name in named:
        if name and name in section:
            return path
    for path, name in named:
        if not name:
            return path
    return named[0][0] if named else globs[0]


def _section_name(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.casefold().removeprefix("data").lstrip("_-")


def paste_for(
    entry: Entry,
    correction: Correction | None,
    fixed: Mapping[str, str],
    texts: Mapping[str, str],
    globs: Sequence[str],
) -> Paste:
    """The object to paste for a generated row, built from the row with its certain fixes applied."""
    row = _fixed_entry(entry, correction, fixed)
    sources = [path for path in texts if changes.matches(path, globs)]
    data_path = data_file_for(entry, sources, globs)
    data = _data_document(data_path, texts)
    indent = data.entries[0].indent if data is not None and data.entries else "  "
    return Paste(data_path, jsondata.render_object(object_for(row, data), indent))


def _fixed_entry(entry: Entry, correction: Correction | None, fixed: Mapping[str, str]) -> Entry:
    if correction is None or entry.path not in fixed:
        return entry
    line = correction.fixed_line + (entry.line - correction.line)
    document = parse.parse_document(entry.path, fixed[entry.path])
    return next((candidate for candidate in document.entries if candidate.line == line), entry)


def _data_document(path: str, texts: Mapping[str, str]) -> Document | None:
    if path not in texts:
        return None
    try:
        return parse.parse_document(path, texts[path])
    except jsondata.JsonListError:
        return None


def object_for(entry: Entry, data: Document | None) -> dict:
    """A data-file object for an entry: the data file's keys (spelling and order), its task spelling and
    its way of writing "no code" and "no model"."""
    samples = [sample for sample in (data.entries if data is not None else ()) if sample.data is not None]
    has_model = entry.model is not None and entry.model.url.strip() not in PLACEHOLDER_VALUES
    values: dict[str, object] = {
        KEY_TITLE: " ".join(entry.title.split()),
        KEY_LINK: (entry.url or "").strip(),
        KEY_DATE: entry.year,
        KEY_VENUE: entry.venue,
        KEY_TASK: [_task_spelling(task, samples) for task in entry.tasks],
        KEY_RESOURCE: {KEY_CODE: entry.code_urls[0] if entry.code_urls else _usual(samples, _no_code, DEFAULT_NO_CODE)},
        KEY_MODEL: entry.model.text if has_model and entry.model else _usual(samples, _model_text, DEFAULT_MODEL_TEXT),
        KEY_MODEL_LINK: entry.model.url if has_model and entry.model else _usual(samples, _no_model_link, DEFAULT_NO_MODEL_LINK),
    }
    keys = list(samples[0].data) if samples and samples[0].data else list(DEFAULT_KEYS)
    by_name = {key.lower(): value for key, value in values.items()}
    return {key: by_name[key.lower()] for key in keys if key.lower() in by_name}


def _task_spelling(task: str, samples: Sequence[Entry]) -> str:
    for sample in samples:
        tasks = jsondata.get(sample.data or {}, KEY_TASK, [])
        for spelled in tasks if isinstance(tasks, list) else [tasks]:
            if isinstance(spelled, str) and spelled.lower() == task.lower():
                return spelled
    return task.capitalize()


def _usual(samples: Sequence[Entry], value_of: Callable[[Entry], str | None], default: str) -> str:
    """The value the data file writes most often (``value_of`` returns None when it does not apply)."""
    counts = Counter(value for sample in samples if (value := value_of(sample)) is not None)
    return counts.most_common(1)[0][0] if counts else default


def _no_code(sample: Entry) -> str | None:
    if sample.code_urls:
        return None
    resource = jsondata.get(sample.data or {}, KEY_RESOURCE, {})
    code = jsondata.get(resource, KEY_CODE) if isinstance(resource, dict) else None
    return code if isinstance(code, str) else None


def _model_text(sample: Entry) -> str | None:
    text = jsondata.get(sample.data or {}, KEY_MODEL)
    return text if isinstance(text, str) and sample.model is None else None


def _no_model_link(sample: Entry) -> str | None:
    link = jsondata.get(sample.data or {}, KEY_MODEL_LINK)
    return link if isinstance(link, str) and sample.model is None else None
