"""Every ``archive_*`` value of conf.py, declared in one table: its default,
what a change of it rebuilds, its type, and what it means (:data:`SETTINGS`).

:func:`setup` registers them all; :func:`check_values` refuses a value of the
wrong type, or outside its choices (Sphinx's ``ENUM``), when the
configuration is read, with an error that names the value (``[archive.config]``). The modules read
``app.config.archive_…`` as Sphinx's own values. The shared settings block
(:mod:`.core.settings`) fills some of them in from an archive's names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import ENUM, Config

from . import report, stages
from .report import Kind

#: the 404 page's links (docnames), unless conf.py says otherwise (an archive may
#: lack some of these pages; a page conf.py names must exist)
NOTFOUND_LINKS = ["archive", "glossary", "topics/index"]
#: the link previews' image, a path in the built site or an address
DEFAULT_SOCIAL_IMAGE = "_static/archive-card.png"
#: the choices of ``archive_redirects``
REDIRECTS = ENUM("imported", "all", "none")
#: the choices of ``archive_pdf_engine``: pdfLaTeX when the text allows (auto), or LuaLaTeX
ENGINES = ENUM("auto", "lualatex")


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _text_keys(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(key, str) for key in value)


def _formats_by_page(value: Any) -> bool:
    return _text_keys(value) and all(_texts(formats) for formats in value.values())


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    #: what a change rebuilds: "env" (every document is read again) or "html"
    rebuild: str
    #: the types Sphinx checks (a type, or an ``ENUM`` of the choices)
    types: type | ENUM
    #: what the value must be, as the error says it
    expected: str
    #: a closer check than the type's, when there is one
    check: Callable[[Any], bool] | None = None

    def accepts(self, value: Any) -> bool:
        if isinstance(self.types, ENUM):
            return isinstance(value, str) and self.types.match(value)
        return isinstance(value, self.types) and (self.check is None or self.check(value))


#: every value, in the order the modules registered them
SETTINGS = (
    Setting("archive_post_patterns", ["posts/*"], "env", list, "a list of patterns", _texts),
    Setting("archive_blog_name", "", "env", str, "text"),
    Setting("archive_source_file", "", "env", str, "a path (text)"),
    Setting("archive_glossary_page", "glossary", "env", str, "a document name (text)"),
    Setting("archive_autolink_terms", True, "env", bool, "True or False"),
    Setting("archive_pdf_name", "archive.pdf", "html", str, "a file name (text)"),
    Setting("archive_topics_file", "topics.yaml", "env", str, "a path (text)"),
    Setting("archive_preview_url", "http://127.0.0.1:8000/", "html", str, "an address (text)"),
    Setting("archive_feed_length", 50, "html", int, "a whole number, 0 or more", _count),
    Setting("archive_social_image", DEFAULT_SOCIAL_IMAGE, "html", str, "a path or address"),
    Setting(
        "archive_notfound_links", NOTFOUND_LINKS, "html", list, "a list of document names", _texts
    ),
    Setting(
        "archive_trusted_raw",
        {},
        "env",
        dict,
        "a mapping of document names to lists of formats",
        _formats_by_page,
    ),
    Setting("archive_names", {}, "env", dict, "a mapping of names to text", _text_keys),
    Setting("archive_pdf_fonts", {}, "env", dict, "a mapping of font roles", _text_keys),
    Setting("archive_redirects", "imported", "html", REDIRECTS, "one of 'all', 'imported', 'none'"),
    Setting("archive_link_record", "links.json", "env", str, "a path (text)"),
    Setting("archive_pdf_volumes", True, "html", bool, "True or False"),
    Setting("archive_pdf_engine", "auto", "html", ENGINES, "one of 'auto', 'lualatex'"),
)


def site_address(config: Config, local: bool = False) -> str:
    """The site's absolute address (``html_baseurl``) ending in one slash, or ""
    when it is unknown; *local*: then the local preview's (``archive_preview_url``)."""
    base = config.html_baseurl or (config.archive_preview_url if local else "")
    return (base if base.endswith("/") else base + "/") if base else ""


def _line(app: Sphinx, name: str) -> str | None:
    """Where conf.py sets *name* (``file:line``); None when it does not (a
    value given with ``-D``): the message names conf.py's value then."""
    if not app.confdir:
        return None
    conf = Path(app.confdir) / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
    found = [n for n, line in enumerate(lines, 1) if re.match(rf"{name}\s*[:=]", line)]
    return f"{conf}:{found[-1]}" if found else None


def check_values(app: Sphinx, config: Config) -> None:
    """Report each value of conf.py that is not what its setting takes (the
    build fails) and use the default instead, so the build goes on to report
    every other problem and nothing downstream meets a value of the wrong type."""
    for setting in SETTINGS:
        value = config[setting.name]
        if not setting.accepts(value):
            report.error(
                Kind.CONFIG,
                "conf.py's %s must be %s, not %r",
                setting.name,
                setting.expected,
                value,
                location=_line(app, setting.name),
            )
            config[setting.name] = setting.default


def setup(app: Sphinx) -> None:
    for setting in SETTINGS:
        types = setting.types if isinstance(setting.types, ENUM) else [setting.types]
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=types)
    app.connect("config-inited", check_values, priority=stages.ConfigInited.CHECK_VALUES)
