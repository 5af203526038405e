"""Where things are: the repository, the tests' data, and the build of this
edition that `make` writes (``BUILDDIR``)."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
ROOTS = TESTS / "roots"  # Sphinx test roots (sphinx.testing's rootdir)
IMPORTDATA = TESTS / "importdata"  # small exports and feeds
CORPUS = TESTS / "corpus"  # real public exports and feeds
DATA = TESTS / "data"

BUILD = Path(os.environ.get("BUILDDIR", REPO / "build"))
if not BUILD.is_absolute():
    BUILD = REPO / BUILD
SITE = BUILD / "html"
PDF_NAME = runpy.run_path(str(REPO / "conf.py"))["archive_pdf_name"]  # conf.py's settings
SOURCE = REPO / "sources" / "000_808220f5c2115dd0.txt"
