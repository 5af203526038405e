"""The PDF: fonts for every script, the LaTeX macros of the archive's markup,
and lists and quotes nested deeper than LaTeX can set."""
