"""Search on sites built for these tests, in the browser:

* the ``search`` test root (tests/roots/test-search): a word only in a
  footnote, words in other scripts and with accents, a phrase against the same
  words scattered, a quoted phrase, an editorial introduction that names the
  same things as the posts;
* the archive itself built with the theme's search-as-you-type turned on: the
  search dialog on any page lists the same results, in the same order, as the
  search page.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote_plus, urljoin

import pytest
from playwright.sync_api import expect
from support.archivebuild import copy_root, sphinx_build
from support.paths import REPO as ROOT

from .conftest import _context, _QuietHandler

SEARCH_DONE = re.compile(r"^(Search finished|Your search did not match)")


@pytest.fixture(scope="module")
def serve():
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def page_of(browser):
    contexts = []

    def open_page(base_url: str):
        context = _context(browser, base_url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems = []
        page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.problems = problems
        return page

    yield open_page
    for context in contexts:
        context.close()


def results(page, base_url: str, query: str) -> list[dict]:
    """Open the search page for *query*; the results: site path (with #anchor), text."""
    page.goto(base_url + "search.html?q=" + quote_plus(query))
    expect(page.get_by_text(SEARCH_DONE)).to_be_visible()
    return _listed(page, "#search-results", base_url)


def _listed(page, where: str, base_url: str) -> list[dict]:
    found = page.evaluate(
        """(where) => [...document.querySelectorAll(where + ' ul.search > li')].map((li) => ({
             href: li.querySelector('a').getAttribute('href'), text: li.innerText,
             marks: [...li.querySelectorAll('p.context mark')].map((m) => m.innerText)}))""",
        where,
    )
    for item in found:
        item["place"] = urljoin(page.url, item["href"])[len(base_url) :]
    return found


# -- the search test root --------------------------------------------------------------
@pytest.fixture(scope="module")
def test_site(tmp_path_factory, serve):
    work = tmp_path_factory.mktemp("search-root")
    sphinx_build(copy_root("search", work), work / "build")
    return serve(work / "build" / "html")


@pytest.mark.parametrize(
    "query, first",
    [
        ("quokka", "posts/market.html#harbour"),  # only in a footnote of the Harbour section
        ("Москва", "posts/far-away.html"),  # Cyrillic
        ("москва", "posts/far-away.html"),  # ... in lower case
        ("Αθηνα", "posts/far-away.html"),  # Greek, without its accent
        ("東京", "posts/far-away.html"),  # part of a Japanese word (no spaces between words)
        ("Ακρόπολη", "posts/far-away.html#id1"),  # under a Greek heading
        ("Soren", "posts/far-away.html"),  # the text says Søren
        ("naive cafe", "posts/far-away.html"),  # naïve café
        ("Krakow", "posts/far-away.html"),  # Kraków
        ("red apple", "posts/market.html"),  # the phrase beats the words scattered, often
        ("tall ship", "glossary.html#term-tall-ship"),  # the term first ...
    ],
)
def test_test_root_search(page_of, test_site, query, first):
    page = page_of(test_site)
    found = results(page, test_site, query)
    assert found and found[0]["place"] == first, (query, [f["place"] for f in found])
    assert found[0]["marks"], f"{query!r}: the excerpt marks nothing"
    assert page.problems == []


def test_test_root_phrase_and_editorial_order(page_of, test_site):
    page = page_of(test_site)
    places = [f["place"] for f in results(page, test_site, "red apple")]
    # the phrase, then the same words scattered, then the editorial introduction
    assert places == ["posts/market.html", "posts/orchard.html", "index.html"]
    quoted = [f["place"] for f in results(page, test_site, '"red apple"')]
    assert quoted == ["posts/market.html", "index.html"]
    # ... then the posts that use the term, the introduction last
    places = [f["place"] for f in results(page, test_site, "tall ship")]
    assert places == ["glossary.html#term-tall-ship", "posts/market.html", "index.html"]
    # a word of an About box (the editors' notes) does not find the post
    assert "posts/orchard.html" not in [f["place"] for f in results(page, test_site, "Rottnest")]


# -- the theme's search-as-you-type --------------------------------------------------------
@pytest.fixture(scope="module")
def as_you_type_site(tmp_path_factory, serve):
    """The archive, built as `make html` does, with the theme's search-as-you-type on."""
    build = tmp_path_factory.mktemp("search-as-you-type")
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-c",
        str(ROOT),
        "-d",
        str(build / "doctrees"),
        str(ROOT / "docs"),
        str(build / "html"),
        "-q",
        "-nW",
        "--keep-going",
        "-D",
        "html_theme_options.search_as_you_type=true",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return serve(build / "html")


@pytest.mark.parametrize("query", ["open core", "Mårten", '"time machine"', "containers"])
def test_search_as_you_type_ranks_as_the_search_page(page_of, as_you_type_site, query):
    page = page_of(as_you_type_site)
    on_search_page = [f["place"] for f in results(page, as_you_type_site, query)]
    page.goto(as_you_type_site + "posts/have-opensource-will-profit.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_focused()
    field.press_sequentially(query)
    dialog = page.locator("#pst-search-dialog")
    expect(dialog.get_by_text(SEARCH_DONE)).to_be_visible()
    in_dialog = [
        f["place"] for f in _listed(page, "#pst-search-dialog #search-results", as_you_type_site)
    ]
    assert in_dialog == on_search_page
    assert page.problems == []
