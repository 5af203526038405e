"""Original addresses: what a post's ``url`` may be (shared by the extension's
front-matter check and the importer, which writes ``unknown`` for what the
build would refuse). Sphinx-free."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

#: an original address: http(s), a host with a dot, no whitespace
ORIGINAL_URL = re.compile(r"https?://[^\s/]+\.[^\s]+")


def _unfit(ch: str) -> bool:
    """A character no address may carry: a control or format character, a line
    or paragraph separator, or a space of another kind than the plain space
    (``%20`` happens in real blogs' addresses; the maps write it encoded)."""
    return ch != " " and (not ch.isprintable() or ch.isspace())


def url_path_problem(url: str) -> str | None:
    """Why the original address *url* cannot be a redirect's source, or None.

    The path, percent-decoded, becomes a redirect page's file name and a line of
    each server map (:mod:`.redirects`): it may hold only printable characters
    and plain spaces (``%0A``, ``%09``, ``%E2%80%AE``… are refused). The
    address as a whole may hold no control character, encoded or not."""
    for name, text in (("address", url), ("address, percent-decoded,", unquote(url))):
        bad = next((c for c in text if unicodedata.category(c) == "Cc"), None)
        if bad is not None:
            return f"the {name} holds the control character U+{ord(bad):04X}"
    path = unquote(urlsplit(url).path)
    bad = next((c for c in path if _unfit(c)), None)
    if bad is not None:
        what = (
            "a space"
            if bad == " "
            else f"U+{ord(bad):04X} ({unicodedata.name(bad, unicodedata.category(bad))})"
        )
        return f"its path, percent-decoded, holds {what}"
    return None
