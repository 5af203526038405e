"""An imported archive builds clean (``-nW``) and keeps every word.

The test exports (tests/importdata/) are imported into a copy of the
``test-import`` root, with a copy of the blog's uploads, and built as
``make html`` builds. For every imported post, the words a reader saw on the
original blog (its HTML as WordPress showed it: blocks, shortcodes and
paragraph rules applied) are the words of the author's text in the built
page, in order; comments keep theirs too, apart from the author's; the PDF
has every word of every post, in order.
"""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import pytest
import yaml
from docutils import nodes
from support.archivebuild import REPO, latex_pdf, sphinx_build
from support.importsetup import BLOG, FEEDS, make_project, make_uploads, run_import
from support.importtext import (
    TYPOGRAPHY,
    comment_words,
    first_difference,
    is_subsequence,
    original_words,
    page_title,
    page_words,
)
from support.paths import PDF_NAME
from support.textutil import pdf_body_text

from postarchive.content.ours import author_words, is_ours
from postarchive.importer.cli import READERS, read_sources
from postarchive.importer.render import _pages, clean, plain
from postarchive.importer.shortcodes import Found


def _entries(paths):
    index, _kinds = read_sources(paths, False)
    entries = {}
    for source in index.sources:
        for entry in READERS[source.kind](Path(source.path), source, index, full=True):
            entries[(source.name, entry.id)] = entry
    return index, entries


ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


INDEX, ENTRIES = _entries([BLOG])
FEED_INDEX, FEED_ENTRIES = _entries(FEEDS)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    dest = tmp_path_factory.mktemp("imported")
    docs, sources = make_project(dest)
    uploads = make_uploads(dest / "uploads")
    first = run_import(docs, sources, BLOG, "--uploads", uploads, "--pages")
    second = run_import(docs, sources, *FEEDS)
    build = dest / "build"
    sphinx_build(docs, build, confdir=REPO)  # the archive's conf.py; -nW: raises on a warning
    return {
        "dest": dest,
        "docs": docs,
        "sources": sources,
        "build": build,
        "reports": (first.stdout, second.stdout),
    }


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def imported_posts(docs: Path):
    """``(file, front matter, entry, index)`` of every imported post."""
    for path in sorted((docs / "posts").glob("*.md")):
        data = front(path)
        if "original_id" not in data:
            continue
        key = (data["import_file"], str(data["original_id"]))
        if key in ENTRIES:
            yield path, data, ENTRIES[key], INDEX
        else:
            yield path, data, FEED_ENTRIES[key], FEED_INDEX


def reference_html(entry, index) -> str:
    return "<hr>".join(_pages(entry, index, Found(), [], [0]))


def test_every_published_post_is_imported(archive):
    files = sorted(p.stem for p in (archive["docs"] / "posts").glob("*.md"))
    assert files == sorted(
        [
            "hand-written",
            "classic-post",
            "gutenberg-post",
            "about",
            "ribenyunoposuto",
            "same-slug",
            "same-slug-2",
            "117",
            "empty-post",
            "control-characters",
            "cdata-split",
            "several-pages",
            "pre-and-images",
            "generics",
            "edge-cases",
            "stress-test",
            "first-and-foremost",
            "second-post",
            "atom-entry-one",
            "atom-entry-two",
            "only-a-summary",
        ]
    )
    report = archive["reports"][0]
    for reason in (
        "draft: 1",
        "pending: 1",
        "scheduled: 1",
        "private: 1",
        "password-protected: 1",
        "trash: 1",
        "attachment: 2",
        "revision: 1",
        "menu item: 1",
    ):
        assert f"  {reason}\n" in report, reason
    assert "unknown shortcode [contact-form-7] kept as text" in report
    assert "embeds turned into links: YouTube ×2" in report


def test_every_word_in_order_in_every_page(archive):
    """The fidelity test: all imported posts, word for word, in order."""
    checked = 0
    for path, data, entry, index in imported_posts(archive["docs"]):
        page = (archive["build"] / "html" / "posts" / f"{path.stem}.html").read_text("utf-8")
        expected = original_words(reference_html(entry, index))
        got = page_words(page)
        assert got == expected, f"{path.name}: {first_difference(expected, got)}"
        checked += 1
    assert checked == 20


def test_titles_as_written(archive):
    for path, data, entry, _index in imported_posts(archive["docs"]):
        page = (archive["build"] / "html" / "posts" / f"{path.stem}.html").read_text("utf-8")
        title = plain(clean(entry.title)) or f"Untitled (post {entry.id})"
        assert data["title"] == title
        assert page_title(page) == title.translate(TYPOGRAPHY) or page_title(page).translate(
            TYPOGRAPHY
        ) == title.translate(TYPOGRAPHY)
    classic = front(archive["docs"] / "posts" / "classic-post.md")
    assert classic["title"] == "It’s a “test” & classic"  # entities decoded, markup gone


def test_front_matter_of_an_imported_post(archive):
    data = front(archive["docs"] / "posts" / "classic-post.md")
    assert data["author"] == "Jane Doe"  # the display name, not the login
    assert str(data["date"]) == "2016-06-07" and data["date_utc"] == "2016-06-07T14:00:00Z"
    assert data["url"] == "https://blog.example.org/2016/06/07/classic-post/"
    assert data["topics"] == ["cloud", "k8s"]  # "Uncategorized" dropped; "cloud" merged
    assert data["excerpt"] == "The author’s own excerpt."
    assert "summary" not in data
    assert data["original_id"] == 101 and data["import_file"] == "blog.wxr.xml"
    notes = "\n".join(data["notes"])
    for fragment in (
        "original ID 101",
        "[caption]",
        "[gallery]",
        "[code]",
        "[sourcecode]",
        "[contact-form-7]",
        "YouTube",
        "Vimeo",
        "comments from the original blog",
    ):
        assert fragment in notes, fragment
    topics = yaml.safe_load((archive["docs"] / "topics.yaml").read_text("utf-8"))
    assert topics["cloud"]["description"] == "The archive's own description of the cloud topic."
    assert topics["k8s"]["title"] == "Kubernetes"
    assert topics["open-source"]["title"] == "Open Source"
    assert "uncategorized" not in topics
    record = (archive["sources"] / "imports" / "blog.wxr.xml.json").read_text("utf-8")
    assert data["import_sha256"] in record


def test_comments_kept_apart_and_word_for_word(archive):
    page = (archive["build"] / "html" / "posts" / "classic-post.html").read_text("utf-8")
    entry = ENTRIES[("blog.wxr.xml", "101")]
    approved = sorted((c for c in entry.comments if c.approved == "1"), key=lambda c: c.date)
    expected = []
    for c in approved:
        text = re.sub(r"[\w.]+@[\w.]+\w", "[e-mail address removed]", c.content)
        expected.append(original_words(re.sub(r"<h2>(.*?)</h2>", r"<p>\1</p>", text)))
    assert comment_words(page) == expected
    assert "Comments on the original blog" in page
    for hidden in ("Buy pills", "Not yet approved", "Deleted comment"):
        assert hidden not in page
    # comment words are not the author's: the reading time leaves them out
    doctree = pickle.loads(
        (archive["build"] / "doctrees" / "all" / "posts" / "classic-post.doctree").read_bytes()
    )
    box = next(n for n in doctree.findall(nodes.container) if "archive-comments" in n["classes"])
    assert is_ours(box) and author_words(box) == 0 and len(box.astext().split()) > 20
    words = int(re.search(r"\(([\d,]+) words of the author", page).group(1).replace(",", ""))
    section = next(iter(doctree.findall(nodes.section)))
    assert words == author_words(section)


def test_no_email_or_ip_address_published(archive):
    secrets = (
        "alice@example.net",
        "bob@example.net",
        "spam@example.net",
        "jane@example.org",
        "x@example.com",
        "203.0.113.7",
        "sam@example.org",
    )
    for root in (archive["docs"], archive["build"] / "html"):
        for path in root.rglob("*"):
            if path.is_file() and path.suffix in (".md", ".html", ".js", ".xml", ".txt", ".yaml"):
                text = path.read_text("utf-8", errors="replace")
                for secret in secrets:
                    assert secret not in text, f"{secret} in {path}"


def test_images_copied_from_uploads(archive):
    docs, html = archive["docs"], archive["build"] / "html"
    assert (docs / "_uploads" / "2016" / "06" / "photo.png").is_file()  # not photo-300x200
    assert not list((docs / "_uploads").rglob("*-300x200*"))
    page = (html / "posts" / "classic-post.html").read_text("utf-8")
    assert re.search(r'<img [^>]*src="../_images/photo.png"', page)
    gif = (html / "posts" / "gutenberg-post.html").read_text("utf-8")
    assert re.search(r'<img [^>]*src="../_images/anim.gif"', gif)  # on the site
    remote = (html / "posts" / "pre-and-images.html").read_text("utf-8")
    assert "Image not archived: remote pic" in remote  # not in the uploads


def test_redirects_from_the_old_addresses(archive):
    html = archive["build"] / "html"
    page = (html / "2016" / "06" / "07" / "classic-post" / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../../../../posts/classic-post.html"' in page
    assert "<script" not in page
    assert '<a href="../../../../posts/classic-post.html">' in page
    netlify = (html / "_redirects").read_text("utf-8")
    assert "/2016/06/07/classic-post/ /posts/classic-post.html 301" in netlify
    assert "/ p=101 /posts/classic-post.html 301" in netlify
    nginx = (html / "redirects.nginx.map").read_text("utf-8")
    assert '"/?p=101" /posts/classic-post.html;' in nginx
    assert not (html / "2016" / "01").exists()  # the hand-written post has no original page


def test_same_title_same_day_builds(archive):
    a = front(archive["docs"] / "posts" / "same-slug.md")
    b = front(archive["docs"] / "posts" / "same-slug-2.md")
    assert a["title"] == b["title"] and a["date"] == b["date"]
    assert a["original_id"] != b["original_id"]


def test_reimport_changes_nothing(archive, tmp_path):
    from support.importsetup import snapshot

    before = snapshot(archive["docs"], archive["sources"])
    result = run_import(
        archive["docs"],
        archive["sources"],
        BLOG,
        "--uploads",
        archive["dest"] / "uploads",
        "--pages",
    )
    assert snapshot(archive["docs"], archive["sources"]) == before
    assert "0 new, 0 updated, 15 unchanged" in result.stdout


@pytest.mark.skipif(os.environ.get("ARCHIVE_SKIP_PDF") == "1", reason="ARCHIVE_SKIP_PDF=1")
def test_pdf_has_every_word(archive):
    """The PDF builds (LuaLaTeX) and holds every word of every imported post, in order."""
    build = archive["build"]
    sphinx_build(archive["docs"], build, builder="latex", confdir=REPO)
    latex = build / "latex"
    result = latex_pdf(latex)  # the book assembled from its frame and the volumes
    pdf = latex / PDF_NAME
    assert pdf.is_file(), result.stdout[-3000:] + result.stderr[-2000:]
    words = (
        ZERO_WIDTH.sub("", pdf_body_text(pdf)).translate(TYPOGRAPHY).replace("---", "--").split()
    )
    for path, data, entry, index in imported_posts(archive["docs"]):
        # every word, CJK and emoji included (the PDF's fallback fonts); a zero-width
        # space is dropped from both sides (a PDF shows it as a space)
        expected = [ZERO_WIDTH.sub("", w) for w in original_words(reference_html(entry, index))]
        ok, reached = is_subsequence(expected, words)
        assert ok, f"{path.name}: word {reached} {expected[reached]!r} not found in order"
