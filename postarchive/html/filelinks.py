"""Links to the files at the root of the HTML site: ``{pdf-download}`` (the
PDF) and ``{feed-link}`` (the Atom feed), with the attributes plain Markdown
links cannot carry (``download``, ``type``); the text alone elsewhere."""

from __future__ import annotations

import html
import posixpath

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from ..ext.placeholders import add_placeholder
from .feed import FEED_NAME


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


def setup(app: Sphinx) -> None:
    add_placeholder(app, root_file_link, root_file_anchor)
    app.add_role("pdf-download", RootFileRole())
    app.add_role("feed-link", RootFileRole())
