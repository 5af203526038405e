"""Test root: a glossary, pages that use its terms (enough pages for a
parallel read), for postarchive.content.glossary."""

import sys
from pathlib import Path

# The repository root (when run from the repository; the tests also put it
# on sys.path, since sphinx.testing copies this root to a temporary place).
for parent in Path(__file__).resolve().parents:
    if (parent / "postarchive" / "__init__.py").is_file():
        sys.path.insert(0, str(parent))
        break

extensions = ["myst_parser", "postarchive"]
archive_post_patterns = []  # plain pages: no front matter needed
nitpicky = True
exclude_patterns = ["_build"]
