"""The extension, on small Sphinx roots (tests/roots)."""
