"""Bad input gets one clear error, with file and line, and fails the build.

Each case writes one broken post next to a good one (a copy of
``tests/roots/test-badpost``) and builds it the way ``make html`` does
(``sphinx-build -nW --keep-going``, run in-process by ``build_main``). Every
case asserts the complete list of errors and warnings — so each message is
checked word for word, with its file and line, and appears exactly once, with
no follow-on noise — and a non-zero exit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.archivebuild import build_in_process
from support.paths import ROOTS

ROOT = ROOTS / "test-badpost"

GOOD = (ROOT / "posts" / "good-post.md").read_text(encoding="utf-8")
BAD = GOOD.replace('title: "A good post"', 'title: "A bad post"')
ALLOWED = (
    "title, author, date, url, topics, summary, date_after, date_note, source_lines, notes, "
    "status, excerpt, date_utc, original_id, import_file, import_sha256, empty, autolink"
)
RAW_ALLOWED = (
    "allowed are text formatting, links, images, tables, lists, figures and "
    "<details> (see “Raw HTML” in README.md) [archive.html]"
)


def build(tmp_path: Path, files: dict[str, str | bytes], capsys) -> tuple[int, list]:
    """Build the test root plus *files*; return the exit status and the
    messages as (file relative to the source dir, line, level, text)."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    for name, content in files.items():
        path = src / name
        if content is None:
            path.unlink()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    status, messages, _err = build_in_process(src, tmp_path, capsys)
    return status, messages


def fm(msg: str) -> str:
    return msg + " [archive.frontmatter]"


def without(text: str, *starts: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(starts))


CASES = {
    # name: (the bad post's text, [(line, message), ...])
    "missing-title": (
        without(BAD, "title:"),
        [
            (
                7,
                fm(
                    "missing required field 'title': add a line “title: …” before line 7 "
                    "with the post title, exactly as the author wrote it"
                ),
            )
        ],
    ),
    "missing-date": (
        without(BAD, "date:"),
        [
            (
                7,
                fm(
                    "missing required field 'date': add a line “date: …” before line 7 "
                    "with YYYY-MM-DD, or the word unknown (then give date_note)"
                ),
            )
        ],
    ),
    "missing-author-summary-optional": (
        without(BAD, "author:", "summary:"),
        [
            (
                6,
                fm(
                    "missing required field 'author': add a line “author: …” before line 6 "
                    "with the author's name"
                ),
            )
        ],
    ),
    "no-front-matter": (
        BAD.split("---\n", 2)[2],
        [
            (
                1,
                fm(
                    "a post must start with front matter: a line ---, the fields (title, author, "
                    "date, url, topics) as “key: value” lines, and a closing line ---"
                ),
            )
        ],
    ),
    "yaml-syntax": (
        BAD.replace(
            'summary: "One sentence by the editors."', "summary: Lesson one: hold something back"
        ),
        [
            (
                7,
                fm(
                    "front matter is not valid YAML (mapping values are not allowed here): "
                    "fix the YAML syntax (put text that contains a colon followed by a space, "
                    'or a " #", or that starts with a quote, [ or {, in double quotes)'
                ),
            )
        ],
    ),
    "duplicate-field": (
        BAD.replace("summary:", "date: 2016-06-08\nsummary:"),
        [(7, fm("field 'date' appears twice (lines 4 and 7): keep only one of them"))],
    ),
    "unknown-field": (
        BAD.replace("summary:", "tags: [foss]\nsummary:"),
        [(7, fm("unknown field 'tags': remove it or correct its name; the fields are " + ALLOWED))],
    ),
    "misspelt-field": (
        BAD.replace("summary:", "sumary:"),
        [
            (
                7,
                fm(
                    "unknown field 'sumary': did you mean 'summary'? remove it or correct its "
                    "name; the fields are " + ALLOWED
                ),
            )
        ],
    ),
    "date-format": (
        BAD.replace("date: 2016-06-07", "date: June 7, 2016"),
        [
            (
                4,
                fm(
                    "date must be a day written YYYY-MM-DD, e.g. 2016-06-07, or the word "
                    "unknown (then add date_note), not 'June 7, 2016'"
                ),
            )
        ],
    ),
    "date-not-padded": (
        BAD.replace("date: 2016-06-07", "date: 2016-6-7"),
        [
            (
                4,
                fm(
                    "date must be a day written YYYY-MM-DD, e.g. 2016-06-07, or the word "
                    "unknown (then add date_note), not '2016-6-7'"
                ),
            )
        ],
    ),
    "date-impossible": (
        BAD.replace("date: 2016-06-07", "date: 2016-02-30"),
        [
            (
                4,
                fm(
                    "date 2016-02-30 is not a day of the calendar (day is out of range for "
                    "month): correct it, or write unknown and say what is known in date_note"
                ),
            )
        ],
    ),
    "date-unknown-without-note": (
        BAD.replace("date: 2016-06-07", "date: unknown"),
        [(4, fm("date is unknown: add date_note saying what is known about the date"))],
    ),
    "date-after-with-known-date": (
        BAD.replace("url:", "date_after: 2016-06-01\nurl:"),
        [(5, fm("date_after is only for posts whose date is unknown: remove it"))],
    ),
    "url": (
        BAD.replace(
            "url: https://robhirschfeld.com/2016/06/07/a-good-post/",
            "url: robhirschfeld.com/a-bad-post",
        ),
        [
            (
                5,
                fm(
                    "url must be the original http(s) address or the word unknown, not "
                    "'robhirschfeld.com/a-bad-post'"
                ),
            )
        ],
    ),
    "title-not-text": (
        BAD.replace('title: "A bad post"', "title: 2016"),
        [(2, fm("title must be text, not the YAML value 2016: put it in double quotes"))],
    ),
    "topics-not-a-list": (
        BAD.replace("topics: [startups]", "topics: startups"),
        [(6, fm("topics must be a list of topic slugs, e.g. [containers, openstack]"))],
    ),
    "topic-twice": (
        BAD.replace("topics: [startups]", "topics: [startups, startups]"),
        [(6, fm("topics lists startups twice: keep each topic once"))],
    ),
    "source-lines": (
        BAD.replace("summary:", "source_lines: 59-21\nsummary:"),
        [(7, fm("source_lines must be a range of lines like 21-59, not '59-21'"))],
    ),
    "script": (
        BAD.replace("Second paragraph", "<script>alert('hi')</script>\n\nSecond paragraph"),
        [(14, "raw HTML <script> is not allowed: remove it; " + RAW_ALLOWED)],
    ),
    "iframe": (
        BAD.replace(
            "Second paragraph", '<iframe src="https://example.org/"></iframe>\n\nSecond paragraph'
        ),
        [(14, "raw HTML <iframe> is not allowed: remove it; " + RAW_ALLOWED)],
    ),
    "event-handler": (
        BAD.replace(
            "First paragraph of the author’s text.",
            'First paragraph\nof the <span onMouseOver="steal()">author’s</span> text.',
        ),
        [
            (
                11,
                "raw HTML <span onmouseover=…> is not allowed (scripts are not allowed): "
                "remove the attribute; <span> may have dir, lang, style, title [archive.html]",
            )
        ],
    ),
    "javascript-url-in-html": (
        BAD.replace(
            "with a [link](https://example.org/)",
            'with a <a href="JaVa&#x09;script:alert(1)">link</a>',
        ),
        [
            (
                14,
                "raw HTML <a href=…> uses a javascript: address: only http(s) and mailto "
                "addresses (or addresses within the archive) are allowed [archive.html]",
            )
        ],
    ),
    "javascript-url-in-markdown": (
        BAD.replace("with a [link](https://example.org/)", "with a [link](javascript:alert(1))"),
        [
            (
                14,
                "a link to a javascript: address is not allowed: link to an http(s) or "
                "mailto address [archive.html]",
            )
        ],
    ),
    "javascript-url-in-reference-definition": (
        BAD.replace(
            "with a [link](https://example.org/)", "with a [link][x]\n\n[x]: VBScript:msgbox"
        ),
        [
            (
                16,
                "a link to a vbscript: address is not allowed: link to an http(s) or "
                "mailto address [archive.html]",
            )
        ],
    ),
    "embed-in-raw-directive": (
        BAD.replace(
            "Second paragraph", '```{raw} html\n<embed src="movie.swf">\n```\n\nSecond paragraph'
        ),
        [(14, "raw HTML <embed> is not allowed: remove it; " + RAW_ALLOWED)],
    ),
    "control-character-in-front-matter": (
        BAD.replace('title: "A bad post"', 'title: "A bad\x01 post"'),
        [
            (
                2,
                "the file holds the control character U+0001 at line 2, column 14: remove it "
                "(it is invisible and breaks the PDF; the file is left out of this build) "
                "[archive.encoding]",
            )
        ],
    ),
    "control-characters-in-the-text": (
        BAD.replace("First paragraph", "First\x0b paragraph").replace("A section", "A\x1f section"),
        [
            (
                10,
                "the file holds the control character U+000B at line 10, column 6 (1 more on "
                "lines 10, 12): remove it (it is invisible and breaks the PDF; the file is left "
                "out of this build) [archive.encoding]",
            )
        ],
    ),
    "tab-in-front-matter": (
        BAD.replace('title: "A bad post"', 'title:\t"A bad post"'),
        [
            (
                2,
                fm(
                    "the front matter has a tab: YAML needs spaces there; replace the tab with "
                    "spaces"
                ),
            )
        ],
    ),
    "no-front-matter-no-heading": (
        "Just the author's text, with neither front matter nor a heading.\n",
        [
            (
                1,
                fm(
                    "a post must start with front matter: a line ---, the fields (title, author, "
                    "date, url, topics) as “key: value” lines, and a closing line ---"
                ),
            )
        ],
    ),
    "date-in-the-future": (
        BAD.replace("date: 2016-06-07", "date: 2099-01-01"),
        [
            (
                4,
                fm(
                    "date 2099-01-01 is after the day of this build (2026-11-28): correct it, or "
                    "add “status: scheduled” to publish the post from that day on"
                ),
            )
        ],
    ),
    "empty-post": (
        BAD.split("First paragraph")[0],
        [
            (
                8,
                "the post has no text after its front matter: add the author's text (an empty "
                "post is not published) [archive.empty]",
            )
        ],
    ),
    "status": (
        BAD.replace("summary:", "status: hidden\nsummary:"),
        [(7, fm("status must be one of published, scheduled, draft, not 'hidden'"))],
    ),
    "file-name-not-a-slug": (
        BAD,  # under the name in NAMES
        [
            (
                1,
                "the file name 'Bad Post.md' is not a slug: rename the file using only "
                "lowercase letters, digits and single hyphens, e.g. 'bad-post.md' (the file "
                "name is the post's address) [archive.slug]",
            )
        ],
    ),
    "file-name-transliterated": (
        BAD,  # the suggestion follows the one slug rule (core/slugs.py), as the importer's does
        [
            (
                1,
                "the file name 'Café Straße.md' is not a slug: rename the file using only "
                "lowercase letters, digits and single hyphens, e.g. 'cafe-strasse.md' (the "
                "file name is the post's address) [archive.slug]",
            )
        ],
    ),
    "duplicate-title": (
        BAD.replace('title: "A bad post"', 'title: "A  GOOD post"'),
        [
            (
                2,
                "the title “A  GOOD post” with the date “7 June 2016” is already the title "
                "and date of src/posts/good-post.md (line 2): give each post its own title, or "
                "its own date [archive.title]",
            )
        ],
    ),
}


#: The bad post is posts/bad-post.md unless named here.
NAMES = {
    "file-name-not-a-slug": "posts/Bad Post.md",
    "file-name-transliterated": "posts/Café Straße.md",
    "duplicate-title": "posts/the-good-post-again.md",  # sorts after good-post.md
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_post(case, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ARCHIVE_TODAY", "2026-11-28")
    text, expected = CASES[case]
    name = NAMES.get(case, "posts/bad-post.md")
    status, messages = build(tmp_path, {name: text}, capsys)
    assert messages == [(name, line, "ERROR", msg) for line, msg in expected]
    assert status != 0


def test_good_posts_build_cleanly(tmp_path, capsys):
    """The fixture itself is valid: the errors above come from the edits."""
    status, messages = build(tmp_path, {"posts/bad-post.md": BAD}, capsys)
    assert messages == []
    assert status == 0


def test_several_problems_in_one_post_are_all_reported(tmp_path, capsys):
    text = (
        BAD.replace("date: 2016-06-07", "date: 07/06/2016")
        .replace("url: https://robhirschfeld.com/2016/06/07/a-good-post/", "url: tbd")
        .replace("summary:", "colour: blue\nsummary:")
    )
    status, messages = build(tmp_path, {"posts/bad-post.md": text}, capsys)
    assert [(path, line, msg.split(";")[0]) for path, line, _, msg in messages] == [
        (
            "posts/bad-post.md",
            4,
            "date must be a day written YYYY-MM-DD, e.g. 2016-06-07, "
            "or the word unknown (then add date_note), not '07/06/2016' "
            "[archive.frontmatter]",
        ),
        (
            "posts/bad-post.md",
            5,
            "url must be the original http(s) address or the word "
            "unknown, not 'tbd' [archive.frontmatter]",
        ),
        ("posts/bad-post.md", 7, "unknown field 'colour': remove it or correct its name"),
    ]
    assert status != 0


def test_not_utf8(tmp_path, capsys):
    # saved as Windows-1252: the ’ in “author’s” becomes the byte 0x92
    status, messages = build(tmp_path, {"posts/bad-post.md": BAD.encode("cp1252")}, capsys)
    assert messages == [
        (
            "posts/bad-post.md",
            10,
            "ERROR",
            "the file is not UTF-8 text: byte 0x92 at line 10, column 30 is not UTF-8; save "
            "the file as UTF-8 (the file is left out of this build) [archive.encoding]",
        )
    ]
    assert status != 0


def test_utf8_with_byte_order_mark_is_fine(tmp_path, capsys):
    status, messages = build(tmp_path, {"posts/bad-post.md": "\ufeff" + BAD}, capsys)
    assert messages == []
    assert status == 0


def test_rejected_html_is_not_published(tmp_path, capsys):
    """Even when a build goes on (--keep-going), the rejected markup is not
    written to the page."""
    text = BAD.replace("Second paragraph", "<script>alert('hi')</script>\n\nSecond paragraph")
    build(tmp_path, {"posts/bad-post.md": text}, capsys)
    page = (tmp_path / "html" / "posts" / "bad-post.html").read_text(encoding="utf-8")
    assert "alert('hi')" not in page
    assert "Second paragraph" in page


def test_escaped_html_and_code_are_not_rejected(tmp_path, capsys):
    """Only live markup is rejected: the words in code, or escaped, stay."""
    text = BAD.replace(
        "Second paragraph",
        "Write `<script>` or `[x](javascript:void(0))` in code, or \\<iframe> escaped.\n\n"
        '```html\n<a href="javascript:go()" onclick="go()">go</a>\n```\n\n'
        "Second paragraph",
    )
    status, messages = build(tmp_path, {"posts/bad-post.md": text}, capsys)
    assert messages == []
    assert status == 0


def test_error_is_reported_again_on_the_next_build(tmp_path, capsys):
    """An incremental build re-reads a post that had errors: a second build
    of the same broken post fails again with the same message."""
    text = BAD.replace("date: 2016-06-07", "date: 2016-6-7")
    first = build(tmp_path, {"posts/bad-post.md": text}, capsys)
    status, _messages, err = build_in_process(tmp_path / "src", tmp_path, capsys)
    assert first[0] != 0 and status != 0
    assert err.count("date must be a day written YYYY-MM-DD") == 1


@pytest.mark.parametrize(
    "status, date, published",
    [
        ("draft", "2016-06-07", False),
        ("scheduled", "2099-01-01", False),
        ("scheduled", "2016-06-08", True),  # its day has come
        ("published", "2016-06-08", True),
    ],
)
def test_drafts_and_scheduled_posts(tmp_path, capsys, monkeypatch, status, date, published):
    """A draft is never published; a scheduled post from its date on; neither
    is an error, and nothing links to an unpublished post."""
    monkeypatch.setenv("ARCHIVE_TODAY", "2026-11-28")
    text = BAD.replace("date: 2016-06-07", f"date: {date}").replace(
        "summary:", f"status: {status}\nsummary:"
    )
    status_code, messages = build(tmp_path, {"posts/bad-post.md": text}, capsys)
    assert messages == [] and status_code == 0
    page = tmp_path / "html" / "posts" / "bad-post.html"
    assert page.exists() == published
    year = tmp_path / "html" / "years" / f"{date[:4]}.html"
    listed = year.exists() and "A bad post" in year.read_text(encoding="utf-8")
    assert listed == published
