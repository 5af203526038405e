"""Sphinx configuration for the "Agile in the Clouds" archive.

Build with the Makefile (``make``), or by hand:
``sphinx-build -c . -b html docs build/html -nW --keep-going``.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

project = "Agile in the Clouds"
author = "Rob Hirschfeld"
_build_year = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))).tm_year
copyright = f"2014–2016 Rob Hirschfeld (posts); {_build_year} the archive editors (editorial matter)"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "postarchive",
]

root_doc = "index"
exclude_patterns = []
nitpicky = True

# -- MyST -------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_title_to_header = True  # the front-matter title is the page's heading

# -- the archive --------------------------------------------------------------
archive_blog_name = "Rob Hirschfeld's Blog — Agile in the Clouds (robhirschfeld.com)"
archive_source_file = "sources/000_808220f5c2115dd0.txt"
archive_pdf_name = "agile-in-the-clouds.pdf"
# Absolute address of the published archive, used by the feed and citations.
html_baseurl = os.environ.get("ARCHIVE_BASEURL", "http://127.0.0.1:8000/")

# -- HTML -------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Agile in the Clouds"
html_short_title = "Agile in the Clouds"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_favicon = "postarchive/static/favicon.svg"  # else browsers ask for a missing /favicon.ico
# pydata-sphinx-theme's colour mode before a reader picks one: follow the system
# (without it the theme logs "Got invalid theme mode" on a first visit).
html_context = {"default_mode": "auto"}
html_theme_options = {
    "home_page_in_toc": True,
    # pydata-sphinx-theme 0.20 adds a search field to a header bar unless this is
    # set; sphinx-book-theme has its own search field in the sidebar, so the bar
    # would only repeat it.
    "navbar_persistent": [],
    "show_navbar_depth": 1,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "extra_footer": "",
}
html_sidebars = {
    "**": [
        "navbar-logo.html",
        "search-button-field.html",
        "sbt-sidebar-nav.html",
        "archive-sidebar-pdf.html",
    ]
}

copybutton_selector = "div.archive-cite-text pre, div.highlight pre"

# -- LaTeX / PDF --------------------------------------------------------------
latex_engine = "xelatex"
latex_documents = [
    ("index", "agile-in-the-clouds.tex", "Agile in the Clouds", "Rob Hirschfeld", "manual"),
]
latex_show_urls = "footnote"
latex_domain_indices = False
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "fontpkg": r"""
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{FreeMono}
""",
    "preamble": "",
    "printindex": r"\footnotesize\raggedright\printindex",
}
