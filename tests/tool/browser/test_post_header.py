"""A post's header: reading first. Under the title a byline, then "About this post"
as a disclosure that opens with a tap, a click or the keyboard, open in print; the
author's first words in the first screen of a phone; editorial matter tinted in both
colour modes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from support.textutil import normalise

from .actions import serious_violations
from .expectations import POSTS
from .test_reading import luminance

#: the author's first paragraph: the first paragraph of the post that is not ours
FIRST_WORDS_JS = """() => {
  const post = document.querySelector("section.archive-post");
  const first = [...post.querySelectorAll("p")].find(p => !p.closest(".editorial"));
  const box = first.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(first).lineHeight) || 24;
  return {top: box.top + window.scrollY, line, text: first.innerText,
          viewport: window.innerHeight};
}"""


def first_words(page) -> dict:
    return page.evaluate(FIRST_WORDS_JS)


def about(page):
    return page.get_by_role("main").locator("details.archive-about-more")


def summary(page):
    return about(page).locator("summary")


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_phone_first_words_in_the_first_screen(phone, post, screenshot):
    """On a 375 px phone the author's first sentence is visible without scrolling:
    the top of the first paragraph and its first two lines are in the first screen."""
    page = phone.open(post.page, settle=True)
    first = first_words(page)
    assert first["top"] + 2 * first["line"] <= first["viewport"], (
        f"the author's first words start at {first['top']:.0f}px on a {first['viewport']}px screen"
    )
    # the byline is above them, the details are closed
    byline = page.get_by_role("main").locator("p.archive-byline")
    expect(byline).to_be_in_viewport()
    for words in post.date_words():
        expect(byline).to_contain_text(words)
    expect(about(page).locator("dl")).not_to_be_visible()
    screenshot(page, f"phone-first-screen-{post.docname.split('/')[-1]}", full_page=False)
    assert phone.problems == []


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_desktop_first_words_above_the_fold(reader, post):
    page = reader.open(post.page)
    first = first_words(page)
    assert first["top"] + 2 * first["line"] <= first["viewport"]


def test_about_opens_with_a_click(reader):
    post = POSTS[0]
    page = reader.open(post.page)
    original = about(page).locator("dt", has_text="Author")
    expect(original).not_to_be_visible()
    summary(page).click()
    expect(about(page)).to_have_attribute("open", "")
    expect(original).to_be_visible()
    expect(about(page)).to_contain_text("Reading time")
    summary(page).click()
    expect(original).not_to_be_visible()
    assert reader.problems == []


def test_about_opens_with_the_keyboard(reader):
    """Tab from the byline's last link reaches "About this post"; Enter opens it,
    Space closes it; the browser names it as a button that is expanded or not."""
    page = reader.open(POSTS[-1].page)
    page.get_by_role("main").locator("p.archive-byline a").last.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    assert focused.startswith("<summary"), focused
    names = page.evaluate("""() => document.activeElement.textContent""")
    assert normalise(names) == "About this post"
    fields = about(page).locator("dl")
    expect(fields).not_to_be_visible()
    page.keyboard.press("Enter")
    expect(fields).to_be_visible()
    page.keyboard.press("Space")
    expect(fields).not_to_be_visible()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_about_open_has_no_serious_accessibility_violations(fresh_reader, mode):
    page = fresh_reader.page
    page.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    fresh_reader.open(POSTS[0].page)
    summary(page).click()
    expect(about(page).locator("dl")).to_be_visible()
    assert serious_violations(page) == []


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_editorial_header_is_tinted(fresh_reader, mode, screenshot):
    """The byline and the About box are ours, and look it: tinted against the page."""
    page = fresh_reader.page
    page.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    fresh_reader.open(POSTS[0].page)
    box = page.get_by_role("main").locator("div.archive-about")
    body = luminance(page.locator("body"))
    tint = luminance(box)
    assert abs(body - tint) > 0.01, f"the header is not tinted ({body:.3f} vs {tint:.3f})"
    if mode == "light":
        assert tint > 0.6
    else:
        assert tint < 0.1
    screenshot(page, f"post-header-{mode}", full_page=False)


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_print_shows_the_post_and_its_about_details(reader, post):
    """Printed from the browser: title, byline, every field of the About box and the
    author's text, without the sidebars, header buttons or the navigation box."""
    page = reader.open(post.page)
    page.emulate_media(media="print")
    try:
        main = page.locator("article")
        # the title (the theme prints it above the article, in place of the page's h1)
        titles = page.locator("h1").filter(visible=True)
        expect(titles).to_have_count(1)
        assert normalise(titles.inner_text()) == normalise(post.title)
        expect(main.locator("p.archive-byline")).to_be_visible()
        for name in ("Author", "Published", "Original", "Reading time"):
            expect(about(page).locator("dt", has_text=name)).to_be_visible()
        expect(page.locator(f"text={first_words(page)['text'][:30]}").first).to_be_visible()
        for chrome in (
            ".bd-sidebar-primary",
            ".bd-sidebar-secondary",
            ".bd-header",
            ".bd-header-article",
            ".archive-post-nav",
            ".prev-next-area",
        ):
            assert not page.locator(chrome).first.is_visible(), chrome
        assert page.get_by_role("button").filter(visible=True).count() == 0
    finally:
        page.emulate_media(media="screen")
