import os
import sys


extensions = ["myst_parser", "postarchive"]
project = "Search test"
author = "Test Author"
exclude_patterns = ["_build"]
nitpicky = True
myst_title_to_header = True
myst_enable_extensions = ["colon_fence"]
archive_blog_name = "Test blog"
archive_source_file = "source.txt"
html_theme = "sphinx_book_theme"
html_context = {"default_mode": "auto"}
# the real site's theme settings (conf.py): no buttons that need inline handlers
html_theme_options = {
    "navbar_persistent": [],
    "use_download_button": False,
    "use_fullscreen_button": False,
}
import postarchive  # noqa: E402

html_favicon = os.path.join(os.path.dirname(postarchive.__file__), "static", "favicon.svg")
