"""Test root for postarchive.content.autolink: a glossary and posts whose terms link
themselves."""

import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

extensions = ["myst_parser", "postarchive"]
project = "Autolink test"
author = "Test Author"
exclude_patterns = ["_build"]
nitpicky = True
myst_title_to_header = True
archive_blog_name = "Test blog"
