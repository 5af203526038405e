"""The PDF build: LaTeX's boundary, sandbox, fonts, errors."""
