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


def actions(reader: PdfReader, pages=None):
    """(page number, link action) of every link annotation with an action."""
    for number, page in enumerate(reader.pages):
        if pages is not None and number not in pages:
            continue
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                yield number, action.get_object()


def test_links_across_volumes_name_a_destination_of_that_pdf(pdf_path, volumes):
    """A post's link to the glossary (or to another year's post) leaves its
    volume for the PDF that holds the page, at a destination that PDF holds:
    opened beside it, the other PDF shows the term."""
    book = PdfReader(pdf_path)  # holds every destination of the frame
    across = [
        (name, action)
        for name, reader in volumes.items()
        for _page, action in actions(reader)
        if action.get("/S") == "/GoToR"
    ]
    assert any(str(a["/F"]) == PDF_NAME and "glossary:term-" in str(a["/D"]) for _n, a in across)
    for name, action in across:
        target = str(action["/F"])
        assert target == PDF_NAME or target in volumes, (name, target)
        dests = (
            book.named_destinations if target == PDF_NAME else volumes[target].named_destinations
        )
        assert str(action["/D"]) in dests, (name, target, action["/D"])


def letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def test_the_book_s_links_to_the_glossary_land_on_the_term(pdf_path):
    """In the whole book, a post's link to a glossary term is a link within the
    book (none opens another file) that lands on the page defining the term."""
    book = PdfReader(pdf_path)
    dests = book.named_destinations
    assert not [a for _p, a in actions(book) if a.get("/S") == "/GoToR"]
    terms = [
        (page, str(a["/D"]))
        for page, a in actions(book)
        if a.get("/S") == "/GoTo" and "glossary:term-" in str(a["/D"])
    ]
    glossary = book.get_destination_page_number(dests[f"{STEM}-glossary::doc"])
    from_posts = [(page, dest) for page, dest in terms if page != glossary]
    assert from_posts, terms
    for _page, dest in from_posts:
        landing = book.get_destination_page_number(dests[dest])
        # the term (its letters and digits: "start-up", "hosted OSS") on that page
        # or, for an entry at the foot of a page, the next
        shown = "".join(book.pages[n].extract_text() for n in (landing, landing + 1))
        assert letters(dest.split("glossary:term-")[1]) in letters(shown), dest


def test_the_book_s_contents_list_every_post_under_its_year(pdf_path):
    """The whole book's table of contents lists each volume's posts under its
    year, and each line leads to the post's first page in the book."""
    book = PdfReader(pdf_path)
    dests = book.named_destinations
    part = book.get_destination_page_number(dests[f"{STEM}-archive-volumes"])
    toc = range(1, part)
    text = normalise(" ".join(book.pages[n].extract_text() for n in toc))
    for info in POSTS.values():
        assert normalise(info.title) in text, info.title
        year = info.date[:4] if info.date else "Date unknown"
        assert text.index(year) < text.index(normalise(info.title)), (year, info.title)
    landed = {
        normalise(book.pages[book.get_destination_page_number(dests[str(a["/D"])])].extract_text())
        for _page, a in actions(book, toc)
        if a.get("/S") == "/GoTo"
    }
    for info in POSTS.values():
        assert any(normalise(info.title) in page for page in landed), info.title


def test_a_page_the_frame_gives_is_that_page_of_the_book(pdf_path):
    """The glossary's "Used in" gives a post's page in its volume ("p. 2016:3");
    the book's page labels name each volume's pages the same way, so a reader
    who goes to page "2016:3" finds the post there."""
    book = PdfReader(pdf_path)
    labels = book.page_labels
    text = normalise(" ".join(page.extract_text() for page in book.pages))
    given = re.findall(r"Have OpenSource, Will Profit\?! [^()]*\(p\. (2016:\d+)\)", text)
    assert given, "no page of the 2016 post in the book's glossary"
    for label in given:
        assert label in labels, label
        # (a volume's title page and its first page of text are both "1")
        shown = [
            normalise(book.pages[n].extract_text()) for n, at in enumerate(labels) if at == label
        ]
        assert any("Have OpenSource" in page for page in shown), label
