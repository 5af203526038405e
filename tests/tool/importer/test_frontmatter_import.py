"""The front-matter fields of imported posts (postarchive/frontmatter.py) and
the model's summary fallback; the redirect helpers."""

from __future__ import annotations

import pytest

from postarchive.core.frontmatter import FrontMatterError, parse_post
from postarchive.core.model import listing_summary
from postarchive.html.redirects import page, redirect_file

BASE = """---
title: "A post"
author: A. Author
date: 2016-06-07
url: https://blog.example.org/a/
topics: []
{extra}---

Text.
"""
SHA = "a" * 64


def parse(extra: str):
    return parse_post(BASE.format(extra=extra), "posts/a")


def test_imported_fields():
    post = parse(
        f'date_utc: "2016-06-07T14:05:00Z"\nexcerpt: "The author’s excerpt."\n'
        f'original_id: 101\nimport_file: "export.xml"\nimport_sha256: "{SHA}"\n'
    )
    assert post.summary == "" and post.excerpt == "The author’s excerpt."
    assert post.date_utc == "2016-06-07T14:05:00Z" and post.original_id == "101"
    assert post.import_file == "export.xml" and post.import_sha256 == SHA
    assert listing_summary(post) == ("The author’s excerpt.", "author")
    assert listing_summary(post.replace(summary="Ours.")) == ("Ours.", "editors")
    assert listing_summary(post.replace(excerpt="")) == ("", "")
    assert (
        parse('original_id: "tag:feed.example.org,2020:1"\n').original_id
        == "tag:feed.example.org,2020:1"
    )
    assert parse("original_id: 7\nempty: true\n").empty


@pytest.mark.parametrize(
    "extra, message, line",
    [
        (
            'date_utc: "2016-06-07 14:05"\n',
            "date_utc must be a moment in UTC written YYYY-MM-DDTHH:MM:SSZ",
            7,
        ),
        ('date_utc: "2016-02-30T00:00:00Z"\n', "date_utc must be a moment in UTC", 7),
        ("original_id: true\n", "original_id must be the post's ID on the original blog", 7),
        ('original_id: 1\nimport_sha256: "abc"\n', "import_sha256 must be the export's SHA-256", 8),
        ('import_file: "x.xml"\n', "import_file is only for imported posts", 7),
        ("empty: true\n", "empty is only for imported posts", 7),
        ("original_id: 1\nempty: yes please\n", "empty may only be true", 8),
        ("excerpt: 3\n", "excerpt must be text", 7),
    ],
)
def test_imported_field_errors(extra, message, line):
    with pytest.raises(FrontMatterError) as err:
        parse(extra)
    assert err.value.message.startswith(message) and err.value.line == line


def test_date_utc_needs_a_known_date():
    text = BASE.format(extra='date_utc: "2016-06-07T14:05:00Z"\ndate_note: "x"\n').replace(
        "date: 2016-06-07", "date: unknown"
    )
    with pytest.raises(FrontMatterError, match="date_utc is only for posts whose date is known"):
        parse_post(text)


@pytest.mark.parametrize(
    "url, file",
    [
        ("https://b.example.org/2016/06/07/slug/", "2016/06/07/slug/index.html"),
        ("https://b.example.org/2016/06/07/slug", "2016/06/07/slug/index.html"),
        ("https://b.example.org/old/page.html", "old/page.html"),
        ("https://b.example.org/%E6%97%A5/", "日/index.html"),
        ("https://b.example.org/?p=12", None),
        ("https://b.example.org/", None),
        ("https://b.example.org/a/../../etc/", None),
        ("https://b.example.org/index.php/2016/x/", "index.php/2016/x/index.html"),
    ],
)
def test_redirect_files(url, file):
    assert redirect_file(url) == file


def test_redirect_page_has_no_script():
    html = page('A "title" <b>', "../../posts/a.html")
    assert "<script" not in html and 'content="0; url=../../posts/a.html"' in html
    assert "A &quot;title&quot; &lt;b&gt;" in html and "default-src 'none'" in html
