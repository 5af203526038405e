"""File names: the archive's slug rule (lowercase letters, digits, single
hyphens), from WordPress's ``post_name`` (percent-decoded, transliterated),
else the title, else the post's ID; collisions resolved in date order."""

from __future__ import annotations

import re
from urllib.parse import unquote

from anyascii import anyascii

MAX_LENGTH = 80
RESERVED = {"index", "genindex", "search", "archive", "topics"}


def slugify(text: str) -> str:
    """Lowercase ASCII letters and digits, joined by single hyphens."""
    text = unquote(text or "")
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    ascii_text = anyascii(text).lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text))
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug


def base_slug(post_name: str, title: str, entry_id: str) -> str:
    slug = slugify(post_name) or slugify(title)
    if not slug:
        digits = re.sub(r"\D", "", entry_id or "")[-12:]
        slug = f"post-{digits}" if digits else "post"
    if slug in RESERVED:
        slug += "-post"
    return slug


def assign(wanted: list[tuple[str, str]], taken: set[str]) -> dict[str, str]:
    """*wanted*: ``(key, base slug)`` in the order that wins collisions (date,
    then ID). The first keeps its slug; the next get ``-2``, ``-3``… Slugs in
    *taken* (files not written by this import) are never given."""
    used = set(taken)
    result = {}
    for key, base in wanted:
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        result[key] = slug
    return result
