"""The PDF's engine, chosen from what the text needs: pdfLaTeX when every
character of the book is in its Latin set-up, LuaLaTeX otherwise.

LuaLaTeX typesets any script (:mod:`.pdffonts`), at a cost on every page:
OpenType fonts through luaotfload, the node-mode shaping, Lua callbacks. A
book whose every character pdfLaTeX's Latin set-up has (T1 and TS1 encodings
in Latin Modern: :data:`.pdffonts.PDFLATEX`, the ``unicode`` need when a
character is beyond it) is typeset with pdfLaTeX instead, several times
faster, with the same words. The volumes are parts of the book, so they
share its engine.

Under pdfLaTeX there is no Lua, so no Lua guard (the guard is LuaLaTeX's:
:mod:`..checks.latexsafe`); everything else of the boundary stays: the
checks on read, the tripwire on the written ``.tex``, the sandbox with shell
escape off and paranoid ``openin``/``openout``. Every word stays extractable:
each glyph maps to its character (``glyphtounicode``) and the spaces between
words are real characters (``\\pdfinterwordspaceon``). The PDF's ``/ID`` is
left out (``\\pdftrailerid{}``), so builds in different directories give
the same bytes.

``archive_pdf_engine = "lualatex"`` in conf.py keeps LuaLaTeX for every
book; so does a conf.py that sets ``latex_engine``, ``fontpkg`` or
``babel`` itself.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.builders.latex.constants import ADDITIONAL_SETTINGS, DEFAULT_SETTINGS

from ..checks.latexsafe import GUARD_LINE
from ..ext import stages
from . import pdffonts

#: the font set-up of a book pdfLaTeX typesets (after fontenc)
PDFLATEX_FONTS = r"""% --- fonts (postarchive.pdf.engine): pdfLaTeX, the text in Latin script only ---
\usepackage{lmodern}
% every glyph's character in the PDF (ligatures as their letters), real spaces
% between words: the words extract as the author wrote them
\input{glyphtounicode}\pdfgentounicode=1
\pdfinterwordspaceon
% no /ID derived from the output's path: builds in different directories are identical
\pdftrailerid{}
% pdfTeX writes the spaces itself: the space glyphs of the title page are LuaLaTeX's
% (in T1, character 32 is a visible space)
\AtBeginDocument{\def\archivespaceglyphs{}}
"""
#: the preamble's line where LuaLaTeX loads the Lua guard
NO_GUARD = "% pdfLaTeX runs no Lua: the Lua guard (postarchive.latexsafe) is LuaLaTeX's"


def pdflatex_context(context: dict) -> dict:
    """The LaTeX builder's *context* for pdfLaTeX: Sphinx's own settings for
    the engine, the Latin fonts, the preamble without the Lua guard."""
    return {
        **context,
        **ADDITIONAL_SETTINGS["pdflatex"],
        "latex_engine": "pdflatex",
        "fontenc": DEFAULT_SETTINGS["fontenc"],
        "fontpkg": PDFLATEX_FONTS,
        "fontsubstitution": DEFAULT_SETTINGS["fontsubstitution"],
        "textgreek": "",
        "polyglossia": "",
        "preamble": context.get("preamble", "").replace(GUARD_LINE, NO_GUARD),
    }


def ours(app: Sphinx, needs: frozenset[str]) -> bool:
    """Whether the set-up is the one this package fitted to the text (conf.py
    chose neither the engine nor the fonts)."""
    context = app.builder.context
    fonts = {**pdffonts.DEFAULT_FONTS, **app.config.archive_pdf_fonts}
    return (
        app.config.latex_engine == "lualatex"
        and context.get("fontpkg") == pdffonts.font_setup(fonts, needs)
        and context.get("babel") == pdffonts.babel_package(needs)
    )


def choose_engine(app: Sphinx, env) -> list[str]:
    """Once everything is read: pdfLaTeX when the whole text is in its Latin set-up."""
    builder = app.builder
    if builder.format != "latex" or not hasattr(builder, "context"):
        return []
    if app.config.archive_pdf_engine != "auto":
        return []
    needs = pdffonts.build_needs(app, env)
    if needs is None or needs or not ours(app, needs):
        return []
    # the writer escapes text for the engine, and the Makefile and latexmkrc name it
    app.config.latex_engine = "pdflatex"
    builder.context = pdflatex_context(builder.context)
    return []


def setup(app: Sphinx) -> None:
    # archive_pdf_engine is declared in ext/config.py's table
    app.connect("env-updated", choose_engine, priority=stages.EnvUpdated.CHOOSE_ENGINE)
