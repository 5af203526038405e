import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

extensions = ["myst_parser", "postarchive"]
html_theme = "sphinx_book_theme"
html_theme_options = {"show_navbar_depth": 1}
