"""Topics: the checks on the topics of posts and blurbs, the sources of the
topic pages (generated documents, see :mod:`.virtualdocs`) and their lists,
resolved late (``doctree-resolved``) from the ``archive`` domain.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .domain import get_domain
from .lists import (
    blurb_entry, doc_link, para, post_entry, unknown_dates_group, year_group,
)
from .model import date_order
from .placeholders import add_placeholder
from .topiclist import OVERVIEW, load_topics, read_topics, topic_docname, topics_path

logger = logging.getLogger(__name__)


def report_topic_problems(app: Sphinx) -> None:
    """Report the topic list's problems with file and line, at every build."""
    for line, message in read_topics(app)[1]:
        logger.error("%s", message, location=f"{topics_path(app)}:{line}",
                     type="archive", subtype="topics")


# -- checks in the posts ---------------------------------------------------------
def check_topics(app: Sphinx, doctree: nodes.document) -> None:
    """Fail on unknown topics in a post's front matter or its blurbs, with
    file and line."""
    env = app.env
    docname = env.docname
    domain = get_domain(env)
    post = domain.posts.get(docname)
    blurbs = domain.blurbs.get(docname, [])
    if post is None and not blurbs:
        return
    topics, problems = read_topics(app)
    env.note_dependency(str(topics_path(app)))
    if problems and not topics:
        return  # the topic list itself is broken: reported once, in report_topic_problems
    known = ", ".join(topics) or "(none: the topic list is empty)"
    where = app.config.archive_topics_file
    uses = [(t, post.topics_line, "the front matter") for t in post.topics] if post else []
    uses += [(t, blurb["line"], "a blurb") for blurb in blurbs for t in blurb["topics"]]
    for slug, line, place in uses:
        if slug not in topics:
            logger.error(
                "unknown topic %r in %s; the topics of %s are: %s", slug, place, where, known,
                location=(docname, line), type="archive", subtype="topics",
            )


# -- the generated sources -----------------------------------------------------
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(text: str) -> str:
    """*text* as Markdown that reads as exactly that text (every ASCII
    punctuation character escaped: no markup, no HTML)."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def generated_sources(topics: dict[str, dict]) -> dict[str, str]:
    """``{docname: MyST source}`` of the topic pages and their overview
    (nothing at all for a project without topics)."""
    if not topics:
        return {}
    fence = "````"
    overview = [
        "# Topics",
        "",
        f"{fence}{{container}} editorial",
        "The archive's posts by topic. The topics, their descriptions and the topics of each",
        "post are chosen by the archive editors, not by the author; a roundup post's article",
        "blurbs are listed under their own topics.",
        fence,
        "",
        f"{fence}{{topic-overview}}",
        fence,
        "",
        f"{fence}{{toctree}}",
        ":hidden:",
        ":maxdepth: 1",
        "",
        *topics,
        fence,
        "",
    ]
    sources = {OVERVIEW: "\n".join(overview)}
    for slug, topic in topics.items():
        sources[topic_docname(slug)] = "\n".join([
            f"# {markdown_text(topic['title'])}",
            "",
            f"{fence}{{topic-page}} {slug}",
            fence,
            "",
        ])
    return sources


# -- the page directives -------------------------------------------------------
class topic_listing(nodes.General, nodes.Element):
    """Placeholder for the list of posts and blurbs of one topic."""


class topic_overview(nodes.General, nodes.Element):
    """Placeholder for the list of topics with their counts."""


class TopicPageDirective(SphinxDirective):
    """``{topic-page} slug``: the topic's description (editorial) and the list
    of posts and blurbs in the topic, both resolved late from the topic list
    and the domain."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts", "blurbs", "topics")
        return [topic_listing(slug=self.arguments[0])]


class TopicOverviewDirective(SphinxDirective):
    """``{topic-overview}``: every topic with its count and description; with
    ``:compact:``, only the topics and their counts."""

    option_spec = {"compact": directives.flag}

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts", "blurbs", "topics")
        return [topic_overview(compact="compact" in self.options)]


def topic_entries(domain, slug: str) -> list[tuple]:
    """The posts and blurbs in a topic as ``(post, blurb or None)``, newest
    first in the archive's date order (a post before its own blurbs, blurbs in
    the post's order). A blurb that quotes a post of this archive already
    listed in the topic is left out (the post stands for it)."""
    posts = [p for p in domain.posts.values() if slug in p.topics]
    listed = {p.docname for p in posts}
    entries = [(p, None) for p in posts]
    for docname, blurbs in domain.blurbs.items():
        post = domain.posts.get(docname)
        if post is not None:
            entries += [(post, b) for b in blurbs
                        if slug in b["topics"] and b.get("post") not in listed]
    newest_first = date_order({p.docname: p for p, _b in entries}.values(), newest_first=True)
    rank = {p.docname: i for i, p in enumerate(newest_first)}
    # stable: a post's own entry first, then its blurbs in the order found
    return sorted(entries, key=lambda e: (rank[e[0].docname], e[1] is not None))


def count_label(entries: list[tuple]) -> str:
    posts = sum(blurb is None for _post, blurb in entries)
    blurbs = len(entries) - posts
    parts = [f"{posts} post" + ("" if posts == 1 else "s")]
    if blurbs:
        parts.append(f"{blurbs} article blurb" + ("" if blurbs == 1 else "s"))
    return ", ".join(parts)


def _topic_entry(app: Sphinx, fromdocname: str, entry: tuple) -> nodes.list_item:
    post, blurb = entry
    if blurb is None:
        return post_entry(app, fromdocname, post, kind_class=True)
    return blurb_entry(app, fromdocname, post, blurb)


def topic_page_list(app: Sphinx, fromdocname: str, slug: str) -> list[nodes.Node]:
    """The topic's description (plain text: ours, in the editorial box) and its entries."""
    entries = topic_entries(get_domain(app.env), slug)
    box = nodes.container(classes=["archive-topic-description", "editorial"])
    box += para(load_topics(app).get(slug, {}).get("description", ""))
    out: list[nodes.Node] = [box]
    known = [e for e in entries if e[0].date]
    unknown = [e for e in entries if not e[0].date]
    years: dict[str, list[tuple]] = {}
    for entry in known:
        years.setdefault(entry[0].date[:4], []).append(entry)
    for year, in_year in years.items():  # newest first, each with its count
        out += year_group(year, (_topic_entry(app, fromdocname, e) for e in in_year),
                          "archive-year")
    if unknown:
        out += unknown_dates_group(
            "Entries whose date could not be verified; each shows what is known about "
            "it, latest first.",
            (_topic_entry(app, fromdocname, e) for e in unknown), "archive-unknown-dates")
    if not entries:
        out.append(para("No posts in this topic yet."))
    return out


def topics_overview(app: Sphinx, fromdocname: str, compact: bool = False) -> nodes.Node:
    domain = get_domain(app.env)
    if compact:
        listing = nodes.bullet_list(classes=["archive-topic-counts"])
        for slug, topic in load_topics(app).items():
            count = sum(1 for p in domain.posts.values() if slug in p.topics)
            listing += nodes.list_item("", para(
                doc_link(app, fromdocname, topic_docname(slug), topic["title"]), f" ({count:,})"))
        return listing if len(listing) else para("No topics yet.")
    listing = nodes.bullet_list(classes=["archive-post-list", "archive-topic-list"])
    for slug, topic in load_topics(app).items():
        item = nodes.list_item(classes=["archive-topic-entry"])
        item += para(doc_link(app, fromdocname, topic_docname(slug), topic["title"]),
                     classes=["archive-entry-title"])
        item += para(count_label(topic_entries(domain, slug)), classes=["archive-entry-date"])
        item += para(topic["description"], classes=["archive-entry-summary"])
        listing += item
    return listing if len(listing) else para("No topics yet.")




def setup(app: Sphinx) -> None:
    app.add_config_value("archive_topics_file", "topics.yaml", "env", types=[str])
    add_placeholder(app, topic_listing,
                    lambda app, node, docname: topic_page_list(app, docname, node["slug"]))
    add_placeholder(app, topic_overview, lambda app, node, docname: topics_overview(
        app, docname, node.get("compact", False)))
    app.add_directive("topic-page", TopicPageDirective)
    app.add_directive("topic-overview", TopicOverviewDirective)
    app.connect("doctree-read", check_topics, priority=600)
    app.connect("builder-inited", report_topic_problems)
