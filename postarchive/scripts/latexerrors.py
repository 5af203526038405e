#!/usr/bin/env python3
"""Say where a failed PDF build failed:
``latexerrors.py FILE.tex FILE.log [--srcdir DIR]``.

LaTeX reports errors by line of the file it was reading; Sphinx's LaTeX
writer starts each document with ``\\label{\\detokenize{<docname>::doc}}`` and
postarchive (pdf.macros.mark_document_ends) ends it with a comment
``% archive-end-of-document <docname>``, so the document (the post) that holds
a line of the .tex is the innermost one open at that line. Every problem is
one line that starts with the document's name and ends with its source file
and, where it can be found, the source line (``— docs/posts/x.md:12``):

- an error in the .tex: the document open at the failing line;
- an error while LaTeX reads the .aux, .toc, .out, .lof or .lot (a heading or
  caption written there by an earlier pass): the section or figure of that
  entry (its anchor or the \\newlabel next to it) and so its document;
- an undefined reference: every place of the .tex that refers to the label;
- a character no font has ("Missing character"): every document whose text
  holds it.

The source line is found by the text: the characters, words or heading of the
failing line looked up in the source file (``--srcdir``, default ``docs``).
Exits 0; the caller decides what failed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import unquote

_LABEL = re.compile(r"\\label\{\\detokenize\{([^{}]*?)::doc\}\}")
_END = re.compile(r"^% archive-end-of-document (\S+)$")
_ERROR = re.compile(r"^! (.*)$")
_LINE = re.compile(r"^l\.(\d+) ?(.*)$")
_MISSING = re.compile(r"Missing character: There is no (.) \(U\+([0-9A-F]+)\) in font ([^!]*)!")
_UNDEFINED = re.compile(
    r"(Hyper reference|Reference|Citation) `([^']*)' on page \S+ undefined"
    r"(?: on input line (\d+))?"
)
_NEWLABEL = re.compile(r"\\newlabel\{([^{}]*)\}\{\{[^{}]*\}\{[^{}]*\}\{(.*?)\}\{([^{}]*)\}\{")
_ANCHOR = re.compile(
    r"\{((?:part|chapter|section|subsection|subsubsection|paragraph|figure|"
    r"table|section\*|Item)\.[\w.*-]+)\}"
)
_OPEN = re.compile(
    r"\(((?:\.{0,2}/)?[^\s()]+\.(?:tex|aux|toc|out|lof|lot|ind|sty|cls|def|cfg|"
    r"fd|clo|ldf))"
)
_AUXILIARY = (".aux", ".toc", ".out", ".lof", ".lot")
WRAP = 79  # LaTeX's max_print_line: longer log lines go on in the next line
MAX_ERRORS = 30


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


def _read(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def unwrap(log_lines: list[str]) -> list[str]:
    """The log's lines as LaTeX wrote them, before it broke them at 79 bytes."""
    out: list[str] = []
    joining = False
    for text in log_lines:
        if joining:
            out[-1] += text
        else:
            out.append(text)
        joining = len(text.encode("utf-8", errors="replace")) == WRAP or len(text) == WRAP
    return out


def _squeeze(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace())


class Book:
    """The .tex, its auxiliary files and the sources: from a place to a post."""

    def __init__(self, tex: Path, srcdir: Path | None):
        self.tex = tex
        self.tex_lines = _read(tex)
        self.docs_at = [doc for _text, doc in open_documents(self.tex_lines)]
        self.docs = {d for d in self.docs_at if d}
        self.srcdir = srcdir
        self.files = {ext: _read(tex.with_suffix(ext)) for ext in _AUXILIARY}
        self.labels: dict[str, tuple[str, str]] = {}  # anchor -> (label, title)
        for text in self.files[".aux"]:
            if m := _NEWLABEL.match(text):
                self.labels.setdefault(m.group(3), (m.group(1), m.group(2)))

    # -- documents -------------------------------------------------------
    def doc_of_label(self, label: str) -> str | None:
        if label.endswith("::doc"):
            label = label[:-5]
            return label if label in self.docs else None
        doc = label.rsplit(":", 1)[0] if ":" in label else ""
        return doc if doc in self.docs else None

    def doc_at(self, line: int) -> str | None:
        return self.docs_at[line - 1] if 0 < line <= len(self.docs_at) else None

    def source(self, doc: str | None) -> Path | None:
        if not doc or self.srcdir is None:
            return None
        for suffix in (".md", ".rst", ".txt"):
            path = self.srcdir / f"{doc}{suffix}"
            if path.is_file():
                return path
        return None

    def where(self, doc: str | None, *needles: str, heading: str = "") -> str:
        """`` — docs/posts/x.md:12``: the document's source file, and the
        first line holding the heading or one of the needles (tried in order)."""
        path = self.source(doc)
        if path is None:
            return ""
        lines = _read(path)
        found = None
        if heading:
            found = next(
                (n for n, text in enumerate(lines, 1) if text.startswith("#") and heading in text),
                None,
            )
            needles = (heading, *needles)
        for needle in needles:
            if found is None and needle:
                found = next((n for n, text in enumerate(lines, 1) if needle in text), None)
        return f" — {path}" + (f":{found}" if found else "")

    # -- what a line of the .tex says ---------------------------------------
    @staticmethod
    def phrases(tex_line: str) -> list[str]:
        """Text of a LaTeX line to look up in the source: its longest run of
        words first, then single words, longest first (also percent-decoded)."""
        text = re.sub(r"\\detokenize\{[^{}]*\}", " ", tex_line)
        text = re.sub(r"\\([%#&$_{}])", r"\1", text)
        text = re.sub(r"\\[A-Za-z@]+\*?|[{}\[\]]", " ", text)
        runs = [r.strip() for r in re.split(r"\s{2,}", text) if r.strip()]
        words = sorted({w for w in text.split() if len(w) > 2}, key=len, reverse=True)
        decoded = [unquote(w) for w in words if "%" in w]
        trimmed = [w.lstrip("%0123456789ABCDEF") for w in words if w.startswith("%")]
        return sorted(runs, key=len, reverse=True) + words + decoded + [w for w in trimmed if w]

    def tex_error(self, line: int) -> tuple[str | None, str]:
        doc = self.doc_at(line)
        text = self.tex_lines[line - 1] if 0 < line <= len(self.tex_lines) else ""
        return doc, self.where(doc, *self.phrases(text))

    def auxiliary_error(self, ext: str, line: int) -> tuple[str | None, str]:
        """An error in an entry of the .aux/.toc/.out/.lof/.lot: its section's
        or figure's label (the entry's anchor, or the \\newlabel next to it)."""
        lines = self.files[ext]
        order = list(range(line - 1, len(lines))) + list(range(line - 2, -1, -1))
        for i in order:
            text = lines[i]
            if ext == ".aux" and (m := _NEWLABEL.match(text)):
                label, title = m.group(1), m.group(2)
            elif (m := _ANCHOR.search(text)) and m.group(1) in self.labels:
                label, title = self.labels[m.group(1)]
            else:
                continue
            doc = self.doc_of_label(label)
            if doc:
                return doc, self.where(doc, heading=_plain(title))
        return None, ""

    def file_line_matches(self, lines: list[str], line: int, context: str) -> bool:
        if not 0 < line <= len(lines):
            return False
        have, want = _squeeze(lines[line - 1]), _squeeze(context)
        if want.startswith("..."):
            return want[3:][-30:] in have
        return have.startswith(want[:40]) if want else True


def _plain(title: str) -> str:
    text = re.sub(r"\\[A-Za-z@]+\s*|[{}]", "", title)
    return " ".join(text.split())


def _reading(log_lines: list[str]) -> list[str | None]:
    """For each line of the log, the innermost file LaTeX was reading (by the
    parentheses it writes around each file; the lines of an error's context
    are skipped, as they quote the document's text)."""
    stack: list[str | None] = []
    reading: list[str | None] = []
    in_error = False
    for text in log_lines:
        if text.startswith("! "):
            in_error = True
        elif in_error and not text.strip():
            in_error = False
        if in_error:
            reading.append(next((f for f in reversed(stack) if f), None))
            continue
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "(":
                m = _OPEN.match(text, i)
                stack.append(m.group(1) if m else None)
                i = m.end() if m else i + 1
                continue
            if ch == ")" and stack:
                stack.pop()
            i += 1
        reading.append(next((f for f in reversed(stack) if f), None))
    return reading


def report(tex: Path, log: Path, srcdir: Path | None = None) -> list[str]:
    """Every problem of the LaTeX log, each named by its page (and source line)."""
    book = Book(tex, srcdir)
    raw = _read(log)
    out, errors = _errors(book, tex, raw)
    joined = "\n".join(unwrap(raw))
    out += _undefined(book, tex, joined, errors)
    out += _missing_characters(book, joined)
    return out


def _error_file(book: Book, tex: Path, file: str, line: int, context: str) -> str | None:
    """Which file an error's line is in: the .tex or one of LaTeX's own files."""
    ext = Path(file).suffix
    same_stem = Path(file).stem == tex.stem
    candidates = [ext] if same_stem and ext in _AUXILIARY else []
    candidates.append(".tex")
    candidates += [e for e in _AUXILIARY if e not in candidates]
    chosen = next(
        (
            e
            for e in candidates
            if book.file_line_matches(
                book.tex_lines if e == ".tex" else book.files[e], line, context
            )
        ),
        None,
    )
    if chosen is None:
        chosen = (
            ext if same_stem and ext in _AUXILIARY else (".tex" if not file or same_stem else None)
        )
    return chosen


def _locate(book: Book, tex: Path, file: str, line: int, context: str) -> tuple[str, str, str]:
    """(page, place in LaTeX's files, source line) of an error."""
    chosen = _error_file(book, tex, file, line, context)
    if chosen == ".tex":
        doc, where = book.tex_error(line)
        place = f"{tex.name} line {line}"
    elif chosen in _AUXILIARY:
        doc, where = book.auxiliary_error(chosen, line)
        place = f"{tex.with_suffix(chosen).name} line {line}, written from the .tex"
    else:
        doc, where = None, ""
        place = f"{Path(file).name} line {line}"
    name = doc or ("(the LaTeX set-up)" if chosen is None else "(the book's front or back matter)")
    return name, place, where


def _errors(book: Book, tex: Path, raw: list[str]) -> tuple[list[str], int]:
    """The LaTeX errors, once per page and message; and how many there were."""
    reading = _reading(raw)
    out: list[str] = []
    seen: set[tuple] = set()
    errors = 0
    message = None
    for number, text in enumerate(raw):
        if m := _ERROR.match(text):
            message = m.group(1)
            continue
        if not (message and (m := _LINE.match(text))):
            continue
        name, place, where = _locate(book, tex, reading[number] or "", int(m.group(1)), m.group(2))
        if (name, message, place.split(" line ")[0]) not in seen:
            seen.add((name, message, place.split(" line ")[0]))
            errors += 1
            if errors <= MAX_ERRORS:
                out.append(f"{name}: LaTeX error: {message} ({place}){where}")
        message = None
    if message:
        out.append(f"LaTeX error: {message}")
    if errors > MAX_ERRORS:
        out.append(f"… and {errors - MAX_ERRORS} more LaTeX errors (the log has them all)")
    return out, errors


def _referring_docs(book: Book, label: str, input_line: str | None) -> list[tuple[str, int]]:
    """The pages (and .tex lines) that refer to *label*, each once."""
    places = [
        n
        for n, text in enumerate(book.tex_lines, 1)
        if "{" + label + "}" in text and "\\label{" not in text
    ]
    if input_line and int(input_line) not in places:
        places.insert(0, int(input_line))
    docs: list[tuple[str, int]] = []
    for line in places:
        doc = book.doc_at(line)
        if not any(d == doc for d, _ in docs):
            docs.append((doc, line))
    return docs


def _undefined(book: Book, tex: Path, joined: str, errors: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    undefined = 0
    for m in _UNDEFINED.finditer(joined):
        kind, label, input_line = m.groups()
        if label in seen:
            continue
        seen.add(label)
        undefined += 1
        if errors or undefined > MAX_ERRORS:
            continue  # after an error every reference is undefined: the error is the news
        docs = _referring_docs(book, label, input_line)
        what = "citation" if kind == "Citation" else "reference"
        target = label[:-5] if label.endswith("::doc") else label.rsplit(":", 1)[-1]
        if not docs:
            out.append(f"(unknown page): LaTeX: undefined {what} '{label}'")
        for doc, line in docs:
            text = book.tex_lines[line - 1] if 0 < line <= len(book.tex_lines) else ""
            where = book.where(doc, target, unquote(target), *book.phrases(text))
            out.append(
                f"{doc or '(the book’s front or back matter)'}: LaTeX: undefined {what} "
                f"'{label}' ({tex.name} line {line}){where}"
            )
    if undefined and (errors or undefined > MAX_ERRORS):
        out.append(
            f"… and {undefined} undefined references"
            + (
                " (the errors above stopped LaTeX before it resolved them)"
                if errors
                else " in all (the log has them all)"
            )
        )
    return out


def _missing_characters(book: Book, joined: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for m in _MISSING.finditer(joined):
        char, code, font = m.groups()
        if code in seen:
            continue
        seen.add(code)
        docs = documents_with(book.tex_lines, char)
        if not docs:
            out.append(
                f"(unknown page): the character {char} (U+{code}) is in no font of the "
                f"PDF (font {font.strip()})"
            )
        for doc in docs:
            out.append(
                f"{doc}: the character {char} (U+{code}) is in no font of the PDF "
                f"(font {font.strip()}){book.where(doc, char)}"
            )
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Name the posts of a failed PDF build.")
    parser.add_argument("tex", type=Path)
    parser.add_argument("log", type=Path)
    parser.add_argument(
        "--srcdir", type=Path, default=Path("docs"), help="the source directory (default: docs)"
    )
    args = parser.parse_args(argv)
    srcdir = args.srcdir if args.srcdir.is_dir() else None
    for line in report(args.tex, args.log, srcdir):
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
