"""The record of the posts' outbound links (``links.json`` beside conf.py),
written by ``postarchive links`` (:mod:`.linkcheck`) and read by the build
(:mod:`postarchive.content.archivedlinks`); and the one shape of a Wayback Machine
snapshot address the archive publishes. Sphinx-free.

One JSON object, keys sorted, one result per address::

    {"links": {"https://example.com/gone": {
        "status": "broken", "code": 404, "checked": "2025-01-31",
        "posts": ["posts/a-post.md"],
        "archived": {"url": "https://web.archive.org/web/20130919044612/https://example.com/gone",
                     "timestamp": "20130919044612", "date": "2013-09-19",
                     "before_post": true}}},
     "version": 1}

``status``: working, redirected (``final_url`` says where), broken, timeout,
rate-limited or ignored (``reason`` says why). Only a broken link has an
``archived`` copy; ``before_post`` says whether it was taken before the
first post using the link was published (false: none was, this is the
closest, taken after; absent: the post is undated, or an older record); the build shows only copies whose address has the one
shape :func:`is_snapshot_url` allows, whatever the file says.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from . import i18n

_ORIGINAL = r"https?://[^\s<>\"'\\`{}|^]+"
SNAPSHOT_URL = re.compile(rf"https://web\.archive\.org/web/(\d{{14}})/({_ORIGINAL})\Z")
_TIMESTAMP = re.compile(r"\d{14}\Z")


def is_snapshot_url(url: str) -> bool:
    """Whether *url* is a Wayback Machine snapshot address of the one shape
    the archive publishes: ``https://web.archive.org/web/<14 digits>/<http(s) url>``."""
    return bool(SNAPSHOT_URL.match(url))


def day_label(timestamp: str, language: str | None = "en") -> str:
    """``20130919044612`` → ``19 September 2013`` (as readers of *language* write it)."""
    day = dt.date(int(timestamp[:4]), int(timestamp[4:6]), int(timestamp[6:8]))
    return i18n.format_day(day, language)


VERSION = 1
STATUSES = ("working", "redirected", "broken", "timeout", "rate-limited", "ignored")


def read(path: Path) -> dict[str, dict]:
    """The links of the record at *path* ({} when there is none); a file that
    is not a record raises ValueError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("links"), dict):
        raise ValueError("not a record of links (no “links” object)")
    return {url: entry for url, entry in data["links"].items() if isinstance(entry, dict)}


def dumps(links: dict[str, dict]) -> str:
    """The record's text: deterministic (keys sorted, one layout)."""
    data = {"links": links, "version": VERSION}
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def archived_copy(url: str, entry: dict) -> tuple[str, str, bool | None] | None:
    """``(snapshot address, YYYY-MM-DD, taken before the post)`` of a broken
    link's archived copy (the last None when the record does not say), or
    None; a copy whose address is not a Wayback Machine snapshot of the link
    itself (or whose date disagrees with it, or whose ``before_post`` is not
    true or false) is refused (ValueError)."""
    archived = entry.get("archived")
    if entry.get("status") != "broken" or not archived:
        return None
    if not isinstance(archived, dict):
        raise ValueError(f"the archived copy of {url} is not an object")
    address = str(archived.get("url", ""))
    match = SNAPSHOT_URL.match(address)
    if not match or match.group(2) != url:
        raise ValueError(
            f"the archived copy of {url} is not a Wayback Machine snapshot of it "
            f"(https://web.archive.org/web/<14 digits>/{url}): {address!r}"
        )
    stamp = match.group(1)
    day = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
    if str(archived.get("timestamp", stamp)) != stamp:
        raise ValueError(f"the archived copy of {url} gives two different dates")
    try:
        dt.datetime.strptime(stamp, "%Y%m%d%H%M%S")
    except ValueError:
        raise ValueError(
            f"the archived copy of {url} is dated {stamp}, not a real moment"
        ) from None
    before = archived.get("before_post")
    if before is not None and not isinstance(before, bool):
        raise ValueError(f"the archived copy of {url}: before_post is not true or false")
    return address, day, before
