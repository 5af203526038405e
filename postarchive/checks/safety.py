"""What a page may contain: nothing that runs code in a reader's browser, reads
a file from outside the archive, or needs the network to build.

Checked on every document the project builds (posts, editorial pages,
generated pages), while it is read, before anything else uses its doctree:

* raw HTML goes through the allowlist of :mod:`.htmlpolicy`; raw output in
  any other format (LaTeX…) is refused, except for the formats a page is
  given in ``archive_trusted_raw`` (a reviewed list in conf.py);
* links go to http(s)/mailto addresses or within the archive;
* no directive reads a file (``include``, ``literalinclude``, ``raw`` or
  ``csv-table`` with ``:file:``/``:url:``), and images and downloads must be
  files inside the source directory (no ``../`` or symlink out of it);
* an image on another site is not fetched: it becomes a link showing its
  alternative text, on the site and in the PDF (:func:`replace_remote_image`);
  math is shown as its TeX source on the site (no MathJax from a CDN).

A refused construct is reported with file and line and left out of the page.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..ext import report, stages
from ..ext.domain import get_domain
from ..ext.i18n import _
from ..ext.report import Kind
from .htmlpolicy import LINK_SCHEMES, check_fragment, is_other_site, refused_message, url_scheme
from .latexsafe import node_line

#: Schemes a link in a page may use (besides addresses within the archive).
PAGE_LINK_SCHEMES = LINK_SCHEMES | {"ftp"}


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def inline_line(node: nodes.Node, offset: int = 0) -> int | None:
    """The line of an inline *node* (or of *offset* in a Text node): MyST
    gives the first line of its paragraph; add the line breaks before it."""
    first = node_line(node)
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


# -- directives that read files --------------------------------------------------
_NO_FILES = (
    "pages of the archive may not read files: paste the text into the page "
    "(the author's words belong in the post itself)"
)


class RefusedFileDirective(SphinxDirective):
    """``include`` and ``literalinclude``: refused, with file and line."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = None  # any option

    def run(self) -> list[nodes.Node]:
        report.error(
            Kind.FILES,
            f"the {self.name} directive reads a file: {_NO_FILES}",
            location=report.at(self.env.docname, self.lineno),
        )
        return []


class RefusedMetaDirective(SphinxDirective):
    """``meta``: its elements go into the page's ``<head>``, where a refresh
    sends every reader to another address. Refused, with file and line."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = None

    def run(self) -> list[nodes.Node]:
        report.error(Kind.HTML, _HEAD_MESSAGE, location=report.at(self.env.docname, self.lineno))
        return []


class _NoFileOptions:
    """Refuse the ``:file:`` and ``:url:`` options of a docutils directive."""

    def run(self):
        for option in ("file", "url"):
            if option in self.options:
                env = self.state.document.settings.env
                report.error(
                    Kind.FILES,
                    f"the {self.name} directive with :{option}: reads a "
                    f"{'file' if option == 'file' else 'web address'}: {_NO_FILES}",
                    location=report.at(env.docname, self.lineno),
                )
                return []
        return super().run()


class SafeRaw(_NoFileOptions, Raw):
    pass


class SafeCSVTable(_NoFileOptions, CSVTable):
    pass


def refuse_file_insertion(app: Sphinx) -> None:
    """docutils' own switch as well, for any directive we do not know of."""
    app.env.settings["file_insertion_enabled"] = False


def inside_srcdir(env, docname: str, target: str) -> bool:
    _rel, path = env.relfn2path(target, docname)
    return Path(path).resolve().is_relative_to(Path(env.srcdir).resolve())


# -- remote images ---------------------------------------------------------------
def is_remote(uri: str) -> bool:
    return is_other_site(uri) or url_scheme(uri) in ("http", "https")


def replace_remote_image(image: nodes.image) -> None:
    """An image on another site is not fetched (builds never use the network,
    and pages make no requests to other sites): it becomes a link showing its
    alternative text, marked as ours, on the site and in the PDF."""
    uri = image["uri"]
    alt = image.get("alt", "").strip()
    label = _("Image not archived: {alt}").format(alt=alt) if alt else _("Image not archived")
    inside_link = any(isinstance(a, nodes.reference) for a in _ancestors(image))
    if inside_link:  # a linked image: the text only, inside the author's link
        node = nodes.inline("", label, classes=["archive-remote-image", "editorial"])
    else:
        node = nodes.reference("", label, refuri=uri, classes=["archive-remote-image", "editorial"])
    target = image.parent if isinstance(image.parent, nodes.figure) else None
    if target is not None:  # a figure: its caption stays, the image becomes the link
        image.replace_self(nodes.paragraph("", "", node))
    elif isinstance(image.parent, nodes.TextElement):
        image.replace_self(node)
    else:
        image.replace_self(nodes.paragraph("", "", node))


# -- the check of a document -----------------------------------------------------
#: A Markdown link, reference definition or autolink to a refused scheme:
#: markdown-it refuses them and leaves them as text, which we report.
#: Only what would be a link with another scheme: a post about such addresses
#: may name them in its prose.
_SCHEME = r"(javascript|vbscript|data|file):"
_REFUSED_LINK = re.compile(
    rf"\]\(\s*<?\s*{_SCHEME}"  # [text](javascript:…)
    rf"|^\s*\[[^\]]+\]:\s*<?\s*{_SCHEME}"  # [label]: javascript:…
    rf"|<{_SCHEME}[^\s<>]*>",  # <javascript:…>
    re.I | re.M,
)
_LITERAL = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.FixedTextElement)


class _RawProblems:
    """The raw-HTML problems of one document, reported once per line: MyST
    makes each inline tag a fragment of its own, so the elements refused on a
    line are named in one message."""

    def __init__(self, docname: str) -> None:
        self.docname = docname
        self.refused: dict[int, list[str]] = {}
        self.messages: dict[tuple[int, str], None] = {}

    def add(self, line: int, problem) -> None:
        if problem.refused:
            tags = self.refused.setdefault(line, [])
            tags += [t for t in problem.refused if t not in tags]
        else:
            self.messages[(line, problem.message)] = None

    def report(self) -> None:
        found = [(line, refused_message(tags)) for line, tags in self.refused.items()]
        found += list(self.messages)
        for line, message in sorted(found, key=lambda f: f[0]):
            report.error(Kind.HTML, message, location=report.at(self.docname, line))


def _check_raw(app: Sphinx, raw: nodes.raw, trusted: set[str], problems: _RawProblems) -> bool:
    formats = set(raw.get("format", "").split())
    if formats <= trusted:
        return True
    base = inline_line(raw) or 1
    if "html" in formats:
        found = check_fragment(raw.astext())
        for problem in found:
            problems.add(base + problem.line - 1, problem)
        return not found and formats == {"html"}
    report.error(
        Kind.HTML,
        f"raw {' '.join(sorted(formats))} output is not allowed in this page: remove it "
        "(write the text in Markdown)",
        location=report.at(problems.docname, base),
    )
    return False


def _check_reference(app: Sphinx, docname: str, ref: nodes.reference) -> bool:
    uri = ref.get("refuri", "")
    scheme = url_scheme(uri) if uri else None
    if scheme is None or scheme in PAGE_LINK_SCHEMES:
        return True
    report.error(
        Kind.HTML,
        f"a link to a {scheme}: address is not allowed ({uri[:60]!r}): link to an "
        "http(s) or mailto address",
        location=report.at(docname, inline_line(ref)),
    )
    return False


def _check_image(app: Sphinx, docname: str, image: nodes.image) -> bool | None:
    """True: keep it; False: refused; None: a remote image (becomes a link)."""
    uri = image.get("uri", "")
    if is_remote(uri):
        return None
    scheme = url_scheme(uri)
    if scheme == "data" and uri.lower().startswith("data:image/"):
        return True
    if scheme is not None:
        report.error(
            Kind.HTML,
            f"an image at a {scheme}: address is not allowed: use an http(s) address "
            "or a file in docs/",
            location=report.at(docname, inline_line(image)),
        )
        return False
    if "*" not in uri and not inside_srcdir(app.env, docname, uri):
        report.error(
            Kind.FILES,
            f"the image {uri!r} is outside the source directory: {_NO_FILES}",
            location=report.at(docname, inline_line(image)),
        )
        return False
    return True


def _check_download(app: Sphinx, docname: str, ref: addnodes.download_reference) -> bool:
    """A download is a file inside the source directory, or an http(s) address."""
    target = ref["reftarget"]
    scheme = url_scheme(target)
    if scheme in ("http", "https"):
        return True
    if scheme is not None or is_other_site(target):
        report.error(
            Kind.FILES,
            f"a download from a {scheme or 'another site'}: address is not allowed "
            f"({target[:60]!r}): offer a file in docs/ or an http(s) address",
            location=report.at(docname, inline_line(ref)),
        )
        return False
    if not inside_srcdir(app.env, docname, target):
        report.error(
            Kind.FILES,
            f"the file {target!r} is outside the source directory: {_NO_FILES}",
            location=report.at(docname, inline_line(ref)),
        )
        return False
    return True


#: The node whose HTML goes into the page's ``<head>`` (MyST's ``html_meta``, any
#: ``meta`` directive that is not ours).
_HEAD_NODE = nodes.meta
_HEAD_MESSAGE = (
    "a meta element writes into the page's <head> (a refresh there sends readers "
    "to another address): remove it"
)


def check_document(app: Sphinx, doctree: nodes.document) -> None:
    """Check (and clean) the doctree of the document being read."""
    env = app.env
    docname = env.docname
    trusted = set(app.config.archive_trusted_raw.get(docname, ()))
    found = False
    raw_problems = _RawProblems(docname)
    for raw in list(doctree.findall(nodes.raw)):
        if not _check_raw(app, raw, trusted, raw_problems):
            found = True
            raw.parent.remove(raw)
    raw_problems.report()
    for ref in list(doctree.findall(nodes.reference)):
        if not _check_reference(app, docname, ref):
            found = True
            ref.replace_self(nodes.inline("", "", *ref.children))
    for image in list(doctree.findall(nodes.image)):
        verdict = _check_image(app, docname, image)
        if verdict is None:
            replace_remote_image(image)
        elif not verdict:
            found = True
            image.parent.remove(image)
    for ref in list(doctree.findall(addnodes.download_reference)):
        if not _check_download(app, docname, ref):
            found = True
            ref.replace_self(nodes.inline("", "", *ref.children))
    for meta in list(doctree.findall(_HEAD_NODE)):
        report.error(Kind.HTML, _HEAD_MESSAGE, location=report.at(docname, node_line(meta)))
        found = True
        meta.parent.remove(meta)
    for text in doctree.findall(nodes.Text):
        if any(isinstance(a, _LITERAL) for a in _ancestors(text)):
            continue
        for match in _REFUSED_LINK.finditer(text):
            report.error(
                Kind.HTML,
                f"a link to a {match.group(match.lastindex).lower()}: address is not allowed: link to "
                "an http(s) or mailto address",
                location=report.at(docname, inline_line(text, match.start())),
            )
            found = True
    if found:
        get_domain(env).note_problem(docname)


# -- math without the network ------------------------------------------------------------
def visit_math_source(self, node: nodes.math) -> None:
    """Math on the site shows its TeX source: MathJax would be fetched from a
    CDN, which the pages' policy forbids (the PDF typesets it)."""
    self.body.append(
        self.starttag(node, "code", "", CLASS="math archive-math-source")
        + self.encode(node.astext())
        + "</code>"
    )
    raise nodes.SkipNode


def visit_math_block_source(self, node: nodes.math_block) -> None:
    self.body.append(
        self.starttag(node, "pre", "", CLASS="math archive-math-source")
        + self.encode(node.astext())
        + "</pre>\n"
    )
    raise nodes.SkipNode


def choose_math_renderer(app: Sphinx, config) -> None:
    if not config.html_math_renderer:
        config.html_math_renderer = "archive-source"


def setup(app: Sphinx) -> None:
    app.add_html_math_renderer(
        "archive-source", (visit_math_source, None), (visit_math_block_source, None)
    )
    app.connect("config-inited", choose_math_renderer)
    for name in ("include", "literalinclude"):
        app.add_directive(name, RefusedFileDirective, override=True)
    app.add_directive("raw", SafeRaw, override=True)
    app.add_directive("meta", RefusedMetaDirective, override=True)
    app.add_directive("csv-table", SafeCSVTable, override=True)
    app.connect("builder-inited", refuse_file_insertion)
    app.connect("doctree-read", check_document, priority=stages.Read.PAGE_CHECKS)
