"""Any text an author can write reaches the PDF: Latin, Greek, Cyrillic, CJK,
Hangul, Arabic and Hebrew (right to left), emoji; or the build names the page,
line and character it cannot typeset, before LaTeX runs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from support.archivebuild import REPO, book_tex, copy_root, latex_pdf, sphinx_build
from support.paths import PDF_NAME

from postarchive.checks.latexsafe import GUARD_LINE

HEADER = """---
title: "Many scripts: café, Ελληνικά, 中文, العربية"
author: A. Author
date: 2016-06-08
url: unknown
topics: [startups]
summary: "A post in many scripts."
---

"""
LINES = [
    "Latin with accents: café, naïve, façade, Zoë, œuvre, Łódź.",
    "Greek: the words Ελληνικά κείμενα sit inside an English sentence.",
    "Russian: the words Русский текст sit inside an English sentence.",
    "Chinese: 中文汉字 and a longer 这是一个很长的中文句子。",
    "Japanese: 日本語のかなと漢字、カタカナもあります。",
    "Korean: 한국어 한글 텍스트 has spaces between words.",
    "Arabic: the phrase العربية نص means “Arabic text”.",
    "Hebrew: the phrase עברית טקסט means “Hebrew text”.",
    "Emoji: 😀 🚀 👍 at the end.",
    # in no font of archive_pdf_fonts, but in an installed one (FreeSerif's
    # regular face; fontconfig finds it): the fallback list grows by itself
    "Thai: a commenter signs ภาษาไทย สวัสดี.",
]
REMOTE_IMAGE = "![A photo from the original blog](https://example.org/photo.jpg)"
POST = HEADER + "\n\n".join(LINES) + "\n\n" + REMOTE_IMAGE + "\n"
#: what text extraction adds: bidi isolation marks around right-to-left runs
_MARKS = re.compile(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def squeeze(text: str) -> str:
    """Text without spaces or direction marks (pdftotext splits some Arabic
    words at joining letters and wraps right-to-left runs in marks)."""
    return _MARKS.sub("", text)


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scripts")
    src = tmp / "docs"
    shutil.copytree(REPO / "docs", src)
    (src / "posts" / "many-scripts.md").write_text(POST, encoding="utf-8")
    return tmp, src


def test_every_script_reaches_the_site(multilingual):
    tmp, src = multilingual
    sphinx_build(src, tmp / "site", confdir=REPO)
    page = BeautifulSoup(
        (tmp / "site/html/posts/many-scripts.html").read_text(encoding="utf-8"), "html.parser"
    )
    text = " ".join(page.select_one("article").get_text(" ").split())
    for line in LINES:
        assert line in text


def test_every_script_reaches_the_pdf(multilingual):
    tmp, src = multilingual
    sphinx_build(src, tmp / "book", builder="latex", confdir=REPO)
    latex = tmp / "book" / "latex"
    made = latex_pdf(latex)
    assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
    # the book's frame and the volumes (the posts are in their years' volumes)
    for log in latex.glob("*.log"):
        assert "Missing character" not in log.read_text(encoding="utf-8", errors="replace")
    text = "\n".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for pdf in sorted(latex.glob("*.pdf"))
    )
    squeezed = squeeze(text)
    for line in LINES:
        assert squeeze(line) in squeezed, line
    # an image on another site is not fetched: its alt text and address are printed
    assert squeeze("Image not archived: A photo from the original blog") in squeezed
    assert "https://example.org/photo.jpg" in text


def test_a_character_no_font_has_is_named_before_latex_runs(tmp_path):
    src = copy_root("badpost", tmp_path)
    post = HEADER.replace("Many scripts: café, Ελληνικά, 中文, العربية", "Rare scripts")
    (src / "posts" / "rare.md").write_text(
        post + "Fine text.\n\nTibetan ༀ and a hieroglyph 𓀀 here.\n", encoding="utf-8"
    )
    result = sphinx_build(src, tmp_path / "out", builder="latex", check=False)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert any(
        re.search(
            r"posts/rare\.md:12: ERROR: the character ༀ \(U\+0F00 TIBETAN "
            r"SYLLABLE OM\) is in none of the PDF's fonts",
            e,
        )
        for e in errors
    ), errors
    assert any("U+13000 EGYPTIAN HIEROGLYPH A001" in e for e in errors), errors
    assert len(errors) == 2


def test_what_each_script_needs_of_the_set_up():
    from postarchive.pdf.pdffonts import DEFAULT_FONTS, _fonts_key, coverage, text_needs

    covers = coverage(_fonts_key(DEFAULT_FONTS))
    # Latin script alone: pdfLaTeX's set-up has every character (postarchive/pdf/engine.py)
    assert text_needs("Plain café, naïve, Łódź, “quotes” — œuvre, 5 €", *covers) == set()
    # what pdfLaTeX builds from pieces would not come back from the PDF as written
    for pieces in ("an ellipsis…", "Ōsaka", "Ș", "ﬁne", "non‑breaking"):
        assert text_needs(pieces, *covers) == {"unicode"}, pieces
    # Greek and Cyrillic: in the text fonts, beyond pdfLaTeX's Latin set-up
    assert text_needs("Ελληνικά, Русский", *covers) == {"unicode"}
    assert text_needs("עברית טקסט", *covers) == {"rtl", "unicode"}
    assert text_needs("العربية نص", *covers) == {"arabic", "rtl", "unicode"}
    assert text_needs("中文 한국어", *covers) == {"cjk", "fallback", "unicode"}
    assert text_needs("😀", *covers) == {"fallback", "unicode"}
    assert text_needs("a zero\u200bwidth space", *covers) == {"unicode"}
    assert "rtl" in text_needs("ܐܪܡܝܐ", *covers)  # Syriac: right to left too


@pytest.mark.sphinx("latex", testroot="topics", freshenv=True)
def test_front_matter_counts_for_the_set_up(app):
    """A post whose only non-Latin text is its summary (printed in its About
    box and in the lists) gets the locales and fonts for it."""
    post = app.srcdir / "posts" / "first.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "The first post, about alpha and beta.", "第一篇文章 — ein Beitrag."
        ),
        encoding="utf-8",
    )
    app.build()
    tex = book_tex(app.outdir).read_text(encoding="utf-8")
    assert r"\babelprovide[import, onchar=ids]{chinese}" in tex
    assert "fallback=archivefallback" in tex
    assert "bidi=basic" not in tex and "{arabic}" not in tex


def test_the_set_up_holds_what_the_text_needs(multilingual):
    """The multilingual book gets bidi, the Arabic and CJK locales and the
    fallback fonts (a book in Latin script alone gets none of them: they cost
    LuaTeX time on every character; tests/edition/test_pdf.py checks this
    edition's)."""
    tmp, src = multilingual
    sphinx_build(src, tmp / "setup", builder="latex", confdir=REPO)
    many = (tmp / "setup" / "latex" / PDF_NAME.replace(".pdf", ".tex")).read_text(encoding="utf-8")
    for needed in (
        r"\usepackage[bidi=basic]{babel}",
        r"\babelprovide[import, onchar=ids fonts]{arabic}",
        r"\babelprovide[import, onchar=ids]{chinese}",
        "fallback=archivefallback",
    ):
        assert needed in many


@pytest.mark.parametrize(
    "added, engine",
    [
        ("", "pdflatex"),
        ("Wait for it…", "lualatex"),
        ("Ōsaka, Ș", "lualatex"),
        ('```\nputs "query: #{query}"\n```', "lualatex"),
    ],
)
def test_the_engine_follows_what_the_text_needs(tmp_path, added, engine):
    """A book whose every character pdfLaTeX sets as a glyph of its own (Latin
    script, T1 and TS1) is pdfLaTeX's: no Lua to guard, Latin Modern, no /ID
    (reproducible bytes). A character pdfLaTeX builds from pieces (the
    ellipsis as three periods, an accent over a letter), or the author's code
    (pdfLaTeX's break points in it come back as spaces), would not come back
    from the PDF's text as written: LuaLaTeX typesets that book."""
    src = copy_root("posts", tmp_path)
    # the archive's own set-up (core.settings.configure), as `postarchive new` writes it
    (src / "conf.py").write_text(
        (src / "conf.py").read_text(encoding="utf-8")
        + "from postarchive.core.settings import configure\n"
        + "configure(globals(), {'title': 'T', 'author': 'A', 'blog': 'B', 'blog_citation': 'B',"
        + " 'subjects': 's', 'pdf_name': 't.pdf', 'language': 'en'})\n",
        encoding="utf-8",
    )
    post = next(src.glob("posts/*.md"))
    post.write_text(post.read_text(encoding="utf-8") + f"\n{added}\n", encoding="utf-8")
    sphinx_build(src, tmp_path / "out", builder="latex")
    latex = tmp_path / "out" / "latex"
    assert f"$pdflatex = '{engine} " in (latex / "latexmkrc").read_text(encoding="utf-8")
    if engine == "pdflatex":
        tex = "".join(p.read_text(encoding="utf-8") for p in latex.glob("*.tex"))
        assert "\\directlua" not in tex and "\\pdftrailerid{}" in tex
        assert "\\usepackage[T1]{fontenc}" in tex and "\\usepackage{lmodern}" in tex


def test_a_book_beyond_latin_is_lualatex_s(multilingual):
    """A book with any character beyond the Latin set-up is LuaLaTeX's, with its
    Lua guard (tests/edition/test_pdf.py: this edition's is pdfLaTeX's)."""
    tmp, _src = multilingual
    many = tmp / "setup" / "latex"
    if not many.is_dir():
        sphinx_build(_src, tmp / "setup", builder="latex", confdir=REPO)
    assert "$pdflatex = 'lualatex " in (many / "latexmkrc").read_text(encoding="utf-8")
    assert GUARD_LINE in (many / PDF_NAME.replace(".pdf", ".tex")).read_text(encoding="utf-8")
