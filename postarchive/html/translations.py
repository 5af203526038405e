"""The site's scripts in the archive's language, under its Content-Security-Policy.

On the pages of an archive in another language than English, Sphinx adds its
catalog for the scripts (``_static/translations.js``), which calls
``Documentation.addTranslations``; Sphinx's version of it reads the plural
rule with ``new Function``, which the policy (:mod:`.csp`, no
``'unsafe-eval'``) refuses: an error on every page. ``archive-i18n.js``,
loaded between ``doctools.js`` and ``translations.js``, replaces it with one
that reads the rule with a small parser (no eval); the policy stays as it
is. ``archive-translations.js`` (written as each build starts) adds the words of the
archive's own scripts (the search results' labels) in the archive's language.
An English archive loads neither: its pages are as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from ..core import i18n
from ..ext.i18n import N_, _

#: the archive's words in its scripts (``gettext("…")`` in static/archive-search.js)
JS_MESSAGES = (N_("Glossary"), N_(" (also: {names})"), N_("Summary: "))
PLURAL_SCRIPT = "archive-i18n.js"
MESSAGES_SCRIPT = "archive-translations.js"


def _translated(app: Sphinx) -> bool:
    return app.builder.format == "html" and not i18n.is_english(app.config.language)


def add_scripts(app: Sphinx) -> None:
    """Load both scripts after ``doctools.js`` (priority 200) and before Sphinx's
    ``translations.js`` (500); the messages are written now, so that the pages'
    links carry their checksum (a new translation is not read from a cache)."""
    if _translated(app):
        write_messages(app)
        app.add_js_file(PLURAL_SCRIPT, priority=300)
        app.add_js_file(MESSAGES_SCRIPT, priority=300)


def messages_script(app: Sphinx) -> str:
    messages = {message: _(message) for message in JS_MESSAGES}
    return (
        "/* The words of the archive's scripts in its language (postarchive.html.translations) */\n"
        '"use strict";\n'
        "Object.assign(Documentation.TRANSLATIONS, "
        + json.dumps(messages, ensure_ascii=True, sort_keys=True, indent=2)
        + ");\n"
    )


def write_messages(app: Sphinx) -> None:
    path = Path(app.outdir) / "_static" / MESSAGES_SCRIPT
    text = messages_script(app)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", add_scripts)
