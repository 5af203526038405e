"""The extension's plumbing: the Sphinx internals it relies on, the domain that
holds all build data (purged and merged for parallel builds), and nodes
resolved late in one walk of each doctree."""
