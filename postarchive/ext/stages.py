"""Where each of the archive's event handlers runs among the others: one named
table of the priorities given to ``app.connect``, by event.

Sphinx runs an event's handlers by priority, lowest first (the default is
500); handlers with one priority run in the order they were
connected (the order of ``extension.MODULES``). Each name says why its place
matters: what must have happened before and what reads its result after.
Handlers that need no particular place connect without a priority (500).
This module imports nothing.
"""

from __future__ import annotations


class ConfigInited:
    """``config-inited``: the configuration as Sphinx has read it."""

    #: the archive's values checked before any handler reads them
    CHECK_VALUES = 100
    #: the package's templates and static files, before the themes look for them
    ADD_PATHS = 400
    #: the archive's LaTeX macros, before anything is appended to the preamble
    LATEX_MACROS = 400
    #: the Lua guard, loaded after every other preamble addition
    LATEX_GUARD = 900


class Read:
    """``doctree-read``: the doctree of one document, just read."""

    #: a post's heading back to its front-matter title, and front-matter
    #: values as text, before the page checks see them as markup
    AS_WRITTEN = 390
    #: imported line breaks made explicit, before the page checks
    LINE_BREAKS = 399
    #: what a page may contain, before anything else reads the doctree (the
    #: word count, term uses, images)
    PAGE_CHECKS = 400
    #: what reaches LaTeX verbatim, right after the page checks
    LATEX_CHECKS = 401
    #: glossary terms linked at their first use: after the page checks, before
    #: the term uses are recorded (glossary, 500)
    AUTOLINK = 420
    #: a post's words of its own, counted when it was recorded (posts, 500)
    POST_HAS_TEXT = 550
    #: the PDF's fonts checked after the About box and the citation are added
    #: (posts, 500): their text, from the front matter, is checked too
    FONT_CHECK = 560
    #: each post's navigation box, after the citation that posts adds (500)
    NAVIGATION = 600
    #: topics checked once the post and its blurbs are recorded (500)
    TOPIC_CHECKS = 600
    #: the search's text, after the other modules have added their boxes (so
    #: the editorial ones are recognised)
    SEARCH_TEXT = 800
    #: archived copies beside dead links: after the search took the page's text
    #: (registered after it), so the search finds the author's words only
    ARCHIVED_COPIES = 800


class EnvUpdated:
    """``env-updated``: every document read, before the builder writes."""

    #: the PDF's volumes added to ``latex_documents`` once the years are known,
    #: before the font set-up is fitted to the text, which reads the titles of
    #: the documents the LaTeX builder will write
    ADD_VOLUMES = 400
    #: the font set-up fitted to what the text needs (pdffonts)
    FIT_FONTS = 500
    #: the engine chosen from the same needs, once the set-up is LuaLaTeX's
    #: fitted one (pdfLaTeX replaces it only where it is ours)
    CHOOSE_ENGINE = 600


class Resolved:
    """``doctree-resolved``: a document's doctree, references resolved."""

    #: left-out topic pages dropped before the placeholders (500) are resolved:
    #: their lists are never made
    DROP_TOPIC_PAGES = 450
    #: editorial boxes marked for the search indexer, after the placeholders
    #: (500) put them in place
    SEARCH_MARKS = 900
    #: year pages as the PDF's parts, once their lists are resolved
    YEARS_AS_PARTS = 900
    #: links into the other PDFs of the book (the volumes, its frame), once the
    #: frame has its parts
    ACROSS_PDFS = 920
    #: where each document ends in the .tex, last (after the parts are set)
    DOCUMENT_ENDS = 950


class PageContext:
    """``html-page-context``: a page's template context, before rendering."""

    #: a generated page's source names, before anything reads them
    GENERATED_SOURCE = 100
    #: the 404 page's text, before sphinx-notfound-page renders it (400)
    NOTFOUND = 300
    #: the PDF's name for the templates, before the themes' handlers (500)
    PDF_NAME = 400
    #: the PDF button, after sphinx-book-theme fills its header buttons (501)
    PDF_BUTTON = 510
    #: named sidebar toggles, after pydata-sphinx-theme puts
    #: ``generate_toctree_html`` in the context (500)
    NAV_TOGGLES = 600


class PostTransform:
    """Post-transforms of a builder (Sphinx's ``default_priority``)."""

    #: lists and quotes too deep for LaTeX set flat, after references are
    #: resolved and after Sphinx's LaTeX post-transforms (750 at the most)
    FLATTEN_NESTING = 880
