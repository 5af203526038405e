"""Sphinx configuration of the archive.

Build with the Makefile (``make``), or by hand:
``sphinx-build -c . -b html docs build/html -nW --keep-going``.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from postarchive.core.settings import configure  # noqa: E402

# -- The archive's names: set this block to archive another blog --------------------
# Everything that names the archive comes from here: the site's and the PDF's title,
# the title page and the PDF's metadata, the citations, the landing page's
# introduction (the {archive} role) and the PDF's file name. `postarchive new` writes
# a conf.py like this one for another blog (README.md, "Archive your own blog").
ARCHIVE = {
    "title": "Agile in the Clouds",  # the site and the book
    "author": "Rob Hirschfeld",
    "blog": "Rob Hirschfeld’s blog “Agile in the Clouds”",  # as sentences name it
    "blog_citation": "Rob Hirschfeld's Blog — Agile in the Clouds (robhirschfeld.com)",
    "subjects": "open source business models, start-ups, OpenStack and containers",
    "pdf_name": "agile-in-the-clouds.pdf",
    "language": "en",
}

# Everything else every archive shares (theme, MyST, LaTeX and fonts, the 404 page,
# the published address from ARCHIVE_BASEURL): postarchive/settings.py.
configure(globals(), ARCHIVE)

# -- this edition's own ---------------------------------------------------------------
# the scraped source the first three posts come from (each post's source_lines)
archive_source_file = "sources/000_808220f5c2115dd0.txt"
# Raw output that pages may hold without the checks of postarchive/safety.py,
# reviewed: the landing page's LaTeX (the PDF's parts and "About this edition").
# Posts get no exemption.
archive_trusted_raw = {"index": ["latex"]}
