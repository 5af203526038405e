"""What a reader does in the browser, as small helpers shared by the tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from playwright.sync_api import expect

SEARCH_DONE = re.compile(r"^(Search finished|Your search did not match)")


@dataclass
class Result:
    page: str  # path relative to the site root, without #fragment
    anchor: str
    title: str
    text: str  # everything the result shows (title, date, snippet)


def site_path(reader, href: str) -> str:
    """*href* (relative to the current page) as a path relative to the site root."""
    path = internal_path(reader, href)
    assert path is not None, f"{href} leaves the site"
    return path


def internal_path(reader, href: str | None) -> str | None:
    """Like :func:`site_path`, or None when *href* leads out of the site."""
    if not href:
        return None
    url = urljoin(reader.page.url, href)
    return url[len(reader.base_url) :] if url.startswith(reader.base_url) else None


def search(reader, query: str) -> list[Result]:
    """Search like a person: click the search field, type, press Enter, wait for the
    results page to finish; return the results in the order shown."""
    page = reader.page
    if not page.url.startswith(reader.base_url):
        reader.open("index.html")
    reader.problems = []
    # The search button opens the search dialog; on the results page it puts the
    # cursor in that page's own search field instead. Either way, type there.
    page.get_by_role("button", name="Search", exact=True).filter(visible=True).first.click()
    field = page.locator("input:focus")
    expect(field).to_have_attribute("type", "search")
    field.fill("")
    field.press_sequentially(query)
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q="))
    expect(page.get_by_text(SEARCH_DONE)).to_be_visible()
    results = []
    for item in page.locator("#search-results").get_by_role("listitem").all():
        link = item.get_by_role("link").first
        href = site_path(reader, link.get_attribute("href"))
        path, _, anchor = href.partition("#")
        results.append(Result(path, anchor, link.inner_text().strip(), item.inner_text()))
    return results


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, readable."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    found = []
    for violation in response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5]
            found.append(
                f"{violation['impact']} {violation['id']}: {violation['help']} at {targets}"
            )
    return found


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")
