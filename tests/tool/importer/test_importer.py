"""The importer without Sphinx: bad input, re-import safety, the summary,
feeds, XML safety, slugs, shortcodes, paragraph rules, MyST escapes, topics.
(The imported archive's build, word for word, is tests/test_import_build.py.)"""

from __future__ import annotations

import io
import shutil

import pytest
import yaml
from support.importsetup import BLOG, DATA, FEEDS, make_project, make_uploads, run_import, snapshot
from support.paths import REPO

from postarchive.importer import shortcodes, slugs
from postarchive.importer.gutenberg import convert as gutenberg_convert
from postarchive.importer.htmlprep import Context, find_upload, prepare, upload_path
from postarchive.importer.markdown import escape_text, to_markdown
from postarchive.importer.records import Index, Term
from postarchive.importer.report import Progress
from postarchive.importer.topicmap import Mapping, Topics, read_mapping
from postarchive.importer.wpautop import wpautop


@pytest.fixture
def project(tmp_path):
    docs, sources = make_project(tmp_path)
    return tmp_path, docs, sources


def md(html: str, **ctx) -> str:
    return to_markdown(prepare(html, Context(**ctx)))


# -- bad input: one clear error, non-zero exit, nothing written ------------------------
BAD = {
    "page.html": (
        "page.html:1: this is an HTML page, not a WordPress export or a feed",
        "Tools → Export",
    ),
    "notafeed.xml": (
        "notafeed.xml:2: the file is XML but neither a WordPress export (WXR) nor "
        "an RSS or Atom feed: its root element is <svg>",
        "Tools → Export",
    ),
    "truncated.wxr.xml": ("truncated.wxr.xml:48: the file ends too early", "download or export"),
    "empty.rss.xml": ("empty.rss.xml: the feed holds no items", "feed's address"),
    "drafts.wxr.xml": (
        "drafts.wxr.xml: nothing to import: no published post among the 2 items (draft: 2)",
        "publish the posts",
    ),
    "missing.xml": ("missing.xml: cannot read the file", "check the file name"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_one_clear_error(project, name):
    _tmp, docs, sources = project
    before = snapshot(docs)
    result = run_import(docs, sources, DATA / name, check=False)
    assert result.returncode == 1
    message, hint = BAD[name]
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("import failed: ") and message in lines[0], result.stderr
    assert hint in lines[0]
    assert lines[1:] == ["Nothing was written."]
    assert "Traceback" not in result.stderr
    assert snapshot(docs) == before and not sources.exists()


def test_failed_import_changes_nothing(project):
    """A good export with a broken second file: nothing of the good one is written."""
    _tmp, docs, sources = project
    before = snapshot(docs)
    result = run_import(docs, sources, BLOG, DATA / "truncated.wxr.xml", check=False)
    assert result.returncode == 1 and snapshot(docs) == before and not sources.exists()
    assert not list(docs.parent.glob(".import-staging-*"))


def test_an_unknown_option_is_a_usage_error(project):
    _tmp, docs, sources = project
    result = run_import(docs, sources, BLOG, "--colour", check=False)
    assert result.returncode == 2 and "unrecognized arguments: --colour" in result.stderr


def test_help(project):
    _tmp, docs, sources = project
    result = run_import(docs, sources, "--help")
    for option in ("--dry-run", "--pages", "--uploads DIR", "--topic-map FILE", "--force"):
        assert option in result.stdout


# -- re-import ------------------------------------------------------------------------
def test_import_twice_changes_no_file(project):
    tmp, docs, sources = project
    first = run_import(docs, sources, BLOG)
    assert "Imported 14 posts from blog.wxr.xml: 14 new, 0 updated, 0 unchanged." in first.stdout
    before = snapshot(docs, sources)
    second = run_import(docs, sources, BLOG)
    assert snapshot(docs, sources) == before
    assert "14 unchanged" in second.stdout


def test_hand_edits_are_never_overwritten_unless_forced(project):
    tmp, docs, sources = project
    run_import(docs, sources, BLOG)
    post = docs / "posts" / "cdata-split.md"
    edited = post.read_text(encoding="utf-8").replace("Before", "Before (edited)")
    post.write_text(edited, encoding="utf-8")
    result = run_import(docs, sources, BLOG)
    assert post.read_text(encoding="utf-8") == edited
    assert "edited by hand since the import (1; --force overwrites them)" in result.stdout
    assert "posts/cdata-split.md" in result.stdout
    forced = run_import(docs, sources, BLOG, "--force")
    assert "(edited)" not in post.read_text(encoding="utf-8")
    assert "Overwritten although edited by hand (--force)" in forced.stdout


def test_a_newer_export_adds_its_new_posts(project, tmp_path):
    _tmp, docs, sources = project
    older = tmp_path / "older.xml"
    text = BLOG.read_text(encoding="utf-8")
    start = text.index("<item>", text.index("<wp:post_id>121</wp:post_id>") - 2000)
    start = text.rindex("<item>", 0, text.index("<wp:post_id>121</wp:post_id>"))
    end = text.index("</item>", start) + len("</item>")
    older.write_text(text[:start] + text[end:], encoding="utf-8")
    run_import(docs, sources, older)
    assert not (docs / "posts" / "several-pages.md").exists()
    hand = docs / "posts" / "hand-written.md"
    hand_before = hand.read_bytes()
    newer = tmp_path / "export.xml"
    shutil.copy(BLOG, newer)
    result = run_import(docs, sources, newer)
    assert (docs / "posts" / "several-pages.md").exists()
    assert "1 new, 13 updated" in result.stdout  # the others now name the newer export
    assert hand.read_bytes() == hand_before


def test_a_hand_written_post_keeps_its_file_name(project):
    tmp, docs, sources = project
    (docs / "posts" / "classic-post.md").write_text(
        (docs / "posts" / "hand-written.md")
        .read_text(encoding="utf-8")
        .replace("A hand-written post", "Another hand-written post"),
        encoding="utf-8",
    )
    run_import(docs, sources, BLOG)
    assert "Another hand-written post" in (docs / "posts" / "classic-post.md").read_text("utf-8")
    assert "original_id: 101" in (docs / "posts" / "classic-post-2.md").read_text("utf-8")


def test_dry_run_writes_nothing(project):
    tmp, docs, sources = project
    before = snapshot(docs)
    result = run_import(docs, sources, BLOG, "--dry-run")
    assert result.stdout.startswith("Would import 14 posts from blog.wxr.xml: 14 new")
    assert snapshot(docs) == before and not sources.exists()


def test_summary(project):
    tmp, docs, sources = project
    result = run_import(docs, sources, BLOG)
    out = result.stdout
    assert "Skipped 12:\n" in out
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
        "page without --pages: 1",
        "other content type (wp_block): 1",
    ):
        assert f"\n  {reason}\n" in out, reason
    assert "unknown shortcode [contact-form-7] kept as text: 1× in posts/classic-post.md" in out
    assert "images not archived: 13 in 5 posts" in out
    assert "embeds turned into links: Twitter ×2" in out
    assert "blog.wxr.xml:" in out and "control character" in out  # reported, not fatal
    assert "Comments archived: 3." in out
    assert "Topics added to" in out and "k8s, open-source" in out


def test_uploads_are_copied_with_size_variants_mapped(project):
    tmp, docs, sources = project
    uploads = make_uploads(tmp / "uploads")
    result = run_import(docs, sources, BLOG, "--uploads", uploads)
    assert (docs / "_uploads" / "2016" / "06" / "photo.png").read_bytes() == (
        uploads / "2016" / "06" / "photo.png"
    ).read_bytes()
    text = (docs / "posts" / "classic-post.md").read_text(encoding="utf-8")
    assert "```{figure} /_uploads/2016/06/photo.png" in text
    assert "Images copied from the uploads: 6." in result.stdout
    # a GIF is shown on the site; the PDF (which cannot show it) gets its caption
    gutenberg = (docs / "posts" / "gutenberg-post.md").read_text(encoding="utf-8")
    assert "{only} html" in gutenberg and "{only} latex\nAn animated figure." in gutenberg


def test_upload_paths():
    assert (
        upload_path("https://b.example.org/wp-content/uploads/2016/06/a-300x200.jpg?w=300")
        == "2016/06/a-300x200.jpg"
    )
    assert upload_path("https://b.files.wordpress.com/2016/06/a.jpg") == "2016/06/a.jpg"
    assert upload_path("https://b.example.org/wp-content/uploads/../../etc/passwd") is None
    assert upload_path("https://cdn.example.com/a.jpg") is None


def test_find_upload_prefers_the_original(tmp_path):
    (tmp_path / "2016").mkdir()
    (tmp_path / "2016" / "a.jpg").write_bytes(b"x")
    (tmp_path / "2016" / "b-300x200.jpg").write_bytes(b"y")
    assert find_upload(tmp_path, "2016/a-300x200.jpg")[0] == "2016/a.jpg"
    assert find_upload(tmp_path, "2016/a-scaled.jpg")[0] == "2016/a.jpg"
    assert find_upload(tmp_path, "2016/b-300x200.jpg")[0] == "2016/b-300x200.jpg"
    assert find_upload(tmp_path, "2016/c.jpg") is None


def test_pages_with_pages_option(project):
    tmp, docs, sources = project
    run_import(docs, sources, BLOG, "--pages")
    about = (docs / "posts" / "about.md").read_text(encoding="utf-8")
    assert "A page of the original blog, not a dated post." in about


def test_topic_map_renames_merges_and_drops(project, tmp_path):
    tmp, docs, sources = project
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "Kubernetes: containers\nOpen Source: {slug: foss, title: FOSS, "
        "description: Free software.}\ncloud: null\n",
        encoding="utf-8",
    )
    run_import(docs, sources, BLOG, "--topic-map", mapping)
    topics = yaml.safe_load((docs / "topics.yaml").read_text(encoding="utf-8"))
    assert topics["containers"]["title"] == "Kubernetes"
    assert topics["foss"] == {"title": "FOSS", "description": "Free software."}
    assert "k8s" not in topics and "open-source" not in topics
    classic = (docs / "posts" / "classic-post.md").read_text(encoding="utf-8")
    assert "topics: [containers]" in classic  # cloud dropped by the map


def test_bad_topic_map(project, tmp_path):
    tmp, docs, sources = project
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Cloud: Not A Slug\n", encoding="utf-8")
    result = run_import(docs, sources, BLOG, "--topic-map", mapping, check=False)
    assert (
        result.returncode == 1 and "'Not A Slug' (for 'Cloud') is not a topic slug" in result.stderr
    )


def test_topics_uncategorized_dropped_and_descriptions():
    index = Index(
        terms={
            ("category", "cloud"): Term(
                "category", "cloud", "Cloud", "About <b>clouds</b> &amp; sky."
            )
        }
    )
    topics = Topics({}, Mapping(), index)
    assert topics.of(
        [
            ("category", "uncategorized", "Uncategorized"),
            ("category", "cloud", "Cloud"),
            ("post_tag", "cloud", "cloud"),
            ("post_format", "post-format-aside", "Aside"),
        ]
    ) == ["cloud"]
    assert topics.added["cloud"] == {"title": "Cloud", "description": "About clouds & sky."}


def test_read_mapping_errors(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("a: [1\n", encoding="utf-8")
    with pytest.raises(Exception, match="not valid YAML"):
        read_mapping(path)


# -- feeds --------------------------------------------------------------------------------
def test_feeds(project):
    tmp, docs, sources = project
    run_import(docs, sources, *FEEDS)
    first = (docs / "posts" / "first-and-foremost.md").read_text(encoding="utf-8")
    assert 'title: "First & foremost"' in first and 'author: "Sam Writer"' in first
    assert "date: 2019-03-04" in first and 'date_utc: "2019-03-05T04:30:00Z"' in first
    assert "The full text of the first post" in first and "A short summary" not in first
    summary = (docs / "posts" / "only-a-summary.md").read_text(encoding="utf-8")
    assert "The feed held only an excerpt of this post" in summary
    atom = (docs / "posts" / "atom-entry-one.md").read_text(encoding="utf-8")
    assert "XHTML content with **bold** and café." in atom and 'author: "Ana Autora"' in atom
    second = (docs / "posts" / "second-post.md").read_text(encoding="utf-8")
    assert "sam@example.org" not in second and 'author: "Sam Writer"' in second


def test_every_wxr_namespace(project):
    tmp, docs, sources = project
    run_import(docs, sources, DATA / "old.wxr.xml")  # http://wordpress.org/export/1.0/
    old = (docs / "posts" / "an-old-post.md").read_text(encoding="utf-8")
    assert "date: 2008-02-03" in old and "date_utc" not in old and "topics: []" in old
    assert "Old classic text.\n\nWith two paragraphs." in old
    https = DATA / "drafts.wxr.xml"  # https://wordpress.org/export/1.1/
    result = run_import(docs, sources, https, check=False)
    assert "draft: 2" in result.stderr


def test_no_entity_expansion_no_file_read(project):
    tmp, docs, sources = project
    run_import(docs, sources, DATA / "entities.xml")
    text = (docs / "posts" / "e.md").read_text(encoding="utf-8")
    assert "lollol" not in text
    hostname = (
        open("/etc/hostname", encoding="utf-8").read().strip()
        if __import__("os").path.exists("/etc/hostname")
        else "\x00"
    )
    assert hostname not in text.split("---", 2)[2]


# -- the pieces ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, slug",
    [
        ("%e6%97%a5%e6%9c%ac%e8%aa%9e", "ribenyu"),
        ("stra%c3%9fe-na%c3%afve", "strasse-naive"),
        ("--Hello__World--", "hello-world"),
        ("index", "index-post"),
    ],
)
def test_slugs(name, slug):
    assert slugs.base_slug(name, "", "1") == slug


def test_slug_fallbacks_and_collisions():
    assert slugs.base_slug("", "“Quoted” title & more", "5") == "quoted-title-and-more"
    assert slugs.base_slug("", "", "117") == "post-117"
    assert slugs.assign([("a", "x"), ("b", "x"), ("c", "x")], {"x-2"}) == {
        "a": "x",
        "b": "x-3",
        "c": "x-4",
    }


def test_shortcodes():
    found = shortcodes.Found()
    out = shortcodes.expand(
        '[caption id="a" align="alignleft" width="3"]<img src="p.png" alt="P"> The <b>cap</b>[/caption]'
        '[gallery ids="9"][embed]https://vimeo.com/1[/embed][youtube=https://youtu.be/x]'
        '[code language="ruby"]puts "<b>"[/code][python]x = [1][/python][[gallery]][foo a=1]',
        found,
        attachments={
            "9": type(
                "A", (), {"url": "https://b/g.png", "alt": "G", "title": "", "caption": "Gcap"}
            )()
        },
    )
    assert '<figure data-align="left"><img src="p.png" alt="P"><figcaption>The <b>cap</b>' in out
    assert (
        '<figure><img src="https://b/g.png" alt="G"><figcaption>Gcap</figcaption></figure>' in out
    )
    assert 'data-url="https://vimeo.com/1" data-provider="Vimeo"' in out
    assert 'data-url="https://youtu.be/x" data-provider="YouTube"' in out
    assert '<pre data-lang="ruby">puts "&lt;b&gt;"</pre>' in out
    assert '<pre data-lang="python">x = [1]</pre>' in out
    assert "[gallery]" in out and "[foo a=1]" in out
    assert found.unknown == {"foo": 1}


def test_auto_embeds_only_for_known_providers():
    found = shortcodes.Found()
    out = shortcodes.auto_embeds(
        "Intro\nhttps://www.youtube.com/watch?v=1\nhttps://example.com/x\n", found
    )
    assert "archive-embed" in out and "https://example.com/x" in out
    assert found.embeds == [("YouTube", "https://www.youtube.com/watch?v=1")]


def test_wpautop():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"
    assert wpautop("A\n<ul>\n<li>x</li>\n</ul>\nB").count("<p>") == 2


def test_gutenberg_attributes():
    dynamic: list[str] = []
    out = gutenberg_convert(
        '<!-- wp:code {"language":"go"} --><pre class="wp-block-code"><code>'
        "x</code></pre><!-- /wp:code --><!-- wp:archives /-->",
        shortcodes.Found(),
        {},
        dynamic,
    )
    assert out == '<pre data-lang="go" class="wp-block-code"><code>x</code></pre>'
    assert dynamic == ["archives"]


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("% a comment?", "\\% a comment?"),
        ("1. a list?", "1\\. a list?"),
        ("- a list?", "\\- a list?"),
        ("# heading?", "\\# heading?"),
        ("(x)= target?", "\\(x)= target?"),
        ("::: fence?", "\\::: fence?"),
        (
            "$x$ {r}`x` a<b [l] *e* _e_ |p| &amp; ~~s~~ \\",
            "\\$x\\$ \\{r}\\`x\\` a\\<b \\[l\\] \\*e\\* \\_e\\_ \\|p\\| \\&amp; \\~\\~s\\~\\~ \\\\",
        ),
        ("“curly” — dashes… naïve", "“curly” — dashes… naïve"),
    ],
)
def test_myst_escapes(text, escaped):
    assert escape_text(text) == escaped


def test_markdown_constructs():
    assert md("<p>a<br>b</p>") == "a  \nb\n"
    assert md("<p><b>“x”</b>y</p>") == "<strong>“x”</strong>y\n"
    assert md("<p>a\u00a0<b>\u00a0b</b></p>") == "a\u00a0\u00a0**b**\n"
    assert (
        md('<pre class="language-python">if x:\n    y()</pre>')
        == "```python\nif x:\n    y()\n```\n"
    )
    # a language Pygments cannot lex the code in (Sphinx would warn): plain text
    assert md('<pre class="language-json">{"a": @}</pre>') == '```\n{"a": @}\n```\n'
    assert md('<pre class="lang-nosuchlang">x</pre>') == "```\nx\n```\n"
    assert md("<pre>```\ncode</pre>") == "````\n```\ncode\n````\n"
    assert (
        md("<table><tr><td>a</td></tr><tr><td>b</td><td>c|d</td></tr></table>")
        == "|  |  |\n|---|---|\n| a |  |\n| b | c\\|d |\n"
    )
    assert md("<h1>A</h1><p>x</p><h4>B</h4><p>y</p>") == "## A\n\nx\n\n### B\n\ny\n"
    assert md("<ul><li><h2>In a list</h2></li></ul>") == "- **In a list**\n"
    assert md("<hr><p>a</p><hr><hr><p>b</p><hr>") == "a\n\n---\n\nb\n"
    assert md("<p>E=mc<sup>2</sup></p>") == "E=mc{sup}`2`\n"
    assert (
        md(
            '<p><a href="/x/">rel</a> <a href="javascript:x()">js</a></p>',
            permalink="https://b.example.org/p/",
        )
        == "[rel](https://b.example.org/x/) js\n"
    )
    assert (
        md('<p><iframe src="https://www.youtube.com/embed/1"></iframe> text</p>')
        == "text\n\n{archive-embed}`YouTube <https://www.youtube.com/embed/1>`\n"
    )
    assert md('<p><img class="wp-smiley" alt="🙂" src="x.png"> hi</p>') == "🙂 hi\n"


def test_comments_lose_email_and_ip_addresses():
    out = md(
        "<p>Mail a.b@example.com or 192.168.1.20.</p><h2>H</h2>"
        '<p><a href="mailto:a@b.example">me</a></p>',
        for_comment=True,
    )
    assert out == (
        "Mail \\[e-mail address removed\\] or \\[IP address removed\\].\n\n**H**\n\nme\n"
    )


def test_progress_bar():
    stream = io.StringIO()
    progress = Progress(3, enabled=True, stream=stream)
    for _ in range(3):
        progress.advance()
    progress.close()
    assert stream.getvalue().endswith("] 3/3 posts\n")
    quiet = io.StringIO()
    Progress(3, enabled=False, stream=quiet).advance()
    assert quiet.getvalue() == ""


#: of the package, the importer may use its Sphinx-free core (and the version)
SPHINX_FREE_CORE = ("..core", "..version")


def test_the_importer_does_not_import_sphinx():
    """The importer writes files; the build (Sphinx) checks them. It imports
    neither Sphinx nor docutils, nor the extension's Sphinx modules."""
    import ast

    package = REPO / "postarchive" / "importer"
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            else:
                continue
            for name in names:
                assert not name.split(".")[0] in ("sphinx", "docutils", "myst_parser"), (
                    f"{path.name} imports {name}"
                )
                # of the package, only its Sphinx-free core (loaded without Sphinx:
                # tests/test_architecture.py checks sys.modules at run time)
                assert not name.startswith("..") or name.startswith(SPHINX_FREE_CORE), (
                    f"{path.name} imports {name}"
                )
