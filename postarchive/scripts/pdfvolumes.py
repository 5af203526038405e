#!/usr/bin/env python3
"""Typeset the PDFs of a LaTeX directory (the whole book and the volumes, one
per year: every ``.tex`` Sphinx wrote), only those whose inputs changed, in
parallel, each in the LaTeX sandbox.

    pdfvolumes.py LATEXDIR --cache OLD --new-cache NEW [--jobs N] [--failed FILE]

Sphinx's LaTeX builder writes every ``.tex`` again at every build, so what
decides is a SHA-256 of what goes into each PDF: its ``.tex``, the shared
files beside it (classes, styles, the Lua guard, latexmkrc and the Makefile,
which name the engine) and the images its ``.tex`` names. A PDF whose hash is
the one in OLD (the cache of the last published build: ``<name>.sha256`` and
``<name>.pdf``, ``<name>.log``, ``<name>.toc``) is copied from there, byte for byte; the
others run latexmk (``make <name>.pdf``), the largest first, N at a time. The whole
book's frame comes last: its table of contents reads the volumes' (``.toc``), so their
tables of contents are among its inputs. Every PDF, built or
copied, goes into NEW with its hash (the build script publishes NEW as the
cache when everything succeeded, so a failed build leaves the cache as it
was). A PDF whose LaTeX failed, or whose log reports missing characters or
undefined references, is named in FILE (one name a line) and the exit status
is 1. Standard library only (the build script runs it with the system's
Python).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".svg", ".eps"}
PROBLEMS = re.compile(
    r"Missing character|undefined references|Reference .* undefined|Citation .* undefined"
)


def documents(latexdir: Path) -> list[str]:
    """The names of the documents (``.tex`` files), largest first."""
    texs = sorted(latexdir.glob("*.tex"), key=lambda p: (-p.stat().st_size, p.name))
    return [p.stem for p in texs]


def inputs_hash(latexdir: Path, name: str, names: list[str]) -> str:
    """The SHA-256 of everything that goes into *name*.pdf (the frame: with the
    volumes' tables of contents, which it lists)."""
    text = (latexdir / f"{name}.tex").read_bytes()
    digest = hashlib.sha256(b"tex\0" + text)
    if is_frame(latexdir, name):
        for other in sorted(names):
            toc = latexdir / f"{other}.toc"
            if other != name and toc.is_file():
                digest.update(
                    other.encode() + b".toc\0" + hashlib.sha256(toc.read_bytes()).digest()
                )
    for path in sorted(latexdir.iterdir()):
        if not path.is_file() or path.suffix == ".tex" or path.name == "make.log":
            continue
        if any(path.name.startswith(other + ".") for other in names):
            continue  # another document's output (.aux, .log, .pdf…)
        if path.suffix.lower() in IMAGES and path.name.encode() not in text:
            continue  # an image of another document
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


#: the mark of the whole book's frame: the document the volumes are put into
#: (postarchive/pages/years.py, postarchive/scripts/pdfassemble.py)
FRAME_MARK = b"\\hypertarget{archive-volumes}"


def is_frame(latexdir: Path, name: str) -> bool:
    return FRAME_MARK in (latexdir / f"{name}.tex").read_bytes()


def cached_file(latexdir: Path, name: str) -> str:
    """The file of *name*'s PDF in the cache: the frame's is not a PDF to publish
    (``<name>.pdf.frame``: the book assembled from it is ``<name>.pdf``)."""
    return f"{name}.pdf.frame" if is_frame(latexdir, name) else f"{name}.pdf"


def cached(cache: Path, name: str, digest: str, file: str) -> Path | None:
    """The cached PDF of *name* when it was made from these inputs (its log beside it)."""
    try:
        if (cache / f"{name}.sha256").read_text(encoding="ascii").strip() != digest:
            return None
    except OSError:
        return None
    pdf = cache / file
    kept = all((cache / f"{name}{suffix}").is_file() for suffix in KEPT)
    return pdf if pdf.is_file() and kept else None


#: what the cache keeps of each PDF beside it: its LaTeX log (read by the
#: tests after a copied build), table of contents and labels (read by the frame)
KEPT = (".log", ".toc", ".aux")


#: the index before makeindex has made it: empty, but with its heading, so the
#: first pass already writes the index's line of the table of contents and its
#: bookmark; the second pass then reads a complete .toc and .out and the
#: references settle in two passes instead of three (only for a document with
#: index entries: without any, makeindex writes no index at all)
EMPTY_INDEX = "\\begin{sphinxtheindex}\n\\end{sphinxtheindex}\n"


#: latexmk's settings beside Sphinx's latexmkrc: LaTeX's count of pages
#: (``\@abspage@last`` in the .aux) changes once the table of contents is read,
#: and latexmk would run a pass for it alone; nothing of the archive prints it
RCFILE = "archive-latexmkrc"
RC = r"$hash_calc_ignore_pattern{'aux'} = '^\\\\gdef\s*\\\\@abspage@last\{';" + "\n"


def typeset(latexdir: Path, name: str) -> tuple[str, str | None, float]:
    """latexmk for *name* in the sandbox: (name, a problem or None, seconds)."""
    start = time.perf_counter()
    index = latexdir / f"{name}.ind"
    # (a document without index entries gets no index: makeindex writes nothing)
    if not index.exists() and b"\\index{" in (latexdir / f"{name}.tex").read_bytes():
        index.write_text(EMPTY_INDEX, encoding="ascii")
    with open(latexdir / f"{name}.make.log", "wb") as out:
        proc = subprocess.run(
            ["bash", str(HERE / "latex-sandbox.sh"), str(latexdir), "make", f"{name}.pdf"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                "LATEXMKOPTS": os.environ.get("LATEXMKOPTS", "-silent") + f" -r {RCFILE}",
            },
        )
    seconds = time.perf_counter() - start
    if proc.returncode:
        return name, "the PDF did not build", seconds
    log = (latexdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    if PROBLEMS.search(log):
        return name, "the LaTeX log reports missing characters or undefined references", seconds
    return name, None, seconds


def store(new: Path, latexdir: Path, name: str, digest: str) -> None:
    """*name*'s PDF and LaTeX log into the new cache, with its inputs' hash."""
    new.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(latexdir / f"{name}.pdf", new / cached_file(latexdir, name))
    for suffix in KEPT:
        if (latexdir / f"{name}{suffix}").is_file():
            shutil.copyfile(latexdir / f"{name}{suffix}", new / f"{name}{suffix}")
    (new / f"{name}.sha256").write_text(digest + "\n", encoding="ascii")


def build(latexdir: Path, old: Path, new: Path, jobs: int) -> list[tuple[str, str]]:
    """Copy the unchanged PDFs, typeset the others (the volumes, then the
    frame, which reads their tables of contents); return the failures."""
    names = documents(latexdir)
    (latexdir / RCFILE).write_text(RC, encoding="ascii")
    frames = [name for name in names if is_frame(latexdir, name)]
    volumes = [name for name in names if name not in frames]
    failures, typeset = run_batch(latexdir, old, new, jobs, volumes, names)
    if frames and not failures:
        for frame in frames:
            write_pages(latexdir, frame)
        failures, more = run_batch(latexdir, old, new, jobs, frames, names)
        typeset += more
    print(f"PDF: {typeset} of {len(names)} typeset, the others copied")
    return failures


#: a page of a post the frame shows (postarchive/pages/years.py): volume, label
VOLUME_PAGE = re.compile(rb"\\archivevolumepage\{([^{}]*)\}\{([^{}]*)\}")
#: a label and its page in a volume's .aux
NEW_LABEL = re.compile(r"^\\newlabel\{(.+?)\}\{\{(?:[^{}]|\{[^{}]*\})*\}\{([^{}]*)\}", re.M)


def write_pages(latexdir: Path, frame: str) -> None:
    """``<frame>.pages``: the page in its volume of each post's label the frame
    shows, read from the volume's .aux (``\\archive@setpage{volume}{label}{page}``)."""
    wanted = sorted(set(VOLUME_PAGE.findall((latexdir / f"{frame}.tex").read_bytes())))
    pages: dict[str, dict[str, str]] = {}
    lines = []
    for volume, label in (tuple(part.decode() for part in pair) for pair in wanted):
        if volume not in pages:
            aux = latexdir / f"{volume}.aux"
            text = aux.read_text(encoding="utf-8", errors="replace") if aux.is_file() else ""
            pages[volume] = dict(NEW_LABEL.findall(text))
        if label in pages[volume]:
            lines.append(f"\\archive@setpage{{{volume}}}{{{label}}}{{{pages[volume][label]}}}\n")
    (latexdir / f"{frame}.pages").write_text("".join(lines), encoding="utf-8")


def run_batch(
    latexdir: Path, old: Path, new: Path, jobs: int, batch: list[str], names: list[str]
) -> tuple[list[tuple[str, str]], int]:
    """Copy or typeset the documents of *batch*; return the failures and the
    number typeset."""
    hashes = {name: inputs_hash(latexdir, name, names) for name in batch}
    todo = []
    for name in batch:
        hit = cached(old, name, hashes[name], cached_file(latexdir, name))
        if hit is None:
            todo.append(name)
            continue
        shutil.copyfile(hit, latexdir / f"{name}.pdf")
        for suffix in KEPT:
            shutil.copyfile(old / f"{name}{suffix}", latexdir / f"{name}{suffix}")
        store(new, latexdir, name, hashes[name])
    print(f"PDF: {len(todo)} of {len(batch)} to typeset ({jobs} at a time): {' '.join(todo)}")
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        for name, problem, seconds in pool.map(lambda n: typeset(latexdir, n), todo):
            print(f"PDF: {name}.pdf {'FAILED' if problem else 'typeset'} in {seconds:.1f} s")
            if problem:
                failures.append((name, problem))
            else:
                store(new, latexdir, name, hashes[name])
    return failures, len(todo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("latexdir", type=Path)
    parser.add_argument("--cache", type=Path, required=True, help="the last build's PDFs")
    parser.add_argument("--new-cache", type=Path, required=True, help="where this build's go")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--failed", type=Path, help="write the failed documents' names here")
    args = parser.parse_args()
    failures = build(args.latexdir, args.cache, args.new_cache, args.jobs)
    if args.failed:
        args.failed.write_text("".join(f"{n}\t{p}\n" for n, p in failures), encoding="utf-8")
    for name, problem in failures:
        print(f"error: {name}.pdf: {problem}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
