"""Navigation: the sidebar (the sections of the site, one entry per year,
never one per post, computed from the root document's toctrees without
Sphinx's whole-site toctree), and the "More from the archive" box at the end
of each post (previous / next post and related posts), built complete when
the page is resolved."""

from __future__ import annotations

import functools

from docutils import nodes
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.application import Sphinx

from ..content.lists import para, post_link
from ..content.posts import first_section, is_post
from ..content.related import RelatedIndex
from ..core.model import date_label
from ..core.topiclist import load_topics, topic_title
from ..ext import stages
from ..ext.domain import get_domain
from ..ext.i18n import _
from ..ext.placeholders import add_placeholder
from .years import by_year, year_docname


# -- the sidebar ---------------------------------------------------------------------
def _site_map(app: Sphinx) -> tuple[list[tuple[str, list[str]]], dict[str, str], dict[str, int]]:
    """What the sidebar needs, computed once per build: the captions and
    entries of the root document's toctrees, each document's toctree parent,
    and the number of posts of each year page."""
    env = app.env
    root = app.config.root_doc
    key = (id(env), env.all_docs.get(root))
    cached = getattr(app.builder, "_archive_site_map", None)
    if cached is None or cached[0] != key:
        sections = []
        for toctree in env.get_doctree(root).findall(addnodes.toctree):
            docs = [ref for _title, ref in toctree["entries"] if ref in env.all_docs]
            sections.append((toctree.get("caption") or "", docs))
        parents = {
            child: parent for parent, children in env.toctree_includes.items() for child in children
        }
        counts = {
            year_docname(year): len(posts)
            for year, posts in by_year(get_domain(env).posts.values()).items()
        }
        cached = (key, (sections, parents, counts))
        app.builder._archive_site_map = cached  # type: ignore[attr-defined]
    return cached[1]


def sidebar(app: Sphinx, pagename: str, pathto) -> list[dict]:
    """The sidebar's sections: the root toctrees' captions and entries (one
    entry per year, per reference page…; never one per post), with the
    entry that holds the current page (its year, for a post) marked."""
    sections, parents, counts = _site_map(app)
    entries = {doc for _caption, docs in sections for doc in docs}
    current, seen = pagename, set()
    while current not in entries and current in parents and current not in seen:
        seen.add(current)
        current = parents[current]
    titles = app.env.titles
    return [
        {
            "caption": caption,
            "items": [
                {
                    "title": titles[doc].astext() if doc in titles else doc,
                    "href": pathto(doc),
                    "count": counts.get(doc),
                    "current": doc == current,
                    "here": doc == pagename,
                }
                for doc in docs
            ],
        }
        for caption, docs in sections
    ]


def sidebar_html(sections: list[dict]) -> str:
    """The sections as the sidebar shows them (``archive-sidebar-nav.html``).
    Built here, not in a Jinja loop: the theme renders every sidebar template
    twice per page, and the sandboxed loop over the entries cost more than
    the rest of the page's sidebar."""
    out = []
    for section in sections:
        if section["caption"]:
            out.append(
                '\n    <p aria-level="2" class="caption" role="heading">'
                f'<span class="caption-text">{escape(section["caption"])}</span></p>'
            )
        out.append('\n    <ul class="nav bd-sidenav">')
        for item in section["items"]:
            current = " current active" if item["current"] else ""
            here = ' aria-current="page"' if item["here"] else ""
            count = (
                f' <span class="archive-nav-count">({item["count"]:,})</span>'
                if item["count"]
                else ""
            )
            out.append(
                f'\n      <li class="toctree-l1{current}"><a class="reference internal'
                f'{" current" if item["current"] else ""}" href="{item["href"]}"{here}>'
                f"{escape(item['title'])}{count}</a></li>"
            )
        out.append("\n    </ul>")
    return "".join(out)


def sidebar_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format == "html" and "pathto" in context:
        # computed once per page, though the theme renders the template twice
        context["archive_sidebar_html"] = functools.cache(
            lambda: Markup(sidebar_html(sidebar(app, pagename, context["pathto"])))
        )
        root = app.config.root_doc
        context["archive_root_title"] = (
            app.env.titles[root].astext() if root in app.env.titles else app.config.project
        )


# -- the "More from the archive" box --------------------------------------------------
class post_nav(nodes.General, nodes.Element):
    """Placeholder for the previous / next and related posts of a post."""


def add_nav_placeholder(app: Sphinx, doctree: nodes.document) -> None:
    """End each post with the placeholder of its navigation box (after the
    citation, which :mod:`.posts` adds first)."""
    docname = app.env.docname
    if not is_post(app.config, docname) or docname not in get_domain(app.env).posts:
        return
    section = first_section(doctree)
    if section is not None:
        section += post_nav(docname=docname)


def related_index(app: Sphinx) -> RelatedIndex:
    """The build's :class:`RelatedIndex`, made once per build (and per -j
    process) for the data the build resolves against."""
    domain = get_domain(app.env)
    key = (id(app.env), domain.freshness.get("nav-inputs"))
    cached = getattr(app.builder, "_archive_related", None)
    if cached is None or cached[0] != key or key[1] is None:
        cached = (key, RelatedIndex(domain))
        app.builder._archive_related = cached  # type: ignore[attr-defined]
    return cached[1]


def nav_view(app: Sphinx, index: RelatedIndex, docname: str) -> list:
    """Everything a post's navigation box shows about other posts."""
    topics = load_topics(app)
    return [
        [
            (p.docname, p.title, date_label(p, language=app.config.language))
            for p in index.neighbours(docname)
            if p
        ],
        [
            (
                other.docname,
                other.title,
                [topic_title(topics, t) for t in shared_topics],
                shared_terms,
            )
            for other, shared_topics, shared_terms in index.related(docname)
        ],
    ]


def nav_box(app: Sphinx, fromdocname: str, index: RelatedIndex, me: str) -> nodes.container:
    box = nodes.container(classes=["archive-post-nav", "editorial"])
    language = app.config.language
    box += nodes.rubric(text=_("More from the archive"))
    older, newer = index.neighbours(me)
    if older:
        box += para(
            _("Previous post (older): "),
            post_link(app, fromdocname, older),
            f" — {date_label(older, language=language)}",
            classes=["archive-nav-prev"],
        )
    if newer:
        box += para(
            _("Next post (newer): "),
            post_link(app, fromdocname, newer),
            f" — {date_label(newer, language=language)}",
            classes=["archive-nav-next"],
        )
    related = index.related(me)
    if related:
        topics = load_topics(app)
        box += para(_("Related posts:"), classes=["archive-related-title"])
        listing = nodes.bullet_list(classes=["archive-related"])
        for other, shared_topics, shared_terms in related:
            reasons = []
            if shared_topics:
                reasons.append(
                    _("topics: {names}").format(
                        names=", ".join(topic_title(topics, t) for t in shared_topics)
                    )
                )
            if shared_terms:
                reasons.append(_("terms: {names}").format(names=", ".join(shared_terms)))
            shares = _(" (shares {reasons})").format(reasons="; ".join(reasons))
            listing += nodes.list_item("", para(post_link(app, fromdocname, other), shares))
        box += listing
    return box


def post_nav_box(app: Sphinx, node: post_nav, docname: str) -> list[nodes.Node]:
    # the box of the node's own post (in the PDF all pages are resolved as one tree)
    me = node["docname"]
    if me not in get_domain(app.env).posts:
        return []
    return [nav_box(app, docname, related_index(app), me)]


def setup(app: Sphinx) -> None:
    add_placeholder(app, post_nav, post_nav_box)
    app.connect("doctree-read", add_nav_placeholder, priority=stages.Read.NAVIGATION)
    app.connect("html-page-context", sidebar_context)
