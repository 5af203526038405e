extensions = ["myst_parser", "postarchive"]
myst_title_to_header = True
archive_blog_name = "Test Blog"
html_baseurl = "https://archive.example.org/"
nitpicky = True
latex_show_urls = "footnote"
# archive_link_record = "links.json" (the default): beside this file
