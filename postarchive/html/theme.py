"""Look and feel: the archive's stylesheet and templates, the PDF button on
every HTML page, named toggles in the sidebar (the LaTeX macros:
:mod:`..pdf.macros`; links to the PDF and the feed: :mod:`.filelinks`)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from ..ext import stages
from ..ext.i18n import _

HERE = Path(__file__).resolve().parents[1]  # the package: static/, templates/


def add_paths(app: Sphinx, config: Config) -> None:
    # New lists and dicts, not in-place changes: the defaults are shared
    # between Sphinx applications in one process (tests, autobuild), and a
    # path appended twice changes the config hash and forces full rebuilds.
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["archive_pdf"] = app.config.archive_pdf_name
    # the sidebar's words (archive-sidebar-nav.html), in the archive's language
    context["archive_text"] = {
        "main": _("Main"),
        "pdf_edition": _("PDF edition"),
        "pdf_download": _("Download the archive as PDF"),
    }


def pdf_header_button(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    pdf = app.config.archive_pdf_name
    # sphinx-book-theme's article header buttons (filled at priority 501)
    buttons = context.get("header_buttons")
    if buttons is not None:
        buttons.insert(
            0,
            {
                "type": "link",
                "url": context["pathto"](pdf, 1),
                "text": "PDF",
                "tooltip": _("Download the whole archive as one PDF"),
                "icon": "fas fa-file-pdf",
                "label": "archive-pdf",
            },
        )


def label_nav_toggles(soup) -> None:
    """Name each of pydata-sphinx-theme's expand/collapse toggles in the sidebar
    ("Pages under Topics"). A toggle is a <summary> holding only a decorative icon,
    next to the link of the page whose sub-pages it shows; without a name, screen
    readers announce an unnamed control and axe-core reports a serious violation.
    Works in place on the theme's BeautifulSoup tree."""
    for summary in soup.find_all("summary"):
        if summary.get("aria-label") or summary.get_text(strip=True):
            continue
        details = summary.find_parent("details")
        item = details.parent if details is not None else None
        link = item.find("a", recursive=False) if item is not None else None
        if link is not None and link.get_text(strip=True):
            summary["aria-label"] = _("Pages under {title}").format(
                title=link.get_text(" ", strip=True)
            )


def named_nav_toggles(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "archive_labelled", False):
        return

    def generate_labelled(kind: str, *args, **kwargs):
        tree = generate(kind, *args, **kwargs)
        if hasattr(tree, "find_all"):  # a BeautifulSoup tree (the theme's "sidebar" and "raw")
            label_nav_toggles(tree)
        return tree

    generate_labelled.archive_labelled = True
    context["generate_toctree_html"] = generate_labelled


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_paths, priority=stages.ConfigInited.ADD_PATHS)
    app.connect("html-page-context", page_context, priority=stages.PageContext.PDF_NAME)
    app.connect("html-page-context", pdf_header_button, priority=stages.PageContext.PDF_BUTTON)
    app.connect("html-page-context", named_nav_toggles, priority=stages.PageContext.NAV_TOGGLES)
    app.add_css_file("archive.css")
