"""The glossary, the topics and the chronology, in the browser.

Their data comes from the built pages themselves
(the terms of the glossary, the topics of the overview) and from the posts' front matter.

What they expect, from the issues:

* glossary: at least 15 terms, with "open core", "time machine", "universal installer";
  under each entry a "Used in" list linking to the exact places that use the term; term
  links in the posts lead to their entry and show the definition on hover (a title at
  least); searching a term gives the glossary entry first.
* topics: an overview with counts, linked from the landing page; a page per topic listing
  its posts (and blurbs) with date, newest first, unknown dates last; each post's topics
  as links to those pages; topics are found by search.
* (axe-core on the glossary, the overview and a topic page, and console / phone checks
  on every page, come from expectations.AXE_PAGES and all_pages() in the other modules.)
* an archive page by year (unknown dates in their own group, with what is known);
  related posts and reading time on each post; an Atom feed linked from every page.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from support.paths import SITE
from support.textutil import normalise

from .actions import internal_path, search, site_path
from .expectations import POSTS, shows_date

GLOSSARY = "glossary.html"
TOPICS = "topics/index.html"
REQUIRED_TERMS = ["open core", "time machine", "universal installer"]
POST_PAGES = {post.page: post for post in POSTS}
NOT_A_POST_LINK = re.compile(r"^\s*(next|previous)\b", re.I)


def _soup(page: str) -> BeautifulSoup | None:
    path = SITE / page
    return (
        BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") if path.is_file() else None
    )


def _text(tag) -> str:
    for link in tag.select("a.headerlink"):
        link.extract()
    return normalise(tag.get_text(" "))


def glossary_terms() -> list[tuple[str, str]]:
    """(term id, term) for every term of the built glossary, in page order."""
    soup = _soup(GLOSSARY)
    if soup is None:
        return []
    return [(dt["id"], _text(dt)) for dt in soup.select("dl.glossary > dt[id]")]


def topic_links() -> list[tuple[str, str]]:
    """(page, title) for every topic page the overview links to."""
    soup = _soup(TOPICS)
    if soup is None:
        return []
    main = soup.find("main") or soup
    found: dict[str, str] = {}
    for link in main.find_all("a", href=True):
        path = urlsplit(link["href"]).path
        if path.endswith(".html") and "/" not in path and path != "index.html":
            found.setdefault(f"topics/{unquote(path)}", normalise(link.get_text(" ")))
    return sorted(found.items())


TERMS = glossary_terms()
TOPIC_PAGES = topic_links()


def _ids(items):
    return [item[1] for item in items] or None


def _or_placeholder(items):
    """One empty case when the page has no items, so the test fails (not vanishes)."""
    return items or [("", "")]


def main_links_to_posts(reader, page):
    """(link text, site path) for links in the main content that lead to a post."""
    found = []
    for link in page.get_by_role("main").get_by_role("link").all():
        path = internal_path(reader, link.get_attribute("href"))
        name = normalise(link.inner_text())
        if path is None or NOT_A_POST_LINK.match(name):
            continue
        if path.split("#")[0] in POST_PAGES:
            found.append((name, path))
    return found


# =============================================================================
# glossary
# =============================================================================
def test_landing_page_links_to_the_glossary(reader):
    page = reader.open("index.html")
    # in the text or in the navigation
    link = page.locator(f'a[href="{GLOSSARY}"]').filter(visible=True).first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(re.escape(GLOSSARY) + "$"))
    expect(page.get_by_role("term").first).to_be_visible()


def test_glossary_has_the_required_terms(reader):
    page = reader.open(GLOSSARY)
    terms = [
        normalise(t).lower() for t in page.get_by_role("main").get_by_role("term").all_inner_texts()
    ]
    assert len(terms) >= 15, terms
    for required in REQUIRED_TERMS:
        assert any(term.startswith(required) for term in terms), f"no {required!r} in {terms}"


def test_every_entry_lists_where_it_is_used(reader):
    page = reader.open(GLOSSARY)
    missing = []
    for term_id, term in TERMS:
        entry = page.locator(f'[id="{term_id}"]').locator("xpath=following-sibling::dd[1]")
        used_in = entry.get_by_text(re.compile(r"^\s*Used in", re.I))
        posts = [
            link
            for link in entry.get_by_role("link").all()
            if (internal_path(reader, link.get_attribute("href")) or "").split("#")[0] in POST_PAGES
        ]
        if not used_in.count() or not posts:
            missing.append(term)
    assert missing == [], f"entries without a 'Used in' list of posts: {missing}"


def test_used_in_links_lead_to_a_use_of_the_term():
    """Every "Used in" link lands where the post links to that very entry (an entry
    may have several terms, e.g. a synonym; a link to any of them counts)."""
    glossary = _soup(GLOSSARY)
    wrong = []
    for dd in glossary.select("dl.glossary > dd"):
        ids = []
        for sibling in dd.find_previous_siblings():
            if sibling.name != "dt":
                break
            ids.append(sibling.get("id"))
        entry_links = {f"{GLOSSARY}#{term_id}" for term_id in ids if term_id}
        for link in dd.find_all("a", href=True):
            parts = urlsplit(link["href"])
            if unquote(parts.path) not in POST_PAGES:
                continue
            post = _soup(unquote(parts.path))
            place = post.find(id=unquote(parts.fragment)) if parts.fragment else post
            if place is None:
                wrong.append(f"{ids}: {link['href']} (no such place)")
                continue
            if place is not post and place.name not in ("section", "a"):
                place = place.find_parent("section") or post
            candidates = ([place] if place.name == "a" else []) + place.find_all("a", href=True)
            if not any(a.get("href", "").endswith(tuple(entry_links)) for a in candidates):
                wrong.append(f"{ids}: {link['href']} (no link to the entry there)")
    assert wrong == []


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_term_links_lead_to_their_definition_and_back(reader, post):
    page = reader.open(post.page)
    term_links = page.get_by_role("main").locator(f'a[href*="{GLOSSARY}#"]')
    assert term_links.count() >= 1, f"{post.title!r} links no glossary term"
    link = term_links.first
    words = normalise(link.inner_text())
    assert words and words in normalise(post.author_text), (
        "the term link changed the author's words"
    )
    # hovering shows the definition: a title at least, or a richer tooltip
    link.hover()
    title = link.get_attribute("title") or ""
    tooltip = page.get_by_role("tooltip").filter(visible=True)
    assert title.strip() or tooltip.count(), "hovering the term shows nothing"
    target = site_path(reader, link.get_attribute("href"))
    link.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    term_id = target.split("#", 1)[1]
    definition = page.locator(f'[id="{term_id}"]')
    expect(definition).to_be_in_viewport()
    # ... and its "Used in" list leads back to this post
    entry = definition.locator("xpath=following-sibling::dd[1]")
    back = [
        ln
        for ln in entry.get_by_role("link").all()
        if (internal_path(reader, ln.get_attribute("href")) or "").split("#")[0] == post.page
    ]
    assert back, f"the entry {term_id} does not list {post.page} under 'Used in'"
    back[0].click()
    page.wait_for_url(re.compile(re.escape(post.page)))
    assert reader.problems == []


@pytest.mark.parametrize("term_id, term", _or_placeholder(TERMS), ids=_ids(TERMS))
def test_searching_a_term_gives_its_glossary_entry_first(reader, term_id, term):
    results = search(reader, term)
    assert results, f"searching {term!r} finds nothing"
    first = results[0]
    assert (first.page, first.anchor) == (GLOSSARY, term_id), (
        f"searching {term!r}: first result is {first.page}#{first.anchor}"
    )


# =============================================================================
# topics
# =============================================================================
def test_landing_page_links_to_the_topics(reader):
    page = reader.open("index.html")
    link = page.locator(f'a[href="{TOPICS}"], a[href="topics/"]').filter(visible=True).first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/topics/(index\.html)?$"))


def test_overview_lists_every_topic_with_its_count(reader):
    page = reader.open(TOPICS)
    slugs = {slug for post in POSTS for slug in post.topics}
    pages = {path for path, _title in TOPIC_PAGES}
    assert {f"topics/{slug}.html" for slug in slugs} <= pages
    main = page.get_by_role("main")
    for path, title in TOPIC_PAGES:
        item = main.get_by_role("listitem").filter(
            has=page.locator(f'a[href="{path[len("topics/") :]}"]')
        )
        expect(item.first).to_be_visible()
        count = re.search(r"\b(\d+)\b", item.first.inner_text().replace(title, ""))
        assert count and int(count.group(1)) >= 1, f"no count for {title!r}"


@pytest.mark.parametrize("path, title", _or_placeholder(TOPIC_PAGES), ids=_ids(TOPIC_PAGES))
def test_topic_page_lists_its_posts_newest_first(reader, path, title):
    page = reader.open(path)
    entries = main_links_to_posts(reader, page)
    assert entries, f"{title!r} lists no post"
    posts = [POST_PAGES[target.split("#")[0]] for _name, target in entries]
    keys = [post.newest_first_key() for post in posts]
    assert keys == sorted(keys), f"{title!r} is not newest first: {[p.title for p in posts]}"
    main_text = page.get_by_role("main").inner_text()
    for post in set(posts):
        assert shows_date(post, main_text), f"{title!r} does not date {post.title!r}"
    slug = path.rsplit("/", 1)[1].removesuffix(".html")
    for post in POSTS:
        if slug in post.topics:
            assert post in posts, f"{post.title!r} has topic {slug} but is not listed"


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_post_links_its_topics(reader, post):
    page = reader.open(post.page)
    main = page.get_by_role("main")
    for slug in post.topics:
        link = main.locator(f'a[href$="topics/{slug}.html"]').first
        expect(link).to_be_visible()
    link = main.locator(f'a[href$="topics/{post.topics[0]}.html"]').first
    link.click()
    page.wait_for_url(re.compile(re.escape(f"topics/{post.topics[0]}.html") + "$"))
    targets = [target.split("#")[0] for _name, target in main_links_to_posts(reader, page)]
    assert post.page in targets


@pytest.mark.parametrize("path, title", _or_placeholder(TOPIC_PAGES), ids=_ids(TOPIC_PAGES))
def test_search_finds_the_topic_page(reader, path, title):
    results = search(reader, title)
    assert path in [result.page for result in results][:3]


# =============================================================================
# chronology: the archive page, related posts, reading time, the feed
# =============================================================================
ARCHIVE_TITLE = re.compile(r"archive|chronolog|by year|all posts", re.I)


def find_archive_page(reader) -> str:
    """The page the landing page links to whose heading names it as the archive."""
    page = reader.open("index.html")
    hrefs = []
    for link in page.get_by_role("main").get_by_role("link").all():
        path = (internal_path(reader, link.get_attribute("href")) or "").split("#")[0]
        if path:
            if (
                path.endswith(".html")
                and path not in POST_PAGES
                and path
                not in (
                    "index.html",
                    "about.html",
                    GLOSSARY,
                    TOPICS,
                    "genindex.html",
                    "search.html",
                )
                and not path.startswith("topics/")
            ):
                hrefs.append(path)
    for path in dict.fromkeys(hrefs):
        page = reader.open(path)
        if ARCHIVE_TITLE.search(page.get_by_role("heading", level=1).first.inner_text()):
            return path
    pytest.fail(f"the landing page links no archive page (checked {hrefs})")


def test_archive_groups_posts_by_year(reader):
    path = find_archive_page(reader)
    page = reader.open(path)
    seen = set()
    for link in page.get_by_role("main").get_by_role("link").all():
        target = (internal_path(reader, link.get_attribute("href")) or "").split("#")[0]
        if target not in POST_PAGES or NOT_A_POST_LINK.match(link.inner_text()):
            continue
        post = POST_PAGES[target]
        # the group's heading: a section heading, or a rubric (a heading in looks only)
        group = link.evaluate(
            """(el) => { const hs = [...document.querySelectorAll('main h2, main h3, main .rubric')]
                .filter(h => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
                return hs.length ? hs[hs.length - 1].innerText : ''; }"""
        )
        if post.date:
            assert post.date[:4] in group, f"{post.title!r} is under {group!r}"
        else:
            assert "unknown" in group.lower() or "undated" in group.lower(), (
                f"{post.title!r} (date unknown) is under {group!r}"
            )
            entry = link.locator("xpath=ancestor::li[1]")
            text = entry.inner_text() if entry.count() else group
            assert shows_date(post, text), f"{post.title!r}: what is known is not shown"
        seen.add(post)
    assert seen == set(POSTS)


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.docname)
def test_post_shows_related_posts_and_reading_time(reader, post):
    page = reader.open(post.page)
    main = page.get_by_role("main")
    expect(main.get_by_text(re.compile(r"\b\d+\s*min(ute)?s?\b", re.I)).first).to_be_visible()
    related = main.get_by_text(re.compile(r"^\s*Related posts", re.I)).first
    expect(related).to_be_visible()
    others = [
        target
        for _name, target in main_links_to_posts(reader, page)
        if target.split("#")[0] != post.page
    ]
    assert others, f"{post.title!r} shows no related post"


@pytest.mark.parametrize("path", ["index.html", POSTS[0].page])
def test_feed_is_linked_and_served(reader, path):
    page = reader.open(path)
    feed = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(feed).to_have_count(1)
    href = feed.get_attribute("href")
    # the link is absolute (html_baseurl); the same path is served by the test server
    path = urlsplit(href).path if urlsplit(href).scheme else site_path(reader, href)
    response = page.request.get(reader.url(path))
    assert response.ok
    body = response.text()
    assert "<feed" in body and body.count("<entry") == len(POSTS)
