"""The tool's tests: the extension, the importer, the PDF build and the
browser; each builds its own small archive."""
