"""This edition's part of :mod:`tool.extension.test_feed`: the same checks on the built site
and PDF of Agile in the Clouds.

The Atom feed: valid Atom 1.0 read by a real feed parser, one entry per
post with absolute links, and linked from the head of every page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

from support.textutil import normalise, post_source, posts, sentences
from tool.extension.test_feed import check_feed, content_text

POSTS = posts()


def test_feed_of_the_site(site):
    import runpy

    from support.paths import REPO as ROOT

    conf = runpy.run_path(str(ROOT / "conf.py"))
    baseurl = conf["html_baseurl"] or conf["archive_preview_url"]
    baseurl = baseurl if baseurl.endswith("/") else baseurl + "/"
    assert re.match(r"https?://", baseurl)
    entries = check_feed(site, ROOT / "docs", baseurl)
    # every sentence of each post is in its entry, as on its page
    for entry in entries:
        docname = (
            urlparse(entry.link).path.removeprefix(urlparse(baseurl).path).removesuffix(".html")
        )
        text = content_text(entry)
        missing = [
            s
            for _, line in post_source(POSTS[docname])
            for s in sentences(line)
            if s not in text and s not in normalise(entry.title)
        ]
        assert missing == [], f"{docname}: {missing[:3]}"
        for note in POSTS[docname].notes:  # the archival notes follow, labelled
            assert f"Editors’ note: {normalise(note)}" in text


def test_every_page_links_the_feed(site):
    # (the 404 page links everything from the site's root: tests/browser/test_notfound.py)
    pages = sorted(
        p for p in site.rglob("*.html") if "_static" not in p.parts and p.name != "404.html"
    )
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        m = re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head
        )
        assert m, f"no feed link in the head of {page.relative_to(site)}"
        target = urljoin(page.as_uri(), m.group(1))
        assert Path(urlparse(target).path) == site / "atom.xml"
