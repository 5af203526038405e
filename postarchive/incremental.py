"""Incremental builds that give the clean build's site.

Sphinx leaves two traces of a deleted document in an HTML build made
without ``make clean``: its page (and copied source) stay in the output,
and its words stay in the search index with an empty list of pages. This
module removes both, so deleting a post and rebuilding gives exactly the
site a clean build gives (tests/test_topics.py checks it byte for byte).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def note_removed(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    # other handlers may still take documents out of *removed* (topics.py
    # registers its generated pages there), so only remember candidates here
    app._archive_removed = set(removed)  # type: ignore[attr-defined]
    return []


def removed_docnames(app: Sphinx) -> set[str]:
    return getattr(app, "_archive_removed", set()) - set(app.env.found_docs)


def prune_search_index(app: Sphinx) -> list:
    """Drop the words left with no page by Sphinx's pruning of the index."""
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):
        mapping = getattr(indexer, name, None)
        if isinstance(mapping, dict):
            for word in [w for w, docs in mapping.items() if not docs]:
                del mapping[word]
    return []


def remove_stale_output(app: Sphinx, exception: Exception | None) -> None:
    """Delete the pages (and copied sources) of documents that no longer exist."""
    builder = app.builder
    if exception is not None or builder.format != "html" or not hasattr(builder, "get_outfilename"):
        return
    outdir = Path(app.outdir).resolve()
    for docname in sorted(removed_docnames(app)):
        stale = [Path(builder.get_outfilename(docname))]
        sources = outdir / "_sources"
        stale += sources.glob(f"{docname}.*") if sources.is_dir() else []
        for path in stale:
            path = path.resolve()
            if path.is_file() and path.is_relative_to(outdir):
                path.unlink()
                logger.info("removed %s (its document was deleted)", path.relative_to(outdir))
                # and directories left empty, as a clean build would not make them
                parent = path.parent
                while parent != outdir and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", note_removed, priority=100)
    app.connect("html-collect-pages", prune_search_index)
    app.connect("build-finished", remove_stale_output)
