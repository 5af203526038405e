"""Look and feel: the archive's stylesheet, the PDF download link on every
HTML page, the post dates in search results and the LaTeX macros for the
archive's own markup."""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from .domain import get_domain
from .posts import date_label

HERE = Path(__file__).parent

LATEX_MACROS = r"""
% --- archive markup (postarchive.theme) ---
\newcommand{\archiveartifact}[1]{{\ttfamily\color{gray}#1}}
"""


def add_paths(app: Sphinx, config: Config) -> None:
    config.templates_path.append(str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))
    preamble = config.latex_elements.get("preamble", "")
    if LATEX_MACROS not in preamble:
        config.latex_elements["preamble"] = preamble + LATEX_MACROS


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


def search_result_dates(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """On the search page, give archive-search.js each post's date (as the
    post shows it) so every result for a post shows when it was written."""
    if pagename != "search":
        return
    dates = {info["docname"]: date_label(info) for info in get_domain(app.env).sorted_posts()}
    data = json.dumps(dates, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
    app.add_js_file(None, body=f"window.ARCHIVE_POST_DATES = {data};")
    app.add_js_file("archive-search.js")


def setup(app: Sphinx) -> None:
    app.add_config_value("archive_pdf_name", "archive.pdf", "html", types=[str])
    app.connect("config-inited", add_paths, priority=400)
    app.connect("html-page-context", page_context, priority=400)
    app.connect("html-page-context", pdf_header_button, priority=510)
    app.connect("html-page-context", search_result_dates)
    app.add_css_file("archive.css")
