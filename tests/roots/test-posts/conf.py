extensions = ["myst_parser", "postarchive"]
myst_title_to_header = True
archive_blog_name = "Test Blog"
html_baseurl = "https://archive.example.org/"
nitpicky = True
