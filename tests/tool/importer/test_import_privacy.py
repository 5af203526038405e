"""What an import publishes that it must not (issue #21): commenters' e-mail
and IP addresses wherever they hide (text, attributes, link addresses,
names), reusable blocks that were never published, and SVG images that
would run scripts on the site's origin. Each test imports a small export
written here and looks at every file the import wrote, as a reader would."""

from __future__ import annotations

import pytest
from lxml import etree
from support.importsetup import make_project, run_import, snapshot

from postarchive.importer.htmlprep import Context, prepare
from postarchive.importer.markdown import to_markdown
from postarchive.importer.privacy import redact_text, scrub_url
from postarchive.importer.svg import SvgRefused, sanitize

WP = "http://wordpress.org/export/1.2/"


def wxr(*items: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{WP}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{WP}">
<channel>
  <title>Privacy test</title>
  <link>https://blog.example.org</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[jdoe]]></wp:author_login><wp:author_email><![CDATA[jane@example.org]]></wp:author_email><wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>
{"".join(items)}
</channel>
</rss>
"""


def item(
    id_: int,
    title: str,
    content: str,
    *,
    name: str = "",
    status: str = "publish",
    type_: str = "post",
    password: str = "",
    comments: str = "",
) -> str:
    return f"""
  <item>
    <title>{title}</title>
    <link>https://blog.example.org/2016/06/07/{name}/</link>
    <dc:creator><![CDATA[jdoe]]></dc:creator>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{id_}</wp:post_id>
    <wp:post_date><![CDATA[2016-06-07 10:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2016-06-07 14:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[{name}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_type><![CDATA[{type_}]]></wp:post_type>
    <wp:post_password><![CDATA[{password}]]></wp:post_password>{comments}
  </item>"""


def comment(
    id_: int,
    author: str,
    content: str,
    *,
    email: str = "c@commenter.example",
    ip: str = "203.0.113.7",
) -> str:
    return f"""
    <wp:comment>
      <wp:comment_id>{id_}</wp:comment_id>
      <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
      <wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>
      <wp:comment_author_IP><![CDATA[{ip}]]></wp:comment_author_IP>
      <wp:comment_date><![CDATA[2016-06-08 09:{id_:02d}:00]]></wp:comment_date>
      <wp:comment_content><![CDATA[{content}]]></wp:comment_content>
      <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
      <wp:comment_type><![CDATA[]]></wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>"""


@pytest.fixture
def project(tmp_path):
    docs, sources = make_project(tmp_path)
    return tmp_path, docs, sources


def written(*roots) -> str:
    """Every file the import left under *roots*, as one text."""
    return "\n".join(data.decode("utf-8", "replace") for data, _mtime in snapshot(*roots).values())


def md(html: str, **ctx) -> str:
    return to_markdown(prepare(html, Context(**ctx)))


# -- commenters' addresses -----------------------------------------------------------------
#: Every place a commenter's address hid in a comment (issue #21), and the
#: words that must stay.
COMMENT_HTML = (
    '<p>Ask <abbr title="abbr.me@x.org">me</abbr>, <q cite="mailto:cite.me@x.org">quoted</q>, '
    '<del datetime="198.51.100.23" title="2001:db8::23">struck</del> and '
    '<span title="span.title@x.org" data-ip="198.51.100.24">spanned</span>.</p>'
    '<p>Links: <a href="https://shop.example.com/?email=query.me@x.org&amp;ref=1">shop</a>, '
    '<a href="https://shop.example.com/?contact=pct.me%40x.org">encoded</a>, '
    '<a href="http://user:secret-pw@private.example.com/">private</a>, '
    '<a href="mailto:mailto.me@x.org">write to me</a>, '
    '<a href="http://10.0.0.1/admin">my router</a>, '
    '<a href="http://[2001:db8::1]/">my v6 box</a>, '
    '<a href="http://167772162/">decimal host</a>.</p>'
    "<p>Text: text.me@x.org from 192.0.2.44 and fe80::1ff:fe23:4567:890a.</p>"
    '<p><img src="http://10.0.0.9/pic.png" alt="a picture from 10.0.0.9"></p>'
)
COMMENT_ADDRESSES = [
    "abbr.me@x.org",
    "cite.me@x.org",
    "198.51.100.23",
    "2001:db8::23",
    "span.title@x.org",
    "198.51.100.24",
    "query.me@x.org",
    "pct.me%40x.org",
    "secret-pw",
    "mailto.me@x.org",
    "10.0.0.1",
    "2001:db8::1",
    "167772162",
    "text.me@x.org",
    "192.0.2.44",
    "fe80::1ff:fe23:4567:890a",
    "10.0.0.9",
    # the export's own fields, and the names
    "c@commenter.example",
    "203.0.113.7",
    "name.me@x.org",
    "2001:db8::77",
    "192.0.2.88",
    "hidden@x.org",
]


def privacy_export(tmp_path):
    post = (
        "<p>Write to the author: author.own@blog.example.org.</p>"
        '<p><abbr title="author.title@blog.example.org">Me</abbr>, '
        '<a href="mailto:author.link@blog.example.org">mail me</a>.</p>'
    )
    comments = (
        comment(1, "Eve name.me@x.org", COMMENT_HTML)
        + comment(2, "Mallory 2001:db8::77", "<p>Second comment.</p>")
        + comment(3, "Trent 192.0.2.88", "<p>Third comment.</p>")
        + comment(4, "Hidden h&#105;dden&#64;x.org", "<p>Fourth comment.</p>")
    )
    path = tmp_path / "privacy.xml"
    path.write_text(
        wxr(item(1, "Comments", post, name="comments", comments=comments)), encoding="utf-8"
    )
    return path


def test_no_commenter_address_is_published_anywhere(project):
    tmp, docs, sources = project
    run_import(docs, sources, privacy_export(tmp))
    everything = written(docs, sources)
    for address in COMMENT_ADDRESSES:
        assert address not in everything, address
    text = (docs / "posts" / "comments.md").read_text(encoding="utf-8")
    # the words stay: the link texts, the names, the comments
    for words in (
        "shop",
        "encoded",
        "private",
        "write to me",
        "my router",
        "my v6 box",
        "decimal host",
        "struck",
        "spanned",
        "quoted",
        "a picture from",
        "Second comment.",
        "Third comment.",
        "Fourth comment.",
    ):
        assert words in text, words
    assert ':author: "Eve [e-mail address removed]"' in text
    assert ':author: "Mallory [IP address removed]"' in text
    assert ':author: "Trent [IP address removed]"' in text
    assert ':author: "Hidden [e-mail address removed]"' in text
    # links that could be kept are kept, without the address
    assert "[shop](https://shop.example.com/?ref=1)" in text
    assert "[private](http://private.example.com/)" in text


def test_the_authors_own_text_keeps_its_addresses(project):
    """An address the author wrote is the author's text; one in an attribute
    readers are not shown goes."""
    tmp, docs, sources = project
    run_import(docs, sources, privacy_export(tmp))
    text = (docs / "posts" / "comments.md").read_text(encoding="utf-8")
    assert "author.own@blog.example.org" in text
    assert "[mail me](mailto:author.link@blog.example.org)" in text
    assert "author.title@blog.example.org" not in text


@pytest.mark.parametrize(
    "html, expected",
    [
        (
            '<p><abbr title="a@b.example">x</abbr></p>',
            '<abbr title="[e-mail address removed]">x</abbr>\n',
        ),
        ('<p><q cite="mailto:a@b.example">x</q></p>', "<q>x</q>\n"),
        (
            '<p><a href="http://u:p@h.example/p?email=a%40b.example&amp;k=v#top">x</a></p>',
            "[x](http://h.example/p?k=v#top)\n",
        ),
        ('<p><a href="http://192.168.1.1/">router</a></p>', "router\n"),
        ('<p><a href="https://[2001:db8::5]:8443/">box</a></p>', "box\n"),
        ('<p><a href="http://h.example/users/a@b.example/">profile</a></p>', "profile\n"),
        (
            "<p>at 2001:db8:0:0:1::9, not at 10:30:00 or std::vector</p>",
            "at \\[IP address removed\\], not at 10:30:00 or std::vector\n",
        ),
    ],
)
def test_comment_addresses_in_every_form(html, expected):
    assert md(html, for_comment=True) == expected


def test_privacy_pieces():
    assert redact_text("mail x.y@z.example or ::ffff:192.0.2.1.") == (
        "mail [e-mail address removed] or [IP address removed].",
        2,
    )
    assert scrub_url("http://0x7f.0.0.1/") is None  # a browser reads it as 127.0.0.1
    assert scrub_url("https://ex.example/?q=1") == "https://ex.example/?q=1"
    assert scrub_url("http://[bad/") is None


# -- reusable blocks -------------------------------------------------------------------------
def test_only_published_reusable_blocks_are_inserted(project):
    tmp, docs, sources = project
    statuses = {
        10: ("publish", ""),
        11: ("private", ""),
        12: ("draft", ""),
        13: ("pending", ""),
        14: ("future", ""),
        15: ("trash", ""),
        16: ("publish", "secret"),
    }
    blocks = [
        item(
            id_,
            f"Block {id_}",
            f"<!-- wp:paragraph --><p>Block text {id_}.</p><!-- /wp:paragraph -->",
            name=f"block-{id_}",
            status=status,
            type_="wp_block",
            password=password,
        )
        for id_, (status, password) in statuses.items()
    ]
    # a published block that uses a private one shows only its own text
    blocks.append(
        item(
            17,
            "Outer",
            "<!-- wp:paragraph --><p>Outer text.</p><!-- /wp:paragraph -->"
            '<!-- wp:block {"ref":11} /-->',
            name="outer",
            type_="wp_block",
        )
    )
    refs = "".join(f'<!-- wp:block {{"ref":{id_}}} /-->' for id_ in [*statuses, 17])
    post = item(
        1,
        "Uses blocks",
        "<!-- wp:paragraph --><p>Before.</p><!-- /wp:paragraph -->"
        + refs
        + "<!-- wp:paragraph --><p>After.</p><!-- /wp:paragraph -->",
        name="uses-blocks",
    )
    path = tmp / "blocks.xml"
    path.write_text(wxr(*blocks, post), encoding="utf-8")
    result = run_import(docs, sources, path)
    text = (docs / "posts" / "uses-blocks.md").read_text(encoding="utf-8")
    assert "Before." in text and "After." in text
    assert "Block text 10." in text and "Outer text." in text
    everything = written(docs, sources)
    for id_ in (11, 12, 13, 14, 15, 16):
        assert f"Block text {id_}." not in everything, id_
    assert "Reusable blocks not published, left out where posts use them" in result.stdout
    assert ": 6:\n" in result.stdout
    for reason in (
        "private: 1",
        "draft: 1",
        "pending: 1",
        "scheduled: 1",
        "trash: 1",
        "password-protected: 1",
    ):
        assert f"\n  {reason}\n" in result.stdout, reason


# -- SVG uploads ---------------------------------------------------------------------------------
EVIL_SVG = b"""<?xml version="1.0"?>
<?xml-stylesheet href="http://evil.example/x.css"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="20" height="20" onload="alert('onload')">
  <script>alert(document.cookie)</script>
  <script xlink:href="http://evil.example/x.js"/>
  <style>@import url(http://evil.example/i.css); .a { fill: red }</style>
  <style>.b { fill: url(#grad); background: url('http://evil.example/track.png') }</style>
  <g onclick="alert('click')" style="fill: url(http://evil.example/p.png)">
    <rect id="r" x="1" y="1" width="8" height="8" fill="url(#grad)"
          filter="url(http://evil.example/f.svg#f)"/>&xxe;
  </g>
  <a xlink:href="javascript:alert('link')"><circle cx="5" cy="5" r="3"/></a>
  <foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="javascript:alert(1)"/></body></foreignObject>
  <animate attributeName="href" to="javascript:alert('animate')"/>
  <set attributeName="onmouseover" to="alert('set')"/>
  <use href="http://evil.example/sprite.svg#icon"/>
  <use xlink:href="#r" x="10"/>
  <text x="1" y="19">Kept <tspan>text</tspan></text>
</svg>
"""


def test_an_svg_upload_is_published_without_scripts(project):
    tmp, docs, sources = project
    uploads = tmp / "uploads"
    (uploads / "2016" / "06").mkdir(parents=True)
    (uploads / "2016" / "06" / "evil.svg").write_bytes(EVIL_SVG)
    (uploads / "2016" / "06" / "broken.svg").write_bytes(b"<svg><script>alert(1)</script>")
    post = (
        '<p><img src="https://blog.example.org/wp-content/uploads/2016/06/evil.svg" '
        'alt="A drawing"></p><p><img src="https://blog.example.org/wp-content/uploads/'
        '2016/06/broken.svg" alt="Broken drawing"></p>'
    )
    path = tmp / "svg.xml"
    path.write_text(wxr(item(1, "Drawings", post, name="drawings")), encoding="utf-8")
    result = run_import(docs, sources, path, "--uploads", uploads)
    written_svg = (docs / "_uploads" / "2016" / "06" / "evil.svg").read_bytes()
    lowered = written_svg.lower()
    for bad in (
        b"script",
        b"onload",
        b"onclick",
        b"onmouseover",
        b"alert",
        b"javascript",
        b"foreignobject",
        b"evil.example",
        b"<!doctype",
        b"<!entity",
        b"xxe",
        b"@import",
        b"animate",
        b"<set",
    ):
        assert bad not in lowered, bad
    root = etree.fromstring(written_svg)  # still an SVG, with its drawing and text
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"<rect" in written_svg and b"<circle" in written_svg and b"url(#grad)" in written_svg
    assert b'xlink:href="#r"' in written_svg and b"Kept <tspan>text</tspan>" in written_svg
    # the one that cannot be made safe is not copied: it stays a link to the original
    assert not (docs / "_uploads" / "2016" / "06" / "broken.svg").exists()
    text = (docs / "posts" / "drawings.md").read_text(encoding="utf-8")
    assert "wp-content/uploads/2016/06/broken.svg" in text
    assert "SVG images that could not be made safe" in text
    assert "Images copied from the uploads: 1." in result.stdout
    # importing again changes nothing (the safe copy is the same)
    before = snapshot(docs, sources)
    run_import(docs, sources, path, "--uploads", uploads)
    assert snapshot(docs, sources) == before


def test_svg_sanitizer_refuses_what_is_not_an_svg():
    for data in (
        b"not xml at all",
        b"<html><script>x</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
    ):
        with pytest.raises(SvgRefused):
            sanitize(data)
    inline = sanitize(
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;'
        b'base64,iVBORw0KGgo="/><image href="data:text/html,&lt;script&gt;"/></svg>'
    )
    assert b"data:image/png" in inline and b"text/html" not in inline
