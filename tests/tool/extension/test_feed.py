"""The Atom feed: valid Atom 1.0 read by a real feed parser, one entry per
post with absolute links, and linked from the head of every page."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest
from bs4 import BeautifulSoup
from support.textutil import normalise

from postarchive.core.frontmatter import parse_post

ATOM = "{http://www.w3.org/2005/Atom}"


def posts_of(srcdir: Path) -> dict:
    return {
        f"posts/{p.stem}": parse_post(p.read_text(encoding="utf-8"))
        for p in sorted((srcdir / "posts").glob("*.md"))
    }


def check_feed(outdir: Path, srcdir: Path, baseurl: str) -> list:
    """Check every entry of outdir/atom.xml against the posts' front matter."""
    raw = (outdir / "atom.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    # the elements Atom 1.0 requires (RFC 4287 §4.1.1, §4.1.2)
    root = ET.fromstring(raw)
    for el in (root, *root.findall(f"{ATOM}entry")):
        for tag in ("id", "title", "updated"):
            assert el.find(f"{ATOM}{tag}") is not None and el.find(f"{ATOM}{tag}").text
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert feed.feed.links[0].rel == "self" and feed.feed.links[0].href == baseurl + "atom.xml"

    posts = posts_of(srcdir)
    assert len(feed.entries) == len(posts)
    seen = set()
    for entry in feed.entries:
        assert entry.link.startswith(baseurl), entry.link
        docname = urlparse(entry.link).path.removeprefix(urlparse(baseurl).path)
        docname = docname.removesuffix(".html")
        info = posts[docname]
        seen.add(docname)
        assert (outdir / f"{docname}.html").is_file()
        assert entry.id == entry.link
        assert entry.title == info.title
        assert entry.summary.startswith(info.summary)
        day = info.date or info.date_after or "1970-01-01"
        assert entry.updated_parsed[:3] == dt.date.fromisoformat(day).timetuple()[:3]
        assert entry.published_parsed == entry.updated_parsed
        terms = [t.term for t in entry.get("tags", [])]
        assert set(info.topics) <= set(terms)
        if info.date:
            assert "date-unknown" not in terms
        else:  # the documented rule: dated by the earliest possible date, and flagged
            assert "date-unknown" in terms
            assert "Date unknown" in entry.summary
        if info.url:
            assert info.url in [link.href for link in entry.links if link.rel == "related"]
        check_content(entry, baseurl)
    assert seen == set(posts)
    # newest first, and the feed is as new as its newest entry
    stamps = [e.updated_parsed for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert feed.feed.updated_parsed == stamps[0]
    return feed.entries


def content_text(entry) -> str:
    return normalise(BeautifulSoup(entry.content[0].value, "html.parser").get_text())


def check_content(entry, baseurl: str) -> None:
    """The entry carries the post's full text as HTML: links and images
    absolute, without the page's apparatus, our notes labelled."""
    assert len(entry.content) == 1 and entry.content[0].type == "text/html"
    body = BeautifulSoup(entry.content[0].value, "html.parser")
    for el in body.find_all(href=True) + body.find_all(src=True):
        address = el.get("href") or el.get("src")
        assert urlparse(address).scheme in {"http", "https", "mailto"}, address
        if urlparse(address).netloc == urlparse(baseurl).netloc:
            assert address.startswith(baseurl), address
    text = normalise(body.get_text())
    for apparatus in ("About this post", "Cite this post", "More from the archive"):
        assert apparatus not in text
    assert body.find("h1") is None and body.find("script") is None
    for box in body.select(".editorial"):
        assert normalise(box.get_text()).startswith("Editors’ note:")


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_feed_of_test_root(app):
    app.build()
    entries = check_feed(Path(app.outdir), Path(app.srcdir), "https://archive.example.org/")
    assert [e.title for e in entries] == ["Second post", "Undated post", "First post"]
    assert content_text(entries[-1]) == "One two three four five six seven eight nine ten."


@pytest.mark.sphinx(
    "html", testroot="topics", freshenv=True, confoverrides={"archive_feed_length": 2}
)
def test_feed_holds_the_newest_posts(app):
    app.build()
    feed = feedparser.parse((Path(app.outdir) / "atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Second post", "Undated post"]


def test_unknown_date_rule():
    from postarchive.core.model import Post
    from postarchive.html.feed import entry_date

    def post(date, date_after):
        return Post(
            docname="posts/p", title="P", author="A", summary="S", date=date, date_after=date_after
        )

    assert entry_date(post("2016-06-07", None)) == ("2016-06-07", False)
    assert entry_date(post(None, "2014-11-01")) == ("2014-11-01", True)
    assert entry_date(post(None, None)) == ("1970-01-01", True)
