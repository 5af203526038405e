"""This edition's part of :mod:`tool.extension.test_glossary`: the same checks on the built site
and PDF of Agile in the Clouds.

The glossary: term links, "Used in" back-references, hover definitions,
searchable terms, unknown terms, the index of names; correct under
incremental and parallel builds.

Test roots: tests/roots/test-glossary (a glossary and pages using its terms)
and tests/roots/test-glossary-unknown. The real site: build/html and the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.paths import REPO as ROOT
from support.paths import SOURCE
from support.textutil import normalise
from tool.extension.test_glossary import (
    check_hover_titles,
    check_used_in,
    glossary_entries,
    main_content,
    search_index,
    soup,
    term_objects,
)

from postarchive.core.frontmatter import parse_post

POSTS = ROOT / "docs" / "posts"


# -- the real site ------------------------------------------------------------------
def post_pages(site: Path) -> list[tuple[Path, dict]]:
    pages = []
    for md in sorted(POSTS.glob("*.md")):
        info = parse_post(md.read_text(encoding="utf-8"))
        pages.append((site / "posts" / (md.stem + ".html"), info))
    assert len(pages) == 3
    return pages


def test_site_used_in_and_hover(site):
    entries = check_used_in(site)
    assert len(entries) >= 15
    names = {n for e in entries for n in e["names"]}
    assert {"open core", "time machine", "universal installer"} <= names
    # every entry is used somewhere, and each has a "See also"
    for entry in entries:
        assert entry["used_in"], f"{entry['names']} is used nowhere"
    text = main_content(soup(site / "glossary.html")).get_text(" ")
    assert text.count("See also:") == len(entries)
    assert check_hover_titles(site, entries) >= 40


def author_text(content) -> str:
    """The author's words on a post page: the content without editorial boxes
    and heading anchors (whitespace normalised, nothing else)."""
    content = BeautifulSoup(str(content), "html.parser")
    for extra in content.select(".editorial, .editorial-line, a.headerlink"):
        extra.decompose()
    return normalise(content.get_text(""))


def test_site_post_text_is_unchanged(site):
    source = SOURCE.read_text(encoding="utf-8").splitlines()
    for page, info in post_pages(site):
        first, last = info.source_lines
        expected = normalise(" ".join(source[first - 1 : last]))
        assert author_text(main_content(soup(page))) == expected, page.name


def _term_pattern(name: str) -> str:
    """How a term shows up in running text: any case, words joined by a space,
    an NBSP, a hyphen or nothing; a plural or -ing/-ation ending."""
    words = []
    for word in name.split():
        if word.endswith("e") and len(word) > 3:
            words.append(re.escape(word[:-1]) + r"(?:e|es|ed|ing|ation)?")
        else:
            words.append(re.escape(word) + r"(?:s|es)?")
    return r"(?<!\w)" + r"[\s\u00a0-]?".join(words) + r"(?!\w)"


def scopes(content) -> list:
    """The parts of a post in which each term's first use must be a link: the
    whole post, except the roundup, whose article blurbs are scopes of their
    own (as is the text before them)."""
    top = content.find("section")
    if not top.select(".archive-blurb"):
        return [top]
    parts = []
    intro = BeautifulSoup(str(top), "html.parser").find("section")
    for sub in intro.find_all("section", recursive=False):
        sub.decompose()
    parts.append(intro)
    parts.extend(top.find_all("section", recursive=False))
    return parts


def linked_text(scope, glossary_ids) -> tuple[str, list[str | None]]:
    """The scope's author text (without its page title) and, per character,
    the term anchor of the link it is in (or None)."""
    scope = BeautifulSoup(str(scope), "html.parser")
    for extra in scope.select(".editorial, .editorial-line, a.headerlink, h1"):
        extra.decompose()
    text, owner = [], []
    for piece in scope.find_all(string=True):
        link = piece.find_parent("a")
        anchor = None
        if link is not None and link.find("span", class_="std-term", recursive=False):
            anchor = link["href"].partition("#")[2]
            assert anchor in glossary_ids
        text.append(str(piece))
        owner.extend([anchor] * len(piece))
    return "".join(text), owner


def test_site_first_use_of_each_term_is_a_link(site):
    entries = glossary_entries(site)
    ids = {i for e in entries for i in e["ids"]}
    terms = {name: anchor for e in entries for name, anchor in zip(e["names"], e["ids"])}
    checked = 0
    for page, _info in post_pages(site):
        for scope in scopes(main_content(soup(page))):
            text, owner = linked_text(scope, ids)
            used = set()
            for name, anchor in terms.items():
                match = re.search(_term_pattern(name), text, re.I)
                if not match:
                    continue
                owners = set(owner[match.start() : match.end()])
                assert owners == {anchor}, (
                    f"{page.name}: first use of {name!r} ({match.group(0)!r}) is not a link to it"
                )
                used.add(anchor)
            # and only first uses are links: one link per term used in the scope
            links = [
                a
                for a in scope.select("a.reference.internal")
                if a.find("span", class_="std-term", recursive=False)
            ]
            assert len(links) == len(used), f"{page.name}: a term linked twice in one part"
            checked += len(used)
    assert checked >= 40


def test_site_terms_are_searchable(site):
    objects = term_objects(search_index(site))
    for entry in glossary_entries(site):
        for name, anchor in zip(entry["names"], entry["ids"]):
            assert objects.get(name) == ("glossary", anchor, 0), name


#: people, organisations and products the posts name (index entry text)
NAMES = [
    "Hirschfeld, Rob",
    "Mickos, Mårten",
    "Battery Ventures",
    "Dell",
    "RackN",
    "Digital Rebar",
    "OpenStack",
    "OpenStack SuperUser",
    "Docker",
    "Amazon",
    "AWS",
    "RDS",
    "MySQL",
    "Oracle",
    "VMware",
    "Terabass",
    "Wikimedia Commons",
    "DeLorean",
]


def test_site_index_of_names(site):
    genindex = soup(site / "genindex.html")
    found = {}
    for item in genindex.select("table.indextable li"):
        label = next((s.strip() for s in item.find_all(string=True) if s.strip()), "")
        links = [a["href"] for a in item.find_all("a", recursive=False)]
        if links:
            found.setdefault(label, []).extend(links)
    for name in NAMES:
        assert found.get(name), f"{name} is not in the index with a link"
        for href in found[name]:
            page, _, fragment = href.partition("#")
            assert page.startswith("posts/"), f"{name}: {href}"
            assert soup(site / page).find(id=fragment), f"{name}: no anchor {href}"
    # the author's spelling stays in his text; the index has the right name
    post = soup(site / "posts" / "have-opensource-will-profit.html")
    assert "Marten Mickos" in post.get_text() and "Mårten" not in author_text(main_content(post))


def test_pdf_glossary_and_index(site, pdf_path):
    from support.textutil import pdf_body_text

    text = pdf_body_text(pdf_path)
    start = re.search(r"Chapter \d+ Glossary ", text)
    assert start, "no Glossary chapter in the PDF"
    glossary = text[start.end() :]
    glossary = glossary[: re.search(r"Chapter \d+ ", glossary).start()]
    entries = glossary_entries(site)
    assert glossary.count("Used in:") == len(entries)
    # the posts are in their years' volumes, each with its own page numbers and
    # index: "Used in" gives a post's page in its volume ("p. 2016:3"), and each
    # volume's index in the book gives the pages of its entries
    assert re.search(r"Used in: 2016 \(\d+\): Have OpenSource.*\(p\. 2016:\d+\)", glossary)
    index = text[text.index(" Index A ") :]
    for name in ("Mickos, Mårten", "Battery Ventures", "Wikimedia Commons", "open core"):
        assert re.search(re.escape(name) + r",\s*\d", index), f"{name} not in the PDF index"


@pytest.mark.parametrize("term", ["open core", "time machine", "universal installer"])
def test_site_search_finds_the_glossary_entry_first(site, term):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("chromium is needed for the browser tests (make installs it)")
    url = (site / "search.html").as_uri() + "?q=" + term.replace(" ", "+")
    dom = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=8000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    results = BeautifulSoup(dom, "html.parser").select("#search-results li a")
    assert results, f"no search results for {term!r}"
    assert results[0]["href"] == "glossary.html#term-" + term.replace(" ", "-")
