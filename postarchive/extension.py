"""The Sphinx extension behind the archive (``extensions = ["postarchive"]``).

One module per concern, in subpackages by layer; imports run one way, from
the Sphinx-free core up (the module map in README.md, "How the extension
works", lists every module; ``tests/tool/test_architecture.py`` keeps it so):

* :mod:`.core` – no Sphinx: the post model, front matter, topics file,
  original addresses, the shared configuration (the importer uses it too);
* :mod:`.ext` – the extension's plumbing: Sphinx internals, the domain that
  holds the build data, nodes resolved late, the message catalog;
* :mod:`.content` – what a page shows: posts, lists, glossary, blurbs, comments;
* :mod:`.pages` – generated pages and navigation: years, topics, the archive
  by date, the sidebar, and what incremental builds write again;
* :mod:`.checks` – what a page may contain: raw HTML, links, LaTeX, bad files;
* :mod:`.html` – the site: theme, search, feed, link previews, sitemap, 404
  page, redirects, Content-Security-Policy;
* :mod:`.pdf` – the book: fonts, the engine, LaTeX macros, nesting LaTeX cannot
  set, the volumes.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .checks import latexsafe, safety, validate
from .content import (
    archivedlinks,
    autolink,
    comments,
    disclosure,
    edition,
    glossary,
    markup,
    posts,
)
from .ext import config, i18n, placeholders
from .ext.domain import ArchiveDomain
from .html import (
    csp,
    feed,
    filelinks,
    notfound,
    redirects,
    search,
    sitemap,
    social,
    stemming,
    theme,
    translations,
)
from .pages import archive, freshness, navigation, topics, virtualdocs, years
from .pdf import engine, macros, nesting, pdffonts, volumes
from .version import __version__

#: every module with a ``setup()``, in the order they register (the order of
#: handlers with one priority on one event)
MODULES = (
    config,
    i18n,
    placeholders,
    disclosure,
    posts,
    markup,
    autolink,
    glossary,
    macros,
    filelinks,
    theme,
    search,
    years,
    topics,
    virtualdocs,
    navigation,
    archive,
    feed,
    social,
    sitemap,
    notfound,
    freshness,
    validate,
    safety,
    latexsafe,
    csp,
    translations,
    edition,
    pdffonts,
    stemming,
    comments,
    redirects,
    nesting,
    archivedlinks,
    volumes,
    engine,
)


def setup(app: Sphinx) -> dict:
    app.add_domain(ArchiveDomain)
    for module in MODULES:
        module.setup(app)
    return {
        "version": __version__,
        # a new shape of either domain's data discards old pickled environments
        "env_version": ArchiveDomain.data_version * 100 + search.SearchDataDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
