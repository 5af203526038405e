"""Read and validate the YAML front matter of a post.

The front matter is parsed here, not taken from ``env.metadata``, because
MyST flattens lists and dates into strings there and keeps no line numbers.
Every problem is reported as :class:`FrontMatterError` with the line of the
offending key, so the build can name ``file:line``.

The schema is one table, :data:`FIELDS`: each field has a small check that
turns its YAML value into the values of a :class:`~.model.Post`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from .addresses import ORIGINAL_URL, url_path_problem
from .model import Post

_FENCE = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)^---[ \t]*\r?$", re.S | re.M)
UNKNOWN = "unknown"


class FrontMatterError(Exception):
    """Problems with a post's front matter.

    ``message`` and ``line`` (1-based, in the post's file) describe the first
    problem; ``problems`` lists every problem found, as ``(message, line)``
    pairs in file order, so one build can report them all.
    """

    def __init__(
        self, message: str, line: int, problems: list[tuple[str, int]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.problems = problems or [(message, line)]


@dataclass(frozen=True)
class RawFrontMatter:
    data: dict
    lines: dict[str, int]  # key -> 1-based line in the file
    start: int  # line of the opening ---
    end: int  # line of the closing ---


class _Loader(yaml.SafeLoader):
    """A safe YAML loader that leaves dates as text, so that a date is checked
    here (with its line) rather than by PyYAML (which fails on 2016-02-30
    without a line and turns ``2016-06-07 10:00`` into a datetime)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if hasattr(yaml, "CSafeLoader"):

    class _FastLoader(yaml.CSafeLoader):
        """The same loader on libyaml's parser (8 times faster); a document it
        rejects is parsed again by :class:`_Loader`, whose error messages and
        lines are the ones we report."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _LOADERS: tuple = (_FastLoader, _Loader)
else:  # PyYAML built without libyaml
    _LOADERS = (_Loader,)

_YAML_HINT = (
    "fix the YAML syntax (put text that contains a colon followed by a space, or a "
    '" #", or that starts with a quote, [ or {, in double quotes)'
)


def normalise_newlines(text: str) -> str:
    """*text* as Sphinx reads a file: without a byte-order mark, every line
    ending (CRLF, CR) a line feed."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> RawFrontMatter | None:
    """Parse the front matter block at the top of *text*, or return None."""
    text = normalise_newlines(text)
    match = _FENCE.match(text)
    if not match:
        return None
    body = match.group("body")
    end = 2 + body.count("\n")
    if "\t" in body:
        line = 2 + body[: body.index("\t")].count("\n")
        raise FrontMatterError(
            "the front matter has a tab: YAML needs spaces there; replace the tab with spaces", line
        )
    for loader_class in _LOADERS:
        try:
            loader = loader_class(body)
        except yaml.YAMLError as exc:  # a character YAML does not accept
            raise FrontMatterError(f"front matter is not valid YAML ({exc})", 2) from exc
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
            break
        except yaml.YAMLError as exc:
            if loader_class is not _Loader:
                continue
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 2 if mark is not None else 2
            problem = getattr(exc, "problem", None) or str(exc)
            raise FrontMatterError(
                f"front matter is not valid YAML ({problem}): {_YAML_HINT}", line
            ) from exc
        finally:
            loader.dispose()
    if data is None:
        data, node = {}, yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            "front matter must be a list of “key: value” lines, one field per line", 2
        )
    lines: dict[str, int] = {}
    problems = []
    for key, _value in node.value:
        name, line = str(key.value), key.start_mark.line + 2
        if name in lines:
            problems.append(
                (
                    f"field {name!r} appears twice (lines {lines[name]} and {line}): "
                    "keep only one of them",
                    line,
                )
            )
        else:
            lines[name] = line
    if problems:
        raise FrontMatterError(*problems[0], problems=problems)
    return RawFrontMatter(data=data, lines=lines, start=1, end=end)


# -- the field checks --------------------------------------------------------------
#: The YAML values of the front matter, their lines, and the end of the block.
@dataclass(frozen=True)
class _Context:
    data: dict
    lines: dict[str, int]
    end: int


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value, key: str, line: int) -> str:
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError as exc:
            raise FrontMatterError(
                f"{key} {value.strip()} is not a day of the calendar ({exc}): "
                "correct it, or write unknown and say what is known in date_note",
                line,
            ) from None
    shown = value if isinstance(value, str) else str(value)
    hint = ", or the word unknown (then add date_note)" if key == "date" else ""
    raise FrontMatterError(
        f"{key} must be a day written YYYY-MM-DD, e.g. 2016-06-07{hint}, not {shown!r}",
        line,
    )


def _text(key: str, value, line: int) -> str:
    if isinstance(value, str) and value.strip():
        bad = next((c for c in value if unicodedata.category(c) == "Cc" and c != "\n"), None)
        if bad is not None:  # written as a YAML escape ("\x01", "\r"): the file has none
            raise FrontMatterError(
                f"{key} holds the control character U+{ord(bad):04X} (a YAML escape): remove "
                "it (it is invisible and breaks the PDF)",
                line,
            )
        return value.strip()
    if isinstance(value, (int, float, bool)):
        raise FrontMatterError(
            f"{key} must be text, not the YAML value {value!r}: put it in double quotes", line
        )
    raise FrontMatterError(f"{key} must be non-empty text: {FIELDS[key].help}", line)


def _text_field(key: str, value, line: int, ctx: _Context) -> dict:
    return {key: _text(key, value, line)}


def _date(key: str, value, line: int, ctx: _Context) -> dict:
    if value == UNKNOWN:
        if "date_note" not in ctx.data:
            raise FrontMatterError(
                "date is unknown: add date_note saying what is known about the date", line
            )
        return {}
    return {"date": _day(value, key, line)}


def _date_after(key: str, value, line: int, ctx: _Context) -> dict:
    problems = _Problems()
    found = {}
    with problems.check():
        found["date_after"] = _day(value, key, line)
    if ctx.data.get("date") not in (UNKNOWN, None):
        problems.add("date_after is only for posts whose date is unknown: remove it", line)
    problems.raise_any(sort=False)
    return found


def _url(key: str, value, line: int, ctx: _Context) -> dict:
    if value == UNKNOWN:
        return {}
    if isinstance(value, str) and ORIGINAL_URL.fullmatch(value.strip()):
        problem = url_path_problem(value.strip())
        if problem:
            raise FrontMatterError(
                f"url {value.strip()!r} cannot be an original address: {problem}, which would "
                "break the redirect pages and server maps made from it; correct the address, "
                "or write unknown",
                line,
            )
        return {"url": value.strip()}
    raise FrontMatterError(
        f"url must be the original http(s) address or the word unknown, not {value!r}", line
    )


def _topics(key: str, value, line: int, ctx: _Context) -> dict:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise FrontMatterError(
            "topics must be a list of topic slugs, e.g. [containers, openstack]", line
        )
    if len(set(value)) != len(value):
        twice = sorted({t for t in value if value.count(t) > 1})
        raise FrontMatterError(f"topics lists {', '.join(twice)} twice: keep each topic once", line)
    return {"topics": tuple(value)}


def _notes(key: str, value, line: int, ctx: _Context) -> dict:
    if not isinstance(value, list) or not all(isinstance(n, str) and n.strip() for n in value):
        raise FrontMatterError(
            "notes must be a list of text items, each on a line starting with “  - ”", line
        )
    return {"notes": tuple(value)}


def _source_lines(key: str, value, line: int, ctx: _Context) -> dict:
    m = re.fullmatch(r"(\d+)-(\d+)", str(value).strip())
    if not m or int(m.group(1)) > int(m.group(2)):
        raise FrontMatterError(
            f"source_lines must be a range of lines like 21-59, not {value!r}", line
        )
    return {"source_lines": (int(m.group(1)), int(m.group(2)))}


_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def _date_utc(key: str, value, line: int, ctx: _Context) -> dict:
    text = value.strip() if isinstance(value, str) else str(value)
    try:
        moment = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ") if _UTC.fullmatch(text) else None
    except ValueError:
        moment = None
    if moment is None:
        raise FrontMatterError(
            f"date_utc must be a moment in UTC written YYYY-MM-DDTHH:MM:SSZ, e.g. "
            f'"2016-06-07T14:05:00Z" (in double quotes), not {text!r}',
            line,
        )
    date = ctx.data.get("date")
    if date in (UNKNOWN, None):
        raise FrontMatterError("date_utc is only for posts whose date is known: remove it", line)
    if isinstance(date, str) and _ISO_DAY.fullmatch(date.strip()):
        with contextlib.suppress(ValueError):  # a bad date is reported on its own line
            apart = abs((dt.date.fromisoformat(date.strip()) - moment.date()).days)
            if apart > 1:
                raise FrontMatterError(
                    f"date_utc {text} is {apart} days from date {date.strip()}: the day readers "
                    "saw (date, the blog's own time zone) is at most one day before or after "
                    "the day in UTC (offsets -12 to +14 hours); correct one of them",
                    line,
                )
    return {"date_utc": text}


def _original_id(key: str, value, line: int, ctx: _Context) -> dict:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, str))
        or not str(value).strip()
        or isinstance(value, int)
        and value < 0
    ):
        raise FrontMatterError(
            f"original_id must be the post's ID on the original blog (a number, or the "
            f"feed's id as text in double quotes), not {value!r}",
            line,
        )
    return {"original_id": str(value).strip()}


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _import_sha256(key: str, value, line: int, ctx: _Context) -> dict:
    if not isinstance(value, str) or not _SHA256.fullmatch(value.strip()):
        raise FrontMatterError(
            f"import_sha256 must be the export's SHA-256: 64 lower-case hex digits, not {value!r}",
            line,
        )
    return {"import_sha256": value.strip()}


def _import_field(key: str, value, line: int, ctx: _Context) -> dict:
    if "original_id" not in ctx.data:
        raise FrontMatterError(
            f"{key} is only for imported posts: add original_id, or remove it", line
        )
    return (
        _text_field(key, value, line, ctx)
        if key != "import_sha256"
        else _import_sha256(key, value, line, ctx)
    )


def _empty(key: str, value, line: int, ctx: _Context) -> dict:
    if value is not True:
        raise FrontMatterError(
            f"empty may only be true (the original post had no text), not "
            f"{value!r}: remove it if the post has text",
            line,
        )
    if "original_id" not in ctx.data:
        raise FrontMatterError(
            "empty is only for imported posts (with original_id): a post "
            "written here needs its text",
            line,
        )
    return {"empty": True}


def _autolink(key: str, value, line: int, ctx: _Context) -> dict:
    if not isinstance(value, bool):
        raise FrontMatterError(f"autolink must be true or false, not {value!r}", line)
    return {"autolink": value}


STATUSES = ("published", "scheduled", "draft")


def _status(key: str, value, line: int, ctx: _Context) -> dict:
    if value not in STATUSES:
        raise FrontMatterError(f"status must be one of {', '.join(STATUSES)}, not {value!r}", line)
    if value == "scheduled" and ctx.data.get("date") in (UNKNOWN, None):
        raise FrontMatterError("a scheduled post needs its date: the day it is published", line)
    return {"status": value}


@dataclass(frozen=True)
class Field:
    required: bool
    help: str  # what the field holds, shown in messages
    check: Callable[[str, Any, int, _Context], dict]  # → values of the Post


#: The front-matter schema, in the order messages list the fields.
FIELDS: dict[str, Field] = {
    "title": Field(True, "the post title, exactly as the author wrote it", _text_field),
    "author": Field(True, "the author's name", _text_field),
    "date": Field(True, "YYYY-MM-DD, or the word unknown (then give date_note)", _date),
    "url": Field(True, "the original address, or the word unknown", _url),
    "topics": Field(True, "a list of topic slugs from docs/topics.yaml", _topics),
    "summary": Field(
        False,
        "one sentence written by the archive editors (lists show the "
        "author's excerpt instead when there is none)",
        _text_field,
    ),
    "date_after": Field(
        False, "YYYY-MM-DD: the earliest date the post can have, when date is unknown", _date_after
    ),
    "date_note": Field(False, "what is known about an unknown date", _text_field),
    "source_lines": Field(False, "the lines of the scraped source text, e.g. 21-59", _source_lines),
    "notes": Field(False, "a list of archival notes", _notes),
    "status": Field(
        False,
        "published (the default), scheduled (published from its date on) or draft (not published)",
        _status,
    ),
    "excerpt": Field(False, "the author's own excerpt of the post, word for word", _text_field),
    "date_utc": Field(False, 'the moment of publication in UTC, "YYYY-MM-DDTHH:MM:SSZ"', _date_utc),
    "original_id": Field(False, "the post's ID on the original blog", _original_id),
    "import_file": Field(
        False, "the export the post was imported from, as named in sources/imports/", _import_field
    ),
    "import_sha256": Field(False, "the SHA-256 of that export", _import_field),
    "empty": Field(False, "true when the original post had no text (imported posts only)", _empty),
    "autolink": Field(
        False,
        "false: no automatic glossary links in this post (links typed as {term} roles stay)",
        _autolink,
    ),
}
REQUIRED = [name for name, field in FIELDS.items() if field.required]


def _close_match(key: str) -> str:
    match = difflib.get_close_matches(key, list(FIELDS), n=1, cutoff=0.75)
    return f"did you mean {match[0]!r}? " if match else ""


class _Problems:
    """Collects the problems of one post; each check runs in a ``with`` block."""

    def __init__(self) -> None:
        self.found: list[tuple[str, int]] = []

    def add(self, message: str, line: int) -> None:
        self.found.append((message, line))

    @contextlib.contextmanager
    def check(self):
        try:
            yield
        except FrontMatterError as err:
            self.found.extend(err.problems)

    def raise_any(self, sort: bool = True) -> None:
        if self.found:
            found = sorted(self.found, key=lambda p: p[1]) if sort else self.found
            raise FrontMatterError(*found[0], problems=found)


def _missing(value) -> bool:
    return value is None or value == ""


def parse_post(text: str, docname: str = "") -> Post:
    """The validated :class:`~.model.Post` of the post whose source is *text*.

    Raises :class:`FrontMatterError` listing every problem found. A post is
    parsed more than once per build (checks, metadata, the post toctree), so
    the last results are kept."""
    return _parse_post(text).replace(docname=docname)


@functools.lru_cache(maxsize=8192)
def _parse_post(text: str) -> Post:
    raw = split_front_matter(text)
    if raw is None:
        raise FrontMatterError(
            "a post must start with front matter: a line ---, the fields (title, author, "
            "date, url, topics) as “key: value” lines, and a closing line ---",
            1,
        )
    ctx = _Context(raw.data, raw.lines, raw.end)
    problems = _Problems()
    for key in (k for k in REQUIRED if _missing(raw.data.get(k))):
        problems.add(
            f"missing required field {key!r}: add a line “{key}: …” before line "
            f"{raw.end} with {FIELDS[key].help}",
            raw.end,
        )
    for key in sorted(set(raw.data) - set(FIELDS), key=raw.lines.get):
        problems.add(
            f"unknown field {key!r}: {_close_match(key)}remove it or correct its "
            "name; the fields are " + ", ".join(FIELDS),
            raw.lines[key],
        )
    values: dict = {}
    for key, field in FIELDS.items():
        if key in raw.data and not (field.required and _missing(raw.data[key])):
            with problems.check():
                values.update(field.check(key, raw.data[key], raw.lines[key], ctx))
    problems.raise_any()
    return Post(
        docname="",
        title=values["title"],
        author=values["author"],
        summary=values.get("summary", ""),
        date=values.get("date"),
        date_after=values.get("date_after"),
        date_note=values.get("date_note", ""),
        url=values.get("url"),
        url_line=raw.lines.get("url", raw.end),
        topics=values["topics"],
        notes=values.get("notes", ()),
        source_lines=values.get("source_lines"),
        status=values.get("status", "published"),
        title_line=raw.lines.get("title", raw.end),
        topics_line=raw.lines.get("topics", raw.end),
        excerpt=values.get("excerpt", ""),
        date_utc=values.get("date_utc"),
        original_id=values.get("original_id"),
        import_file=values.get("import_file", ""),
        import_sha256=values.get("import_sha256", ""),
        empty=values.get("empty", False),
        autolink=values.get("autolink", True),
    )


# -- the writer --------------------------------------------------------------------
_NOT_PRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_PLAIN_ITEM = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_NUMBER = re.compile(r"0|[1-9][0-9]*")


def yaml_scalar(value: str) -> str:
    """A value as a double-quoted YAML (and JSON) string on one line, exactly
    *value* (nothing collapsed): line breaks and the characters YAML does not
    print as ``\\u`` escapes. Whatever it holds (``2008``, ``yes``, ``null``,
    a colon, a leading ``#`` or ``---``), YAML reads it back as that text."""
    return _NOT_PRINTABLE.sub(
        lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(value, ensure_ascii=False)
    )


def yaml_list_item(value: str) -> str:
    """An item of a flow list (``topics: [a, "2008"]``) that YAML reads back as
    exactly the string *value*: bare when it is a plain word that YAML reads
    as that text, else quoted as by :func:`yaml_scalar` (``2008``, ``yes``,
    ``null``, ``1e3``, ``a,b``…)."""
    if _PLAIN_ITEM.fullmatch(value):
        try:
            if yaml.safe_load(f"[{value}]") == [value]:
                return value
        except yaml.YAMLError:
            pass
    return yaml_scalar(value)


def _quoted(value: str | None) -> str | None:
    return yaml_scalar(value) if value else None


#: The order a post's fields are written in (every field of :data:`FIELDS`):
#: what a post is, then when, where and what about, then where it came from.
WRITTEN = (
    "title",
    "author",
    "date",
    "date_utc",
    "date_after",
    "date_note",
    "url",
    "topics",
    "summary",
    "excerpt",
    "source_lines",
    "status",
    "original_id",
    "import_file",
    "import_sha256",
    "empty",
    "autolink",
    "notes",
)


def _written_values(post: Post) -> dict[str, str | None]:
    """Each field of *post* as YAML, or None when it has the default value
    (and is left out): text in double quotes; days, ``unknown``, a range of
    lines, a status and a numeric ID bare (they read back as that text)."""
    first, last = post.source_lines or (0, 0)
    identifier = post.original_id
    return {
        "title": yaml_scalar(post.title),
        "author": yaml_scalar(post.author),
        "date": post.date or UNKNOWN,
        "date_utc": _quoted(post.date_utc),
        "date_after": post.date_after,
        "date_note": _quoted(post.date_note),
        "url": yaml_scalar(post.url) if post.url else UNKNOWN,
        "topics": "[" + ", ".join(yaml_list_item(t) for t in post.topics) + "]",
        "summary": _quoted(post.summary),
        "excerpt": _quoted(post.excerpt),
        "source_lines": f"{first}-{last}" if post.source_lines else None,
        "status": post.status if post.status != "published" else None,
        "original_id": (
            identifier if identifier and _NUMBER.fullmatch(identifier) else _quoted(identifier)
        ),
        "import_file": _quoted(post.import_file),
        "import_sha256": _quoted(post.import_sha256),
        "empty": "true" if post.empty else None,
        "autolink": None if post.autolink else "false",
        "notes": "" if post.notes else None,
    }


def front_matter_lines(post: Post) -> list[str]:
    """The front matter of *post*, ``---`` to ``---``, as lines: the fields in
    :data:`WRITTEN` order, those with default values left out, ``notes`` as
    a block list. :func:`parse_post` reads it back to the same values."""
    lines = ["---"]
    for name, value in _written_values(post).items():
        if value is not None:
            lines.append(f"{name}: {value}" if value else f"{name}:")
        if name == "notes":
            lines += [f"  - {yaml_scalar(note)}" for note in post.notes]
    lines.append("---")
    return lines


def write_front_matter(post: Post) -> str:
    """The front matter of *post* as text (see :func:`front_matter_lines`)."""
    return "\n".join(front_matter_lines(post)) + "\n"
