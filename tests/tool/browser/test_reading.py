"""Reading comfort: dark mode, a phone-sized screen, and copying a citation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.textutil import normalise

from .actions import scroll_width, search
from .expectations import POST_BY_NAME, POSTS, all_pages

LUMINANCE_JS = """(el) => {
  const channels = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
  const [r, g, b] = channels.slice(0, 3).map(c => {
    c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def luminance(locator) -> float:
    return locator.evaluate(LUMINANCE_JS)


def pick_colour_mode(page, mode: str) -> None:
    page.get_by_role("button", name="Color mode").click()
    page.get_by_role("button", name=mode, exact=True).click()


# -- dark mode ----------------------------------------------------------------
def test_dark_mode_toggle(fresh_reader, screenshot):
    page = fresh_reader.open("index.html")
    body = page.locator("body")
    assert luminance(body) > 0.8, "the page does not start light"
    box = page.get_by_role("main").get_by_text("An archive of").locator("xpath=..")
    light_box = luminance(box)

    pick_colour_mode(page, "Dark")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert luminance(body) < 0.1, "the page did not turn dark"
    assert luminance(box) < light_box / 4, "the editorial box stayed light in dark mode"

    # the choice holds on the next page
    page.get_by_role("main").get_by_role("link", name=POSTS[0].title, exact=True).click()
    page.wait_for_url(re.compile(re.escape(POSTS[0].page) + "$"))
    assert luminance(page.locator("body")) < 0.1, "dark mode was lost on the next page"
    screenshot(page, "dark-post", full_page=False)

    pick_colour_mode(page, "Light")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert luminance(page.locator("body")) > 0.8
    assert fresh_reader.problems == []


# -- phone --------------------------------------------------------------------
@pytest.mark.parametrize("path", all_pages())
def test_phone_reads_without_horizontal_scrolling(phone, path):
    page = phone.open(path, settle=True)
    width = scroll_width(page)
    assert width <= 375, f"{path} is {width}px wide on a 375px phone"
    assert phone.problems == []


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_phone_about_box_field_names_stay_on_one_line(phone, post, screenshot):
    """The narrow screen must not squeeze "Published" into a column of letters
    (in the About box, opened with a tap)."""
    page = phone.open(post.page)
    page.get_by_role("main").locator("summary", has_text="About this post").tap()
    names = (
        page.get_by_role("main").locator("dl dt").filter(has_text=re.compile("Author|Published"))
    )
    expect(names).to_have_count(2)
    for name in names.all():
        lines = name.evaluate(
            """(el) => { const r = document.createRange(); r.selectNodeContents(el);
                 return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"""
        )
        assert lines == 1, f"{name.inner_text()!r} breaks over {lines} lines"
    if post is POSTS[-1]:
        screenshot(page, "phone-post", full_page=False)


def test_phone_navigation_reaches_a_post(phone, screenshot):
    page = phone.open("index.html")
    screenshot(page, "phone-landing", full_page=False)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).not_to_be_in_viewport()
    page.get_by_role("button", name=re.compile("sidebar|navigation", re.I)).filter(
        visible=True
    ).first.click()
    link = nav.get_by_role("link", name=re.compile("^" + re.escape(POSTS[0].year) + r" \("))
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(re.escape(POSTS[0].year_page) + "$"))
    page.get_by_role("main").get_by_role("link", name=POSTS[0].title, exact=True).click()
    page.wait_for_url(re.compile(re.escape(POSTS[0].page) + "$"))


def test_phone_search(phone):
    phone.open(POSTS[-1].page)
    results = search(phone, "Terabass")
    assert [r.page for r in results][:1] == [
        POST_BY_NAME["start-ups-are-time-machines-for-big-companies"].page
    ]


# -- citation -----------------------------------------------------------------
@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_copy_the_citation(reader, post):
    page = reader.open(post.page)
    page.evaluate("navigator.clipboard.writeText('')")
    block = page.get_by_text("Cite this post", exact=True).locator("xpath=..")
    shown = block.locator("pre")
    expect(shown).to_be_visible()
    shown.hover()
    button = block.get_by_role("button")  # its name changes once it has copied
    expect(button).to_have_accessible_name(re.compile("copy", re.I))
    expect(button).to_be_visible()
    button.click()
    # the tooltip (and the icon's title) say so
    expect(button).to_have_attribute("data-tooltip", "Copied!")
    expect(button).to_have_accessible_name(re.compile("Copied!"))
    copied = page.evaluate("navigator.clipboard.readText()")
    assert normalise(copied) == normalise(shown.inner_text())
    assert normalise(post.title) in normalise(copied)
    import runpy

    from support.paths import REPO as ROOT
    from support.textutil import posts

    info = posts()[post.docname]
    assert (info.url or "Original address unknown") in copied
    base = runpy.run_path(str(ROOT / "conf.py"))["html_baseurl"]
    if base:  # the archived copy's address, only when the archive knows it
        assert re.search(re.escape(post.page) + r"\.?$", copied.strip())
    else:
        assert "Archived copy" not in copied
