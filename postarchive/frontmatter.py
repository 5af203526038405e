"""Read and validate the YAML front matter of a post.

The front matter is parsed here, not taken from ``env.metadata``, because
MyST flattens lists and dates into strings there and keeps no line numbers.
Every problem is reported as :class:`FrontMatterError` with the line of the
offending key, so the build can name ``file:line``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass

import yaml

_FENCE = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)^---[ \t]*$", re.S | re.M)

#: Keys every post must have, and what each is for (shown in error messages).
REQUIRED = {
    "title": "the post title, exactly as the author wrote it",
    "author": "the author's name",
    "date": "YYYY-MM-DD, or the word unknown (then give date_note)",
    "url": "the original address, or the word unknown",
    "topics": "a list of topic slugs from docs/topics.yaml",
    "summary": "one sentence written by the archive editors",
}
OPTIONAL = {
    "date_after": "YYYY-MM-DD: the earliest date the post can have, when date is unknown",
    "date_note": "what is known about an unknown date",
    "source_lines": "the lines of the scraped source text, e.g. 21-59",
    "notes": "a list of archival notes",
}
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
    "\" #\", or that starts with a quote, [ or {, in double quotes)"
)


def split_front_matter(text: str) -> RawFrontMatter | None:
    """Parse the front matter block at the top of *text*, or return None."""
    text = text.removeprefix("\ufeff")
    match = _FENCE.match(text)
    if not match:
        return None
    body = match.group("body")
    end = 2 + body.count("\n")
    for loader_class in _LOADERS:
        loader = loader_class(body)
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
            problems.append((
                f"field {name!r} appears twice (lines {lines[name]} and {line}): "
                "keep only one of them", line,
            ))
        else:
            lines[name] = line
    if problems:
        raise FrontMatterError(*problems[0], problems=problems)
    return RawFrontMatter(data=data, lines=lines, start=1, end=end)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value, key: str, line: int) -> str:
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


def _describe(key: str) -> str:
    return REQUIRED.get(key) or OPTIONAL.get(key) or ""


def _text(data: dict, lines: dict, key: str) -> str:
    value = data[key]
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (int, float, bool)):
        raise FrontMatterError(
            f"{key} must be text, not the YAML value {value!r}: put it in double quotes",
            lines[key],
        )
    raise FrontMatterError(f"{key} must be non-empty text: {_describe(key)}", lines[key])


def _close_match(key: str) -> str:
    match = difflib.get_close_matches(key, [*REQUIRED, *OPTIONAL], n=1)
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

    def raise_any(self) -> None:
        if self.found:
            found = sorted(self.found, key=lambda p: p[1])
            raise FrontMatterError(*found[0], problems=found)


def parse_post(text: str) -> dict:
    """Return the validated metadata of a post whose source is *text*.

    Raises :class:`FrontMatterError` listing every problem found. A post is
    parsed several times per build (checks, metadata, the post toctree), so
    the last results are kept; each caller gets its own copy."""
    return copy.deepcopy(_parse_post(text))


@functools.lru_cache(maxsize=64)
def _parse_post(text: str) -> dict:
    raw = split_front_matter(text)
    if raw is None:
        raise FrontMatterError(
            "a post must start with front matter: a line ---, the fields (title, author, "
            "date, url, topics, summary) as “key: value” lines, and a closing line ---",
            1,
        )
    data, lines = raw.data, raw.lines
    problems = _Problems()
    missing = [k for k in REQUIRED if k not in data or data[k] is None or data[k] == ""]
    for key in missing:
        problems.add(
            f"missing required field {key!r}: add a line “{key}: …” before line "
            f"{raw.end} with {REQUIRED[key]}",
            raw.end,
        )
    for key in sorted(set(data) - set(REQUIRED) - set(OPTIONAL), key=lines.get):
        problems.add(
            f"unknown field {key!r}: {_close_match(key)}remove it or correct its name; "
            "the fields are " + ", ".join([*REQUIRED, *OPTIONAL]),
            lines[key],
        )

    info: dict = {"title_line": lines.get("title", raw.end)}
    for key in ("title", "author", "summary"):
        if key not in missing:
            with problems.check():
                info[key] = _text(data, lines, key)

    info["date"] = info["date_after"] = None
    if "date" not in missing:
        if data["date"] == UNKNOWN:
            if "date_note" not in data:
                problems.add(
                    "date is unknown: add date_note saying what is known about the date",
                    lines["date"],
                )
        else:
            with problems.check():
                info["date"] = _date(data["date"], "date", lines["date"])
    if "date_after" in data:
        with problems.check():
            info["date_after"] = _date(data["date_after"], "date_after", lines["date_after"])
        if data.get("date") not in (UNKNOWN, None):
            problems.add(
                "date_after is only for posts whose date is unknown: remove it",
                lines["date_after"],
            )
    info["date_note"] = ""
    if "date_note" in data:
        with problems.check():
            info["date_note"] = _text(data, lines, "date_note")

    info["url"] = None
    url = data.get("url")
    if "url" not in missing and url != UNKNOWN:
        if isinstance(url, str) and re.match(r"https?://[^\s/]+\.[^\s]+$", url.strip()):
            info["url"] = url.strip()
        else:
            problems.add(
                f"url must be the original http(s) address or the word unknown, not {url!r}",
                lines["url"],
            )

    info["topics"] = []
    info["topics_line"] = lines.get("topics", raw.end)
    if "topics" not in missing:
        topics = data["topics"]
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            problems.add(
                "topics must be a list of topic slugs, e.g. [containers, openstack]",
                lines["topics"],
            )
        elif len(set(topics)) != len(topics):
            twice = sorted({t for t in topics if topics.count(t) > 1})
            problems.add(
                f"topics lists {', '.join(twice)} twice: keep each topic once",
                lines["topics"],
            )
        else:
            info["topics"] = list(topics)

    info["notes"] = []
    if "notes" in data:
        notes = data["notes"]
        if not isinstance(notes, list) or not all(
            isinstance(n, str) and n.strip() for n in notes
        ):
            problems.add(
                "notes must be a list of text items, each on a line starting with “  - ”",
                lines["notes"],
            )
        else:
            info["notes"] = list(notes)

    info["source_lines"] = None
    source_lines = data.get("source_lines")
    if source_lines is not None:
        m = re.fullmatch(r"(\d+)-(\d+)", str(source_lines).strip())
        if not m or int(m.group(1)) > int(m.group(2)):
            problems.add(
                f"source_lines must be a range of lines like 21-59, not {source_lines!r}",
                lines["source_lines"],
            )
        else:
            info["source_lines"] = [int(m.group(1)), int(m.group(2))]
    problems.raise_any()
    return info


def sort_key(info: dict) -> tuple:
    """Chronological order: a known date sorts on that day; an unknown date
    sorts on its ``date_after`` bound, after known posts of the same day; an
    unknown date with no bound at all sorts first (oldest), so newest-first
    lists (the landing page, the feed, topic pages) show it last, as the
    feed dates it 1970-01-01 and the archive page lists it last."""
    day = info.get("date") or info.get("date_after") or "0001-01-01"
    return (day, info.get("date") is None, info.get("title", ""))
