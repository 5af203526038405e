"""Topics: the checks on the topics of posts and blurbs, the sources of the
topic pages (generated documents, see :mod:`.virtualdocs`) and their lists,
resolved late (``doctree-resolved``) from the ``archive`` domain.
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..content.lists import (
    blurb_entry,
    doc_link,
    para,
    post_entry,
    unknown_dates_group,
    volume_page,
    year_group,
)
from ..core import i18n
from ..core.model import date_order
from ..core.topiclist import OVERVIEW, load_topics, read_topics, topic_docname, topics_path
from ..ext import report, stages
from ..ext.domain import get_domain
from ..ext.i18n import _, ngettext, page_abbreviation
from ..ext.placeholders import add_placeholder
from ..ext.report import Kind
from .pagesource import directive, page_source

#: the topics index shows each topic with its description, in the topic list's
#: order, up to this many topics; above, it is a compact alphabetical index
INDEX_FULL_UP_TO = 30


def report_topic_problems(app: Sphinx) -> None:
    """Report the topic list's problems with file and line, at every build."""
    for line, message in read_topics(app)[1]:
        report.error(Kind.TOPICS, message, location=f"{topics_path(app)}:{line}")


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
    uses += [(t, blurb.line, "a blurb") for blurb in blurbs for t in blurb.topics]
    for slug, line, place in uses:
        if slug not in topics:
            report.error(
                Kind.TOPICS,
                "unknown topic %r in %s; the topics of %s are: %s",
                slug,
                place,
                where,
                known,
                location=(docname, line),
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
    overview = page_source(
        markdown_text(_("Topics")),
        directive(
            "container",
            "editorial",
            # ours, in Markdown (the translations' lines as they are)
            _(
                "The archive's posts by topic. The topics, their descriptions and the topics of each\n"
                "post are chosen by the archive editors, not by the author; a roundup post's article\n"
                "blurbs are listed under their own topics."
            ),
        ),
        directive("topic-overview"),
        directive("toctree", "", ":hidden:", ":maxdepth: 1", "", *topics),
    )
    sources = {OVERVIEW: overview}
    for slug, topic in topics.items():
        sources[topic_docname(slug)] = page_source(
            markdown_text(topic["title"]), directive("topic-page", slug)
        )
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
    ``:compact:``, only the topics and their counts. ``:limit: N`` shows the
    N main topics (by number of posts, ties by title) and a link to all the
    topics, when there are more than N. On the topics index of a blog with
    more than :data:`INDEX_FULL_UP_TO` topics, the overview is the compact
    index: alphabetical, counts only, under letter headings."""

    option_spec = {"compact": directives.flag, "limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts", "blurbs", "topics")
        node = topic_overview(compact="compact" in self.options)
        if "limit" in self.options:
            node["limit"] = self.options["limit"]
        return [node]


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
            entries += [(post, b) for b in blurbs if slug in b.topics and b.post not in listed]
    newest_first = date_order({p.docname: p for p, _b in entries}.values(), newest_first=True)
    rank = {p.docname: i for i, p in enumerate(newest_first)}
    # stable: a post's own entry first, then its blurbs in the order found
    return sorted(entries, key=lambda e: (rank[e[0].docname], e[1] is not None))


def count_label(entries: list[tuple]) -> str:
    posts = sum(blurb is None for _post, blurb in entries)
    blurbs = len(entries) - posts
    parts = [ngettext("{n} post", "{n} posts", posts).format(n=posts)]
    if blurbs:
        parts.append(ngettext("{n} article blurb", "{n} article blurbs", blurbs).format(n=blurbs))
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
    if app.builder.format == "latex":  # the pages of the posts, not the posts again
        return [box, latex_topic(app, slug)]
    out: list[nodes.Node] = [box]
    language = app.config.language
    known = [e for e in entries if e[0].date]
    unknown = [e for e in entries if not e[0].date]
    years: dict[str, list[tuple]] = {}
    for entry in known:
        years.setdefault(entry[0].date[:4], []).append(entry)
    for year, in_year in years.items():  # newest first, each with its count
        out += year_group(
            year, (_topic_entry(app, fromdocname, e) for e in in_year), "archive-year", language
        )
    if unknown:
        out += unknown_dates_group(
            _(
                "Entries whose date could not be verified; each shows what is known about "
                "it, latest first."
            ),
            (_topic_entry(app, fromdocname, e) for e in unknown),
            "archive-unknown-dates",
            language,
        )
    if not entries:
        out.append(para(_("No posts in this topic yet.")))
    return out


def topic_counts(domain) -> dict[str, tuple[int, int]]:
    """``slug → (posts, article blurbs)`` of every topic used, counted as
    :func:`topic_entries` lists them (a blurb of a post already in the topic
    does not count), in one pass over the posts and blurbs."""
    members: dict[str, set[str]] = {}
    for post in domain.posts.values():
        for slug in post.topics:
            members.setdefault(slug, set()).add(post.docname)
    blurbs: dict[str, int] = {}
    for docname, found in domain.blurbs.items():
        if docname not in domain.posts:
            continue
        for blurb in found:
            for slug in dict.fromkeys(blurb.topics):
                if blurb.post not in members.get(slug, ()):
                    blurbs[slug] = blurbs.get(slug, 0) + 1
    return {slug: (len(members.get(slug, ())), blurbs.get(slug, 0)) for slug in {*members, *blurbs}}


def main_topics(topics: dict[str, dict], counts: dict, limit: int) -> list[str]:
    """The *limit* topics with the most posts (ties by title), most first;
    all of them, in the topic list's order, when there are no more."""
    if not limit or limit >= len(topics):
        return list(topics)
    return sorted(
        topics,
        key=lambda slug: (-counts.get(slug, (0, 0))[0], sort_title(topics[slug]["title"]), slug),
    )[:limit]


def sort_title(title: str) -> str:
    """The alphabetical key of a title: accents and case aside."""
    decomposed = unicodedata.normalize("NFKD", title)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def index_letter(title: str) -> str:
    """The letter heading of a title in the index: A–Z, or # for the rest."""
    first = sort_title(title)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def short_count(count: tuple[int, int], language: str | None = "en") -> str:
    posts, blurbs = count
    if not blurbs:
        return f" ({i18n.number(posts, language)})"
    return ngettext(
        " ({posts} + {blurbs} article blurb)", " ({posts} + {blurbs} article blurbs)", blurbs
    ).format(posts=i18n.number(posts, language), blurbs=i18n.number(blurbs, language))


def by_letter(topics: dict[str, dict]) -> dict[str, list[str]]:
    """The topics alphabetically, grouped by their letter (# first)."""
    groups: dict[str, list[str]] = {}
    for slug in sorted(topics, key=lambda s: (sort_title(topics[s]["title"]), s)):
        groups.setdefault(index_letter(topics[slug]["title"]), []).append(slug)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] != "#", kv[0])))


def letter_id(letter: str) -> str:
    return "topics-" + ("other" if letter == "#" else letter.lower())


def compact_index(
    app: Sphinx, fromdocname: str, topics: dict[str, dict], counts: dict
) -> list[nodes.Node]:
    """The topics index of a blog with many topics: a line of letters, then
    under each letter its topics, each with its count on one line (in
    columns in HTML); each topic's own page lists its posts."""
    groups = by_letter(topics)
    letters = para(classes=["archive-topic-letters"])
    box = nodes.container(classes=["archive-topic-index"])
    for letter, slugs in groups.items():
        if len(letters):
            letters += nodes.Text(" · ")
        letters += nodes.reference("", letter, refid=letter_id(letter), internal=True)
        box += nodes.rubric(text=letter, ids=[letter_id(letter)], classes=["archive-topic-letter"])
        listing = nodes.bullet_list(classes=["archive-topic-counts"])
        for slug in slugs:
            listing += nodes.list_item(
                "",
                para(
                    doc_link(app, fromdocname, topic_docname(slug), topics[slug]["title"]),
                    short_count(counts.get(slug, (0, 0)), app.config.language),
                ),
            )
        box += listing
    total = para(
        _("{n} topics, alphabetically, each with its number of posts.").format(
            n=i18n.number(len(topics), app.config.language)
        ),
        classes=["archive-topic-total"],
    )
    return [total, letters, box]


def page_refs(app: Sphinx, entries: list[tuple]) -> nodes.raw:
    """``p. N`` or ``pp. N, M, …`` in the PDF (in the archive's language): the
    pages of the entries (a post's first page, a blurb's section; in its
    volume when the book is assembled from volumes: ``p. 2016:5``), in the
    book's order: oldest first, the posts without a date last (like
    glossary.py's page numbers)."""
    dated = [e for e in reversed(entries) if e[0].date]
    ordered = dated + [e for e in entries if not e[0].date]
    refs = []
    for post, blurb in ordered:
        anchor = blurb.anchor if blurb is not None and blurb.anchor else ":doc"
        target = rf"\detokenize{{{post.docname}:{anchor}}}"
        own = rf"\hyperref[{target}]{{\pageref*{{{target}}}}}"
        refs.append(volume_page(app, post.docname, anchor) or own)
    # a line of the .tex per page: a topic of thousands of posts would make a line
    # longer than TeX reads (its buf_size)
    return nodes.raw("", page_abbreviation(len(refs)) + "~" + ",\n".join(refs), format="latex")


def latex_topic(app: Sphinx, slug: str, title: str = "") -> nodes.paragraph:
    """A topic's count and the pages of its posts, in the PDF; with *title*,
    the title first, as the target of the posts' links to the topic."""
    entries = topic_entries(get_domain(app.env), slug)
    line = para(classes=["archive-topic-pages"])
    if title:
        line += nodes.raw(
            "",
            rf"\phantomsection\label{{\detokenize{{{topic_docname(slug)}::doc}}}}",
            format="latex",
        )
        line += nodes.strong(text=title)
        line += nodes.Text(" — ")
    line += nodes.Text(count_label(entries))
    if entries:
        line += nodes.Text(": ")
        line += page_refs(app, entries)
    line += nodes.Text(".")
    return line


def latex_topic_index(app: Sphinx, topics: dict[str, dict]) -> list[nodes.Node]:
    """The PDF's Topics chapter: every topic with its count and the pages of
    its posts, not the posts again. Up to :data:`INDEX_FULL_UP_TO` topics,
    each topic page is a section of the chapter (its description, count and
    pages: :func:`topic_page_list`), so this list is empty; with more, the
    topic pages are left out (:func:`drop_topic_pages`) and this is the
    chapter: the topics alphabetically under letter headings."""
    if len(topics) <= INDEX_FULL_UP_TO:
        return []
    out: list[nodes.Node] = []
    for letter, slugs in by_letter(topics).items():
        out.append(nodes.rubric(text=letter, classes=["archive-topic-letter"]))
        out += [latex_topic(app, slug, topics[slug]["title"]) for slug in slugs]
    return out


def topics_overview(
    app: Sphinx, fromdocname: str, compact: bool = False, limit: int = 0
) -> nodes.Node | list[nodes.Node]:
    topics = load_topics(app)
    if not topics:
        return para(_("No topics yet."))
    domain = get_domain(app.env)
    if not compact and not limit and app.builder.format == "latex":
        return latex_topic_index(app, topics)
    if not compact and not limit and len(topics) > INDEX_FULL_UP_TO:
        return compact_index(app, fromdocname, topics, topic_counts(domain))
    counts = topic_counts(domain)
    shown = main_topics(topics, counts, limit)
    if compact:
        listing = nodes.bullet_list(classes=["archive-topic-counts"])
        for slug in shown:
            listing += nodes.list_item(
                "",
                para(
                    doc_link(app, fromdocname, topic_docname(slug), topics[slug]["title"]),
                    f" ({i18n.number(counts.get(slug, (0, 0))[0], app.config.language)})",
                ),
            )
    else:
        listing = nodes.bullet_list(classes=["archive-post-list", "archive-topic-list"])
        for slug in shown:
            item = nodes.list_item(classes=["archive-topic-entry"])
            item += para(
                doc_link(app, fromdocname, topic_docname(slug), topics[slug]["title"]),
                classes=["archive-entry-title"],
            )
            item += para(count_label(topic_entries(domain, slug)), classes=["archive-entry-date"])
            item += para(topics[slug]["description"], classes=["archive-entry-summary"])
            listing += item
    if len(shown) == len(topics):
        return listing
    return [
        listing,
        para(
            doc_link(
                app,
                fromdocname,
                OVERVIEW,
                _("All {n} topics").format(n=i18n.number(len(topics), app.config.language)),
            ),
            classes=["archive-topic-all"],
        ),
    ]


def drop_topic_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the PDF of an archive with more than :data:`INDEX_FULL_UP_TO`
    topics, the Topics chapter is the alphabetical list of the topics with the
    pages of their posts (:func:`latex_topic_index`): the topic pages are left
    out of the book (their links lead to the topic's line in the list)."""
    if app.builder.format != "latex" or len(load_topics(app)) <= INDEX_FULL_UP_TO:
        return
    for start in list(doctree.findall(addnodes.start_of_file)):
        name = start.get("docname", "")
        if name.startswith(topic_docname("")) and name != OVERVIEW:
            start.parent.remove(start)


def setup(app: Sphinx) -> None:
    add_placeholder(
        app, topic_listing, lambda app, node, docname: topic_page_list(app, docname, node["slug"])
    )
    add_placeholder(
        app,
        topic_overview,
        lambda app, node, docname: topics_overview(
            app, docname, node.get("compact", False), node.get("limit", 0)
        ),
    )
    app.add_directive("topic-page", TopicPageDirective)
    app.add_directive("topic-overview", TopicOverviewDirective)
    app.connect("doctree-read", check_topics, priority=stages.Read.TOPIC_CHECKS)
    app.connect("builder-inited", report_topic_problems)
    app.connect("doctree-resolved", drop_topic_pages, priority=stages.Resolved.DROP_TOPIC_PAGES)
