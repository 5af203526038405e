"""Topics at a blog's scale (#23): the landing page shows the main topics and
a link to all; the topics index of many topics is compact (alphabetical,
counts, letter headings, no posts); the PDF's Topics chapter gives the pages
of each topic's posts, not the posts again; the importer can keep categories
only, or tags with at least N posts, and says which tags it left out.

The test root ``test-topics-scale`` has 60 topics: mango 7 posts, kiwi and
lemon 6 each, apple 5, zucchini 4, fig 3, the other 54 one post each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from support.archivebuild import book_tex, sphinx_build
from support.importsetup import make_project, run_import
from support.paths import ROOTS

from tool.extension.test_topics import main_of, text_of

ROOT = ROOTS / "test-topics-scale"
TOPICS = yaml.safe_load((ROOT / "topics.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    build = tmp_path_factory.mktemp("topics-scale")
    sphinx_build(ROOT, build)  # -nW: a warning fails
    return build / "html"


@pytest.fixture(scope="module")
def latex(tmp_path_factory):
    build = tmp_path_factory.mktemp("topics-scale-latex")
    sphinx_build(ROOT, build, builder="latex")
    tex = book_tex(build / "latex").read_text(encoding="utf-8")
    return tex[tex.index(r"\chapter{Topics}") :]


def _items(html_text: str, css_class: str) -> list[str]:
    block = re.search(rf'<ul class="[^"]*{css_class}[^"]*">(.*?)</ul>', html_text, re.S)
    assert block, f"no list {css_class}"
    return [text_of(li) for li in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


def test_the_landing_page_shows_the_main_topics_and_a_link_to_all(html):
    page = main_of((html / "index.html").read_text(encoding="utf-8"))
    # the 5 with the most posts, most first; Kiwi and Lemon tie: by title
    assert _items(page, "archive-topic-counts") == [
        "Mango (7)",
        "Kiwi (6)",
        "Lemon (6)",
        "Apple (5)",
        "Zucchini (4)",
    ]
    link = re.search(r'<p class="archive-topic-all">(.*?)</p>', page, re.S)
    assert link and 'href="topics/index.html"' in link.group(1)
    assert text_of(link.group(1)) == "All 60 topics"


def test_the_topics_index_is_alphabetical_with_counts_and_letters(html):
    page = main_of((html / "topics/index.html").read_text(encoding="utf-8"))
    index = re.search(r'<div class="[^"]*archive-topic-index[^"]*">(.*)', page, re.S).group(1)
    letters = [
        text_of(m)
        for m in re.findall(
            r'<p class="[^"]*archive-topic-letter[^"]*" id="topics-[a-z]+">(.*?)</p>', index
        )
    ]
    assert letters == ["#", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    # the line of letters links to the headings
    assert 'href="#topics-a"' in page and 'href="#topics-other"' in page
    entries = [text_of(li) for li in re.findall(r"<li>(.*?)</li>", index, re.S)]
    assert len(entries) == 60
    titles = [re.sub(r" \(\d+\)$", "", e) for e in entries]
    assert titles[:3] == ["2008 harvest", "Acerola", "Apple"]
    # accents aside: Émile among the E's, after Elderberry
    assert (
        titles.index("Eggplant")
        < titles.index("Elderberry")
        < titles.index("Émile")
        < titles.index("Feijoa")
    )
    assert sorted(titles[1:], key=str.casefold) != titles[1:]  # not by code point (É)
    assert "Mango (7)" in entries and "Fig (3)" in entries and "Yuzu (1)" in entries
    # counts only: no post entries, no descriptions
    assert "Post number" not in page and "archive-post-entry" not in page
    assert "Posts about mango" not in page
    # each topic's page still lists its posts
    mango = text_of(main_of((html / "topics/mango.html").read_text(encoding="utf-8")))
    assert all(f"Post number {i}" in mango for i in range(1, 8))


def test_the_pdf_topics_chapter_has_page_references_not_posts(latex):
    end = re.search(r"\\(chapter|part|printindex|end\{document\})", latex[10:])
    chapter = latex[: 10 + end.start()] if end else latex
    # no topic pages (sections) and no post entries in the chapter
    assert r"\section{" not in chapter and "Post number" not in chapter
    assert "Post 1 of the scale test" not in chapter
    # each topic: a target for the posts' links to it, its title, count and pages
    for slug in TOPICS:
        assert chapter.count(rf"\label{{\detokenize{{topics/{slug}::doc}}}}") == 1
    mango = re.search(r"\\sphinxstylestrong\{Mango\}(.*?)\n\n", chapter, re.S).group(1)
    assert "7 posts: pp." in mango
    # (each a post's page in its year's volume: the book is assembled from them)
    refs = re.findall(r"\\archivevolumepage\{[^{}]*\}\{(posts/post-\d+)::doc\}", mango)
    assert sorted(refs) == [f"posts/post-{i:02d}" for i in range(1, 8)]
    yuzu = re.search(r"\\sphinxstylestrong\{Yuzu\}(.*?)\n\n", chapter, re.S).group(1)
    assert "1 post: p." in yuzu
    # alphabetical under letter headings
    assert chapter.index("{Acerola}") < chapter.index("{Apple}") < chapter.index("{Zucchini}")


# -- the importer: which tags become topics ------------------------------------------
WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Tag Blog</title><link>https://tags.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>tagger</wp:author_login><wp:author_display_name>Tess Tagger</wp:author_display_name></wp:author>
"""


def _item(post_id: int, category: str, tags: list[str], status: str = "publish") -> str:
    terms = f'<category domain="category" nicename="{category.lower()}"><![CDATA[{category}]]></category>'
    terms += "".join(
        f'<category domain="post_tag" nicename="{t.lower()}"><![CDATA[{t}]]></category>'
        for t in tags
    )
    name = f"post-{post_id}"
    return (
        f"<item><title>Post {post_id}</title>"
        f"<link>https://tags.example.org/{name}/</link><dc:creator>tagger</dc:creator>"
        f"<content:encoded><![CDATA[Words of post {post_id}.]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_date>2016-06-0{post_id} 10:00:00</wp:post_date><wp:post_name>{name}</wp:post_name>"
        f"<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>{terms}</item>\n"
    )


# Kubernetes: 3 published posts; Docker 2; Rare, Once, Cloud (the category's
# topic too) 1 each; Draft-only is used by a draft only (not imported)
BLOG = (
    WXR_HEAD
    + _item(1, "Cloud", ["Kubernetes", "Docker", "Rare"])
    + _item(2, "Cloud", ["Kubernetes", "Docker", "Once"])
    + _item(3, "Business", ["Kubernetes", "Cloud"])
    + _item(4, "Business", ["Kubernetes", "Draft-only"], status="draft")
    + "</channel></rss>\n"
)


def _import(tmp_path: Path, *options: str) -> tuple[dict, dict, str]:
    docs, sources = make_project(tmp_path)
    export = tmp_path / "blog.wxr.xml"
    export.write_text(BLOG, encoding="utf-8")
    report = run_import(docs, sources, *options, export).stdout
    topics = yaml.safe_load((docs / "topics.yaml").read_text(encoding="utf-8"))
    posts = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8").split("---\n")[1])["topics"]
        for p in (docs / "posts").glob("post-*.md")
    }
    return topics, posts, report


def test_min_tag_posts_keeps_categories_and_frequent_tags(tmp_path):
    topics, posts, report = _import(tmp_path, "--min-tag-posts", "2")
    assert {"cloud", "business", "kubernetes", "docker"} <= set(topics)
    assert not {"rare", "once", "draft-only"} & set(topics)
    assert posts["post-1"] == ["cloud", "kubernetes", "docker"]
    # the tag Cloud adds no topic (the category's is there): it is kept
    assert posts["post-3"] == ["business", "kubernetes", "cloud"]
    assert (
        "2 tags with fewer than 2 posts were not made topics: Once, Rare; their posts keep "
        "their other topics" in report
    )


def test_min_tag_posts_counts_published_posts_only(tmp_path):
    topics, _posts, report = _import(tmp_path, "--min-tag-posts", "4")
    assert "kubernetes" not in topics  # 3 published posts (the draft does not count)
    assert (
        "4 tags with fewer than 4 posts were not made topics: Docker, Kubernetes, Once, "
        "Rare;" in report
    )


def test_categories_only(tmp_path):
    topics, posts, report = _import(tmp_path, "--categories-only")
    assert not {"kubernetes", "docker", "rare", "once"} & set(topics)
    assert posts == {"post-1": ["cloud"], "post-2": ["cloud"], "post-3": ["business", "cloud"]}
    assert (
        "4 tags were not made topics (--categories-only): Docker, Kubernetes, Once, Rare;" in report
    )


def test_a_tag_the_topic_map_names_is_kept(tmp_path):
    (tmp_path / "map.yaml").write_text("Rare: rare-things\n", encoding="utf-8")
    topics, posts, report = _import(
        tmp_path, "--min-tag-posts", "2", "--topic-map", tmp_path / "map.yaml"
    )
    assert "rare-things" in topics and "rare-things" in posts["post-1"]
    assert "1 tag with fewer than 2 posts was not made a topic: Once; its posts" in report


def test_the_options_are_documented_and_checked():
    result = run_import(Path("docs"), Path("sources"), "--help")
    assert "--categories-only" in result.stdout and "--min-tag-posts N" in result.stdout
    bad = run_import(Path("docs"), Path("sources"), "--min-tag-posts", "0", "x.xml", check=False)
    assert bad.returncode == 2 and "1 or more" in bad.stderr
