"""The posts module on a small test root: order, About box, citation, lists."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from support.textutil import normalise

from postarchive.ext.domain import get_domain

ORDER = ["posts/early", "posts/known", "posts/bound"]  # by date; a bound sorts after its day


def read(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


@pytest.mark.sphinx("html", testroot="posts")
def test_toctree_and_list_in_date_order(app):
    app.build()
    # the root toctree lists the years (undated last), each year its posts
    assert app.env.toctree_includes["index"][:3] == ["years/2014", "years/2016", "years/undated"]
    assert app.env.toctree_includes["years/2014"] == ["posts/early"]
    assert app.env.toctree_includes["years/2016"] == ["posts/known"]
    assert app.env.toctree_includes["years/undated"] == ["posts/bound"]
    assert [p.docname for p in get_domain(app.env).sorted_posts()] == ORDER
    titles = [normalise(e.get_text()) for e in read(app, "index").select(".archive-entry-title")]
    assert titles == ["Early post", "Known date", "Bounded date"]
    # Sphinx's own next/previous links go through the years in the same order
    nxt = read(app, "posts/early").select_one('link[rel="next"]')
    assert nxt["href"] == "../years/2016.html"
    assert read(app, "years/2016").select_one('link[rel="next"]')["href"] == "../posts/known.html"


@pytest.mark.sphinx("html", testroot="posts")
def test_about_box_and_citation(app):
    app.build()
    page = read(app, "posts/bound")
    byline = normalise(page.select_one(".archive-about .archive-byline").get_text())
    assert byline == "Date unknown, not before 7 June 2016 · 1 min read · Alpha"
    more = page.select_one(".archive-about details.archive-about-more")
    assert normalise(more.summary.get_text()) == "About this post" and not more.has_attr("open")
    about = normalise(more.get_text(" "))
    assert "Date unknown (not before 7 June 2016)" in about
    assert "Not before the known post, which it mentions." in about
    assert "Original address unknown" in about
    cite = page.select_one(".archive-cite pre").get_text()
    assert cite.startswith(
        "A. Author. “Bounded date.” Test Blog, date unknown (not before 7 June 2016)."
    )
    assert "Original address unknown" in cite
    assert "https://archive.example.org/posts/bound.html" in cite
    known_page = read(app, "posts/known")
    assert normalise(known_page.select_one(".archive-byline").get_text()).startswith(
        "7 June 2016 · 1 min read"
    )
    known = normalise(known_page.select_one(".archive-about details").get_text(" "))
    assert "Published : 7 June 2016" in known
    assert "Lines 3–9 of the scraped text kept in this archive Summary" in known
    assert "A note about the known post." in known


@pytest.mark.sphinx("html", testroot="posts", srcdir="posts-removed")
def test_removed_post_is_purged_and_lists_rewritten(app, make_app):
    app.build()
    (app.srcdir / "posts" / "known.md").unlink()
    app2 = make_app("html", srcdir=app.srcdir)
    app2.build()
    assert "posts/known" not in get_domain(app2.env).posts
    assert app2.env.toctree_includes["index"][:2] == ["years/2014", "years/undated"]
    assert "years/2016" not in app2.env.all_docs  # its only post is gone
    titles = [normalise(e.get_text()) for e in read(app2, "index").select(".archive-entry-title")]
    assert titles == ["Early post", "Bounded date"]
    # the navigation of the other posts no longer shows the removed post
    assert "Known date" not in read(app2, "posts/early").get_text()


@pytest.mark.sphinx("html", testroot="posts", srcdir="posts-bad-date")
def test_front_matter_error_names_file_and_line(app, make_app):
    path = app.srcdir / "posts" / "early.md"
    path.write_text(path.read_text().replace("date: 2014-01-02", "date: 2014-13-02"))
    app.build()
    warnings = app.warning.getvalue()
    assert "posts/early.md:4: ERROR: date 2014-13-02 is not a day of the calendar" in warnings


def test_unbounded_unknown_date_is_listed_last_newest_first():
    """A post with no date and no bound comes last in newest-first lists (the
    landing page, the feed), as it does on the archive page."""
    from postarchive.core.model import Post, date_order

    posts = [
        Post(docname="k", title="Known", author="A", summary="S", date="2016-06-07"),
        Post(
            docname="b",
            title="Bounded",
            author="A",
            summary="S",
            date=None,
            date_after="2014-11-01",
        ),
        Post(docname="u", title="Unbounded", author="A", summary="S", date=None),
    ]
    newest_first = [p.title for p in date_order(posts, newest_first=True)]
    assert newest_first == ["Known", "Bounded", "Unbounded"]


@pytest.mark.sphinx("html", testroot="posts", srcdir="posts-stray-blurb")
def test_blurb_outside_an_article_section_names_file_and_line(app):
    """A blurb in a post's introduction (not under an article's ## heading) is
    an error at its line; the build goes on (--keep-going) and reports it."""
    path = app.srcdir / "posts" / "known.md"
    text = path.read_text(encoding="utf-8")
    text += "\n```{blurb}\n:article: An article\n:venue: unknown\n```\n"
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("```{blurb}") + 1
    app.build()
    assert (
        f"posts/known.md:{line}: ERROR: a blurb must come right after the ## heading "
        "of the article it describes"
    ) in app.warning.getvalue()
    assert get_domain(app.env).blurbs.get("posts/known") is None


def test_counts_are_computed_from_the_posts(tmp_path):
    """The landing page and the PDF's title page say how many posts there are,
    counted at each build (an incremental build after adding a post too)."""
    from support.archivebuild import copy_root, sphinx_build

    src = copy_root("posts", tmp_path)
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "# Test archive\n",
            "# Test archive\n\nAn archive of {archive-count}`posts`: "
            "{archive-count}`dated` dated, {archive-count}`undated` undated.\n",
        ),
        encoding="utf-8",
    )

    def landing() -> str:
        sphinx_build(src, tmp_path / "out")
        sphinx_build(src, tmp_path / "out", builder="latex")
        html = (tmp_path / "out/html/index.html").read_text(encoding="utf-8")
        counts = (tmp_path / "out/latex/archive-counts.def").read_text(encoding="utf-8")
        return normalise(BeautifulSoup(html, "html.parser").get_text(" ")), counts

    text, counts = landing()
    assert "An archive of three posts: two dated, one undated." in text
    assert "\\def\\ArchivePostsPhrase{Three posts}" in counts
    known = (src / "posts" / "known.md").read_text(encoding="utf-8")
    (src / "posts" / "another.md").write_text(
        known.replace("Known date", "Another post").replace("2016-06-07", "2016-06-09"),
        encoding="utf-8",
    )
    text, counts = landing()
    assert "An archive of four posts: three dated, one undated." in text
    assert "\\def\\archivepostsphrase{four posts}" in counts
