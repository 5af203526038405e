"""The importer: a WordPress export (WXR) or an RSS 2.0 / Atom feed becomes
posts of the archive, word for word (``python -m postarchive.importer``).

It does not import Sphinx: it writes Markdown files that the archive's build
then validates like any post. One module per concern, in the order of an
import:

* :mod:`.xmlsource` – reading XML safely and in bounded memory; what a file is;
* :mod:`.wxr` and :mod:`.feeds` – the items of a WordPress export or a feed;
* :mod:`.records` – the records they produce (entries, comments, the index);
* :mod:`.select` – which entries are imported, and why the others are not;
* :mod:`.slugs` – file names (the archive's slug rule, collisions);
* :mod:`.topicmap` – categories and tags as topics, ``--topic-map``;
* :mod:`.gutenberg`, :mod:`.shortcodes`, :mod:`.wpautop` – what WordPress does
  to a post's text before a reader sees it;
* :mod:`.htmlprep` – the HTML tree made ready for Markdown: images, figures,
  embeds, links;
* :mod:`.markdown` – HTML → MyST Markdown (markdownify, with MyST's escapes);
* :mod:`.render` – a post's file: front matter, text, comments;
* :mod:`.staging` – writing to a staging directory, then into docs/ (re-import
  safety: hand edits are never overwritten);
* :mod:`.report` – the progress bar and the summary;
* :mod:`.cli` – the command line;
* :mod:`.fetch` – the HTTP client of ``--fetch-media`` and ``postarchive links`` (allowed
  hosts, no private addresses, timeouts, retries, Retry-After, size limits);
* :mod:`.media` – ``--fetch-media``: which images to fetch, byte checks, the cache that the
  ``--uploads`` placement reads;
* :mod:`.wayback` – the Wayback Machine's closest snapshot, and the one snapshot address shape;
* :mod:`.linkcheck` and :mod:`.linkrecord` – ``postarchive links`` and its record, links.json.
"""

from __future__ import annotations


class ImportFailure(Exception):
    """A problem that stops the import: one clear message (file, line where
    known, what to do); nothing is written to docs/."""

    def __init__(self, path, message: str, line: int | None = None, hint: str = "") -> None:
        self.path, self.line, self.hint = str(path), line, hint
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}" + (f" — {hint}" if hint else ""))
