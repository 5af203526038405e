"""The 404 page's text.

The page is sphinx-notfound-page's (``conf.py`` loads it and sets its
prefix from the site's address, so its links and styles work at any depth
of a missing address). This module writes what it says: the site's search
field, and links to the pages a lost reader wants (``archive_notfound_links``:
docnames; their titles are the pages' own; of the default list, the pages the
archive has).
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx

from ..ext import report, stages
from ..ext.config import NOTFOUND_LINKS
from ..ext.i18n import _
from ..ext.report import Kind


def notfound_body(app: Sphinx) -> str:
    """The 404 page's body: what happened, the search field, the links."""
    prefix = app.config.notfound_urls_prefix or "/"
    titles = app.env.titles
    items = []
    links = app.config.archive_notfound_links
    for docname in links:
        if docname not in titles:
            # an archive need not have every page of the default list (an imported
            # blog may have no glossary); a page conf.py names must exist
            if links != NOTFOUND_LINKS:
                report.warning(Kind.CONFIG, "archive_notfound_links: no page %r", docname)
            continue
        href = html.escape(prefix + app.builder.get_target_uri(docname), quote=True)
        items.append(f'<li><a href="{href}">{html.escape(titles[docname].astext())}</a></li>')
    search = html.escape(prefix + app.builder.get_target_uri("search"), quote=True)
    home = html.escape(prefix + app.builder.get_target_uri(app.config.root_doc), quote=True)
    text = {
        "title": _("Page not found"),
        "what": _(
            "There is no page at this address in the archive. It may have been mistyped, or "
            "the post may live at another address here: search for words of its title, or "
            "browse the lists below."
        ),
        "label": _("Search the archive"),
        "placeholder": _("Search…"),
        "button": _("Search"),
        "home": _("The archive’s front page"),
    }
    text = {key: html.escape(value, quote=True) for key, value in text.items()}
    return (
        '<section class="archive-notfound">\n'
        f"<h1>{text['title']}</h1>\n"
        f"<p>{text['what']}</p>\n"
        f'<form class="bd-search archive-notfound-search" action="{search}" method="get" '
        'role="search">\n'
        f'<label for="archive-notfound-q">{text["label"]}</label>\n'
        '<input type="search" id="archive-notfound-q" name="q" autocomplete="off" '
        f'spellcheck="false" placeholder="{text["placeholder"]}" />\n'
        f'<button type="submit" class="btn">{text["button"]}</button>\n</form>\n'
        f'<ul class="archive-notfound-links">\n<li><a href="{home}">{text["home"]}'
        "</a></li>\n" + "\n".join(items) + "\n</ul>\n</section>"
    )


def notfound_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Fill sphinx-notfound-page's page (a page without a source document)."""
    if (
        doctree is None
        and app.builder.name == "html"
        and pagename == getattr(app.config, "notfound_pagename", None)
    ):
        context["title"] = _("Page not found")
        context["body"] = notfound_body(app)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", notfound_page, priority=stages.PageContext.NOTFOUND)
