"""File names: the archive's slug rule (:mod:`postarchive.core.slugs`) applied
to WordPress's ``post_name``, else the title, else the post's ID; collisions
resolved in date order."""

from __future__ import annotations

import re

from ..core.slugs import slugify

RESERVED = {"index", "genindex", "search", "archive", "topics"}


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
