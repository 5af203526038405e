#!/usr/bin/env python3
"""The whole book assembled from its frame and the volumes, instead of
typeset a second time.

    pdfassemble.py CACHE --book NAME

With the volumes (``archive_pdf_volumes``), Sphinx writes the whole book as a
frame (postarchive/pages/years.py): the title page, the table of contents,
the landing page, one part "Posts by year" and the reference pages, without
the posts. postarchive/scripts/pdfvolumes.py typesets it like the volumes
and keeps it in CACHE as ``NAME.pdf.frame``; this script writes ``NAME.pdf``:
the frame's pages up to that part's page, each volume whole (its title page,
table of contents, posts and index), oldest first, the posts of unknown date
last, then the rest of the frame. The bookmarks are the frame's with each
volume's under an entry of its own; every link keeps its destination (each
document's destinations are named after it, ``\\HyperDestNameFilter``, so
none collide). A volume's page numbers are its own. Deterministic: the same
frame and volumes give the same bytes (no file ID; the frame's dates).

Run with the Python of the build (it needs pypdf).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter

#: the destination of the part the volumes follow (pages/years.py's
#: VOLUMES_TARGET, named after its document by \HyperDestNameFilter)
TARGET = "archive-volumes"


def volumes(cache: Path, book: str) -> list[Path]:
    """The volumes' PDFs in the book's order: the years, oldest first, then the
    posts of unknown date."""
    found = [
        p for p in cache.glob(f"{book}-*.pdf") if re.fullmatch(r"\d{4}|undated", _year(p, book))
    ]
    return sorted(found, key=lambda p: (_year(p, book) == "undated", _year(p, book)))


def _year(path: Path, book: str) -> str:
    return path.stem.removeprefix(f"{book}-")


def volume_title(reader: PdfReader, book_title: str) -> str:
    """The volume's bookmark: its title without the book's ("2016")."""
    title = str((reader.metadata or {}).get("/Title", ""))
    return title.removeprefix(book_title).lstrip(": ") or title


def assemble(frame_path: Path, parts: list[Path], out: Path, book: str) -> int:
    """Write the book; return its number of pages."""
    frame = PdfReader(frame_path)
    target = frame.named_destinations.get(f"{book}-{TARGET}")
    if target is None:
        raise SystemExit(f"error: {frame_path.name} has no destination {book}-{TARGET}")
    after = frame.get_destination_page_number(target) + 1
    book_title = str((frame.metadata or {}).get("/Title", ""))
    writer = PdfWriter()
    writer.append(frame, pages=(0, after))
    for path in parts:
        volume = PdfReader(path)
        writer.append(volume, outline_item=volume_title(volume, book_title))
    writer.append(frame, pages=(after, len(frame.pages)))
    if frame.metadata:
        writer.add_metadata(frame.metadata)
    writer.page_mode = "/UseOutlines"
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "wb") as handle:
        writer.write(handle)
    tmp.replace(out)
    return len(writer.pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cache", type=Path, help="the PDFs of this build (pdfvolumes.py's)")
    parser.add_argument("--book", required=True, help="the book's name, without .pdf")
    args = parser.parse_args()
    frame = args.cache / f"{args.book}.pdf.frame"
    if not frame.is_file():
        return 0  # the book was typeset whole (no volumes)
    parts = volumes(args.cache, args.book)
    pages = assemble(frame, parts, args.cache / f"{args.book}.pdf", args.book)
    print(f"PDF: {args.book}.pdf assembled from its frame and {len(parts)} volumes: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
