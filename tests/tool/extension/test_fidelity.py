"""Every sentence of the source is in the HTML page of its post and in the PDF."""

from __future__ import annotations

from support.textutil import (
    posts,
    source_lines,
)

POSTS = posts()


def test_posts_cover_every_source_line():
    """No line of the scraped text is left out of the archive."""
    covered = set()
    for info in POSTS.values():
        first, last = info.source_lines
        covered.update(range(first, last + 1))
    lines = source_lines()
    missing = [n for n in range(1, len(lines)) if lines[n].strip() and n not in covered]
    assert not missing, f"source lines not in any post: {missing}"
    assert len(POSTS) == 3
