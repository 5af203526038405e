"""Search, typed into the search box like a person: post titles and remembered
phrases find their post among the top results; results show each post's date."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .actions import search
from .expectations import PHRASES, POST_BY_NAME, POSTS, SEARCH_CASES, normalise


def test_there_are_enough_search_cases():
    assert len(SEARCH_CASES) >= 20


@pytest.mark.parametrize("name", sorted(PHRASES))
def test_phrases_are_the_authors_words(name):
    """The test data is not stale: every phrase is in the author's text of its post."""
    text = normalise(POST_BY_NAME[name].author_text).lower()
    assert text
    for phrase in PHRASES[name]:
        assert phrase.lower() in text, f"{phrase!r} is not in {name}"


@pytest.mark.parametrize("case", SEARCH_CASES, ids=str)
def test_search_finds_the_page(reader, case):
    results = search(reader, case.query)
    pages = list(dict.fromkeys(result.page for result in results))  # a page once, at its best
    assert case.page in pages[: case.within], (
        f"searching {case.query!r}: {case.page} not among the first {case.within} pages of {pages}"
    )
    if case.first:
        assert pages[0] == case.page, f"searching {case.query!r}: first is {pages[0]}"
    assert reader.problems == []


def test_results_show_each_posts_date(reader, screenshot):
    results = search(reader, "open source")
    shown = {result.page: result for result in results}
    for post in POSTS:
        assert post.page in shown, f"{post.title!r} not found by 'open source'"
        # the date sits between the title and the snippet
        lines = [line.strip() for line in shown[post.page].text.splitlines() if line.strip()]
        assert normalise(lines[0]) == normalise(post.title)
        for words in post.date_words():
            assert words in lines[1], f"result for {post.title!r} shows {lines[1]!r}"
    screenshot(reader.page, "search-results")


def test_result_summaries_quote_the_page_not_the_theme(reader):
    """The summaries come from the page's text, not from the theme's buttons
    (colour mode menu) or its print-only table of contents."""
    results = search(reader, "open source")
    assert len(results) >= len(POSTS)
    for result in results:
        for chrome in ("System Settings", "Color mode", "Contents"):
            assert chrome not in result.text, f"{result.page}: {result.text!r}"


def test_results_for_a_post_section_show_the_date_too(reader):
    post = POST_BY_NAME["have-opensource-will-profit"]
    results = search(reader, "ubiquity popularity")
    ours = [result for result in results if result.page == post.page]
    assert ours
    for result in ours:
        assert all(words in result.text for words in post.date_words())


def test_keyboard_shortcut_opens_search(reader):
    page = reader.open(POSTS[0].page)
    page.keyboard.press("Control+k")
    field = page.get_by_role("dialog").get_by_role("searchbox")
    expect(field).to_be_focused()
    field.press_sequentially("Terabass")
    field.press("Enter")
    expect(page.get_by_text(re.compile(r"^Search finished"))).to_be_visible()
    expect(page.locator("#search-results").get_by_role("link", name=POSTS[0].title).first).to_be_visible()


def test_search_page_field_searches_again(reader):
    """On the results page, the page's own search field runs a new search."""
    search(reader, "snowflake")
    page = reader.page
    field = page.get_by_role("main").get_by_role("searchbox")
    field.fill("")
    field.press_sequentially("plutonium")
    field.press("Enter")
    page.wait_for_url(re.compile(r"q=plutonium"))
    expect(page.get_by_text(re.compile(r"^Search finished"))).to_be_visible()
    post = POST_BY_NAME["start-ups-are-time-machines-for-big-companies"]
    expect(page.locator("#search-results").get_by_role("link", name=post.title).first).to_be_visible()


@pytest.mark.parametrize(
    "post", [p for p in POSTS if "\u00a0" in p.title], ids=lambda p: p.docname
)
def test_title_with_a_non_breaking_space_matches_as_a_title(reader, post):
    """The author's titles keep their NBSPs; typed with plain spaces, the title must
    still match as a title (Sphinx compares titles character for character)."""
    search(reader, normalise(post.title))
    title_hit = reader.page.locator("#search-results li.kind-title").get_by_role(
        "link", name=normalise(post.title)
    )
    expect(title_hit.first).to_be_visible()


def test_summary_of_a_result_whose_anchor_has_no_text(reader):
    """An index entry's anchor is an empty element; the result gets the page's
    summary instead of an uncaught TypeError that stops the result list."""
    search(reader, "cloud")
    summary = reader.page.evaluate(
        """() => Search.makeSearchSummary(
             '<div role="main"><span id="index-0"></span><p>Clouds are agile.</p></div>',
             ['cloud'], '#index-0').textContent"""
    )
    assert "Clouds are agile." in summary
