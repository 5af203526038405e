"""The Sphinx-free core that the extension and the importer share: one slug
rule, one front-matter codec (the writer's files read back by the reader to
the same post), one codec of the topic list (what the importer appends reads
back; the editors' text and comments stay byte for byte)."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from postarchive.core.frontmatter import FIELDS, WRITTEN, parse_post, write_front_matter
from postarchive.core.model import Post
from postarchive.core.slugs import slugify
from postarchive.core.topiclist import append_topics, parse_topics, scan_topics
from postarchive.importer.records import Index
from postarchive.importer.slugs import base_slug
from postarchive.importer.topicmap import Mapping, Topics
from postarchive.scaffold import Options, archive_names

settings.register_profile("default", max_examples=60, deadline=None, database=None)
settings.register_profile("long", max_examples=2000, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# -- one slug rule ---------------------------------------------------------------------------
SLUGS = {
    "café": "cafe",
    "Straße": "strasse",
    "日本語": "ribenyu",
    "Café Straße": "cafe-strasse",
    "Q&A: 2008!": "q-and-a-2008",
    "🙂": "slight-smile",  # (anyascii names emoji)
    "— … «»": "",
    "!!! ???": "",
    "": "",
}


def test_every_place_that_makes_a_slug_makes_the_same_one():
    """A post's file name (importer), a category's topic (importer), the PDF's
    name (``postarchive new``) and the topic list's suggestion (the build) all
    follow core/slugs.py; text with no letter or digit gets each place's own
    fallback. (The build's file-name suggestion: tests/test_validate.py.)"""
    for text, slug in SLUGS.items():
        assert slugify(text) == slug, text
        assert base_slug(text, "", "") == (slug or "post"), text
        topic = Topics({}, Mapping(), Index()).topic("category", "", text)
        assert topic == slug if slug else topic.startswith("topic-"), text
        names = archive_names(None, Options(title=text or None), "fallback")
        assert names["pdf_name"] == (slug or ("fallback" if not text else "archive")) + ".pdf"
        if text and slug != text:
            _topics, problems = parse_topics(f'"{text}":\n  title: T\n  description: D.\n')
            suggestion = f" (e.g. {slug})" if slug else ""
            assert problems == [
                (1, f"topic slug {text!r} must be lower-case letters, digits and -{suggestion}")
            ], text


def test_a_topic_slug_is_a_slug_by_the_one_rule():
    """The topic list took any lower-case letters before (``café``, ``日本語``),
    which the importer and the file-name check never made or took."""
    topics, problems = parse_topics(
        "cafe:\n  title: Café\n  description: D.\n"
        "café:\n  title: Café\n  description: D.\n"
        '"2008":\n  title: "2008"\n  description: D.\n'
    )
    assert list(topics) == ["cafe", "2008"]
    assert problems == [
        (4, "topic slug 'café' must be lower-case letters, digits and - (e.g. cafe)")
    ]


# -- one front-matter codec ------------------------------------------------------------------
AMBIGUOUS = ["2008", "yes", "no", "null", "~", "1e3", "0755", "2016-06-07", "true", "-", "a,b"]
HOSTILE = [*AMBIGUOUS, '"', "'", ": ", "#", "# x", "---", "...", "\n", "\u2028", "é", "日本", "🙂"]
HOSTILE += ["[", "{", "}", "|", ">", "&a", "*a", "!tag", "%", "@", "`", "\\", " ", "\u00a0", "x"]


def _accepted(text: str) -> bool:
    """Whether the schema takes *text* as a text field (it keeps line breaks
    and refuses every other control character)."""
    return bool(text) and not any(
        unicodedata.category(c) in ("Cc", "Cs") and c != "\n" for c in text
    )


texts = (
    st.one_of(
        st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=8).map("".join),
        st.text(min_size=1, max_size=30),
    )
    .map(str.strip)
    .filter(_accepted)
)
days = st.dates(min_value=dt.date(1990, 1, 1)).map(lambda d: d.isoformat())
URLS = ["https://blog.example.org/2016/06/07/a-post/", "http://x.example/?p=1#c:2", "unknown"]


@st.composite
def posts(draw) -> Post:
    date = draw(st.one_of(st.none(), days))
    original_id = draw(st.one_of(st.none(), st.sampled_from(["1", "0012", "-5", "2008"]), texts))
    imported = original_id is not None
    url = draw(st.sampled_from(URLS))
    return Post(
        docname="",
        title=draw(texts),
        author=draw(texts),
        summary=draw(st.one_of(st.just(""), texts)),
        date=date,
        date_after=None if date else draw(st.one_of(st.none(), days)),
        date_note=draw(texts) if date is None else draw(st.one_of(st.just(""), texts)),
        url=None if url == "unknown" else url,
        topics=tuple(draw(st.lists(st.one_of(st.sampled_from(AMBIGUOUS), texts), unique=True))),
        notes=tuple(draw(st.lists(texts, max_size=3))),
        source_lines=draw(st.one_of(st.none(), st.tuples(st.just(3), st.integers(3, 99)))),
        status=draw(st.sampled_from(["published", "draft"] + (["scheduled"] if date else []))),
        excerpt=draw(st.one_of(st.just(""), texts)),
        date_utc=f"{date}T12:00:00Z" if date and draw(st.booleans()) else None,
        original_id=original_id,
        import_file=draw(texts) if imported else "",
        import_sha256="ab" * 32 if imported else "",
        empty=imported and draw(st.booleans()),
        autolink=draw(st.booleans()),
    )


def test_the_writer_writes_every_field_of_the_schema():
    assert sorted(WRITTEN) == sorted(FIELDS)


@given(posts())
def test_the_reader_reads_back_what_the_writer_writes(post):
    text = write_front_matter(post) + "\nThe author's text.\n"
    assert parse_post(text).replace(title_line=1, topics_line=1, url_line=1) == post


def test_the_writer_quotes_what_yaml_would_read_otherwise():
    post = Post(
        docname="",
        title="2008",
        author="yes",
        summary="",
        date=None,
        date_note="null",
        topics=("2008", "yes", "cloud"),
        original_id="0012",
        notes=("--- # not a comment",),
    )
    assert write_front_matter(post) == (
        '---\ntitle: "2008"\nauthor: "yes"\ndate: unknown\ndate_note: "null"\nurl: unknown\n'
        'topics: ["2008", "yes", cloud]\noriginal_id: "0012"\nnotes:\n'
        '  - "--- # not a comment"\n---\n'
    )


# -- one codec of the topic list -------------------------------------------------------------
SLUGS_YAML_MISREADS = ["2008", "yes", "no", "null", "1e3", "0755", "true", "on"]
SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
EDITED = (
    "# The archive's topics (our comment, kept).\n"
    "cloud:   # spaced as the editors like\n"
    "  title: Cloud\n"
    "  description: >-\n"
    "    Posts about clouds.\n"
    "2008:\n"
    "  title: The year 2008\n"
    "  description: Posts tagged 2008.\n"
    "# the end"
)


def test_appending_keeps_the_editors_text_and_quotes_ambiguous_slugs():
    added = {"yes": {"title": "Yes: “a tag”", "description": 'Line one\nand "two".'}}
    text = append_topics(EDITED, added)
    assert text.startswith(EDITED.replace("\n2008:\n", '\n"2008":\n') + "\n")
    topics, problems = parse_topics(text)
    assert problems == []
    assert topics == {
        "cloud": {"title": "Cloud", "description": "Posts about clouds."},
        "2008": {"title": "The year 2008", "description": "Posts tagged 2008."},
        "yes": {"title": "Yes: “a tag”", "description": 'Line one\nand "two".'},
    }
    assert list(scan_topics(text).topics) == ["cloud", "2008", "yes"]


@given(
    st.dictionaries(
        st.one_of(st.sampled_from(SLUGS_YAML_MISREADS), st.from_regex(SLUG, fullmatch=True)),
        st.fixed_dictionaries({"title": texts, "description": texts}),
        max_size=4,
    )
)
def test_what_the_importer_appends_reads_back(added):
    """New topics (slugs YAML would misread, hostile titles and descriptions)
    appended to a list read back as they were given; the list's own topics
    stay as they were."""
    added = {slug: topic for slug, topic in added.items() if slug not in ("cloud", "2008")}
    text = append_topics(EDITED, added)
    topics, problems = parse_topics(text)
    assert problems == []
    assert list(topics)[:2] == ["cloud", "2008"]
    assert {k: v for k, v in topics.items() if k not in ("cloud", "2008")} == added
