"""Topic pages, topic links, unknown topics, and the correctness of the
generated pages under incremental, parallel and sphinx-autobuild builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.archivebuild import book_tex, copy_root, diff_sites, edit, site_files, sphinx_build
from support.textutil import normalise


def text_of(html: str) -> str:
    return normalise(re.sub(r"<[^>]+>", " ", html))


def main_of(html: str) -> str:
    """The article body of a page (without navigation)."""
    m = re.search(
        r'<div class="body"[^>]*>(.*?)<div class="sphinxsidebar"', html, re.S
    ) or re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    assert m, "no article body found"
    return m.group(1)


# -- content of the generated pages -------------------------------------------------
@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_topic_pages(app):
    app.build()
    out = Path(app.outdir)
    overview = text_of(main_of((out / "topics/index.html").read_text()))
    # every topic, with its count and our description, in the order of topics.yaml
    assert re.search(r"Alpha things 2 posts Everything about alpha\.", overview)
    assert re.search(r"Beta things 2 posts Everything about beta\.", overview)
    assert re.search(r"Gamma things 0 posts, 1 article blurb Everything about gamma\.", overview)
    assert overview.index("Alpha things") < overview.index("Beta things") < overview.index("Gamma")

    alpha = main_of((out / "topics/alpha.html").read_text())
    text = text_of(alpha)
    assert "Everything about alpha." in text
    # known dates first (newest first), unknown dates last under their own label
    assert text.index("First post") < text.index("Date unknown") < text.index("Undated post")
    assert "Date unknown (not before 1 June 2015)" in text
    assert 'href="../posts/first.html"' in alpha

    beta = text_of(main_of((out / "topics/beta.html").read_text()))
    assert beta.index("Second post") < beta.index("First post")  # 2016 before 2015
    assert "2 May 2016" in beta and "The second post, about beta." in beta

    gamma = main_of((out / "topics/gamma.html").read_text())
    # a blurb links to its section inside the roundup post
    assert 'href="../posts/second.html#blurb-one"' in gamma
    assert "An article" in text_of(gamma)


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_post_topics_are_links(app):
    app.build()
    page = (Path(app.outdir) / "posts/first.html").read_text()
    box = re.search(r'class="[^"]*archive-topics[^"]*".*?</p>', page, re.S).group(0)
    assert re.search(r'href="../topics/alpha.html"[^>]*>.*?Alpha things', box, re.S)
    assert re.search(r'href="../topics/beta.html"[^>]*>.*?Beta things', box, re.S)


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_topics_in_navigation_and_search(app):
    app.build()
    out = Path(app.outdir)
    index = (out / "index.html").read_text()
    assert 'href="topics/index.html"' in index
    # the topic pages hang below the topics page in the navigation
    assert app.env.toctree_includes["topics/index"] == [
        "topics/alpha",
        "topics/beta",
        "topics/gamma",
    ]
    assert 'href="index.html"' in (out / "topics/beta.html").read_text()
    search = (out / "searchindex.js").read_text()
    assert '"Gamma things"' in search
    # the search index names generated pages like real ones, not by a build path
    assert "_archive_generated" not in search


@pytest.mark.sphinx("html", testroot="topics-unknown", freshenv=True)
def test_unknown_topic_fails_with_file_and_line(app, warning):
    app.build()
    log = warning.getvalue()
    assert re.search(r"posts/bad\.md:6: ERROR: unknown topic 'nope' in the front matter", log)
    assert re.search(r"posts/bad\.md:14: ERROR: unknown topic 'missing' in a blurb", log)
    assert "alpha" in log  # the message names the known topics


def test_unknown_topic_fails_the_build(tmp_path):
    src = copy_root("topics", tmp_path)
    edit(src / "posts/first.md", "topics: [alpha, beta]", "topics: [alpha, nope]")
    result = sphinx_build(src, tmp_path / "build", check=False)
    assert result.returncode != 0
    assert re.search(r"posts/first\.md:6: ERROR: unknown topic 'nope'", result.stderr)


def test_broken_topic_list_is_reported_with_file_and_line(tmp_path):
    """A broken entry of topics.yaml is an archive error at its line (not a
    crash with a traceback); the other topics keep working."""
    src = copy_root("topics", tmp_path)
    edit(src / "topics.yaml", "beta:\n  title:", "Beta Things:\n  title:")
    result = sphinx_build(src, tmp_path / "build", check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Exception occurred" not in result.stderr
    line = (src / "topics.yaml").read_text().split("\n").index("Beta Things:") + 1
    assert re.search(
        rf"topics\.yaml:{line}: ERROR: topic slug 'Beta Things' must be lower-case", result.stderr
    ), result.stderr
    # posts naming the dropped topic are told so; the others build
    assert "unknown topic 'beta'" in result.stderr
    assert (tmp_path / "build" / "html" / "topics" / "alpha.html").is_file()


def test_topic_list_that_is_not_yaml(tmp_path):
    src = copy_root("topics", tmp_path)
    (src / "topics.yaml").write_text("alpha:\n  title: [unclosed\n", encoding="utf-8")
    result = sphinx_build(src, tmp_path / "build", check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"topics\.yaml:\d+: ERROR: not valid YAML", result.stderr), result.stderr
    assert "unknown topic" not in result.stderr  # no flood of follow-on errors


@pytest.mark.sphinx("latex", testroot="topics", freshenv=True)
def test_topics_chapter_in_latex(app):
    app.build()
    tex = book_tex(Path(app.outdir)).read_text()
    chapter = tex[tex.index(r"\chapter{Topics}") :]
    assert r"\section{Alpha things}" in chapter
    # the entries give the posts' pages in their years' volumes, linked there
    # (the book is assembled from its frame and the volumes)
    assert re.search(r"\\archivevolumepage\{[^{}]*-\d{4}\}\{posts/first::doc\}", chapter)
    assert re.search(r"\\archivevolumepage\{[^{}]*-\d{4}\}\{posts/second:blurb-one\}", chapter)


# -- incremental builds give the clean build's site ------------------------------------
NEW_POST = """---
title: "Third post"
author: Test Author
date: 2017-01-09
url: unknown
topics: [gamma, alpha]
summary: "A post added later."
---

Words of a new post.
"""


def _add_topic(src: Path) -> None:
    edit(src / "posts/second.md", "topics: [beta]", "topics: [beta, alpha]")


def _remove_topic(src: Path) -> None:
    edit(src / "posts/first.md", "topics: [alpha, beta]", "topics: [beta]")


def _add_post(src: Path) -> None:
    (src / "posts/third.md").write_text(NEW_POST, encoding="utf-8")


def _delete_post(src: Path) -> None:
    (src / "posts/first.md").unlink()


def _retitle_topic(src: Path) -> None:
    edit(src / "topics.yaml", "title: Beta things", "title: Beta matters")


def _blurb_topic(src: Path) -> None:
    edit(src / "posts/second.md", ":topics: gamma", ":topics: gamma, beta")


def _edit_text(src: Path) -> None:
    edit(src / "posts/first.md", "One two three", "One two and a half three")


def _lengthen_text(src: Path) -> None:
    # 500 more words: the reading time in the archive by date changes
    edit(src / "posts/first.md", "One two three", "One two " + "word " * 500 + "three")


@pytest.mark.parametrize(
    "change",
    [
        _add_topic,
        _remove_topic,
        _add_post,
        _delete_post,
        _retitle_topic,
        _blurb_topic,
        _edit_text,
        _lengthen_text,
    ],
    ids=[
        "add-topic",
        "remove-topic",
        "add-post",
        "delete-post",
        "retitle-topic",
        "blurb-topic",
        "edit-text",
        "lengthen-text",
    ],
)
def test_incremental_build_equals_clean_build(tmp_path, change):
    src = copy_root("topics", tmp_path)
    sphinx_build(src, tmp_path / "inc")
    before = site_files(tmp_path / "inc/html")
    change(src)
    sphinx_build(src, tmp_path / "inc")  # no clean
    sphinx_build(src, tmp_path / "clean")
    assert diff_sites(tmp_path / "inc/html", tmp_path / "clean/html") == []
    # and the change is visible (the test would not notice a site that never changes)
    assert site_files(tmp_path / "inc/html") != before


def test_editing_a_posts_text_rewrites_only_that_post(tmp_path):
    """An edit that changes nothing other pages show must not rewrite them:
    only the post and its year page (Sphinx rewrites the page whose toctree
    holds an edited document), plus Sphinx's index and search pages."""
    src = copy_root("topics", tmp_path)
    sphinx_build(src, tmp_path / "inc")
    html = tmp_path / "inc/html"
    before = {p: p.stat().st_mtime_ns for p in html.rglob("*.html")}
    _edit_text(src)
    sphinx_build(src, tmp_path / "inc")
    rewritten = sorted(
        p.relative_to(html).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t
    )
    assert rewritten == ["genindex.html", "posts/first.html", "search.html", "years/2015.html"]
    assert "One two and a half three" in (html / "posts/first.html").read_text()


def test_parallel_build_equals_serial_build(tmp_path):
    src = copy_root("topics", tmp_path)
    sphinx_build(src, tmp_path / "j1", jobs=1)
    result = sphinx_build(src, tmp_path / "j2", jobs=2)
    assert "not safe for parallel" not in result.stderr
    assert diff_sites(tmp_path / "j1/html", tmp_path / "j2/html") == []
    # and again after a change, incrementally, in parallel
    _add_post(src)
    sphinx_build(src, tmp_path / "j1", jobs=1)
    sphinx_build(src, tmp_path / "j2", jobs=2)
    assert diff_sites(tmp_path / "j1/html", tmp_path / "j2/html") == []
    assert (tmp_path / "j2/html/posts/third.html").is_file()


# -- sphinx-autobuild must not loop ------------------------------------------------
def _snapshot(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")}


def test_builds_do_not_touch_the_source_directory(tmp_path):
    """sphinx-autobuild rebuilds when a watched file changes: a build that
    wrote into the source directory would trigger itself forever."""
    src = copy_root("topics", tmp_path)
    before = _snapshot(src)
    sphinx_build(src, tmp_path / "build")
    generated = sorted((tmp_path / "build/doctrees").rglob("topics/*.md"))
    assert [p.name for p in generated] == ["alpha.md", "beta.md", "gamma.md", "index.md"]
    mtimes = {p: p.stat().st_mtime_ns for p in generated}
    sphinx_build(src, tmp_path / "build")  # a rebuild with no change
    assert _snapshot(src) == before
    # generated sources are only rewritten when their text changes
    assert {p: p.stat().st_mtime_ns for p in generated} == mtimes
    assert not any(Path(p).is_relative_to(src) for p in generated)
