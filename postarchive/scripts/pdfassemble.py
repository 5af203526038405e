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

Run with the Python of the build (it needs pikepdf: qpdf copies the pages'
objects without parsing their contents).
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, OutlineItem, Pdf, String

#: the destination of the part the volumes follow (pages/years.py's
#: VOLUMES_TARGET, named after its document by \HyperDestNameFilter)
TARGET = "archive-volumes"

# the pages are copied with pages.extend(): the destinations, the bookmarks and
# the links are carried over below, all of them (add_pages_from() carries only
# the destinations the copied pages' own links name, and drops bookmarks that
# run a GoTo action, as every one of LaTeX's does)
warnings.filterwarnings("ignore", category=pikepdf.exceptions.PageCopyWarning)


def volumes(cache: Path, book: str) -> list[Path]:
    """The volumes' PDFs in the book's order: the years, oldest first, then the
    posts of unknown date."""
    found = [
        p for p in cache.glob(f"{book}-*.pdf") if re.fullmatch(r"\d{4}|undated", _year(p, book))
    ]
    return sorted(found, key=lambda p: (_year(p, book) == "undated", _year(p, book)))


def _year(path: Path, book: str) -> str:
    return path.stem.removeprefix(f"{book}-")


def volume_title(pdf: Pdf, book_title: str) -> str:
    """The volume's bookmark: its title without the book's ("2016")."""
    title = str(pdf.docinfo.get("/Title", ""))
    return title.removeprefix(book_title).lstrip(": ") or title


def destinations(pdf: Pdf) -> dict[str, pikepdf.Object]:
    """The named destinations of *pdf* (its /Names /Dests tree)."""
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    return dict(NameTree(tree).items()) if tree is not None else {}


def page_of(dest: pikepdf.Object | None, pages: dict[tuple[int, int], int]) -> int | None:
    """The number of the page a destination (an array, or a dictionary with
    /D) shows, from *pages* (page object → number)."""
    if isinstance(dest, Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, Array) and len(dest) and isinstance(dest[0], Dictionary):
        return pages.get(dest[0].objgen)
    return None


def assemble(frame_path: Path, parts: list[Path], out: Path, book: str) -> int:
    """Write the book; return its number of pages."""
    frame = Pdf.open(frame_path)
    framed_pages = {page.objgen: n for n, page in enumerate(frame.pages)}
    frame_dests = destinations(frame)
    after = page_of(frame_dests.get(f"{book}-{TARGET}"), framed_pages)
    if after is None:
        raise SystemExit(f"error: {frame_path.name} has no destination {book}-{TARGET}")
    after += 1
    book_title = str(frame.docinfo.get("/Title", ""))
    pdf = Pdf.new()
    dests: dict[str, pikepdf.Object] = {}  # the book's named destinations, copied
    pdf.pages.extend(frame.pages[:after])
    framed = page_labels(frame)
    labels = framed[:after]
    volumes = []  # each volume's bookmark: its title, leading to its first page
    for path in parts:
        # one volume open at a time: once its pages, destinations and bookmarks are
        # the book's, with their stream data, it is closed (the memory of a book of
        # thousands of posts is the book's, not the book's and every volume's)
        with Pdf.open(path) as volume:
            named = volume_title(volume, book_title)
            entry = OutlineItem(named, len(pdf.pages))
            first_object = len(pdf.objects)
            pdf.pages.extend(volume.pages)
            labels += [f"{named}:{label}" for label in page_labels(volume)]
            dests.update((n, pdf.copy_foreign(d)) for n, d in destinations(volume).items())
            with volume.open_outline() as own:
                entry.children.extend(_copy_items(pdf, volume, own.root))
            _own_stream_data(pdf, first_object)
        volumes.append(entry)
    pdf.pages.extend(frame.pages[after:])
    dests.update((n, pdf.copy_foreign(d)) for n, d in frame_dests.items())
    names = NameTree.new(pdf)
    for name, dest in dests.items():
        names[name] = dest
    pdf.Root.Names = pdf.make_indirect(Dictionary(Dests=names.obj))
    files = {f"{book}.pdf", *(path.name for path in parts)}
    missing = links_within(pdf, files, dests)
    if missing:
        raise SystemExit(
            f"error: {len(missing)} links of the book lead to destinations it does not hold: "
            + ", ".join(sorted(missing)[:5])
        )
    write_outline(
        pdf, frame, volumes, lambda item: page_of(_target(item, frame_dests), framed_pages), after
    )
    set_page_labels(pdf, labels + framed[after:])
    for key, value in frame.docinfo.items():
        pdf.docinfo[key] = value
    pdf.Root.PageMode = Name.UseOutlines
    count = len(pdf.pages)
    tmp = out.with_name(f".{out.name}.tmp")
    pdf.save(tmp, deterministic_id=True)
    tmp.replace(out)
    return count


def _target(item: OutlineItem, dests: dict[str, pikepdf.Object]) -> pikepdf.Object | None:
    """What a bookmark of the frame leads to: its destination, or its GoTo
    action's, a name looked up in *dests*."""
    dest = item.destination
    if dest is None and item.action is not None and item.action.get("/S") == Name.GoTo:
        dest = item.action.get("/D")
    if isinstance(dest, (String, Name, str)):
        return dests.get(str(dest))
    return dest


def write_outline(pdf: Pdf, frame: Pdf, volumes: list[OutlineItem], page, after: int) -> None:
    """The book's bookmarks: the frame's, with the volumes' entries (each with its
    bookmarks below it) after the frame's entries that begin before the
    volumes (the part "Posts by year")."""
    with frame.open_outline() as framed:
        items = list(framed.root)
    before = 0
    for n, item in enumerate(items):
        number = page(item)
        if number is not None and number < after:
            before = n + 1
    with pdf.open_outline() as outline:
        copied = _copy_items(pdf, frame, items)
        outline.root.extend(copied[:before] + volumes + copied[before:])


def _copy_items(pdf: Pdf, source: Pdf, items) -> list[OutlineItem]:
    """Bookmarks of *source* for *pdf*: titles, state, and what they lead to
    (LaTeX's: a GoTo action to a named destination, which the book holds)."""
    copies = []
    for item in items:
        copy = OutlineItem(item.title)
        if item.action is not None:
            copy.action = _copied(pdf, source, item.action)
        elif isinstance(item.destination, pikepdf.Object):
            copy.destination = _copied(pdf, source, item.destination)
        elif item.destination is not None:
            copy.destination = item.destination
        copy.is_closed = item.is_closed
        copy.children.extend(_copy_items(pdf, source, item.children))
        copies.append(copy)
    return copies


def _copied(pdf: Pdf, source: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """*obj* of *source* copied into *pdf* (a direct one through an indirect copy:
    the references in it are mapped like those of any copied object)."""
    return pdf.copy_foreign(obj if obj.is_indirect else source.make_indirect(obj))


def _own_stream_data(pdf: Pdf, first: int) -> None:
    """The data of the streams copied into *pdf* since its object *first* held
    by *pdf* itself (raw, with its filters), not read from their source at
    saving: the source can be closed."""
    objects = pdf.objects
    for number in range(first, len(objects)):
        stream = objects[number]
        if isinstance(stream, pikepdf.Stream):
            stream.write(
                stream.read_raw_bytes(),
                filter=stream.get("/Filter"),
                decode_parms=stream.get("/DecodeParms"),
                type_check=False,
            )


def page_labels(pdf: Pdf) -> list[str]:
    """The page labels of *pdf*, from its /PageLabels (LaTeX's: one /Nums array)."""
    count = len(pdf.pages)
    tree = pdf.Root.get("/PageLabels")
    nums = list(tree.get("/Nums", [])) if tree is not None else []
    starts = [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
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


def set_page_labels(pdf: Pdf, labels: list[str]) -> None:
    """The book's page labels (what a viewer shows and goes to as the page's
    number): the frame's own, and a volume's pages named after it ("2016:5",
    as the frame's references to them read). A run of numbered pages is one
    range."""
    nums = Array()
    first = 0
    while first < len(labels):
        prefix, number = _split(labels[first])
        last = first
        if number is None:
            spec = Dictionary(P=String(labels[first]))
        else:
            while last + 1 < len(labels) and _split(labels[last + 1]) == (
                prefix,
                number + last + 1 - first,
            ):
                last += 1
            spec = Dictionary(S=Name.D, St=number)
            if prefix:
                spec.P = String(prefix)
        nums.extend([first, spec])
        first = last + 1
    pdf.Root.PageLabels = Dictionary(Nums=nums)


def _split(label: str) -> tuple[str, int | None]:
    match = re.fullmatch(r"(.*?)(\d+)", label)
    return (match.group(1), int(match.group(2))) if match else (label, None)


def links_within(pdf: Pdf, files: set[str], names: dict[str, pikepdf.Object]) -> set[str]:
    """Every link into one of *files* (the PDFs the book is made of) becomes a
    link within the book, to the destination of the same name; return the
    destinations it names that are not among *names*."""
    missing = set()
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", ()):
            action = annot.get("/A")
            if action is None or action.get("/S") != Name.GoToR:
                continue
            if str(action.get("/F")) not in files:
                continue
            dest = str(action.get("/D"))
            if dest not in names:
                missing.add(dest)
            annot.A = Dictionary(S=Name.GoTo, D=String(dest))
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
