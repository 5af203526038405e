"""The archive's fixes to the theme's HTML (postarchive.html.theme)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from postarchive.html.theme import label_nav_toggles


@pytest.mark.sphinx("html", testroot="navtoggle")
def test_sidebar_toggles_have_a_name(app):
    """pydata-sphinx-theme's expand/collapse toggle in the sidebar holds only an
    icon; each gets a name saying whose pages it shows."""
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    toggles = soup.select("nav.bd-docs-nav summary")
    assert toggles, "the test root should give the sidebar a toggle"
    assert [t.get("aria-label") for t in toggles] == ["Pages under Topics & “quotes”"]


def test_summaries_with_text_keep_their_own_name():
    soup = BeautifulSoup(
        '<li><details><summary><p class="caption">Posts</p><span class="toctree-toggle">'
        "</span></summary></details></li>",
        "html.parser",
    )
    label_nav_toggles(soup)
    assert soup.summary.get("aria-label") is None
