"""Glossary terms link themselves (postarchive.content.autolink), on a small root:
longest match, case, plurals and possessives, aliases, exclusions (code,
links, headings, editorial matter), opt-outs, explicit roles, the roundup's
per-blurb rule; the author's text unchanged; -j 2 equal to -j 1; incremental
builds equal to clean builds when the glossary changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.archivebuild import copy_root, diff_sites, edit, sphinx_build
from support.paths import ROOTS

from postarchive.content.autolink import Entry, Matcher, entries_of, glossary_blocks


def links(html: Path) -> list[tuple[str, str]]:
    """(link text, glossary anchor) of every term link in the page's text."""
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one('div[role="main"]') or soup
    return [
        (" ".join(a.get_text().split()), a["href"].split("#")[-1])
        for a in body.select("a.reference.internal")
        if a.find(class_="std-term")
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("autolink")
    src = copy_root("autolink", tmp)
    sphinx_build(src, tmp / "out")
    return tmp / "out" / "html"


def test_first_uses_link_themselves(site):
    assert links(site / "posts/first.html") == [
        ("OPEN SOURCE BUSINESS MODEL", "term-open-source-business-model"),  # longest first
        ("Open Source", "term-open-source"),  # case-insensitive; "OSS" after it: same entry
        ("companies’", "term-company"),  # plural and possessive (quotes are curled)
        ("virtual machines", "term-virtual-machine"),  # "VMs" after it: same entry
        ("all-things-open", "term-all-things-open"),  # "thing": :no-autolink:
        ("once more", "term-open-source"),  # a role links a later use
    ]


def test_the_authors_text_is_unchanged(site):
    """Only link nodes are put around words: each paragraph reads as written
    (quotes curled by Sphinx's smart quotes, as on every page)."""
    src = ROOTS / "test-autolink" / "posts" / "first.md"
    page = BeautifulSoup((site / "posts/first.html").read_text(encoding="utf-8"), "html.parser")
    shown = [" ".join(p.get_text().split()) for p in page.select('div[role="main"] p')]
    for paragraph in src.read_text(encoding="utf-8").split("---", 2)[2].split("\n\n"):
        if not paragraph.strip() or paragraph.startswith("#"):
            continue
        plain = re.sub(r"\{term\}`([^<`]*?) <[^>]*>`", r"\1", paragraph)
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain).replace("`", "")
        plain = " ".join(plain.replace("'", "’").split())
        assert plain in shown, plain


def test_no_link_in_code_links_headings_or_editorial_matter(site):
    page = BeautifulSoup((site / "posts/first.html").read_text(encoding="utf-8"), "html.parser")
    for selector in ("code", "h1", "h2", ".archive-about", ".archive-cite"):
        for element in page.select(selector):
            assert element.select(".std-term") == [], selector
    external = page.select_one('a[href="https://example.org/"]')
    assert external.get_text() == "open source" and not external.select(".std-term")


def test_a_post_can_opt_out(site):
    assert links(site / "posts/second.html") == []


def test_each_blurb_of_a_roundup_has_its_own_first_use(site):
    assert links(site / "posts/third.html") == [
        ("open source", "term-open-source"),  # the introduction
        ("Open source", "term-open-source"),  # the first blurb ("again": not)
        ("role", "term-company"),  # a typed role takes its entry ("the company": not)
        ("open source", "term-open-source"),  # the second blurb
    ]


def test_used_in_lists_the_automatic_links(site):
    glossary = BeautifulSoup((site / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    term = glossary.find(id="term-open-source")
    used = term.find_next(class_="archive-used-in")
    hrefs = [a["href"] for a in used.select("a")]
    assert "posts/first.html" in hrefs and "posts/third.html" in hrefs
    assert not any(h.startswith("posts/second") for h in hrefs)


def test_matcher_unit_rules():
    m = Matcher(
        (
            Entry(("open source",)),
            Entry(("open source business model",)),
            Entry(("VM",)),
            Entry(("start-up",)),
        )
    )
    found = [
        (s, e, n)
        for s, e, n, _i in m.find(
            "open-source business models, a vm, two VMs, three start-ups, non-start-up, "
            "reopen source"
        )
    ]
    assert [n for *_x, n in found] == ["open source business model", "VM", "start-up", "start-up"]
    assert "‘open source’" not in [n for *_x, n in found]
    quoted = list(m.find("the ‘open source’ of it"))
    assert quoted[0][0:2] == (5, 16)  # the closing quote is not part of the link


def test_glossary_source_parsing():
    text = (
        "# G\n\n```{glossary}\n:sorted:\n:no-autolink: b; c\n\na\n  def\n\nb\nc : key\n"
        "  def\n.. comment\n   more\n\nd\n  def\n```\n"
    )
    ((options, content),) = glossary_blocks(text)
    assert options == {"sorted": "", "no-autolink": "b; c"}
    assert entries_of(options, content) == [
        Entry(("a",)),
        Entry(("b", "c"), autolink=False),
        Entry(("d",)),
    ]


def test_parallel_build_equals_serial_build(tmp_path):
    src = copy_root("autolink", tmp_path)
    sphinx_build(src, tmp_path / "j1", jobs=1)
    sphinx_build(src, tmp_path / "j2", jobs=2)
    assert diff_sites(tmp_path / "j1/html", tmp_path / "j2/html") == []


@pytest.mark.parametrize("change", ["add-term", "remove-term", "rename-term", "quiet-term"])
def test_glossary_changes_are_incremental(tmp_path, change):
    """Adding, removing, renaming a term or marking it :no-autolink: rewrites
    the posts whose links change: the incremental build equals a clean one."""
    src = copy_root("autolink", tmp_path)
    sphinx_build(src, tmp_path / "inc")
    glossary = src / "glossary.md"
    if change == "add-term":
        edit(
            glossary,
            "\nthing\n  A common",
            "\nintroduction\n  The start of a post.\n\nthing\n  A common",
        )
    elif change == "remove-term":
        edit(glossary, "company\n  A firm.\n\n", "")
        for post in ("first.md", "third.md"):  # and the roles that named it
            path = src / "posts" / post
            path.write_text(
                path.read_text(encoding="utf-8").replace("{term}`role <company>`", "role"),
                encoding="utf-8",
            )
    elif change == "rename-term":
        edit(glossary, "all-things-open\n", "all things open\n")
    else:
        edit(glossary, ":no-autolink: thing", ":no-autolink: thing; company")
    result = sphinx_build(src, tmp_path / "inc")
    sphinx_build(src, tmp_path / "clean")
    assert diff_sites(tmp_path / "inc/html", tmp_path / "clean/html") == [], result.stdout
    first = links(tmp_path / "inc/html/posts/first.html")
    if change == "add-term":
        assert ("introduction", "term-introduction") in links(
            tmp_path / "inc/html/posts/third.html"
        )
    elif change in ("remove-term", "quiet-term"):
        assert not any(anchor == "term-company" for _t, anchor in first)
    else:
        assert ("all-things-open", "term-all-things-open") in first
