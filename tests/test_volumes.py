"""The PDF as volumes: one PDF per year beside the whole book, linked from the
site, typeset again only when what it shows changed.

The first tests read the build `make` published (build/); the last builds a
copy of the repository twice (tests/test_publish.py's ``project``)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader
from test_publish import project  # noqa: F401 (the fixture)

from conftest import BUILD, PDF_NAME
from textutil import normalise, posts

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


def build_pdf(project) -> subprocess.CompletedProcess:  # noqa: F811
    """`make pdf` in the copy: the staged build with the Python running the tests."""
    env = {k: v for k, v in os.environ.items() if k not in {"BUILDDIR", "SOURCE_DATE_EPOCH"}}
    env.update(PYTHON=sys.executable, SPHINXBUILD="", PDFNAME=PDF_NAME)
    return subprocess.run(
        ["bash", "postarchive/scripts/build.sh", "pdf"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def digests(build) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in build.glob("*.pdf")}


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs TeX (installed by `make`)")
def test_editing_a_post_typesets_its_year_and_the_book_only(project):  # noqa: F811
    """After one post's text changes, the next `make pdf` typesets the book and
    that post's year again; the other volumes are the last build's, byte for
    byte; with nothing changed, nothing is typeset."""
    first = build_pdf(project)
    assert first.returncode == 0, first.stdout + first.stderr
    build = project / "build"
    before = digests(build)
    assert len(before) == 3, before
    again = build_pdf(project)
    assert again.returncode == 0 and "PDF: 0 of 3 to typeset" in again.stdout, again.stdout
    assert digests(build) == before

    post = project / "docs" / "posts" / "have-opensource-will-profit.md"  # from 2016
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "OSS is a business model", "OSS is a business model (edited)", 1
        ),
        encoding="utf-8",
    )
    edited = build_pdf(project)
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert "PDF: 2 of 3 to typeset" in edited.stdout, edited.stdout
    after = digests(build)
    assert after[f"{STEM}-undated.pdf"] == before[f"{STEM}-undated.pdf"]
    for name in (PDF_NAME, f"{STEM}-2016.pdf"):
        assert after[name] != before[name]
        assert "(edited)" in text_of(PdfReader(build / name))
