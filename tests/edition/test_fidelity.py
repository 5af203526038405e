"""This edition's part of :mod:`tool.extension.test_fidelity`: the same checks on the built site
and PDF of Agile in the Clouds.

Every sentence of the source is in the HTML page of its post and in the PDF."""

from __future__ import annotations

import re

import pytest
from support.paths import SITE
from support.textutil import (
    html_article_text,
    normalise,
    pdf_body_text,
    post_source,
    sentences,
    source_lines,
)
from tool.extension.test_fidelity import POSTS

# Source lines that the archive sets in two blocks, documented in the post's
# notes: line 27 is the first of the five thoughts run into its paragraph; its
# first sentence is the heading. Each sentence is still checked.
SPLIT_LINES = {27}


@pytest.mark.parametrize("docname", sorted(POSTS))
def test_every_sentence_in_html(site, docname):
    text = html_article_text(SITE / f"{docname}.html")
    missing = [
        (n, s) for n, line in post_source(POSTS[docname]) for s in sentences(line) if s not in text
    ]
    assert not missing, f"{docname}: sentences not found verbatim: {missing}"


@pytest.mark.parametrize("docname", sorted(POSTS))
def test_every_unsplit_line_verbatim_in_html(site, docname):
    """Whole lines, not only sentences: nothing was inserted inside a line."""
    text = html_article_text(SITE / f"{docname}.html")
    missing = [
        n
        for n, line in post_source(POSTS[docname])
        if n not in SPLIT_LINES and normalise(line) not in text
    ]
    assert not missing, f"{docname}: source lines not found verbatim: {missing}"


def pdf_chapter(pdf_path, title: str) -> str:
    """The body text of the PDF chapter titled *title*, up to the next chapter
    or part (so a sentence quoted in another post does not count)."""
    text = pdf_body_text(pdf_path)
    start = re.search(r"Chapter \d+ " + re.escape(normalise(title)), text)
    assert start, f"no chapter {title!r} in the PDF"
    end = re.compile(r" (Chapter \d+|Part [IVX]+) ").search(text, start.end())
    return text[start.start() : end.start() if end else len(text)]


@pytest.mark.parametrize("docname", sorted(POSTS))
def test_every_sentence_in_pdf(pdf_path, docname):
    text = pdf_chapter(pdf_path, POSTS[docname].title)
    missing = [
        (n, s) for n, line in post_source(POSTS[docname]) for s in sentences(line) if s not in text
    ]
    assert not missing, f"{docname}: sentences not found verbatim in the PDF: {missing}"


def test_typography_survives(site, pdf_path):
    """Curly quotes, en dashes, the ellipsis and NBSPs are kept, not straightened."""
    source = "".join(source_lines())
    for char in "’“”–…\u00a0":
        assert char in source
    page = (SITE / "posts/have-opensource-will-profit.html").read_text(encoding="utf-8")
    assert "It’s hard to monetize any idea – OSS" in page.replace("\u00a0", " ")
    assert "\u00a0" in page
    assert "any idea – OSS is not a deciding factor" in pdf_body_text(pdf_path)
