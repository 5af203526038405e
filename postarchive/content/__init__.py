"""What a page shows: posts (byline, About box, citation), lists of posts,
scrape artifacts and blurbs, comments of imported posts, the glossary and
its automatic links, related posts, the edition's names and counts."""
