"""The PDF as volumes: one PDF per year beside the whole book, linked from the
site (the build `make` published; tests/tool/pdf/test_volumes.py typesets them
again after an edit)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from support.paths import BUILD, PDF_NAME
from support.textutil import normalise, posts

POSTS = posts()
STEM = PDF_NAME.removesuffix(".pdf")


def volume_of(info) -> str:
    return f"{STEM}-{info.date[:4] if info.date else 'undated'}.pdf"


def outline_titles(outline):
    for item in outline:
        if isinstance(item, list):
            yield from outline_titles(item)
        else:
            yield normalise(item.title)


def text_of(reader: PdfReader) -> str:
    return normalise(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def volumes(pdf_path) -> dict[str, PdfReader]:
    names = {volume_of(info) for info in POSTS.values()}
    missing = [n for n in names if not (BUILD / n).is_file()]
    if missing:
        pytest.fail(f"no volume {', '.join(missing)} in {BUILD}: run `make` first")
    return {name: PdfReader(BUILD / name) for name in names}


def test_every_post_is_in_the_book_and_in_its_year_s_volume(pdf_path, volumes):
    """Each post's title is a bookmark and on the pages of the whole book and of
    its year's volume, and in no other volume."""
    book = PdfReader(pdf_path)
    book_text, book_marks = text_of(book), set(outline_titles(book.outline))
    for info in POSTS.values():
        title = normalise(info.title)
        assert title in book_marks and title in book_text
        for name, reader in volumes.items():
            marks = set(outline_titles(reader.outline))
            assert (title in marks) == (name == volume_of(info)), (title, name)
            if name == volume_of(info):
                assert title in text_of(reader)


def test_a_volume_names_its_year(volumes):
    for name, reader in volumes.items():
        year = name.removeprefix(STEM + "-").removesuffix(".pdf")
        expected = "Posts of unknown date" if year == "undated" else year
        assert reader.metadata.title == f"Agile in the Clouds: {expected}"
        assert f"Agile in the Clouds: {expected}" in normalise(reader.pages[0].extract_text())


def test_internal_links_of_a_volume_lead_to_its_pages(volumes):
    """The table of contents and the cross references of a volume are links
    to named destinations it holds (none leads out of the file)."""
    for name, reader in volumes.items():
        dests = reader.named_destinations
        annots = [a.get_object() for page in reader.pages for a in (page.get("/Annots") or [])]
        goto = [a["/A"]["/D"] for a in annots if a.get("/A", {}).get("/S") == "/GoTo"]
        assert len(goto) >= 2, name
        for dest in goto:
            assert str(dest) in dests, (name, dest)
            assert reader.get_destination_page_number(dests[str(dest)]) >= 0


def test_year_pages_and_the_landing_page_link_the_volumes(site, volumes):
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in volumes:
        assert (site / name).read_bytes() == (BUILD / name).read_bytes()
        assert f'href="{name}"' in index
        year = name.removeprefix(STEM + "-").removesuffix(".pdf")
        page = (site / "years" / f"{year}.html").read_text(encoding="utf-8")
        text = "the posts of unknown date" if year == "undated" else year
        assert re.search(rf'href="\.\./{re.escape(name)}"[^>]*>Download {text} as PDF<', page)


def test_every_link_of_the_assembled_book_lands_on_its_pages(pdf_path, volumes):
    """The whole book, assembled from its frame and the volumes: each volume's
    posts are bookmarks under the volume's title, and every internal link (the
    tables of contents, the cross references of each volume and of the frame)
    leads to a destination in the book, none lost or taken by another volume."""
    book = PdfReader(pdf_path)
    dests = book.named_destinations
    annots = [a.get_object() for page in book.pages for a in (page.get("/Annots") or [])]
    goto = [a["/A"]["/D"] for a in annots if a.get("/A", {}).get("/S") == "/GoTo"]
    own = sum(
        1
        for reader in volumes.values()
        for page in reader.pages
        for a in (page.get("/Annots") or [])
        if a.get_object().get("/A", {}).get("/S") == "/GoTo"
    )
    assert len(goto) > own  # the volumes' links and the frame's
    for dest in goto:
        assert str(dest) in dests, dest
        assert book.get_destination_page_number(dests[str(dest)]) >= 0
    pages = sum(len(reader.pages) for reader in volumes.values())
    assert len(book.pages) > pages
