"""postarchive: the Sphinx extension behind the "Agile in the Clouds" archive.

One module per concern:

* :mod:`.frontmatter` – reading and validating a post's front matter;
* :mod:`.domain` – the build data, purged and merged like any Sphinx domain;
* :mod:`.posts` – post metadata, the About box, citation, post toctree and lists;
* :mod:`.markup` – scrape artifacts, lost figures, roundup blurbs;
* :mod:`.topics` – the topic list, its checks, generated topic pages, topic links;
* :mod:`.chronology` – the archive by year, previous / next, related posts, reading time;
* :mod:`.feed` – the Atom feed and its link in every page's head;
* :mod:`.incremental` – incremental builds equal to clean ones (stale pages, search words);
* :mod:`.glossary` – "Used in" back-references and hover definitions of terms;
* :mod:`.theme` – stylesheet, PDF link and LaTeX macros;
* :mod:`.validate` – bad input: encoding, file names, raw HTML, unique titles.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import chronology, feed, glossary, incremental, markup, posts, theme, topics, validate
from .domain import ArchiveDomain

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    app.add_domain(ArchiveDomain)
    for module in (
        posts, markup, glossary, theme, topics, chronology, feed, incremental, validate
    ):
        module.setup(app)
    return {
        "version": __version__,
        "env_version": ArchiveDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
