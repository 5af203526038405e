import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

extensions = ["myst_parser", "postarchive"]
project = "Topics at scale test"
author = "Test Author"
exclude_patterns = ["_build"]
nitpicky = True
myst_title_to_header = True
html_baseurl = "https://archive.example.org/"
archive_blog_name = "Test blog"
archive_source_file = "source.txt"
