"""The PDF as volumes: besides the whole book, one PDF per year
(``agile-in-the-clouds-2016.pdf``; the posts of unknown date in
``…-undated.pdf``), each linked from its year page and the landing page's
list of years.

A volume is a LaTeX document of its own (an entry of ``latex_documents``)
whose start document is the year page, so it holds the year's posts as
chapters, its own table of contents, bookmarks and index. The years are known
only once every post is read, so the entries are added then (``env-updated``,
before the LaTeX builder reads ``latex_documents``).

A link from a post to a page outside its volume (another year's post, the
glossary) points into the PDF that holds it (``agile-in-the-clouds-2014.pdf``,
at the destination named after its label: every label is a destination,
``VOLUME_LATEX``); so does a link from the book's frame to a post.
Standalone, such a link opens the other PDF beside it; in the whole book,
assembled from the frame and the volumes (``scripts/pdfassemble.py``), it
lands on the page in the book.

Sphinx's LaTeX builder writes a volume again only when one of its documents
was updated since its last build (read again, by this build or the HTML
build before it, or said by the archive to depend on one that was: a post's
neighbours, its year page; :mod:`..pages.freshness`); the others keep the
``.tex`` of the last published build, which the build script puts in place
(their images are copied again all the same). Which volumes are typeset
again, and in parallel, is decided after Sphinx by
``postarchive/scripts/pdfvolumes.py``: a volume whose inputs are unchanged is
copied from the last build, byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..content.lists import volume_name, volume_title
from ..core.settings import tex
from ..ext import compat, stages
from ..ext.domain import get_domain
from ..pages import freshness
from ..pages.years import by_year, calendar, year_docname

#: the LaTeX the volumes need, in every document's preamble (the book's frame
#: and the volumes share it)
VOLUME_LATEX = (
    "\n% --- the PDF as volumes (postarchive.pdf.volumes) ---\n"
    + r"""% every destination named after its document: the whole book is assembled from
% the volumes (postarchive/scripts/pdfassemble.py), whose names must not collide;
% and every label is a destination of its own name (<document>-<label>), so a
% link from another PDF of the book lands on it (postarchive/pdf/volumes.py)
\makeatletter
\renewcommand*{\HyperDestNameFilter}[1]{\jobname-#1}
\ltx@GlobalAppendToMacro\label@hook{\hyper@anchorstart{\label@name}\hyper@anchorend}
% the whole book's table of contents lists each volume's posts
% (postarchive/pages/years.py): the volume's own .toc, read when the book's
% frame is typeset after the volumes, each post's line linked into the volume
\newcommand{\archivevolumecontents}[2]{%
  \addtocontents{toc}{\protect\archive@volumetoc{#1}{#2}}}
\newcommand{\archive@volumetoc}[2]{%
  \contentsline{chapter}{\href{#1.pdf\##1-Doc-Start}{#2}}{}{}%
  \begingroup
    \let\numberline\@gobble
    \def\contentsline##1##2##3##4{\archive@volumeline{#1}{##1}{##2}{##3}{##4}}%
    \InputIfFileExists{#1.toc}{}{}%
  \endgroup}
\def\archive@chapter{chapter}
\newcommand{\archive@volumeline}[5]{%
  \def\archive@level{#2}%
  \ifx\archive@level\archive@chapter
    % a line like a section's, whatever the depth of the book's contents
    \@dottedtocline{0}{1.5em}{0em}{\href{#1.pdf\##1-#5}{#3}}{#4}%
  \fi}
% a post's page in its volume, in the book's frame (postarchive/pages/years.py):
% "2016:5", linked into the volume; the pages are the volumes' (their .aux), which
% postarchive/scripts/pdfvolumes.py writes to <frame>.pages before the frame is typeset;
% in a box: pdfTeX keeps memory to the end for every link broken across lines
\newcommand{\archivevolumepage}[3]{\mbox{\href{#1.pdf\##1-#2}{#3:\archive@volumepage{#1}{#2}}}}
\newcommand{\archive@volumepage}[2]{%
  \ifcsname archive@p@#1@\detokenize{#2}\endcsname
    \csname archive@p@#1@\detokenize{#2}\endcsname
  \else
    \textbf{??}\@latex@warning{Reference `\detokenize{#2}' on page \thepage\space undefined}%
  \fi}
\newcommand{\archive@setpage}[3]{%
  \expandafter\gdef\csname archive@p@#1@\detokenize{#2}\endcsname{#3}}
\AtBeginDocument{\begingroup\makeatletter\InputIfFileExists{\jobname.pages}{}{}\endgroup}
\makeatother
"""
)


def add_macros(app: Sphinx, config) -> None:
    """The volumes' macros in the preamble (a new dict: the defaults are shared
    between Sphinx applications in one process)."""
    preamble = config.latex_elements.get("preamble", "")
    if config.archive_pdf_volumes and VOLUME_LATEX not in preamble:
        # the code that writes the LaTeX is part of the set-up: a .tex of the last
        # build kept only when written by the same code (same_setup)
        stamp = f"% written by postarchive {code_digest()}\n"
        preamble += VOLUME_LATEX + stamp
        config.latex_elements = {**config.latex_elements, "preamble": preamble}


@functools.cache
def code_digest() -> str:
    """A digest of the package's code (its Python modules and templates)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".jinja", ".tmpl", ".sty", ".lua"}:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


#: the address Sphinx's LaTeX builder gives a link to a document of another
#: PDF (compat.link_across), made the PDF's address by :func:`link_into_volumes`
ACROSS = "archive-pdf:"
#: what a label may be to become part of a link's address in the PDF (the
#: documents' names are the archive's; anything else stays the link's text)
_LABEL = re.compile(r"[A-Za-z0-9_./:-]+")


def volume_entries(app: Sphinx, env) -> list[tuple[str, str, str, str, str]]:
    """The ``latex_documents`` entries of the volumes: one per year, oldest first."""
    author = tex(app.config.author)
    entries = []
    for year in by_year(calendar(env)):
        name = volume_name(app.config.archive_pdf_name, year)
        title = tex(f"{app.config.project}: {volume_title(year)}")
        entries.append((year_docname(year), name.removesuffix(".pdf") + ".tex", title, author))
    return [(*entry, "manual") for entry in entries]


def add_volumes(app: Sphinx, env) -> list[str]:
    """Once everything is read: a LaTeX document per year beside the book."""
    if app.builder.format != "latex" or not app.config.archive_pdf_volumes:
        return []
    volumes = volume_entries(app, env)
    targets = {entry[1] for entry in volumes}
    kept = [entry for entry in app.config.latex_documents if entry[1] not in targets]
    app.config.latex_documents = [*kept, *volumes]
    # the whole book is their frame (pages/years.py): its posts are the volumes'
    compat.assemble_without(app.builder, app.config.root_doc, set(get_domain(env).posts))
    holder = HOLDERS[app] = holders(app, env)
    compat.link_across(app.builder, holder, ACROSS)
    written_when_changed(app, holder, {entry[1] for entry in volumes})
    return []


def written_when_changed(app: Sphinx, holder: dict[str, str], targets: set[str]) -> None:
    """The LaTeX builder writes a volume, or the book's frame, only when one of
    its documents was updated since its last build or its ``.tex`` is not there
    from the last one; a volume's ``.tex`` of a year gone is removed."""
    builder = app.builder
    outdir = Path(builder.outdir)
    stem = app.config.archive_pdf_name.removesuffix(".pdf")
    for path in outdir.glob(f"{stem}-*.tex"):
        if path.name not in targets and re.fullmatch(r"\d{4}|undated", path.stem[len(stem) + 1 :]):
            path.unlink()

    def wanted(entry) -> bool:
        # (asked when the builder writes: the updated documents are known by then)
        updated = freshness.UPDATED.get(app, set())
        changed = any(holder.get(docname) == entry[0] for docname in updated)
        return changed or not same_setup(outdir / entry[1], builder.context)

    def skipped(entries) -> None:
        starts = {entry[0] for entry in entries}
        compat.add_images(builder, {d for d, start in holder.items() if start in starts})

    compat.write_only(builder, wanted, skipped)


#: the LaTeX set-up every document shares (the LaTeX builder's template values):
#: a document written with another is written again
SETUP = (
    "passoptionstopackages",
    "fontenc",
    "substitutefont",
    "fontpkg",
    "fontsubstitution",
    "textgreek",
    "sphinxsetup",
    "geometry",
    "hyperref",
    "preamble",
)


def same_setup(tex: Path, context: dict) -> bool:
    """Whether the last build's *tex* is there, written with this set-up (a
    change of conf.py's LaTeX settings, of the fonts or of the engine does
    not make Sphinx read the posts again)."""
    try:
        text = tex.read_text(encoding="utf-8")
    except OSError:
        return False
    return all(str(context.get(key) or "") in text for key in SETUP)


#: {the application: its holders()}, once the volumes are added
HOLDERS: weakref.WeakKeyDictionary[Sphinx, dict[str, str]] = weakref.WeakKeyDictionary()


def holders(app: Sphinx, env) -> dict[str, str]:
    """``{docname: the start document of the PDF that holds it}``: a year's
    page and posts are its volume's, every other document the book's frame."""
    holder = dict.fromkeys(env.found_docs, app.config.root_doc)
    for year, posts in by_year(calendar(env)).items():
        start = year_docname(year)
        holder[start] = start
        holder.update((post.docname, start) for post in posts)
    return holder


def pdf_names(app: Sphinx) -> dict[str, str]:
    """``{start document: its PDF's name, without .pdf}`` of the LaTeX documents."""
    return {entry[0]: entry[1].removesuffix(".tex") for entry in app.config.latex_documents}


def link_into_volumes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A link to a document of another PDF (:data:`ACROSS`) points to that PDF,
    at the destination of its label: ``<name>.pdf#<name>-<label>``."""
    if app.builder.format != "latex":
        return
    names, holder = pdf_names(app), HOLDERS.get(app, {})
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if not uri.startswith(ACROSS):
            continue
        target, _sep, anchor = uri.removeprefix(ACROSS).partition("#")
        name = names.get(holder.get(target, ""))
        label = f"{target}:{anchor}" if anchor else f"{target}::doc"
        if name is None or not _LABEL.fullmatch(label):
            ref.replace_self(ref.children)  # its text, as Sphinx would
            continue
        ref["refuri"] = f"{name}.pdf#{name}-{label}"


def setup(app: Sphinx) -> None:
    # archive_pdf_volumes is declared in ext/config.py's table
    app.connect("config-inited", add_macros, priority=stages.ConfigInited.LATEX_MACROS)
    app.connect("env-updated", add_volumes, priority=stages.EnvUpdated.ADD_VOLUMES)
    app.connect("doctree-resolved", link_into_volumes, priority=stages.Resolved.ACROSS_PDFS)
