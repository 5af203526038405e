"""The HTML a reader saw, made ready for Markdown (on a BeautifulSoup tree
from html5lib, which parses as a browser does).

* images: with ``--uploads`` a file of wp-content/uploads is copied into the
  archive (size variants ``-300x200``, ``-scaled`` and ``?w=`` mapped to the
  original); otherwise the image stays a remote address (the build shows it as
  a link, "Image not archived"); smilies become their text, tracking pixels go;
* ``<iframe>``, ``<embed>``, ``<object>``, ``<video>``, ``<audio>`` and embed
  markers become :data:`EMBED` elements (a link with an editorial note);
  scripts, styles and forms go, and are reported;
* links: relative addresses resolved against the post's permalink, links to
  other imported posts pointed at their archive page, refused schemes dropped
  (the text stays); in a post, a link to a file of the blog's uploads that is
  no image (a PDF, a ZIP…: :mod:`.downloads`) points at the archive's copy
  when the uploads hold it and its bytes pass (:func:`_archived_file`);
* headings: levels made consecutive from ``##`` on; headings inside lists,
  quotes or tables become bold text; a link around a heading (or other
  blocks) goes inside it; ``<hr>`` only between blocks of the top level (in
  a comment: none);
* comments (``for_comment``): no headings; e-mail and IP addresses removed
  from the text and from every attribute, links to ``mailto:`` or to an IP
  host become their text, other addresses lose ``user:pw@`` and the query
  parameters holding an address (see :mod:`.privacy`); in posts, addresses in
  the attributes readers are not shown (``title``, ``cite``, ``datetime``…)
  are removed too;
* an SVG from the uploads is copied only if it can be made safe (:mod:`.svg`);
* a featured image (:func:`featured_figure`) is placed like any other image,
  in a figure marked as ours (:data:`FEATURED`, which no text of the author's
  keeps);
* nesting deeper than :data:`MAX_DEPTH` is flattened, or refused
  (:class:`NestingTooDeep`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from . import downloads
from .privacy import EMAIL, IPV4, REDACTED_EMAIL, REDACTED_IP, holds_address, redact_text, scrub_url  # noqa: F401
from .shortcodes import provider
from .svg import SvgRefused, sanitize_file

PARSER = "html5lib"  # parses as browsers do (lxml is twice as fast, but not: README)
EMBED = "archive-embed"
FEATURED = "data-archive-featured"  # our figure of a post's featured image
FEATURED_CAPTION = "Featured image of the post on the original blog"
BLOCKS = {
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "blockquote",
    "pre",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "dl",
    "dd",
    "dt",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "address",
    "details",
    "summary",
    "figcaption",
    "center",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "hgroup",
    "fieldset",
    "form",
    "body",
    EMBED,
}
CONTAINERS = {
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "address",
    "center",
    "hgroup",
    "fieldset",
    "form",
    "body",
    "span",
    "font",
}
DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "link",
    "meta",
    "input",
    "select",
    "option",
    "textarea",
    "canvas",
    "map",
    "area",
    "base",
    "param",
    "track",
    "source",
    "head",
    "title",
}
SCHEMES = ("http", "https", "mailto")
PDF_IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".pdf"}
WEB_IMAGE_TYPES = PDF_IMAGE_TYPES | {".gif", ".svg", ".webp"}
_SIZE = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
_UPLOADS = re.compile(r"/(?:wp-content/uploads|files|wp-content/blogs\.dir/\d+/files)/(.+)$")


@dataclass
class Context:
    """What converting one text needs, and what it found (for notes and the report)."""

    permalink: str = ""
    site_url: str = ""
    uploads: Path | None = None
    links: dict[str, str] = field(default_factory=dict)  # normalised address → slug
    ids: dict[str, str] = field(default_factory=dict)  # original post ID → slug
    for_comment: bool = False
    # the hosts whose uploads a post's links to files are looked for (None: any)
    download_hosts: set[str] | None = None
    max_download: int = downloads.MAX_BYTES
    # found
    copies: dict[str, Path] = field(default_factory=dict)  # docs-relative target → file
    images_not_archived: int = 0
    images_archived: int = 0
    embeds: list[tuple[str, str]] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)  # what was dropped → count
    redacted: int = 0
    files_archived: list[str] = field(default_factory=list)  # upload paths
    files_not_archived: list[tuple[str, str]] = field(default_factory=list)  # (address, why)

    def note_removed(self, what: str) -> None:
        self.removed[what] = self.removed.get(what, 0) + 1


def normalise_url(url: str) -> str:
    """An address as a key: no scheme, no www., no trailing slash, no fragment."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:  # a malformed IPv6 host: the address as it is
        return url.strip()
    path = unquote(parts.path).rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def parse(html: str) -> Tag:
    return BeautifulSoup(html, PARSER).body or BeautifulSoup("", PARSER)


# -- images -------------------------------------------------------------------------
def upload_path(url: str) -> str | None:
    """The path of *url* inside wp-content/uploads (or a wordpress.com
    /files/), or None."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    match = _UPLOADS.search(path)
    if match:
        rel = PurePosixPath(match.group(1))
    elif (parts.hostname or "").endswith(".files.wordpress.com"):  # wordpress.com's uploads
        rel = PurePosixPath(path.lstrip("/"))
    else:
        return None
    if rel.is_absolute() or any(part in ("..", ".", "") for part in rel.parts):
        return None  # (uploads//etc/x.png would name /etc/x.png)
    return rel.as_posix()


def safe_upload_name(rel: str) -> str:
    """*rel* with only letters, digits, ``.``, ``_`` and ``-`` in each part: an
    image path must survive Markdown, a directive's argument and LaTeX.
    Deterministic; a changed name gets a short digest of the original."""
    parts = []
    for part in rel.split("/"):
        stem, dot, suffix = part.rpartition(".")
        if not dot:
            stem, suffix = part, ""
        clean = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "file"
        if clean != stem:
            clean += "-" + hashlib.sha1(part.encode("utf-8")).hexdigest()[:6]
        parts.append(clean + (("." + re.sub(r"[^A-Za-z0-9]", "", suffix).lower()) if dot else ""))
    return "/".join(parts)


def find_upload(uploads: Path, rel: str) -> tuple[str, Path] | None:
    """The file for upload path *rel*: the original of a size variant first."""
    original = _SIZE.sub("", rel)
    for candidate in dict.fromkeys((original, rel)):
        path = uploads / candidate
        try:
            if path.is_file() and path.resolve().is_relative_to(uploads.resolve()):
                return candidate, path
        except OSError:
            continue
    return None


def _image(img: Tag, ctx: Context) -> None:
    classes = " ".join(img.get("class") or [])
    src = (img.get("src") or img.get("data-src") or "").strip()
    alt = (img.get("alt") or "").strip()
    if "wp-smiley" in classes or "emoji" in classes or "/images/core/emoji/" in src:
        img.replace_with(NavigableString(alt))
        return
    if (img.get("width") in ("1", "0") and img.get("height") in ("1", "0")) or any(
        s in src
        for s in (
            "stats.wordpress.com",
            "feeds.wordpress.com/",
            "pixel.wp.com",
            "feedburner.com/~r/",
            "/b.gif?",
        )
    ):
        img.decompose()
        ctx.note_removed("tracking images")
        return
    if not src or src.startswith("data:"):
        img.replace_with(_embed_tag("an image embedded in the page", ""))
        ctx.images_not_archived += 1
        return
    try:
        url = urljoin(ctx.permalink or ctx.site_url, src)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # e.g. a malformed IPv6 host
        url, scheme = src, "malformed"
    if scheme not in ("http", "https"):
        img.decompose()
        ctx.note_removed(f"images at {scheme}: addresses")
        return
    if ctx.for_comment and holds_address(url):  # an address in the image's address
        img.replace_with(NavigableString(alt))
        ctx.redacted += 1
        return
    img.attrs = {"src": url, "alt": alt}
    rel = upload_path(url) if ctx.uploads else None
    found = find_upload(ctx.uploads, rel) if rel else None
    if found and not _publishable(found[1], ctx):
        found = None
    if found and Path(found[0]).suffix.lower() in WEB_IMAGE_TYPES:
        target = "_uploads/" + safe_upload_name(found[0])
        ctx.copies[target] = found[1]
        img["src"] = "/" + target
        img["data-local"] = "1"
        ctx.images_archived += 1
    else:
        ctx.images_not_archived += 1


def image_key(url: str) -> str:
    """What tells two addresses of one image apart: its original's upload
    path (size variants, hosts and the CDN are one image), else the address."""
    rel = upload_path(url)
    return "upload:" + _SIZE.sub("", rel) if rel else normalise_url(url)


def featured_figure(url: str, alt: str, ctx: Context) -> Tag | None:
    """A body holding the figure of a post's featured image (the blog's theme
    showed it at the top of the post): placed as every image is (archived
    when the file is there, else a link, "Image not archived"), with our
    caption; None when the address cannot be an image."""
    body = parse("")
    figure = _FACTORY.new_tag("figure", attrs={FEATURED: "1"})
    img = _FACTORY.new_tag("img", attrs={"src": url.strip(), "alt": alt})
    figure.append(img)
    body.append(figure)
    _image(img, ctx)
    if figure.find("img") is None:
        return None
    caption = _FACTORY.new_tag("figcaption")
    caption.string = FEATURED_CAPTION
    figure.append(caption)
    return body


def _publishable(path: Path, ctx: Context) -> bool:
    """Whether the upload at *path* may be copied into the site (an SVG only
    if it can be made safe: see :mod:`.svg`)."""
    if path.suffix.lower() != ".svg":
        return True
    try:
        sanitize_file(path)
    except (SvgRefused, OSError):
        ctx.note_removed("SVG images that could not be made safe (kept as links)")
        return False
    return True


_FACTORY = BeautifulSoup("", "html.parser")  # makes elements for any tree


def _embed_tag(provider_name: str, url: str) -> Tag:
    tag = _FACTORY.new_tag(EMBED)
    tag["data-provider"] = provider_name
    tag["data-url"] = url
    return tag


def _soup_of(tag: Tag) -> BeautifulSoup:
    while tag.parent is not None:
        tag = tag.parent
    return tag  # type: ignore[return-value]


MEDIA = ["iframe", "embed", "object", "video", "audio", "frame"]


def _media_url(el: Tag) -> str:
    """The address an embedded element shows: its own, else (a classic
    ``<object>``, a ``<video>``) that of the ``<param>``, ``<embed>`` or
    ``<source>`` inside it."""
    url = el.get("src") or el.get("data") or el.get("data-src") or ""
    if not url and el.name == "object":
        param = el.find("param", attrs={"name": re.compile(r"^(movie|src|url)$", re.I)})
        inner = el.find(["embed", "iframe"])
        url = (param.get("value") if param else "") or (
            (inner.get("src") or inner.get("data") or "") if inner else ""
        )
    if not url and el.name in ("video", "audio"):
        source = el.find("source")
        url = source.get("src", "") if source else ""
    return url or ""


def _media(el: Tag, ctx: Context) -> None:
    """Embedded media → an embed element (a link with a note)."""
    url = _media_url(el)
    try:
        url = urljoin(ctx.permalink or ctx.site_url, url.strip()) if url else ""
    except ValueError:  # e.g. a malformed IPv6 host
        url = ""
    if url.startswith("//"):
        url = "https:" + url
    if not url.startswith(("http://", "https://")):
        url = ""
    if url and ctx.for_comment and holds_address(url):
        url = ""
        ctx.redacted += 1
    name = provider(url) if url else None
    if name is None:
        name = {"video": "video", "audio": "audio"}.get(el.name, "embedded content")
    ctx.embeds.append((name, url))
    el.replace_with(_embed_tag(name, url))


# -- links ------------------------------------------------------------------------------
def _blog_file(url: str, ctx: Context) -> str | None:
    """The upload path of the file other than an image that *url* names on
    the blog's uploads, or None."""
    rel = upload_path(url)
    if rel is None or downloads.suffix(rel) in WEB_IMAGE_TYPES - {".pdf"}:
        return None  # (a link to an image stays a link, as ever)
    host = (urlsplit(url).hostname or "").lower()
    if ctx.download_hosts is not None and not (
        host in ctx.download_hosts or host.endswith(".files.wordpress.com")
    ):
        return None
    return rel


def _upload_file(rel: str, ctx: Context) -> tuple[Path | None, str | None]:
    """``(the file, None)`` of upload path *rel* if it may be kept, else
    ``(None, why not)``."""
    if not downloads.kept(rel):
        return None, downloads.problem(rel, b"")
    if ctx.uploads is None:
        return None, "no copy of the uploads (--uploads or --fetch-media)"
    path = ctx.uploads / rel
    try:
        if not path.is_file() or not path.resolve().is_relative_to(ctx.uploads.resolve()):
            return None, "not in the uploads (copied or fetched)"
        size = path.stat().st_size
        if size > ctx.max_download:
            return None, f"larger than {ctx.max_download // downloads.MB} MB ({size} bytes)"
        why = downloads.problem(rel, path.read_bytes())
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    return (None, why) if why else (path, None)


def _archived_file(url: str, ctx: Context) -> str | None:
    """The archive's copy (``/_uploads/…``) of the file other than an image
    that *url* names on the blog's uploads, or None (the link stays a link
    to the blog; what was not kept, and why, is in the context)."""
    rel = _blog_file(url, ctx)
    if rel is None:
        return None
    path, why = _upload_file(rel, ctx)
    if path is None:
        ctx.files_not_archived.append((url, why or "not kept"))
        return None
    target = "_uploads/" + safe_upload_name(rel)
    ctx.copies[target] = path
    ctx.files_archived.append(rel)
    return "/" + target


def _link(a: Tag, ctx: Context) -> None:
    href = (a.get("href") or "").strip()
    if not href:
        a.unwrap()
        return
    if href.startswith("#"):
        if not ctx.permalink:
            a.unwrap()
            return
        href = ctx.permalink.split("#")[0] + href
    try:
        url = (
            urljoin(ctx.permalink or ctx.site_url, href) if ctx.permalink or ctx.site_url else href
        )
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        a.unwrap()
        ctx.note_removed("links to malformed addresses (the text stays)")
        return
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or (scheme != "mailto" and not parts.netloc):
        a.unwrap()
        ctx.note_removed(f"links to {scheme or 'relative'}: addresses (the text stays)")
        return
    if ctx.for_comment:
        if holds_address(url):
            ctx.redacted += 1
            clean = scrub_url(url)  # None: mailto:, an IP host, an address in the path
            if clean is None:
                a.unwrap()
                return
            url, parts = clean, urlsplit(clean)
    if scheme in ("http", "https"):
        key = normalise_url(url)
        slug = ctx.links.get(key)
        query = dict(q.split("=", 1) for q in parts.query.split("&") if "=" in q)
        if slug is None and query.get("p") in ctx.ids and parts.path in ("", "/", "/index.php"):
            slug = ctx.ids[query["p"]]
        if slug is not None:
            a.attrs = {"href": url, "data-post": slug}
            return
        local = None if ctx.for_comment else _archived_file(url, ctx)
        if local is not None:
            a.attrs = {"href": local}
            return
        url = urlunsplit(
            (parts.scheme, parts.netloc, parts.path or "/", parts.query, parts.fragment)
        )
    a.attrs = {"href": url}


# -- structure ---------------------------------------------------------------------------
def _top_level(el: Tag) -> bool:
    parent = el.parent
    while parent is not None and parent.name != "body" and parent.name != "[document]":
        if parent.name not in CONTAINERS:
            return False
        parent = parent.parent
    return True


def _linked_blocks(body: Tag) -> None:
    """A link around blocks (``<a href=…><h2>Title</h2></a>``, which HTML
    allows) becomes a link inside each of them, so that a heading stays a
    heading (with a link) and a paragraph a paragraph."""
    soup = _soup_of(body)
    for a in body.find_all("a"):
        if a.parent is None or a.find(list(BLOCKS - {"body"})) is None:
            continue
        for child in list(a.contents):
            if isinstance(child, Tag) and child.name in BLOCKS:
                if child.get_text(strip=True) and child.name not in (
                    "ul",
                    "ol",
                    "table",
                    "dl",
                    "blockquote",
                ):
                    inner = soup.new_tag("a", attrs=dict(a.attrs))
                    for node in list(child.contents):
                        inner.append(node.extract())
                    child.append(inner)
            elif not isinstance(child, NavigableString) or child.strip():
                wrapper = soup.new_tag("a", attrs=dict(a.attrs))
                child.wrap(wrapper)
        a.unwrap()


def _headings(body: Tag, ctx: Context) -> None:
    headings = body.find_all(re.compile(r"^h[1-6]$"))
    keep = [h for h in headings if not ctx.for_comment and _top_level(h) and h.get_text(strip=True)]
    for h in headings:
        if h in keep:
            continue
        if not h.get_text(strip=True) and not h.find("img"):
            h.decompose()
            continue
        h.name = "p" if _top_level(h) else "span"
        strong = _soup_of(body).new_tag("strong")
        for child in list(h.contents):
            strong.append(child.extract())
        h.append(strong)
    if not keep:
        return
    base = min(int(h.name[1]) for h in keep)
    previous = 1
    for h in keep:
        level = max(2, min(int(h.name[1]) - base + 2, previous + 1, 6))
        h.name = f"h{level}"
        previous = level


def _rules(body: Tag, ctx: Context) -> None:
    """Keep a ``<hr>`` only between two blocks of the text's top level (a
    rule may not begin or end a section, or follow another). Anywhere else —
    in a list, a quote, a table, and anywhere in a comment, whose text is
    the body of a directive — a rule would be a transition that docutils
    refuses: it only parts the blocks around it (it has no words)."""
    for hr in body.find_all("hr"):
        if ctx.for_comment or not _top_level(hr):
            hr.decompose()
    blocks = list(_top_blocks(body))
    kept: list = []
    for i, node in enumerate(blocks):
        if isinstance(node, Tag) and node.name == "hr":
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if not kept or _rule_or_heading(kept[-1]) or after is None or _rule_or_heading(after):
                node.decompose()
                continue
        kept.append(node)


def _rule_or_heading(node) -> bool:
    return isinstance(node, Tag) and (node.name == "hr" or bool(re.fullmatch(r"h[1-6]", node.name)))


def _top_blocks(el: Tag):
    """The nodes of the top level that show something, in order: containers
    (``div``, ``section``…) are looked into; blank text and elements that
    show nothing (no text, image, embed or table) are left out, so that two
    rules with nothing visible between them are seen as neighbours."""
    for node in el.children:
        if isinstance(node, NavigableString):
            if type(node) is NavigableString and node.strip():
                yield node
        elif isinstance(node, Tag):
            if node.name in CONTAINERS:
                yield from _top_blocks(node)
            elif (
                node.name == "hr"
                or node.get_text().strip()
                or node.name in ("img", EMBED, "table", "figure")
                or node.find(["img", EMBED, "table"]) is not None
            ):
                yield node


def _trailing_breaks(body: Tag) -> None:
    """A ``<br>`` that ends a block shows nothing; in Markdown it would show a
    backslash or vanish unevenly: drop it."""
    for br in body.find_all("br"):
        node = br.next_sibling
        while node is not None and isinstance(node, NavigableString) and not node.strip():
            node = node.next_sibling
        if node is None and br.parent is not None and br.parent.name in BLOCKS:
            br.decompose()


def _hoist_embeds(body: Tag) -> None:
    """An embed inside a paragraph or inline markup is set after that block
    (several in their order)."""
    last: dict[int, Tag] = {}
    for embed in body.find_all(EMBED):
        block = embed.parent
        if (
            block is None
            or block.name in ("body", "li", "blockquote", "td", "th", "dd", "figure", "details")
            or block.name in CONTAINERS - {"span", "font"}
        ):
            continue
        while (
            block.parent is not None
            and block.parent.name not in ("body", "li", "blockquote", "td", "th", "dd", "details")
            and block.parent.name not in CONTAINERS - {"span", "font"}
        ):
            block = block.parent
        if block.name in ("td", "th"):
            continue
        anchor = last.get(id(block), block)
        anchor.insert_after(embed.extract())
        last[id(block)] = embed


def _figures(body: Tag) -> None:
    """Old rendered captions (``div.wp-caption``) become figures; a figure
    without one image is unwrapped (its caption a paragraph)."""
    for div in body.find_all("div", class_="wp-caption"):
        caption = div.find(class_="wp-caption-text")
        div.name = "figure"
        if caption is not None:
            caption.name = "figcaption"
    for figure in body.find_all("figure"):
        images = figure.find_all("img")
        if len(images) != 1 or figure.find(["table", "blockquote", "pre", "ul", "ol", EMBED]):
            for caption in figure.find_all("figcaption", recursive=False):
                caption.name = "p"
            figure.name = "div"


def _redact(body: Tag, ctx: Context) -> None:
    """A comment's text without e-mail and IP addresses."""
    for text in list(body.find_all(string=True)):
        if isinstance(text, Comment):
            continue
        new, n = redact_text(str(text))
        if n:
            ctx.redacted += n
            text.replace_with(NavigableString(new))


#: Attributes that hold an address (the rest hold text).
URL_ATTRIBUTES = {
    "href",
    "src",
    "cite",
    "data-url",
    "longdesc",
    "poster",
    "action",
    "formaction",
    "background",
    "data",
    "data-src",
    "xlink:href",
    "usemap",
    "ping",
    "itemid",
    "itemtype",
    "manifest",
    "profile",
    "codebase",
}
#: What a post's reader sees of its attributes: an author's addresses there
#: are the author's text (the archive's own markers hold nothing else).
SHOWN = {
    "href",
    "src",
    "alt",
    "data-url",
    "data-post",
    "data-local",
    "data-provider",
    "data-lang",
    "data-align",
}


def _redact_attributes(body: Tag, ctx: Context) -> None:
    """E-mail and IP addresses out of attribute values: every attribute of a
    comment; a post's attributes that readers are not shown (``title``,
    ``cite``, ``datetime``, ``data-…``)."""
    keep = set() if ctx.for_comment else SHOWN
    for el in body.find_all(True):
        for name, value in list(el.attrs.items()):
            if name in keep:
                continue
            if name in URL_ATTRIBUTES and isinstance(value, str):
                if holds_address(value):
                    ctx.redacted += 1
                    clean = scrub_url(value)
                    if clean is None:
                        del el.attrs[name]
                    else:
                        el.attrs[name] = clean
                continue
            values = value if isinstance(value, list) else [value]
            redacted = [redact_text(str(v)) for v in values]
            if any(n for _v, n in redacted):
                ctx.redacted += sum(n for _v, n in redacted)
                new = [v for v, _n in redacted]
                el.attrs[name] = new if isinstance(value, list) else new[0]


# -- nesting ---------------------------------------------------------------------------------
MAX_DEPTH = 100  # elements inside each other (the converter recurses for each level)
_SAME = {
    "div",
    "span",
    "section",
    "article",
    "font",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "center",
    "small",
    "big",
}
_BLOCK_CONTAINERS = CONTAINERS - {"span", "font", "body"}


class NestingTooDeep(Exception):
    """A text whose elements are nested too deeply to convert (the message
    says how deep)."""


def _depth(body: Tag) -> int:
    """How deeply the elements of *body* are nested (iteratively)."""
    depths = {id(body): 0}
    deepest = 0
    for el in body.descendants:
        if isinstance(el, Tag):
            depth = depths[id(el.parent)] + 1
            depths[id(el)] = depth
            deepest = max(deepest, depth)
    return deepest


def _only_child(el: Tag) -> bool:
    return all(
        node is el or (type(node) is NavigableString and not node.strip())
        for node in el.parent.contents
    )


def _unwrap_merging(el: Tag) -> None:
    """Unwrap *el*, joining the texts that become neighbours (so that a
    chain of unwrapped elements does not pile up blank strings)."""
    parent = el.parent
    el.unwrap()
    previous = None  # the text just before, if the node before is a text
    for node in list(parent.contents):
        if type(node) is NavigableString and previous is not None:
            joined = NavigableString(str(previous) + str(node))
            node.replace_with(joined)
            previous.extract()
            previous = joined
        else:
            previous = node if type(node) is NavigableString else None


def _limit_depth(body: Tag, ctx: Context) -> None:
    """Nesting deeper than :data:`MAX_DEPTH`: containers that are the only
    child of a like container are unwrapped (nothing changes for a reader);
    if that is not enough, every container below half the limit (the words
    stay); if still too deep, :class:`NestingTooDeep`."""
    if _depth(body) <= MAX_DEPTH:
        return
    for el in body.find_all(True):
        parent = el.parent
        if (
            parent is not None
            and parent is not body
            and _only_child(el)
            and (
                (el.name == parent.name and el.name in _SAME)
                or (el.name in _BLOCK_CONTAINERS and parent.name in _BLOCK_CONTAINERS)
            )
        ):
            _unwrap_merging(el)
    if _depth(body) > MAX_DEPTH:
        depths = {id(body): 0}
        for el in list(body.descendants):
            if isinstance(el, Tag):
                depths[id(el)] = depths[id(el.parent)] + 1
                if depths[id(el)] > MAX_DEPTH // 2 and el.name in CONTAINERS - {"body"}:
                    depths[id(el)] -= 1
                    el.unwrap()
    depth = _depth(body)
    if depth > MAX_DEPTH:
        raise NestingTooDeep(
            f"its HTML elements are nested {depth} levels deep; the archive "
            f"converts at most {MAX_DEPTH}"
        )
    ctx.note_removed(f"nesting deeper than {MAX_DEPTH} levels (flattened; the words stay)")


def prepare(html: str, ctx: Context) -> Tag:
    """The body of *html*, transformed (see the module's description)."""
    body = parse(html)
    for el in body.find_all(attrs={FEATURED: True}):  # (only our own figure is ours)
        del el[FEATURED]
    _limit_depth(body, ctx)
    for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for el in body.find_all(MEDIA):
        if el.parent is not None and el.find_parent(MEDIA) is None:
            _media(el, ctx)  # (not what is inside an embed already replaced)
    for el in body.find_all(list(DROP)):
        if el.parent is None:
            continue
        if el.name == "script":
            src = el.get("src") or ""
            if "gist.github.com" in src:
                ctx.embeds.append(("GitHub Gist", src.removesuffix(".js")))
                el.replace_with(_embed_tag("GitHub Gist", src.removesuffix(".js")))
                continue
            ctx.note_removed("scripts")
        elif el.name in ("style", "input", "select", "textarea"):
            ctx.note_removed({"style": "style sheets"}.get(el.name, "form fields"))
        el.decompose()
    for el in body.find_all(["svg", "math"]):
        el.unwrap()
    for el in body.find_all(
        [
            "button",
            "label",
            "legend",
            "font",
            "center",
            "big",
            "tt",
            "nobr",
            "blink",
            "marquee",
            "picture",
            "o:p",
        ]
    ):
        el.unwrap()
    for img in body.find_all("img"):
        _image(img, ctx)
    _linked_blocks(body)
    for a in body.find_all("a"):
        _link(a, ctx)
    if ctx.for_comment:
        _redact(body, ctx)
    _redact_attributes(body, ctx)
    _figures(body)
    _headings(body, ctx)
    _hoist_embeds(body)
    _rules(body, ctx)
    _trailing_breaks(body)
    return body
