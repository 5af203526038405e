"""Topics: the checks on the topics of posts and blurbs, the generated topic
pages and their lists.

Topic pages are *virtual documents*: their MyST sources are generated into
``<doctreedir>/_archive_generated/`` (never into the source directory, so
``sphinx-autobuild`` does not see them) and registered with Sphinx's project
(:func:`install_virtual_docs`; :mod:`.freshness` calls it when Sphinx decides
what to read). A generated file is only rewritten when its text changes, so
its modification time tells Sphinx's incremental build whether to re-read it.
The lists on the pages are resolved late (``doctree-resolved``) from the
``archive`` domain.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import compat
from .domain import get_domain
from .lists import (
    blurb_entry, doc_link, para, post_entry, post_listing, unknown_dates_group,
)
from .model import date_order
from .topiclist import OVERVIEW, load_topics, read_topics, topic_docname, topics_path

logger = logging.getLogger(__name__)

GENERATED_DIR = "_archive_generated"


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


def generated_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / GENERATED_DIR


def generated_docnames(app: Sphinx) -> set[str]:
    return set(generated_sources(load_topics(app)))


def is_generated(path) -> bool:
    return GENERATED_DIR in Path(path).parts


def write_if_changed(path: Path, text: str) -> bool:
    """Write *text* to *path* unless it already holds it (keeping its mtime)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return True


def install_virtual_docs(app: Sphinx, project) -> dict[str, Path]:
    """Write the generated sources (only when their text changed) and map
    their docnames to them in *project*; return ``{docname: path}``.

    The sources live in the doctree directory, which a staged build
    (tools/build.sh) moves between builds, so the mapping is redone at every
    start: a path left from an earlier build would point to nothing and Sphinx
    would silently skip the page."""
    gendir = generated_dir(app)
    srcdir = Path(project.srcdir)
    # If the doctree directory is inside the source directory (Sphinx's test
    # fixtures put _build there), never treat generated files as real sources;
    # also drop mappings into a generated directory of an earlier build.
    for docname, path in list(compat.project_documents(project).items()):
        resolved = (srcdir / path).resolve()
        if resolved.is_relative_to(gendir.resolve()) or is_generated(resolved):
            compat.project_remove(project, docname)
    sources = generated_sources(load_topics(app))
    installed: dict[str, Path] = {}
    for docname, text in sources.items():
        path = gendir / f"{docname}.md"
        if docname in project.docnames:
            logger.error(
                "%s is generated by the archive (topic pages); remove the file %s",
                docname, project.doc2path(docname, absolute=True),
                type="archive", subtype="topics",
            )
            continue
        write_if_changed(path, text)
        compat.project_add(project, docname, Path(os.path.relpath(path, srcdir)))
        installed[docname] = path
    # forget generated files of topics that no longer exist
    if gendir.is_dir():
        for stale in gendir.rglob("*.md"):
            if stale.relative_to(gendir).with_suffix("").as_posix() not in sources:
                stale.unlink()
    return installed


def install_at_start(app: Sphinx) -> None:
    """Before the builder decides what is outdated, point the generated
    documents of the pickled environment at their current sources."""
    if app.env is not None:
        install_virtual_docs(app, app.env.project)


def fix_page_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                     doctree) -> None:
    """Sphinx derives a page's source suffix and copied-source name from its
    path relative to the source directory; for a generated page that path
    leads into the build directory, so give it its docname + .md instead."""
    if pagename not in generated_docnames(app):
        return
    context["page_source_suffix"] = ".md"
    if context.get("sourcename"):
        suffix = app.config.html_sourcelink_suffix
        context["sourcename"] = pagename + ".md" + ("" if suffix == ".md" else suffix)


def fix_search_filenames(app: Sphinx) -> list:
    """The search index records each page's source file name; give the
    generated pages their docname + .md rather than a path into the build
    directory (which would differ from one build directory to another)."""
    filenames = compat.search_filenames(app)
    for docname in generated_docnames(app):
        if docname in filenames:
            filenames[docname] = f"{docname}.md"
    return []


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
    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts", "blurbs", "topics")
        return [topic_overview()]


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
    if known:
        out.append(post_listing(_topic_entry(app, fromdocname, e) for e in known))
    if unknown:
        out += unknown_dates_group(
            "Entries whose date could not be verified; each shows what is known about "
            "it, latest first.",
            (_topic_entry(app, fromdocname, e) for e in unknown), "archive-unknown-dates")
    if not entries:
        out.append(para("No posts in this topic yet."))
    return out


def topics_overview(app: Sphinx, fromdocname: str) -> nodes.Node:
    domain = get_domain(app.env)
    listing = nodes.bullet_list(classes=["archive-post-list", "archive-topic-list"])
    for slug, topic in load_topics(app).items():
        item = nodes.list_item(classes=["archive-topic-entry"])
        item += para(doc_link(app, fromdocname, topic_docname(slug), topic["title"]),
                     classes=["archive-entry-title"])
        item += para(count_label(topic_entries(domain, slug)), classes=["archive-entry-date"])
        item += para(topic["description"], classes=["archive-entry-summary"])
        listing += item
    return listing if len(listing) else para("No topics yet.")


def resolve_topic_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(topic_listing)):
        node.replace_self(topic_page_list(app, docname, node["slug"]))
    for node in list(doctree.findall(topic_overview)):
        node.replace_self(topics_overview(app, docname))


def setup(app: Sphinx) -> None:
    app.add_config_value("archive_topics_file", "topics.yaml", "env", types=[str])
    app.add_node(topic_listing)
    app.add_node(topic_overview)
    app.add_directive("topic-page", TopicPageDirective)
    app.add_directive("topic-overview", TopicOverviewDirective)
    app.connect("doctree-read", check_topics, priority=600)
    app.connect("builder-inited", report_topic_problems)
    app.connect("builder-inited", install_at_start)
    app.connect("doctree-resolved", resolve_topic_pages)
    app.connect("html-collect-pages", fix_search_filenames)
    app.connect("html-page-context", fix_page_context, priority=100)
