"""Search, typed into the search box like a person (issue 17: "Search a reader
trusts: the right result first, every result distinct, the excerpt shows the
match").

* Ranking: each case of ``expectations.RANK_CASES`` (terms, names, phrases,
  quoted phrases, non-ASCII, headings, blurbs, titles, editorial pages) has its
  right first result and places that must be in the top 3.
* Every result distinct: no two of the top 5 look the same or lead to the
  same place; a post's sections show as "Post › Section", never the same title
  twice in a row.
* Excerpts show the match, from the author's text (never the About box, the
  navigation or the theme's buttons); posts show their date and summary.
* No page is fetched to show a result; axe-core finds nothing serious on the
  results page, in both colour modes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect
from support.textutil import normalise

from .actions import SEARCH_DONE, search, serious_violations
from .expectations import LISTING_QUERIES, PHRASES, POST_BY_NAME, POSTS, RANK_CASES, SEARCH_CASES

POST_PAGES = {post.page: post for post in POSTS}


# -- what the results page shows ------------------------------------------------------
@dataclass(frozen=True)
class Shown:
    page: str
    anchor: str
    title: str  # the link: "Post title › Section", a term, a page title
    lines: tuple[str, ...]  # what is under it: date or "Glossary", excerpt, summary
    excerpt: str
    marks: tuple[str, ...]  # the words marked in the excerpt
    summary: str
    kind: str  # post, term, page

    @property
    def place(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else self.page

    def leads_to(self, place: str) -> bool:
        return self.place == place if "#" in place else self.page == place


_READ = """() => [...document.querySelectorAll('#search-results ul.search > li')].map((li) => {
  const link = li.querySelector(':scope > a');
  const context = li.querySelector(':scope > p.context');
  const summary = li.querySelector(':scope > p.archive-result-summary');
  return {
    href: link.getAttribute('href'), title: link.innerText,
    lines: [...li.querySelectorAll(':scope > p')].map((p) => p.innerText),
    excerpt: context ? context.innerText : '',
    marks: context ? [...context.querySelectorAll('mark')].map((m) => m.innerText) : [],
    summary: summary ? summary.innerText : '',
    kind: (li.className.match(/archive-result-(\\w+)/) || [, ''])[1],
  };
})"""

_SHOWN: dict[str, list[Shown]] = {}


def shown(reader, query: str) -> list[Shown]:
    """The results for *query* as the page shows them (searched once per session)."""
    if query not in _SHOWN:
        search(reader, query)
        assert reader.problems == [], reader.problems
        results = []
        for item in reader.page.evaluate(_READ):
            path, _, anchor = item["href"].partition("#")
            results.append(
                Shown(
                    path,
                    anchor,
                    normalise(item["title"]),
                    tuple(normalise(line) for line in item["lines"]),
                    normalise(item["excerpt"]),
                    tuple(item["marks"]),
                    normalise(item["summary"]),
                    item["kind"],
                )
            )
        _SHOWN[query] = results
    return _SHOWN[query]


def fold(text: str) -> str:
    """As the search compares text: no case, no accents, straight quotes and dashes."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return normalise(re.sub(r"[‘’]", "'", re.sub(r"[“”]", '"', re.sub(r"[‐-―]", "-", text))))


_STOPWORDS = {
    "a",
    "an",
    "and",
    "are",
    "at",
    "for",
    "in",
    "is",
    "of",
    "on",
    "or",
    "the",
    "to",
    "was",
}


def query_words(query: str) -> list[str]:
    words = re.findall(r"\w+", fold(query))
    return [w for w in words if w not in _STOPWORDS] or words


# =============================================================================
# ranking
# =============================================================================
def test_there_are_enough_ranking_cases():
    assert len(RANK_CASES) >= 40
    covered = " ".join(case.covers for case in RANK_CASES)
    for kind in (
        "term",
        "name",
        "phrase",
        "quoted",
        "non-ASCII",
        "heading",
        "blurb",
        "post title",
        "page title",
    ):
        assert kind in covered, f"no ranking case for {kind}"


@pytest.mark.parametrize("case", RANK_CASES, ids=str)
def test_ranking(reader, case):
    results = shown(reader, case.query)
    places = [r.place for r in results]
    assert results, f"searching {case.query!r} finds nothing"
    assert results[0].leads_to(case.first), (
        f"searching {case.query!r} ({case.covers}): first is {places[0]}, not {case.first}; "
        f"top 3: {places[:3]}"
    )
    for place in case.top3:
        assert any(r.leads_to(place) for r in results[:3]), (
            f"searching {case.query!r}: {place} not in the top 3 {places[:3]}"
        )


def test_search_finds_the_glossary_entry_as_the_term_and_its_definition(reader):
    """The entry of a term: the term, "Glossary", the first sentence of the
    definition; no second look-alike result for the same entry."""
    results = shown(reader, "open core")
    entry = results[0]
    assert entry.title == "open core" and entry.kind == "term"
    assert entry.lines[0] == "Glossary"
    assert entry.excerpt.startswith(
        "A business model in which the core of a product is open source"
    )
    assert [r.place for r in results].count(entry.place) == 1
    assert not any(r.page == entry.page and r.kind == "page" for r in results[:3])


# =============================================================================
# every result distinct
# =============================================================================
@pytest.mark.parametrize("query", LISTING_QUERIES)
def test_no_two_of_the_top_results_look_alike(reader, query):
    top = shown(reader, query)[:5]
    places = [r.place for r in top]
    assert len(set(places)) == len(places), f"{query!r}: two results lead to one place: {places}"
    pages = [r.page for r in top if r.kind == "post"]
    assert len(set(pages)) == len(pages), f"{query!r}: a post listed twice: {pages}"
    faces = [(r.title, r.lines[:1]) for r in top]
    assert len(set(faces)) == len(faces), f"{query!r}: two results look the same: {faces}"
    for before, after in zip(top, top[1:]):
        assert before.title != after.title, f"{query!r}: the same title twice in a row"


# =============================================================================
# excerpts
# =============================================================================
def _shows(text: str, words: list[str]) -> bool:
    """Whether *text* shows one of *words* (or a word of the same stem: its beginning)."""
    folded = fold(text)
    return any(
        re.search(r"(?<!\w)" + re.escape(w[: max(4, len(w) - 5)] if len(w) > 4 else w), folded)
        for w in words
    )


@pytest.mark.parametrize("query", LISTING_QUERIES)
def test_excerpts_show_the_query(reader, query):
    """Each of the top 5 shows the matched words: marked in its excerpt, or, when
    they are only in a heading or a title, in the result's title."""
    words = query_words(query)
    for result in shown(reader, query)[:5]:
        if result.marks:
            assert all(_shows(mark, words) for mark in result.marks), (query, result.marks)
        else:
            assert _shows(result.title, words), (
                f"{query!r}: {result.place} shows no match: {result.title!r} / {result.excerpt!r}"
            )


@pytest.mark.parametrize(
    "query",
    [
        "open core",
        "Amazon was the goat",
        "Money is a time machine",
        "venture time continuum",
        '"big companies"',
    ],
)
def test_the_excerpt_shows_the_phrase(reader, query):
    """Where a post has the words as a phrase, its excerpt marks the phrase."""
    post = next(r for r in shown(reader, query) if r.kind == "post")
    wanted = fold(query.strip('"')).replace("-", " ")
    marks = [fold(m).replace("-", " ") for m in post.marks]
    assert wanted in marks, f"{query!r}: the excerpt of {post.place} marks {marks}"


@pytest.mark.parametrize("query", LISTING_QUERIES[:30])
def test_excerpts_of_posts_are_the_authors_text(reader, query):
    """Never the About box, the navigation box, the citation or buttons."""
    for result in shown(reader, query):
        if result.kind != "post":
            continue
        post = POST_PAGES[result.page]
        text = fold(post.author_text)
        for part in re.split(r"\s*…\s*", result.excerpt):
            assert fold(part) in text, (
                f"{query!r}: {part!r} is not the author's text of {post.title!r}"
            )


def test_results_show_each_posts_date_and_summary(reader, screenshot):
    results = {r.page: r for r in shown(reader, "open source")}
    for post in POSTS:
        assert post.page in results, f"{post.title!r} not found by 'open source'"
        result = results[post.page]
        assert result.title.startswith(normalise(post.title))
        # the date right under the title, the editors' summary last
        for words in post.date_words():
            assert words in result.lines[0], f"result for {post.title!r} shows {result.lines[0]!r}"
        assert result.summary.startswith("Summary:")
        assert result.lines[-1] == result.summary
    search(reader, "open source")
    screenshot(reader.page, "search-results")


def test_results_for_a_post_section_show_the_section_and_the_date(reader):
    post = POST_BY_NAME["have-opensource-will-profit"]
    result = shown(reader, "ubiquity popularity")[0]
    assert result.page == post.page and result.anchor == "thought-ubiquity"
    assert " › OSS value to the business increases with ubiquity/popularity" in result.title
    assert all(words in result.lines[0] for words in post.date_words())


def test_result_text_is_not_the_themes(reader):
    """Nothing of the theme's buttons (colour mode menu) or its print-only table
    of contents, nor of the editorial boxes of the posts."""
    for query in ("open source", "containers", "Terabass"):
        for result in shown(reader, query):
            text = " ".join((result.title, *result.lines))
            for chrome in (
                "System Settings",
                "Color mode",
                "Contents",
                "About this post",
                "Cite this post",
                "More from the archive",
                "Related posts",
            ):
                assert chrome not in text, f"{query!r}: {result.place}: {text!r}"


# =============================================================================
# phrases and quotes
# =============================================================================
def test_a_quoted_phrase_matches_the_phrase_only(reader):
    loose = shown(reader, "open core")
    quoted = shown(reader, '"open core"')
    assert quoted and len(quoted) <= len(loose)
    for result in quoted:
        assert "open core" in fold(" ".join((result.title, result.excerpt))), result.place
    # and a phrase nowhere in the archive finds nothing, though both words are there
    assert shown(reader, '"core open"') == []
    assert shown(reader, "core open")


def test_words_in_a_phrase_rank_above_the_same_words_scattered(reader):
    """ "big companies": the post whose title and text have the phrase first; the
    post that has both words apart ("companies"... "big") later, if at all."""
    results = shown(reader, "big companies")
    places = [r.page for r in results]
    assert places[0] == POST_BY_NAME["start-ups-are-time-machines-for-big-companies"].page


# =============================================================================
# the rest of the page
# =============================================================================
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
    pages = list(dict.fromkeys(result.page for result in results))
    assert case.page in pages[: case.within], (
        f"searching {case.query!r}: {case.page} not among the first {case.within} pages of {pages}"
    )
    if case.first:
        assert pages[0] == case.page, f"searching {case.query!r}: first is {pages[0]}"
    assert reader.problems == []


def test_no_page_is_fetched_to_show_results(reader):
    """The excerpts come with the search data: showing 20 results fetches no page."""
    page = reader.open("search.html")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    search(reader, "open source")
    pages = [url for url in fetched if url.split("?")[0].split("#")[0].endswith(".html")]
    assert all(re.search(r"/search\.html$", url.split("?")[0]) for url in pages), pages
    assert any(url.endswith("archive-searchdata.js") for url in fetched)
    # ... and its parts: the text of the posts, by year
    for part in ("2016", "undated", "pages"):
        assert any(url.endswith(f"archive-searchdata-{part}.js") for url in fetched), part


# =============================================================================
# the search data in parts
# =============================================================================
PARTS = re.compile(r"/archive-searchdata-[0-9a-z]+\.js$")
_LISTED = """() => [...document.querySelectorAll('#search-results ul.search > li')].map((li) => ({
  href: li.querySelector('a').getAttribute('href'),
  excerpt: (li.querySelector(':scope > p.context') || {}).innerText || '',
  marks: [...li.querySelectorAll(':scope > p.context mark')].map((m) => m.innerText),
  text: li.innerText}))"""


def _hold_parts(reader):
    """Hold back the requests for the search data's further parts (the text
    of the places); the function returned lets them (and later ones) through."""
    held: list = []
    released: list = []

    def hold(route) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    reader.context.route(PARTS, hold)

    def release() -> None:
        released.append(True)
        for route in held:
            route.continue_()

    return release


def _open_early(reader, path: str):
    """Open *path* without waiting for the page's load event (which waits for
    the scripts held back)."""
    reader.problems = []
    reader.page.goto(reader.url(path), wait_until="domcontentloaded")
    return reader.page


def _result_of(page, post):
    """The result that leads to *post*."""
    link = page.get_by_role("link", name=post.title, exact=True)
    return page.locator("#search-results ul.search > li").filter(has=link)


def _listed(page) -> list[dict]:
    found = page.evaluate(_LISTED)
    for item in found:
        item["place"] = item["href"]
    return found


def test_the_first_part_lists_a_post_by_its_title(fresh_reader, reader):
    """Sphinx's index and the first part of the search data are enough to list
    a post found by its title, with its date and summary; its excerpt comes
    with its part, and then the results are those of a search with all the
    data at once."""
    post = POST_BY_NAME["start-ups-are-time-machines-for-big-companies"]
    release = _hold_parts(fresh_reader)
    page = _open_early(fresh_reader, "search.html?q=time+machines")
    result = _result_of(page, post)
    expect(result).to_be_visible()
    expect(result).to_contain_text("Summary:")
    for words in post.date_words():
        expect(result).to_contain_text(words)
    assert result.locator("p.context").count() == 0  # no text yet, so no excerpt
    assert not page.get_by_text(SEARCH_DONE).is_visible()  # ... and not finished
    release()
    expect(page.get_by_text(SEARCH_DONE)).to_be_visible()
    expect(result.locator("p.context mark").first).to_be_visible()
    assert [r["place"] for r in _listed(page)] == [r.place for r in shown(reader, "time machines")]
    assert fresh_reader.problems == []


def test_a_phrase_of_a_posts_text_is_found_when_its_part_is_in(fresh_reader):
    """Words only in a post's text: nothing is listed as found before the text
    is in; then the post, with the phrase marked in its excerpt."""
    post = POST_BY_NAME["have-opensource-will-profit"]
    release = _hold_parts(fresh_reader)
    page = _open_early(fresh_reader, "search.html?q=" + quote_plus("Amazon was the goat"))
    # the query has run on the first part: the post is not listed yet, the search goes on
    page.wait_for_function("() => ArchiveSearch.shown !== null")
    assert _result_of(page, post).count() == 0
    expect(page.locator("#search-results h2")).to_have_text(re.compile("^Searching"))
    assert not page.get_by_text(SEARCH_DONE).is_visible()
    release()
    expect(page.get_by_text(SEARCH_DONE)).to_be_visible()
    found = _listed(page)
    assert found and found[0]["place"].split("#")[0] == post.page
    assert "amazon was the goat" in [m.lower() for m in found[0]["marks"]]
    assert "Amazon was the goat" in found[0]["excerpt"]
    assert fresh_reader.problems == []


def test_a_part_that_cannot_be_had_leaves_the_rest(fresh_reader):
    """A part that fails to load: the search still finishes, with the results
    the other parts give (a post found by its title, without an excerpt)."""
    post = POST_BY_NAME["start-ups-are-time-machines-for-big-companies"]
    fresh_reader.context.route(re.compile(r"/archive-searchdata-undated\.js$"), lambda r: r.abort())
    page = fresh_reader.open("search.html?q=time+machines")
    expect(page.get_by_text(SEARCH_DONE)).to_be_visible()
    result = _result_of(page, post)
    expect(result).to_be_visible()
    assert result.locator("p.context").count() == 0
    # the one failure is that request's
    assert fresh_reader.problems
    assert all("archive-searchdata-undated.js" in p for p in fresh_reader.problems), (
        fresh_reader.problems
    )


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_results_page_has_no_serious_accessibility_violations(fresh_reader, mode, screenshot):
    page = fresh_reader.page
    page.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    for query in ("open core", "open source"):
        search(fresh_reader, query)
        assert page.locator("html").get_attribute("data-theme") == mode
        expect(page.locator("#search-results mark").first).to_be_visible()
        assert serious_violations(page) == [], f"{query!r} in {mode} mode"
    screenshot(page, f"search-results-{mode}")


def test_keyboard_shortcut_opens_search(reader):
    page = reader.open(POSTS[0].page)
    page.keyboard.press("Control+k")
    field = page.get_by_role("dialog").get_by_role("searchbox")
    expect(field).to_be_focused()
    field.press_sequentially("Terabass")
    field.press("Enter")
    expect(page.get_by_text(re.compile(r"^Search finished"))).to_be_visible()
    expect(
        page.locator("#search-results").get_by_role("link", name=POSTS[0].title).first
    ).to_be_visible()


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
    expect(
        page.locator("#search-results").get_by_role("link", name=post.title).first
    ).to_be_visible()


def test_summary_of_a_result_whose_anchor_has_no_text(reader):
    """Without the search data, Sphinx's own summaries are used: an index
    entry's anchor is an empty element; the result gets the page's summary
    instead of an uncaught TypeError that stops the result list."""
    search(reader, "cloud")
    summary = reader.page.evaluate(
        """() => Search.makeSearchSummary(
             '<div role="main"><span id="index-0"></span><p>Clouds are agile.</p></div>',
             ['cloud'], '#index-0').textContent"""
    )
    assert "Clouds are agile." in summary
