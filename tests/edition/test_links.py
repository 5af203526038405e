"""This edition's part of :mod:`tool.extension.test_links`: the same checks on the built site
and PDF of Agile in the Clouds.

A crawl of the built site: every internal link and anchor resolves.

Each ``href``/``src`` of every HTML page under build/html that stays inside the
site must name a file that exists there, and each ``#fragment`` must be an
``id`` (or ``<a name>``) in the page it points to."""

from __future__ import annotations

from support.paths import REPO
from tool.extension.test_links import (
    broken_links,
    html_pages,
    internal_links,
)

ROOT = REPO


def test_no_broken_internal_links_or_anchors(site):
    pages = html_pages(site.resolve())
    assert len(pages) >= 6, "the crawl found too few pages"
    assert broken_links(site) == []


def test_the_crawler_sees_links_and_anchors(site):
    """The crawl really follows links: the landing page links to every post."""
    index = site.resolve() / "index.html"
    targets = {
        target.relative_to(site.resolve()).as_posix()
        for _raw, target, _frag in internal_links(site, index)
    }
    posts = {f"posts/{p.stem}.html" for p in (ROOT / "docs" / "posts").glob("*.md")}
    assert posts and posts <= targets
