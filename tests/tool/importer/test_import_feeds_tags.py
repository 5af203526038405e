"""Real blogs import and build (#22): numeric and YAML-ambiguous tags, old
WordPress.com exports that use prefixes they never declare, a feed's own
author, authors with a job title or an e-mail address, and link posts.

Each case is a small export or feed written here; what is checked is what a
user notices: topics.yaml, the posts' front matter, the summary, a second
import, and the build (``-nW``: a warning fails it)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support.archivebuild import REPO, sphinx_build
from support.importsetup import make_project, run_import, snapshot

from postarchive.core.topiclist import parse_topics as read_topic_list
from postarchive.core.topiclist import scan_topics, yaml_slug
from postarchive.importer.feeds import name_only

AMBIGUOUS = ["2008", "30", "yes", "no", "on", "null", "2016-06-07", "0755"]

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Tag Blog</title><link>https://tags.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>tagger</wp:author_login><wp:author_display_name>Tess Tagger</wp:author_display_name></wp:author>
"""


def _item(post_id: int, name: str, text: str, tags: list[str]) -> str:
    cats = "".join(
        f'<category domain="post_tag" nicename="{t.lower()}"><![CDATA[{t}]]></category>'
        for t in tags
    )
    return (
        f"<item><title>{name.title()}</title>"
        f"<link>https://tags.example.org/2016/06/07/{name}/</link><dc:creator>tagger</dc:creator>"
        f"<content:encoded><![CDATA[{text}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_date>2016-06-07 10:00:00</wp:post_date><wp:post_name>{name}</wp:post_name>"
        f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{cats}</item>\n"
    )


TAGS_WXR = (
    WXR_HEAD
    + _item(1, "numbers", "Tagged with numbers.", ["2008", "30", "0755"])
    + _item(
        2,
        "words",
        "Tagged with words YAML reads otherwise.",
        ["yes", "no", "on", "null", "2016-06-07"],
    )
    + _item(3, "languages", "Tagged C and C++.", ["C", "C++"])
    + _item(
        4,
        "gallery",
        'A gallery of images the export does not hold: [gallery ids="77,78"]',
        ["2008"],
    )
    + "</channel></rss>\n"
)

# an old WordPress.com export: atom:, wp:, dc:, excerpt: used, never declared
UNDECLARED_WXR = """<?xml version="1.0" encoding="UTF-8"?>
<!-- generator="WordPress.com" created="2009-01-02 10:00"-->
<rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
	<title>Old Dot Com</title>
	<link>http://olddotcom.wordpress.com</link>
	<atom:link rel="search" type="application/opensearchdescription+xml" href="http://olddotcom.wordpress.com/osd.xml" title="Old Dot Com" />
	<wp:wxr_version>1.0</wp:wxr_version>
	<item><title>First old post</title><link>http://olddotcom.wordpress.com/2008/05/06/first/</link>
	<dc:creator>olddotcom</dc:creator>
	<content:encoded><![CDATA[Words of the first post.]]></content:encoded>
	<excerpt:encoded><![CDATA[]]></excerpt:encoded>
	<wp:post_id>3</wp:post_id><wp:post_date>2008-05-06 07:08:09</wp:post_date>
	<wp:post_name>first-old</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
	</item>
	<item><title>Second old post</title><link>http://olddotcom.wordpress.com/2008/05/07/second/</link>
	<dc:creator>olddotcom</dc:creator>
	<content:encoded><![CDATA[Words of the second post, <em>with emphasis</em>.]]></content:encoded>
	<wp:post_id>5</wp:post_id><wp:post_date>2008-05-07 07:08:09</wp:post_date>
	<wp:post_name>second-old</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
	</item>
	<item><title>A draft</title><wp:post_id>4</wp:post_id><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
</channel>
</rss>
"""

AUTHOR_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Company Blog</title>
  <atom:link href="https://company.example.net/blog/feed/" rel="self" type="application/rss+xml"/>
  <link>https://company.example.net/blog/</link>
  <managingEditor>editor@company.example.net (Fiona Feed)</managingEditor>
  <item>
    <title>Nobody signs this</title>
    <link>https://company.example.net/blog/nobody-signs/</link>
    <pubDate>Tue, 05 Mar 2019 08:00:00 +0000</pubDate>
    <content:encoded><![CDATA[<p>A post the feed's author wrote.</p>]]></content:encoded>
  </item>
  <item>
    <title>Signed with a title</title>
    <link>https://company.example.net/blog/signed/</link>
    <pubDate>Wed, 06 Mar 2019 08:00:00 +0000</pubDate>
    <author><name>Diane Chaleff</name><title>Product Manager</title><email>diane@company.example.net</email></author>
    <content:encoded><![CDATA[<p>A post by a named author.</p>]]></content:encoded>
  </item>
  <item>
    <title>Signed only by mail</title>
    <link>https://company.example.net/blog/mail-only/</link>
    <pubDate>Thu, 07 Mar 2019 08:00:00 +0000</pubDate>
    <author>someone@company.example.net</author>
    <content:encoded><![CDATA[<p>Signed with an address alone.</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""

AUTHOR_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Linked Atom</title>
  <link rel="alternate" href="https://linkblog.example.org/"/>
  <link rel="self" href="https://linkblog.example.org/index.xml"/>
  <id>tag:linkblog.example.org,2020:feed</id>
  <updated>2020-01-02T10:00:00Z</updated>
  <author><name>Lee Linker</name><uri>https://linkblog.example.org/about</uri><email>lee@linkblog.example.org</email></author>
  <entry>
    <title>A link to a fine article</title>
    <link rel="alternate" type="text/html" href="https://news.example.com/2020/01/fine-article/"/>
    <link rel="shorturl" href="https://lnk.example/abc"/>
    <link rel="related" type="text/html" href="https://linkblog.example.org/linked/2020/01/01/fine-article"/>
    <id>tag:linkblog.example.org,2020:/linked//1</id>
    <published>2020-01-01T09:00:00Z</published>
    <content type="html">&lt;p&gt;Worth reading: an article about fine things.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>A post of my own</title>
    <link rel="alternate" href="https://linkblog.example.org/2020/01/02/own"/>
    <link rel="via" href="https://elsewhere.example.net/where-i-saw-it"/>
    <id>tag:linkblog.example.org,2020:/2</id>
    <published>2020-01-02T09:00:00Z</published>
    <content type="html">&lt;p&gt;My own words, found via another site.&lt;/p&gt;</content>
  </entry>
</feed>
"""

LINK_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel>
  <title>Linking RSS</title>
  <link>https://rsslinks.example.org/</link>
  <item>
    <title>Pointing at a paper</title>
    <link>https://papers.example.com/paper-42.html</link>
    <guid isPermaLink="true">https://rsslinks.example.org/2021/02/paper/</guid>
    <pubDate>Mon, 01 Feb 2021 10:00:00 +0000</pubDate>
    <description>&lt;p&gt;A paper worth a look.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Through feedburner</title>
    <link>https://feedproxy.google.com/~r/rsslinks/~3/abc/</link>
    <guid isPermaLink="false">rsslinks-7</guid>
    <feedburner:origLink>https://rsslinks.example.org/2021/02/own-post/</feedburner:origLink>
    <comments>https://rsslinks.example.org/2021/02/own-post/#comments</comments>
    <pubDate>Tue, 02 Feb 2021 10:00:00 +0000</pubDate>
    <description>&lt;p&gt;Our own post, through a proxy.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Every case imported into one project (twice: the second import must
    add nothing) and built."""
    dest = tmp_path_factory.mktemp("feeds-tags")
    docs, sources = make_project(dest)
    files = {
        name: write(dest, name, text)
        for name, text in [
            ("tags.wxr.xml", TAGS_WXR),
            ("olddotcom.wxr.xml", UNDECLARED_WXR),
            ("company.rss.xml", AUTHOR_RSS),
            ("links.atom.xml", AUTHOR_ATOM),
            ("links.rss.xml", LINK_RSS),
        ]
    }
    reports = {name: run_import(docs, sources, path).stdout for name, path in files.items()}
    before = snapshot(docs, sources)
    again = run_import(docs, sources, files["tags.wxr.xml"]).stdout
    unchanged = snapshot(docs, sources) == before
    build = dest / "build"
    sphinx_build(docs, build, confdir=REPO)  # -nW: any warning fails
    return {
        "docs": docs,
        "build": build,
        "reports": reports,
        "again": again,
        "unchanged": unchanged,
    }


def post(archive, slug: str) -> dict:
    return front(archive["docs"] / "posts" / f"{slug}.md")


# -- numeric and YAML-ambiguous tags ------------------------------------------------------
def test_topics_yaml_has_string_keys_and_the_posts_use_them(archive):
    topics = yaml.safe_load((archive["docs"] / "topics.yaml").read_text(encoding="utf-8"))
    assert all(isinstance(key, str) for key in topics)
    for slug in AMBIGUOUS:
        assert slug in topics, slug
    assert topics["2008"]["title"] == "2008"
    assert post(archive, "numbers")["topics"] == ["2008", "30", "0755"]
    assert post(archive, "words")["topics"] == ["yes", "no", "on", "null", "2016-06-07"]
    assert post(archive, "languages")["topics"] == ["c"]


def test_a_second_import_adds_nothing(archive):
    assert archive["unchanged"]
    assert "0 new, 0 updated, 4 unchanged" in archive["again"]
    assert "Topics added" not in archive["again"]
    text = (archive["docs"] / "topics.yaml").read_text(encoding="utf-8")
    assert text.count('"2008":') == 1 and "\n2008:" not in text


def test_the_topic_pages_are_built(archive):
    html = archive["build"] / "html"
    for slug in AMBIGUOUS:
        assert (html / "topics" / f"{slug}.html").is_file(), slug
    page = (html / "topics" / "2008.html").read_text(encoding="utf-8")
    assert "Numbers" in page and "Gallery" in page


def test_summary_says_what_to_do_with_tags(archive):
    report = archive["reports"]["tags.wxr.xml"]
    assert "written in quotes in" in report and "2008, 30, 0755" in report
    assert "--topic-map" in report
    assert "C++ → c" in report
    assert "became one topic by that rule: c (C, C++)" in report
    assert "Galleries not archived: 1 in posts/gallery.md" in report


def test_an_earlier_bare_numeric_slug_is_quoted_not_added_again(tmp_path):
    docs, sources = make_project(tmp_path)
    topics_file = docs / "topics.yaml"
    topics_file.write_text(
        topics_file.read_text(encoding="utf-8")
        + '2008:\n  title: "2008"\n  description: "Tagged 2008."\n',
        encoding="utf-8",
    )
    export = write(tmp_path, "tags.wxr.xml", TAGS_WXR)
    report = run_import(docs, sources, export).stdout
    text = topics_file.read_text(encoding="utf-8")
    assert text.count("2008") == 3  # the key, the title, the description: once each
    assert '"2008":\n  title: "2008"\n  description: "Tagged 2008."' in text
    assert "Topic slugs put in quotes" in report
    assert read_topic_list(text)[1] == []


def test_the_build_reads_quoted_slugs_and_says_how_to_fix_bare_ones():
    topics, problems = read_topic_list('"2008":\n  title: Year\n  description: That year.\n')
    assert list(topics) == ["2008"] and problems == []
    for bare, what in [
        ("2008", "a number"),
        ("yes", "yes or no"),
        ("null", "nothing"),
        ("2016-06-07", "a date"),
    ]:
        _topics, problems = read_topic_list(f"{bare}:\n  title: T\n  description: D.\n")
        assert problems == [
            (1, f"topic slug {bare} is read by YAML as {what}" + problems[0][1].split(what, 1)[1])
        ]
        assert f'write it in quotes, "{bare}":' in problems[0][1]
    _topics, problems = read_topic_list(
        'a:\n  title: A\n  description: A.\n"a":\n  title: B\n  description: B.\n'
    )
    assert problems == [(4, "topic 'a' is already defined at line 1: keep one entry per topic")]


def test_slugs_are_quoted_when_yaml_would_read_them_otherwise():
    for slug in AMBIGUOUS:
        assert yaml.safe_load(yaml_slug(slug)) == slug
    assert yaml_slug("cloud") == "cloud"
    found = scan_topics("2008:\n  title: x\n  description: y\n")
    assert list(found.topics) == ["2008"] and found.unquoted[0][:2] == ("2008", 1)


# -- an export that uses prefixes it never declares ------------------------------------------
def test_undeclared_prefixes_are_supplied_and_every_post_imported(archive):
    first = (archive["docs"] / "posts" / "first-old.md").read_text(encoding="utf-8")
    second = (archive["docs"] / "posts" / "second-old.md").read_text(encoding="utf-8")
    assert "Words of the first post." in first
    assert "Words of the second post, *with emphasis*." in second
    assert post(archive, "first-old")["url"] == "http://olddotcom.wordpress.com/2008/05/06/first/"
    assert str(post(archive, "first-old")["date"]) == "2008-05-06"
    assert not (archive["docs"] / "posts" / "a-draft.md").exists()  # wp:status was read
    report = archive["reports"]["olddotcom.wxr.xml"]
    assert "Imported 2 posts" in report and "draft: 1" in report
    assert (
        "olddotcom.wxr.xml uses the namespace prefixes atom, dc, excerpt, wp without declaring them"
    ) in report
    assert (archive["build"] / "html" / "posts" / "second-old.html").is_file()


def test_an_unknown_undeclared_prefix_is_one_clear_error(tmp_path):
    docs, sources = make_project(tmp_path)
    broken = write(
        tmp_path,
        "odd.xml",
        UNDECLARED_WXR.replace(
            "<dc:creator>olddotcom</dc:creator>", "<zz:creator>x</zz:creator>", 1
        ),
    )
    result = run_import(docs, sources, broken, check=False)
    assert result.returncode == 1 and "uses the prefix zz: without declaring it" in result.stderr
    assert 'add xmlns:zz="…"' in result.stderr


# -- authors ------------------------------------------------------------------------------------
def test_feed_posts_carry_the_feeds_author_and_no_email(archive):
    assert post(archive, "nobody-signs-this")["author"] == "Fiona Feed"
    assert post(archive, "signed-with-a-title")["author"] == "Diane Chaleff"
    assert post(archive, "signed-only-by-mail")["author"] == "Fiona Feed"
    assert post(archive, "a-post-of-my-own")["author"] == "Lee Linker"
    for path in (archive["docs"] / "posts").glob("*.md"):
        assert "@company.example.net" not in path.read_text(encoding="utf-8")
        assert "lee@" not in path.read_text(encoding="utf-8")
    page = (archive["build"] / "html" / "posts" / "signed-with-a-title.html").read_text("utf-8")
    assert "Diane Chaleff" in page and "Product Manager" not in page


@pytest.mark.parametrize(
    "given, name",
    [
        ("Diane Chaleff", "Diane Chaleff"),
        ("sam@example.org (Sam Writer)", "Sam Writer"),
        ("Sam Writer <sam@example.org>", "Sam Writer"),
        ("sam@example.org", ""),
        ("<p>Diane Chaleff</p><p>Product Manager</p>", "Diane Chaleff"),
        ('<a href="https://x.example/">Diane Chaleff</a>, Product Manager', "Diane Chaleff"),
        ("Diane Chaleff<br>Product Manager", "Diane Chaleff"),
    ],
)
def test_an_authors_name_only(given, name):
    assert name_only(given) == name


# -- link posts ---------------------------------------------------------------------------------
def test_a_link_posts_address_is_its_permalink_on_the_blog(archive):
    atom = post(archive, "a-link-to-a-fine-article")
    assert atom["url"] == "https://linkblog.example.org/linked/2020/01/01/fine-article"
    assert "Link post: points to https://news.example.com/2020/01/fine-article/." in atom["notes"]
    own = post(archive, "a-post-of-my-own")
    assert own["url"] == "https://linkblog.example.org/2020/01/02/own"
    assert "Link post: points to https://elsewhere.example.net/where-i-saw-it." in own["notes"]
    rss = post(archive, "pointing-at-a-paper")
    assert rss["url"] == "https://rsslinks.example.org/2021/02/paper/"
    assert "Link post: points to https://papers.example.com/paper-42.html." in rss["notes"]
    proxied = post(archive, "through-feedburner")
    assert proxied["url"] == "https://rsslinks.example.org/2021/02/own-post/"
    assert not any("Link post" in note for note in proxied["notes"])


def test_no_redirect_page_for_another_sites_path(archive):
    html = archive["build"] / "html"
    assert (html / "linked" / "2020" / "01" / "01" / "fine-article" / "index.html").is_file()
    assert (html / "2021" / "02" / "paper" / "index.html").is_file()
    for path in ("2020/01/fine-article", "paper-42.html", "where-i-saw-it", "~r"):
        assert not (html / path).exists(), path
    maps = (html / "_redirects").read_text("utf-8") + (html / "redirects.nginx.map").read_text()
    assert "fine-article/" not in maps.replace("/linked/2020/01/01/fine-article", "")
    assert "paper-42" not in maps and "where-i-saw-it" not in maps and "feedproxy" not in maps


def test_summary_names_the_link_posts(archive):
    report = archive["reports"]["links.atom.xml"]
    assert "Link posts (2)" in report
    assert (
        "posts/a-link-to-a-fine-article.md → https://news.example.com/2020/01/fine-article/"
        in report
    )


def test_a_topic_map_names_numeric_tags_as_written(tmp_path):
    """The summary's advice works: “2008: year-2008” maps the tag 2008 (YAML
    would read the key as a number, “yes” as true)."""
    docs, sources = make_project(tmp_path)
    mapping = write(
        tmp_path, "map.yaml", "2008: year-2008\nyes: affirmative\n0755: 0755\n30: null\n"
    )
    run_import(docs, sources, write(tmp_path, "tags.wxr.xml", TAGS_WXR), "--topic-map", mapping)
    assert front(docs / "posts" / "numbers.md")["topics"] == ["year-2008", "0755"]
    assert front(docs / "posts" / "words.md")["topics"][0] == "affirmative"
