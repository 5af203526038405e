"""A failed PDF names the post and its source line (postarchive/scripts/latexerrors.py).

Small synthetic .tex/.log/.aux/.toc files for each kind of failure (fast), and
one real LaTeX run: a post whose link Sphinx accepts (``-nW`` passes) but which
leaves LaTeX an undefined reference.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.archivebuild import REPO, copy_root, latex_pdf, sphinx_build
from support.scripts import script

latexerrors = script("latexerrors")

TEX = r"""\documentclass{book}
\begin{document}
\label{\detokenize{index::doc}}
\tableofcontents
\label{\detokenize{posts/first::doc}}
\section{First}
\label{\detokenize{posts/first:first}}
Some text of the first post, with a rare ✠ sign.
\subsection{A heading}
\label{\detokenize{posts/first:a-heading}}
More of it.
% archive-end-of-document posts/first
\label{\detokenize{posts/second::doc}}
\section{Second}
\label{\detokenize{posts/second:second}}
Write to \sphinxhref{mailto:\%7B@link}{the editor}%
\begin{footnote}
{\hyperref[\detokenize{7B@link::doc}]{\sphinxcrossref{\%7B@link}}}
\end{footnote} again.
\subsection{Broken heading}
\label{\detokenize{posts/second:broken-heading}}
The end of the second post.
% archive-end-of-document posts/second
\end{document}
"""

AUX = r"""\relax
\newlabel{index::doc}{{}{1}{}{chapter*.1}{}}
\@writefile{toc}{\contentsline {section}{\numberline {1}First}{3}{section.1}\protected@file@percent }
\newlabel{posts/first::doc}{{1}{3}{First}{section.1}{}}
\newlabel{posts/first:first}{{1}{3}{First}{section.1}{}}
\@writefile{toc}{\contentsline {subsection}{\numberline {1.1}A heading}{3}{subsection.1.1}\protected@file@percent }
\newlabel{posts/first:a-heading}{{1.1}{3}{A heading}{subsection.1.1}{}}
\@writefile{toc}{\contentsline {section}{\numberline {2}Second}{4}{section.2}\protected@file@percent }
\newlabel{posts/second::doc}{{2}{4}{Second}{section.2}{}}
\newlabel{posts/second:second}{{2}{4}{Second}{section.2}{}}
\@writefile{toc}{\protect \begingroup \let \x00}\x00
\newlabel{posts/second:broken-heading}{{2.1}{4}{Broken heading}{subsection.2.1}{}}
""".replace(r"\x00", "\x00")

TOC = r"""\contentsline {section}{\numberline {1}First}{3}{section.1}%
\contentsline {subsection}{\numberline {1.1}A heading}{3}{subsection.1.1}%
\contentsline {section}{\numberline {2}Second}{4}{section.2}%
\contentsline {subsection}{\numberline {2.1}Broken ^^Z heading}{4}{subsection.2.1}%
"""

FIRST = """---
title: "First"
author: A. Editor
date: 2016-01-01
url: unknown
topics: []
---

Some text of the first post, with a rare ✠ sign.

## A heading

More of it.
"""

SECOND = """---
title: "Second"
author: A. Editor
date: 2016-01-02
url: unknown
topics: []
---

Write to [the editor](mailto:{@link) again.

## Broken heading

The end of the second post.
"""


@pytest.fixture
def book(tmp_path):
    latex = tmp_path / "latex"
    latex.mkdir()
    (latex / "book.tex").write_text(TEX, encoding="utf-8")
    (latex / "book.aux").write_text(AUX, encoding="utf-8")
    (latex / "book.toc").write_text(TOC, encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "posts").mkdir(parents=True)
    (docs / "posts" / "first.md").write_text(FIRST, encoding="utf-8")
    (docs / "posts" / "second.md").write_text(SECOND, encoding="utf-8")
    (docs / "index.md").write_text("# The book\n", encoding="utf-8")
    return latex, docs


def run(latex: Path, docs: Path, log: str) -> list[str]:
    (latex / "book.log").write_text(log, encoding="utf-8")
    return latexerrors.report(latex / "book.tex", latex / "book.log", docs)


def test_error_in_the_tex_names_the_post_and_its_line(book):
    latex, docs = book
    log = (
        "This is LuaHBTeX\n(./book.tex\n! Undefined control sequence.\n"
        "l.11 More of it.\n             \\oops\n\n)\n"
    )
    [line] = run(latex, docs, log)
    assert line.startswith("posts/first: LaTeX error: Undefined control sequence.")
    assert "(book.tex line 11)" in line
    assert line.endswith(f"— {docs}/posts/first.md:13")


def test_error_in_the_aux_names_the_section_s_post(book):
    """(6) A heading written broken into the .aux: LaTeX stops while reading the
    .aux at the start of the next run; the line numbers are the .aux's, not
    the .tex's (line 11 of the .tex is in another post)."""
    latex, docs = book
    log = (
        "(./book.tex (./book.aux\n! Text line contains an invalid character.\n"
        "l.11 \\@writefile{toc}{\\protect \\begingroup \\let \n"
        "                                                } \n"
        "A funny symbol that I can't read has just been input.\n\n) )\n"
    )
    [line] = run(latex, docs, log)
    assert line.startswith("posts/second: LaTeX error: Text line contains an invalid character.")
    assert "book.aux line 11" in line
    assert line.endswith(f"— {docs}/posts/second.md:11")  # ## Broken heading


def test_error_in_the_toc_maps_through_the_anchor(book):
    latex, docs = book
    log = (
        "(./book.tex (./book.aux) (./book.toc\n! Text line contains an invalid character.\n"
        "l.4 ...ne {subsection}{\\numberline {2.1}Broken \n\n))\n"
    )
    [line] = run(latex, docs, log)
    assert line.startswith("posts/second: LaTeX error:")
    assert "book.toc line 4" in line and line.endswith("second.md:11")


def test_wrong_file_guess_is_corrected_by_the_line_s_text(book):
    """Parentheses in the log that are not files do not mislead: the failing
    line's text decides between the .tex and the .aux."""
    latex, docs = book
    log = (
        "(./book.tex (./book.aux) (see the transcript\n! Undefined control sequence.\n"
        "l.6 \\section{First}\n\n)\n"
    )
    [line] = run(latex, docs, log)
    assert line.startswith(
        "posts/first: LaTeX error: Undefined control sequence. (book.tex line 6)"
    )


def test_undefined_reference_names_the_post_and_its_line(book):
    """(7) ``<a href="mailto:{@link">`` in an imported post: Sphinx makes a
    reference of it that LaTeX cannot resolve; the warning is wrapped at 79
    characters in the log."""
    latex, docs = book
    warning = "LaTeX Warning: Hyper reference `7B@link::doc' on page 4 undefined on input line 18."
    wrapped = warning[:79] + "\n" + warning[79:]
    log = f"(./book.tex\n\n{wrapped}\n\n)\nLaTeX Warning: There were undefined references.\n"
    [line] = run(latex, docs, log)
    assert line.startswith("posts/second: LaTeX: undefined reference '7B@link::doc'")
    assert "(book.tex line 18)" in line and line.endswith(f"— {docs}/posts/second.md:9")


def test_missing_character_names_the_post_and_its_line(book):
    latex, docs = book
    log = (
        "(./book.tex\nMissing character: There is no ✠ (U+2720) in font "
        "[FreeSerif]:mode=node;script=latn;!\n)\n"
    )
    [line] = run(latex, docs, log)
    assert line.startswith("posts/first: the character ✠ (U+2720) is in no font of the PDF")
    assert line.endswith(f"— {docs}/posts/first.md:9")


def test_many_repeats_of_one_error_are_one_line(book):
    latex, docs = book
    one = "! Undefined control sequence.\nl.11 More of it.\n\n"
    lines = run(latex, docs, "(./book.tex\n" + one * 50 + ")\n")
    assert len(lines) == 1


def test_command_line_and_build_script(book):
    latex, docs = book
    (latex / "book.log").write_text(
        "(./book.tex\n! Undefined control sequence.\nl.11 More\n\n)\n", encoding="utf-8"
    )
    out = subprocess.run(
        [
            sys.executable,
            str(REPO / "postarchive" / "scripts" / "latexerrors.py"),
            str(latex / "book.tex"),
            str(latex / "book.log"),
            "--srcdir",
            str(docs),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("posts/first: LaTeX error: Undefined control sequence.")
    assert "first.md:13" in out
    script = (REPO / "postarchive" / "scripts" / "build.sh").read_text(encoding="utf-8")
    assert 'latexerrors.py" "$stage/latex/$1.tex" "$log" --srcdir docs' in script


MAIL = """---
title: "Mail link"
author: Jane Doe
date: 2016-06-08
url: unknown
topics: []
---

Write to the editors.

And [the editor](mailto:{@link) again.
"""


@pytest.mark.skipif(os.environ.get("ARCHIVE_SKIP_PDF") == "1", reason="ARCHIVE_SKIP_PDF=1")
def test_a_real_undefined_reference_is_named(tmp_path):
    """The real thing: Sphinx's checks pass (``-nW``), LaTeX leaves the
    reference undefined, and the message names the post and the line."""
    src = copy_root("import", tmp_path)
    (src / "posts" / "mail-link.md").write_text(MAIL, encoding="utf-8")
    sphinx_build(src, tmp_path / "build", builder="latex", confdir=REPO)  # -nW passes
    latex = tmp_path / "build" / "latex"
    latex_pdf(latex)
    # the post's year's volume (the book's frame holds no posts)
    logs = [
        log
        for log in latex.glob("*.log")
        if "undefined references" in log.read_text("utf-8", errors="replace")
    ]
    assert len(logs) == 1, logs
    log = logs[0]
    tex = log.with_suffix(".tex")
    out = subprocess.run(
        [
            sys.executable,
            str(REPO / "postarchive" / "scripts" / "latexerrors.py"),
            str(tex),
            str(log),
            "--srcdir",
            str(src),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if "undefined reference" in x)
    assert line.startswith("posts/mail-link: LaTeX: undefined reference"), out
    assert line.endswith(f"{src}/posts/mail-link.md:11"), out
