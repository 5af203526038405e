"""Shared fixtures.

* Sphinx test roots live in ``tests/roots/test-<name>/`` and are built with
  ``sphinx.testing.fixtures`` (``@pytest.mark.sphinx('html', testroot='name')``).
* Tests of the real site read ``build/html`` and the PDF produced by ``make``.
"""

from __future__ import annotations

import os
import re
import runpy
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

# Sphinx colours its messages when CI=true (as CI sets it): the tests read
# messages as plain text, in this process and in the builds they start.
os.environ["NO_COLOR"] = "1"

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("BUILDDIR", ROOT / "build"))
if not BUILD.is_absolute():
    BUILD = ROOT / BUILD
SITE = BUILD / "html"
PDF_NAME = runpy.run_path(str(ROOT / "conf.py"))["archive_pdf_name"]  # conf.py's settings
SOURCE = ROOT / "sources" / "000_808220f5c2115dd0.txt"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


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


def normalise(text: str) -> str:
    """Collapse every run of whitespace (NBSP included) to one space."""
    return re.sub(r"\s+", " ", text).strip()
