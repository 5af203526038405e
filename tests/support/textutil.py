"""Text of the built site and of the PDF, for fidelity checks."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from postarchive.core.frontmatter import parse_post
from support.paths import REPO

ROOT = REPO
SOURCE = ROOT / "sources" / "000_808220f5c2115dd0.txt"
POSTS = ROOT / "docs" / "posts"

# The PDF's running header and footer sit outside this band (points from the
# bottom of an A4 page); the body text is inside it.
PDF_BODY_BAND = (55.0, 785.0)


def normalise(text: str) -> str:
    """Collapse every run of whitespace (NBSP included) to one space."""
    return re.sub(r"\s+", " ", text).strip()


def sentences(line: str) -> list[str]:
    """Split a source line into sentences (after . ? ! … followed by space)."""
    parts = re.split(r"(?<=[.?!…])\s+", normalise(line))
    return [p for p in parts if p]


def source_lines() -> list[str]:
    """The scraped source, 1-based: source_lines()[n] is line n."""
    return [""] + SOURCE.read_text(encoding="utf-8").split("\n")


def posts() -> dict:
    """docname -> front matter of every post in docs/posts."""
    result = {}
    for path in sorted(POSTS.glob("*.md")):
        if path.stem == "index":
            continue
        info = parse_post(path.read_text(encoding="utf-8"), "posts/" + path.stem)
        result[info.docname] = info
    return result


def post_source(info: dict) -> list[tuple[int, str]]:
    """The non-empty (line number, text) pairs of the source a post comes from."""
    lines = source_lines()
    first, last = info.source_lines
    return [(n, lines[n]) for n in range(first, last + 1) if lines[n].strip()]


@lru_cache(maxsize=None)
def html_article_text(path: Path) -> str:
    """The reader-visible text of a page's article, whitespace normalised.

    Heading permalinks ("#") are dropped; inline elements are joined without
    adding spaces, exactly as a browser shows them.
    """
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article") or soup.body
    for link in article.select("a.headerlink"):
        link.decompose()
    return normalise(article.get_text())


@lru_cache(maxsize=None)
def pdf_body_text(path: Path) -> str:
    """The PDF's body text (no running headers or page numbers), normalised.

    Text runs on the same baseline are joined as they are; a new baseline
    starts with a space, as a line break does for a reader.
    """
    low, high = PDF_BODY_BAND
    chunks: list[str] = []
    for page in PdfReader(path).pages:
        last_y = [None]

        def visit(text, cm, tm, font, size, _last=last_y):
            if not text:
                return
            y = tm[5] * cm[3] + cm[5]
            if not (low < y < high):
                return
            if _last[0] is not None and abs(y - _last[0]) > 1:
                chunks.append(" ")
            _last[0] = y
            chunks.append(text)

        page.extract_text(visitor_text=visit)
        chunks.append(" ")
    return normalise("".join(chunks))
