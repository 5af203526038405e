"""Navigation between posts: the toctree of every post in date order (the
sidebar and the PDF's chapters), and the "More from the archive" box at the
end of each post (previous / next post and related posts), built complete
when the page is resolved."""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree

from . import compat
from .domain import get_domain
from .frontmatter import FrontMatterError, parse_post
from .lists import para, post_link
from .model import Post, date_label, sort_key
from .posts import is_post, post_docnames, source_path
from .related import RelatedIndex
from .topiclist import load_topics, topic_title


# -- the post toctree ---------------------------------------------------------------
class PostTocTree(TocTree):
    """A ``toctree`` of every post, oldest first (the archive's date order).

    It reads each post's front matter to order them, so it depends on every
    post file, and it behaves like a glob toctree: adding or removing a post
    re-reads the page that holds it.
    """

    option_spec = {k: v for k, v in TocTree.option_spec.items() if k not in {"glob"}}

    def run(self) -> list[nodes.Node]:
        env = self.env
        keyed = []
        for docname in post_docnames(env):
            path = source_path(env, docname)
            env.note_dependency(str(path))
            try:
                post = parse_post(path.read_text(encoding="utf-8-sig"), docname)
            except (FrontMatterError, UnicodeDecodeError):
                post = Post(docname=docname, title=docname, author="", summary="", date=None)
            keyed.append((sort_key(post), docname))
        self.content = StringList(["/" + d for _, d in sorted(keyed)], source=env.docname)
        compat.note_glob_toctree(env, env.docname)
        return super().run()


# -- the "More from the archive" box --------------------------------------------------
class post_nav(nodes.General, nodes.Element):
    """Placeholder for the previous / next and related posts of a post."""


def add_nav_placeholder(app: Sphinx, doctree: nodes.document) -> None:
    """End each post with the placeholder of its navigation box (after the
    citation, which :mod:`.posts` adds first)."""
    docname = app.env.docname
    if not is_post(app.config, docname) or docname not in get_domain(app.env).posts:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
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
        [(p.docname, p.title, date_label(p)) for p in index.neighbours(docname) if p],
        [(other.docname, other.title, [topic_title(topics, t) for t in shared_topics],
          shared_terms)
         for other, shared_topics, shared_terms in index.related(docname)],
    ]


def nav_box(app: Sphinx, fromdocname: str, index: RelatedIndex, me: str) -> nodes.container:
    box = nodes.container(classes=["archive-post-nav", "editorial"])
    box += nodes.rubric(text="More from the archive")
    older, newer = index.neighbours(me)
    if older:
        box += para("Previous post (older): ", post_link(app, fromdocname, older),
                    f" — {date_label(older)}", classes=["archive-nav-prev"])
    if newer:
        box += para("Next post (newer): ", post_link(app, fromdocname, newer),
                    f" — {date_label(newer)}", classes=["archive-nav-next"])
    related = index.related(me)
    if related:
        topics = load_topics(app)
        box += para("Related posts:", classes=["archive-related-title"])
        listing = nodes.bullet_list(classes=["archive-related"])
        for other, shared_topics, shared_terms in related:
            reasons = []
            if shared_topics:
                reasons.append("topics: " + ", ".join(topic_title(topics, t)
                                                      for t in shared_topics))
            if shared_terms:
                reasons.append("terms: " + ", ".join(shared_terms))
            listing += nodes.list_item("", para(post_link(app, fromdocname, other),
                                                " (shares " + "; ".join(reasons) + ")"))
        box += listing
    return box


def resolve_post_nav(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = get_domain(app.env)
    for node in list(doctree.findall(post_nav)):
        # its own post (in the PDF all pages are resolved as one tree)
        me = node["docname"]
        if me not in domain.posts:
            node.replace_self([])
        else:
            node.replace_self(nav_box(app, docname, related_index(app), me))


def setup(app: Sphinx) -> None:
    app.add_node(post_nav)
    app.add_directive("post-toctree", PostTocTree)
    app.connect("doctree-read", add_nav_placeholder, priority=600)
    app.connect("doctree-resolved", resolve_post_nav)
