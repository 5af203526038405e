"""Shared fixtures.

* ``tests/tool/`` tests the tool: the extension on Sphinx test roots in
  ``tests/roots/test-<name>/`` (``sphinx.testing.fixtures``,
  ``@pytest.mark.sphinx('html', testroot='name')``), the importer, the PDF build
  and, in a browser, a built site; ``tests/edition/`` tests this edition's site
  and PDF as ``make`` built them (``build/html``, the PDF: the ``site`` and
  ``pdf_path`` fixtures); ``tests/support/`` holds the helpers both share.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.paths import BUILD, PDF_NAME, ROOTS, SITE

pytest_plugins = ["sphinx.testing.fixtures"]

# Sphinx colours its messages when CI=true (as CI sets it): the tests read
# messages as plain text, in this process and in the builds they start.
os.environ["NO_COLOR"] = "1"
# BUILDDIR names this edition's build (support.paths read it already); the
# builds the tests start in copies and new archives write their own build/.
os.environ.pop("BUILDDIR", None)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make` first")
    return SITE


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    path = BUILD / PDF_NAME
    if not path.is_file():
        pytest.fail(f"no PDF at {path}: run `make` first")
    return path
