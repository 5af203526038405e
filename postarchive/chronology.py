"""Chronology and navigation between posts: the archive page (posts by
year), previous / next post links in date order, related posts and the
reading time of each post.

Reading time is counted at read time from the post's own doctree; every
list that involves other posts is a placeholder resolved late
(``doctree-resolved``) from the ``archive`` domain.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .domain import get_domain
from .posts import date_label, para, post_listing, unknown_dates_group
from .markup import artifact

WORDS_PER_MINUTE = 220


# -- reading time ----------------------------------------------------------------
def _is_ours(node: nodes.Node) -> bool:
    """Editorial additions and scrape artifacts are not the author's text."""
    return isinstance(node, artifact) or (
        isinstance(node, nodes.Element)
        and any(c == "editorial" or c.startswith("editorial-") for c in node.get("classes", []))
    )


def _inline_text(node: nodes.Node) -> str:
    if _is_ours(node):
        return ""
    if isinstance(node, nodes.Text):
        return node.astext()
    return "".join(_inline_text(child) for child in node.children)


def author_words(node: nodes.Node) -> int:
    """Words of the author's text under *node* (editorial boxes, editorial
    lines and scrape artifacts left out). The text of a paragraph or heading
    is joined as the reader sees it, so markup inside a word or next to its
    punctuation (a term link, an index entry) does not split it."""
    if _is_ours(node):
        return 0
    if isinstance(node, (nodes.TextElement, nodes.Text)):
        return len(_inline_text(node).split())
    return sum(author_words(child) for child in node.children)


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def reading_label(words: int) -> str:
    minutes = reading_minutes(words)
    return f"About {minutes} minute{'s' if minutes != 1 else ''} ({words:,} words of the author’s text)"


class post_nav(nodes.General, nodes.Element):
    """Placeholder for the previous / next and related posts of a post."""


def process_post(app: Sphinx, doctree: nodes.document) -> None:
    """Count the author's words, show the reading time in the About box and
    leave a placeholder for the navigation at the end of the post."""
    docname = app.env.docname
    info = get_domain(app.env).posts.get(docname)
    if info is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    info["words"] = author_words(section)
    for box in doctree.findall(nodes.topic):
        if "archive-about" in box["classes"]:
            fields = next(iter(box.findall(nodes.field_list)))
            field = nodes.field(
                "", nodes.field_name(text="Reading time"),
                nodes.field_body("", nodes.paragraph(text=reading_label(info["words"]))),
            )
            # after "Summary" when there is one, else at the end
            names = [f[0].astext() for f in fields.children]
            at = names.index("Summary") + 1 if "Summary" in names else len(names)
            fields.insert(at, field)
            break
    section += post_nav(docname=docname)


# -- related posts ---------------------------------------------------------------
def glossary_names(domain) -> dict[str, str]:
    """Every glossary term (lower case, as term links target it) mapped to the
    first name of its entry, so synonyms count once and read as spelt."""
    return {
        name.lower(): entry["names"][0]
        for entries in domain.data.get("glossary", {}).values()
        for entry in entries
        for name in entry["names"]
    }


def _terms(uses, names: dict[str, str]) -> set[str]:
    """The glossary entries a document links to (its ``term_uses`` records)."""
    return {names.get(use["term"], use["term"]) for use in uses or ()}


def relatedness(
    a: dict, b: dict, terms_a: Iterable[str] = (), terms_b: Iterable[str] = (),
    topic_weight: float = 3.0, term_weight: float = 1.0,
) -> tuple[float, list[str], list[str]]:
    """Score how related post *b* is to post *a*: each shared topic counts
    ``topic_weight``, each shared glossary term ``term_weight``. Returns the
    score and the shared topics (in *a*'s order) and terms (sorted)."""
    shared_topics = [t for t in a["topics"] if t in b["topics"]]
    shared_terms = sorted(set(terms_a) & set(terms_b))
    score = topic_weight * len(shared_topics) + term_weight * len(shared_terms)
    return score, shared_topics, shared_terms


class Navigation:
    """What the navigation boxes need from every post, computed once: the
    date order, each post's position in it and the glossary terms it uses.
    Ranking the related posts of every post is then O(N) per post, not O(N²)."""

    def __init__(self, domain) -> None:
        self.posts = domain.sorted_posts()
        self.position = {p["docname"]: i for i, p in enumerate(self.posts)}
        term_uses = domain.data.get("term_uses", {})
        names = glossary_names(domain)
        self.terms = {d: _terms(term_uses.get(d), names) for d in domain.posts}
        self.by_topic: dict[str, list[str]] = {}
        self.by_term: dict[str, list[str]] = {}
        for info in domain.posts.values():
            for topic in info["topics"]:
                self.by_topic.setdefault(topic, []).append(info["docname"])
            for term in self.terms[info["docname"]]:
                self.by_term.setdefault(term, []).append(info["docname"])
        self._related: dict[str, list] = {}

    def related(self, domain, docname: str, limit: int = 3) -> list:
        if docname not in self._related:
            self._related[docname] = related_posts(domain, docname, limit, nav=self)
        return self._related[docname]


def related_posts(domain, docname: str, limit: int = 3, score: Callable = relatedness,
                  nav: Navigation | None = None) -> list[tuple[dict, list[str], list[str]]]:
    """The posts most related to *docname*, best first; ties go to the post
    nearest in date order, then to the title. Posts sharing nothing are left out."""
    nav = nav or Navigation(domain)
    me = domain.posts[docname]
    mine = nav.terms.get(docname, set())
    here = nav.position[docname]
    if score is relatedness:
        # the same scores, counted from the posts that share a topic or a term
        values: dict[str, float] = {}
        for topic in dict.fromkeys(me["topics"]):
            for other in nav.by_topic.get(topic, ()):
                values[other] = values.get(other, 0.0) + 3.0
        for term in mine:
            for other in nav.by_term.get(term, ()):
                values[other] = values.get(other, 0.0) + 1.0
        values.pop(docname, None)
        candidates = (
            ((-value, abs(nav.position[other] - here), domain.posts[other]["title"]), other)
            for other, value in values.items() if value > 0
        )
        best = heapq.nsmallest(limit, candidates)
        out = []
        for _key, other in best:
            info = domain.posts[other]
            _value, topics, terms = relatedness(me, info, mine, nav.terms.get(other, set()))
            out.append((info, topics, terms))
        return out
    ranked = []
    for other in domain.posts.values():
        if other["docname"] == docname:
            continue
        value, topics, terms = score(me, other, mine, nav.terms.get(other["docname"], set()))
        if value <= 0:
            continue
        distance = abs(nav.position[other["docname"]] - here)
        ranked.append(((-value, distance, other["title"]), (other, topics, terms)))
    ranked.sort(key=lambda pair: pair[0])
    return [entry for _key, entry in ranked[:limit]]


def navigation(app: Sphinx) -> Navigation:
    """The build's :class:`Navigation`, made once per build (and per -j process)
    for the data the build resolves against."""
    env = app.env
    domain = get_domain(env)
    key = (id(env), getattr(env, "archive_posts_signature", None))
    cached = getattr(app.builder, "_archive_navigation", None)
    if cached is None or cached[0] != key or key[1] is None:
        cached = (key, Navigation(domain))
        app.builder._archive_navigation = cached  # type: ignore[attr-defined]
    return cached[1]


def nav_view(app: Sphinx, nav: Navigation, docname: str) -> list:
    """Everything a post's navigation box shows about other posts."""
    from .posts import date_label
    from .topics import load_topics

    domain = get_domain(app.env)
    topics = load_topics(app)
    at = nav.position[docname]
    around = [nav.posts[i] for i in (at - 1, at + 1) if 0 <= i < len(nav.posts)]
    return [
        [(p["docname"], p["title"], date_label(p)) for p in around if p["docname"] != docname],
        [(other["docname"], other["title"],
          [topics.get(t, {}).get("title", t) for t in shared_topics], shared_terms)
         for other, shared_topics, shared_terms in nav.related(domain, docname)],
    ]


# -- rendering the navigation ----------------------------------------------------
def _link(app: Sphinx, fromdocname: str, info: dict) -> nodes.Node:
    title = nodes.inline(text=info["title"], classes=["archive-post-title"])
    return make_refnode(app.builder, fromdocname, info["docname"], "", title)


def resolve_post_nav(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from .topics import load_topics

    domain = get_domain(app.env)
    for node in list(doctree.findall(post_nav)):
        # its own post (in the PDF all pages are resolved as one tree)
        me = node["docname"]
        if me not in domain.posts:
            node.replace_self([])
            continue
        nav = navigation(app)
        posts = nav.posts
        at = nav.position[me]
        box = nodes.container(classes=["archive-post-nav", "editorial"])
        box += nodes.rubric(text="More from the archive")
        if at > 0:
            older = posts[at - 1]
            box += para("Previous post (older): ", _link(app, docname, older),
                         f" — {date_label(older)}", classes=["archive-nav-prev"])
        if at + 1 < len(posts):
            newer = posts[at + 1]
            box += para("Next post (newer): ", _link(app, docname, newer),
                         f" — {date_label(newer)}", classes=["archive-nav-next"])
        related = nav.related(domain, me)
        if related:
            topics = load_topics(app)
            box += para("Related posts:", classes=["archive-related-title"])
            listing = nodes.bullet_list(classes=["archive-related"])
            for other, shared_topics, shared_terms in related:
                reasons = []
                if shared_topics:
                    reasons.append("topics: " + ", ".join(
                        topics.get(t, {}).get("title", t) for t in shared_topics))
                if shared_terms:
                    reasons.append("terms: " + ", ".join(shared_terms))
                listing += nodes.list_item(
                    "", para(_link(app, docname, other), " (shares " + "; ".join(reasons) + ")"))
            box += listing
        node.replace_self(box)


# -- the archive page ------------------------------------------------------------
class post_archive(nodes.General, nodes.Element):
    """Placeholder for the list of posts by year."""


class PostArchiveDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        get_domain(self.env).listings[self.env.docname] = ["posts"]
        return [post_archive()]


def _archive_entry(app: Sphinx, fromdocname: str, info: dict) -> nodes.list_item:

    item = nodes.list_item(classes=["archive-post-entry"])
    item += para(_link(app, fromdocname, info), classes=["archive-entry-title"])
    meta = date_label(info)
    if info.get("words"):
        meta += f" · {reading_minutes(info['words'])} min read"
    item += para(meta, classes=["archive-entry-date"])
    if not info["date"] and info["date_note"]:
        item += para(info["date_note"], classes=["archive-entry-date-note"])
    item += para(info["summary"], classes=["archive-entry-summary"])
    return item


def resolve_archive(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = get_domain(app.env)
    for node in list(doctree.findall(post_archive)):
        posts = domain.sorted_posts(newest_first=True)
        out: list[nodes.Node] = []
        years: dict[str, list[dict]] = {}
        for info in posts:
            if info["date"]:
                years.setdefault(info["date"][:4], []).append(info)
        for year, infos in years.items():
            out.append(nodes.rubric(text=year, classes=["archive-year"]))
            out.append(post_listing(_archive_entry(app, docname, i) for i in infos))
        unknown = [i for i in posts if not i["date"]]
        # latest bound first, posts with no bound at all last
        unknown.sort(key=lambda i: (i["date_after"] is not None, i["date_after"] or ""),
                     reverse=True)
        if unknown:
            out += unknown_dates_group(
                "Posts we could not date, with what is known about each, latest first.",
                (_archive_entry(app, docname, i) for i in unknown), "archive-year")
        node.replace_self(out or [para("No posts yet.")])


def setup(app: Sphinx) -> None:
    app.add_node(post_nav)
    app.add_node(post_archive)
    app.add_directive("post-archive", PostArchiveDirective)
    app.connect("doctree-read", process_post, priority=600)
    app.connect("doctree-resolved", resolve_post_nav)
    app.connect("doctree-resolved", resolve_archive)
