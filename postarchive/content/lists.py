"""The one renderer of post lists: a link to a post, a list entry (title,
date, summary) and the lists that hold entries, with their "Date unknown"
group. The landing page, the archive by date, topic pages and the posts'
navigation all render through here."""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from ..core import i18n
from ..core.model import (
    UNDATED,
    Post,
    date_label,
    date_unknown,
    listing_summary,
    reading_short,
    year_of,
)
from ..core.records import Blurb
from ..core.settings import tex
from ..ext.domain import get_domain
from ..ext.i18n import _


def para(*children: nodes.Node | str, classes: list[str] | None = None) -> nodes.paragraph:
    kids = [nodes.Text(c) if isinstance(c, str) else c for c in children]
    return nodes.paragraph("", "", *kids, classes=classes or [])


def doc_link(
    app: Sphinx, fromdocname: str, docname: str, title: str, anchor: str = ""
) -> nodes.reference:
    """A link to *docname* (or a section of it) showing *title*."""
    text = nodes.inline(text=title, classes=["archive-post-title"])
    return refnode(app, fromdocname, docname, anchor, text)


def refnode(
    app: Sphinx, fromdocname: str, docname: str, anchor: str, child: nodes.Node
) -> nodes.Element:
    """A link to *docname*; *child* alone where the output does not hold the
    document (a PDF volume of one year, linking to another year's post)."""
    try:
        return make_refnode(app.builder, fromdocname, docname, anchor, child)
    except NoUri:
        return child


def post_link(app: Sphinx, fromdocname: str, post: Post) -> nodes.reference:
    return doc_link(app, fromdocname, post.docname, post.title)


def _entry(
    link: nodes.Node, classes: list[str], date: str, *more: nodes.paragraph
) -> nodes.list_item:
    item = nodes.list_item(classes=["archive-post-entry", *classes])
    item += para(link, classes=["archive-entry-title"])
    item += para(date, classes=["archive-entry-date"])
    item.extend(more)
    return item


def post_entry(
    app: Sphinx, fromdocname: str, post: Post, *, details: bool = False, kind_class: bool = False
) -> nodes.list_item:
    """A post in a list: its title (a link), date and our summary (or the
    author's excerpt, for an imported post without one). *details*
    adds the reading time and, for an unknown date, what is known about it;
    *kind_class* marks the entry as a post among other kinds of entries."""
    language = app.config.language
    date = date_label(post, language=language)
    more = []
    if details:
        if post.words:
            date += " · " + reading_short(post.words, language)
        if not post.date and post.date_note:
            more.append(para(post.date_note, classes=["archive-entry-date-note"]))
    text, whose = listing_summary(post)
    if whose == "editors":
        more.append(para(text, classes=["archive-entry-summary"]))
    elif whose == "author":  # the author's own excerpt: his words, not styled as ours
        more.append(para(text, classes=["archive-entry-summary", "archive-entry-excerpt"]))
    return _entry(
        post_link(app, fromdocname, post), ["archive-entry-post"] if kind_class else [], date, *more
    )


def blurb_entry(app: Sphinx, fromdocname: str, post: Post, blurb: Blurb) -> nodes.list_item:
    """An article blurb of a roundup post: the article's title, linked to the
    blurb's section, the date of the roundup and where the article appeared."""
    venue = (
        _("published on {venue}").format(venue=blurb.venue)
        if blurb.venue
        else _("published elsewhere (venue unknown)")
    )
    roundup = refnode(app, fromdocname, post.docname, "", nodes.inline(text=post.title))
    return _entry(
        doc_link(app, fromdocname, post.docname, blurb.article, blurb.anchor),
        ["archive-entry-blurb"],
        _("Article blurb · {date} (the date of the roundup post)").format(
            date=date_label(post, language=app.config.language)
        ),
        para(
            _("An article {venue}; its opening is quoted in the roundup post “").format(
                venue=venue
            ),
            roundup,
            _("”."),
            classes=["archive-entry-summary"],
        ),
    )


def post_listing(entries: Iterable[nodes.Node]) -> nodes.bullet_list:
    """The list that holds entries (landing page, archive, topic pages)."""
    listing = nodes.bullet_list(classes=["archive-post-list"])
    listing.extend(entries)
    return listing


def year_group(
    year: str, entries: Iterable[nodes.Node], rubric_class: str, language: str | None = "en"
) -> list[nodes.Node]:
    """A year of a list: its heading with the number of entries, the entries."""
    entries = list(entries)
    count = i18n.number(len(entries), language)
    return [
        nodes.rubric(text=f"{year} ({count})", classes=[rubric_class]),
        post_listing(entries),
    ]


def unknown_dates_group(
    note: str, entries: Iterable[nodes.Node], rubric_class: str, language: str | None = "en"
) -> list[nodes.Node]:
    """The "Date unknown" group that closes a dated list: heading with its
    count, our note, entries."""
    heading, listing = year_group(date_unknown(language), entries, rubric_class, language)
    return [heading, para(note, classes=["editorial-line"]), listing]


# -- the PDF as volumes: a PDF per year beside the whole book (pdf/volumes.py) -------------
def volume_name(pdf_name: str, year: str) -> str:
    """The file of the year's PDF volume: ``agile-in-the-clouds-2016.pdf``
    (the posts of unknown date: ``…-undated.pdf``)."""
    return f"{pdf_name.removesuffix('.pdf')}-{year}.pdf"


def volume_title(year: str) -> str:
    """What names a year's volume (its title, its pages in the book: "2016:5")."""
    return _("Posts of unknown date") if year == UNDATED else year


def volume_page(app: Sphinx, docname: str, anchor: str) -> str | None:
    """The LaTeX of a post's page in its year's volume, ``2016:5`` linked there
    (``\\archivevolumepage``: the page is read from the volume when the book's
    frame is typeset after it), when the book is assembled from volumes; None
    when the book holds the page itself."""
    post = get_domain(app.env).posts.get(docname)
    if post is None or not app.config.archive_pdf_volumes:
        return None
    year = year_of(post)
    volume = volume_name(app.config.archive_pdf_name, year).removesuffix(".pdf")
    return rf"\archivevolumepage{{{volume}}}{{{docname}:{anchor}}}{{{tex(volume_title(year))}}}"
