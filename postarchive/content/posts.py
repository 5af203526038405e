"""Posts: which documents are posts, their front matter → :class:`~.model.Post`
in the domain, the "About this post" box and the citation block (both built
complete here), and the post list of the landing page."""

from __future__ import annotations

import fnmatch
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..core.frontmatter import FrontMatterError, parse_post
from ..core.model import (
    Post,
    byline_date,
    date_label,
    date_unknown,
    reading_label,
    reading_short,
)
from ..core.topiclist import load_topics, topic_docname
from ..ext import report
from ..ext.config import site_address
from ..ext.domain import get_domain
from ..ext.i18n import N_, _
from ..ext.placeholders import add_placeholder
from ..ext.report import Kind
from .disclosure import disclosure
from .lists import para, post_entry, post_listing
from .ours import author_words

ABOUT_TITLE = N_("About this post")


# -- which documents are posts -------------------------------------------------
def first_section(doctree: nodes.document) -> nodes.section | None:
    """The page's first section: a post's, under its title (None: no heading)."""
    return next(iter(doctree.findall(nodes.section)), None)


def is_post(config, docname: str) -> bool:
    """Whether *docname* is a post (it matches ``archive_post_patterns``)."""
    return any(
        fnmatch.fnmatchcase(docname, pattern) for pattern in config.archive_post_patterns
    ) and not docname.endswith("/index")


def post_docnames(env) -> list[str]:
    return sorted(d for d in env.found_docs if is_post(env.config, d))


def source_path(env, docname: str) -> Path:
    return Path(env.doc2path(docname))


def within_srcdir(env, path: Path) -> bool:
    """Whether *path* is in the source directory once links are followed."""
    return path.resolve().is_relative_to(Path(env.srcdir).resolve())


def read_post(env, docname: str) -> Post | None:
    """The post's record, or None if its front matter is not valid (the
    problems were reported when the file was screened, see :mod:`.validate`)."""
    try:
        return parse_post(source_path(env, docname).read_text(encoding="utf-8-sig"), docname)
    except (FrontMatterError, UnicodeDecodeError):
        return None


# -- the boxes of a post ---------------------------------------------------------
def _field(name: str, *body: nodes.Node) -> nodes.field:
    return nodes.field("", nodes.field_name(text=name), nodes.field_body("", *body))


def topic_refs(post: Post, topics: dict[str, dict]) -> list[nodes.Node]:
    """The post's topics, each a link to its topic page, separated by commas
    (a slug not in the topic list stays text; :mod:`.topics` reports it)."""
    refs: list[nodes.Node] = []
    for i, slug in enumerate(post.topics):
        if i:
            refs.append(nodes.Text(", "))
        if slug not in topics:
            refs.append(nodes.Text(slug))
            continue
        refs.append(
            addnodes.pending_xref(
                "",
                nodes.inline(text=topics[slug]["title"], classes=["archive-topic"]),
                refdomain="std",
                reftype="doc",
                reftarget="/" + topic_docname(slug),
                refexplicit=True,
                refwarn=True,
            )
        )
    return refs


def byline(post: Post, topics: dict[str, dict], language: str = "en") -> nodes.paragraph:
    """One line under the title (two on a phone): the date, or what is known
    of it, the reading time and the topics."""
    line = para(
        nodes.inline(text=byline_date(post, language), classes=["archive-byline-date"]),
        " · ",
        nodes.inline(text=reading_short(post.words, language), classes=["archive-byline-reading"]),
        classes=["archive-byline"],
    )
    if post.topics:
        line += nodes.Text(" · ")
        line += nodes.inline("", "", *topic_refs(post, topics), classes=["archive-topics"])
    return line


def about_fields(post: Post, env) -> nodes.field_list:
    """The provenance of the post, field by field, from its front matter."""
    language = env.config.language
    fields = nodes.field_list()
    fields += _field(_("Author"), para(post.author))
    date_body = [para(date_label(post, language=language))]
    if post.date_note:
        date_body.append(para(post.date_note, classes=["archive-date-note"]))
    if post.date_utc:
        date_body.append(
            para(
                f"{post.date_utc.replace('T', ' ').removesuffix('Z')} UTC",
                classes=["archive-date-utc"],
            )
        )
    fields += _field(_("Published"), *date_body)
    if post.url:
        fields += _field(_("Original"), para(nodes.reference(post.url, post.url, refuri=post.url)))
    else:
        fields += _field(_("Original"), para(_("Original address unknown")))
    if post.source_lines:
        first, last = post.source_lines
        where = _("Lines {first}–{last} of the scraped text kept in this archive").format(
            first=first, last=last
        )
        if env.config.archive_source_file:
            where += f" ({env.config.archive_source_file})"
        fields += _field(_("Source"), para(where))
    if post.summary:
        fields += _field(_("Summary"), para(post.summary))
    if post.excerpt:  # the author's words, in the editorial box: labelled as the author's
        fields += _field(_("Author’s excerpt"), para(post.excerpt, classes=["archive-excerpt"]))
    if post.original_id:
        origin = _("Post {id} on the original blog").format(id=post.original_id)
        if post.import_file:
            origin += _(", imported from {file}").format(file=post.import_file)
            if post.import_sha256:
                origin += _(" (SHA-256 {digest}…, recorded in sources/imports/)").format(
                    digest=post.import_sha256[:12]
                )
        fields += _field(_("Imported"), para(origin + "."))
    fields += _field(_("Reading time"), nodes.paragraph(text=reading_label(post.words, language)))
    if post.notes:
        notes = nodes.bullet_list()
        for note in post.notes:
            notes += nodes.list_item("", para(note))
        fields += _field(_("Archival notes"), notes)
    return fields


def about_box(post: Post, env, topics: dict[str, dict]) -> nodes.container:
    """The post's editorial header, right under its title: the byline, then
    "About this post" (author, published, original, source, summary, excerpt,
    import, reading time, archival notes) as a disclosure, closed on the
    site and open on paper (:mod:`.disclosure`). All of it is ours (class
    ``editorial``: tinted on the site, framed in the PDF)."""
    more = disclosure(summary=_(ABOUT_TITLE), classes=["archive-about-more"])
    more += about_fields(post, env)
    line = byline(post, topics, env.config.language)
    return nodes.container("", line, more, classes=["archive-about", "editorial"])


def citation_text(post: Post, env) -> str:
    """Author. “Title.” Blog, date. Original address. Archived copy: address.

    The archived copy's address is only given when the archive knows where it
    is published (html_baseurl)."""
    language = env.config.language
    parts = [f"{post.author}. “{post.title}.” {env.config.archive_blog_name}"]
    unknown = date_label(post, language=language)
    unknown = unknown.replace(date_unknown(language), _("date unknown"))
    parts.append(post.date or unknown)
    parts.append(post.url or _("Original address unknown"))
    base = site_address(env.config)
    if base:
        archived = base + post.docname + ".html"
        parts.append(_("Archived copy: {address}").format(address=archived))
    return ", ".join(parts[:2]) + ". " + ". ".join(parts[2:]) + "."


def cite_block(post: Post, env) -> nodes.container:
    """The citation: on the site a code block with a copy button; on paper a
    plain paragraph (a code block would wrap mid-word with continuation marks)."""
    text = citation_text(post, env)
    block = nodes.literal_block(text, text, language="text", classes=["archive-cite-text"])
    box = nodes.container(classes=["archive-cite", "editorial"])
    box += nodes.rubric(text=_("Cite this post"))
    on_screen = addnodes.only(expr="not latex")
    on_screen += block
    on_paper = addnodes.only(expr="latex")
    on_paper += para(text, classes=["archive-cite-text"])
    box += [on_screen, on_paper]
    return box


def read_post_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Record the post (with the words of the author's text) in the domain and
    add its About box under the title and its citation at the end."""
    env = app.env
    docname = env.docname
    if not is_post(app.config, docname) or docname in get_domain(env).standins:
        return  # a stand-in for a post with errors (see validate) is no post
    post = read_post(env, docname)
    if post is None:
        return
    section = first_section(doctree)
    if section is None:
        report.error(Kind.FRONTMATTER, "a post needs a title", location=report.at(docname, 1))
        return
    post = post.replace(words=author_words(section))
    get_domain(env).posts[docname] = post
    section["classes"].append("archive-post")
    title_index = section.first_child_matching_class(nodes.title)
    section.insert((title_index or 0) + 1, about_box(post, env, load_topics(app)))
    section += cite_block(post, env)


# -- the post list -----------------------------------------------------------------
class post_list(nodes.General, nodes.Element):
    """Placeholder replaced by the list of posts when the doctree is resolved."""


class PostListDirective(SphinxDirective):
    """``{post-list}``: every post in date order (``:newest-first:``), or only
    the first ``:limit: N`` of them."""

    option_spec = {"newest-first": directives.flag, "limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts")
        return [
            post_list(newest_first="newest-first" in self.options, limit=self.options.get("limit"))
        ]


def post_list_of(app: Sphinx, node: post_list, docname: str) -> nodes.Node:
    posts = get_domain(app.env).sorted_posts(newest_first=node["newest_first"])[: node.get("limit")]
    listing = post_listing(post_entry(app, docname, post) for post in posts)
    return listing if len(listing) else para(_("No posts yet."))


def setup(app: Sphinx) -> None:
    add_placeholder(app, post_list, post_list_of)
    app.add_directive("post-list", PostListDirective)
    app.connect("doctree-read", read_post_doctree)
