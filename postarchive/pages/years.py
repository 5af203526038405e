"""Posts by year: a generated page per year (``years/2016``) and one for the
posts whose date is unknown (``years/undated``).

Each year page lists its posts, newest first, and holds the hidden toctree of
its posts in date order; the landing page's ``{year-toctree}`` lists the year
pages. So the site's navigation tree has one entry per year, never one per
post, and the PDF has a part per year whose chapters are the posts (see
:func:`years_as_parts`).

The year pages are generated documents (:mod:`.virtualdocs`): their sources
come from every post file's front matter (the *calendar*, kept in the domain
with each file's size and time, so an unchanged file is not read again).
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree
from sphinx.util.docutils import SphinxDirective

from ..content.lists import doc_link, para, post_entry, post_listing, volume_name
from ..content.posts import post_docnames, source_path, within_srcdir
from ..core import i18n
from ..core.frontmatter import FrontMatterError, parse_post
from ..core.model import UNDATED, Post, build_day, date_order, is_published, year_of, year_title
from ..core.settings import tex
from ..ext import compat, stages
from ..ext.domain import get_domain
from ..ext.i18n import _, ngettext
from ..ext.placeholders import add_placeholder
from .pagesource import directive, page_source

YEARS_DIR = "years"


def year_docname(year: str) -> str:
    return f"{YEARS_DIR}/{year}"


def volume_link(app: Sphinx, fromdocname: str, year: str, text: str) -> nodes.Node:
    """A link to the year's PDF volume (at the site's root), relative to the page."""
    href = posixpath.relpath(
        volume_name(app.config.archive_pdf_name, year), posixpath.dirname(fromdocname) or "."
    )
    return nodes.reference("", text, refuri=href, classes=["archive-pdf-link"])


def volume_download(year: str) -> str:
    """What a link to the year's volume says (in the archive's language)."""
    if year == UNDATED:
        return _("Download the posts of unknown date as PDF")
    return _("Download {year} as PDF").format(year=year)


def year_pdf_link(app: Sphinx, fromdocname: str, year: str) -> nodes.raw:
    """ "PDF", a link to the year's volume whose name (and tooltip) says which:
    "Download 2016 as PDF" (the header's "PDF" button is the whole book's)."""
    href = volume_link(app, fromdocname, year, "PDF")["refuri"]
    says = html.escape(volume_download(year))
    return nodes.raw(
        "",
        f'<a class="reference archive-pdf-link" href="{html.escape(href)}" title="{says}" '
        f'aria-label="{says}">PDF</a>',
        format="html",
    )


def is_year_page(docname: str) -> bool:
    return docname.startswith(YEARS_DIR + "/")


# -- the calendar: every post to publish, as its file says now ----------------------
def calendar(env) -> list[Post]:
    """Every post the build publishes, in date order. A post whose front
    matter is broken is listed as undated (the build reports it and fails)."""
    cache = get_domain(env).calendar
    fresh = {}
    for docname in post_docnames(env):
        path = source_path(env, docname)
        try:
            stat = path.stat()
        except OSError:
            continue
        key = (stat.st_mtime_ns, stat.st_size, path.is_symlink())
        hit = cache.get(docname)
        if hit is not None and hit[0] == key:
            post = hit[1]
        else:
            if not within_srcdir(env, path):
                continue  # left out of the build (see validate)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (UnicodeDecodeError, OSError):
                continue  # left out of the build (see validate)
            try:
                post = parse_post(text, docname)
            except FrontMatterError:  # read as a stand-in (see validate): listed as undated
                post = Post(docname=docname, title=docname, author="", summary="", date=None)
        fresh[docname] = (key, post)
    cache.clear()
    cache.update(fresh)
    today = build_day()
    return date_order(post for _key, post in fresh.values() if is_published(post, today))


def by_year(posts: Iterable[Post]) -> dict[str, list[Post]]:
    """Posts grouped by year, years in the order of *posts* (undated last)."""
    groups: dict[str, list[Post]] = {}
    for post in posts:
        groups.setdefault(year_of(post), []).append(post)
    if UNDATED in groups:
        groups[UNDATED] = groups.pop(UNDATED)
    return groups


def generated_sources(app: Sphinx, env) -> dict[str, str]:
    """``{docname: MyST source}`` of the year pages."""
    sources = {}
    for year, posts in by_year(calendar(env)).items():
        sources[year_docname(year)] = page_source(
            _(year_title(year)),
            directive("year-page", year),
            directive("toctree", "", ":hidden:", "", *("/" + post.docname for post in posts)),
        )
    return sources


# -- the landing page's toctree of years --------------------------------------------
class YearTocTree(TocTree):
    """A toctree of the year pages, oldest first, the undated posts last. It is
    read again whenever documents are added or removed (a new year)."""

    option_spec = {k: v for k, v in TocTree.option_spec.items() if k != "glob"}

    def run(self) -> list[nodes.Node]:
        years = by_year(calendar(self.env))
        self.content = StringList(["/" + year_docname(y) for y in years], source=self.env.docname)
        compat.note_glob_toctree(self.env, self.env.docname)
        return super().run()


# -- the year pages and the list of years ------------------------------------------------
class year_listing(nodes.General, nodes.Element):
    """Placeholder for the posts of one year."""


class year_list(nodes.General, nodes.Element):
    """Placeholder for the years with their counts."""


class YearPageDirective(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts")
        return [year_listing(year=self.arguments[0])]


class YearListDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "posts")
        return [year_list()]


def posts_of_year(domain, year: str) -> list[Post]:
    """The year's posts, newest first (undated: latest bound first)."""
    return [p for p in domain.sorted_posts(newest_first=True) if year_of(p) == year]


def count_label(n: int, language: str | None = "en") -> str:
    return ngettext("{n} post", "{n} posts", n).format(n=i18n.number(n, language))


def year_page(app: Sphinx, fromdocname: str, year: str) -> list[nodes.Node]:
    posts = posts_of_year(get_domain(app.env), year)
    count = count_label(len(posts), app.config.language)
    if year == UNDATED:
        intro = ngettext(
            "{count} whose date we could not verify, with what is known about each, latest first.",
            "{count} whose date we could not verify, with what is known about each, latest first.",
            len(posts),
        ).format(count=count)
    else:
        intro = _("{count} from {year}, newest first.").format(count=count, year=year)
    out = [para(intro, classes=["editorial-line", "archive-year-intro"])]
    if app.config.archive_pdf_volumes:
        link = volume_link(app, fromdocname, year, volume_download(year))
        out.append(para(link, classes=["archive-year-pdf"]))
    return [
        *out,
        post_listing(post_entry(app, fromdocname, p, details=True) for p in posts),
    ]


def year_counts(app: Sphinx, fromdocname: str) -> nodes.Node:
    """The years, newest first, each linked with its count (undated last)."""
    groups = by_year(get_domain(app.env).sorted_posts(newest_first=True))
    listing = nodes.bullet_list(classes=["archive-year-list"])
    for year, posts in groups.items():
        item = nodes.list_item(classes=["archive-year-entry"])
        line = para(
            doc_link(app, fromdocname, year_docname(year), _(year_title(year))),
            f" ({i18n.number(len(posts), app.config.language)})",
        )
        if app.config.archive_pdf_volumes and app.builder.format == "html":
            line += [nodes.Text(" · "), year_pdf_link(app, fromdocname, year)]
        item += line
        listing += item
    return listing if len(listing) else para(_("No posts yet."))


# -- the PDF: a part per year ---------------------------------------------------------------
#: where the volumes go in the whole book when it is assembled from them
#: (postarchive/scripts/pdfassemble.py finds the page by this destination)
VOLUMES_TARGET = "archive-volumes"


def years_as_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the PDF, each year page becomes a part (``\\part{2016}``) whose
    chapters are its posts: the year's section is replaced by the part and
    the posts it includes, one level up. With the volumes, the whole book is
    assembled from them (:func:`frame_for_volumes`): its years are one part,
    "Posts by year", where the volumes go."""
    if app.builder.format != "latex":
        return
    years = []
    for start in list(doctree.findall(addnodes.start_of_file)):
        if not is_year_page(start.get("docname", "")):
            continue
        section = next((c for c in start.children if isinstance(c, nodes.section)), None)
        if section is None:
            continue
        posts = [
            n
            for n in section.findall(addnodes.start_of_file)
            if n.parent is not None
            and not any(isinstance(a, addnodes.start_of_file) for a in _between(n, section))
        ]
        for post in posts:
            post.parent.remove(post)
        years.append((start, section, posts))
    if years and app.config.archive_pdf_volumes and docname == app.config.root_doc:
        frame_for_volumes(app, doctree, years)
        return
    for start, section, posts in years:
        title = section.next_node(nodes.title).astext()
        part = nodes.raw("", f"\\part{{{tex(title)}}}{_label(start)}\n", format="latex")
        section.replace_self([part, *posts])


def _label(start: addnodes.start_of_file) -> str:
    # the year page's label stays, at its part: a link to the year page lands there
    # (its docname is one the archive generates: years/<digits> or years/undated)
    return f"\\label{{\\detokenize{{{start['docname']}::doc}}}}"


def frame_for_volumes(app: Sphinx, doctree: nodes.document, years: list) -> None:
    """The whole book as the frame of the volumes: one part, "Posts by year",
    holds the destination the volumes are put after (a link to a year page
    lands in its volume), and its table of contents lists each volume's posts
    (``\\archivevolumecontents``: the volume's own table of contents, read
    when the frame is typeset after the volumes, its lines linked into the
    volume). The posts are the volumes'; a link to a post, or a post's page
    number, points into its volume (:mod:`..pdf.volumes`,
    :func:`..content.lists.volume_page`)."""
    title = tex(_("Posts by year"))
    contents = "".join(
        f"\\archivevolumecontents{{{volume_name(app.config.archive_pdf_name, year)[:-4]}}}"
        f"{{{tex(_(year_title(year)))}}}\n"
        for year in sorted(
            (start["docname"].removeprefix(YEARS_DIR + "/") for start, _s, _p in years),
            key=lambda year: (year == UNDATED, year),
        )
    )
    part = nodes.raw(
        "",
        f"\\part[{title}]{{\\hypertarget{{{VOLUMES_TARGET}}}{{}}{title}}}\n{contents}",
        format="latex",
    )
    years[0][1].replace_self(part)
    for _start, section, _posts in years[1:]:
        section.parent.remove(section)


def _between(node: nodes.Node, top: nodes.Node):
    node = node.parent
    while node is not None and node is not top:
        yield node
        node = node.parent


def setup(app: Sphinx) -> None:
    # the PDF holds the posts themselves (a part per year): no list there
    add_placeholder(
        app,
        year_listing,
        lambda app, node, docname: (
            year_page(app, docname, node["year"]) if app.builder.format == "html" else []
        ),
    )
    add_placeholder(app, year_list, lambda app, node, docname: year_counts(app, docname))
    app.add_directive("year-toctree", YearTocTree)
    app.add_directive("year-page", YearPageDirective)
    app.add_directive("year-list", YearListDirective)
    app.connect("doctree-resolved", years_as_parts, priority=stages.Resolved.YEARS_AS_PARTS)
