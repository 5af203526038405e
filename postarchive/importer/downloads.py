"""Files other than images that a post links to on the blog's own uploads
(``<a href="https://blog/wp-content/uploads/2014/05/report.pdf">``): with
``--uploads`` or ``--fetch-media`` the archive keeps a copy in docs/_uploads/
and the link downloads it (its words unchanged). Only the kinds of
:data:`KINDS`, each checked by its bytes (a ``.pdf`` must begin ``%PDF-``, a
``.zip`` ``PK\\x03\\x04``, a ``.txt`` must be UTF-8 text and not HTML…), and
no larger than the file limit (``--media-max-file``, 25 MB); links to
anything else stay links to the blog, and the summary lists them.
Sphinx-free; no path comes from an address unchecked (the upload path is
checked as images' are: :func:`.media.safe_rel`).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

MB = 1024 * 1024
MAX_BYTES = 25 * MB
#: the start of an HTML page (an error page saved under a file's name); images too
HTML_PAGE = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?php|<script)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not _CONTROL.search(text) and not HTML_PAGE.match(data)


def _mp3(data: bytes) -> bool:
    return data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)


def _iso_media(data: bytes) -> bool:  # MP4, M4A, M4V, QuickTime
    return data[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def riff(kind: bytes):
    """A RIFF container of *kind* (WAVE, WEBP)."""
    return lambda data: data[:4] == b"RIFF" and data[8:12] == kind


def starts(*magic: bytes):
    """Data that begins with one of *magic*."""
    return lambda data: data.startswith(magic)


#: The kinds of file kept (suffix → what it is, how its bytes are checked).
KINDS = {
    ".pdf": ("a PDF document", starts(b"%PDF-")),
    ".zip": ("a ZIP archive", starts(b"PK\x03\x04")),
    ".txt": ("a plain text file", _text),
    ".mp3": ("an MP3 recording", _mp3),
    ".m4a": ("an M4A recording", _iso_media),
    ".ogg": ("an Ogg recording", starts(b"OggS")),
    ".oga": ("an Ogg recording", starts(b"OggS")),
    ".opus": ("an Opus recording", starts(b"OggS")),
    ".wav": ("a WAV recording", riff(b"WAVE")),
    ".flac": ("a FLAC recording", starts(b"fLaC")),
    ".mp4": ("an MP4 video", _iso_media),
    ".m4v": ("an MP4 video", _iso_media),
    ".mov": ("a QuickTime video", _iso_media),
    ".webm": ("a WebM video", starts(b"\x1a\x45\xdf\xa3")),
    ".ogv": ("an Ogg video", starts(b"OggS")),
}


def suffix(rel: str) -> str:
    return PurePosixPath(rel).suffix.lower()


def kept(rel: str) -> bool:
    """Whether a file of *rel*'s kind may be kept (by its name)."""
    return suffix(rel) in KINDS


def problem(rel: str, data: bytes) -> str | None:
    """Why *data* is not the file its name says, or None."""
    kind = KINDS.get(suffix(rel))
    if kind is None:
        return f"a kind of file the archive does not keep ({suffix(rel) or 'no suffix'})"
    what, check = kind
    if not data:
        return "an empty file"
    if check(data):
        return None
    if HTML_PAGE.match(data[:512]):
        return f"an HTML page, not {what}"
    return f"not {what} (its first bytes say otherwise)"
