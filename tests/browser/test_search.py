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
    """The test data is not stale: every phrase is in its post's source."""
    text = normalise(POST_BY_NAME[name].text).lower()
    for phrase in PHRASES[name]:
        assert phrase.lower() in text, f"{phrase!r} is not in {name}"


@pytest.mark.parametrize("case", SEARCH_CASES, ids=str)
def test_search_finds_the_page(reader, case):
    results = search(reader, case.query)
    pages = [result.page for result in results]
    assert case.page in pages[: case.within], (
        f"searching {case.query!r}: {case.page} not in the top {case.within} of {pages}"
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
        assert lines[0] == post.title
        for words in post.date_words():
            assert words in lines[1], f"result for {post.title!r} shows {lines[1]!r}"
    screenshot(reader.page, "search-results")


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
    expect(page.locator("#search-results").get_by_role("link", name=POSTS[0].title)).to_be_visible()


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
    expect(page.locator("#search-results").get_by_role("link", name=post.title)).to_be_visible()
