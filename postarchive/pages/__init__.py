"""Generated pages and navigation: the year and topic pages, the archive by
date, the sidebar and each post's box of more posts, and the decisions of
incremental builds (what to read and write again)."""
