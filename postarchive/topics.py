"""Topics: the controlled topic list, the checks on posts and blurbs, the
generated topic pages and the topic links in each post's About box.

The topic list is one YAML file in the source directory (``topics.yaml``,
see :confval:`archive_topics_file`): ``slug: {title, description}``.

Topic pages are *virtual documents*: their MyST sources are generated into
``<doctreedir>/_archive_generated/`` (never into the source directory, so
``sphinx-autobuild`` does not see them) and registered with Sphinx's
:class:`~sphinx.project.Project` in an ``env-get-outdated`` handler, which
runs after Sphinx has scanned the source directory and before it reads
anything. A generated file is only rewritten when its text changes, so its
modification time tells Sphinx's incremental build whether to re-read it.
The lists on the pages are resolved late (``doctree-resolved``) from the
``archive`` domain.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .domain import get_domain
from .posts import date_label, para, post_listing, unknown_dates_group

logger = logging.getLogger(__name__)

GENERATED_DIR = "_archive_generated"
TOPICS_DIR = "topics"
OVERVIEW = f"{TOPICS_DIR}/index"


# -- the topic list -----------------------------------------------------------
def topics_path(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.archive_topics_file


_cache: dict[str, tuple[int, dict, list]] = {}


def read_topics(app: Sphinx) -> tuple[dict[str, dict], list[tuple[int, str]]]:
    """The topic list, ``{slug: {"title": ..., "description": ...}}`` in file
    order, and its problems as ``(line, message)``. A missing file means no
    topics; a broken entry is left out (and reported), a file that is not
    YAML gives no topics."""
    path = topics_path(app)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return {}, []
    cached = _cache.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1], cached[2]
    topics: dict[str, dict] = {}
    problems: list[tuple[int, str]] = []
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append((line, f"not valid YAML ({getattr(exc, 'problem', None) or exc}); "
                               "write one `slug:` per topic with `title:` and `description:`"))
        data, root = None, None
    if data is not None and not isinstance(data, dict):
        problems.append((1, "must map topic slugs to {title, description}"))
    elif isinstance(data, dict):
        lines = {str(k.value): k.start_mark.line + 1 for k, _v in root.value}
        for slug, entry in data.items():
            line = lines.get(str(slug), 1)
            if not isinstance(slug, str) or not slug.replace("-", "").isalnum() \
                    or slug != slug.lower():
                problems.append((line, f"topic slug {slug!r} must be lower-case letters, "
                                       "digits and -"))
            elif (
                not isinstance(entry, dict)
                or set(entry) != {"title", "description"}
                or not all(isinstance(v, str) and v.strip() for v in entry.values())
            ):
                problems.append((line, f"topic {slug!r} needs exactly a non-empty title "
                                       "and description"))
            else:
                topics[slug] = {"title": entry["title"].strip(),
                                "description": entry["description"].strip()}
    _cache[str(path)] = (mtime, topics, problems)
    return topics, problems


def load_topics(app: Sphinx) -> dict[str, dict]:
    """The valid topics of the topic list (see :func:`read_topics`)."""
    return read_topics(app)[0]


def report_topic_problems(app: Sphinx) -> None:
    """Report the topic list's problems with file and line, at every build."""
    for line, message in read_topics(app)[1]:
        logger.error("%s", message, location=f"{topics_path(app)}:{line}",
                     type="archive", subtype="topics")


def topic_docname(slug: str) -> str:
    return f"{TOPICS_DIR}/{slug}"


# -- checks and links in the posts ---------------------------------------------
def check_topics(app: Sphinx, doctree: nodes.document) -> None:
    """Fail on unknown topics (with file and line) and turn the About box's
    topic names into links to the topic pages."""
    env = app.env
    docname = env.docname
    domain = get_domain(env)
    info = domain.posts.get(docname)
    blurbs = domain.blurbs.get(docname, [])
    if info is None and not blurbs:
        return
    topics, problems = read_topics(app)
    env.note_dependency(str(topics_path(app)))
    if problems and not topics:
        return  # the topic list itself is broken: reported once, in report_topic_problems
    known = ", ".join(topics) or "(none: the topic list is empty)"
    where = app.config.archive_topics_file
    uses = [(t, info["topics_line"], "the front matter") for t in info["topics"]] if info else []
    uses += [(t, blurb["line"], "a blurb") for blurb in blurbs for t in blurb["topics"]]
    for slug, line, place in uses:
        if slug not in topics:
            logger.error(
                "unknown topic %r in %s; the topics of %s are: %s", slug, place, where, known,
                location=(docname, line), type="archive", subtype="topics",
            )
    for topics_line in list(doctree.findall(nodes.paragraph)):
        slugs = topics_line.get("archive_topics")
        if slugs is None:
            continue
        topics_line.children = []
        for i, slug in enumerate(slugs):
            if i:
                topics_line += nodes.Text(", ")
            if slug not in topics:
                topics_line += nodes.Text(slug)
                continue
            topics_line += addnodes.pending_xref(
                "", nodes.inline(text=topics[slug]["title"], classes=["archive-topic"]),
                refdomain="std", reftype="doc", reftarget="/" + topic_docname(slug),
                refexplicit=True, refwarn=True,
            )


# -- the generated sources -----------------------------------------------------
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
            f"# {topic['title']}",
            "",
            f"{fence}{{topic-page}} {slug}",
            topic["description"],
            fence,
            "",
        ])
    return sources


def generated_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / GENERATED_DIR


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
    for docname, path in list(project._docname_to_path.items()):
        resolved = (srcdir / path).resolve()
        if resolved.is_relative_to(gendir.resolve()) or GENERATED_DIR in resolved.parts:
            project.docnames.discard(docname)
            del project._docname_to_path[docname]
            project._path_to_docname.pop(path, None)
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
        rel = Path(os.path.relpath(path, srcdir))
        project.docnames.add(docname)
        project._docname_to_path[docname] = rel
        project._path_to_docname[rel] = docname
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


def register_virtual_docs(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """Generate the topic pages' sources and add them to Sphinx's project as
    if they had been found in the source directory (Project.discover() has
    just forgotten them)."""
    for docname in list(added | changed):
        path = env.project._docname_to_path.get(docname)
        if path is not None and GENERATED_DIR in Path(path).parts:
            added.discard(docname)
            changed.discard(docname)
    outdated = []
    for docname, path in install_virtual_docs(app, env.project).items():
        removed.discard(docname)
        if docname not in env.all_docs:
            added.add(docname)
        elif path.stat().st_mtime_ns // 1_000 > env.all_docs[docname]:
            outdated.append(docname)
    return outdated


def generated_docnames(app: Sphinx) -> set[str]:
    return set(generated_sources(load_topics(app)))


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
    indexer = getattr(app.builder, "indexer", None)
    filenames = getattr(indexer, "_filenames", None)
    if isinstance(filenames, dict):
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
    """``{topic-page} slug``: the topic's description (editorial) and, late,
    the list of posts and blurbs in the topic."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        slug = self.arguments[0]
        box = nodes.container(classes=["archive-topic-description", "editorial"])
        box += self.parse_content_to_nodes()
        get_domain(self.env).listings[self.env.docname] = ["posts", "blurbs"]
        return [box, topic_listing(slug=slug)]


class TopicOverviewDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        get_domain(self.env).listings[self.env.docname] = ["posts", "blurbs"]
        return [topic_overview()]


def topic_entries(domain, slug: str) -> list[dict]:
    """The posts and blurbs in a topic: known dates newest first, then unknown
    dates (latest bound first). A blurb that quotes a post of this archive
    already listed in the topic is left out (the post stands for it)."""
    entries = []
    posts = domain.posts
    for info in posts.values():
        if slug in info["topics"]:
            entries.append({"kind": "post", "info": info, "docname": info["docname"],
                            "anchor": "", "title": info["title"], "order": 0})
    listed = {e["docname"] for e in entries}
    for docname, blurbs in domain.blurbs.items():
        info = posts.get(docname)
        if info is None:
            continue
        for i, blurb in enumerate(blurbs):
            if slug in blurb["topics"] and blurb.get("post") not in listed:
                entries.append({"kind": "blurb", "info": info, "blurb": blurb,
                                "docname": docname, "anchor": blurb["anchor"],
                                "title": blurb["article"], "order": i + 1})

    def key(e):
        info = e["info"]
        day = info["date"] or info["date_after"]
        return (day is not None, day or "", info["docname"], -e["order"])

    known = sorted((e for e in entries if e["info"]["date"]), key=key, reverse=True)
    unknown = sorted((e for e in entries if not e["info"]["date"]), key=key, reverse=True)
    return known + unknown


def count_label(entries: list[dict]) -> str:
    posts = sum(e["kind"] == "post" for e in entries)
    blurbs = len(entries) - posts
    parts = [f"{posts} post" + ("" if posts == 1 else "s")]
    if blurbs:
        parts.append(f"{blurbs} article blurb" + ("" if blurbs == 1 else "s"))
    return ", ".join(parts)


def topic_entry(app: Sphinx, fromdocname: str, entry: dict) -> nodes.list_item:

    info = entry["info"]
    title = nodes.inline(text=entry["title"], classes=["archive-post-title"])
    ref = make_refnode(app.builder, fromdocname, entry["docname"], entry["anchor"], title)
    item = nodes.list_item(classes=["archive-post-entry", f"archive-entry-{entry['kind']}"])
    item += para(ref, classes=["archive-entry-title"])
    if entry["kind"] == "post":
        item += para(date_label(info), classes=["archive-entry-date"])
        item += para(info["summary"], classes=["archive-entry-summary"])
    else:
        blurb = entry["blurb"]
        venue = (f"published on {blurb['venue']}" if blurb["venue"]
                 else "published elsewhere (venue unknown)")
        roundup = make_refnode(app.builder, fromdocname, info["docname"], "",
                               nodes.inline(text=info["title"]))
        item += para(f"Article blurb · {date_label(info)} (the date of the roundup post)",
                      classes=["archive-entry-date"])
        item += para(f"An article {venue}; its opening is quoted in the roundup post “",
                      roundup, "”.", classes=["archive-entry-summary"])
    return item


def resolve_topic_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = get_domain(app.env)
    topics = load_topics(app)
    for node in list(doctree.findall(topic_listing)):
        entries = topic_entries(domain, node["slug"])
        out: list[nodes.Node] = []
        known = [e for e in entries if e["info"]["date"]]
        unknown = [e for e in entries if not e["info"]["date"]]
        if known:
            out.append(post_listing(topic_entry(app, docname, e) for e in known))
        if unknown:
            out += unknown_dates_group(
                "Entries whose date could not be verified; each shows what is known about "
                "it, latest first.",
                (topic_entry(app, docname, e) for e in unknown), "archive-unknown-dates")
        if not entries:
            out.append(para("No posts in this topic yet."))
        node.replace_self(out)
    for node in list(doctree.findall(topic_overview)):
        listing = nodes.bullet_list(classes=["archive-post-list", "archive-topic-list"])
        for slug, topic in topics.items():
            entries = topic_entries(domain, slug)
            title = nodes.inline(text=topic["title"], classes=["archive-post-title"])
            item = nodes.list_item(classes=["archive-topic-entry"])
            item += para(make_refnode(app.builder, docname, topic_docname(slug), "", title),
                          classes=["archive-entry-title"])
            item += para(count_label(entries), classes=["archive-entry-date"])
            item += para(topic["description"], classes=["archive-entry-summary"])
            listing += item
        node.replace_self(listing if len(listing) else para("No topics yet."))


def setup(app: Sphinx) -> None:
    app.add_config_value("archive_topics_file", "topics.yaml", "env", types=[str])
    app.add_node(topic_listing)
    app.add_node(topic_overview)
    app.add_directive("topic-page", TopicPageDirective)
    app.add_directive("topic-overview", TopicOverviewDirective)
    app.connect("doctree-read", check_topics, priority=600)
    app.connect("builder-inited", report_topic_problems)
    app.connect("builder-inited", install_at_start)
    app.connect("env-get-outdated", register_virtual_docs)
    app.connect("doctree-resolved", resolve_topic_pages)
    app.connect("html-collect-pages", fix_search_filenames)
    app.connect("html-page-context", fix_page_context, priority=100)
