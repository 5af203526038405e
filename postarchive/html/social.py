"""Link previews: the OpenGraph and Twitter-card tags of every page.

When a page's address is shared, the preview shows its title, a description,
the site's name and an image. A post's description is the editors' summary
from its front matter (never a cut of the author's text, which would start
with the byline), whole up to 300 characters; a topic page's is the topic's description from
``topics.yaml``; any other page's is its first paragraph, cut at a word
boundary. Posts are ``og:type`` *article*, with their date when it is known
and their topics as tags.

Previews need absolute addresses: ``og:url`` and ``og:image`` are written
only when the site's address is known (``html_baseurl``: ``ARCHIVE_BASEURL``,
or Read the Docs' canonical address), and then Sphinx writes the canonical
link too. The image is ``archive_social_image``, a path in the built site
(default: the archive's own card, ``_static/archive-card.png``).

Every value is escaped: summaries of imported posts are untrusted input.

(sphinxext-opengraph does most of this, but takes a post's description from
its doctree and writes relative ``og:url``/``og:image`` addresses when no
base address is set; the tags themselves are a few lines.) This module
imports only the domain (the posts) and the topic list.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx

from ..core.topiclist import load_topics, topic_docname, topic_title
from ..ext.config import site_address
from ..ext.domain import get_domain

DESCRIPTION_LENGTH = 200  # a page's first paragraph, cut
SUMMARY_LENGTH = 300  # the editors' summary, whole unless an imported one is very long
_TAG = re.compile(r"<[^>]+>")


def cut(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """*text* on one line, at most *length* characters, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def first_paragraph(doctree: nodes.document | None) -> str:
    """The text of the page's first paragraph (on the pages that are not
    posts, everything is the editors')."""
    for para in doctree.findall(nodes.paragraph) if doctree is not None else ():
        text = para.astext().strip()
        if text:
            return text
    return ""


def page_card(app: Sphinx, pagename: str, context: dict, doctree) -> list[tuple[str, str]]:
    """The tags of one page, ``(name, content)`` in order (content unescaped;
    a post's topics are one ``article:tag`` each)."""
    config = app.config
    site = config.html_title or config.project
    title = html.unescape(_TAG.sub("", context.get("title") or "")) or site
    post = get_domain(app.env).posts.get(pagename)
    topics = load_topics(app)
    slugs = {topic_docname(slug): slug for slug in topics}
    if post is not None:
        title, description = post.title, post.summary
    elif pagename in slugs:
        description = topics[slugs[pagename]].get("description", "")
    else:
        description = first_paragraph(doctree)
    tags = {
        "og:title": title,
        "og:site_name": site,
        "og:type": "article" if post is not None else "website",
    }
    if description:
        tags["og:description"] = tags["description"] = cut(
            description, SUMMARY_LENGTH if post is not None else DESCRIPTION_LENGTH
        )
    base = site_address(config)
    if base:
        tags["og:url"] = base + app.builder.get_target_uri(pagename)
        tags["og:image"] = urljoin(base, config.archive_social_image)
        tags["og:image:alt"] = f"{site}, an archive"
    if post is not None:
        if post.date:
            tags["article:published_time"] = post.date_utc or post.date
        tags["article:author"] = post.author
    tags["twitter:card"] = "summary"
    tags["twitter:title"] = title
    if description:
        tags["twitter:description"] = tags["og:description"]
    topic_tags = (
        [("article:tag", topic_title(topics, slug)) for slug in post.topics]
        if post is not None
        else []
    )
    return [*tags.items(), *topic_tags]


def meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html":
        return
    lines = []
    for name, content in page_card(app, pagename, context, doctree):
        attribute = "property" if name.startswith(("og:", "article:")) else "name"
        lines.append(f'<meta {attribute}="{name}" content="{html.escape(content, quote=True)}" />')
    context["metatags"] = context.get("metatags", "") + "".join("\n    " + line for line in lines)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", meta_tags)
