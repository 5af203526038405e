"""A post's featured image and the files it links to on the blog, kept in the
archive (against a local stand-in for the blog: tests/support/mediaserver.py;
no test uses the network).

What a user notices: the featured image the blog's theme showed at the top of
a post is at the top of its page, captioned as the archive's, once (not again
when the text shows it), with ``--fetch-media`` and with ``--uploads``; a PDF
or ZIP the post links to on the blog downloads from the archive, its link's
words unchanged; a file of another kind, or one whose bytes are not what its
name says, stays a link to the blog and the summary says so.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from support.archivebuild import REPO, all_tex, sphinx_build
from support.importsetup import make_project, png, run_import
from support.mediaserver import Server

PNG = png()
FAST = ("--media-allow-local", "--media-backoff", "0.05", "--no-progress", "--no-wayback")
CAPTION = "Featured image of the post on the original blog"


def up(name: str) -> str:
    return f"/wp-content/uploads/2014/03/{name}"


def wxr(base: str, posts, attachments=()) -> str:
    """An export of *posts* ``(id, slug, html, thumbnail id)`` and
    *attachments* ``(id, parent, path, alt)`` on the blog at *base*."""
    items = []
    for post_id, slug, html, thumb in posts:
        meta = (
            f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>{thumb}</wp:meta_value></wp:postmeta>"
            if thumb
            else ""
        )
        items.append(
            f"""<item><title>Post {slug}</title><link>{base}/{slug}/</link>
<dc:creator>jdoe</dc:creator><content:encoded><![CDATA[{html}]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>2014-03-02 10:00:00</wp:post_date>
<wp:post_date_gmt>2014-03-02 10:00:00</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{meta}</item>"""
        )
    for att_id, parent, path, alt in attachments:
        items.append(
            f"""<item><title>att {att_id}</title><wp:post_id>{att_id}</wp:post_id>
<wp:post_parent>{parent}</wp:post_parent><wp:status>inherit</wp:status>
<wp:post_type>attachment</wp:post_type><wp:attachment_url>{base}{path}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value>{alt}</wp:meta_value></wp:postmeta></item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Local Blog</title><link>{base}</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{base}</wp:base_site_url>
<wp:base_blog_url>{base}</wp:base_blog_url>
<wp:author><wp:author_login>jdoe</wp:author_login>
<wp:author_display_name>Jane Doe</wp:author_display_name></wp:author>
{"".join(items)}
</channel></rss>
"""


def page(build: Path, slug: str) -> BeautifulSoup:
    html = (build / "html" / "posts" / f"{slug}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def notes(docs: Path, slug: str) -> list[str]:
    text = (docs / "posts" / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])["notes"]


# -- featured images ---------------------------------------------------------------------
FEATURED_POSTS = [
    ("1", "cover", "<p>Words of the post.</p>", "10"),
    ("2", "shown", f'<p>Look:</p><img src="@{up("inline-300x200.png")}" alt="inline">', "11"),
    ("3", "lost", "<p>Its cover is gone.</p>", "12"),
    ("4", "plain", "<p>No featured image.</p>", ""),
]
FEATURED_FILES = [
    ("10", "1", up("cover.png"), "A cover"),
    ("11", "2", up("inline.png"), "inline"),
    ("12", "3", up("missing.png"), "A lost cover"),
]


def featured_export(tmp_path: Path, base: str) -> Path:
    posts = [(i, s, h.replace("@", base), t) for i, s, h, t in FEATURED_POSTS]
    export = tmp_path / "export.xml"
    export.write_text(wxr(base, posts, FEATURED_FILES), encoding="utf-8")
    return export


def test_the_featured_image_is_fetched_and_shown_at_the_top_of_the_post(tmp_path):
    with Server() as server:
        server.add(up("cover.png"), body=PNG)
        server.add(up("inline.png"), body=PNG)
        export = featured_export(tmp_path, server.base)
        docs, sources = make_project(tmp_path / "fetched")
        run_import(docs, sources, export, "--fetch-media", *FAST)
        asked = dict(server.hits)
    assert (docs / "_uploads/2014/03/cover.png").read_bytes() == PNG
    assert asked[("GET", up("cover.png"))] == 1 and asked[("GET", up("inline.png"))] == 1
    build = tmp_path / "build"
    sphinx_build(docs, build, confdir=REPO)  # -nW
    soup = page(build, "cover")
    figure = soup.select_one("figure.editorial")
    assert figure is not None and "archive-featured" in figure["class"]
    assert figure.img["src"].endswith("cover.png") and figure.img["alt"] == "A cover"
    assert " ".join(figure.select_one(".caption-text").get_text().split()) == CAPTION
    body = soup.select_one('[role="main"]') or soup.body
    assert body.find("figure") is figure  # at the top, before the author's words
    assert figure.find_next(string=lambda s: "Words of the post." in s) is not None
    # the text shows the same image (a size variant of it): shown once, where the author put it
    shown = page(build, "shown")
    assert len(shown.select("img")) == 1 and not shown.select("figure.editorial")
    # the blog lost it: the usual "Image not archived" link, still captioned as ours
    lost = page(build, "lost").select_one("figure.editorial")
    link = lost.select_one("a.archive-remote-image")
    assert link["href"] == server.url(up("missing.png")) and "A lost cover" in link.get_text()
    assert CAPTION in lost.get_text()
    assert not page(build, "plain").select("figure")
    assert any("featured image" in n for n in notes(docs, "cover"))
    # the book: the figure (our caption, framed as ours) before the author's words
    sphinx_build(docs, build, builder="latex", confdir=REPO)  # -nW, the LaTeX checks
    tex = all_tex(build / "latex")
    chapter = tex[tex.index("Words of the post.") - 3000 : tex.index("Words of the post.")]
    assert r"\sphinxincludegraphics{{cover}.png}" in chapter
    assert CAPTION in " ".join(chapter.split())


def test_the_featured_image_from_a_copy_of_the_uploads(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2014" / "03").mkdir(parents=True)
    (uploads / "2014" / "03" / "cover.png").write_bytes(PNG)
    (uploads / "2014" / "03" / "inline.png").write_bytes(PNG)
    export = featured_export(tmp_path, "https://blog.example.org")
    docs, sources = make_project(tmp_path / "copied")
    run_import(docs, sources, export, "--uploads", uploads)
    assert (docs / "_uploads/2014/03/cover.png").read_bytes() == PNG
    text = (docs / "posts" / "cover.md").read_text(encoding="utf-8")
    body = text.split("---", 2)[2].lstrip()
    assert body.startswith("```{figure} /_uploads/2014/03/cover.png\n")
    assert ":figclass: editorial archive-featured" in body and CAPTION in body
    assert body.index(CAPTION) < body.index("Words of the post.")
    assert (docs / "posts" / "shown.md").read_text(encoding="utf-8").count("{figure}") == 0
    assert (docs / "posts" / "shown.md").read_text(encoding="utf-8").count("inline.png") == 1


# -- files the posts link to -----------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def zip_bytes() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(zipfile.ZipInfo("readme.txt", (2014, 3, 2, 0, 0, 0)), "the code")
    return data.getvalue()


def files_post(base: str) -> str:
    return (
        f'<p>Read <a href="{base}{up("report.pdf")}">the <em>annual</em> report</a>, '
        f'get <a href="{base}{up("code.zip")}">the code</a>, '
        f'edit <a href="{base}{up("letter.docx")}">the letter</a>, '
        f'see <a href="{base}{up("fake.pdf")}">the fake</a> and '
        f'<a href="https://elsewhere.example.net{up("theirs.pdf")}">their paper</a>.</p>'
    )


def test_files_the_post_links_to_download_from_the_archive(tmp_path):
    with Server() as server:
        server.add(up("report.pdf"), body=PDF)
        server.add(up("code.zip"), body=zip_bytes())
        server.add(up("letter.docx"), body=b"PK\x03\x04 a word document")
        server.add(up("fake.pdf"), body=b"<!DOCTYPE html><html>Not found</html>")
        export = tmp_path / "export.xml"
        export.write_text(
            wxr(server.base, [("1", "files", files_post(server.base), "")]), encoding="utf-8"
        )
        docs, sources = make_project(tmp_path / "fetched")
        out = run_import(docs, sources, export, "--fetch-media", *FAST).stdout
        asked = {path for (_m, path) in server.hits}
    assert (docs / "_uploads/2014/03/report.pdf").read_bytes() == PDF
    assert (docs / "_uploads/2014/03/code.zip").read_bytes() == zip_bytes()
    assert up("letter.docx") not in asked  # a kind the archive does not keep: not even asked
    assert not (docs / "_uploads/2014/03/letter.docx").exists()
    assert not (docs / "_uploads/2014/03/fake.pdf").exists()  # an HTML page, refused
    assert "Files the posts link to (PDF, ZIP, text, audio, video), fetched" in out
    assert f"{server.url(up('letter.docx'))} (posts/files.md): a kind of file" in out
    assert f"{server.url(up('fake.pdf'))}: an HTML page, not a PDF document" in out
    build = tmp_path / "build"
    sphinx_build(docs, build, confdir=REPO)  # -nW
    soup = page(build, "files")
    report = soup.find("a", class_="download")
    assert " ".join(report.get_text().split()) == "the annual report"  # the words, unchanged
    assert report.em.get_text() == "annual" and report["href"].endswith("/report.pdf")
    assert (build / "html" / report["href"].removeprefix("../")).read_bytes() == PDF
    code = soup.find("a", string=lambda s: s and "the code" in s) or soup.find(
        lambda t: t.name == "a" and t.get_text(strip=True) == "the code"
    )
    assert "download" in code["class"] and code["href"].endswith("/code.zip")
    for words, href in (
        ("the letter", server.url(up("letter.docx"))),
        ("the fake", server.url(up("fake.pdf"))),
        ("their paper", f"https://elsewhere.example.net{up('theirs.pdf')}"),
    ):
        link = soup.find(lambda t, w=words: t.name == "a" and t.get_text(strip=True) == w)
        assert link["href"] == href  # still the link to the original
    text = " ".join(soup.select_one('[role="main"]').get_text(" ").split())
    assert "Read the annual report , get the code , edit the letter" in text
    assert any(
        "kept by the archive" in n and "2014/03/report.pdf" in n for n in notes(docs, "files")
    )
    # the book keeps the words of every link (a download is text there)
    sphinx_build(docs, build, builder="latex", confdir=REPO)  # -nW, the LaTeX checks
    tex = " ".join(all_tex(build / "latex").split())
    assert r"the \sphinxstyleemphasis{annual} report" in tex and "the code" in tex


def test_files_are_copied_from_the_uploads_and_checked_by_their_bytes(tmp_path):
    uploads = tmp_path / "uploads" / "2014" / "03"
    uploads.mkdir(parents=True)
    (uploads / "report.pdf").write_bytes(PDF)
    (uploads / "code.zip").write_bytes(b"MZ\x90\x00 a program, not a zip")
    base = "https://blog.example.org"
    export = tmp_path / "export.xml"
    export.write_text(wxr(base, [("1", "files", files_post(base), "")]), encoding="utf-8")
    docs, sources = make_project(tmp_path / "copied")
    out = run_import(docs, sources, export, "--uploads", tmp_path / "uploads").stdout
    assert (docs / "_uploads/2014/03/report.pdf").read_bytes() == PDF
    assert not (docs / "_uploads/2014/03/code.zip").exists()
    text = (docs / "posts" / "files.md").read_text(encoding="utf-8")
    assert "[the *annual* report](/_uploads/2014/03/report.pdf)" in text
    assert f"[the code]({base}{up('code.zip')})" in text
    assert f"{base}{up('code.zip')} (posts/files.md): not a ZIP archive" in out
    assert f"{base}{up('fake.pdf')} (posts/files.md): not in the uploads" in out
    assert "copied from the uploads; their links download the archive's copy: 1." in out
