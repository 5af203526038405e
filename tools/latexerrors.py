#!/usr/bin/env python3
"""Say where a failed PDF build failed: ``latexerrors.py FILE.tex FILE.log``.

LaTeX reports errors by line of the generated .tex file; Sphinx's LaTeX
writer starts each document with ``\\label{\\detokenize{<docname>::doc}}`` and
postarchive (theme.mark_document_ends) ends it with a comment
``% archive-end-of-document <docname>``, so the document (the post) that holds
an error line is the innermost one open at that line. Prints one line per error: the document, its source file, and
LaTeX's message; and the characters no font had ("Missing character").
Exits 0; the caller decides what failed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_LABEL = re.compile(r"\\label\{\\detokenize\{([^{}]*?)::doc\}\}")
_END = re.compile(r"^% archive-end-of-document (\S+)$")
_ERROR = re.compile(r"^! (.*)$")
_LINE = re.compile(r"^l\.(\d+) ")
_MISSING = re.compile(r"Missing character: There is no (.) \(U\+([0-9A-F]+)\) in font ([^!]*)!")


def open_documents(tex_lines: list[str]):
    """Each line of the .tex file with the document open there (or None)."""
    stack: list[str] = []
    for text in tex_lines:
        if m := _LABEL.search(text):
            stack.append(m.group(1))
        elif (m := _END.match(text)) and stack and stack[-1] == m.group(1):
            stack.pop()
        yield text, (stack[-1] if stack else None)


def document_at(tex_lines: list[str], line: int) -> str | None:
    for number, (_text, doc) in enumerate(open_documents(tex_lines), 1):
        if number == line:
            return doc
    return None


def documents_with(tex_lines: list[str], char: str) -> list[str]:
    found = []
    for text, doc in open_documents(tex_lines):
        if char in text and doc and doc not in found:
            found.append(doc)
    return found


def report(tex: Path, log: Path) -> list[str]:
    tex_lines = tex.read_text(encoding="utf-8", errors="replace").splitlines()
    log_lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    out, message = [], None
    for text in log_lines:
        if m := _ERROR.match(text):
            message = m.group(1)
        elif message and (m := _LINE.match(text)):
            doc = document_at(tex_lines, int(m.group(1))) or "(the book's front or back matter)"
            out.append(f"{doc}: LaTeX error: {message} ({tex.name} line {m.group(1)})")
            message = None
    if message:
        out.append(f"LaTeX error: {message}")
    seen = set()
    for m in _MISSING.finditer("\n".join(log_lines)):
        char, code, font = m.groups()
        if code in seen:
            continue
        seen.add(code)
        docs = ", ".join(documents_with(tex_lines, char)) or "(unknown page)"
        out.append(f"{docs}: the character {char} (U+{code}) is in no font of the PDF "
                   f"(font {font.strip()})")
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: latexerrors.py FILE.tex FILE.log")
    for line in report(Path(sys.argv[1]), Path(sys.argv[2])):
        print(line)
