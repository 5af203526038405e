"""A disclosure: matter that is one tap away on the site and all there on paper.

On the site it is a ``<details>`` element with its ``<summary>`` (native: it
opens with a click, a tap, Enter or Space, and a screen reader announces it as
a collapsed or expanded button); printed from the browser it is open
(``archive.css`` and ``archive-print.js``); in the PDF it is its title and
everything it holds. Built as a node with a visitor per writer, so no page
carries raw HTML for it. This module imports nothing else of the package.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


class disclosure(nodes.General, nodes.Element):
    """``disclosure(summary="About this post")`` holding the hidden matter."""


def visit_html(self, node: disclosure) -> None:
    self.body.append(self.starttag(node, "details", "", CLASS="archive-disclosure"))
    self.body.append(f"<summary>{self.encode(node['summary'])}</summary>\n")


def depart_html(self, node: disclosure) -> None:
    self.body.append("</details>\n")


def visit_latex(self, node: disclosure) -> None:
    # the summary as the title of what follows, which is all there on paper
    self.body.append(
        "\n\n\\par\\smallskip\\noindent\\textbf{%s}\\par\\nobreak\\smallskip\n"
        % self.encode(node["summary"])
    )


def visit_text(self, node: disclosure) -> None:
    self.new_state(0)
    self.add_text(node["summary"])
    self.end_state()


def visit_nothing(self, node: disclosure) -> None:
    pass


depart_nothing = visit_nothing


def setup(app: Sphinx) -> None:
    app.add_node(
        disclosure,
        html=(visit_html, depart_html),
        latex=(visit_latex, depart_nothing),
        text=(visit_text, depart_nothing),
        man=(visit_nothing, depart_nothing),
        texinfo=(visit_nothing, depart_nothing),
    )
    app.add_js_file("archive-print.js")
