"""A reader finds their way: from the landing page to every post and the about page,
through previous/next, and to the PDF, which arrives as a real PDF."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.paths import PDF_NAME
from support.textutil import normalise

from .actions import site_path
from .expectations import POST_BY_NAME, POSTS, REQUIRED_PAGES


def heading(page) -> str:
    return normalise(page.get_by_role("heading", level=1).first.inner_text())


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_landing_page_leads_to_every_post(reader, post, screenshot):
    page = reader.open("index.html")
    screenshot(page, "landing")
    main = page.get_by_role("main")
    # the post list shows the post with its date
    entry = main.get_by_role("listitem").filter(has=page.get_by_role("link", name=post.title))
    expect(entry).to_have_count(1)
    for words in post.date_words():
        expect(entry).to_contain_text(words)
    entry.get_by_role("link", name=post.title).click()
    page.wait_for_url(re.compile(re.escape(post.page) + "$"))
    assert heading(page) == normalise(post.title)
    assert reader.problems == []


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_every_post_is_reached_through_its_year(reader, post):
    """The sidebar lists the years (never the posts); a year's page lists its
    posts; on a post, the sidebar marks the post's year."""
    page = reader.open("about.html")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name=post.title)).to_have_count(0)
    nav.get_by_role("link", name=re.compile("^" + re.escape(post.year) + r" \(\d+\)$")).click()
    page.wait_for_url(re.compile(re.escape(post.year_page) + "$"))
    page.get_by_role("main").get_by_role("link", name=post.title, exact=True).click()
    page.wait_for_url(re.compile(re.escape(post.page) + "$"))
    assert heading(page) == normalise(post.title)
    current = page.get_by_role("navigation", name="Main").locator("li.current > a")
    expect(current).to_have_count(1)
    expect(current).to_contain_text(post.year)


def test_the_sidebar_stays_small(reader):
    """One entry per year and per reference page, whatever the number of posts."""
    page = reader.open(POSTS[0].page)
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    years = {p.year for p in POSTS}
    # home, the years, glossary, topics, archive by date, about
    assert links.count() == 1 + len(years) + 4


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_post_shows_its_about_box(reader, post, screenshot):
    page = reader.open(post.page)
    about = (
        page.get_by_role("main")
        .locator("div, aside, section")
        .filter(has=page.get_by_text("About this post", exact=True))
        .last
    )
    expect(about).to_be_visible()
    for words in post.date_words():
        expect(about).to_contain_text(words)
    if post is POSTS[-1]:
        screenshot(page, "post")


def test_about_page_is_reachable_from_the_landing_page(reader):
    page = reader.open("index.html")
    page.get_by_role("main").get_by_role("link", name="how this archive was made").click()
    page.wait_for_url(re.compile(r"/about\.html$"))
    assert heading(page) == "About this archive"


def test_previous_and_next_follow_the_date_order(reader):
    """From the oldest post, "Next post" (in the box that ends each post) walks
    through every post in date order, across years, and "Previous post" walks back."""
    page = reader.open(POSTS[0].page)
    box = page.locator(".archive-post-nav")
    for newer in POSTS[1:]:
        box.locator("p", has_text="Next post").get_by_role("link", name=newer.title).click()
        page.wait_for_url(re.compile(re.escape(newer.page) + "$"))
        assert heading(page) == normalise(newer.title)
    for older in reversed(POSTS[:-1]):
        box.locator("p", has_text="Previous post").get_by_role("link", name=older.title).click()
        page.wait_for_url(re.compile(re.escape(older.page) + "$"))
        assert heading(page) == normalise(older.title)


def test_roundup_blurb_leads_to_the_full_post(reader):
    roundup = POST_BY_NAME["openstack-interop-container-security-install-open-source-posts"]
    target = POST_BY_NAME["have-opensource-will-profit"]
    page = reader.open(roundup.page)
    page.get_by_role("link", name="read the full post in this archive").click()
    page.wait_for_url(re.compile(re.escape(target.page) + "$"))
    assert heading(page) == normalise(target.title)


def test_pdf_download_from_the_landing_page(reader):
    page = reader.open("index.html")
    link = page.get_by_role("main").get_by_role(
        "link", name=re.compile("download the whole archive", re.I)
    )
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == PDF_NAME
    with open(download.path(), "rb") as pdf:
        head = pdf.read(5)
    assert head == b"%PDF-"


@pytest.mark.parametrize("path", REQUIRED_PAGES)
def test_every_page_offers_the_pdf(reader, path):
    """The header's PDF button and the sidebar's download link both fetch the PDF."""
    page = reader.open(path)
    links = [
        page.get_by_role("link", name="PDF", exact=True),
        page.get_by_role("link", name=re.compile(r"Download the archive as PDF")),
    ]
    for link in links:
        expect(link).to_be_visible()
        href = site_path(reader, link.get_attribute("href"))
        assert href == PDF_NAME
        response = page.request.get(reader.url(href))
        assert response.ok and response.body()[:5] == b"%PDF-"
