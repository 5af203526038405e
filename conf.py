"""Sphinx configuration of the archive.

Build with the Makefile (``make``), or by hand:
``sphinx-build -c . -b html docs build/html -nW --keep-going``.
"""

import os
import sys
import time
from urllib.parse import urlsplit

_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _here)

# -- The archive's names: set this block to archive another blog --------------------
# Everything that names the archive comes from here: the site's and the PDF's title,
# the title page and the PDF's metadata, the citations, the landing page's
# introduction (the {archive} role) and the PDF's file name. Then import the blog
# and run make (README.md, "Archive your own blog").
ARCHIVE = {
    "title": "Agile in the Clouds",  # the site and the book
    "author": "Rob Hirschfeld",
    "blog": "Rob Hirschfeld’s blog “Agile in the Clouds”",  # as sentences name it
    "blog_citation": "Rob Hirschfeld's Blog — Agile in the Clouds (robhirschfeld.com)",
    "subjects": "open source business models, start-ups, OpenStack and containers",
    "pdf_name": "agile-in-the-clouds.pdf",
    "language": "en",
}

def _tex(text: str) -> str:
    """*text* for LaTeX (the title page and metadata): its special characters escaped."""
    specials = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}"}
    return "".join(specials.get(c, c) for c in text)


project = ARCHIVE["title"]
author = ARCHIVE["author"]
_build_year = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))).tm_year
copyright = f"{ARCHIVE['author']} (posts); {_build_year} the archive editors (editorial matter)"
language = ARCHIVE["language"]
release = "Archive edition"
version = ""
# The build date: SOURCE_DATE_EPOCH when set (tools/build.sh sets it to the
# last commit's time), so two builds of the same sources are identical.
today_fmt = "%d %B %Y"

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "notfound.extension",  # the 404 page (its text: postarchive/publish.py)
    "postarchive",
]

root_doc = "index"
exclude_patterns = []
nitpicky = True

# -- MyST -------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_title_to_header = True  # the front-matter title is the page's heading

# -- the archive --------------------------------------------------------------
archive_names = ARCHIVE  # the {archive} role: {archive}`blog`, {archive}`subjects`…
archive_blog_name = ARCHIVE["blog_citation"]
archive_source_file = "sources/000_808220f5c2115dd0.txt"
archive_pdf_name = ARCHIVE["pdf_name"]
# The address the archive is published at: set ARCHIVE_BASEURL when building
# the copy you publish (on Read the Docs, its canonical address is used). It
# gives every page its canonical link and link-preview address, each citation
# its "Archived copy" address, the feed its links, and the site its sitemap.xml
# and robots.txt. Without it (a local build) pages have no canonical link,
# citations no archived-copy address, there is no sitemap, and the feed points
# at the local preview (`make livehtml`).
html_baseurl = os.environ.get("ARCHIVE_BASEURL") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
# The 404 page (sphinx-notfound-page) links its styles and pages absolutely, from
# the path the site is served at, so it works at any depth of a missing address.
_site_path = urlsplit(html_baseurl).path.strip("/")
notfound_urls_prefix = f"/{_site_path}/" if _site_path else "/"
archive_preview_url = "http://127.0.0.1:8000/"
# Raw output that pages may hold without the checks of postarchive/safety.py,
# reviewed: the landing page's LaTeX (the PDF's parts and "About this edition").
# Posts get no exemption.
archive_trusted_raw = {"index": ["latex"]}

# -- HTML -------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = ARCHIVE["title"]
html_short_title = ARCHIVE["title"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_favicon = os.path.join(_here, "postarchive", "static", "favicon.svg")  # else browsers ask for a missing /favicon.ico
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
        "archive-sidebar-nav.html",
    ]
}


# -- LaTeX / PDF --------------------------------------------------------------
# LuaLaTeX with babel: every script an author may write, Arabic and Hebrew right to
# left in the right order, CJK and emoji from fallback fonts (postarchive/pdffonts.py
# writes the font set-up from archive_pdf_fonts and checks every character first).
latex_engine = "lualatex"
archive_pdf_fonts = {
    "serif": "FreeSerif",
    "sans": "FreeSans",
    "mono": "FreeMono",
    # tried in order for a character the text fonts lack (CJK and Hangul; emoji in
    # monochrome and symbols; the rest)
    "fallback": ["WenQuanYi Micro Hei", "Symbola", "DejaVu Sans"],
    "arabic": "Amiri",
}
latex_documents = [
    # (the title and author are LaTeX here)
    ("index", ARCHIVE["pdf_name"].removesuffix(".pdf") + ".tex", _tex(ARCHIVE["title"]),
     _tex(ARCHIVE["author"]), "manual"),
]
latex_show_urls = "footnote"
latex_domain_indices = False
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "fncychap": "",
    # long addresses (the original URLs) may break after - and /
    "passoptionstopackages": r"\PassOptionsToPackage{hyphens}{url}",
    "geometry": r"\usepackage[headheight=14pt]{geometry}",
    "releasename": "",
    "sphinxsetup": "HeaderFamily=\\rmfamily\\bfseries",
    # No hyphenation: the author's words are never broken (it also keeps the
    # PDF's text searchable and copyable word for word).
    "preamble": r"""
\hyphenpenalty=10000
\exhyphenpenalty=10000
\emergencystretch=3em
\makeatletter
\renewcommand{\py@release}{}% the edition is on the title page, not in every header
\renewcommand{\sphinxheadercomma}{}
\makeatother
% Typeset each face's space glyph once (invisibly, on the title page), so the
% PDF embeds its width and text extractors find the spaces between words in
% every face, term links in italics included.
\newcommand{\archivespaceglyph}{\makebox[0pt][l]{\char"20}}
\newcommand{\archivespaceglyphs}{%
  {\rmfamily\archivespaceglyph\itshape\archivespaceglyph\bfseries\archivespaceglyph
   \upshape\archivespaceglyph\sffamily\archivespaceglyph\mdseries\archivespaceglyph
   \ttfamily\archivespaceglyph}}
% the table of contents is not named after the first toctree's caption
\addto\captionsenglish{\renewcommand{\contentsname}{Contents}}
""",
    "printindex": r"\footnotesize\raggedright\printindex",
    "maketitle": r"""
\makeatletter
\let\sphinxrestorepageanchorsetting\relax
\ifHy@pageanchor\def\sphinxrestorepageanchorsetting{\Hy@pageanchortrue}\fi
\hypersetup{pageanchor=false,pdfauthor={@AUTHOR@},pdftitle={@TITLE@},
  pdfsubject={An archive of \archivepostsphrase\space from @BLOG@}}
\begin{titlepage}
  \centering
  \rule{\textwidth}{0.8pt}\par
  \vspace*{0.16\textheight}
  {\py@HeaderFamily\Huge @TITLE@\par}
  \vspace{1.5em}
  {\Large\itshape \ArchivePostsPhrase\ from @BLOG@\par}
  \vspace{4em}
  {\LARGE @AUTHOR@\par}
  \vfill
  {\large Archive edition\par}
  \vspace{0.6em}
  {\normalsize Built \@date\par}
  \vspace{2em}
  {\small The author’s text is reproduced word for word;\\
   the framed boxes, notes, glossary and topics are by the archive editors.\par}
  \vspace{1em}
  \rule{\textwidth}{0.8pt}\par
\end{titlepage}
\archivespaceglyphs
\setcounter{footnote}{0}
\sphinxrestorepageanchorsetting
\makeatother
""".replace("@TITLE@", _tex(ARCHIVE["title"])).replace("@AUTHOR@", _tex(ARCHIVE["author"]))
    .replace("@BLOG@", _tex(ARCHIVE["blog"])),
}
