"""Input validation: bad input gets one clear error, with file and line.

* every source file must be UTF-8 text (checked before Sphinx reads it, which
  would otherwise stop with a traceback);
* a post's file name is its address, so it must be a slug;
* a post whose front matter is broken still gets a stand-in title for MyST,
  so the one front-matter error (reported by :mod:`.posts`) is not followed
  by a cascade of MyST warnings or a crash (MyST's YAML reader fails on an
  impossible date such as 2016-02-30);
* raw HTML in posts: ``<script>``, ``<iframe>`` (and ``<frame>``,
  ``<object>``, ``<embed>``), inline event handlers (``on…=``) and
  ``javascript:``/``vbscript:`` URLs are rejected, and the offending markup is
  dropped from the page;
* two posts may not share a title;
* a document that had any of these problems is read again on the next build,
  so an incremental build cannot pass by skipping it.
"""

from __future__ import annotations

import json
import logging as std_logging
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import compat
from .domain import get_domain
from .frontmatter import FrontMatterError, front_matter_match, parse_post
from .model import Post
from .posts import is_post

logger = logging.getLogger(__name__)

#: Elements that run or embed active content; rejected in posts.
FORBIDDEN_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed")
#: URL schemes that run code when followed; rejected in posts.
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _error(message: str, docname: str, line: int | None, subtype: str) -> None:
    logger.error("%s", message, location=(docname, line or 1),
                 type="archive", subtype=subtype)


def note_problem(env, docname: str) -> None:
    """Read *docname* again next build (see :mod:`.freshness`), so an
    incremental build cannot pass by skipping a document with errors."""
    get_domain(env).problems[docname] = True


# -- UTF-8 ----------------------------------------------------------------------
def check_encoding(app: Sphinx, env, docnames: list[str]) -> None:
    """Report every document that is not UTF-8 text and leave it out of the
    build (Sphinx would stop with a UnicodeDecodeError traceback)."""
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            _error(
                f"the file is not UTF-8 text: byte 0x{data[exc.start]:02X} at line {line}, "
                f"column {column} is not UTF-8; save the file as UTF-8 "
                "(the file is left out of this build)",
                docname, line, "encoding",
            )
            docnames.remove(docname)
            env.project.docnames.discard(docname)
            if docname in env.all_docs:
                compat.purge_document(app, env, docname)


# -- front matter: file name and a stand-in title --------------------------------
def _myst_reads_title(body: str) -> bool:
    """Whether MyST (which uses yaml.safe_load) gets a title from *body*."""
    try:
        data = yaml.load(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # noqa: BLE001 - PyYAML raises ValueError on 2016-02-30
        return False
    return isinstance(data, dict) and isinstance(data.get("title"), str) and bool(
        data["title"].strip()
    )


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_post(app.config, docname):
        return
    env = app.env
    stem = docname.rsplit("/", 1)[-1]
    if not SLUG.fullmatch(stem):
        suffix = Path(env.doc2path(docname)).suffix
        _error(
            f"the file name {stem + suffix!r} is not a slug: rename the file using only "
            "lowercase letters, digits and single hyphens, e.g. "
            f"{_slugify(stem) + suffix!r} (the file name is the post's address)",
            docname, 1, "slug",
        )
        note_problem(env, docname)
    text = source[0]
    try:
        parse_post(text)
    except FrontMatterError:
        note_problem(env, docname)  # reported by posts.read_post
    match = front_matter_match(text)
    if match and not _myst_reads_title(match.group("body")):
        body = match.group("body")
        n_lines = body.count("\n")
        if n_lines:
            standin = "title: " + json.dumps(f"{stem} (front matter error)") + "\n"
            standin += "\n" * (n_lines - 1)  # keep every line where it was
            source[0] = text[: match.start("body")] + standin + text[match.end("body"):]


class _NoFrontMatterCascade(std_logging.Filter):
    """A post with no front matter has no title for MyST, which then warns
    "Document headings start at H2, not H1" for each of its headings. The
    post already has its one error ("a post must start with front matter"),
    so these follow-on warnings are dropped. Runs in the main process, where
    the logs of parallel readers are handled too."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: std_logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if (
            getattr(record, "type", "") != "myst"
            or getattr(record, "subtype", "") != "header"
            or not isinstance(location, tuple)
            or not location[0]
            or not is_post(self.app.config, location[0])
            or not str(record.msg).startswith("Document headings start at H")
        ):
            return True
        try:
            text = Path(self.app.env.doc2path(location[0])).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return True
        return front_matter_match(text) is not None


def install_log_filter(app: Sphinx) -> None:
    compat.add_warning_filter(_NoFrontMatterCascade(app))


def _slugify(stem: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", stem.lower())) or "my-post"


# -- raw HTML and links in posts --------------------------------------------------
def _dangerous_url(value: str) -> str | None:
    """The forbidden scheme in *value*, ignoring what browsers ignore
    (spaces, control characters, case)."""
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return next((s for s in FORBIDDEN_SCHEMES if s in squeezed), None)


class _TagScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(
                f"raw HTML <{tag}> is not allowed in a post: remove it (scripts, iframes, "
                "frames, objects and embeds are rejected)"
            )
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(
                    f"raw HTML <{tag} {name}=…> is not allowed in a post: remove the "
                    f"inline event handler {name}"
                )
            elif value and (scheme := _dangerous_url(value)):
                self.problems.append(
                    f"raw HTML <{tag} {name}=…> is not allowed in a post: "
                    f"{scheme} URLs are rejected; link to an http(s) address instead"
                )

    handle_startendtag = handle_starttag


def scan_html(html: str) -> list[str]:
    scanner = _TagScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


#: A Markdown link, reference definition or autolink to a forbidden scheme:
#: markdown-it refuses them and leaves them as text, which we report.
_REFUSED_LINK = re.compile(r"(\]\(|\]:|<)\s*<?\s*(javascript|vbscript):", re.I)
_LITERAL = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.FixedTextElement)


def _line(node: nodes.Node) -> int | None:
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None


def _inline_line(node: nodes.Node, offset: int = 0) -> int | None:
    """The line of an inline *node* (or of *offset* in a Text node): MyST
    gives the first line of its paragraph; add the line breaks before it."""
    first = _line(node)
    block = node.parent
    while block is not None and not isinstance(block, nodes.TextElement):
        block = block.parent
    if block is None or first is None or not block.line:
        return first
    before = 0
    for text in block.findall(nodes.Text):
        if text is node or any(a is node for a in _ancestors(text)):
            break
        before += text.count("\n")
    if isinstance(node, nodes.Text):
        before += node[:offset].count("\n")
    return block.line + before


def check_raw_html(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    if not is_post(app.config, docname):
        return
    found = False
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        problems = scan_html(raw.astext())
        for message in problems:
            _error(message, docname, _inline_line(raw), "html")
        if problems:
            found = True
            raw.parent.remove(raw)
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if uri and (scheme := _dangerous_url(uri)):
            _error(
                f"a link to {uri!r} is not allowed in a post: {scheme} URLs are rejected; "
                "link to an http(s) address instead",
                docname, _inline_line(ref), "html",
            )
            found = True
            ref.replace_self(nodes.inline("", "", *ref.children))
    for image in list(doctree.findall(nodes.image)):
        if scheme := _dangerous_url(image.get("uri", "")):
            _error(f"an image at a {scheme} URL is not allowed in a post: remove it",
                   docname, _inline_line(image), "html")
            found = True
            image.parent.remove(image)
    for text in doctree.findall(nodes.Text):
        if any(isinstance(a, _LITERAL) for a in _ancestors(text)):
            continue
        # markdown-it refuses such links and leaves them as text
        for match in _REFUSED_LINK.finditer(text):
            _error(
                f"a link to a {match.group(2).lower()}: URL is not allowed in a post: "
                "link to an http(s) address instead",
                docname, _inline_line(text, match.start()), "html",
            )
            found = True
    if found:
        note_problem(env, docname)


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


# -- titles are unique ------------------------------------------------------------
def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def check_unique_titles(app: Sphinx, env) -> None:
    seen: dict[str, Post] = {}
    for docname in sorted(get_domain(env).posts):
        post = get_domain(env).posts[docname]
        first = seen.setdefault(_title_key(post.title), post)
        if first is post:
            continue
        other = Path(env.doc2path(first.docname))
        shown = other.relative_to(env.srcdir.parent).as_posix()
        _error(
            f"the title “{post.title}” is already the title of {shown} "
            f"(line {first.title_line}): give each post its own title",
            docname, post.title_line, "title",
        )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", install_log_filter)
    app.connect("env-before-read-docs", check_encoding)
    app.connect("source-read", check_source)
    # before anything else reads the doctree (the word count, term uses)
    app.connect("doctree-read", check_raw_html, priority=400)
    app.connect("env-check-consistency", check_unique_titles)
