extensions = ["myst_parser", "postarchive"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_title_to_header = True
archive_blog_name = "Test Blog"
html_baseurl = "https://archive.example.org/"
nitpicky = True
root_doc = "index"
latex_engine = "xelatex"
latex_documents = [("index", "imported.tex", "Imported", "Jane Doe", "manual")]
latex_elements = {
    "fontpkg": "\\setmainfont{FreeSerif}\n\\setsansfont{FreeSans}\n\\setmonofont{FreeMono}\n",
    "preamble": "\\hyphenpenalty=10000\n\\exhyphenpenalty=10000\n\\emergencystretch=3em\n",
}
project = "Imported"
