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
none collide), and a link from one of these PDFs into another (a post's link
to the glossary or to another year's post, the frame's table of contents and
links to posts: a ``GoToR`` action, "open that PDF at this destination")
becomes a link within the book, to the same destination. A link to a
destination the book does not hold is an error. A volume's page numbers are
its own. Deterministic: the same
frame and volumes give the same bytes (no file ID; the frame's dates).

Run with the Python of the build (it needs pypdf).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

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
    names = set(frame.named_destinations)
    framed = page_labels(frame)
    labels = framed[:after]
    for path in parts:
        volume = PdfReader(path)
        named = volume_title(volume, book_title)
        writer.append(volume, outline_item=named)
        names.update(volume.named_destinations)
        labels += [f"{named}:{label}" for label in page_labels(volume)]
    writer.append(frame, pages=(after, len(frame.pages)))
    set_page_labels(writer, labels + framed[after:])
    files = {f"{book}.pdf", *(path.name for path in parts)}
    missing = links_within(writer, files, names)
    if missing:
        raise SystemExit(
            f"error: {len(missing)} links of the book lead to destinations it does not hold: "
            + ", ".join(sorted(missing)[:5])
        )
    if frame.metadata:
        writer.add_metadata(frame.metadata)
    writer.page_mode = "/UseOutlines"
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "wb") as handle:
        writer.write(handle)
    tmp.replace(out)
    return len(writer.pages)


def page_labels(reader: PdfReader) -> list[str]:
    """The page labels of *reader*, read once from its /PageLabels (pypdf's own
    ``page_labels`` counts the pages again for every page)."""
    count = len(reader.pages)
    tree = reader.trailer["/Root"].get("/PageLabels")
    nums = list(tree.get_object().get("/Nums", [])) if tree is not None else []
    starts = [(int(nums[i]), nums[i + 1].get_object()) for i in range(0, len(nums), 2)]
    labels = [str(n + 1) for n in range(count)]
    for k, (start, spec) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else count
        first = int(spec.get("/St", 1))
        style, prefix = spec.get("/S"), str(spec.get("/P", ""))
        for n in range(start, min(end, count)):
            labels[n] = prefix + _numeral(style, first + n - start)
    return labels


def _numeral(style, number: int) -> str:
    if style == "/D":
        return str(number)
    if style in ("/r", "/R"):
        roman = _roman(number)
        return roman if style == "/R" else roman.lower()
    return ""  # letters are not used by LaTeX's page labels; a prefix alone


def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        out += letters * count
    return out


def set_page_labels(writer: PdfWriter, labels: list[str]) -> None:
    """The book's page labels (what a viewer shows and goes to as the page's
    number): the frame's own, and a volume's pages named after it ("2016:5",
    as the frame's references to them read). A run of numbered pages is one
    range."""
    first = 0
    while first < len(labels):
        prefix, number = _split(labels[first])
        last = first
        if number is None:
            writer.set_page_label(first, first, prefix=labels[first])
        else:
            while last + 1 < len(labels) and _split(labels[last + 1]) == (
                prefix,
                number + last + 1 - first,
            ):
                last += 1
            writer.set_page_label(first, last, style="/D", prefix=prefix or None, start=number)
        first = last + 1


def _split(label: str) -> tuple[str, int | None]:
    match = re.fullmatch(r"(.*?)(\d+)", label)
    return (match.group(1), int(match.group(2))) if match else (label, None)


def links_within(writer: PdfWriter, files: set[str], names: set[str]) -> set[str]:
    """Every link into one of *files* (the PDFs the book is made of) becomes a
    link within the book, to the destination of the same name; return the
    destinations it names that are not among *names*."""
    missing = set()
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if not action or action.get("/S") != "/GoToR" or str(action.get("/F")) not in files:
                continue
            dest = str(action.get("/D"))
            if dest not in names:
                missing.add(dest)
            annot[NameObject("/A")] = DictionaryObject(
                {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): TextStringObject(dest)}
            )
    return missing


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
