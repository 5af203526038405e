import os
import sys


project = "Bad posts"
extensions = ["myst_parser", "postarchive"]
nitpicky = True
myst_enable_extensions = ["colon_fence", "deflist"]
myst_title_to_header = True
archive_blog_name = "Test blog"
archive_source_file = "sources/test.txt"
