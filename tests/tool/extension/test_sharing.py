"""Link previews (OpenGraph and Twitter-card tags) and the sitemap: what a
page shared on social media or read by a search engine shows of the archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from postarchive.core.frontmatter import parse_post

BASE = "https://archive.example.org/"


def head_tags(path: Path) -> dict[str, list[str]]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    tags: dict[str, list[str]] = {}
    for meta in soup.head.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key and meta.has_attr("content"):
            tags.setdefault(key, []).append(meta["content"])
    return tags


def pages(outdir: Path) -> set[str]:
    return {
        p.relative_to(outdir).as_posix()
        for p in outdir.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    }


def root_posts(srcdir: Path) -> dict:
    return {
        f"posts/{p.stem}": parse_post(p.read_text(encoding="utf-8"))
        for p in sorted((srcdir / "posts").glob("*.md"))
    }


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_previews_and_sitemap_with_an_address(app):
    app.build()
    out = Path(app.outdir)
    for docname, info in root_posts(Path(app.srcdir)).items():
        tags = head_tags(out / f"{docname}.html")
        assert tags["og:url"] == [f"{BASE}{docname}.html"]
        assert tags["og:description"] == [info.summary]
        image = tags["og:image"][0]
        assert image.startswith(BASE) and (out / image.removeprefix(BASE)).is_file()
    topic = head_tags(out / "topics" / "alpha.html")
    assert topic["og:type"] == ["website"] and topic["og:description"][0]

    sitemap = BeautifulSoup((out / "sitemap.xml").read_bytes(), "xml")
    listed = [loc.text for loc in sitemap.find_all("loc")]
    assert len(listed) == len(set(listed))
    expected = pages(out) - {"search.html", "genindex.html", "404.html"}
    assert {url.removeprefix(BASE) for url in listed} == expected
    assert all(url.startswith(BASE) for url in listed)
    assert (
        out / "robots.txt"
    ).read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"

    # an incremental build that writes one page still lists every page
    first = next((Path(app.srcdir) / "posts").glob("*.md"))
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    app.build()
    again = [
        loc.text for loc in BeautifulSoup((out / "sitemap.xml").read_bytes(), "xml").find_all("loc")
    ]
    assert again == listed


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_no_address_no_sitemap_and_no_absolute_previews(make_app, app_params):
    args, kwargs = app_params
    app = make_app(*args, **kwargs)
    app.build()
    out = Path(app.outdir)
    assert (out / "sitemap.xml").is_file()
    # the same site built without its address: the old sitemap goes
    local = make_app(*args, **{**kwargs, "confoverrides": {"html_baseurl": ""}, "freshenv": True})
    local.build()
    assert not (out / "sitemap.xml").exists() and not (out / "robots.txt").exists()
    tags = head_tags(out / "posts" / "first.html")
    assert "og:url" not in tags and "og:image" not in tags
    assert tags["og:description"] == ["The first post, about alpha and beta."]


@pytest.mark.sphinx(
    "html",
    testroot="topics",
    freshenv=True,
    confoverrides={"archive_social_image": "https://cdn.example.net/card.png"},
)
def test_preview_image_may_live_elsewhere(app):
    app.build()
    tags = head_tags(Path(app.outdir) / "posts" / "first.html")
    assert tags["og:image"] == ["https://cdn.example.net/card.png"]


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_hostile_summary_is_escaped(app):
    """A summary is untrusted (an imported post's): it stays text in the tags."""
    summary = 'He said "hi" <script>alert(1)</script> & left\'s'
    post = Path(app.srcdir) / "posts" / "first.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            'summary: "The first post, about alpha and beta."', "summary: |-\n  " + summary
        ),
        encoding="utf-8",
    )
    app.build()
    raw = (Path(app.outdir) / "posts" / "first.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert head_tags(Path(app.outdir) / "posts" / "first.html")["og:description"] == [summary]


NOTFOUND = {
    "extensions": ["myst_parser", "notfound.extension", "postarchive"],
    "notfound_urls_prefix": "/archive/",
}


@pytest.mark.sphinx("html", testroot="topics", freshenv=True, confoverrides=NOTFOUND)
def test_404_page_links_from_the_site_path(app):
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "404.html").read_text(encoding="utf-8"), "html.parser")
    main = page.select_one("section.archive-notfound")
    assert main.h1.get_text() == "Page not found"
    links = {a.get_text(): a["href"] for a in main.find_all("a")}
    # the default list, of the pages this archive has (it has no glossary)
    assert links == {
        "The archive’s front page": "/archive/index.html",
        "Archive by date": "/archive/archive.html",
        "Topics": "/archive/topics/index.html",
    }
    assert main.form["action"] == "/archive/search.html"


@pytest.mark.sphinx(
    "html",
    testroot="topics",
    freshenv=True,
    confoverrides={**NOTFOUND, "archive_notfound_links": ["archive", "nope"]},
)
def test_404_link_to_a_missing_page_is_reported(app, warning):
    app.build()
    assert "archive_notfound_links: no page 'nope'" in warning.getvalue()
