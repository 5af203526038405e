#!/usr/bin/env python3
"""Print one setting of conf.py (for the Makefile): ``confvalue.py archive_pdf_name``.

conf.py needs nothing but the standard library, so this runs before the
virtual environment exists."""

import runpy
import sys
from pathlib import Path

CONF = Path.cwd() / "conf.py"  # the archive being built (its directory is the current one)

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: confvalue.py NAME")
    print(runpy.run_path(str(CONF))[sys.argv[1]])
