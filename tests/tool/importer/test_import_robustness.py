"""Hostile or unusual input to the importer (issue #21): one clear error with
the file (and the line or the post), a non-zero exit and nothing written —
never a traceback; or, where the input is a real blog's, a good import.
Each test writes a small export or feed here."""

from __future__ import annotations

import pytest
from support.importsetup import make_project, run_import, snapshot

from postarchive.importer.htmlprep import Context, prepare
from postarchive.importer.markdown import to_markdown

WP = "http://wordpress.org/export/1.2/"
YOUTUBE_OBJECT = (
    '<object width="425" height="344"><param name="movie" '
    'value="http://www.youtube.com/v/dQw4w9WgXcQ&amp;hl=en"></param>'
    '<param name="allowFullScreen" value="true"></param>'
    '<embed src="http://www.youtube.com/v/dQw4w9WgXcQ&amp;hl=en" '
    'type="application/x-shockwave-flash" width="425" height="344"></embed>'
    "</object>"
)


def wxr(
    content: str,
    *,
    title: str = "A post",
    comment: str = "",
    declaration: str = '<?xml version="1.0" encoding="UTF-8"?>',
) -> str:
    comments = (
        ""
        if not comment
        else f"""
    <wp:comment>
      <wp:comment_id>1</wp:comment_id>
      <wp:comment_author><![CDATA[Reader]]></wp:comment_author>
      <wp:comment_date><![CDATA[2016-06-08 09:30:00]]></wp:comment_date>
      <wp:comment_content><![CDATA[{comment}]]></wp:comment_content>
      <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>"""
    )
    return f"""{declaration}
<rss version="2.0" xmlns:excerpt="{WP}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{WP}">
<channel>
  <title>Robustness test</title>
  <link>https://blog.example.org</link>
  <wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
  <item>
    <title>{title}</title>
    <link>https://blog.example.org/2016/06/07/a-post/</link>
    <dc:creator><![CDATA[jdoe]]></dc:creator>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <wp:post_id>7</wp:post_id>
    <wp:post_date><![CDATA[2016-06-07 10:00:00]]></wp:post_date>
    <wp:post_name><![CDATA[a-post]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>{comments}
  </item>
</channel>
</rss>
"""


RSS = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Blog ünïcode</title>
  <link>https://feed.example.org/</link>
  <item>
    <title>Straße, naïve, 日本語</title>
    <link>https://feed.example.org/2020/01/02/wide/</link>
    <guid>https://feed.example.org/?p=5</guid>
    <pubDate>Thu, 02 Jan 2020 10:00:00 +0000</pubDate>
    <content:encoded><![CDATA[<p>Text in UTF-16: Grüße — 日本語 🙂.</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""


@pytest.fixture
def project(tmp_path):
    docs, sources = make_project(tmp_path)
    return tmp_path, docs, sources


def failed(project, path, *args) -> str:
    """The import of *path* fails cleanly: its message (one line)."""
    _tmp, docs, sources = project
    before = snapshot(docs)
    result = run_import(docs, sources, path, *args, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"import failed: {path}") and lines[1:] == ["Nothing was written."]
    assert snapshot(docs) == before and not sources.exists()
    return lines[0]


# -- deeply nested HTML --------------------------------------------------------------------
def test_thousands_of_nested_divs_are_flattened(project):
    tmp, docs, sources = project
    path = tmp / "divs.xml"
    path.write_text(
        wxr(
            "<div>" * 5000 + "Deep words." + "</div>" * 5000,
            comment="<div>" * 5000 + "Deep comment." + "</div>" * 5000,
        ),
        encoding="utf-8",
    )
    result = run_import(docs, sources, path)
    assert "Traceback" not in result.stderr
    text = (docs / "posts" / "a-post.md").read_text(encoding="utf-8")
    assert "Deep words." in text and "Deep comment." in text


def test_nesting_that_cannot_be_flattened_names_the_post(project):
    tmp, _docs, _sources = project
    path = tmp / "quotes.xml"
    path.write_text(
        wxr("<blockquote>" * 5000 + "x" + "</blockquote>" * 5000, title="Quotes all the way down"),
        encoding="utf-8",
    )
    message = failed(project, path)
    assert "“Quotes all the way down” (ID 7)" in message
    assert "levels deep" in message and "at most 100" in message


# -- XML the parser refuses -------------------------------------------------------------------
def test_xml_nested_too_deeply_says_so(project):
    tmp, _docs, _sources = project
    path = tmp / "deep.xml"
    path.write_text(
        wxr("x").replace("<item>", "<item>" + "<x>" * 300 + "</x>" * 300), encoding="utf-8"
    )
    message = failed(project, path)
    assert "nested too deeply: more than 256 levels" in message
    assert "text node" not in message


def test_a_huge_cdata_section_asks_for_huge_tree(project):
    tmp, _docs, _sources = project
    path = tmp / "huge.xml"
    head, tail = wxr("@@@").split("@@@")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(head)
        chunk = "<p>" + "word " * 200_000 + "</p>"  # 1 MB
        for _ in range(120):  # 120 MB of text in one CDATA section
            fh.write(chunk)
        fh.write(tail)
    message = failed(project, path)
    assert "CDATA section is larger than lxml reads by default" in message
    assert "run the import again with --huge-tree" in message


# -- UTF-16 and UTF-32 --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "encoding, data",
    [
        ("UTF-16", lambda text: text.encode("utf-16")),  # with a byte order mark
        ("UTF-16", lambda text: text.encode("utf-16-be")),  # without, as declared
        ("UTF-16LE", lambda text: text.encode("utf-16-le")),
        ("UTF-32", lambda text: text.encode("utf-32")),
    ],
)
def test_a_utf16_feed_is_read(project, encoding, data):
    tmp, docs, sources = project
    path = tmp / "wide.rss.xml"
    path.write_bytes(data(RSS.format(encoding=encoding)))
    result = run_import(docs, sources, path)
    assert "Imported 1 post" in result.stdout
    [post] = [p for p in (docs / "posts").glob("*.md") if p.name != "hand-written.md"]
    text = post.read_text(encoding="utf-8")
    assert 'title: "Straße, naïve, 日本語"' in text
    assert "Text in UTF-16: Grüße — 日本語 🙂." in text
    assert "Blog ünïcode" in text


def test_a_utf16_export_is_read(project):
    tmp, docs, sources = project
    path = tmp / "export.xml"
    path.write_bytes(
        wxr(
            "<p>Grüße aus 日本.</p>",
            title="Wide",
            declaration='<?xml version="1.0" encoding="UTF-16"?>',
        ).encode("utf-16")
    )
    run_import(docs, sources, path)
    assert "Grüße aus 日本." in (docs / "posts" / "a-post.md").read_text(encoding="utf-8")


def test_a_broken_utf16_file_is_one_error(project):
    tmp, _docs, _sources = project
    path = tmp / "broken16.xml"
    data = wxr("<p>x</p>").encode("utf-16-le")
    path.write_bytes(b"\xff\xfe" + data[:400] + b"\x00\xdc" + data[400:])  # a lone surrogate
    assert "is not valid UTF-16" in failed(project, path)


# -- the classic YouTube embed ------------------------------------------------------------------
def test_the_classic_youtube_object_is_one_embed(project):
    tmp, docs, sources = project
    path = tmp / "youtube.xml"
    path.write_text(
        wxr(
            f"<p>Watch:</p>{YOUTUBE_OBJECT}<p>Done.</p>",
            comment=f"<p>Same here:</p>{YOUTUBE_OBJECT}",
        ),
        encoding="utf-8",
    )
    result = run_import(docs, sources, path)
    text = (docs / "posts" / "a-post.md").read_text(encoding="utf-8")
    embed = "{archive-embed}`YouTube <http://www.youtube.com/v/dQw4w9WgXcQ&hl=en>`"
    assert text.count(embed) == 2  # the post's and the comment's, once each
    assert "Watch:" in text and "Done." in text and "Same here:" in text
    assert "embeds turned into links: YouTube ×1 in posts/a-post.md" in result.stdout


@pytest.mark.parametrize("for_comment", [False, True])
def test_object_with_embed_inside(for_comment):
    out = to_markdown(prepare(YOUTUBE_OBJECT, Context(for_comment=for_comment)))
    assert out == "{archive-embed}`YouTube <http://www.youtube.com/v/dQw4w9WgXcQ&hl=en>`\n"
    data = '<object data="https://vimeo.com/1"><embed src="https://vimeo.com/1"></object>'
    assert to_markdown(prepare(data, Context())).count("{archive-embed}") == 1
