"""The Atom feed (``atom.xml``) of the posts, and its link in every page's head.

Written with :mod:`xml.etree.ElementTree` when the HTML build finishes, from
the ``archive`` domain, so it is complete after incremental and parallel
builds alike. It is deterministic: entries newest first (the archive's date
order), no build-time timestamp (the feed's ``updated`` is its newest entry's).

Each entry carries the post's summary (the editors') and its **full text**
(Atom ``content``, type ``html``): the post's page as built, so the same
sanitized HTML, without the page's apparatus (title, byline and "About this
post", citation, "More from the archive", comments, heading anchors), its
links and images made absolute, and each editorial box of ours in the text
(a roundup's blurb notes) labelled "Editors' note" (a feed reader shows no
tint), as are the archival notes, which follow the text. The text is read from the written pages, so it is
right after incremental and parallel builds. The feed holds the newest
``archive_feed_length`` posts (default 50; 0: every post), as blogs' feeds do:
a feed of thousands of full posts would be tens of megabytes.

Dates: a post with a known date is published and updated on that day
(00:00 UTC). **A post whose date is unknown is dated by its earliest possible
date** (``date_after`` in its front matter), and says so: its summary ends
with what is known about the date and it carries the category
``date-unknown``. A post with an unknown date and no bound is dated
1970-01-01 and flagged the same way.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
from sphinx.application import Sphinx

from ..core.files import write_if_changed
from ..core.model import DATE_UNKNOWN, Post, date_label, listing_summary
from ..core.topiclist import load_topics, topic_title
from ..ext.config import site_address
from ..ext.domain import get_domain
from ..ext.i18n import N_, _

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "atom.xml"
NO_DATE = "1970-01-01"


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def entry_date(post: Post) -> tuple[str, bool]:
    """The date an entry carries, and whether it is a stand-in (unknown date)."""
    if post.date:
        return post.date, False
    return post.date_after or NO_DATE, True


def base_url(app: Sphinx) -> str:
    """The feed's absolute base: html_baseurl, or for a local build (none
    set) the local preview address, archive_preview_url."""
    return site_address(app.config, local=True)


#: the page's apparatus, not the post: left out of an entry's content
APPARATUS = ("headerlink", "archive-about", "archive-cite", "archive-post-nav", "archive-comments")
EDITORS_NOTE = N_("Editors’ note: ")


def _has_class(cls: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


def entry_content(app: Sphinx, post: Post, url: str) -> str | None:
    """The post's text for its feed entry, from its written page (see the
    module's docstring), or None when the page is missing."""
    path = Path(app.outdir) / app.builder.get_target_uri(post.docname)
    try:
        tree = lxml.html.fromstring(path.read_bytes())
    except (OSError, ValueError):
        return None
    body = tree.xpath(f"//article[{_has_class('bd-article')}]") or tree.xpath("//*[@role='main']")
    if not body:
        return None
    body = body[0]
    for title in body.xpath(".//h1")[:1]:
        title.drop_tree()
    for cls in APPARATUS:
        for el in body.xpath(f".//*[{_has_class(cls)}]"):
            el.drop_tree()
    editors_note = _(EDITORS_NOTE)
    for box in body.xpath(f".//*[{_has_class('editorial')}]"):
        first = next(iter(box.xpath(".//p")), box)
        label = lxml.html.Element("strong")
        label.text, label.tail, first.text = editors_note, first.text, None
        first.insert(0, label)
    for el in body.iter():
        for attribute in ("href", "src"):
            if el.get(attribute):
                el.set(attribute, urljoin(url, el.get(attribute)))
    parts = [lxml.html.tostring(child, encoding="unicode") for child in body]
    # the archival notes (in "About this post" on the page) explain what the text
    # keeps of the scrape: they follow it here
    parts += [
        f"<p><strong>{html.escape(editors_note)}</strong>{html.escape(note)}</p>"
        for note in post.notes
    ]
    return ((body.text or "").strip() + "".join(parts)).strip()


def _sub(parent, tag, text=None, **attrs):
    """An Atom element under *parent* (``type_`` for the ``type`` attribute)."""
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _feed_head(app: Sphinx, base: str, posts: list) -> ET.Element:
    """The feed element with the archive's title, links, date and author."""
    feed = ET.Element(
        f"{{{ATOM}}}feed",
        {"{http://www.w3.org/XML/1998/namespace}lang": app.config.language or "en"},
    )
    _sub(feed, "title", app.config.html_title or app.config.project)
    _sub(
        feed,
        "subtitle",
        _("Posts of {blog}, kept word for word by the archive.").format(
            blog=app.config.archive_blog_name or app.config.project
        ),
    )
    _sub(feed, "id", base)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_NAME)
    _sub(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=base + app.builder.get_target_uri(app.config.root_doc),
    )
    dates = [entry_date(post)[0] for post in posts]
    _sub(feed, "updated", _timestamp(max(dates, default=NO_DATE)))
    author = _sub(feed, "author")
    _sub(author, "name", app.config.author)
    return feed


def _add_entry(app: Sphinx, feed: ET.Element, post, base: str, topics: dict) -> None:
    day, stand_in = entry_date(post)
    url = base + app.builder.get_target_uri(post.docname)
    entry = _sub(feed, "entry")
    _sub(entry, "title", post.title)
    _sub(entry, "id", url)
    _sub(entry, "link", rel="alternate", type="text/html", href=url)
    if post.url:
        _sub(entry, "link", rel="related", type="text/html", href=post.url)
    _sub(entry, "published", _timestamp(day))
    _sub(entry, "updated", _timestamp(day))
    author = _sub(entry, "author")
    _sub(author, "name", post.author)
    summary = listing_summary(post)[0]
    if stand_in:
        summary += (
            " ["
            + _("{date}. The feed dates this post by the earliest date it can have.").format(
                date=date_label(post, language=app.config.language)
            )
            + "]"
        )
        _sub(entry, "category", term="date-unknown", label=_(DATE_UNKNOWN))
    for slug in post.topics:
        _sub(
            entry,
            "category",
            term=slug,
            label=topic_title(topics, slug),
            scheme=base + "topics/",
        )
    _sub(entry, "summary", summary, type_="text")
    content = entry_content(app, post, url)
    if content:
        _sub(entry, "content", content, type_="html")


def build_feed(app: Sphinx) -> bytes:
    ET.register_namespace("", ATOM)
    base = base_url(app)
    topics = load_topics(app)
    posts = get_domain(app.env).sorted_posts(newest_first=True)
    if app.config.archive_feed_length:
        posts = posts[: app.config.archive_feed_length]
    feed = _feed_head(app, base, posts)
    for post in posts:
        _add_entry(app, feed, post, base, topics)
    ET.indent(feed, space="  ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    write_if_changed(Path(app.outdir) / FEED_NAME, build_feed(app))


def feed_link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name != "html":
        return
    title = (app.config.html_title or app.config.project).replace('"', "&quot;")
    feed = html.escape(_("(Atom feed)"), quote=True)
    href = context["pathto"](FEED_NAME, 1)
    context["metatags"] = context.get("metatags", "") + (
        f'\n    <link rel="alternate" type="application/atom+xml" title="{title} {feed}" '
        f'href="{href}" />'
    )


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_feed)
    app.connect("html-page-context", feed_link)
