"""Markup for the author's text: scrape artifacts, lost figures and the
article blurbs of a roundup post.

None of these change the author's words; they only mark them up and add
editorial text that is styled as ours.
"""

from __future__ import annotations

import dataclasses

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..core import records
from ..ext import report
from ..ext.domain import get_domain
from ..ext.i18n import N_, _
from ..ext.report import Kind
from .lists import para

ARTIFACT_TITLE = N_("Scrape artifact: kept as found, explained in the notes on this post")


class artifact(nodes.inline):
    """Text left behind by the scrape (an image file name, alt text)."""

    editorial = True  # not the author's words (see ours.is_ours)


def visit_artifact_html(self, node: artifact) -> None:
    self.body.append(
        self.starttag(node, "span", "", CLASS="scrape-artifact", title=_(ARTIFACT_TITLE))
    )


def depart_artifact_html(self, node: artifact) -> None:
    self.body.append("</span>")


def visit_artifact_latex(self, node: artifact) -> None:
    self.body.append(r"\archiveartifact{")


def depart_artifact_latex(self, node: artifact) -> None:
    self.body.append("}")


class ArtifactRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [artifact(self.rawtext, self.text)], []


def editorial(text: str, *extra: nodes.Node) -> nodes.paragraph:
    return para(text, *extra, classes=["editorial-line"])


class LostFigure(SphinxDirective):
    """A figure whose image did not survive the scrape; the content is its
    caption (the author's credit line), kept verbatim."""

    has_content = True
    option_spec = {"alt": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=["lost-figure"])
        alt = self.options.get("alt", "")
        label = _("Image not archived")
        if alt:
            label += _(" (its alternative text was “{alt}”)").format(alt=alt)
        box += editorial(label + ".")
        caption = nodes.container(classes=["lost-figure-caption"])
        caption += self.parse_content_to_nodes()
        box += caption
        self.set_source_info(box)
        return [box]


def _topics(argument: str) -> list[str]:
    return [t.strip() for t in argument.split(",") if t.strip()]


class Blurb(SphinxDirective):
    """Editorial facts about one article quoted in a roundup post.

    Placed right after the section heading of the blurb; records the blurb
    (its anchor, article title, venue and topics) in the archive domain.
    """

    option_spec = {
        "article": directives.unchanged_required,
        "venue": directives.unchanged_required,
        "post": directives.unchanged,
        "topics": _topics,
    }

    def run(self) -> list[nodes.Node]:
        venue = self.options.get("venue", "unknown")
        article = self.options.get("article", "")
        entry = records.Blurb(
            docname=self.env.docname,
            article=article,
            venue=None if venue == "unknown" else venue,
            topics=tuple(self.options.get("topics", [])),
            post=self.options.get("post"),
            line=self.lineno,
        )  # its anchor: the id of the enclosing section, see collect_blurbs
        box = nodes.container(classes=["archive-blurb", "editorial"], archive_blurb=entry)
        if entry.venue:
            box += editorial(
                _("Article “{article}”, published on {venue}.").format(
                    article=article, venue=entry.venue
                )
            )
        elif entry.post:
            box += editorial(
                _("Article “{article}”; the venue named after “on” was lost in the scrape.").format(
                    article=article
                )
            )
        else:
            box += editorial(
                _(
                    "Article “{article}”, published elsewhere; the venue named after "
                    "“on” was lost in the scrape (venue unknown)."
                ).format(article=article)
            )
        if entry.post:
            ref = addnodes.pending_xref(
                "",
                nodes.inline(text=_("read the full post in this archive")),
                refdomain="std",
                reftype="doc",
                reftarget="/" + entry.post,
                refexplicit=True,
                refwarn=True,
            )
            box += editorial(_("The article is a post of this blog: "), ref, nodes.Text("."))
        self.set_source_info(box)
        return [box]


def collect_blurbs(app: Sphinx, doctree: nodes.document) -> None:
    """Record each blurb with the anchor of the section it sits under."""
    docname = app.env.docname
    for box in doctree.findall(nodes.container):
        entry = box.attributes.pop("archive_blurb", None)
        if entry is None:
            continue
        section = box.parent
        # a blurb describes one article: it sits in that article's own
        # section (## heading), not in the post's introduction
        if (
            not isinstance(section, nodes.section)
            or not isinstance(section.parent, nodes.section)
            or not section["ids"]
        ):
            report.error(
                Kind.BLURB,
                "a blurb must come right after the ## heading of the article it describes",
                location=(docname, entry.line),
            )
            continue
        entry = dataclasses.replace(entry, anchor=section["ids"][0])
        get_domain(app.env).blurbs.setdefault(docname, []).append(entry)


def setup(app: Sphinx) -> None:
    app.add_node(
        artifact,
        html=(visit_artifact_html, depart_artifact_html),
        latex=(visit_artifact_latex, depart_artifact_latex),
    )
    app.add_role("artifact", ArtifactRole())
    app.add_directive("lost-figure", LostFigure)
    app.add_directive("blurb", Blurb)
    app.connect("doctree-read", collect_blurbs)
