"""Archived copies of dead links: beside an author's link that
``postarchive links`` found dead, the Wayback Machine's copy, marked as the
archive's addition. The build reads the record (``archive_link_record``,
default ``links.json`` beside conf.py; :mod:`..core.linkrecord`) and never
uses the network.

* Site: `` (archived copy)`` after the author's link: an ``<a>`` with the
  classes ``archive-editorial archived-copy`` and a title saying it is the
  archive's addition and the snapshot's day, in a span of class
  ``editorial-link`` (not the author's words: :func:`.model.is_ours`).
* PDF: a footnote instead (a post-transform of the LaTeX builder, before
  Sphinx's own ``latex_show_urls`` footnotes, numbered with them); the
  address reaches LaTeX only as a reference node, escaped by Sphinx.
* Only addresses of the one shape ``https://web.archive.org/web/<14
  digits>/<the link>`` are shown; anything else in the record is a warning.
* The author's text is not touched: the link and its words stay as written.
* Incremental builds: each document remembers the record's entries for its
  links; a document whose entries changed is read again (``env-get-outdated``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..core import linkrecord
from ..ext import report, stages
from ..ext.compat import ShowUrlsTransform
from ..ext.domain import get_domain
from ..ext.i18n import _
from ..ext.report import Kind

CLASSES = ["archive-editorial", "archived-copy"]
WRAPPER = "editorial-link"


def _title(day: str, before: bool | None, language: str | None) -> str:
    """The copy's title: its day, and whether it was taken after the post
    (*before* False: the Wayback Machine has no copy from before it)."""
    label = linkrecord.day_label(day.replace("-", "") + "000000", language)
    if before is False:
        return _(
            "Added by the archive, not the author: the link no longer works; this is "
            "the Wayback Machine's copy of {day}, taken after the post"
        ).format(day=label)
    return _(
        "Added by the archive, not the author: the link no longer works; this is "
        "the Wayback Machine's copy of {day}"
    ).format(day=label)


@functools.lru_cache(maxsize=4)
def _load(path: str, _stamp: tuple) -> tuple[dict[str, tuple], tuple[str, ...]]:
    """``({link: (copy, day, before the post)}, problems)`` of the record at *path*."""
    try:
        links = linkrecord.read(Path(path))
    except (OSError, ValueError) as exc:
        return {}, (f"{path}: cannot be read ({exc}); no archived copies are shown",)
    copies, problems = {}, []
    for url, entry in sorted(links.items()):
        try:
            found = linkrecord.archived_copy(url, entry)
        except ValueError as exc:
            problems.append(f"{path}: {exc}; not shown")
            continue
        if found:
            copies[url] = found
    return copies, tuple(problems)


def record(app: Sphinx) -> dict[str, tuple]:
    path = Path(app.confdir) / app.config.archive_link_record
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return {}
    copies, _problems = _load(str(path), stamp)
    return copies


def report_problems(app: Sphinx) -> None:
    path = Path(app.confdir) / app.config.archive_link_record
    if path.is_file():
        stat = path.stat()
        for problem in _load(str(path), (stat.st_mtime_ns, stat.st_size))[1]:
            report.warning(Kind.LINKS, "%s", problem)


def archived_node(
    url: str, day: str, before: bool | None = None, language: str | None = "en"
) -> nodes.inline:
    title = _title(day, before, language)
    ref = nodes.reference("", _("archived copy"), refuri=url, reftitle=title, classes=CLASSES)
    return nodes.inline("", "", nodes.Text(" ("), ref, nodes.Text(")"), classes=[WRAPPER])


def annotate(app: Sphinx, doctree: nodes.document) -> None:
    """Add the archived copies beside the dead links of a document, and
    remember what the record said of its links."""
    copies = record(app)
    seen: dict[str, tuple | None] = {}
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if not uri.startswith(("http://", "https://")) or "archived-copy" in ref["classes"]:
            continue
        seen[uri] = copies.get(uri)
        if uri in copies and isinstance(ref.parent, nodes.Element):
            ref.parent.insert(
                ref.parent.index(ref) + 1,
                archived_node(*copies[uri], language=app.config.language),
            )
    get_domain(app.env).links[app.env.docname] = seen


def outdated(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """The documents whose links' archived copies changed in the record."""
    report_problems(app)
    copies = record(app)
    again = []
    for docname, seen in sorted(get_domain(env).links.items()):
        if docname in added | changed | removed or docname not in env.all_docs:
            continue
        if any(copies.get(uri) != (tuple(was) if was else None) for uri, was in seen.items()):
            again.append(docname)
    return again


class ArchivedCopyFootnotes(ShowUrlsTransform):
    """LaTeX: each archived copy becomes a footnote (numbered with Sphinx's
    own, which this transform's base class renumbers)."""

    default_priority = ShowUrlsTransform.default_priority - 1
    formats = ("latex",)

    def expand_show_urls(self) -> None:
        for span in list(self.document.findall(nodes.inline)):
            if WRAPPER not in span["classes"]:
                continue
            ref = next(iter(span.findall(nodes.reference)))
            docname = self.get_docname_for_node(span)
            footnote, footnote_ref = self.create_footnote(ref["refuri"], docname)
            text = ref.get("reftitle", "") + ": "
            footnote[1].insert(0, nodes.Text(text))
            footnote["classes"].append(WRAPPER)
            parent = span.parent
            index = parent.index(span)
            parent.replace(span, footnote)
            parent.insert(index + 1, footnote_ref)
            self.expanded = True


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", annotate, priority=stages.Read.ARCHIVED_COPIES)
    app.connect("env-get-outdated", outdated)
    app.add_post_transform(ArchivedCopyFootnotes)
