"""postarchive: a blog archived as a Sphinx site and a PDF.

Two halves share this package: the importer (:mod:`postarchive.importer`,
which reads WordPress exports and feeds and writes MyST posts) and the Sphinx
extension (:mod:`postarchive.extension`). Importing the package loads neither:
``setup()`` below loads the extension when Sphinx asks for it, so the importer
and the ``postarchive`` command start without Sphinx.
"""

from __future__ import annotations

import importlib

from .version import __version__

__all__ = ["__version__", "setup"]


def setup(app) -> dict:
    """Sphinx's entry point (``extensions = ["postarchive"]``): the extension,
    loaded now."""
    return importlib.import_module(".extension", __name__).setup(app)
