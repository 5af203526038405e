"""The archive's one slug rule: lowercase ASCII letters and digits joined by
single hyphens (``[a-z0-9]+(-[a-z0-9]+)*``). A post's file name, a topic's
slug and the PDF's file name follow it; text becomes a slug by
transliteration (``café`` → ``cafe``, ``Straße`` → ``strasse``, ``日本語`` →
``ribenyu``), so the importer, ``postarchive new`` and the build's
suggestions all make the same slug of the same text."""

from __future__ import annotations

import re
from urllib.parse import unquote

from anyascii import anyascii

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_LENGTH = 80


def is_slug(text: str) -> bool:
    """Whether *text* is a slug by the rule."""
    return bool(SLUG.fullmatch(text))


def slugify(text: str, fallback: str = "") -> str:
    """*text* as a slug: percent-decoded, transliterated to ASCII, lowercase
    letters and digits joined by single hyphens, at most :data:`MAX_LENGTH`
    characters (cut at a hyphen); *fallback* when nothing is left (an empty
    or punctuation-only text, an emoji)."""
    text = unquote(text or "")
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    slug = "-".join(re.findall(r"[a-z0-9]+", anyascii(text).lower()))
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug or fallback
