"""What a page may contain: the raw-HTML allowlist, links and file reads,
what reaches LaTeX as code, and bad files (encoding, front matter, titles)."""
