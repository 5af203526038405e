"""One post's file: front matter, the author's text in MyST Markdown, and the
comments from the original blog; plus the archival notes saying what was
changed."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

from ..core.addresses import ORIGINAL_URL, url_path_problem
from ..core.frontmatter import front_matter_lines
from ..core.model import Post
from . import code, downloads, gutenberg, shortcodes
from .escape import directive_body, directive_option, fence
from .htmlprep import (
    EMAIL,
    EMBED,
    IPV4,
    REDACTED_EMAIL,
    REDACTED_IP,
    Context,
    featured_figure,
    image_key,
    prepare,
)
from .markdown import to_markdown
from .media import image_addresses
from .records import Attachment, Comment, Entry, Index
from .wpautop import wpautop

_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u2028\u2029]")
_C1 = re.compile(r"[\x80-\x9f]")
_MORE = re.compile(r"<!--\s*(?:more\b.*?|noteaser\s*)-->", re.S)
_NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->")
KIND = {
    "wxr": "a WordPress export",
    "rss": "an RSS feed",
    "rss1": "an RSS 1.0 feed",
    "atom": "an Atom feed",
}


def clean(text: str, counter: list[int] | None = None) -> str:
    """*text* without control characters (C1 characters are read as the
    Windows-1252 characters they stand for, the usual cause), with Unix line
    ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _C0.search(text) or _C1.search(text):

        def c1(m: re.Match) -> str:
            try:
                return bytes([ord(m.group(0))]).decode("cp1252")
            except UnicodeDecodeError:
                return ""

        before = len(_C0.findall(text)) + len(_C1.findall(text))
        text = _C1.sub(c1, _C0.sub(lambda m: " " if m.group(0) in "\u2028\u2029" else "", text))
        if counter is not None:
            counter[0] += before
    return text


def plain(text_html: str) -> str:
    """The text of a title, an excerpt or a name, as a browser shows its
    HTML: entities decoded exactly once (``V&C`` stays ``V&C``,
    ``&amp;lt;b&amp;gt;`` is ``&lt;b&gt;``), markup gone."""
    if "<" not in text_html:
        return " ".join(html.unescape(text_html).split())
    body = BeautifulSoup(f"<div>{text_html}</div>", "html5lib").body
    text = body.get_text(" " if "<br" in text_html.lower() else "") if body is not None else ""
    return " ".join(text.split())


def _day(value: str) -> str | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m or m.group(1) == "0000":
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _utc(value: str) -> str | None:
    m = re.match(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})", value.strip())
    if not m or not _day(m.group(1)):
        return None
    return f"{m.group(1)}T{m.group(2)}Z"


def _counted(items: dict[str, int] | list[str]) -> str:
    if isinstance(items, list):
        counts: dict[str, int] = {}
        for item in items:
            counts[item] = counts.get(item, 0) + 1
        items = counts
    return ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in sorted(items.items()))


@dataclass
class Result:
    """A converted post: its file's text and what the report needs."""

    text: str
    copies: dict[str, Path] = field(default_factory=dict)
    unknown_shortcodes: dict[str, int] = field(default_factory=dict)
    embeds: list[tuple[str, str]] = field(default_factory=list)
    images_not_archived: int = 0
    images_archived: int = 0
    files_archived: list[str] = field(default_factory=list)  # upload paths
    files_not_archived: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    comments: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class Options:
    uploads: Path | None = None
    links: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    fetched: bool = False  # --fetch-media: the uploads are the files fetched from the blog
    media_notes: dict[str, str] = field(default_factory=dict)  # file → note (Wayback copies)
    download_hosts: set[str] | None = None  # whose uploads links to files are kept from
    max_download: int = downloads.MAX_BYTES


def is_markdown(entry: Entry) -> bool:
    """Whether the export says the post was written in WordPress.com's or
    Jetpack's Markdown (its text is the Markdown source)."""
    meta = entry.meta
    return (
        meta.get("_wpcom_is_markdown", "").strip() in ("1", "true")
        or "jetpack-markdown" in meta
        or meta.get("_jetpack_markdown", "").strip() == "1"
    )


def markdown_html(text: str) -> str:
    """A Markdown post's HTML, as Jetpack's Markdown (Markdown Extra) made
    it: HTML inside kept, tables, no line break at a single newline."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.render(text)


def _pages(
    entry: Entry, index: Index, found: shortcodes.Found, dynamic: list[str], controls: list[int]
) -> list[str]:
    content = clean(entry.content, controls)
    blocks = gutenberg.is_blocks(content)
    markdown = not blocks and is_markdown(entry)
    if blocks:
        content = gutenberg.convert(content, found, index.blocks, dynamic)
    content, codes = code.protect(content, found, elements=not markdown)
    if markdown:  # (its code spans and blocks are Markdown's, then HTML)
        content, codes = code.protect(markdown_html(content), shortcodes=False, codes=codes)
    content = _MORE.sub("", content)
    autop = not blocks and not markdown and not entry.source.kind.startswith(("rss", "atom"))
    pages = []
    for page in _NEXTPAGE.split(content):
        if not blocks:
            page = shortcodes.auto_embeds(page, found)
        page = shortcodes.expand(
            page, found, post_id=entry.id, attachments=index.attachments, children=index.children
        )
        if autop:
            page = wpautop(page)
        page = code.restore(page, codes)
        if page.strip():
            pages.append(page)
    return pages


def featured_image(entry: Entry, index: Index) -> Attachment | None:
    """The post's featured image (``_thumbnail_id``: an attachment of the
    export with an address), or None."""
    attachment = index.attachments.get(entry.meta.get("_thumbnail_id", "").strip())
    return attachment if attachment is not None and attachment.url.strip() else None


def _featured(entry: Entry, index: Index, html_text: str, ctx: Context) -> str:
    """The Markdown of the post's featured image, for the top of the post; ""
    when it has none, or its text already shows the same image."""
    attachment = featured_image(entry, index)
    if attachment is None:
        return ""
    base = entry.link or entry.source.site_url
    shown = {image_key(url) for url in image_addresses(html_text, base)}
    if image_key(attachment.url.strip()) in shown:
        return ""
    body = featured_figure(attachment.url, plain(clean(attachment.alt)), ctx)
    return to_markdown(body) if body is not None else ""


def _has_words(body) -> bool:
    """Whether the prepared text holds any text of the author's (embed
    markers are ours)."""
    for text in body.find_all(string=True):
        if text.strip() and text.find_parent(EMBED) is None:
            return True
    return False


def _conversion_notes(
    found: shortcodes.Found,
    ctx: Context,
    embeds: list,
    dynamic: list[str],
    pages: int,
    fetched: bool = False,
) -> list[str]:
    """The archival notes on what the conversion did to the post."""
    notes: list[str] = []
    if found.converted:
        notes.append(
            "Shortcodes converted: "
            + _counted({f"[{k}]": v for k, v in found.converted.items()})
            + "."
        )
    if found.unknown:
        notes.append(
            "Shortcodes kept as text (the archive cannot run them): "
            + _counted({f"[{k}]": v for k, v in found.unknown.items()})
            + "."
        )
    if embeds:
        notes.append(
            "Embedded content turned into links (the archive does not keep it): "
            + _counted([name for name, _url in embeds])
            + "."
        )
    if ctx.images_not_archived:
        n = ctx.images_not_archived
        notes.append(
            f"{n} image{'s' if n > 1 else ''} not archived: shown as "
            f"{'links' if n > 1 else 'a link'} to the original blog's copy."
        )
    if ctx.images_archived:
        n = ctx.images_archived
        how = "fetched from the blog" if fetched else "copied from the blog's uploads"
        notes.append(f"{n} image{'s' if n > 1 else ''} {how}.")
    if ctx.removed:
        notes.append(
            "Left out (a page of the archive cannot hold them): " + _counted(ctx.removed) + "."
        )
    if found.galleries_lost:
        n = found.galleries_lost
        notes.append(
            f"{'A gallery' if n == 1 else f'{n} galleries'} of the original post not "
            "archived: the export holds none of "
            f"{'its' if n == 1 else 'their'} images."
        )
    if dynamic:
        notes.append(
            "Blocks that WordPress generated when the page was shown, not kept in the "
            "export: " + _counted(dynamic) + "."
        )
    if pages > 1:
        notes.append(
            f"The original post was split into {pages} pages; here they follow "
            "each other, separated by rules."
        )
    return notes


def _file_notes(ctx: Context) -> list[str]:
    """The notes on the files other than images the post links to on the blog."""
    notes = []
    if ctx.files_archived:
        names = sorted(set(ctx.files_archived))
        notes.append(
            f"Files the post links to on the blog's uploads, kept by the archive (the links "
            f"download its copy, their words unchanged): {', '.join(names)}."
        )
    if ctx.files_not_archived:
        notes.append(
            "Files the post links to on the blog's uploads, not archived (the links go to "
            "the original blog): "
            + "; ".join(f"{url} ({why})" for url, why in sorted(set(ctx.files_not_archived)))
            + "."
        )
    return notes


def _context(entry: Entry, options: Options) -> Context:
    return Context(
        permalink=entry.link,
        site_url=entry.source.site_url,
        uploads=options.uploads,
        links=options.links,
        ids=options.ids,
        download_hosts=options.download_hosts,
        max_download=options.max_download,
    )


def convert_body(
    entry: Entry,
    index: Index,
    options: Options,
    result: Result,
    notes: list[str],
    controls: list[int],
) -> tuple[str, bool]:
    """The post's Markdown, and whether it has any text of the author's."""
    found = shortcodes.Found()
    dynamic: list[str] = []
    pages = _pages(entry, index, found, dynamic, controls)
    html_text = "<hr>".join(pages)
    ctx = _context(entry, options)
    body = prepare(html_text, ctx)
    markdown = to_markdown(body)
    has_words = _has_words(body) if markdown else False
    featured = _featured(entry, index, html_text, ctx)
    if featured:
        markdown = featured + ("\n" + markdown if markdown else "")
        notes.append(
            "The featured image, which the blog's theme showed at the top of the post, "
            "is shown there, captioned as the archive's."
        )
    embeds = found.embeds + ctx.embeds
    result.copies.update(ctx.copies)
    result.unknown_shortcodes = found.unknown
    result.embeds = embeds
    result.images_not_archived = ctx.images_not_archived
    result.images_archived = ctx.images_archived
    result.files_archived, result.files_not_archived = ctx.files_archived, ctx.files_not_archived
    notes += _conversion_notes(found, ctx, embeds, dynamic, len(pages), options.fetched)
    notes += _file_notes(ctx)
    files = sorted({str(path) for path in ctx.copies.values()})
    notes += [options.media_notes[f] for f in files if f in options.media_notes]
    return markdown, has_words


def _comment_block(
    comments: list[Comment], entry: Entry, options: Options, controls: list[int]
) -> tuple[str, int]:
    shown = [c for c in comments if c.approved == "1"]
    shown.sort(key=lambda c: (c.date, int(c.id) if c.id.isdigit() else 0))
    names = {c.id: _name(c.author) for c in shown}
    parts = []
    for comment in shown:
        ctx = Context(permalink=entry.link, site_url=entry.source.site_url, for_comment=True)
        protected, codes = code.protect(clean(comment.content, controls), shortcodes=False)
        body = prepare(code.restore(wpautop(protected), codes), ctx)
        text = to_markdown(body)
        if not text.strip():
            continue
        options_lines = [f":author: {directive_option(names[comment.id])}"]
        when = re.match(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})", comment.date)
        if when and _day(when.group(1)):
            options_lines.append(f":date: {directive_option(when.group(1) + ' ' + when.group(2))}")
        if comment.parent in names:
            options_lines.append(f":reply-to: {directive_option(names[comment.parent])}")
        if comment.type in ("pingback", "trackback"):
            options_lines.append(f":kind: {directive_option(comment.type)}")
        parts.append(("\n".join(options_lines), text))
    if not parts:
        return "", 0
    inner = fence("\n".join(t for _o, t in parts))
    outer = inner + "`"
    blocks = [
        f"{inner}{{archive-comment}}\n{opts}\n\n{directive_body(text.rstrip())}\n{inner}"
        for opts, text in parts
    ]
    return f"{outer}{{archive-comments}}\n" + "\n\n".join(blocks) + f"\n{outer}\n", len(parts)


def _name(author: str) -> str:
    name = plain(clean(author))
    name = IPV4.sub(REDACTED_IP, EMAIL.sub(REDACTED_EMAIL, name))
    return name or "Anonymous"


def render(
    entry: Entry, index: Index, topics: list[str], options: Options, slug_note: str = ""
) -> Result:
    """The file of *entry* (see the module's description)."""
    controls = [0]
    source = entry.source
    result = Result(text="")
    notes = [
        f"Imported from {source.name} ({KIND.get(source.kind, 'a feed')}"
        + (f" of “{plain(source.site_title)}”" if source.site_title else "")
        + f"), original ID {entry.id}."
    ]
    if entry.type == "page":
        notes.append("A page of the original blog, not a dated post.")
    if entry.excerpt_only:
        notes.append(
            "The feed held only an excerpt of this post: the archive has no more of its text."
        )
    title = plain(clean(entry.title))
    if not title:
        title = f"Untitled (post {entry.id})"
        notes.append(f"The post had no title on the original blog; the archive calls it “{title}”.")
    markdown, has_words = convert_body(entry, index, options, result, notes, controls)
    empty = not has_words
    if empty:
        what = "no text of its own (only images or embedded content)" if markdown else "no text"
        notes.append(f"The original post had {what}.")
        markdown = (
            markdown + "\n" if markdown else ""
        ) + f"```{{archive-note}}\nThe original post had {what}.\n```\n"
    comments_text, result.comments = _comment_block(entry.comments, entry, options, controls)
    if result.comments:
        notes.append(
            f"{result.comments} comment{'s' if result.comments > 1 else ''} from the "
            "original blog, as approved there, follow the post (spam, pending and "
            "deleted comments are not kept; nor are e-mail and IP addresses)."
        )
    notes += [note for note in (slug_note, url_note(entry)) if note]
    if controls[0]:
        notes.append(
            f"{controls[0]} control character{'s' if controls[0] > 1 else ''} (invisible) dropped."
        )
    day = _day(entry.date) or _day(entry.date_gmt)
    lines = _front_matter(entry, index, title, day, topics, empty, notes)
    result.text = (
        "\n".join(lines) + "\n\n" + markdown + ("\n" + comments_text if comments_text else "")
    )
    return result


def original_url(entry: Entry) -> str:
    """The post's permalink as its ``url``, or "" when the build would refuse
    it (:func:`postarchive.addresses.url_path_problem`: a control character,
    a line break or an odd space in its path would break the redirect maps)."""
    url = entry.link.strip().replace(" ", "%20")
    return url if ORIGINAL_URL.fullmatch(url) and not url_path_problem(url) else ""


def url_note(entry: Entry) -> str:
    """The note of a post whose permalink could not be kept as its address."""
    url = entry.link.strip().replace(" ", "%20")
    problem = url_path_problem(url) if ORIGINAL_URL.fullmatch(url) else None
    return (
        (
            f"The original address in the export cannot be kept ({problem}): the archive "
            f"gives it as unknown; as exported: {url!r}."
        )
        if problem
        else ""
    )


def _front_matter(
    entry: Entry,
    index: Index,
    title: str,
    day: str | None,
    topics: list[str],
    empty: bool,
    notes: list[str],
) -> list[str]:
    """The lines of the post's front matter, ``---`` to ``---``: the post's
    record, written by the core's one writer (:mod:`postarchive.core.frontmatter`)."""
    post = Post(
        docname="",
        title=title,
        author=_author(entry, index),
        summary="",
        date=day,
        date_utc=_utc(entry.date_gmt) if day else None,
        date_note="" if day else "The original gives no publication date.",
        url=original_url(entry) or None,
        topics=tuple(_slug(t) for t in topics),
        excerpt=plain(clean(entry.excerpt)),
        original_id=entry.id,
        import_file=entry.source.name,
        import_sha256=entry.source.sha256,
        empty=empty,
        notes=tuple(clean(note) for note in notes),
    )
    return front_matter_lines(post)


def _slug(topic: str) -> str:
    """A topic's slug: the text itself (one the caller already wrote as a
    quoted YAML string is read back first)."""
    if len(topic) > 1 and topic.startswith('"') and topic.endswith('"'):
        try:
            value = json.loads(topic)
        except ValueError:
            return topic
        return value if isinstance(value, str) else topic
    return topic


def _author(entry: Entry, index: Index) -> str:
    login = entry.author.strip()
    name = plain(clean(index.authors.get(login, login)))
    if "@" in name:
        name = EMAIL.sub("", name).strip()
    return name or "Unknown author"
