"""Read and validate the YAML front matter of a post.

The front matter is parsed here, not taken from ``env.metadata``, because
MyST flattens lists and dates into strings there and keeps no line numbers.
Every problem is reported as :class:`FrontMatterError` with the line of the
offending key, so the build can name ``file:line``.
"""

from __future__ import annotations

import datetime as dt
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


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date gets our message."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(Exception):
    """A problem with a post's front matter, at a 1-based line of the file."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class RawFrontMatter:
    data: dict
    lines: dict[str, int]  # key -> 1-based line in the file
    start: int  # line of the opening ---


def split_front_matter(text: str) -> RawFrontMatter | None:
    """Parse the front matter block at the top of *text*, or return None."""
    match = _FENCE.match(text)
    if not match:
        return None
    body = match.group("body")
    try:
        node = yaml.compose(body, Loader=_Loader)
        data = yaml.load(body, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError("front matter must be a YAML mapping (key: value lines)", 2)
    lines = {
        str(key.value): key.start_mark.line + 2 for key, _value in node.value
    }
    return RawFrontMatter(data=data, lines=lines, start=1)


def _date(value, key: str, line: int) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise FrontMatterError(
        f"{key} must be a date written YYYY-MM-DD, not {value!r}", line
    )


def _text(data: dict, lines: dict, key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise FrontMatterError(f"{key} must be non-empty text ({_describe(key)})", lines[key])
    return value.strip()


def _describe(key: str) -> str:
    return REQUIRED.get(key) or OPTIONAL.get(key) or ""


def parse_post(text: str) -> dict:
    """Return the validated metadata of a post whose source is *text*."""
    raw = split_front_matter(text)
    if raw is None:
        raise FrontMatterError(
            "a post must start with a front matter block between two --- lines", 1
        )
    data, lines = raw.data, raw.lines
    end = max(lines.values(), default=2)
    for key, what in REQUIRED.items():
        if key not in data or data[key] in (None, ""):
            raise FrontMatterError(f"missing required field {key!r}: {what}", end)
    unknown_keys = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown_keys:
        key = unknown_keys[0]
        raise FrontMatterError(
            f"unknown field {key!r}; allowed fields: "
            + ", ".join(sorted({*REQUIRED, *OPTIONAL})),
            lines[key],
        )

    info: dict = {
        "title": _text(data, lines, "title"),
        "author": _text(data, lines, "author"),
        "summary": _text(data, lines, "summary"),
    }

    if data["date"] == UNKNOWN:
        info["date"] = None
        if "date_note" not in data:
            raise FrontMatterError(
                "date is unknown: add date_note saying what is known about it",
                lines["date"],
            )
    else:
        info["date"] = _date(data["date"], "date", lines["date"])
    info["date_after"] = (
        _date(data["date_after"], "date_after", lines["date_after"])
        if "date_after" in data
        else None
    )
    if info["date"] and info["date_after"]:
        raise FrontMatterError(
            "date_after is only for posts whose date is unknown", lines["date_after"]
        )
    info["date_note"] = _text(data, lines, "date_note") if "date_note" in data else ""

    url = data["url"]
    if url == UNKNOWN:
        info["url"] = None
    elif isinstance(url, str) and re.match(r"https?://[^\s/]+\.[^\s]+$", url.strip()):
        info["url"] = url.strip()
    else:
        raise FrontMatterError(
            f"url must be an http(s) address or the word unknown, not {url!r}",
            lines["url"],
        )

    topics = data["topics"]
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise FrontMatterError(
            "topics must be a list of topic slugs, e.g. [containers, openstack]",
            lines["topics"],
        )
    if len(set(topics)) != len(topics):
        raise FrontMatterError("topics lists a topic twice", lines["topics"])
    info["topics"] = list(topics)
    info["topics_line"] = lines["topics"]

    notes = data.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise FrontMatterError("notes must be a list of text items", lines.get("notes", end))
    info["notes"] = list(notes)

    source_lines = data.get("source_lines")
    if source_lines is not None:
        m = re.fullmatch(r"(\d+)-(\d+)", str(source_lines).strip())
        if not m or int(m.group(1)) > int(m.group(2)):
            raise FrontMatterError(
                f"source_lines must look like 21-59, not {source_lines!r}",
                lines["source_lines"],
            )
        info["source_lines"] = [int(m.group(1)), int(m.group(2))]
    else:
        info["source_lines"] = None
    return info


def sort_key(info: dict) -> tuple:
    """Chronological order: a known date sorts on that day; an unknown date
    sorts on its ``date_after`` bound, after known posts of the same day;
    an unknown date with no bound sorts last."""
    day = info.get("date") or info.get("date_after") or "9999-12-31"
    return (day, info.get("date") is None, info.get("title", ""))
