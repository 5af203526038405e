"""The importer: a WordPress export (WXR) or an RSS 2.0 / Atom feed becomes
posts of the archive, word for word (``python -m postarchive.importer``).

It does not import Sphinx: it writes Markdown files that the archive's build
then validates like any post. What the build and the importer must agree on
is the core's (:mod:`postarchive.core`), which the importer builds on: the
post model, the front-matter schema with its reader and writer, the slug rule
(:mod:`~postarchive.core.slugs`), the codec of ``docs/topics.yaml``. One module
per concern, in the order of an import:

* :mod:`.xmlsource` – reading XML safely and in bounded memory; what a file is;
* :mod:`.wxr` and :mod:`.feeds` – the items of a WordPress export or a feed;
* :mod:`.records` – the records they produce (entries, comments, the index);
* :mod:`.eligibility` – which entries are imported, and why the others are not;
* :mod:`.slugs` – file names (the core's slug rule on ``post_name``, title or ID;
  collisions);
* :mod:`.topicmap` – categories and tags as topics, ``--topic-map`` (``docs/topics.yaml``
  read and appended through the core's codec);
* :mod:`.gutenberg`, :mod:`.shortcodes`, :mod:`.wpautop` – what WordPress does
  to a post's text before a reader sees it;
* :mod:`.htmlprep` – the HTML tree made ready for Markdown: images, figures,
  embeds, links;
* :mod:`.markdown` – HTML → MyST Markdown (markdownify, with MyST's escapes);
* :mod:`.render` – a post's file: front matter (the core's writer), text, comments;
* :mod:`.staging` – writing to a staging directory, then into docs/ (re-import
  safety: hand edits are never overwritten);
* :mod:`.report` – the progress bar and the summary;
* :mod:`.cli` – the command line;
* :mod:`.fetch` – the HTTP client of ``--fetch-media`` and ``postarchive links`` (allowed
  hosts, no private addresses, timeouts, retries, Retry-After, size limits);
* :mod:`.media` – ``--fetch-media``: which images to fetch, byte checks, the cache that the
  ``--uploads`` placement reads;
* :mod:`.wayback` – the Wayback Machine's closest snapshot, and the one snapshot address shape;
* :mod:`.linkcheck` – ``postarchive links``: the posts' outbound links checked, written to their record, links.json (its codec: :mod:`..core.linkrecord`).
"""

from __future__ import annotations


class ImportFailure(Exception):
    """A problem that stops the import: one clear message (file, line where
    known, what to do); nothing is written to docs/."""

    def __init__(self, path, message: str, line: int | None = None, hint: str = "") -> None:
        self.path, self.line, self.hint = str(path), line, hint
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}" + (f" — {hint}" if hint else ""))
