"""This edition's part of :mod:`tool.pdf.test_pdf`: the same checks on the built site
and PDF of Agile in the Clouds.

The PDF edition: metadata, outline, links, page count, reproducibility."""

from __future__ import annotations

import subprocess

import pytest
from pypdf import PdfReader
from support.paths import BUILD, PDF_NAME
from support.textutil import normalise, pdf_body_text, posts

POSTS = posts()


@pytest.fixture(scope="module")
def reader(pdf_path) -> PdfReader:
    return PdfReader(pdf_path)


def outline_titles(outline, depth=0):
    for item in outline:
        if isinstance(item, list):
            yield from outline_titles(item, depth + 1)
        else:
            yield depth, normalise(item.title)


def test_metadata(reader):
    meta = reader.metadata
    assert meta.title == "Agile in the Clouds"
    assert meta.author == "Rob Hirschfeld"


def test_title_page(reader):
    first = normalise(reader.pages[0].extract_text())
    for words in ("Agile in the Clouds", "Rob Hirschfeld", "Archive edition", "Built"):
        assert words in first


def _volume(info) -> str:
    return info.date[:4] if info.date else "Posts of unknown date"


def test_outline_has_a_volume_per_year_and_a_chapter_per_post(reader):
    """The whole book is assembled from the volumes (postarchive/scripts/pdfassemble.py):
    the part "Posts by year", then each year's volume (oldest first, the posts of
    unknown date last), then the reference; each post is a chapter in its year's
    volume."""
    from postarchive.core.model import date_order

    entries = list(outline_titles(reader.outline))
    top = [title for depth, title in entries if depth == 0]
    years = list(dict.fromkeys(_volume(i) for i in date_order(POSTS.values()) if i.date))
    volumes = [*years, "Posts of unknown date"]
    assert [t for t in top if t in volumes] == volumes
    assert top.index("I Posts by year") < top.index(volumes[0])
    assert top.index(volumes[-1]) < top.index("II Reference")
    volume = None
    for depth, title in entries:
        if depth == 0:
            volume = title if title in volumes else None
        elif depth == 1:
            for info in POSTS.values():
                if normalise(info.title) == title:
                    assert volume == _volume(info), f"{title} is in {volume}"
    chapters = [title for depth, title in entries if depth == 1]
    for info in POSTS.values():
        assert normalise(info.title) in chapters


def test_posts_are_chapters_in_date_order(reader):
    from postarchive.core.model import date_order

    entries = [t for d, t in outline_titles(reader.outline) if d == 1]
    posts = date_order(POSTS.values())
    order = [normalise(i.title) for i in posts if i.date] + [
        normalise(i.title) for i in posts if not i.date
    ]
    assert [t for t in entries if t in order] == order


def test_about_boxes_in_pdf(pdf_path):
    from postarchive.core.model import date_label

    text = pdf_body_text(pdf_path)
    assert text.count("Cite this post") == len(POSTS)
    for info in POSTS.values():
        assert f"About this post Author Rob Hirschfeld Published {date_label(info)}" in text
        assert normalise(info.summary) in text


def test_links_are_clickable(reader):
    annots = [a.get_object() for page in reader.pages for a in (page.get("/Annots") or [])]
    internal = [a for a in annots if a.get("/A", {}).get("/S") == "/GoTo" or "/Dest" in a]
    uris = {a["/A"]["/URI"] for a in annots if a.get("/A", {}).get("/S") == "/URI"}
    assert len(internal) >= 5, "the PDF has too few internal links (TOC, cross references)"
    for info in POSTS.values():
        if info.url:
            assert info.url in uris


def test_page_count_is_sane(reader):
    assert 10 <= len(reader.pages) <= 200


def test_latex_log_is_clean(pdf_path):
    """Every character has a glyph in the fonts, and every reference resolved."""
    log = (pdf_path.parent / "latex" / PDF_NAME.replace(".pdf", ".log")).read_text(
        encoding="utf-8", errors="replace"
    )
    assert "Output written on" in log
    for problem in (
        "Missing character",
        "undefined references",
        "There were undefined",
        "Citation `",
        "Reference `",
    ):
        assert problem not in log, problem
    # the author's text has an ellipsis ("…"), which pdfLaTeX would set as three
    # periods (postarchive/pdf/engine.py): LuaLaTeX typesets it, in FreeSerif
    assert log.startswith("This is LuaHBTeX"), log[:80]
    fonts = subprocess.run(
        ["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True
    ).stdout
    assert "FreeSerif" in fonts


def test_the_latin_book_loads_no_other_script():
    """This edition is in Latin script alone: its LaTeX loads babel without
    bidi, no script locales and no fallback fonts (each costs LuaTeX time on
    every character)."""
    latin = (BUILD / "latex" / PDF_NAME.replace(".pdf", ".tex")).read_text(encoding="utf-8")
    assert r"\usepackage{babel}" in latin and "bidi=basic" not in latin
    for unneeded in ("onchar", "archivefallback"):
        assert unneeded not in latin
