"""What an export or a feed says of the blog itself (its channel), for
``postarchive new``: the blog's title, address, description, language and
author, and its main categories.

* WordPress export (WXR) and RSS 2.0: ``<channel>``'s ``title``, ``link``
  (``wp:base_blog_url`` first), ``description``, ``language``; the author is
  the first ``wp:author``'s display name, else the channel's ``dc:creator`` or
  ``managingEditor``, else the items' most frequent author (a feed's);
* RSS 1.0: ``rss1:channel``'s, with ``dc:language`` and ``dc:creator``;
* Atom: the feed's ``title``, ``link rel="alternate"``, ``subtitle``,
  ``xml:lang`` and ``<author><name>`` (else the entries' most frequent one).

The main categories are the top-level categories of the published posts (of
every item in a feed), most used first, WordPress's “Uncategorized” left out.
An e-mail address is never taken for a name (“mail@x (Name)” gives “Name”).
Every value is plain text on one line ("" when the file does not say). The
file is read like an import (:mod:`.xmlsource`: safe, streamed); a file
that is not an export or a feed is an :class:`~postarchive.importer.ImportFailure`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .render import plain
from .xmlsource import qname, release, sniff, stream, text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CHANNELS = {"channel", "rss1:channel"}
_ITEMS = {"item", "atom:entry", "rss1:item"}
_UNCATEGORIZED = {"uncategorized", "uncategorised"}
#: WordPress's default taglines: they say nothing of the blog
DEFAULT_TAGLINES = {
    "just another wordpress site",
    "just another wordpress blog",
    "just another wordpress.com site",
    "just another wordpress.com weblog",
}


@dataclass
class Channel:
    kind: str  # "wxr", "rss", "rss1" or "atom"
    title: str = ""
    address: str = ""
    description: str = ""
    language: str = ""  # as the file writes it ("en-US")
    author: str = ""
    categories: list[str] = field(default_factory=list)  # most used first


def person(value: str) -> str:
    """A name from an author field, never an e-mail address."""
    value = plain(value)
    match = re.fullmatch(r"\S+@\S+\s*\((.+)\)", value)
    if match:
        value = match.group(1).strip()
    return "" if "@" in value else value


@dataclass
class _Reading:
    channel: Channel
    authors: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)  # category key → name
    child_categories: set[str] = field(default_factory=set)


def _set(channel: Channel, name: str, value: str) -> None:
    if value and not getattr(channel, name):
        setattr(channel, name, value)


def _channel_child(elem, reading: _Reading, atom: bool) -> None:
    channel, name = reading.channel, qname(elem)
    local = name.split(":")[-1]
    if local == "title":
        _set(channel, "title", plain(text(elem)))
    elif name == "wp:base_blog_url":
        channel.address = text(elem).strip()
    elif local == "link" and (not atom or elem.get("rel", "alternate") == "alternate"):
        _set(channel, "address", (elem.get("href") or text(elem)).strip())
    elif name in ("description", "rss1:description", "atom:subtitle"):
        _set(channel, "description", plain(text(elem)))
    elif name in ("language", "dc:language"):
        _set(channel, "language", text(elem).strip())
    elif name == "wp:author":
        fields = {qname(child): text(child) for child in elem}
        _set(
            channel,
            "author",
            person(fields.get("wp:author_display_name", ""))
            or person(fields.get("wp:author_login", "")),
        )
    elif name in ("dc:creator", "managingEditor"):
        _set(channel, "author", person(text(elem)))
    elif name == "atom:author":
        _set(
            channel, "author", person(next((text(c) for c in elem if qname(c) == "atom:name"), ""))
        )
    elif name == "wp:category":
        fields = {qname(child): text(child).strip() for child in elem}
        if fields.get("wp:category_parent"):
            reading.child_categories.add(fields.get("wp:category_nicename", ""))


def _item(elem, reading: _Reading, kind: str) -> None:
    """Count an item's categories and author (WXR: published posts only)."""
    fields = {qname(child): child for child in elem}
    if kind == "wxr" and (
        text(fields.get("wp:post_type")).strip() or "post",
        text(fields.get("wp:status")).strip() or "publish",
    ) != ("post", "publish"):
        return
    for child in elem:
        name = qname(child)
        if name == "category" and child.get("domain", "category") == "category":
            label, key = plain(text(child)), child.get("nicename") or plain(text(child))
        elif name == "atom:category":
            label = plain(child.get("label") or child.get("term") or "")
            key = child.get("term") or label
        elif name in ("dc:creator", "author") and kind != "wxr":
            reading.authors[person(text(child))] += 1
            continue
        elif name == "atom:author":
            reading.authors[
                person(next((text(c) for c in child if qname(c) == "atom:name"), ""))
            ] += 1
            continue
        else:
            continue
        if (
            label
            and key.casefold() not in _UNCATEGORIZED
            and label.casefold() not in _UNCATEGORIZED
        ):
            reading.categories[key] += 1
            reading.names.setdefault(key, label)


def read_channel(path: Path) -> Channel:
    """What the export or feed at *path* says of its blog (see the module's
    description)."""
    kind = sniff(path)
    reading = _Reading(Channel(kind))
    atom = kind == "atom"
    events, _cleaned = stream(path)
    channel = None
    for event, elem in events:
        if event == "start":
            if channel is None and (atom or qname(elem) in _CHANNELS):
                channel = elem
                if atom:
                    _set(reading.channel, "language", (elem.get(XML_LANG) or "").strip())
            continue
        name = qname(elem)
        if name in _ITEMS:
            _item(elem, reading, kind)
            release(elem)
        elif channel is not None and elem.getparent() is channel:
            _channel_child(elem, reading, atom)
    result = reading.channel
    _set(result, "author", next((a for a, _n in reading.authors.most_common() if a), ""))
    order = {key: i for i, key in enumerate(reading.names)}
    keys = sorted(
        (k for k in reading.categories if k not in reading.child_categories),
        key=lambda k: (-reading.categories[k], order[k]),
    )
    result.categories = [reading.names[k] for k in keys]
    return result
