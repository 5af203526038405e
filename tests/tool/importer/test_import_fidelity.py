"""Every real blog builds, word for word (issue #22): the kinds of text that
real exports hold and that broke the build or lost words.

One small WordPress export per kind of text (written here, inline), imported
as a user imports (``python -m postarchive.importer``) and built with the
archive's ``conf.py`` under ``-nW``, as the site and as LaTeX (where
headings become the PDF's chapters). What a reader would notice is
asserted: the build succeeds; code reaches the page exactly (the text of
its ``<pre>``); no word of the source is missing from the page; a heading
is a heading; a gallery shows its images or says it was not archived; text
in brackets stays text.
"""

from __future__ import annotations

import pickle
import re

import pytest
import yaml
from bs4 import BeautifulSoup
from docutils import nodes
from support.archivebuild import REPO, all_tex, sphinx_build
from support.importsetup import make_project, run_import
from support.importtext import (
    first_difference,
    is_editorial,
    is_subsequence,
    original_words,
    page_post,
    page_title,
    page_words,
)

from postarchive.core.frontmatter import split_front_matter
from postarchive.importer import wxr
from postarchive.importer.records import Entry, Index, SourceFile
from postarchive.importer.render import Options, render

WP = "http://wordpress.org/export/1.2/"
SITE = "https://blog.example.org"


def item(
    id_: int,
    name: str,
    title: str,
    content: str,
    *,
    comments: str = "",
    extra: str = "",
    type_: str = "post",
    parent: int = 0,
    url: str = "",
) -> str:
    """One ``<item>`` of a WXR export; *title* as it stands in the XML."""
    return f"""
  <item>
    <title>{title}</title>
    <link>{SITE}/{name}/</link>
    <dc:creator><![CDATA[jdoe]]></dc:creator>
    <guid isPermaLink="false">{SITE}/?p={id_}</guid>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{id_}</wp:post_id>
    <wp:post_date><![CDATA[2016-06-{7 + id_ % 20:02d} 10:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2016-06-{7 + id_ % 20:02d} 08:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[{name}]]></wp:post_name>
    <wp:status><![CDATA[{"inherit" if type_ == "attachment" else "publish"}]]></wp:status>
    <wp:post_parent>{parent}</wp:post_parent>
    <wp:post_type><![CDATA[{type_}]]></wp:post_type>
    <wp:post_password><![CDATA[]]></wp:post_password>{
        f"{chr(10)}    <wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>" if url else ""
    }{extra}{comments}
  </item>"""


def comment(id_: int, content: str) -> str:
    return f"""
    <wp:comment>
      <wp:comment_id>{id_}</wp:comment_id>
      <wp:comment_author><![CDATA[A reader]]></wp:comment_author>
      <wp:comment_date><![CDATA[2016-07-01 09:30:00]]></wp:comment_date>
      <wp:comment_content><![CDATA[{content}]]></wp:comment_content>
      <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>"""


def meta(key: str, value: str) -> str:
    return (
        f"\n    <wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def export(items: list[str]) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="{WP}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{WP}">
<channel>
  <title>Fidelity</title>
  <link>{SITE}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:base_blog_url>{SITE}</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[jdoe]]></wp:author_login><wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>
{"".join(items)}
</channel>
</rss>
"""


# -- the posts -------------------------------------------------------------------------------
#: (slug, the source's content, the code blocks the page must show, exactly, in order)
CODE_POSTS: dict[str, tuple[str, list[str]]] = {}


def code_post(slug: str, content: str, *blocks: str) -> None:
    CODE_POSTS[slug] = (content, list(blocks))


LINES = (
    '# a comment, not a heading\n%setup, not a MyST comment\n---\n+++\n"quotes" and '
    "'quotes' -- x\n\ttab, trailing spaces  \n\n\nafter two blank lines"
)

# 4: HTML comments shown as code
code_post(
    "code-comment",
    "<p>Write <code>&lt;!-- more --&gt;</code> where the teaser ends.</p>\n\n"
    "<pre>&lt;!-- a comment --&gt;\n&lt;p&gt;shown&lt;/p&gt;</pre>\n\n"
    "<ul><li>in a list: <code>&lt;!--nextpage--&gt;</code></li></ul>\n\n"
    "<table><tr><th>Markup</th></tr><tr><td><code>&lt;!-- x --&gt;</code></td></tr></table>\n\n"
    "<blockquote>quoted <code>&lt;!-- q --&gt;</code></blockquote>\n\n"
    "<h3>About <code>&lt;!-- h --&gt;</code></h3>\n\nKeys: <kbd>&lt;!--</kbd>, <samp>--&gt;</samp>, "
    "<tt>&lt;!-- tt --&gt;</tt>.\n\n"
    "<code>&lt;!-- first line --&gt;\nsecond line</code>",
    "<!-- a comment -->\n<p>shown</p>",
    "<!-- first line -->\nsecond line",
)
# 9: the classic editor's code
code_post("multiline-code", f"Before:\n\n<code>{LINES}</code>\n\nAfter.", LINES)
code_post(
    "code-with-breaks",
    "<code>first();<br />second();<br />\nthird();</code>",
    "first();\nsecond();\nthird();",
)
code_post(
    "wp-syntax",
    '<pre lang="php" line="1"><?php\n# comment\n$a = "<b>" . \'&amp;lt;\';\n'
    "%setup\n---\n+++\n?></pre>",
    "<?php\n# comment\n$a = \"<b>\" . '&lt;';\n%setup\n---\n+++\n?>",
)
code_post(
    "brush-pre",
    '<pre class="brush: php">$x = "&lt;div&gt;";\n\n# two\n--- three</pre>',
    '$x = "<div>";\n\n# two\n--- three',
)
code_post("code-pre", f"<code><pre>{LINES}</pre></code>", LINES)
code_post(
    "pre-code-language",
    '<pre><code class="language-python"># hi\nprint("x")\n\ny = 1  # --- z</code></pre>',
    '# hi\nprint("x")\n\ny = 1  # --- z',
)
code_post(
    "code-in-blocks",
    "<ul><li>Steps: <code>one\n  two  \n\n\nthree</code> done</li></ul>\n\n"
    '<blockquote><pre lang="sh">\n  four\n\n\n+++ five</pre></blockquote>',
    "one\n  two  \n\n\nthree",
    "  four\n\n\n+++ five",
)
# 10: the highlighter plugins
HTML_CODE = "<table>\n<tr><td><?php echo $x; ?></td></tr>\n</table>\n\n# lost?\n[gallery]"
code_post(
    "syntaxhighlighter",
    f'[code lang="php"]{HTML_CODE}[/code]\n\n[sourcecode language="python"]\n# py\n'
    'x = "a"\n[/sourcecode]\n\n[php]\n$a = 1; // <b>x</b>\n[/php]\n\n[python]print(1)\n\n'
    "print(2)[/python]",
    HTML_CODE,
    '# py\nx = "a"',
    "$a = 1; // <b>x</b>",
    "print(1)\n\nprint(2)",
)
code_post(
    "codecolorer",
    # (a visual editor's paragraph around escaped code: not code)
    '[cc lang="php"]<p>&lt;?php echo 1; ?&gt;</p>[/cc]\n\n[cce]a &amp;&amp; b\n% c[/cce]\n\n'
    '[cc_php]$x = "<br>";\n---[/cc_php]\n\n[ccnLe_java]class A {}\n// <i>i</i>[/ccnLe_java]\n\n'
    'Inline: [cci]$x = "<b>";[/cci] in a sentence.',
    "<?php echo 1; ?>",
    "a && b\n% c",
    '$x = "<br>";\n---',
    "class A {}\n// <i>i</i>",
)
code_post(
    "crayon-enlighter",
    '[crayon lang="js"]if (a < b) { c(); }\n// --- d[/crayon]\n\n[plain]plain <text>\n+++[/plain]'
    '\n\n[enlighter lang="js"]var x = "<i>";\n\n# y[/enlighter]\n\n'
    '<pre class="EnlighterJSRAW" data-enlighter-language="js">let a = "&lt;b&gt;";\n%x</pre>'
    '\n\n<code lang="PHP">echo "<u>u</u>";\n# two</code>',
    "if (a < b) { c(); }\n// --- d",
    "plain <text>\n+++",
    'var x = "<i>";\n\n# y',
    'let a = "<b>";\n%x',
    'echo "<u>u</u>";\n# two',
)

#: (slug, content) of the other posts; the words of each must all be on its page
POSTS: dict[str, str] = {
    # 5: rules where a transition cannot be
    "rules": "Top.\n\n<hr />\n\nMiddle.\n\n<ul><li>item one<hr>item two</li></ul>\n\n"
    "<blockquote>quote one<hr>quote two</blockquote>\n\n"
    "<table><tr><th>h</th></tr><tr><td>cell one<hr>cell two</td></tr></table>\n\n"
    "<details><summary>More</summary>details one<hr>details two</details>\n\n"
    '[caption]<img src="https://cdn.example.com/a.png" alt="a"> caption one<hr>'
    "caption two[/caption]\n\nEnd.",
    # 12: brackets that are not shortcodes
    "brackets": "[Video: My trip to Rome] and [Updated: 2012] the text [sic] says [1].\n\n"
    "[[sic]] stays, [Caption]capitalised[/Caption] too, [Gallery] as well.\n\n"
    "[1]: footnote-like line\n\n[Video: alone on its line]",
    # 13: pipes in table cells
    "pipes": "<table><tr><th>Code</th><th>Text</th></tr><tr><td><code>a | b</code></td>"
    "<td>c|d</td></tr><tr><td><code>x \\| y || z</code></td><td><sup>1|2</sup> "
    '<abbr title="p|q">abbr</abbr> e\\|f</td></tr></table>',
    # 15: headings and links
    "linked-headings": f'<a href="https://elsewhere.example.com/"><h2>Wrapped heading</h2></a>\n\n'
    'Text under it.\n\n<h2><a href="https://elsewhere.example.com/x">Inner '
    "link heading</a></h2>\n\nMore text.\n\n"
    f'<a href="{SITE}/linked-headings/"><h3>Self-linked heading</h3></a>\n\nEnd.',
}
RULES_COMMENT = "A comment.<hr>After the rule.<hr />End."
#: a comment that begins with a list whose text has dashes (MyST's front-matter rule)
LIST_COMMENT = "<ul><li>'---Lua <code>+</code> y<pre>a\n`</pre>b</li><li>c</li></ul>"
GALLERY_POSTS = {
    "gallery-attached": "Our trip:\n\n[gallery]\n\nThe end.",
    "gallery-lost": 'Photos:\n\n[gallery columns="3"]\n\nAnd [gallery ids="9999"] too.',
}
TITLES = {  # 14: slug → (the title as it stands in the XML, the title readers saw)
    "title-amp": ("V&amp;C", "V&C"),
    "title-entity-text": ("Use &amp;lt;b&amp;gt; for bold", "Use <b> for bold"),
    "title-double": ("a &amp;amp;lt; b &amp; R&amp;D", "a &lt; b & R&D"),
}
MARKDOWN_SOURCE = (
    "Read [this article][1] and [that one][two].\n\n## A Markdown heading\n\n"
    "* one\n* two\n\n```\n# code, not a heading\n```\n\n"
    "[1]: https://example.com/article\n[two]: https://example.com/two\n"
)


def _items() -> list[str]:
    items, n = [], 10
    for slug, (content, _blocks) in CODE_POSTS.items():
        n += 1
        items.append(
            item(
                n,
                slug,
                slug,
                content,
                comments=comment(n, content) if slug in ("code-comment", "multiline-code") else "",
            )
        )
    for slug, content in POSTS.items():
        n += 1
        items.append(
            item(
                n,
                slug,
                slug,
                content,
                comments=comment(n, RULES_COMMENT)
                if slug == "rules"
                else comment(n, LIST_COMMENT)
                if slug == "brackets"
                else "",
            )
        )
    items.append(item(60, "gallery-attached", "Gallery", GALLERY_POSTS["gallery-attached"]))
    for i, name in enumerate(("first", "second")):
        items.append(
            item(
                61 + i,
                f"photo-{name}",
                f"Photo {name}",
                "",
                type_="attachment",
                parent=60,
                url=f"{SITE}/wp-content/uploads/2016/06/{name}.jpg",
                extra=meta("_wp_attached_file", f"2016/06/{name}.jpg"),
            )
        )
    items.append(item(70, "gallery-lost", "Lost gallery", GALLERY_POSTS["gallery-lost"]))
    for i, (slug, (xml_title, _shown)) in enumerate(TITLES.items()):
        items.append(item(80 + i, slug, xml_title, "A post with a title."))
    items.append(
        item(
            90,
            "markdown-post",
            "Markdown post",
            MARKDOWN_SOURCE,
            extra=meta("_wpcom_is_markdown", "1"),
        )
    )
    return items


def markdown_entry() -> Entry:
    """The Markdown post as the export gives it, with the post meta that
    says it is Markdown."""
    source = SourceFile(
        path="md.xml", name="md.xml", sha256="0" * 64, size=0, kind="wxr", site_url=SITE
    )
    return Entry(
        source=source,
        line=1,
        id="91",
        title="Markdown by render",
        link=f"{SITE}/markdown-render/",
        date="2016-06-30 10:00:00",
        date_gmt="2016-06-30 08:00:00",
        author="jdoe",
        content=MARKDOWN_SOURCE,
        meta={"_wpcom_is_markdown": "1"},
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dest = tmp_path_factory.mktemp("fidelity")
    docs, sources = make_project(dest)
    wxr = dest / "fidelity.wxr.xml"
    wxr.write_text(export(_items()), encoding="utf-8")
    report = run_import(docs, sources, wxr).stdout
    (docs / "posts" / "markdown-render.md").write_text(
        render(markdown_entry(), Index(), [], Options()).text, encoding="utf-8"
    )
    build = dest / "build"
    sphinx_build(docs, build, confdir=REPO)  # -nW: raises on any warning
    sphinx_build(docs, build, confdir=REPO, builder="latex")
    return {"docs": docs, "build": build, "report": report}


def page(site, slug: str) -> str:
    return (site["build"] / "html" / "posts" / f"{slug}.html").read_text(encoding="utf-8")


def source(site, slug: str) -> str:
    return (site["docs"] / "posts" / f"{slug}.md").read_text(encoding="utf-8")


def doctree(site, slug: str):
    return pickle.loads(
        (site["build"] / "doctrees" / "all" / "posts" / f"{slug}.doctree").read_bytes()
    )


def code_blocks(html: str, comments: bool = False) -> list[str]:
    """The text of each code block of the author's text (or of the comments)."""
    post = page_post(html)
    box = post.select_one(".archive-comments")
    blocks = []
    for pre in post.find_all("pre"):
        in_box = box is not None and any(parent is box for parent in pre.parents)
        if in_box != comments or (not comments and any(is_editorial(p) for p in pre.parents)):
            continue
        blocks.append(pre.get_text().removesuffix("\n"))
    return blocks


def assert_every_word(site, slug: str, html_source: str) -> None:
    expected = original_words(html_source)
    got = page_words(page(site, slug))
    found, at = is_subsequence(expected, got)
    assert found, f"{slug}: {first_difference(expected[at:], got)} (word {at} of the source)"


def latex(site) -> str:
    return all_tex(site["build"] / "latex")


# -- 4, 9, 10: code is code ----------------------------------------------------------------------
@pytest.mark.parametrize("slug", list(CODE_POSTS))
def test_code_reaches_the_page_exactly(site, slug):
    _content, blocks = CODE_POSTS[slug]
    html = page(site, slug)
    assert code_blocks(html) == blocks, slug
    section = page_post(html)
    assert section.find(["h2", "h3", "h4"]) is None or slug == "code-comment", (
        "a line of code became a heading"
    )
    tree = doctree(site, slug)
    titles = [t.astext() for t in tree.findall(nodes.title)]
    assert not any("comment, not" in t or t == "two" or t.startswith("# ") for t in titles), titles


@pytest.mark.parametrize(
    "slug",
    [
        "code-comment",
        "multiline-code",
        "code-with-breaks",
        "code-pre",
        "pre-code-language",
        "code-in-blocks",
    ],
)
def test_every_word_around_code(site, slug):
    """Code written as HTML (not a highlighter's raw code): every word of the
    post, code and text around it, in order."""
    assert_every_word(site, slug, CODE_POSTS[slug][0])


@pytest.mark.parametrize("slug", ["code-comment", "multiline-code"])
def test_code_in_comments_is_code(site, slug):
    _content, blocks = CODE_POSTS[slug]
    assert code_blocks(page(site, slug), comments=True) == blocks


def test_inline_code_stays_inline_and_exact(site):
    section = page_post(page(site, "code-comment"))
    inline = [c.get_text() for c in section.find_all("code") if c.find_parent("pre") is None]
    for text in ("<!-- more -->", "<!--nextpage-->", "<!-- x -->", "<!-- q -->", "<!-- h -->"):
        assert text in inline, (text, inline)
    codecolorer = page_post(page(site, "codecolorer"))
    assert '$x = "<b>";' in [c.get_text() for c in codecolorer.find_all("code")]
    assert "in a sentence" in codecolorer.get_text()


def test_code_shortcodes_are_not_left_as_text(site):
    for slug in ("syntaxhighlighter", "codecolorer", "crayon-enlighter"):
        text = " ".join(page_words(page(site, slug)))
        for bracket in (
            "[code",
            "[sourcecode",
            "[php]",
            "[/cc",
            "[cc",
            "[crayon",
            "[plain]",
            "[enlighter",
            "[python]",
        ):
            assert bracket not in text, (slug, bracket)
    assert "[gallery]" in code_blocks(page(site, "syntaxhighlighter"))[0]  # code, not expanded


def test_code_in_the_pdf(site):
    tex = latex(site)
    for heading in ("a comment, not a heading", "lost?"):
        assert not re.search(r"\\(chapter|section|subsection)\{[^}]*" + re.escape(heading), tex)
    assert re.search(r"(\\PYGZpc\{\}|\\%)(\}\\PYG\{\w+\}\{)?setup", tex)  # %setup stays
    assert "\\begin{sphinxVerbatim}" in tex


# -- 5: rules -----------------------------------------------------------------------------------
def test_rules_inside_blocks_and_comments_build_and_keep_every_word(site):
    html = page(site, "rules")
    assert_every_word(
        site, "rules", POSTS["rules"].replace("[caption]", "").replace("[/caption]", "")
    )
    post = page_post(html)
    assert post.find("hr") is not None  # the rule between top-level paragraphs stays
    comment_text = post.select_one(".archive-comment-text").get_text(" ")
    for words in ("A comment.", "After the rule.", "End."):
        assert words in comment_text


# -- 11: galleries --------------------------------------------------------------------------------
def test_gallery_lists_the_posts_attachments(site):
    html = page(site, "gallery-attached")
    for name in ("first", "second"):
        assert f"{SITE}/wp-content/uploads/2016/06/{name}.jpg" in html
    assert "not archived: the export holds none" not in html
    assert_every_word(site, "gallery-attached", "Our trip: The end.")


def test_gallery_without_images_says_so(site):
    html = page(site, "gallery-lost")
    notes = [n.get_text(" ") for n in page_post(html).select(".archive-note")]
    assert sum("gallery of the original post was not archived" in n for n in notes) == 2, notes
    assert "2 galleries of the original post not archived" in source(site, "gallery-lost")
    assert_every_word(site, "gallery-lost", "Photos: And too.")


# -- 12: brackets ---------------------------------------------------------------------------------
def test_text_in_brackets_stays_text(site):
    text = " ".join(page_post(page(site, "brackets")).get_text(" ").split())
    for kept in (
        "[Video: My trip to Rome]",
        "[Updated: 2012]",
        "[sic]",
        "[1]",
        "[[sic]]",
        "[Caption]capitalised[/Caption]",
        "[Gallery]",
        "[1]: footnote-like line",
    ):
        assert kept in text, kept
    assert_every_word(site, "brackets", POSTS["brackets"])
    assert "[Video]" not in source(site, "brackets")  # not reported as a shortcode either


def test_a_comment_that_begins_with_a_list(site):
    comments = page_post(page(site, "brackets")).select_one(".archive-comment-text")
    first = [li.get_text(" ").split()[0] for li in comments.find_all("li")]
    assert first == ["‘—Lua", "c"]  # (smartquotes, as WordPress's texturize did)
    assert code_blocks(page(site, "brackets"), comments=True) == ["a\n`"]


# -- 13: pipes --------------------------------------------------------------------------------------
def test_table_cells_keep_every_character(site):
    table = page_post(page(site, "pipes")).find("table")
    cells = [" ".join(td.get_text().split()) for td in table.find_all("td")]
    assert cells == ["a | b", "c|d", "x \\| y || z", "1|2 abbr e\\|f"], cells
    assert table.find("abbr")["title"] == "p|q"


# -- 14: titles ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", list(TITLES))
def test_titles_decoded_once(site, slug):
    assert page_title(page(site, slug)) == TITLES[slug][1]


# -- 15: headings in links ------------------------------------------------------------------------------
def test_linked_headings_stay_headings(site):
    post = page_post(page(site, "linked-headings"))
    for link in post.select(".headerlink"):
        link.decompose()
    headings = {
        " ".join(h.get_text(" ").replace("¶", "").split()): h for h in post.find_all(["h2", "h3"])
    }
    for text in ("Wrapped heading", "Inner link heading", "Self-linked heading"):
        assert text in headings, headings.keys()
    assert headings["Wrapped heading"].find("a", href="https://elsewhere.example.com/")
    assert_every_word(site, "linked-headings", POSTS["linked-headings"])


# -- 16: Markdown posts -------------------------------------------------------------------------------
MARKDOWN_WORDS = "Read this article and that one. A Markdown heading one two # code, not a heading"


def test_markdown_post_read_as_markdown(site):
    html = page(site, "markdown-render")
    post = page_post(html)
    assert post.find("a", href="https://example.com/article").get_text() == "this article"
    assert post.find("a", href="https://example.com/two").get_text() == "that one"
    assert "A Markdown heading" in post.find("h2").get_text()
    assert code_blocks(html) == ["# code, not a heading"]
    assert "[1]:" not in post.get_text()
    assert_every_word(site, "markdown-render", MARKDOWN_WORDS)


def test_markdown_post_from_the_export(site):
    post = page_post(page(site, "markdown-post"))
    assert post.find("a", href="https://example.com/article") is not None


# -- topics ---------------------------------------------------------------------------------------------
def test_topic_slugs_read_back_as_text():
    entry = markdown_entry()
    text = render(entry, Index(), ["2008", "yes", "null", "cloud", '"2009"', "1.5"], Options()).text
    data = split_front_matter(text).data
    assert data["topics"] == ["2008", "yes", "null", "cloud", "2009", "1.5"]
    assert yaml.safe_load(text.split("---\n")[1])["topics"] == data["topics"]


def test_the_build_used_the_latex_builder(site):
    assert "V\\&C" in latex(site) or "V\\&{}C" in latex(site)
    soup = BeautifulSoup(page(site, "title-amp"), "html.parser")
    assert soup.find("h1") is not None


def test_a_gallery_attachment_without_its_address_is_found_by_its_file():
    """An export whose attachment items lack <wp:attachment_url> still names
    their files (_wp_attached_file): the gallery lists them from the blog's
    uploads address."""
    source = SourceFile(
        path="export.xml",
        name="export.xml",
        sha256="0" * 64,
        size=1,
        kind="wxr",
        site_url="https://blog.example.org/",
    )
    entry = Entry(
        source=source,
        line=1,
        id="7",
        type="attachment",
        parent="3",
        meta={"_wp_attached_file": "2012/05/photo.jpg"},
    )
    index = Index()
    wxr._note(entry, index)
    assert (
        index.attachments["7"].url
        == "https://blog.example.org/wp-content/uploads/2012/05/photo.jpg"
    )
    assert index.children["3"] == ["7"]


def test_a_permalink_the_build_would_refuse_becomes_unknown_with_a_note():
    """A permalink with an encoded line break (it would write its own line into
    the redirect maps) is not kept: the post's url is unknown, and its notes
    say why, so the import builds."""
    source = SourceFile(
        path="export.xml",
        name="export.xml",
        sha256="0" * 64,
        size=1,
        kind="wxr",
        site_url="https://blog.example.org/",
    )
    entry = Entry(
        source=source,
        line=1,
        id="9",
        title="Hello",
        date="2016-06-07 10:00:00",
        link="https://blog.example.org/x%0A/*%20https://evil.example/:splat%20200!",
        content="<p>Hello.</p>",
    )
    front = split_front_matter(render(entry, Index(), [], Options()).text).data
    assert front["url"] == "unknown"
    assert any("cannot be kept" in note and "U+000A" in note for note in front["notes"])
