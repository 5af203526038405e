"""The configuration every archive shares, filled in from its settings block.

A ``conf.py`` (this repository's, or one ``postarchive new`` writes) holds the
archive's names in one dictionary and hands it to :func:`configure`::

    ARCHIVE = {"title": …, "author": …, "blog": …, "blog_citation": …,
               "subjects": …, "pdf_name": …, "language": …}
    from postarchive.core.settings import configure
    configure(globals(), ARCHIVE)

and then sets what is its own (``archive_source_file``, ``archive_trusted_raw``…).
Everything that names the archive comes from the block: the site's and the
PDF's title, the title page and the PDF's metadata, the citations, the landing
page's introduction (the ``{archive}`` role) and the PDF's file name.
Sphinx-free: reading a configuration needs nothing of Sphinx.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from . import i18n

HERE = Path(__file__).resolve().parents[1]  # the package: static/
#: the keys of a settings block, each required
SETTINGS = ("title", "author", "blog", "blog_citation", "subjects", "pdf_name", "language")
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def tex(text: str) -> str:
    """*text* for LaTeX, its special characters escaped: the archive's one escaper
    (the title page, the metadata, the year parts' titles), Sphinx-free because
    conf.py's settings use it before Sphinx is loaded."""
    return "".join(_TEX_SPECIALS.get(c, c) for c in text)


def configure(conf: dict, archive: dict) -> None:
    """Set every configuration value of an archive in *conf* (a conf.py's
    ``globals()``) from its settings block *archive*."""
    missing = [key for key in SETTINGS if not str(archive.get(key, "")).strip()]
    if missing:
        raise ValueError(f"conf.py's settings block lacks {', '.join(missing)}")
    conf.update(_general(archive))
    conf.update(_html(archive))
    conf.update(_latex(archive))


def _general(archive: dict) -> dict:
    # The build date: SOURCE_DATE_EPOCH when set (the build sets it to the last
    # commit's time), so two builds of the same sources are identical.
    built = dt.datetime.fromtimestamp(
        int(os.environ.get("SOURCE_DATE_EPOCH", time.time())), tz=dt.timezone.utc
    ).date()
    build_year = built.year
    # The address the archive is published at: ARCHIVE_BASEURL when building the
    # copy you publish (on Read the Docs, its canonical address). Without it (a
    # local build) pages have no canonical link, no sitemap, and the feed points
    # at the local preview.
    baseurl = os.environ.get("ARCHIVE_BASEURL") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    site_path = urlsplit(baseurl).path.strip("/")
    language = archive["language"]
    return {
        "project": archive["title"],
        "author": archive["author"],
        "copyright": i18n.translate(
            language, "{author} (posts); {year} the archive editors (editorial matter)"
        ).format(author=archive["author"], year=build_year),
        "language": archive["language"],
        "release": i18n.translate(language, "Archive edition"),
        "version": "",
        # the day of the build as readers of the language write it (the PDF's title page)
        "today": i18n.format_day(built, language),
        "extensions": [
            "myst_parser",
            "sphinx_copybutton",
            "notfound.extension",  # the 404 page (its text: postarchive/html/notfound.py)
            "postarchive",
        ],
        "root_doc": "index",
        "exclude_patterns": [],
        "nitpicky": True,
        "myst_enable_extensions": ["colon_fence", "deflist"],
        "myst_title_to_header": True,  # the front-matter title is the page's heading
        "archive_names": archive,  # the {archive} role: {archive}`blog`, {archive}`subjects`…
        "archive_blog_name": archive["blog_citation"],
        "archive_pdf_name": archive["pdf_name"],
        "html_baseurl": baseurl,
        # the 404 page links its styles and pages from the path the site is served at
        "notfound_urls_prefix": f"/{site_path}/" if site_path else "/",
        "archive_preview_url": "http://127.0.0.1:8000/",
    }


def _html(archive: dict) -> dict:
    return {
        "html_theme": "sphinx_book_theme",
        "html_title": archive["title"],
        "html_short_title": archive["title"],
        "html_last_updated_fmt": None,
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_favicon": str(HERE / "static" / "favicon.svg"),  # else browsers ask for /favicon.ico
        # the theme's colour mode before a reader picks one: follow the system
        "html_context": {"default_mode": "auto"},
        "html_theme_options": {
            "home_page_in_toc": True,
            # the book theme has its own search field in the sidebar: no header bar
            "navbar_persistent": [],
            "show_navbar_depth": 1,
            "use_download_button": False,
            "use_fullscreen_button": False,
            "extra_footer": "",
        },
        "html_sidebars": {
            "**": ["navbar-logo.html", "search-button-field.html", "archive-sidebar-nav.html"]
        },
    }


#: LuaLaTeX with babel: every script an author may write (postarchive/pdf/pdffonts.py
#: writes the font set-up from these and checks every character first)
PDF_FONTS = {
    "serif": "FreeSerif",
    "sans": "FreeSans",
    "mono": "FreeMono",
    # tried in order for a character the text fonts lack (CJK and Hangul; emoji in
    # monochrome and symbols; the rest)
    "fallback": ["WenQuanYi Micro Hei", "Symbola", "DejaVu Sans"],
    "arabic": "Amiri",
}


def _latex(archive: dict) -> dict:
    language = archive["language"]
    return {
        "latex_engine": "lualatex",
        "archive_pdf_fonts": dict(PDF_FONTS),
        "latex_documents": [
            (
                "index",
                archive["pdf_name"].removesuffix(".pdf") + ".tex",
                tex(archive["title"]),
                tex(archive["author"]),
                "manual",
            ),
        ],
        "latex_show_urls": "footnote",
        "latex_domain_indices": False,
        "latex_elements": {
            "papersize": "a4paper",
            "pointsize": "11pt",
            "fncychap": "",
            # long addresses (the original URLs) may break after - and /
            "passoptionstopackages": r"\PassOptionsToPackage{hyphens}{url}",
            "geometry": r"\usepackage[headheight=14pt]{geometry}",
            "releasename": "",
            "sphinxsetup": "HeaderFamily=\\rmfamily\\bfseries",
            # figures stay where the author put them: a gallery of dozens of
            # images would otherwise pile up LaTeX's floats ("Too many
            # unprocessed floats") and stop the PDF
            "figure_align": "H",
            "preamble": PREAMBLE,
            "printindex": r"\footnotesize\raggedright\printindex",
            # the title is the document's (\title: the book's, or "Title: 2016" for a volume)
            "maketitle": title_page(archive, language),
        },
    }


# No hyphenation: the author's words are never broken (it also keeps the
# PDF's text searchable and copyable word for word).
PREAMBLE = r"""
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
"""


def title_page(archive: dict, language: str) -> str:
    """The PDF's title page: the archive's names and our words in its language,
    each escaped for LaTeX (never LaTeX of their own)."""

    def our(message: str) -> str:
        return tex(i18n.translate(language, message))

    return (
        MAKETITLE.replace("@AUTHOR@", tex(archive["author"]))
        .replace("@BLOG@", tex(archive["blog"]))
        .replace("@ARCHIVE_OF@", our(i18n.N_("An archive of")))
        .replace("@FROM@", our(i18n.N_("from")))
        .replace("@EDITION@", our(i18n.N_("Archive edition")))
        .replace("@BUILT@", our(i18n.N_("Built")))
        .replace("@WORD_FOR_WORD@", our(i18n.N_("The author’s text is reproduced word for word;")))
        .replace(
            "@OURS@",
            our(
                i18n.N_("the framed boxes, notes, glossary and topics are by the archive editors.")
            ),
        )
    )


MAKETITLE = r"""
\makeatletter
\let\sphinxrestorepageanchorsetting\relax
\ifHy@pageanchor\def\sphinxrestorepageanchorsetting{\Hy@pageanchortrue}\fi
\hypersetup{pageanchor=false,pdfauthor={@AUTHOR@},pdftitle={\@title},
  pdfsubject={@ARCHIVE_OF@ \archivepostsphrase\space @FROM@ @BLOG@}}
\begin{titlepage}
  \centering
  \rule{\textwidth}{0.8pt}\par
  \vspace*{0.16\textheight}
  {\py@HeaderFamily\Huge \@title\par}
  \vspace{1.5em}
  {\Large\itshape \ArchivePostsPhrase\ @FROM@ @BLOG@\par}
  \vspace{4em}
  {\LARGE @AUTHOR@\par}
  \vfill
  {\large @EDITION@\par}
  \vspace{0.6em}
  {\normalsize @BUILT@ \@date\par}
  \vspace{2em}
  {\small @WORD_FOR_WORD@\\
   @OURS@\par}
  \vspace{1em}
  \rule{\textwidth}{0.8pt}\par
\end{titlepage}
\archivespaceglyphs
\setcounter{footnote}{0}
\sphinxrestorepageanchorsetting
\makeatother
"""
