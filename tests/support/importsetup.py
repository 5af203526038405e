"""Shared set-up of the importer's tests: the test exports, a project with a
copy of the ``test-import`` root as its docs, uploads with real images, and
running the importer as a user does (``python -m postarchive.importer``)."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

from support.archivebuild import REPO, copy_root
from support.paths import IMPORTDATA

DATA = IMPORTDATA
BLOG = DATA / "blog.wxr.xml"
FEEDS = [DATA / "feed.rss.xml", DATA / "feed.atom.xml", DATA / "excerpts.rss.xml"]


def png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x80\xa0\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def make_uploads(root: Path) -> Path:
    """A copy of wp-content/uploads: the originals (not the size variants the
    posts link to)."""
    month = root / "2016" / "06"
    month.mkdir(parents=True)
    (month / "photo.png").write_bytes(png())
    (month / "anim.gif").write_bytes(GIF)
    (month / "my photo é.png").write_bytes(png(2, 2))
    return root


def make_project(dest: Path) -> tuple[Path, Path]:
    """``(docs, sources)``: docs is a copy of the test-import root."""
    docs = copy_root("import", dest)
    return docs, dest / "sources"


def run_import(docs: Path, sources: Path, *args, check: bool = True) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable,
        "-m",
        "postarchive.importer",
        "--docs",
        str(docs),
        "--sources",
        str(sources),
        *map(str, args),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if check and result.returncode != 0:
        raise AssertionError(f"import failed:\n{result.stdout}\n{result.stderr}")
    return result


def snapshot(*roots: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under *roots*: its content and modification time."""
    found = {}
    for root in roots:
        if root.exists():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    found[str(path)] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found
