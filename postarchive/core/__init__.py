"""The archive's core, with no Sphinx in it: the post model, the front matter,
the topics file, original addresses and the configuration every archive
shares. The extension and the importer both build on it."""
