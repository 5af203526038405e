import os
import sys


extensions = ["myst_parser", "postarchive"]
html_theme = "sphinx_book_theme"
html_theme_options = {"show_navbar_depth": 1}
