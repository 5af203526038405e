"""This edition's part of :mod:`tool.extension.test_chronology`: the same checks on the built site
and PDF of Agile in the Clouds.

The archive by date, previous / next and related posts, reading time."""

from __future__ import annotations

import re

from support.paths import SOURCE


def test_reading_time_on_the_site(site):
    """Each post's count is the word count of its lines in the scraped source,
    less the scrape artifacts (file names, alt text), which are not his prose."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    for page in sorted((site / "posts").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        words = int(
            re.search(r"About \d+ minutes? \(([\d,]+) words", html).group(1).replace(",", "")
        )
        first, last = map(int, re.search(r"Lines (\d+)–(\d+) of the scraped text", html).groups())
        source_words = len(" ".join(lines[first - 1 : last]).split())
        artifacts = re.findall(r'<span class="scrape-artifact"[^>]*>(.*?)</span>', html)
        glued = sum(1 for a in artifacts if not a.strip().endswith(" "))  # "x.jpgLast" is one token
        expected = source_words - sum(len(a.split()) for a in artifacts)
        assert expected <= words <= expected + glued, page.name
        minutes = int(re.search(r"About (\d+) minute", html).group(1))
        assert minutes == -(-words // 220)
