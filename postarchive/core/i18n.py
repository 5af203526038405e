"""The interface in the archive's language, without Sphinx: the message
catalog and dates as readers of that language write them.

Everything the archive writes for readers (labels, headings, the dates of
posts) is in the language of conf.py's settings block (Sphinx's ``language``).
The catalog is ``postarchive/locale/<language>/LC_MESSAGES/postarchive.mo``;
the extension registers the same catalog with Sphinx
(``app.add_message_catalog``, :mod:`..ext.i18n`), and the Sphinx-free code
(the post model's date labels and reading time, the settings' title page)
reads it here, given the language explicitly. The author's text, the build's
messages to the archivist and the command line stay as they are.

English is the catalog's source language: it has no catalog, and its dates
keep the edition's form ("7 June 2016"). A language without a catalog reads
English, with its dates still in its own form when Babel knows it.

This module imports nothing else of the package.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
from pathlib import Path

#: the catalogs: <language>/LC_MESSAGES/postarchive.mo (and .po), and postarchive.pot
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "postarchive"
#: the languages whose catalog ships with the package (English is the source)
SHIPPED = ("fr", "de", "es")


def N_(message: str) -> str:
    """Marks *message* for the catalog where it is defined; it is translated
    where it is shown (``_(CONSTANT)``)."""
    return message


def normalized(language: str | None) -> str:
    """Sphinx's ``language`` as gettext and Babel read it: ``en-US`` → ``en_US``;
    ``en`` when none is given."""
    return (language or "en").replace("-", "_")


def is_english(language: str | None) -> bool:
    return normalized(language).split("_")[0].lower() == "en"


@functools.cache
def translations(language: str | None) -> _gettext.NullTranslations:
    """The catalog for *language* (English, or a language without one: none)."""
    if is_english(language):
        return _gettext.NullTranslations()
    return _gettext.translation(
        DOMAIN, str(LOCALE_DIR), languages=[normalized(language)], fallback=True
    )


def translate(language: str | None, message: str) -> str:
    return translations(language).gettext(message)


def translate_plural(language: str | None, singular: str, plural: str, n: int) -> str:
    return translations(language).ngettext(singular, plural, n)


# -- dates and numbers -------------------------------------------------------------
def format_day(day: dt.date, language: str | None) -> str:
    """*day* as readers of *language* write it: "7 June 2016", "7 juin 2016",
    "7. Juni 2016", "7 de junio de 2016" (Babel's long form; English keeps the
    edition's day-month-year)."""
    if is_english(language):
        return f"{day.day} {day:%B %Y}"
    # Babel (a dependency of Sphinx) only when needed: conf.py is also read by
    # the Makefile's Python, which has no Babel (postarchive/scripts/confvalue.py)
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(day, format="long", locale=normalized(language))
    except (UnknownLocaleError, ValueError):
        return f"{day.day} {day:%B %Y}"


def number(n: int, language: str | None) -> str:
    """*n* with the thousands separator of *language* ("1,234", "1 234", "1.234")."""
    if is_english(language):
        return f"{n:,}"
    from babel.core import UnknownLocaleError
    from babel.numbers import format_decimal

    try:
        return format_decimal(n, locale=normalized(language))
    except (UnknownLocaleError, ValueError):
        return f"{n:,}"
