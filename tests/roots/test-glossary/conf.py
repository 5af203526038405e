"""Test root: a glossary, pages that use its terms (enough pages for a
parallel read), for postarchive.content.glossary."""

import sys
from pathlib import Path


extensions = ["myst_parser", "postarchive"]
archive_post_patterns = []  # plain pages: no front matter needed
nitpicky = True
exclude_patterns = ["_build"]
