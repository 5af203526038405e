"""The archive by date, previous / next and related posts, reading time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.textutil import normalise

from postarchive.content.related import RelatedIndex, relatedness
from postarchive.core.model import Post, date_order
from postarchive.core.records import GlossaryEntry, TermUse


def text_of(html: str) -> str:
    return normalise(re.sub(r"<[^>]+>", " ", html))


def nav_box(html: str) -> str:
    m = re.search(r'<div class="[^"]*archive-post-nav[^"]*">(.*?)</div>', html, re.S)
    assert m, "no post navigation"
    return m.group(1)


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_archive_page_by_year(app):
    app.build()
    text = text_of((Path(app.outdir) / "archive.html").read_text())
    # years newest first, then the posts without a date, with what is known
    assert (
        text.index("2016 (1) Second post")
        < text.index("2015 (1) First post")
        < text.index("Date unknown (1)")
        < text.index("Undated post")
    )
    assert "Date unknown (not before 1 June 2015)" in text
    assert "After May 2015, from what the text says." in text
    assert "1 March 2015 · 1 min read" in text


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_previous_next_in_date_order(app):
    app.build()
    out = Path(app.outdir)
    # date order: first (2015-03-01), undated (not before 2015-06-01), second (2016-05-02)
    first = text_of(nav_box((out / "posts/first.html").read_text()))
    assert "Previous post" not in first
    assert "Next post (newer): Undated post" in first
    undated = nav_box((out / "posts/undated.html").read_text())
    assert re.search(r'Previous post \(older\): <a [^>]*href="first.html"', undated)
    assert re.search(r'Next post \(newer\): <a [^>]*href="second.html"', undated)
    second = text_of(nav_box((out / "posts/second.html").read_text()))
    assert "Next post" not in second and "Previous post (older): Undated post" in second


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_related_posts_share_topics(app):
    app.build()
    out = Path(app.outdir)
    first = text_of(nav_box((out / "posts/first.html").read_text()))
    related = first[first.index("Related posts") :]
    # first shares alpha with undated and beta with second
    assert "Undated post (shares topics: Alpha things)" in related
    assert "Second post (shares topics: Beta things)" in related
    undated = text_of(nav_box((out / "posts/undated.html").read_text()))
    assert "Second post" not in undated[undated.index("Related posts") :]  # nothing shared


class FakeDomain:
    def __init__(self, posts, term_uses=None, glossary=None):
        self.posts = {p.docname: p for p in posts}
        self.term_uses = term_uses or {}
        self.glossary = glossary or {}

    def sorted_posts(self):
        return date_order(self.posts.values())


def _post(name, date, topics):
    return Post(
        docname=name, title=name.title(), author="A", summary="S", date=date, topics=tuple(topics)
    )


def related_posts(domain, docname):
    return RelatedIndex(domain).related(docname)


def test_related_ranking_counts_topics_then_terms():
    posts = [
        _post("a", "2015-01-01", ["x", "y"]),
        _post("b", "2015-02-01", ["x"]),
        _post("c", "2015-03-01", ["x", "y"]),
        _post("d", "2015-04-01", ["z"]),
    ]
    ranked = related_posts(FakeDomain(posts), "a")
    assert [p.docname for p, _t, _g in ranked] == ["c", "b"]  # two shared topics beat one
    assert ranked[0][1] == ["x", "y"]

    # glossary terms count too, less than a topic; "d" shares only terms.
    # Term links target lower-case names; synonyms of one entry count once
    # and are shown as the glossary spells the entry.
    def uses(*terms):
        return [TermUse("p", t, "", "", "P", 1) for t in terms]

    def entry(*names):
        return GlossaryEntry(ids=tuple(f"term-{n}" for n in names), names=names, summary="")

    glossary = {"glossary": [entry("OpenStack"), entry("open source", "OSS")]}
    term_uses = {
        "a": uses("openstack", "open source"),
        "b": uses("openstack", "oss"),
        "d": uses("oss"),
    }
    ranked = related_posts(FakeDomain(posts, term_uses, glossary), "a")
    assert [p.docname for p, _t, _g in ranked] == ["c", "b", "d"]
    assert ranked[1][2] == ["OpenStack", "open source"]
    assert ranked[2][2] == ["open source"]
    assert relatedness(posts[0], posts[1], ["t"], ["t"])[0] > relatedness(posts[0], posts[1])[0]


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_reading_time_counts_only_the_authors_words(app):
    app.build()
    domain = app.env.domains["archive"]
    # "Second post" + "Eleven twelve thirteen." + "An article on" + "The article's
    # opening words." = 12; the blurb's editorial box is not counted
    assert domain.posts["posts/second"].words == 12
    page = text_of((Path(app.outdir) / "posts/second.html").read_text())
    assert re.search(r"Reading time ?:? About 1 minute \(12 words of the author’s text\)", page)
