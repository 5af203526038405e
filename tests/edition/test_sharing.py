"""This edition's part of :mod:`tool.extension.test_sharing`: the same checks on the built site
and PDF of Agile in the Clouds.

Link previews (OpenGraph and Twitter-card tags) and the sitemap: what a
page shared on social media or read by a search engine shows of the archive."""

from __future__ import annotations

import pytest
from support.paths import SITE
from support.textutil import posts
from tool.extension.test_sharing import head_tags, pages

SITE_POSTS = posts()


@pytest.mark.parametrize("docname", sorted(SITE_POSTS))
def test_site_post_previews_show_the_summary(site, docname):
    info = SITE_POSTS[docname]
    tags = head_tags(SITE / f"{docname}.html")
    assert tags["og:title"] == [info.title]
    assert tags["og:description"] == [info.summary] == tags["twitter:description"]
    assert tags["description"] == [info.summary]
    assert tags["og:type"] == ["article"]
    assert tags["og:site_name"] == ["Agile in the Clouds"]
    assert tags["twitter:card"] == ["summary"]
    if info.date:
        assert tags["article:published_time"] == [info.date]
    else:
        assert "article:published_time" not in tags
    # a local build has no address: no relative og:url or og:image
    assert "og:url" not in tags and "og:image" not in tags


def test_every_site_page_has_a_preview(site):
    for page in pages(site):
        tags = head_tags(site / page)
        assert tags.get("og:title") and tags["og:title"][0].strip(), page
        assert tags.get("twitter:card") == ["summary"], page


def test_local_site_has_no_sitemap(site):
    assert not (site / "sitemap.xml").exists()
    assert not (site / "robots.txt").exists()
