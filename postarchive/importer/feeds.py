"""The items of an RSS 2.0, RSS 1.0 or Atom feed, streamed like an export.

A feed gives the full text (``content:encoded``, Atom ``content``) or only a
summary (``description``, Atom ``summary``): then the entry says so
(``excerpt_only``) and the post gets a note.

* The author: the entry's (``dc:creator``, ``author``, Atom ``author``), else
  the feed's (``managingEditor``, the channel's ``dc:creator``, Atom
  ``<feed><author>``). Of an author element with children (Atom ``name``,
  ``uri``, ``email``; a job title; HTML) only the name is taken; an e-mail
  address is never kept.
* The address: the entry's permalink on the blog's own host (the channel's
  ``link``, else the feed's ``rel="self"``): ``feedburner:origLink``, the
  ``link`` (Atom ``rel="alternate"``), ``rel="related"``/``"via"``, the guid
  when it is a permalink, the Atom id, the ``comments`` page. A link that
  points to another site (a link post) is kept as ``link_to`` (named in the
  post's notes): the original address, and so the redirect pages, are only
  ever the blog's own.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from .privacy import EMAIL
from .records import Entry, Index, SourceFile
from .xmlsource import ATOM_NS, note_removed, qname, release, stream, text

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


_START_TAG = re.compile(r'<[^\s>/]+(?:\s+[^\s=>/]+(?:="[^"]*")?)*\s*/?>')
_XMLNS = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')


def _without_xmlns(serialized: str) -> str:
    """An element serialized as HTML without the namespace declarations lxml
    writes on it (XHTML's, and those of the file's root element)."""
    tag = _START_TAG.match(serialized)
    if tag is None:
        return serialized
    return _XMLNS.sub("", tag.group(0)) + serialized[tag.end() :]


def _atom_text(elem) -> str:
    """An Atom text construct as HTML."""
    kind = (elem.get("type") or "text").lower()
    if kind == "xhtml":
        div = next(iter(elem), None)
        if div is None:
            return ""
        inner = (div.text and html.escape(div.text, quote=False) or "") + "".join(
            _without_xmlns(etree.tostring(child, encoding="unicode", method="html"))
            for child in div
        )
        return inner
    if kind in ("html", "text/html"):
        return text(elem)
    return html.escape(text(elem), quote=False).replace("\n\n", "<br><br>")


_NAME_END = re.compile(
    r"(?i)<br\s*/?>|</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|address|table|tr|td)"
    r"\b[^>]*>|</(?:a|span)\s*>"
)
_MAIL_NAME = re.compile(r"^\s*<?[^\s<>()@]+@[^\s<>()]+>?\s*\((.+)\)\s*$")


def name_only(value: str) -> str:
    """A person's name from what a feed gives: the first line of HTML (“Diane
    Chaleff<br>Product Manager”), “mail@x (Name)” → Name, no e-mail address."""
    if "<" in value and ">" in value:
        parts = (re.sub(r"<[^>]*>", "", part) for part in _NAME_END.split(value))
        value = next((part for part in parts if part.strip()), "")
    mail_name = _MAIL_NAME.match(value)
    if mail_name:
        value = mail_name.group(1)
    value = EMAIL.sub("", value)
    value = re.sub(r"(?:\(\s*\)|<\s*>|\[\s*\]|&lt;\s*&gt;)", "", value)
    return " ".join(value.split()).strip(" ,;:-–—")


def person(elem) -> str:
    """The name of an author element: its ``name`` child (Atom, or a feed's
    own person element), else its own text (not its children's: a job title,
    an e-mail address, a web site)."""
    children = [child for child in elem if isinstance(child.tag, str)]
    if not children:
        return name_only(text(elem))
    for child in children:
        if etree.QName(child).localname == "name":
            return name_only(text(child))
    return name_only(elem.text or "") or name_only(text(children[0]))


_ADDRESS_KINDS = {"alternate": "alternate", "related": "related", "via": "via"}


def _link(child, name: str, addresses: list) -> None:
    href = child.get("href")
    if href is not None:
        kind = _ADDRESS_KINDS.get((child.get("rel") or "alternate").strip().lower())
        if kind and href.strip():
            addresses.append((kind, href.strip()))
    elif name in ("link", "rss1:link") and text(child).strip():
        addresses.append(("link", text(child).strip()))


def _entry(elem, source: SourceFile, atom: bool) -> Entry:
    entry = Entry(source=source, line=elem.sourceline or 0)
    full = summary = published = updated = ""
    for child in elem:
        name = qname(child)
        local = name.split(":")[-1]
        if local == "title":
            entry.title = _atom_text(child) if atom else text(child)
        elif local == "link":
            _link(child, name, entry.addresses)
        elif name in ("guid", "atom:id"):
            entry.guid = text(child).strip()
            if child.get("isPermaLink", "true").strip().lower() == "true":
                entry.addresses.append(("guid" if name == "guid" else "id", entry.guid))
        elif name in ("comments", "feedburner:origLink"):
            kind = "comments" if name == "comments" else "origlink"
            entry.addresses.append((kind, text(child).strip().split("#", 1)[0]))
        elif name in ("pubDate", "atom:published", "dc:date"):
            published = text(child)
        elif name == "atom:updated":
            updated = text(child)
        elif name in ("dc:creator", "atom:author") or (name == "author" and not atom):
            entry.author = entry.author or person(child)
        elif name in ("content:encoded", "atom:content"):
            full = _atom_text(child) if name == "atom:content" else text(child)
        elif name in ("description", "atom:summary", "rss1:description"):
            summary = _atom_text(child) if atom else text(child)
        elif name == "category":
            entry.terms.append(("category", "", text(child).strip()))
        elif name == "atom:category":
            entry.terms.append(("category", "", child.get("label") or child.get("term") or ""))
    entry.content = full if full.strip() else summary
    entry.excerpt_only = not full.strip() and bool(summary.strip())
    entry.date, entry.date_gmt = _moment(published or updated)
    primary = next((a for k, a in entry.addresses if k in ("alternate", "link")), "")
    entry.id = entry.guid or primary
    entry.type, entry.status = "post", "publish"
    resolve(entry)
    return entry


_PROXIES = ("feedproxy.google.com", "feeds.feedburner.com", "feeds.feedblitz.com")
_PERMALINKS = ("origlink", "alternate", "link", "related", "via", "guid", "id", "comments")


def _host(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    host = (parts.hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _same_site(host: str, blog: str) -> bool:
    return bool(host) and (host == blog or host.endswith("." + blog) or blog.endswith("." + host))


def resolve(entry: Entry) -> None:
    """The entry's permalink on the blog (``link``), the other site a link
    post points to (``link_to``) and the feed's author when the entry names
    none (see the module's description)."""
    source = entry.source
    entry.author = entry.author or source.site_author
    blog = _host(source.site_url) or _host(source.feed_url)
    urls = {kind: [a for k, a in entry.addresses if k == kind and _host(a)] for kind in _PERMALINKS}
    pages = [
        a
        for kind in ("alternate", "link", "related", "via")
        for a in urls[kind]
        if _host(a) not in _PROXIES
    ]
    own = [
        a
        for kind in _PERMALINKS
        for a in urls[kind]
        if (not blog or _same_site(_host(a), blog)) and _host(a) not in _PROXIES
    ]
    if not blog and urls["origlink"]:
        own = urls["origlink"] + own
    foreign = [a for a in pages if blog and not _same_site(_host(a), blog)]
    entry.link_to = ""
    if own:
        entry.link = own[0]
    elif foreign and any(
        _host(a) == _host(foreign[0]) for kind in ("guid", "id", "comments") for a in urls[kind]
    ):
        entry.link = foreign[0]  # the blog's posts are elsewhere than its channel says
        return
    else:
        entry.link = ""  # never another site's address (its redirect would be that site's)
    entry.link_to = next((a for a in foreign if a != entry.link), "")


def read(
    path: Path, source: SourceFile, index: Index, *, full: bool, huge: bool = False
) -> Iterator[Entry]:
    events, cleaned = stream(path, huge)
    atom = source.kind == "atom"
    depth = 0
    first_pass: list[Entry] = []
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
                first_pass.append(entry)
            yield entry
        elif not full and depth == (1 if atom else 2):
            _feed_child(elem, name, source, atom)
    if not full:
        for entry in first_pass:  # what the feed says after its first entries counts too
            resolve(entry)
        note_removed(source, cleaned, index)


def _feed_child(elem, name: str, source: SourceFile, atom: bool) -> None:
    """What the first pass keeps of the feed's own elements: its title, the
    blog's address, the feed's address and its author."""
    if name in ("title", "atom:title", "rss1:title") and not source.site_title:
        source.site_title = (_atom_text(elem) if atom else text(elem)).strip()
    elif name in ("link", "atom:link", "rss1:link"):
        rel = (elem.get("rel") or "alternate").strip().lower()
        href = (elem.get("href") or text(elem)).strip()
        if rel == "self" and not source.feed_url:
            source.feed_url = href
        elif rel == "alternate" and not source.site_url and (atom or name != "atom:link"):
            source.site_url = href
    elif (
        name in ("managingEditor", "dc:creator", "atom:author", "author") and not source.site_author
    ):
        source.site_author = person(elem)


__all__ = ["read", "ATOM_NS"]
