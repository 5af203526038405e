"""Posts: front matter → metadata, the "About this post" box, the citation
block, the date-ordered post toctree and the late-resolved post list."""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .domain import get_domain
from .frontmatter import FrontMatterError, parse_post, sort_key

logger = logging.getLogger(__name__)


# -- helpers ----------------------------------------------------------------
def is_post(config, docname: str) -> bool:
    """Whether *docname* is a post (it matches ``archive_post_patterns``)."""
    return any(
        fnmatch.fnmatchcase(docname, pattern) for pattern in config.archive_post_patterns
    ) and not docname.endswith("/index")


def post_docnames(env) -> list[str]:
    return sorted(d for d in env.found_docs if is_post(env.config, d))


def human_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def date_label(info: dict) -> str:
    """How a post's date is shown to readers."""
    if info["date"]:
        return human_date(info["date"])
    if info["date_after"]:
        return f"Date unknown (not before {human_date(info['date_after'])})"
    return "Date unknown"


def source_path(env, docname: str) -> Path:
    return Path(env.doc2path(docname))


def report(err: FrontMatterError, docname: str) -> None:
    for message, line in err.problems:
        logger.error(
            "%s", message, location=(docname, line), type="archive", subtype="frontmatter"
        )


def read_post(env, docname: str) -> dict | None:
    """Parse a post's front matter; report errors and return None on failure."""
    path = source_path(env, docname)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        logger.error("the file is not UTF-8 text (%s)", exc.reason, location=(docname, 1),
                     type="archive", subtype="frontmatter")
        return None
    try:
        info = parse_post(text)
    except FrontMatterError as err:
        report(err, docname)
        return None
    info["docname"] = docname
    return info


# -- reading ----------------------------------------------------------------
def _field(name: str, *body: nodes.Node) -> nodes.field:
    return nodes.field("", nodes.field_name(text=name), nodes.field_body("", *body))


def para(*children: nodes.Node | str, classes: list[str] | None = None) -> nodes.paragraph:
    kids = [nodes.Text(c) if isinstance(c, str) else c for c in children]
    return nodes.paragraph("", "", *kids, classes=classes or [])


def about_box(info: dict, env) -> nodes.topic:
    """The editorial "About this post" box, built from front matter."""
    fields = nodes.field_list()
    fields += _field("Author", para(info["author"]))
    date_body = [para(date_label(info))]
    if info["date_note"]:
        date_body.append(para(info["date_note"], classes=["archive-date-note"]))
    fields += _field("Published", *date_body)
    if info["url"]:
        link = nodes.reference(info["url"], info["url"], refuri=info["url"])
        fields += _field("Original", para(link))
    else:
        fields += _field("Original", para("Original address unknown"))
    if info["source_lines"]:
        first, last = info["source_lines"]
        where = f"Lines {first}–{last} of the scraped text kept in this archive"
        if env.config.archive_source_file:
            where += f" ({env.config.archive_source_file})"
        fields += _field("Source", para(where))
    fields += _field("Summary", para(info["summary"]))
    topics = para(", ".join(info["topics"]), classes=["archive-topics"])
    topics["archive_topics"] = list(info["topics"])
    fields += _field("Topics", topics)
    if info["notes"]:
        notes = nodes.bullet_list()
        for note in info["notes"]:
            notes += nodes.list_item("", para(note))
        fields += _field("Archival notes", notes)

    box = nodes.topic(classes=["archive-about", "editorial"])
    box += nodes.title(text="About this post")
    box += fields
    return box


def citation_text(info: dict, env) -> str:
    """Author. “Title.” Blog, date. Original address. Archived copy: address.

    The archived copy's address is only given when the archive knows where it
    is published (html_baseurl)."""
    parts = [f"{info['author']}. “{info['title']}.” {env.config.archive_blog_name}"]
    parts.append(info["date"] or date_label(info).replace("Date unknown", "date unknown"))
    parts.append(info["url"] or "Original address unknown")
    if env.config.html_baseurl:
        archived = env.config.html_baseurl.rstrip("/") + "/" + info["docname"] + ".html"
        parts.append(f"Archived copy: {archived}")
    return ", ".join(parts[:2]) + ". " + ". ".join(parts[2:]) + "."


def cite_block(info: dict, env) -> nodes.container:
    """The citation: on the site a code block with a copy button; on paper a
    plain paragraph (a code block would wrap mid-word with continuation marks)."""
    text = citation_text(info, env)
    block = nodes.literal_block(text, text, language="text", classes=["archive-cite-text"])
    box = nodes.container(classes=["archive-cite", "editorial"])
    box += nodes.rubric(text="Cite this post")
    on_screen = addnodes.only(expr="not latex")
    on_screen += block
    on_paper = addnodes.only(expr="latex")
    on_paper += para(text, classes=["archive-cite-text"])
    box += [on_screen, on_paper]
    return box


def process_post(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    if not is_post(app.config, docname):
        return
    info = read_post(env, docname)
    if info is None:
        return
    get_domain(env).posts[docname] = info
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        logger.error("a post needs a title", location=(docname, 1),
                     type="archive", subtype="frontmatter")
        return
    section["classes"].append("archive-post")
    title_index = section.first_child_matching_class(nodes.title)
    section.insert((title_index or 0) + 1, about_box(info, env))
    section += cite_block(info, env)


# -- the post toctree -------------------------------------------------------
class PostTocTree(TocTree):
    """A ``toctree`` of every post, oldest first (by :func:`sort_key`).

    It reads each post's front matter to order them, so it depends on every
    post file, and it behaves like a glob toctree: adding or removing a post
    re-reads the page that holds it.
    """

    option_spec = {k: v for k, v in TocTree.option_spec.items() if k not in {"glob"}}

    def run(self) -> list[nodes.Node]:
        from docutils.statemachine import StringList

        env = self.env
        keyed = []
        for docname in post_docnames(env):
            path = source_path(env, docname)
            env.note_dependency(str(path))
            try:
                info = parse_post(path.read_text(encoding="utf-8-sig"))
            except (FrontMatterError, UnicodeDecodeError):
                info = {"date": None, "date_after": None, "title": docname}
            keyed.append((sort_key(info), docname))
        self.content = StringList(["/" + d for _, d in sorted(keyed)], source=env.docname)
        env.glob_toctrees.add(env.docname)
        return super().run()


# -- the post list ----------------------------------------------------------
class post_list(nodes.General, nodes.Element):
    """Placeholder replaced by the list of posts when the doctree is resolved."""


class PostListDirective(SphinxDirective):
    option_spec = {"newest-first": directives.flag}

    def run(self) -> list[nodes.Node]:
        node = post_list(newest_first="newest-first" in self.options)
        get_domain(self.env).listings[self.env.docname] = ["posts"]
        return [node]


def post_listing(entries) -> nodes.bullet_list:
    """The list that holds post entries (landing page, archive, topic pages)."""
    listing = nodes.bullet_list(classes=["archive-post-list"])
    listing.extend(entries)
    return listing


def unknown_dates_group(note: str, entries, rubric_class: str) -> list[nodes.Node]:
    """The "Date unknown" group that closes a dated list: heading, our note, entries."""
    return [
        nodes.rubric(text="Date unknown", classes=[rubric_class]),
        para(note, classes=["editorial-line"]),
        post_listing(entries),
    ]


def post_entry(app: Sphinx, fromdocname: str, info: dict) -> nodes.list_item:
    title = nodes.inline(text=info["title"], classes=["archive-post-title"])
    ref = make_refnode(app.builder, fromdocname, info["docname"], "", title)
    item = nodes.list_item(classes=["archive-post-entry"])
    item += para(ref, classes=["archive-entry-title"])
    item += para(date_label(info), classes=["archive-entry-date"])
    item += para(info["summary"], classes=["archive-entry-summary"])
    return item


def resolve_post_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = get_domain(app.env)
    for node in list(doctree.findall(post_list)):
        listing = post_listing(post_entry(app, docname, info)
                               for info in domain.sorted_posts(newest_first=node["newest_first"]))
        node.replace_self(listing if len(listing) else para("No posts yet."))


# -- incremental rebuilds ---------------------------------------------------
def _jsonable(value):
    return sorted(value, key=repr) if isinstance(value, (set, frozenset)) else repr(value)


_SHOWN = ("docname", "title", "date", "date_after", "date_note", "summary", "topics",
          "url", "author")
_BLURB_SHOWN = ("anchor", "article", "venue", "topics", "post")


def _blurbs_shown(domain) -> dict:
    return {
        docname: [{k: b.get(k) for k in _BLURB_SHOWN} for b in entries]
        for docname, entries in sorted(domain.blurbs.items())
    }


def posts_signature(domain, extra=None) -> str:
    """A digest of everything about the posts that other pages show: their
    metadata and reading time, the blurbs in them (topic pages), the glossary
    terms they use (related posts) and *extra* (e.g. the topic list)."""
    shown = [{k: info.get(k) for k in (*_SHOWN, "words")} for info in domain.sorted_posts()]
    term_uses = {d: domain.data.get("term_uses", {}).get(d) for d in sorted(domain.posts)}
    return _digest([shown, _blurbs_shown(domain), term_uses, extra])


def listings_signature(domain, extra=None) -> str:
    """A digest of what the lists of posts show (the post list, the archive by
    date, the topic pages): the metadata, the reading time in minutes (not the
    word count, which changes with almost every edit), the blurbs and *extra*."""
    from .chronology import reading_minutes

    shown = [{**{k: info.get(k) for k in _SHOWN},
              "minutes": reading_minutes(info["words"]) if info.get("words") else None}
             for info in domain.sorted_posts()]
    return _digest([shown, _blurbs_shown(domain), extra])


def _digest(value) -> str:
    return hashlib.sha256(
        json.dumps(value, sort_keys=True, default=_jsonable).encode()).hexdigest()


def outdated_listings(app: Sphinx, env) -> list[str]:
    """The pages to rewrite when what they show of other posts changed:

    * a post's title or the date order (the navigation of every page lists
      the posts): every page;
    * what the lists show (dates, summaries, topics, reading time in minutes,
      blurbs, the topic list): the pages with lists of posts;
    * what the "More from the archive" box of a post shows (previous / next
      and related posts, which depend on topics and glossary terms): the
      posts whose box now reads differently.

    Editing a post's text (with the same reading time and terms) rewrites no
    other page.
    """
    from .chronology import nav_view, navigation
    from .topics import load_topics

    domain = get_domain(env)
    topics = load_topics(app)
    signature = posts_signature(domain, extra=topics)
    previous = getattr(env, "archive_posts_signature", None)
    env.archive_posts_signature = signature
    listings = listings_signature(domain, extra=topics)
    previous_listings = getattr(env, "archive_listings_signature", None)
    env.archive_listings_signature = listings
    order = _digest([[p["docname"], p["title"]] for p in domain.sorted_posts()])
    previous_order = getattr(env, "archive_posts_order", None)
    env.archive_posts_order = order
    previous_views = getattr(env, "archive_nav_views", None) or {}
    changed = previous is not None and previous != signature
    if previous is None or changed:  # first build, or what other pages show changed
        nav = navigation(app)
        env.archive_nav_views = {d: _digest(nav_view(app, nav, d)) for d in domain.posts}
    else:
        env.archive_nav_views = previous_views
    if not changed:
        return []
    views = env.archive_nav_views
    if previous_order != order:
        return sorted(env.all_docs)
    outdated = set()
    if previous_listings != listings:
        outdated.update(d for d in domain.listings if d in env.all_docs)
    outdated.update(d for d, view in views.items() if previous_views.get(d) != view)
    return sorted(outdated)


def setup(app: Sphinx) -> None:
    app.add_config_value("archive_post_patterns", ["posts/*"], "env", types=[list])
    app.add_config_value("archive_blog_name", "", "env", types=[str])
    app.add_config_value("archive_source_file", "", "env", types=[str])
    app.add_node(post_list)
    app.add_directive("post-toctree", PostTocTree)
    app.add_directive("post-list", PostListDirective)
    app.connect("doctree-read", process_post)
    app.connect("doctree-resolved", resolve_post_lists)
    app.connect("env-get-updated", outdated_listings)
