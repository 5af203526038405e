"""Helpers to build a copy of a test root with the real ``sphinx-build``
command, as ``make html`` does, with the build directory outside the
source directory (like the real site's docs/ and build/)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.cmd.build import build_main

from support.paths import REPO, ROOTS


def copy_root(name: str, dest: Path) -> Path:
    src = dest / "src"
    shutil.copytree(ROOTS / f"test-{name}", src)
    return src


def sphinx_build(
    src: Path,
    build: Path,
    *,
    jobs: int = 1,
    builder: str = "html",
    check: bool = True,
    confdir: Path | None = None,
) -> subprocess.CompletedProcess:
    """Build *src* into ``build/<builder>`` with doctrees in
    ``build/doctrees/all`` (one environment for every builder, as ``make`` has:
    a LaTeX build after an HTML one reads nothing again); warnings are
    errors, like the real build. *confdir*: where conf.py is (default: in *src*)."""
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        "-d",
        str(build / "doctrees" / "all"),
        str(src),
        str(build / builder),
        "-nW",
        "--keep-going",
        "-q",
        "-j",
        str(jobs),
    ]
    if confdir is not None:
        cmd += ["-c", str(confdir)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"sphinx-build failed:\n{result.stdout}\n{result.stderr}")
    return result


def site_files(outdir: Path) -> dict[str, bytes]:
    """Every file a reader gets: pages, feed, search index, static files."""
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and p.name != ".buildinfo"
    }


def diff_sites(a: Path, b: Path) -> list[str]:
    """Names of the files that differ between two built sites (or exist in one only)."""
    fa, fb = site_files(a), site_files(b)
    return sorted(name for name in fa.keys() | fb.keys() if fa.get(name) != fb.get(name))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


SCRIPTS = REPO / "postarchive" / "scripts"


def latex_pdf(latex: Path) -> subprocess.CompletedProcess:
    """Make the PDFs of a LaTeX builder's output as ``make pdf`` does, with a
    fixed SOURCE_DATE_EPOCH: each document (the book, or its frame and a volume
    per year) by latexmk in the sandbox (postarchive/scripts/pdfvolumes.py),
    the whole book assembled from them (pdfassemble.py) and put at
    ``<book>.pdf`` beside its ``.tex``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    caches = latex.parent / "pdf-cache"
    shutil.rmtree(caches, ignore_errors=True)
    steps = [
        [sys.executable, str(SCRIPTS / "pdfvolumes.py"), str(latex), "--cache"]
        + [str(caches / "old"), "--new-cache", str(caches / "new"), "--jobs", "2"],
        [sys.executable, str(SCRIPTS / "pdfassemble.py"), str(caches / "new")]
        + ["--book", book_tex(latex).stem],
    ]
    out = err = ""
    for command in steps:
        proc = subprocess.run(command, capture_output=True, text=True, env=env)
        out, err = out + proc.stdout, err + proc.stderr
        if proc.returncode:
            return subprocess.CompletedProcess(command, proc.returncode, out, err)
    book = caches / "new" / f"{book_tex(latex).stem}.pdf"
    shutil.copyfile(book, latex / book.name)
    return subprocess.CompletedProcess(steps[0], 0, out, err)


#: a message of Sphinx or the archive: ``<file>:<line>: ERROR|WARNING: <text>``
MESSAGE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<level>ERROR|WARNING): (?P<msg>.*)$")


def build_in_process(
    src: Path, out: Path, capsys, builder: str = "html", extra: tuple[str, ...] = ()
) -> tuple[int, list, str]:
    """Build *src* with Sphinx in this process (``-nW --keep-going -q``) into
    ``out/<builder>``, doctrees in ``out/doctrees``: the exit status, the
    messages as (file relative to *src*, line, level, text), and stderr."""
    capsys.readouterr()
    status = build_main(
        [
            "-b",
            builder,
            "-d",
            str(out / "doctrees"),
            str(src),
            str(out / builder),
            "-nW",
            "--keep-going",
            "-q",
            *extra,
        ]
    )
    err = capsys.readouterr().err
    messages = []
    for line in err.splitlines():
        m = MESSAGE.match(line)
        if m:
            rel = Path(m["path"]).relative_to(src).as_posix()
            messages.append((rel, int(m["line"]), m["level"], m["msg"]))
        elif line.strip() and "build finished with problems" not in line:
            messages.append(("?", 0, "OTHER", line))
    return status, messages, err


#: a PDF volume's .tex (pdf/volumes.py): ``<book>-2016.tex``, ``<book>-undated.tex``
VOLUME_TEX = re.compile(r".+-(?:\d{4}|undated)\.tex")


def all_tex(folder: Path) -> str:
    """The LaTeX of the whole book in a LaTeX output folder: its ``.tex`` and its
    volumes' (the posts are in their years' volumes)."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.tex")))


def book_tex(folder: Path) -> Path:
    """The whole book's ``.tex`` in a LaTeX output folder (the volumes beside it,
    one per year, are named ``<book>-<year>.tex``)."""
    texs = sorted(folder.glob("*.tex"), key=lambda p: (len(p.name), p.name))
    books = [p for p in texs if not VOLUME_TEX.fullmatch(p.name)] or texs
    if not books:
        raise FileNotFoundError(f"no .tex in {folder}")
    return books[0]
