"""The archive's messages: one enum of their kinds and one way to emit them.

Every problem the archive finds is one line ``<file>:<line>: ERROR: <message>
[archive.<kind>]`` (README, "Error messages", lists them by these codes);
the build treats it as an error. :func:`error` and :func:`warning` emit one
with its place, :func:`at` names a line of a document.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)


class Kind(StrEnum):
    """What a message is about: its code ``[archive.<kind>]``."""

    #: a roundup blurb out of place
    BLURB = "blurb"
    #: a value of conf.py
    CONFIG = "config"
    #: a post without text of its own
    EMPTY = "empty"
    #: a file that is not UTF-8 text, or holds a control character
    ENCODING = "encoding"
    #: a file read from outside the page, or a link out of the source directory
    FILES = "files"
    #: a character none of the PDF's fonts has, or fonts that cannot be read
    FONTS = "fonts"
    #: a post's front matter
    FRONTMATTER = "frontmatter"
    #: a file where the archive generates a page (year and topic pages)
    GENERATED = "generated"
    #: raw HTML, links and other markup a page may not contain
    HTML = "html"
    #: what would reach LaTeX as code
    LATEX = "latex"
    #: the record of links (``links.json``) and its archived copies
    LINKS = "links"
    #: an original address that would replace a file of the site
    REDIRECTS = "redirects"
    #: a file name that is not a slug
    SLUG = "slug"
    #: two posts with one title and date
    TITLE = "title"
    #: the topics file, or a topic not in it
    TOPICS = "topics"


def at(docname: str, line: int | None, env: Any = None) -> tuple[str, int] | str:
    """The place of *line* (the first when unknown) in *docname*. Given *env*,
    by the file's path: a document left out of the project (see ``validate``)
    before Sphinx prints the message could not be found by its name."""
    if env is not None:
        return f"{env.doc2path(docname)}:{line or 1}"
    return (docname, line or 1)


def error(kind: Kind, message: str, *args: Any, location: Any = None) -> None:
    """Emit *message* (``%``-formatted with *args*) as an error of *kind* at
    *location*: ``(docname, line)``, ``"file:line"`` or a node."""
    logger.error(message, *args, location=location, type="archive", subtype=kind.value)


def warning(kind: Kind, message: str, *args: Any, location: Any = None) -> None:
    """The same as a warning (``-W`` makes it fail the build as well)."""
    logger.warning(message, *args, location=location, type="archive", subtype=kind.value)
