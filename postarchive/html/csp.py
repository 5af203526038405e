"""A Content-Security-Policy on every HTML page: defence in depth behind the
checks of :mod:`.safety`.

The policy, in a ``<meta http-equiv>`` at the top of each page's head:

* scripts only from the site itself, and inline scripts only when they are
  the theme's own: each inline script of the rendered page is allowed by its
  SHA-256 hash, except any that came from the page's content (``body``),
  which is never trusted;
* styles from the site and inline styles: the theme's icon script
  (Font Awesome) inserts its own ``<style>`` and ``style`` attributes at run
  time, which no hash can name; what a page's content may style is limited by
  the raw-HTML policy instead (a few text properties);
* images, fonts and connections only from the site (and ``data:`` images and
  fonts); no plugins (``object-src 'none'``), no ``<base>`` (``base-uri
  'none'``), no form submissions (``form-action 'none'``: the theme's search
  box is submitted by ``archive-search-form.js``), no frames.

The policy is added as the page is rendered (see :func:`.compat.wrap_page_renderer`).
"""

from __future__ import annotations

import base64
import hashlib
import re

from sphinx.application import Sphinx

from ..ext import compat

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)
_HEAD = re.compile(r"<head\b[^>]*>\s*(<meta charset=[^>]*>)?", re.I)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(page: str, content: str) -> str:
    """The policy for *page*, whose content (untrusted) is *content*."""
    untrusted = set(_INLINE_SCRIPT.findall(content))
    scripts = sorted({_hash(s) for s in _INLINE_SCRIPT.findall(page) if s not in untrusted})
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(["'self'", *scripts]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "worker-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def with_policy(page: str, context: dict) -> str:
    """*page* with its policy as the first element of its head."""
    match = _HEAD.search(page)
    if match is None:
        return page
    meta = (
        f'\n    <meta http-equiv="Content-Security-Policy" '
        f'content="{policy(page, context.get("body") or "")}" />'
    )
    return page[: match.end()] + meta + page[match.end() :]


def add_policy(app: Sphinx) -> None:
    if app.builder.format == "html":
        compat.wrap_page_renderer(app.builder, with_policy)


def setup(app: Sphinx) -> None:
    app.add_js_file("archive-search-form.js")
    app.connect("builder-inited", add_policy)
