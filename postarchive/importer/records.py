"""The records an import works on: the files read, the entries (posts,
pages, attachments… of an export, items of a feed), their comments, and the
index of the first pass (what the conversion of one entry needs to know about
the others)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceFile:
    path: str
    name: str  # the file name, as recorded in sources/imports/
    sha256: str
    size: int
    kind: str = ""  # "wxr", "rss", "atom"
    site_title: str = ""
    site_url: str = ""  # the blog's address (for relative links)
    # every address the channel gives the blog (link, wp:base_site_url, wp:base_blog_url)
    site_urls: list[str] = field(default_factory=list)
    feed_url: str = ""  # a feed's own address (rel="self"): the blog's host when no other says
    site_author: str = ""  # a feed's own author: the author of entries that name none


@dataclass
class Comment:
    id: str
    author: str
    date: str  # as readers saw it: "YYYY-MM-DD HH:MM:SS"
    content: str  # HTML (untrusted)
    approved: str  # "1", "0", "spam", "trash", …
    type: str = ""  # "" / "comment", "pingback", "trackback"
    parent: str = "0"


@dataclass
class Entry:
    """One item of a source file."""

    source: SourceFile
    line: int  # where the item ends in its file (for messages)
    id: str = ""
    type: str = "post"  # post, page, attachment, revision, nav_menu_item, …
    status: str = "publish"
    title: str = ""  # as in the export: may hold entities and markup
    link: str = ""  # the permalink
    guid: str = ""
    post_name: str = ""  # the slug, percent-encoded
    date: str = ""  # local, "YYYY-MM-DD HH:MM:SS" (what readers saw)
    date_gmt: str = ""  # UTC, same form, or ""
    author: str = ""  # display name
    content: str = ""  # HTML
    excerpt: str = ""  # HTML, the author's own excerpt
    excerpt_only: bool = False  # a feed gave only a summary
    password: str = ""
    parent: str = "0"
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (taxonomy, slug, name)
    comments: list[Comment] = field(default_factory=list)
    attachment_url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    # a feed's addresses for the entry, (kind, address), kinds: origlink, alternate, link,
    # related, via, guid (a permalink), id, comments; the permalink on the blog is chosen
    # from them (feeds.resolve)
    addresses: list[tuple[str, str]] = field(default_factory=list)
    link_to: str = ""  # a link post: the other site's address it points to


@dataclass
class Attachment:
    id: str
    url: str
    parent: str
    title: str = ""
    caption: str = ""  # the attachment's excerpt
    alt: str = ""  # _wp_attachment_image_alt


@dataclass
class Term:
    taxonomy: str  # category, post_tag
    slug: str
    name: str
    description: str = ""


@dataclass
class Index:
    """What the first pass learns about all the files."""

    sources: list[SourceFile] = field(default_factory=list)
    authors: dict[str, str] = field(default_factory=dict)  # login → display name
    terms: dict[tuple[str, str], Term] = field(default_factory=dict)  # (taxonomy, slug)
    attachments: dict[str, Attachment] = field(default_factory=dict)  # id → attachment
    children: dict[str, list[str]] = field(default_factory=dict)  # post id → attachment ids
    blocks: dict[str, str] = field(default_factory=dict)  # reusable block id → content
    # reusable blocks never inserted (private, draft, password…): id → why
    blocks_withheld: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)  # without content or comments
    problems: list[str] = field(default_factory=list)  # reported, not fatal
    # file → the prefixes it used without declaring them (read as the usual namespaces)
    undeclared: dict[str, list[str]] = field(default_factory=dict)
