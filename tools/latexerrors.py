#!/usr/bin/env python3
"""Say where a failed PDF build failed: ``latexerrors.py FILE.tex FILE.log``.

LaTeX reports errors by line of the generated .tex file; Sphinx's LaTeX
writer starts each document with ``\\label{\\detokenize{<docname>::doc}}``, so
the document (the post) that holds an error line is the last one labelled
before it. Prints one line per error: the document, its source file, and
LaTeX's message; and the characters no font had ("Missing character").
Exits 0; the caller decides what failed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_LABEL = re.compile(r"\\label\{\\detokenize\{([^{}]*?)::doc\}\}")
_ERROR = re.compile(r"^! (.*)$")
_LINE = re.compile(r"^l\.(\d+) ")
_MISSING = re.compile(r"Missing character: There is no (.) \(U\+([0-9A-F]+)\) in font ([^!]*)!")


def document_at(tex_lines: list[str], line: int) -> str | None:
    for text in reversed(tex_lines[:line]):
        if m := _LABEL.search(text):
            return m.group(1)
    return None


def documents_with(tex_lines: list[str], char: str) -> list[str]:
    found, current = [], None
    for text in tex_lines:
        if m := _LABEL.search(text):
            current = m.group(1)
        if char in text and current and current not in found:
            found.append(current)
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
