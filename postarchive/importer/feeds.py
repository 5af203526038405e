"""The items of an RSS 2.0, RSS 1.0 or Atom feed, streamed like an export.

A feed gives the full text (``content:encoded``, Atom ``content``) or only a
summary (``description``, Atom ``summary``): then the entry says so
(``excerpt_only``) and the post gets a note.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .records import Entry, Index, SourceFile
from .xmlsource import note_removed, ATOM_NS, qname, release, stream, text

_ITEMS = {"item", "atom:entry", "rss1:item"}


def _moment(value: str) -> tuple[str, str]:
    """(local, UTC) as "YYYY-MM-DD HH:MM:SS", from an RFC 822 or ISO 8601 date."""
    value = value.strip()
    if not value:
        return "", ""
    moment = None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return "", ""
    local = moment.strftime("%Y-%m-%d %H:%M:%S")
    if moment.tzinfo is None:
        return local, ""
    return local, moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _atom_text(elem) -> str:
    """An Atom text construct as HTML."""
    kind = (elem.get("type") or "text").lower()
    if kind == "xhtml":
        div = next(iter(elem), None)
        if div is None:
            return ""
        inner = (div.text and html.escape(div.text, quote=False) or "") + "".join(
            etree.tostring(child, encoding="unicode", method="html") for child in div)
        return inner
    if kind in ("html", "text/html"):
        return text(elem)
    return html.escape(text(elem), quote=False).replace("\n\n", "<br><br>")


def _entry(elem, source: SourceFile, atom: bool) -> Entry:
    entry = Entry(source=source, line=elem.sourceline or 0)
    full = summary = ""
    published = updated = ""
    for child in elem:
        name = qname(child)
        local = name.split(":")[-1]
        if local == "title":
            entry.title = _atom_text(child) if atom else text(child)
        elif local == "link":
            href = child.get("href")
            if href is not None:
                if child.get("rel", "alternate") == "alternate" and not entry.link:
                    entry.link = href
            elif not entry.link:
                entry.link = text(child).strip()
        elif name in ("guid", "atom:id"):
            entry.guid = text(child).strip()
        elif name in ("pubDate", "atom:published", "dc:date"):
            published = text(child)
        elif name == "atom:updated":
            updated = text(child)
        elif name == "dc:creator" or (name == "author" and not atom):
            entry.author = entry.author or text(child).strip()
        elif name == "atom:author":
            for part in child:
                if qname(part) == "atom:name":
                    entry.author = entry.author or text(part).strip()
        elif name == "content:encoded":
            full = text(child)
        elif name == "atom:content":
            full = _atom_text(child)
        elif name in ("description", "atom:summary", "rss1:description"):
            summary = _atom_text(child) if atom else text(child)
        elif name == "category":
            entry.terms.append(("category", "", text(child).strip()))
        elif name == "atom:category":
            entry.terms.append(("category", "", child.get("label") or child.get("term") or ""))
    if entry.author.count("(") == 1 and "@" in entry.author:  # RSS: "mail@x (Name)"
        entry.author = entry.author.split("(", 1)[1].rstrip(")").strip()
    elif "@" in entry.author:
        entry.author = ""  # an e-mail address is never published
    entry.content = full if full.strip() else summary
    entry.excerpt_only = not full.strip() and bool(summary.strip())
    entry.date, entry.date_gmt = _moment(published or updated)
    entry.id = entry.guid or entry.link
    entry.type, entry.status = "post", "publish"
    return entry


def read(path: Path, source: SourceFile, index: Index, *, full: bool,
         huge: bool = False) -> Iterator[Entry]:
    events, cleaned = stream(path, huge)
    atom = source.kind == "atom"
    depth = 0
    for kind, elem in events:
        if kind == "start":
            depth += 1
            continue
        depth -= 1
        name = qname(elem)
        if name in _ITEMS:
            entry = _entry(elem, source, atom)
            release(elem)
            if not full:
                entry.content = entry.excerpt = ""
            yield entry
        elif not full and name in ("title", "atom:title", "rss1:title") and (
                (atom and depth == 1) or (not atom and depth == 2)) and not source.site_title:
            source.site_title = (_atom_text(elem) if atom else text(elem)).strip()
        elif not full and name in ("link", "atom:link", "rss1:link") and not source.site_url \
                and ((atom and depth == 1 and elem.get("rel", "alternate") == "alternate")
                     or (not atom and depth == 2)):
            source.site_url = (elem.get("href") or text(elem)).strip()
    if not full:
        note_removed(source, cleaned, index)


__all__ = ["read", "ATOM_NS"]
