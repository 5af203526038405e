"""The glossary: term links, "Used in" back-references, hover definitions,
searchable terms, unknown terms, the index of names; correct under
incremental and parallel builds.

Test roots: tests/roots/test-glossary (a glossary and pages using its terms)
and tests/roots/test-glossary-unknown. The real site: build/html and the PDF.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.archivebuild import book_tex
from support.paths import REPO as ROOT
from support.paths import ROOTS


# -- reading the built HTML --------------------------------------------------
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main_content(page: BeautifulSoup):
    """The page's own content, without navigation and sidebars."""
    return page.find("article") or page.find("div", class_="body")


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(?=\s|$)", text)
    return match.group(1) if match else text


def glossary_entries(html: Path, page: str = "glossary.html") -> list[dict]:
    """Each entry of the built glossary: its terms, their anchors, the first
    sentence of the definition and the hrefs of its "Used in" list."""
    entries = []
    for dl in soup(html / page).select("dl.glossary"):
        terms = []
        for child in dl.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                for link in child.select("a.headerlink"):
                    link.decompose()
                terms.append(child)
                continue
            used = child.select_one(".archive-used-in")
            first_para = next(p for p in child.find_all("p") if used not in p.parents)
            entries.append(
                {
                    "names": [t.get_text(strip=True) for t in terms],
                    "ids": [t["id"] for t in terms],
                    "summary": first_sentence(first_para.get_text()),
                    "used_in": [a["href"] for a in used.select("a")] if used else None,
                    "used_in_text": used.get_text(" ", strip=True) if used else "",
                }
            )
            terms = []
    return entries


def resolve(page: str, href: str) -> str:
    """An href on *page* as a path from the site root (with its #fragment)."""
    if href.startswith("#"):
        return page + href
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return target + ("#" + fragment if fragment else "")


def term_links(html: Path, page: str, ids: set[str]):
    """(link, target id) of every link to a glossary term in the content of *page*."""
    content = main_content(soup(html / page))
    for link in content.select("a.reference.internal"):
        if not link.find("span", class_="std-term", recursive=False):
            continue
        target = resolve(page, link["href"])
        fragment = target.partition("#")[2]
        assert fragment in ids, f"{page}: term link to unknown anchor {link['href']}"
        yield link, fragment


def content_pages(html: Path) -> list[str]:
    """The site's pages (not the generated index, search or static files)."""
    pages = []
    for path in sorted(html.rglob("*.html")):
        page = path.relative_to(html).as_posix()
        if not page.startswith("_") and page not in {"genindex.html", "search.html"}:
            pages.append(page)
    return pages


def expected_used_in(html: Path, entries: list[dict], glossary_page: str = "glossary.html"):
    """From the term links of every page: entry index -> the places that use it."""
    by_id = {i: n for n, e in enumerate(entries) for i in e["ids"]}
    places: dict[int, set[str]] = {n: set() for n in range(len(entries))}
    for page in content_pages(html):
        if page == glossary_page:
            continue
        for link, fragment in term_links(html, page, set(by_id)):
            section = link.find_parent("section")
            top = section is None or section.find_parent("section") is None
            places[by_id[fragment]].add(page if top else f"{page}#{section['id']}")
    return places


def check_used_in(html: Path) -> list[dict]:
    """Every "Used in" list names exactly the places whose text links to the
    entry, each once, and every link lands on an element of its target page."""
    entries = glossary_entries(html)
    assert entries, "no glossary entries found"
    expected = expected_used_in(html, entries)
    for n, entry in enumerate(entries):
        assert entry["used_in"] is not None, f"no 'Used in' under {entry['names']}"
        listed = [resolve("glossary.html", href) for href in entry["used_in"]]
        assert len(listed) == len(set(listed)), f"{entry['names']}: a place listed twice"
        assert set(listed) == expected[n], f"'Used in' of {entry['names']}"
        for place in listed:
            page, _, fragment = place.partition("#")
            target = soup(html / page)
            assert target.find(id=fragment) if fragment else target.find("h1"), place
        if not listed:
            assert "not referenced" in entry["used_in_text"]
    return entries


def check_hover_titles(html: Path, entries: list[dict]) -> int:
    summaries = {i: e["summary"] for e in entries for i in e["ids"]}
    count = 0
    for page in content_pages(html):
        for link, fragment in term_links(html, page, set(summaries)):
            assert link.get("title") == summaries[fragment], f"{page}: title of {link}"
            count += 1
    return count


# -- the test root --------------------------------------------------------------
@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_used_in_lists_the_referencing_sections(app):
    app.build()
    html = Path(app.outdir)
    entries = check_used_in(html)
    by_name = {e["names"][0]: e for e in entries}
    # spelled out for the small root: page top, labelled section, plain section,
    # a sub-section; the glossary's own "See also" links are not uses
    assert by_name["widget"]["used_in"] == [
        "alpha.html",
        "alpha.html#second-part",
        "gamma.html#gamma-one",
    ]
    assert by_name["gizmo"]["used_in"] == [
        "alpha.html#alpha-first",
        "alpha.html#second-part",
        "beta.html#beta-section",
        "gamma.html#gamma-deeper",
    ]
    assert by_name["unused thing"]["used_in"] == []
    assert "Alpha page › First part" in by_name["gizmo"]["used_in_text"]
    assert check_hover_titles(html, entries) >= 6
    assert by_name["gizmo"]["summary"] == "A gadget with a memorable name!"
    assert "WARNING" not in app.warning.getvalue()


@pytest.mark.sphinx("latex", testroot="glossary", freshenv=True)
def test_used_in_in_latex_links_and_pages(app):
    app.build()
    tex = book_tex(Path(app.outdir)).read_text(encoding="utf-8")
    used = tex[tex.index("Used in:") :]
    # the place's name, and its page number, which links to the exact section (a
    # title as the link would break across lines: pdfTeX keeps memory for each such link)
    assert r"Beta page › Beta section (p.~\pageref{\detokenize{beta:beta-section}})" in used
    assert r"\pageref{\detokenize{alpha::doc}}" in used
    assert tex.count("Used in:") == 3
    lists = [part[: part.index(r"\end{")] for part in tex.split("Used in:")[1:]]
    assert all(r"\hyperref" not in listing for listing in lists)
    assert sum(listing.count(r"\pageref") for listing in lists) >= 3


@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_terms_are_search_objects(app):
    app.build()
    index = search_index(Path(app.outdir))
    objects = term_objects(index)
    assert objects["gizmo"] == ("glossary", "term-gizmo", 0)
    assert {"widget", "widgets", "unused thing"} <= set(objects)


def search_index(html: Path) -> dict:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def term_objects(index: dict) -> dict[str, tuple[str, str, int]]:
    """name -> (docname, anchor, priority) of the archive domain's terms."""
    kinds = {int(k): v for k, v in index["objnames"].items()}
    found = {}
    for prefix, rows in index["objects"].items():
        for doc, kind, prio, anchor, name in rows:
            if kinds[kind][:2] != ["archive", "term"]:
                continue
            full = f"{prefix}.{name}" if prefix else name
            if anchor == "-":
                anchor = "term-" + full
            elif anchor == "":
                anchor = full
            found[full] = (index["docnames"][doc], anchor, prio)
    return found


def test_unknown_term_names_file_and_line(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-glossary-unknown", src)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    line = next(
        n
        for n, text in enumerate((src / "index.md").read_text().splitlines(), 1)
        if "no such term" in text
    )
    warnings = app.warning.getvalue()
    assert f"{src / 'index.md'}:{line}: WARNING: term not in glossary: 'no such term'" in warnings


def test_unknown_term_fails_the_build(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-glossary-unknown", src)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-nW",
            "--keep-going",
            "-q",
            str(src),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode != 0
    assert "index.md:" in run.stderr and "term not in glossary" in run.stderr


# -- incremental and parallel builds ---------------------------------------------
def output_files(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and p.name != ".buildinfo"
    }


def assert_same_output(a: Path, b: Path) -> None:
    fa, fb = output_files(a), output_files(b)
    assert sorted(fa) == sorted(fb)
    differ = [name for name in fa if fa[name] != fb[name]]
    assert not differ, f"files differ: {differ}"


def build(make_app, src: Path, **kwargs):
    app = make_app("html", srcdir=src, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()  # docutils registrations are global: the next app starts clean
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return app


def test_incremental_rebuild_drops_a_removed_use(make_app, tmp_path):
    src = tmp_path / "inc"
    shutil.copytree(ROOTS / "test-glossary", src)
    first = build(make_app, src, freshenv=True)
    gizmo = next(e for e in glossary_entries(Path(first.outdir)) if "gizmo" in e["names"])
    assert "beta.html#beta-section" in gizmo["used_in"]

    beta = src / "beta.md"
    beta.write_text(beta.read_text().replace("{term}`gizmo`", "gizmo"), encoding="utf-8")
    second = build(make_app, src)  # same srcdir and outdir, saved environment
    status = second.status.getvalue()
    assert "0 added, 1 changed, 0 removed" in status  # an incremental build: beta re-read
    assert "glossary" in status.partition("writing output")[2]  # and the glossary rewritten
    html = Path(second.outdir)
    gizmo = next(e for e in glossary_entries(html) if "gizmo" in e["names"])
    assert "beta.html#beta-section" not in gizmo["used_in"]
    check_used_in(html)

    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    build(make_app, clean, freshenv=True)
    assert_same_output(html, Path(clean / "_build" / "html"))


def test_incremental_rebuild_updates_hover_titles(make_app, tmp_path):
    src = tmp_path / "inc"
    shutil.copytree(ROOTS / "test-glossary", src)
    build(make_app, src, freshenv=True)
    glossary = src / "glossary.md"
    glossary.write_text(
        glossary.read_text().replace("A gadget with a memorable name!", "A gadget, renamed."),
        encoding="utf-8",
    )
    app = build(make_app, src)
    html = Path(app.outdir)
    links = [link for link, anchor in term_links(html, "beta.html", {"term-gizmo"})]
    assert links and all(link["title"] == "A gadget, renamed." for link in links)


def test_parallel_build_gives_the_same_output(make_app, tmp_path):
    one, two = tmp_path / "j1", tmp_path / "j2"
    shutil.copytree(ROOTS / "test-glossary", one)
    shutil.copytree(ROOTS / "test-glossary", two)
    build(make_app, one, freshenv=True, parallel=1)
    app = build(make_app, two, freshenv=True, parallel=2)
    assert app.is_parallel_allowed("read") and app.is_parallel_allowed("write")
    # it did run in parallel: documents are read in chunks ("alpha .. delta")
    status = re.sub(r"\x1b\[[\d;]*m", "", app.status.getvalue())
    assert re.search(r"reading sources\.\.\. \[[ \d]+%\] \w+ \.\. \w+", status), status
    assert_same_output(Path(one / "_build" / "html"), Path(two / "_build" / "html"))


def test_parallel_build_of_the_site_gives_the_same_output(tmp_path):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                "html",
                "-c",
                str(ROOT),
                "-d",
                str(tmp_path / f"doctrees{jobs}"),
                "-nW",
                "--keep-going",
                "-q",
                "-j",
                jobs,
                str(ROOT / "docs"),
                str(out),
            ],
            check=True,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "0"},
        )
        outs.append(out)
    assert_same_output(*outs)
