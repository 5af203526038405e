"""Bad input gets one clear error, with file and line, never a traceback or a
flood of follow-on warnings.

Before Sphinx reads a document (``env-before-read-docs``), its file is
screened, and each problem is reported once:

* the file must be inside the source directory (no symlink out of it) and be
  UTF-8 text: otherwise it is left out of the build (not read at all);
* it must hold no control characters, and a post's front matter must be valid
  (:mod:`.frontmatter`, every problem reported), with no date after the build
  day unless the post is scheduled: otherwise the document is read as a
  stand-in holding only its title, so that nothing else complains about it
  (links to it still resolve) and the build fails with that one error;
* a draft, or a post scheduled for a later day, is left out quietly;
* a post's file name is its address, so it must be a slug.

While reading: a post must have text after its front matter (unless it was
imported and its front matter says ``empty: true``: the original had none).
After reading: two posts may share a title only when their dates tell them
apart, or when both were imported and their original IDs differ. A document
that had any problem is read again on the next build (see :mod:`.freshness`).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..content.posts import first_section, is_post, within_srcdir
from ..core.frontmatter import FrontMatterError, normalise_newlines, parse_post
from ..core.model import Post, after_build_day, build_day, date_label, is_published
from ..core.slugs import is_slug, slugify
from ..ext import report, stages
from ..ext.domain import get_domain
from ..ext.report import Kind
from ..pages.freshness import leave_out
from ..pages.virtualdocs import is_generated

logger = logging.getLogger(__name__)

#: C0 and C1 control characters (but tab, line feed, carriage return), DEL and
#: the non-characters U+FFFE / U+FFFF.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def report_front_matter(err: FrontMatterError, docname: str, env) -> None:
    for message, line in err.problems:
        report.error(Kind.FRONTMATTER, message, location=report.at(docname, line, env))


# -- screening the files before reading ---------------------------------------------
def _outside(env, docname: str, path: Path) -> str | None:
    if within_srcdir(env, path) or is_generated(path):
        return None
    return (
        f"the file is a link to {path.resolve()}, outside the source directory: copy "
        "the file into docs/ instead of linking to it (the file is left out of this build)"
    )


def _not_utf8(data: bytes) -> tuple[str, int] | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return (
            f"the file is not UTF-8 text: byte 0x{data[exc.start]:02X} at line {line}, "
            f"column {column} is not UTF-8; save the file as UTF-8 (the file is left "
            "out of this build)",
            line,
        )
    return None


def _control_characters(text: str) -> tuple[str, int] | None:
    found = list(CONTROL.finditer(text))
    if not found:
        return None
    first = found[0]
    line = text.count("\n", 0, first.start()) + 1
    column = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in found})
    more = (
        f" ({len(found) - 1} more on line{'s' if len(lines) > 1 else ''} "
        f"{', '.join(map(str, lines[:10]))}{'…' if len(lines) > 10 else ''})"
        if len(found) > 1
        else ""
    )
    return (
        f"the file holds the control character U+{ord(first.group()):04X} at line {line}, "
        f"column {column}{more}: remove it (it is invisible and breaks the PDF; the file "
        "is left out of this build)",
        line,
    )


def _screen_post(app: Sphinx, env, docname: str, text: str) -> str:
    """Check a post's file name and front matter: "read" it, "leave out" (a
    draft, or scheduled) or read a "stand-in" (errors, reported)."""
    stem = docname.rsplit("/", 1)[-1]
    if not is_slug(stem):
        suffix = Path(env.doc2path(docname)).suffix
        report.error(
            Kind.SLUG,
            f"the file name {stem + suffix!r} is not a slug: rename the file using only "
            "lowercase letters, digits and single hyphens, e.g. "
            f"{slugify(stem, 'my-post') + suffix!r} (the file name is the post's address)",
            location=report.at(docname, 1, env),
        )
        get_domain(env).note_problem(docname)
    try:
        post = parse_post(text, docname)
    except FrontMatterError as err:
        report_front_matter(err, docname, env)
        return "stand-in"
    today = build_day()
    if not is_published(post, today):
        logger.info(
            "%s: %s, not published",
            docname,
            "a draft" if post.status == "draft" else f"scheduled for {post.date}",
        )
        return "leave out"
    if after_build_day(post, today):
        report.error(
            Kind.FRONTMATTER,
            f"date {post.date} is after the day of this build ({today}): correct it, or "
            "add “status: scheduled” to publish the post from that day on",
            location=report.at(docname, _field_line(text, "date"), env),
        )
        return "stand-in"
    return "read"


def _field_line(text: str, key: str) -> int:
    match = re.search(rf"^{key}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def screen_sources(app: Sphinx, env, docnames: list[str]) -> None:
    """Screen every document about to be read (see the module's description)."""
    standins = get_domain(env).standins = []
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        problem = _outside(env, docname, path)
        if problem:
            report.error(Kind.FILES, problem, location=report.at(docname, 1, env))
            leave_out(app, env, docnames, docname)
            continue
        data = path.read_bytes()
        problem = _not_utf8(data)
        if problem:
            report.error(Kind.ENCODING, problem[0], location=report.at(docname, problem[1], env))
            leave_out(app, env, docnames, docname)
            continue
        text = normalise_newlines(data.decode("utf-8-sig"))  # as Sphinx reads it: CRLF too
        problem = _control_characters(text)
        if problem:
            report.error(Kind.ENCODING, problem[0], location=report.at(docname, problem[1], env))
            standins.append(docname)
            continue
        verdict = _screen_post(app, env, docname, text) if is_post(app.config, docname) else "read"
        if verdict == "leave out":
            leave_out(app, env, docnames, docname)
        elif verdict == "stand-in":
            standins.append(docname)


def read_stand_in(app: Sphinx, docname: str, source: list[str]) -> None:
    """A document with errors is read as its title only (see screen_sources)."""
    domain = get_domain(app.env)
    if docname in domain.standins:
        source[0] = f"# {docname.rsplit('/', 1)[-1]}\n"
        domain.note_problem(docname)


# -- while reading -------------------------------------------------------------------
def check_post_has_text(app: Sphinx, doctree: nodes.document) -> None:
    """A post must have words of its own besides its title (counted by :mod:`.posts`)."""
    docname = app.env.docname
    post = get_domain(app.env).posts.get(docname)
    if post is None:
        return
    if post.words <= len(post.title.split()):
        if post.empty:  # imported: the original had no text either
            return
        text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8-sig")
        end = text.count("\n", 0, text.find("\n---", 3) + 1) + 1 if text.startswith("---") else 1
        report.error(
            Kind.EMPTY,
            "the post has no text after its front matter: add the author's text (an "
            "empty post is not published)",
            location=report.at(docname, end),
        )
        get_domain(app.env).note_problem(docname)


def restore_post_title(app: Sphinx, doctree: nodes.document) -> None:
    """A post's heading shows its front-matter title as written. MyST makes
    the heading by reading the title as Markdown, so a title such as
    “List<T> and *stars*” (common in imported posts) would lose characters
    or hold raw HTML; the heading's text is set back to the title."""
    docname = app.env.docname
    if not is_post(app.config, docname) or docname in get_domain(app.env).standins:
        return
    section = first_section(doctree)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    try:
        post = parse_post(Path(app.env.doc2path(docname)).read_text(encoding="utf-8-sig"), docname)
    except (FrontMatterError, UnicodeDecodeError):
        return
    title = section[0]
    # compared node by node: raw HTML in the heading ("vector<int>") has the
    # title's text too, but would be refused and dropped as markup
    if len(title) != 1 or not isinstance(title[0], nodes.Text) or title.astext() != post.title:
        del title[:]
        title += nodes.Text(post.title)


def front_matter_as_text(app: Sphinx, doctree: nodes.document) -> None:
    """Front-matter values are text, never markup. MyST reads them as Markdown
    into the document's ``docinfo`` (which Sphinx keeps only as text, in
    ``env.metadata``): an author “An <int> author” or a summary with “a <b> tag”
    would be checked as raw HTML and refused. Each value becomes its text (the
    metadata Sphinx keeps is the same); pages show the values as written."""
    for docinfo in doctree.findall(nodes.docinfo):
        for element in list(docinfo.findall(nodes.TextElement, include_self=False)):
            if _in_text(element.parent, docinfo):
                continue  # the outermost text element is made text as a whole
            if any(not isinstance(child, nodes.Text) for child in element.children):
                element[:] = [nodes.Text(element.astext())]


def _in_text(node: nodes.Node, docinfo: nodes.docinfo) -> bool:
    while node is not None and node is not docinfo:
        if isinstance(node, nodes.TextElement):
            return True
        node = node.parent
    return False


# -- after reading: titles ------------------------------------------------------------
def _title_key(post: Post) -> tuple[str, str]:
    return " ".join(post.title.casefold().split()), date_label(post)


def _told_apart(a: Post, b: Post) -> bool:
    """Two imported posts are told apart by their IDs on the original blog
    (real blogs repeat titles, even on one day): each has its own address."""
    return bool(a.original_id and b.original_id) and (a.import_file, a.original_id) != (
        b.import_file,
        b.original_id,
    )


def check_unique_titles(app: Sphinx, env) -> None:
    """Two posts may share a title (recurring columns do) when their dates
    differ: lists and citations show the date. Same title and same date is an
    error, reported on the newer file (the one changed last), unless both
    posts were imported and have different original IDs (:func:`_told_apart`)."""
    groups: dict[tuple, list[Post]] = {}
    for post in get_domain(env).posts.values():
        groups.setdefault(_title_key(post), []).append(post)
    for posts in groups.values():
        if len(posts) < 2:
            continue
        by_age = sorted(
            posts, key=lambda p: (Path(env.doc2path(p.docname)).stat().st_mtime_ns, p.docname)
        )
        for index, post in enumerate(by_age[1:], 1):
            first = next((p for p in by_age[:index] if not _told_apart(p, post)), None)
            if first is None:
                continue
            shown = Path(env.doc2path(first.docname)).relative_to(env.srcdir.parent).as_posix()
            report.error(
                Kind.TITLE,
                f"the title “{post.title}” with the date “{date_label(post)}” is already "
                f"the title and date of {shown} (line {first.title_line}): give each post "
                "its own title, or its own date",
                location=report.at(post.docname, post.title_line),
            )


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", screen_sources)
    app.connect("source-read", read_stand_in)
    app.connect("doctree-read", check_post_has_text, priority=stages.Read.POST_HAS_TEXT)
    app.connect("doctree-read", restore_post_title, priority=stages.Read.AS_WRITTEN)
    app.connect("doctree-read", front_matter_as_text, priority=stages.Read.AS_WRITTEN)
    app.connect("env-check-consistency", check_unique_titles)
