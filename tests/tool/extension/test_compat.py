"""The Sphinx internals the archive relies on (postarchive/compat.py) exist in
the installed Sphinx: an upgrade that removes one fails here, by name."""

from __future__ import annotations

import pytest

from postarchive.ext import compat


@pytest.mark.sphinx("html", testroot="topics", freshenv=True)
def test_every_sphinx_internal_is_there(app):
    app.build()
    assert compat.missing_internals(app) == [], (
        "Sphinx no longer has these internals; update postarchive/compat.py"
    )
    # and what they give is what the archive expects of them
    assert "topics/alpha" in compat.project_documents(app.env.project)
    assert compat.search_filenames(app)["topics/alpha"] == "topics/alpha.md"
    assert all(isinstance(m, dict) for m in compat.search_word_maps(app))


def test_a_missing_internal_is_named():
    class Bare:
        docnames: set = set()

    with pytest.raises(compat.SphinxInternalMissing, match=r"Project\._docname_to_path"):
        compat.project_documents(Bare())
