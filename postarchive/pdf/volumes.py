"""The PDF as volumes: besides the whole book, one PDF per year
(``agile-in-the-clouds-2016.pdf``; the posts of unknown date in
``…-undated.pdf``), each linked from its year page and the landing page's
list of years.

A volume is a LaTeX document of its own (an entry of ``latex_documents``)
whose start document is the year page, so it holds the year's posts as
chapters, its own table of contents, bookmarks and index. The years are known
only once every post is read, so the entries are added then (``env-updated``,
before the LaTeX builder reads ``latex_documents``). A link from a post to a
page outside its volume (another year's post, the glossary) is its text
alone in the volume (Sphinx's LaTeX builder drops links to documents it does
not hold); in the whole book every link works.

Which volumes are typeset again, and in parallel, is decided after Sphinx by
``postarchive/scripts/pdfvolumes.py``: a volume whose inputs are unchanged is
copied from the last build, byte for byte.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..core.model import UNDATED
from ..core.settings import tex
from ..ext import compat, stages
from ..ext.domain import get_domain
from ..ext.i18n import _
from ..pages.years import by_year, calendar, volume_name, year_docname


def volume_entries(app: Sphinx, env) -> list[tuple[str, str, str, str, str]]:
    """The ``latex_documents`` entries of the volumes: one per year, oldest first."""
    author = tex(app.config.author)
    entries = []
    for year in by_year(calendar(env)):
        name = volume_name(app.config.archive_pdf_name, year)
        part = _("Posts of unknown date") if year == UNDATED else year
        title = tex(f"{app.config.project}: {part}")
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
    return []


def setup(app: Sphinx) -> None:
    # archive_pdf_volumes is declared in ext/config.py's table
    app.connect("env-updated", add_volumes, priority=stages.EnvUpdated.ADD_VOLUMES)
