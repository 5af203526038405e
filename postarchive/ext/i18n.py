"""The archive's message catalog, registered with Sphinx.

The extension's modules translate what they write for readers with
``_("…")`` (Sphinx's :func:`sphinx.locale.get_translation` for the catalog
``postarchive``) and ``ngettext``, called while a page is made, never at
import; a constant defined at import is marked with :func:`N_` and
translated where it is shown. The catalog follows Sphinx's ``language``;
the Sphinx-free core reads the same catalog itself (:mod:`..core.i18n`).
"""

from __future__ import annotations

from sphinx import locale
from sphinx.application import Sphinx

from ..core import i18n as core_i18n
from ..core.i18n import DOMAIN, LOCALE_DIR, N_
from ..core.settings import tex
from . import compat

__all__ = ["N_", "_", "ngettext", "language_of", "page_abbreviation"]

_ = locale.get_translation(DOMAIN)


def ngettext(singular: str, plural: str, n: int) -> str:
    return locale.get_translator(DOMAIN).ngettext(singular, plural, n)


def page_abbreviation(n: int) -> str:
    """The abbreviation before *n* page numbers in the PDF, in the archive's
    language ("p."/"pp.", "S.", "pág."/"págs."), escaped for LaTeX."""
    return tex(ngettext("p.", "pp.", n))


def language_of(app: Sphinx) -> str:
    """The archive's language (Sphinx's ``language``), for the core's labels."""
    return app.config.language or "en"


def register_catalog(app: Sphinx) -> None:
    # sphinx.locale.init merges a catalog into the one a previous application of
    # the same process registered (another archive, in another language): start
    # afresh, so each build reads its own language only.
    compat.forget_catalog(DOMAIN)
    if core_i18n.is_english(app.config.language):
        locale.init([], None, DOMAIN)  # the source language: no catalog
        return
    app.add_message_catalog(DOMAIN, LOCALE_DIR)


def setup(app: Sphinx) -> None:
    # before every other module's builder-inited handler
    app.connect("config-inited", lambda app, config: register_catalog(app), priority=100)
