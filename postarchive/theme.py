"""Look and feel: the archive's stylesheet, the PDF download link on every
HTML page and the LaTeX macros for the archive's own markup (search results:
:mod:`.search`)."""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxRole

from .edition import LATEX_DEFAULTS
from .feed import FEED_NAME
from .placeholders import add_placeholder

HERE = Path(__file__).parent

LATEX_MACROS = r"""
% --- archive markup (postarchive.theme) ---
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


def add_paths(app: Sphinx, config: Config) -> None:
    # New lists and dicts, not in-place changes: the defaults are shared
    # between Sphinx applications in one process (tests, autobuild), and a
    # path appended twice changes the config hash and forces full rebuilds.
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]
    preamble = config.latex_elements.get("preamble", "")
    if LATEX_MACROS not in preamble:
        preamble += LATEX_MACROS + LATEX_DEFAULTS
        config.latex_elements = {**config.latex_elements, "preamble": preamble}


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["archive_pdf"] = app.config.archive_pdf_name


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
                "tooltip": "Download the whole archive as one PDF",
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
            summary["aria-label"] = f"Pages under {link.get_text(' ', strip=True)}"


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


# -- links to the files at the site's root: the PDF, the feed ---------------------------
class root_file_link(nodes.General, nodes.Inline, nodes.TextElement):
    """A link to a file at the root of the HTML site (the PDF, the feed), with
    the attributes plain Markdown links cannot carry (``download``, ``type``)."""


class RootFileRole(SphinxRole):
    """``{pdf-download}`text``` and ``{feed-link}`text```."""

    def run(self) -> tuple[list[nodes.Node], list]:
        return [root_file_link(self.rawtext, self.text, role=self.name)], []


def _root_file(app: Sphinx, role: str) -> tuple[str, dict[str, str]]:
    if role == "pdf-download":
        return app.config.archive_pdf_name, {"class": "archive-pdf-link", "download": ""}
    return FEED_NAME, {"class": "archive-feed-link", "type": "application/atom+xml"}


def root_file_anchor(app: Sphinx, node: root_file_link, docname: str) -> nodes.Node:
    """The link, relative to the page (HTML); the text alone elsewhere."""
    if app.builder.format != "html":
        return nodes.Text(node.astext())
    filename, attributes = _root_file(app, node["role"])
    href = posixpath.relpath(filename, posixpath.dirname(docname) or ".")
    attrs = "".join(
        f' {k}="{html.escape(v)}"' if v else f" {k}"
        for k, v in {"href": href, **attributes}.items()
    )
    return nodes.raw("", f"<a{attrs}>{html.escape(node.astext())}</a>", format="html")


def mark_document_ends(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the LaTeX file, a comment where each included document ends (Sphinx
    marks only where one starts), so postarchive/scripts/latexerrors.py can name the page
    that holds a failing line."""
    if app.builder.format != "latex":
        return
    for start in doctree.findall(addnodes.start_of_file):
        start += nodes.raw("", f"\n% archive-end-of-document {start['docname']}\n", format="latex")


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", mark_document_ends, priority=950)
    add_placeholder(app, root_file_link, root_file_anchor)
    app.add_role("pdf-download", RootFileRole())
    app.add_role("feed-link", RootFileRole())
    app.add_config_value("archive_pdf_name", "archive.pdf", "html", types=[str])
    app.connect("config-inited", add_paths, priority=400)
    app.connect("html-page-context", page_context, priority=400)
    app.connect("html-page-context", pdf_header_button, priority=510)
    # after pydata-sphinx-theme puts generate_toctree_html in the context (priority 500)
    app.connect("html-page-context", named_nav_toggles, priority=600)
    app.add_css_file("archive.css")
