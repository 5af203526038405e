"""The items of a WordPress export (WXR 1.0, 1.1, 1.2; http:// or https://
namespaces), streamed.

The first pass (:func:`read`, ``full=False``) gathers the index: authors,
categories and tags with their descriptions, attachments, reusable blocks and
every item's identity (no text). Only published reusable blocks without a
password are kept for insertion; the others are counted (WordPress shows
nothing for them). The second (``full=True``) yields the items with their
text and comments, one at a time; commenters' names come without e-mail or
IP addresses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .eligibility import block_withheld
from .privacy import redact_name
from .records import Attachment, Comment, Entry, Index, SourceFile, Term
from .xmlsource import note_removed, qname, release, stream, text

_ENTRY_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "wp:post_id": "id",
    "wp:post_type": "type",
    "wp:status": "status",
    "wp:post_name": "post_name",
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "dc:creator": "author",
    "wp:post_password": "password",
    "wp:post_parent": "parent",
    "wp:attachment_url": "attachment_url",
}
_FULL_FIELDS = {"content:encoded": "content", "excerpt:encoded": "excerpt"}

#: the post meta an import uses: images' alternative text and files, featured
#: images, and whether the post was written in WordPress.com/Jetpack Markdown
KEPT_META = frozenset(
    {
        "_wp_attachment_image_alt",
        "_wp_attached_file",
        "_thumbnail_id",
        "_wpcom_is_markdown",
        "jetpack-markdown",
    }
)


def _children(elem) -> dict[str, str]:
    return {qname(child): text(child) for child in elem}


def _channel_child(elem, index: Index) -> None:
    name = qname(elem)
    if name == "wp:author":
        fields = _children(elem)
        login = fields.get("wp:author_login", "").strip()
        display = fields.get("wp:author_display_name", "").strip()
        if login:
            index.authors[login] = display or login
    elif name in ("wp:category", "wp:tag", "wp:term"):
        fields = _children(elem)
        if name == "wp:category":
            term = Term(
                "category",
                fields.get("wp:category_nicename", ""),
                fields.get("wp:cat_name", ""),
                fields.get("wp:category_description", ""),
            )
        elif name == "wp:tag":
            term = Term(
                "post_tag",
                fields.get("wp:tag_slug", ""),
                fields.get("wp:tag_name", ""),
                fields.get("wp:tag_description", ""),
            )
        else:
            term = Term(
                fields.get("wp:term_taxonomy", ""),
                fields.get("wp:term_slug", ""),
                fields.get("wp:term_name", ""),
                fields.get("wp:term_description", ""),
            )
        key = (term.taxonomy, term.slug or term.name)
        if term.name and (key not in index.terms or term.description):
            index.terms[key] = term


def _entry(elem, source: SourceFile, full: bool) -> Entry:
    entry = Entry(source=source, line=elem.sourceline or 0)
    for child in elem:
        name = qname(child)
        if name in _ENTRY_FIELDS:
            setattr(entry, _ENTRY_FIELDS[name], text(child))
        elif name == "category":
            entry.terms.append(
                (child.get("domain", "category"), child.get("nicename", ""), text(child))
            )
        elif name == "wp:postmeta":
            meta = _children(child)
            key = meta.get("wp:meta_key", "")
            if key in KEPT_META:
                entry.meta[key] = meta.get("wp:meta_value", "")
        elif name in _FULL_FIELDS:  # the first pass keeps only reusable blocks' text and
            setattr(entry, _FULL_FIELDS[name], text(child))  # attachments' captions
        elif full and name == "wp:comment":
            fields = _children(child)
            entry.comments.append(
                Comment(
                    id=fields.get("wp:comment_id", ""),
                    author=redact_name(fields.get("wp:comment_author", "")),
                    date=fields.get("wp:comment_date", ""),
                    content=fields.get("wp:comment_content", ""),
                    approved=fields.get("wp:comment_approved", "").strip(),
                    type=fields.get("wp:comment_type", "").strip(),
                    parent=fields.get("wp:comment_parent", "0").strip() or "0",
                )
            )
    entry.type = entry.type.strip() or "post"
    entry.status = entry.status.strip() or "publish"
    entry.id = entry.id.strip()
    return entry


def read(
    path: Path, source: SourceFile, index: Index, *, full: bool, huge: bool = False
) -> Iterator[Entry]:
    """The items of the export at *path* (see the module's description)."""
    events, cleaned = stream(path, huge)
    channel = None
    for kind, elem in events:
        if kind == "start":
            if channel is None and qname(elem) == "channel":
                channel = elem
            continue
        parent = elem.getparent()
        if parent is None or parent is not channel:
            continue
        name = qname(elem)
        if name == "item":
            entry = _entry(elem, source, full)
            release(elem)
            if not full:
                _note(entry, index)
            yield entry
        elif not full:
            if name in ("link", "wp:base_site_url", "wp:base_blog_url"):
                source.site_urls.append(text(elem).strip())
            if name == "title":
                source.site_title = text(elem).strip()
            elif name in ("wp:base_blog_url",) or (name == "link" and not source.site_url):
                source.site_url = text(elem).strip()
            else:
                _channel_child(elem, index)
    if not full:
        note_removed(source, cleaned, index)


def _attachment_url(entry: Entry) -> str:
    """The attachment's address: as the export gives it, else rebuilt from the
    blog's address and the file's place under wp-content/uploads."""
    url = entry.attachment_url.strip()
    file = entry.meta.get("_wp_attached_file", "").strip().lstrip("/")
    if url or not file or not entry.source.site_url:
        return url
    return f"{entry.source.site_url.rstrip('/')}/wp-content/uploads/{file}"


def _note(entry: Entry, index: Index) -> None:
    """What the first pass keeps of an item."""
    if entry.type == "attachment":
        index.attachments[entry.id] = Attachment(
            entry.id,
            _attachment_url(entry),
            entry.parent.strip(),
            entry.title,
            entry.excerpt,
            entry.meta.get("_wp_attachment_image_alt", ""),
        )
        index.children.setdefault(entry.parent.strip(), []).append(entry.id)
    elif entry.type == "wp_block":  # inserted only if published (WordPress shows no other)
        reason = block_withheld(entry)
        if reason is None:
            index.blocks[entry.id] = entry.content
            index.blocks_withheld.pop(entry.id, None)
        else:
            index.blocks_withheld[entry.id] = reason
            index.blocks.pop(entry.id, None)
    entry.excerpt = entry.content = ""
