"""Test root: a reference to a term that is not in the glossary."""

import sys
from pathlib import Path


extensions = ["myst_parser", "postarchive"]
archive_post_patterns = []  # plain pages: no front matter needed
nitpicky = True
exclude_patterns = ["_build"]
