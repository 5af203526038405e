"""Markup for imported posts: the comments readers left on the original blog,
and the editorial notes of an import. All of it is ours, not the author's
text: every element carries an ``editorial-…`` class (see
:func:`.ours.is_ours`), so reading time and word counts leave it out.

* ``archive-comments`` (directive): the box "Comments on the original blog"
  that closes an imported post; its content is ``archive-comment`` directives;
* ``archive-comment`` (directive, options ``:author:``, ``:date:``
  ``YYYY-MM-DD HH:MM``, ``:reply-to:``, ``:kind:``): one comment, its text as
  content (converted like post text, under the same raw-HTML policy);
* ``archive-note`` (directive): an editorial note in the text, e.g. for a post
  that had no text;
* ``archive-embed`` (role, ``Provider <https://…>``): embedded content that
  the archive does not keep (a video, a tweet…), shown as a link with a note.

And one thing imported text needs that is not ours: a line break inside a
paragraph (``<br>``, Markdown's two trailing spaces). MyST writes it as a raw
HTML ``<br />`` next to a raw LaTeX ``\\``, which the page checks of
:mod:`.safety` refuse (raw output); before they run, each such pair becomes a
:class:`line_break` node, written as ``<br />`` and ``\\``.
"""

from __future__ import annotations

import datetime as dt
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..core.model import human_date
from ..ext import stages
from ..ext.i18n import N_, _
from .lists import para

COMMENTS_TITLE = N_("Comments on the original blog")
COMMENTS_NOTE = N_(
    "Comments that readers left on the original blog, as approved there (names "
    "as given; e-mail and IP addresses are not kept). They are not the author's "
    "text."
)


def comment_date(value: str, language: str | None = "en") -> str:
    """``2016-06-08 10:15`` → ``8 June 2016, 10:15``; text that is not a date as it is."""
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(?::\d{2})?)?", value.strip())
    if not m:
        return value.strip()
    try:
        shown = human_date(dt.date.fromisoformat(m.group(1)).isoformat(), language)
    except ValueError:
        return value.strip()
    return f"{shown}, {m.group(2)}" if m.group(2) else shown


class line_break(nodes.Inline, nodes.Element):
    """A line break inside a paragraph."""


def _visit_break_html(self, node: line_break) -> None:
    self.body.append("<br />\n")
    raise nodes.SkipNode


def _visit_break_latex(self, node: line_break) -> None:
    self.body.append("\\\\\n")
    raise nodes.SkipNode


def _visit_break_text(self, node: line_break) -> None:
    self.add_text("\n")
    raise nodes.SkipNode


def _is_break(node: nodes.Node, fmt: str, text: str) -> bool:
    return isinstance(node, nodes.raw) and node.get("format") == fmt and node.astext() == text


def hard_breaks(app: Sphinx, doctree: nodes.document) -> None:
    """MyST's raw pair for a hard line break → one :class:`line_break`."""
    for raw in list(doctree.findall(nodes.raw)):
        if not _is_break(raw, "html", "<br />\n") or raw.parent is None:
            continue
        parent = raw.parent
        index = parent.index(raw)
        if index + 1 < len(parent) and _is_break(parent[index + 1], "latex", "\\\\\n"):
            parent.remove(parent[index + 1])
            raw.replace_self(line_break())


class CommentsDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=["archive-comments", "editorial-comments"])
        box += nodes.rubric(text=_(COMMENTS_TITLE), classes=["archive-comments-title"])
        box += para(_(COMMENTS_NOTE), classes=["editorial-line"])
        box += self.parse_content_to_nodes()
        self.set_source_info(box)
        return [box]


class CommentDirective(SphinxDirective):
    has_content = True
    option_spec = {
        "author": directives.unchanged,
        "date": directives.unchanged,
        "reply-to": directives.unchanged,
        "kind": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=["archive-comment", "editorial-comment"])
        meta = para(classes=["archive-comment-meta"])
        meta += nodes.strong(text=self.options.get("author", "").strip() or _("Anonymous"))
        kind = self.options.get("kind", "").strip()
        if kind:
            meta += nodes.Text(f" ({kind})")
        when = self.options.get("date", "").strip()
        if when:
            meta += nodes.Text(" — " + comment_date(when, self.config.language))
        reply_to = self.options.get("reply-to", "").strip()
        if reply_to:
            meta += nodes.Text(_(", in reply to {name}").format(name=reply_to))
        box += meta
        text = nodes.container(classes=["archive-comment-text"])
        text += self.parse_content_to_nodes()
        box += text
        self.set_source_info(box)
        return [box]


class NoteDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=["archive-note", "editorial"])
        box += self.parse_content_to_nodes()
        self.set_source_info(box)
        return [box]


_EMBED = re.compile(r"(?P<name>.*?)\s*<(?P<url>https?://[^>\s]+)>\s*", re.S)


class EmbedRole(SphinxRole):
    """``{archive-embed}`YouTube <https://…>``` → "Embedded YouTube content,
    not archived: https://…" (a link), marked as ours."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        m = _EMBED.fullmatch(self.text)
        name, url = (m.group("name"), m.group("url")) if m else (self.text.strip(), "")
        name = name.strip() or _("embedded content")
        node = nodes.inline(classes=["archive-embed", "editorial"])
        if url:
            node += nodes.Text(_("[Embedded content ({name}), not archived: ").format(name=name))
            node += nodes.reference(url, url, refuri=url)
            node += nodes.Text("]")
        else:
            node += nodes.Text(_("[Embedded content ({name}), not archived]").format(name=name))
        return [node], []


def setup(app: Sphinx) -> None:
    app.add_directive("archive-comments", CommentsDirective)
    app.add_directive("archive-comment", CommentDirective)
    app.add_directive("archive-note", NoteDirective)
    app.add_role("archive-embed", EmbedRole())
    app.add_css_file("archive-comments.css")
    app.add_node(
        line_break,
        html=(_visit_break_html, None),
        latex=(_visit_break_latex, None),
        text=(_visit_break_text, None),
        man=(_visit_break_text, None),
        texinfo=(_visit_break_text, None),
    )
    app.connect("doctree-read", hard_breaks, priority=stages.Read.LINE_BREAKS)
