"""The HTML site: theme, links to the PDF and the feed, search, the Atom
feed, link previews, sitemap and robots.txt, the 404 page, redirects and the
Content-Security-Policy."""
