"""Test root for postarchive.content.autolink: a glossary and posts whose terms link
themselves."""

import os
import sys


extensions = ["myst_parser", "postarchive"]
project = "Autolink test"
author = "Test Author"
exclude_patterns = ["_build"]
nitpicky = True
myst_title_to_header = True
archive_blog_name = "Test blog"
