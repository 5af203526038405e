"""Look and feel: the archive's stylesheet, the PDF download link on every
HTML page and the LaTeX macros for the archive's own markup."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

HERE = Path(__file__).parent

LATEX_MACROS = r"""
% --- archive markup (postarchive.theme) ---
\newcommand{\archiveartifact}[1]{{\ttfamily\color{gray}#1}}
% index of names and terms: entries in the text face, not typewriter
\renewcommand{\sphinxstyleindexentry}[1]{#1}
"""


def add_paths(app: Sphinx, config: Config) -> None:
    # New lists and dicts, not in-place changes: the defaults are shared
    # between Sphinx applications in one process (tests, autobuild), and a
    # path appended twice changes the config hash and forces full rebuilds.
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]
    preamble = config.latex_elements.get("preamble", "")
    if LATEX_MACROS not in preamble:
        config.latex_elements = {**config.latex_elements, "preamble": preamble + LATEX_MACROS}


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["archive_pdf"] = app.config.archive_pdf_name


def pdf_header_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    pdf = app.config.archive_pdf_name
    # sphinx-book-theme's article header buttons (filled at priority 501)
    buttons = context.get("header_buttons")
    if buttons is not None:
        buttons.insert(0, {
            "type": "link",
            "url": context["pathto"](pdf, 1),
            "text": "PDF",
            "tooltip": "Download the whole archive as one PDF",
            "icon": "fas fa-file-pdf",
            "label": "archive-pdf",
        })


def setup(app: Sphinx) -> None:
    app.add_config_value("archive_pdf_name", "archive.pdf", "html", types=[str])
    app.connect("config-inited", add_paths, priority=400)
    app.connect("html-page-context", page_context, priority=400)
    app.connect("html-page-context", pdf_header_button, priority=510)
    app.add_css_file("archive.css")
