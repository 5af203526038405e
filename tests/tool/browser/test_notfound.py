"""The 404 page: a missing address at any depth shows the site's page, in the
site's look, with a search field and links that work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .actions import serious_violations

MISSING = ["no-such-post.html", "posts/2016/no-such-post.html", "a/b/c/"]


def open_missing(reader, path: str):
    reader.problems = []
    response = reader.page.goto(reader.url(path), wait_until="load")
    assert response.status == 404
    # the page itself answers 404; nothing else may fail
    url = reader.url(path)
    assert [
        p
        for p in reader.problems
        if not p.startswith(f"HTTP 404: {url}")
        and not (p.startswith("console error: Failed to load resource") and f"'url': '{url}'" in p)
    ] == []
    return reader.page


@pytest.mark.parametrize("path", MISSING)
def test_missing_page_shows_the_site_404_page(reader, path, screenshot):
    page = open_missing(reader, path)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Page not found")
    # the site's styles and sidebar loaded from the site's root, not from the missing folder
    expect(page.locator(".bd-sidebar-primary")).to_be_visible()
    assert page.evaluate(
        "() => [...document.styleSheets].some(s => (s.href || '').includes('/_static/archive.css')"
        " && s.cssRules.length > 0)"
    )
    expect(
        page.locator(".bd-sidebar-primary").get_by_role("link", name=re.compile("Glossary"))
    ).to_have_attribute("href", "/glossary.html")
    if path == MISSING[1]:
        screenshot(page, "notfound-depth-2", full_page=False)


@pytest.mark.parametrize(
    "name, target",
    [
        ("The archive’s front page", "index.html"),
        ("Archive by date", "archive.html"),
        ("Glossary", "glossary.html"),
        ("Topics", "topics/index.html"),
    ],
)
def test_404_links_lead_to_the_pages(reader, name, target):
    page = open_missing(reader, MISSING[1])
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("load")
    assert reader.path() == target
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_be_visible()


def test_404_search_finds_posts(reader):
    page = open_missing(reader, MISSING[2])
    field = page.get_by_role("main").get_by_role("searchbox", name="Search the archive")
    field.fill("time machine")
    field.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=time\+machine"))
    expect(page.locator("#search-results ul.search li").first).to_be_visible(timeout=15_000)
    assert reader.path().startswith("search.html")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_404_page_has_no_serious_accessibility_violations(fresh_reader, mode):
    page = fresh_reader.page
    page.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    open_missing(fresh_reader, MISSING[1])
    assert serious_violations(page) == []
