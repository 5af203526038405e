"""The built site: About boxes, landing page, citation, artifacts, blurbs, PDF link."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from support.paths import PDF_NAME, SITE
from support.paths import REPO as ROOT
from support.textutil import normalise, posts, sentences, source_lines

from postarchive.core.model import byline_date, date_label

POSTS = posts()
TOPICS = yaml.safe_load((ROOT / "docs" / "topics.yaml").read_text(encoding="utf-8"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages() -> list[Path]:
    return sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts)


@pytest.mark.parametrize("docname", sorted(POSTS))
def test_post_has_byline_and_about_box_from_front_matter(site, docname):
    """Under the title: a byline (date, reading time, topics), then "About this
    post" as a closed disclosure holding every field of the front matter; both
    are editorial (tinted, not counted as the author's words)."""
    info = POSTS[docname]
    page = soup(SITE / f"{docname}.html")
    box = page.select_one("article .archive-about")
    assert box is not None, "no About this post box"
    assert "editorial" in box["class"]
    byline = box.select_one("p.archive-byline")
    assert byline is not None and byline.find_parent(class_="archive-about") is box
    line = normalise(byline.get_text())
    assert line.startswith(byline_date(info) + " · ")
    assert re.search(r" · \d+ min read( · |$)", line)
    titles = [normalise(a.get_text()) for a in byline.select("a.reference.internal")]
    assert titles == [TOPICS[slug]["title"] for slug in info.topics]
    assert [a["href"] for a in byline.select("a")] == [
        f"../topics/{slug}.html" for slug in info.topics
    ]

    details = box.select_one("details.archive-about-more")
    assert details is not None, "no About this post disclosure"
    assert not details.has_attr("open"), "the disclosure must start closed on the site"
    assert normalise(details.summary.get_text()) == "About this post"
    text = normalise(details.get_text(" "))
    assert f"Author : {info.author}" in text
    assert date_label(info) in text
    assert info.summary in text
    if info.url:
        assert details.find("a", href=info.url) is not None
    else:
        assert "Original address unknown" in text
    first, last = info.source_lines
    assert f"Lines {first}–{last}" in text
    assert re.search(
        r"Reading time : About \d+ minutes? \([\d,]+ words of the author’s text\)", text
    )
    for note in info.notes:
        assert normalise(note) in text
    # the box comes right after the title, before the author's first words
    h1 = page.select_one("article h1")
    assert h1.find_next(class_="archive-about") is box
    assert h1.find_next("p") is byline
    first_words = next(
        p for p in box.find_all_next("p") if p.find_parent(class_="archive-about") is None
    )
    assert first_words.find_parent(class_="editorial") is None


@pytest.mark.parametrize("docname", sorted(POSTS))
def test_post_has_copyable_citation(site, docname):
    info = POSTS[docname]
    block = soup(SITE / f"{docname}.html").select_one(".archive-cite div.highlight pre")
    assert block is not None, "no citation code block (the copy button needs div.highlight pre)"
    text = block.get_text()
    assert info.title in text and info.author in text
    assert (info.date or "date unknown") in text
    assert (info.url or "Original address unknown") in text


def test_landing_page_lists_posts_newest_first(site):
    page = soup(SITE / "index.html")
    entries = page.select("ul.archive-post-list > li")
    titles = [normalise(e.select_one(".archive-entry-title").get_text()) for e in entries]
    from postarchive.core.model import sort_key

    expected = [i.title for i in sorted(POSTS.values(), key=sort_key, reverse=True)]
    assert titles == [normalise(t) for t in expected]
    for entry, info in zip(entries, sorted(POSTS.values(), key=sort_key, reverse=True)):
        assert date_label(info) in entry.get_text()
        assert normalise(info.summary) in normalise(entry.get_text())
        href = entry.select_one("a")["href"]
        assert (SITE / href).resolve() == (SITE / f"{info.docname}.html").resolve()


def test_every_page_links_to_a_real_pdf(site):
    pages = html_pages()
    assert len(pages) >= 5
    targets = set()
    for path in pages:
        links = [
            a["href"] for a in soup(path).find_all("a", href=True) if a["href"].endswith(".pdf")
        ]
        assert links, f"{path.relative_to(SITE)} has no PDF link"
        for href in links:
            # the 404 page's links are from the site's root ("/"): it may be shown at any depth
            url = (
                href[1:]
                if href.startswith("/")
                else urljoin(path.relative_to(SITE).as_posix(), href)
            )
            targets.add(urlparse(url).path)
    # the book; the year pages and the landing page also link their years' volumes
    volumes = {
        t for t in targets if re.fullmatch(re.escape(PDF_NAME[:-4]) + r"-(\d{4}|undated)\.pdf", t)
    }
    assert targets - volumes == {PDF_NAME}, targets
    assert volumes and all((SITE / v).read_bytes().startswith(b"%PDF") for v in volumes)
    data = (SITE / PDF_NAME).read_bytes()
    assert data.startswith(b"%PDF")
    text = normalise(" ".join(p.extract_text() for p in PdfReader(SITE / PDF_NAME).pages))
    for info in POSTS.values():
        assert normalise(info.title).split("?!")[0] in text


def test_scrape_artifacts_are_kept_and_marked(site):
    b = soup(SITE / "posts/have-opensource-will-profit.html")
    art = b.select_one("span.scrape-artifact")
    assert art is not None and art.get_text() == "wp-1465310489656.jpg"
    assert normalise(art.parent.get_text()).startswith(
        "wp-1465310489656.jpgLast week, Battery Ventures hosted"
    )
    assert "Scrape artifact" in art["title"]
    c = soup(SITE / "posts/start-ups-are-time-machines-for-big-companies.html")
    assert [s.get_text() for s in c.select("span.scrape-artifact")] == ["DeLorean Time"]
    fig = c.select_one(".lost-figure")
    text = normalise(fig.get_text())
    assert "Image not archived" in text
    assert "“ DeLorean Time” by Terabass. Licensed under CC BY-SA 4.0 via Wikimedia Commons" in text


def test_roundup_blurbs_are_sections_with_venues(site):
    page = soup(SITE / "posts/openstack-interop-container-security-install-open-source-posts.html")
    sections = page.select("article section section")
    ids = [s["id"] for s in sections]
    assert ids == [
        "blurb-container-security",
        "blurb-universal-installer",
        "blurb-openstack-interop",
        "blurb-open-source-profit",
    ]
    notes = [normalise(s.select_one(".archive-blurb").get_text()) for s in sections]
    assert "venue unknown" in notes[0] and "venue unknown" in notes[1]
    assert "published on OpenStack SuperUser" in notes[2]
    # the fourth is a post of this blog (provenance.md): not "published elsewhere"
    assert "published elsewhere" not in notes[3] and "a post of this blog" in notes[3]
    link = sections[3].select_one(".archive-blurb a")
    assert link["href"].endswith("have-opensource-will-profit.html")


def test_five_thoughts_are_headings(site):
    page = soup(SITE / "posts/have-opensource-will-profit.html")
    headings = [normalise(h.get_text()).rstrip("#") for h in page.select("article h2")]
    lines = source_lines()
    # provenance.md: the thoughts start at lines 27, 33, 41, 47 and 53; line 27
    # is a paragraph that opens with the first thought's sentence.
    expected = [sentences(lines[27])[0]] + [normalise(lines[n]) for n in (33, 41, 47, 53)]
    assert headings == expected


def test_no_page_publishes_a_local_address(site):
    """Without ARCHIVE_BASEURL (a local build) pages carry no canonical link and
    citations no archived-copy address, rather than a loopback address; with
    it, every page's canonical link is under it."""
    import runpy

    from support.paths import REPO as ROOT

    base = runpy.run_path(str(ROOT / "conf.py"))["html_baseurl"]
    for path in html_pages():
        page = soup(path)
        canonical = page.find("link", rel="canonical")
        text = path.read_text(encoding="utf-8")
        if base:
            assert canonical is not None and canonical["href"].startswith(base)
        else:
            assert canonical is None, path
            assert "127.0.0.1" not in text and "localhost" not in text, path
            assert "Archived copy" not in text, path
