"""The PDF as volumes, typeset again only when what each shows changed: a
copy of the repository built, edited and built again."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from support.paths import PDF_NAME
from support.projectcopy import copy_project
from support.textutil import normalise

STEM = PDF_NAME.removesuffix(".pdf")


def text_of(reader: PdfReader) -> str:
    return normalise(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "repo")


def build_pdf(project: Path, mode: str = "pdf") -> subprocess.CompletedProcess:
    """`make pdf` (or `make html`, `make`: *mode*) in the copy: the staged build
    with the Python running the tests."""
    env = {k: v for k, v in os.environ.items() if k not in {"BUILDDIR", "SOURCE_DATE_EPOCH"}}
    env.update(PYTHON=sys.executable, SPHINXBUILD="", PDFNAME=PDF_NAME)
    return subprocess.run(
        ["bash", "postarchive/scripts/build.sh", mode],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def digests(build) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in build.glob("*.pdf")}


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs TeX (installed by `make`)")
def test_editing_a_post_typesets_its_year_only_and_assembles_the_book(project):
    """After one post's text changes, the next `make pdf` typesets that post's
    year again and assembles the book from the volumes (its frame, without the
    posts, is unchanged); the other volumes are the last build's, byte for
    byte; with nothing changed, nothing is typeset and the book is the same."""
    first = build_pdf(project)
    assert first.returncode == 0, first.stdout + first.stderr
    build = project / "build"
    before = digests(build)
    assert len(before) == 3, before
    again = build_pdf(project)
    assert again.returncode == 0 and "PDF: 0 of 3 typeset," in again.stdout, again.stdout
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
    # Sphinx writes the post's volume again, not the other one (its .tex is the
    # last build's); the post's year is typeset again, the other volume is not
    # (the frame only when its .tex or the year's table of contents changed)
    assert f"processing {STEM}-2016.tex" in edited.stdout, edited.stdout
    assert f"processing {STEM}-undated.tex" not in edited.stdout, edited.stdout
    assert f"PDF: {STEM}-2016.pdf typeset in" in edited.stdout, edited.stdout
    assert f"{STEM}-undated.pdf typeset" not in edited.stdout, edited.stdout
    assert f"PDF: {PDF_NAME} assembled from its frame and 2 volumes" in edited.stdout
    after = digests(build)
    assert after[f"{STEM}-undated.pdf"] == before[f"{STEM}-undated.pdf"]
    for name in (PDF_NAME, f"{STEM}-2016.pdf"):
        assert after[name] != before[name]
        assert "(edited)" in text_of(PdfReader(build / name))


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs TeX (installed by `make`)")
def test_the_pdf_reads_nothing_again_after_the_site_and_follows_its_edits(project):
    """`make` reads the posts once: the LaTeX build after the HTML build shares
    its environment and reads nothing again. A post edited and read by
    `make html` reaches the PDF at the next `make pdf`, which reads nothing
    either: the post's volume is written and typeset again, the other not."""
    first = build_pdf(project, "all")
    assert first.returncode == 0, first.stdout + first.stderr
    latex = first.stdout[first.stdout.index("building [latex]") :]
    assert "updating environment: 0 added, 0 changed, 0 removed" in latex, latex
    assert f"processing {STEM}-undated.tex" in latex
    build = project / "build"
    before = digests(build)

    post = project / "docs" / "posts" / "have-opensource-will-profit.md"  # from 2016
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "OSS is a business model", "OSS is a business model (edited)", 1
        ),
        encoding="utf-8",
    )
    site = build_pdf(project, "html")
    assert site.returncode == 0, site.stdout + site.stderr
    page = build / "html" / "posts" / "have-opensource-will-profit.html"
    assert "(edited)" in page.read_text(encoding="utf-8")
    pdf = build_pdf(project)
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    assert "updating environment: 0 added, 0 changed, 0 removed" in pdf.stdout, pdf.stdout
    assert f"processing {STEM}-2016.tex" in pdf.stdout, pdf.stdout
    assert f"processing {STEM}-undated.tex" not in pdf.stdout, pdf.stdout
    after = digests(build)
    assert after[f"{STEM}-undated.pdf"] == before[f"{STEM}-undated.pdf"]
    assert "(edited)" in text_of(PdfReader(build / f"{STEM}-2016.pdf"))
    assert "(edited)" in text_of(PdfReader(build / PDF_NAME))


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs TeX (installed by `make`)")
def test_a_year_without_posts_loses_its_volume(project):
    """When the last post of a year moves to another year, the year's volume
    goes from the build and the site (no stale PDF or .tex is left to be
    typeset or served), and the new year's volume holds the post."""
    first = build_pdf(project)
    assert first.returncode == 0, first.stdout + first.stderr
    post = project / "docs" / "posts" / "have-opensource-will-profit.md"  # the one of 2016
    text = post.read_text(encoding="utf-8")
    assert "date: 2016-06-07" in text
    post.write_text(text.replace("date: 2016-06-07", "date: 2015-06-07", 1), encoding="utf-8")
    moved = build_pdf(project)
    assert moved.returncode == 0, moved.stdout + moved.stderr
    build = project / "build"
    assert not (build / f"{STEM}-2016.pdf").exists()
    assert not (build / "latex" / f"{STEM}-2016.tex").exists()
    assert "Have OpenSource" in text_of(PdfReader(build / f"{STEM}-2015.pdf"))


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs TeX (installed by `make`)")
def test_a_change_of_the_latex_set_up_writes_every_volume_again(project):
    """conf.py's LaTeX set-up changes no post, so Sphinx reads none again: every
    volume is written (and typeset) again all the same, none kept from the
    last build with the old set-up."""
    first = build_pdf(project)
    assert first.returncode == 0, first.stdout + first.stderr
    conf = project / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + 'latex_elements["preamble"] += "\\n% a new line of the set-up\\n"\n',
        encoding="utf-8",
    )
    again = build_pdf(project)
    assert again.returncode == 0, again.stdout + again.stderr
    for name in (f"{STEM}-2016", f"{STEM}-undated", STEM):
        assert f"processing {name}.tex" in again.stdout, name
        tex = (project / "build" / "latex" / f"{name}.tex").read_text(encoding="utf-8")
        assert "% a new line of the set-up" in tex
