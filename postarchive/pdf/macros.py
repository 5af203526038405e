"""The LaTeX macros of the archive's own markup (artifacts, editorial boxes,
index entries) added to the PDF's preamble, and the marks where each page
ends in the LaTeX file."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..content.edition import LATEX_DEFAULTS
from ..ext import stages

LATEX_MACROS = r"""
% --- archive markup (postarchive.pdf.macros) ---
\newcommand{\archiveartifact}[1]{{\ttfamily\color{gray}#1}}
% index of names and terms: entries in the text face, not typewriter
\renewcommand{\sphinxstyleindexentry}[1]{#1}
% glossary links stay upright: italics would read as the author's emphasis
\renewcommand{\sphinxtermref}[1]{#1}
% what the editors wrote (class "editorial") is framed and tinted, as on the site
\usepackage[breakable]{tcolorbox}
\tcbset{archiveeditorial/.style={breakable, colback=black!4, colframe=black!40,
  boxrule=0.4pt, arc=2pt, left=6pt, right=6pt, top=4pt, bottom=4pt,
  before skip=8pt, after skip=8pt}}
\newenvironment{sphinxclasseditorial}{\begin{tcolorbox}[archiveeditorial]}{\end{tcolorbox}}
\newenvironment{sphinxclasslost-figure}{\begin{tcolorbox}[archiveeditorial, halign=center]}%
  {\end{tcolorbox}}
"""


def add_macros(app: Sphinx, config: Config) -> None:
    # a new dict, not an in-place change: the defaults are shared between
    # Sphinx applications in one process (tests, autobuild)
    preamble = config.latex_elements.get("preamble", "")
    if LATEX_MACROS not in preamble:
        preamble += LATEX_MACROS + LATEX_DEFAULTS
        config.latex_elements = {**config.latex_elements, "preamble": preamble}


def mark_document_ends(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the LaTeX file, a comment where each included document ends (Sphinx
    marks only where one starts), so postarchive/scripts/latexerrors.py can name the page
    that holds a failing line."""
    if app.builder.format != "latex":
        return
    for start in doctree.findall(addnodes.start_of_file):
        start += nodes.raw("", f"\n% archive-end-of-document {start['docname']}\n", format="latex")


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", mark_document_ends, priority=stages.Resolved.DOCUMENT_ENDS)
    app.connect("config-inited", add_macros, priority=stages.ConfigInited.LATEX_MACROS)
