"""A new paper as plain fields, and its entry written in the list's own style: a markdown row in the
target table's column order and cell style, a JSON object in the data file's key order and values."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from rules import facts, inline, links
from rules.dialects import datakeys, jsondata, markdown, rows, yamldata
from rules.dialects import items as items_dialect
from rules.model import DataObject, Document, Entry, LinkRole, Role, Span, Table
from rules.parse import dialect_of as parse_dialect

EMPTY_CELL = "-"
DEFAULT_MODEL_TEXT = "Model"
# The object layout of the ``scripts/data*.json`` files lists are usually generated from.
DEFAULT_OBJECT: DataObject = {
    jsondata.KEY_TITLE: "",
    jsondata.KEY_LINK: "",
    jsondata.KEY_DATE: "",
    jsondata.KEY_VENUE: "",
    jsondata.KEY_TASK: ["Video"],
    jsondata.KEY_RESOURCE: {jsondata.KEY_CODE: "-"},
    jsondata.KEY_MODEL: DEFAULT_MODEL_TEXT,
    jsondata.KEY_MODEL_LINK: "",
}
URL_PLACEHOLDER = "\0url\0"
# Between the names of ``authors: A, B and C`` when a file writes them as a list.
AUTHOR_SEPARATOR_RE = re.compile(r",|;|\band\b")
BADGE_PLACEHOLDER = "\0badge\0"
# Characters that would end a markdown link text, break a table cell early or open raw HTML.
TITLE_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "|": "\\|", "<": "\\<", ">": "\\>"})
URL_ESCAPES = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "|": "%7C", "<": "%3C", ">": "%3E"})


@dataclass(frozen=True, slots=True)
class NewPaper:
    """The fields of a paper to add; ``tasks`` empty means "the table's usual task"."""

    title: str
    url: str
    year: str
    venue: str
    code: str = ""
    model: str = ""
    section: str = ""
    tasks: tuple[str, ...] = ()
    authors: str = ""

    @classmethod
    def from_fields(cls, fields: Mapping[str, str]) -> NewPaper:
        """Build from field name → value (``title``, ``url``, ``year``, ``venue``, ``code``, ``model``,
        ``section``, ``task`` with tasks separated by commas, ``authors``)."""
        tasks = tuple(task.strip() for task in fields.get("task", "").split(",") if task.strip())
        return cls(
            title=" ".join(fields.get("title", "").split()),
            url=fields.get("url", "").strip(),
            year=fields.get("year", "").strip(),
            venue=" ".join(fields.get("venue", "").split()),
            code=fields.get("code", "").strip(),
            model=fields.get("model", "").strip(),
            section=fields.get("section", "").strip(),
            tasks=tasks,
            authors=" ".join(fields.get("authors", "").split()),
        )

    @classmethod
    def from_entry(cls, entry: Entry, section: str) -> NewPaper:
        """The fields an entry holds (after a fix was applied to it)."""
        return cls(
            title=entry.title,
            url=entry.url or "",
            year=entry.year,
            venue=entry.venue,
            code=entry.code_urls[0] if entry.code_urls else "",
            model=entry.model.url if entry.model else "",
            section=section,
            tasks=entry.tasks,
            authors=entry.authors,
        )


def render_row(table: Table, rows: Sequence[Entry], paper: NewPaper) -> str:
    """The paper as a row of ``table``, each cell in the style its column's ``rows`` already use."""
    cells = [
        _cell(role, [row.cells[column] for row in rows if column < len(row.cells)], paper)
        for column, role in enumerate(table.roles)
    ]
    compact = rows and all(row.raw.strip() == "|" + "|".join(row.cells) + "|" for row in rows[-3:])
    return "|" + "|".join(cells) + "|" if compact else markdown.render_row(cells)


def render_item(items: Sequence[Entry], paper: NewPaper) -> str | None:
    """The paper as an item of a section, in the shape most of its items share: an item of that shape
    with the paper's links (a paper link; a code link when the paper has code, dropped when it has
    none), rewritten field by field. None when no item of the section can serve as a model."""
    template = _item_template(items, paper)
    if template is None:
        return None
    text = items_dialect.own_lines(template)
    changes = {Role.TITLE: paper.title.translate(TITLE_ESCAPES), Role.URL: _url(paper.url)}
    if template.span(Role.VENUE) is not None:
        changes[Role.VENUE] = paper.venue
    if template.span(Role.AUTHORS) is not None:
        changes[Role.AUTHORS] = paper.authors
    edits = [(span, value) for role, value in changes.items() if (span := template.span(role)) is not None]
    # The year, and a block's second year (its venue line's, after its date): each as the list writes it.
    years = [span for span in template.spans if span.role is Role.YEAR]
    edits += [(span, _year_in_style(text[span.start : span.end], paper.year)) for span in years]
    if template.code_urls:
        edits.append(_code_edit(text, template.code_urls[0], paper.code))
    for span, value in sorted(edits, key=lambda pair: -pair[0].start):
        text = text[: span.start] + value + text[span.end :]
    return text


def _item_template(items: Sequence[Entry], paper: NewPaper) -> Entry | None:
    """Of the items that can model the new one (one paper link, at most a code link, a recorded place
    for the title, link and every field they write), the last one of the most common shape, one with
    a code link first when the paper has code and one without first when it has none."""
    usable = [item for item in items if _can_model(item)]
    if not usable:
        return None
    shapes = Counter(_shape_of(item) for item in usable)
    spacings = Counter(_shape_of(item, spacing=True) for item in usable)
    return max(
        reversed(usable),
        key=lambda item: (
            bool(item.code_urls) == bool(paper.code),
            shapes[_shape_of(item)],
            spacings[_shape_of(item, spacing=True)],
        ),
    )


def _can_model(item: Entry) -> bool:
    text = items_dialect.own_lines(item)
    roles = [link.role for link in item.links if links.is_web_url(link.url)]
    if roles.count(LinkRole.PAPER) != 1 or len(roles) != 1 + len(item.code_urls[:1]) or len(item.code_urls) > 1:
        return False
    if item.code_urls and text.count(item.code_urls[0]) != 1:
        return False
    wanted = [Role.TITLE, Role.URL] + [
        role
        for role, value in ((Role.VENUE, item.venue), (Role.YEAR, item.year), (Role.AUTHORS, item.authors))
        if value
    ]
    return all((span := item.span(role)) is not None and span.end <= len(text) for role in wanted)


def _shape_of(item: Entry, spacing: bool = False) -> str:
    """The item's text with its fields and links blanked (and runs of spaces folded unless ``spacing``):
    items written alike share it."""
    text = items_dialect.own_lines(item)
    for span in sorted(item.spans, key=lambda span: -span.start):
        if span.end <= len(text):
            text = text[: span.start] + "\0" + text[span.end :]
    for link in item.links:
        text = text.replace(link.url, "\0")
    return text if spacing else re.sub(r"[ \t]+", " ", text)


def _code_edit(text: str, code_url: str, new_url: str) -> tuple[Span, str]:
    """The edit that puts the paper's code link in place of the model's, or drops it when it has none."""
    at = text.find(code_url)
    if new_url:
        return Span(Role.CODE, at, at + len(code_url)), _url(new_url)
    written = items_dialect.link_extent(text, code_url)
    return Span(Role.CODE, *(written or (at, at + len(code_url)))), ""


def _year_in_style(written: str, year: str) -> str:
    """The year as the list writes it: ``' 24`` where it writes ``' 18``, ``2024`` where it writes a bare
    year; else (a date) as given."""
    number = facts.year_of(year)
    short = re.fullmatch(r"(['’]\s?)\d{2}", written.strip())
    if short and number is not None:
        return short.group(1) + str(number)[2:]
    if written.strip().isdigit() and number is not None:
        return str(number)
    return year


def render_object(document: Document | None, paper: NewPaper) -> str:
    """The paper as an object of the data file: the file's usual keys (by what each holds, whatever the
    file calls it) in its usual order and nesting, written in its style — a JSON object with its
    indentation (no trailing comma), or a YAML item with its indentation and quoting. Without a data file
    (or an empty one), the layout of the ``scripts/data*.json`` files these lists are usually generated from."""
    entries = [entry for entry in (document.entries if document else ()) if entry.data is not None]
    samples = [entry.data for entry in entries if entry.data is not None] or [DEFAULT_OBJECT]
    read_with = datakeys.format_of(entries)  # the keys the file was read with, the config's included
    keymap = datakeys.infer(samples, read_with.fields if read_with is not None else None)
    roles = {datakeys.fold(key): Role(field) for field, key in keymap.keys.items() if field != datakeys.PROJECT}
    data = _filled(_usual_shape(samples), samples, roles, paper, ())
    for role, value in _values(paper).items():  # a field the usual object lacks (an optional ``repo``)
        key = keymap.key(role)
        if value and key is not None and "." not in key and datakeys.key_name(data, key) not in data:
            data[key] = value
    if document is not None and document.kind == "yaml":
        return yamldata.render_item(data, entries)
    indent = entries[0].indent if entries else "  "
    return jsondata.render_object(data, indent)


def code_language(path: str) -> str:
    """The fence language to show a new entry of ``path`` in (``json``, ``yaml``, ``rst``, ``markdown``)."""
    return {"json": "json", "yaml": "yaml", "rst": "rst"}.get(parse_dialect(path), "markdown")


def separator(path: str) -> str:
    """What stands between two new entries of ``path`` shown together (``,`` between JSON objects)."""
    return ",\n" if parse_dialect(path) == "json" else "\n\n" if parse_dialect(path) == "yaml" else "\n"


def _values(paper: NewPaper) -> dict[Role, str]:
    return {
        Role.TITLE: paper.title,
        Role.URL: paper.url,
        Role.YEAR: paper.year,
        Role.VENUE: paper.venue,
        Role.AUTHORS: paper.authors,
        Role.CODE: paper.code,
        Role.MODEL: paper.model,
    }


def _filled(
    template: DataObject, samples: list[DataObject], roles: Mapping[str, Role], paper: NewPaper, prefix: tuple[str, ...]
) -> DataObject:
    """``template``'s keys, each holding the paper's value for what the key holds, else the file's usual
    blank (or its usual model text)."""
    values = _values(paper)
    data: DataObject = {}
    for key, example in template.items():
        path = (*prefix, str(key))
        role = roles.get(datakeys.fold(".".join(path)))
        if role is Role.TASK:
            data[key] = _json_tasks(samples, path, example, paper.tasks)
        elif isinstance(example, dict) and not prefix:
            data[key] = _filled(example, samples, roles, paper, path)
        elif role is not None and values.get(role):
            data[key] = _typed_like(example, values[role])
        elif datakeys.fold(str(key)) in datakeys.MODEL_TEXT_NAMES:
            data[key] = _usual_value(samples, path)
        elif isinstance(example, list):
            data[key] = []
        else:
            data[key] = _usual_blank(samples, path)
    return data


def _cell(role: Role, column: list[str], paper: NewPaper) -> str:
    if role is Role.TITLE:
        return f"[{paper.title.translate(TITLE_ESCAPES)}]({_url(paper.url)})"
    if role is Role.YEAR:
        return paper.year.replace("|", "\\|")
    if role is Role.VENUE:
        return paper.venue.replace("|", "\\|")
    if role is Role.TASK:
        return _task_cell(column, paper.tasks)
    if role is Role.CODE:
        return _link_cell(column, paper.code, text="Code")
    if role is Role.MODEL:
        return _link_cell(column, paper.model, text=DEFAULT_MODEL_TEXT)
    return EMPTY_CELL


def _url(url: str) -> str:
    return url.strip().translate(URL_ESCAPES)


def _link_cell(column: list[str], url: str, text: str) -> str:
    """A link cell in the column's usual shape (``[![](./assets/code.svg)](url)``), or ``-`` for none."""
    if not url:
        return EMPTY_CELL
    template = _most_common(_link_template(cell) for cell in column)
    if template is None:
        return f"[{text}]({_url(url)})"
    return template.replace(URL_PLACEHOLDER, _url(url))


def _link_template(cell: str) -> str | None:
    parsed = inline.parse_cell(cell)
    if len(parsed.links) != 1 or not links.is_web_url(parsed.links[0].url):
        return None  # empty or placeholder links ([Model]()) are not a style to copy
    written = f"]({parsed.links[0].url})"
    if cell.count(written) != 1:
        return None
    return cell.replace(written, f"]({URL_PLACEHOLDER})")


def _task_cell(column: list[str], tasks: tuple[str, ...]) -> str:
    """The task cell: the column's own cell for these tasks, its badge style for others, or the
    column's most common cell when no task is given."""
    if not tasks:
        return _most_common(cell for cell in column if cell.strip()) or EMPTY_CELL
    wanted = tuple(task.lower() for task in tasks)
    exact = _most_common(cell for cell in column if _tasks_of(cell) == wanted)
    if exact is not None:
        return exact
    parts = []
    for task in wanted:
        single = _most_common(cell for cell in column if _tasks_of(cell) == (task,))
        template = _most_common(_badge_template(cell) for cell in column)
        parts.append(single or (template.replace(BADGE_PLACEHOLDER, task) if template else task))
    return " ".join(parts)


def _tasks_of(cell: str) -> tuple[str, ...]:
    parsed = inline.parse_cell(cell)
    if parsed.images:
        return tuple(rows.badge_name(source) for source in parsed.images)
    return tuple(part.strip().lower() for part in parsed.text.split(",") if part.strip() and part.strip() != "-")


def _badge_template(cell: str) -> str | None:
    parsed = inline.parse_cell(cell)
    if len(parsed.images) != 1 or "://" in parsed.images[0]:
        return None
    source = parsed.images[0]
    path = PurePosixPath(source)
    badge = str(path.with_stem(BADGE_PLACEHOLDER))
    if source.startswith("./") and not badge.startswith("./"):
        badge = "./" + badge
    return cell.replace(source, badge) if cell.count(source) == 1 else None


def _usual_shape(samples: list[DataObject]) -> DataObject:
    """The key layout most objects share (nested objects included), as one example object."""
    usual = Counter(_shape(sample) for sample in samples).most_common(1)[0][0]
    return next(sample for sample in reversed(samples) if _shape(sample) == usual)


def _shape(data: object) -> tuple[object, ...]:
    if isinstance(data, dict):
        return tuple((key, _shape(value)) for key, value in data.items())
    return (type(data).__name__,)


def _json_tasks(samples: list[DataObject], path: tuple[str, ...], example: object, tasks: tuple[str, ...]) -> object:
    """The tasks as the file writes them: its own spelling ("Video"), a list or a string like the example."""
    if not tasks:
        return _usual_value(samples, path)
    spelling: dict[str, str] = {}
    for sample in samples:
        written = _at(sample, path)
        for task in written if isinstance(written, list) else [written]:
            if isinstance(task, str):
                spelling.setdefault(task.lower(), task)
    named = [spelling.get(task.lower(), task) for task in tasks]
    return named if isinstance(example, list) else ", ".join(named)


def _usual_value(samples: list[DataObject], path: tuple[str, ...]) -> object:
    values = [json.dumps(_at(sample, path), ensure_ascii=False, default=str) for sample in samples]
    usual = _most_common(values)
    return json.loads(usual) if usual is not None else ""


def _usual_blank(samples: list[DataObject], path: tuple[str, ...]) -> str:
    """The file's usual way to write "nothing" in a field ("" or "-")."""
    blanks = []
    for sample in samples:
        value = _at(sample, path)
        if isinstance(value, str) and value.strip() in datakeys.NO_VALUES:
            blanks.append(value.strip())
    return _most_common(blanks) or ""


def _at(sample: DataObject, path: tuple[str, ...]) -> object:
    value: object = sample
    for key in path:
        value = jsondata.get(value, key) if isinstance(value, dict) else None
    return value


def _typed_like(example: object, value: str) -> object:
    """``value`` as a number when the file writes this field as a number (``"Date": 2024``), as a list
    of names or of ``{name: …}`` when it writes authors so."""
    if isinstance(example, int) and not isinstance(example, bool) and value.isdigit():
        return int(value)
    if isinstance(example, list):
        names = [name.strip() for name in AUTHOR_SEPARATOR_RE.split(value) if name.strip()]
        if example and isinstance(example[0], dict):
            key = next(iter(example[0]))
            return [{key: name} for name in names]
        return names
    return value


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(value for value in values if value is not None)
    return counts.most_common(1)[0][0] if counts else None
