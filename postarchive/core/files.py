"""Writing the build's own files: only when their content changes, so a file
that stays the same keeps its mtime (servers, browsers' caches and the next
incremental build see it unchanged). Sphinx-free; imports nothing."""

from __future__ import annotations

import os
from pathlib import Path


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write *data* (text is written as UTF-8) to *path* unless it already
    holds it; whole or not at all (a temporary file replaces it). True when
    written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True
