import os
import sys


extensions = ["myst_parser", "postarchive"]
project = "Topics test"
author = "Test Author"
exclude_patterns = ["_build"]
nitpicky = True
myst_title_to_header = True
html_baseurl = "https://archive.example.org/"
archive_blog_name = "Test blog"
archive_source_file = "source.txt"
