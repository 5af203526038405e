"""Which entries become posts, and why the others do not (the reasons the
summary counts)."""

from __future__ import annotations

from .records import Entry

_TYPES = {"attachment": "attachment", "revision": "revision", "nav_menu_item": "menu item"}
_STATUSES = {
    "draft": "draft",
    "auto-draft": "draft",
    "pending": "pending",
    "future": "scheduled",
    "private": "private",
    "trash": "trash",
    "inherit": "revision",
}


def block_withheld(entry: Entry) -> str | None:
    """None if the reusable block *entry* is shown where posts use it
    (published, no password), else why not (WordPress shows nothing)."""
    status = entry.status.strip().lower()
    if status != "publish":
        return _STATUSES.get(status, f"status {status}")
    if entry.password.strip():
        return "password-protected"
    return None


def skip_reason(entry: Entry, pages: bool) -> str | None:
    """None if *entry* is imported, else why not."""
    if entry.type in _TYPES:
        return _TYPES[entry.type]
    if entry.type == "page" and not pages:
        return "page without --pages"
    if entry.type not in ("post", "page"):
        return f"other content type ({entry.type})"
    status = entry.status.lower()
    if status in _STATUSES:
        return _STATUSES[status]
    if status != "publish":
        return f"status {status}"
    if entry.password.strip():
        return "password-protected"
    return None
