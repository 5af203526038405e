#!/usr/bin/env python3
"""Fingerprint a build: one SHA-256 per published file and one for the whole.

    python tools/sitehash.py [BUILDDIR]          # default: build
    python tools/sitehash.py BUILDDIR --list     # every file with its hash

Hashes every file of BUILDDIR/html and the PDF(s) directly in BUILDDIR, so two
builds of the same sources made with the same SOURCE_DATE_EPOCH can be compared
byte for byte (e.g. before and after a refactoring):

    SOURCE_DATE_EPOCH=1767225600 BUILDDIR=/tmp/a make
    python tools/sitehash.py /tmp/a
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def file_hashes(build: Path) -> dict[str, str]:
    files = sorted(p for p in (build / "html").rglob("*") if p.is_file())
    files += sorted(build.glob("*.pdf"))
    return {
        p.relative_to(build).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files
    }


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    build = Path(args[0] if args else "build")
    hashes = file_hashes(build)
    if not hashes:
        print(f"no build in {build}", file=sys.stderr)
        return 1
    if "--list" in argv:
        for name, digest in hashes.items():
            print(f"{digest}  {name}")
    whole = hashlib.sha256("".join(f"{d}  {n}\n" for n, d in hashes.items()).encode())
    pdfs = {n: d for n, d in hashes.items() if "/" not in n}
    print(f"site+pdf {whole.hexdigest()}  ({len(hashes)} files)")
    for name, digest in pdfs.items():
        print(f"pdf      {digest}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
