"""Reading XML safely and in bounded memory, and telling what a file is.

* lxml's parser with no entity resolution, no DTD, no network; ``huge_tree``
  only for a file whose text nodes need it (a retry, reported);
* streamed (``iterparse``): each item is cleared once it is read, so a 100 MB
  export is read in bounded memory;
* characters XML 1.0 forbids (most C0 control characters, as bytes or as
  character references) are dropped before the parser sees them and reported
  with their lines, instead of failing the import;
* a file in UTF-16 or UTF-32 (told by its byte order mark, or by its first
  character, ``<``, as XML says) is read as such: turned into UTF-8 on the
  way to the parser;
* what lxml refuses is said plainly: elements nested too deeply (the limit),
  a text node or CDATA section too large (``--huge-tree``);
* a file that uses a well-known prefix (``wp:``, ``content:``, ``excerpt:``,
  ``dc:``, ``wfw:``, ``atom:``… as old WordPress.com exports use ``atom:``)
  without declaring it is read all the same: the root element gets a
  declaration of each such prefix it lacks, with a namespace of our own
  (:data:`SUPPLIED`, read by :func:`qname` as the prefix's usual one), so
  that the prefixes the file really used undeclared are known and reported
  (``CleanStream.supplied_used``); nothing is parsed with ``recover``.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from . import ImportFailure

_BAD_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_REFS = re.compile(
    rb"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]));"
)
_CHUNK = 1 << 20
# the first bytes of a UTF-32 or UTF-16 file: with a byte order mark, or "<"
_WIDE = [
    (b"\x00\x00\xfe\xff", "utf-32-be", 4),
    (b"\xff\xfe\x00\x00", "utf-32-le", 4),
    (b"\xfe\xff", "utf-16-be", 2),
    (b"\xff\xfe", "utf-16-le", 2),
    (b"\x00\x00\x00<", "utf-32-be", 0),
    (b"<\x00\x00\x00", "utf-32-le", 0),
    (b"\x00<", "utf-16-be", 0),
    (b"<\x00", "utf-16-le", 0),
]
_DECLARED = re.compile(r"""^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*["'])([^"']*)(["'])""")
_WIDE_NAMES = re.compile(r"(?i)^(?:utf-?(?:16|32)|ucs-?[24]|iso-10646-ucs-[24])(?:[-_]?[bl]e)?$")

WP_NAMESPACES = {
    f"{scheme}://wordpress.org/export/{v}/"
    for scheme in ("http", "https")
    for v in ("1.0", "1.1", "1.2")
}
EXCERPT_NAMESPACES = {ns + "excerpt/" for ns in WP_NAMESPACES}
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
ATOM_NS = "http://www.w3.org/2005/Atom"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS1_NS = "http://purl.org/rss/1.0/"
FEEDBURNER_NS = "http://rssnamespace.org/feedburner/ext/1.0"
#: The prefixes exports and feeds use, with their usual namespaces: a file that
#: uses one without declaring it is read as if it had declared it.
KNOWN_PREFIXES = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": CONTENT_NS,
    "dc": DC_NS,
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "atom": ATOM_NS,
    "rdf": RDF_NS,
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "media": "http://search.yahoo.com/mrss/",
    "feedburner": FEEDBURNER_NS,
    "georss": "http://www.georss.org/georss",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
}
#: The namespace given to a prefix the file did not declare: ``SUPPLIED + prefix``.
SUPPLIED = "urn:postarchive:undeclared-prefix:"
_PROLOG = re.compile(
    rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[.*?\])*>)*"
    rb"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)",
    re.S,
)
_START_TAG_REST = re.compile(rb"""(?:[^>"']|"[^"]*"|'[^']*')*>""")
_DECLARED_PREFIX = re.compile(rb"""\sxmlns:([\w.\-]+)\s*=""")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def wide_encoding(head: bytes) -> tuple[str, int] | None:
    """``(codec, length of the byte order mark)`` for a file in UTF-16 or
    UTF-32 that begins with *head* (its first four bytes at least); None for
    the encodings lxml reads byte by byte (UTF-8, Latin-1…)."""
    for start, codec, bom in _WIDE:
        if head.startswith(start):
            return codec, bom
    return None


def _utf8_declaration(text: str) -> str:
    """*text* (the start of a file turned into UTF-8) with an XML declaration
    that says so, when it said UTF-16 or UTF-32."""
    match = _DECLARED.match(text)
    if match and _WIDE_NAMES.match(match.group(2).strip()):
        return match.group(1) + "UTF-8" + match.group(3) + text[match.end() :]
    return text


def declare_missing(data: bytes) -> tuple[bytes, list[str]] | None:
    """*data* (the start of a file, UTF-8) with a declaration of each
    well-known prefix its root element does not declare, and those prefixes;
    None while the root element's start tag is not complete in *data*."""
    head = data.lstrip(b"\xef\xbb\xbf")
    offset = len(data) - len(head)
    match = _PROLOG.match(head)
    if match is None:
        return None
    rest = _START_TAG_REST.match(head, match.end())
    if rest is None:
        return None
    declared = {
        m.decode("ascii", "replace")
        for m in _DECLARED_PREFIX.findall(head[match.end() : rest.end()])
    }
    missing = [prefix for prefix in KNOWN_PREFIXES if prefix not in declared]
    added = "".join(f' xmlns:{prefix}="{SUPPLIED}{prefix}"' for prefix in missing)
    at = offset + match.end()
    return data[:at] + added.encode("ascii") + data[at:], missing


class CleanStream:
    """A binary file whose characters forbidden in XML are dropped on the way
    to the parser (a UTF-16 or UTF-32 file turned into UTF-8 first);
    ``removed`` lists the lines where they were."""

    def __init__(self, path: Path) -> None:
        self._fh = open(path, "rb")
        wide = wide_encoding(self._fh.read(4))
        self._fh.seek(wide[1] if wide else 0)
        self._decoder = codecs.getincrementaldecoder(wide[0])("strict") if wide else None
        self._first = True
        self._carry = b""
        self._line = 1
        self._root_pending = True
        self.removed: list[int] = []
        self.supplied: list[str] = []  # prefixes declared on the root element by us
        self.supplied_used: set[str] = set()  # … which the file's elements use

    def _raw(self, size: int) -> bytes:
        """Up to *size* bytes more of the file, in UTF-8 if it was in UTF-16/32."""
        data = self._fh.read(size)
        if self._decoder is not None:
            text = self._decoder.decode(data, final=not data)
            while data and not text:
                data = self._fh.read(size)
                text = self._decoder.decode(data, final=not data)
            if self._first:
                text = _utf8_declaration(text)
            data = text.encode("utf-8")
        elif self._first and data.lstrip().startswith(b"<?xml"):
            head, newline, rest = data.partition(b"?>")
            data = _utf8_declaration(head.decode("latin-1")).encode("latin-1") + newline + rest
        self._first = False
        return data

    def _declare(self, data: bytes) -> bytes:
        """*data*, the file's first bytes (more are read until the root
        element's start tag is complete), with the missing declarations."""
        self._root_pending = False
        while True:
            declared = declare_missing(data)
            if declared is not None:
                data, self.supplied = declared
                return data
            more = self._raw(_CHUNK) if len(data) < 4 * _CHUNK else b""
            if not more:
                return data
            data += more

    def read(self, size: int = -1) -> bytes:
        data = self._carry + self._raw(_CHUNK if size is None or size < 0 else size)
        self._carry = b""
        if self._root_pending:
            data = self._declare(data)
        amp = data.rfind(b"&", max(0, len(data) - 12))
        if amp >= 0 and b";" not in data[amp:] and len(data) - amp < 12 and data:
            more = self._raw(12)
            data += more
            amp = data.rfind(b"&", max(0, len(data) - 12))
            if amp >= 0 and b";" not in data[amp:] and more:
                data, self._carry = data[:amp], data[amp:]
        if _BAD_BYTES.search(data) or b"&#" in data:
            for match in list(_BAD_BYTES.finditer(data)) + list(_BAD_REFS.finditer(data)):
                self.removed.append(self._line + data.count(b"\n", 0, match.start()))
            data = _BAD_REFS.sub(b"", _BAD_BYTES.sub(b"", data))
        self._line += data.count(b"\n")
        return data

    @property
    def line(self) -> int:
        """The line reached (for messages)."""
        return self._line

    def close(self) -> None:
        self._fh.close()


def parser_args(huge: bool) -> dict:
    """lxml's settings for untrusted XML: no entities, DTD, network or recovery."""
    return dict(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge,
        remove_blank_text=False,
        recover=False,
    )


_HINT_MALFORMED = (
    "the file is not well-formed XML: export it again from WordPress "
    "(Tools → Export) or download the feed again; a file cut short by a "
    "failed download ends too early"
)


def _ends_early(path: Path) -> bool:
    """Whether the file stops before its root element is closed."""
    with open(path, "rb") as fh:
        wide = wide_encoding(fh.read(4))
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 256))
        tail = fh.read()
    if wide:
        tail = tail.decode(wide[0], errors="ignore").encode("utf-8")
    tail = tail.rstrip()
    return not re.search(rb"</(?:[\w-]+:)?(?:rss|feed|RDF)>$", tail)


def _failure(path: Path, exc: etree.XMLSyntaxError) -> ImportFailure:
    message = (exc.msg or str(exc)).strip().splitlines()[0].rstrip(",")
    if "Premature end" in message or "end of data" in message or _ends_early(path):
        return ImportFailure(
            path,
            f"the file ends too early, before its last item is closed "
            f"({message}): it was cut short",
            exc.lineno or None,
            "download or export the file again; a file cut short by a failed "
            "download ends in the middle of an item",
        )
    undeclared = re.match(r"Namespace prefix ([\w.-]+)", message)
    if undeclared:
        prefix = undeclared.group(1)
        return ImportFailure(
            path,
            f"the file uses the prefix {prefix}: without declaring it ({message})",
            exc.lineno or None,
            f"add xmlns:{prefix}=\"…\" (the prefix's namespace) to the file's "
            "first element, or export the blog again",
        )
    return ImportFailure(path, f"malformed XML ({message})", exc.lineno or None, _HINT_MALFORMED)


def stream(path: Path, huge: bool = False) -> tuple[Iterator, CleanStream]:
    """``("start" | "end", element)`` events over *path*, streamed, and the
    stream (for the lines of removed characters); XML errors become
    :class:`ImportFailure` with the line."""
    stream_ = CleanStream(path)
    return _iterate(path, stream_, huge), stream_


def _limit_failure(path: Path, exc: etree.XMLSyntaxError, huge: bool) -> ImportFailure | None:
    """What lxml refused for a limit, said plainly (None: another error)."""
    message = (exc.msg or str(exc)).strip().splitlines()[0]
    lowered = message.lower()
    message = re.sub(r",?\s*(?:use|try) XML_PARSE_HUGE(?: option)?", "", message)
    if "excessive depth" in lowered:
        limit = 2048 if huge else 256
        return ImportFailure(
            path,
            f"the XML elements are nested too deeply: more than {limit} levels, the most "
            f"lxml reads{' with --huge-tree' if huge else ''} ({message})",
            exc.lineno,
            "an export or a feed nests a few levels only: the file is damaged or is not an "
            "export" + ("" if huge else "; if it is one, --huge-tree allows 2048 levels"),
        )
    if any(word in lowered for word in ("huge", "too big", "too long", "resource limit")):
        if huge:
            return ImportFailure(
                path,
                f"a text node or CDATA section is larger than lxml reads "
                f"even with --huge-tree ({message})",
                exc.lineno,
                "split the export (Tools → Export by date range)",
            )
        return ImportFailure(
            path,
            f"a text node or CDATA section is larger than lxml reads by default, 10 MB ({message})",
            exc.lineno,
            "run the import again with --huge-tree",
        )
    return None


def _iterate(path: Path, stream_: CleanStream, huge: bool):
    context = etree.iterparse(stream_, events=("start", "end"), **parser_args(huge))
    supplied = "{" + SUPPLIED
    try:
        for event, elem in context:
            if event == "start" and elem.tag.__class__ is str and elem.tag.startswith(supplied):
                stream_.supplied_used.add(elem.tag[len(supplied) : elem.tag.index("}")])
            yield event, elem
    except etree.XMLSyntaxError as exc:
        raise (_limit_failure(path, exc, huge) or _failure(path, exc)) from None
    except UnicodeDecodeError as exc:
        raise ImportFailure(
            path,
            f"the file is not valid {exc.encoding.upper()} ({exc.reason})",
            stream_.line,
            "export the blog or save the feed again",
        ) from None
    finally:
        stream_.close()


def _check_head(path: Path) -> None:
    """The first bytes of *path* look like XML; else an :class:`ImportFailure`
    saying what the file seems to be (empty, an HTML page, not XML)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ImportFailure(
            path, f"cannot read the file ({exc.strerror})", hint="check the file name"
        ) from None
    wide = wide_encoding(head)
    if wide:
        head = head[wide[1] :].decode(wide[0], errors="ignore").encode("utf-8")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not text:
        raise ImportFailure(path, "the file is empty", hint="export the blog again")
    if text.startswith((b"<!doctype html", b"<html")) or (
        b"<html" in text[:1024] and not text.startswith(b"<?xml")
    ):
        raise ImportFailure(
            path,
            "this is an HTML page, not a WordPress export or a feed",
            1,
            "in WordPress use Tools → Export → All content and import the .xml file it "
            "downloads; for a feed, save the feed's address (…/feed/) itself, not the blog's page",
        )
    if not text.startswith(b"<"):
        raise ImportFailure(
            path,
            "this is not an XML file (a WordPress export or an RSS/Atom feed)",
            1,
            "give the .xml file WordPress exports, or a feed",
        )


def sniff(path: Path) -> str:
    """What *path* is: "wxr", "rss", "rss1" or "atom"; anything else is an
    :class:`ImportFailure` saying what the file seems to be."""
    _check_head(path)
    it, _stream = stream(path)
    try:
        for kind, elem in it:
            if kind != "start":
                continue
            tag = etree.QName(elem)
            if tag.localname == "rss" and tag.namespace is None:
                namespaces = set(elem.nsmap.values())
                if namespaces & WP_NAMESPACES:
                    return "wxr"
                return "wxr" if "wp" in _stream.supplied and _uses_wp(it) else "rss"
            if tag.localname == "feed" and tag.namespace == ATOM_NS:
                return "atom"
            if tag.localname == "RDF" and tag.namespace == RDF_NS:
                return "rss1"
            if tag.localname == "html":
                raise ImportFailure(
                    path,
                    "this is an (X)HTML page, not a WordPress export or a feed",
                    elem.sourceline,
                    "export the blog (Tools → Export) or save its feed",
                )
            raise ImportFailure(
                path,
                f"the file is XML but neither a WordPress export (WXR) nor an RSS or "
                f"Atom feed: its root element is <{tag.localname}>",
                elem.sourceline,
                "give the .xml file that WordPress's Tools → Export downloads, or a feed",
            )
    finally:
        it.close()
    raise ImportFailure(path, "the file holds no XML element", 1, "export the blog again")


def _uses_wp(events) -> bool:
    """Whether an RSS file that does not declare the prefix ``wp:`` uses it
    (an export whose declaration is missing) before its second item."""
    items = 0
    for kind, elem in events:
        if kind != "start":
            continue
        if elem.tag.__class__ is str and elem.tag.startswith(f"{{{SUPPLIED}wp}}"):
            return True
        items += elem.tag == "item"
        if items > 1:
            return False
    return False


def qname(elem: etree._Element) -> str:
    """A short name for *elem*'s tag: ``wp:post_id``, ``content:encoded``,
    ``excerpt:encoded``, ``dc:creator``, ``atom:…``, or the bare name."""
    tag = elem.tag
    if not isinstance(tag, str):
        return ""
    return _QNAMES.get(tag) or _qname(tag)


_QNAMES: dict[str, str] = {}


def _qname(tag: str) -> str:
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        if ns.startswith(SUPPLIED):  # a prefix the file used without declaring it
            ns = KNOWN_PREFIXES.get(ns[len(SUPPLIED) :], ns)
        prefix = (
            "wp"
            if ns in WP_NAMESPACES
            else "excerpt"
            if ns in EXCERPT_NAMESPACES
            else "content"
            if ns == CONTENT_NS
            else "dc"
            if ns == DC_NS
            else "atom"
            if ns == ATOM_NS
            else "rdf"
            if ns == RDF_NS
            else "rss1"
            if ns == RSS1_NS
            else "feedburner"
            if ns == FEEDBURNER_NS
            else ns
        )
        name = f"{prefix}:{local}"
    else:
        name = tag
    _QNAMES[tag] = name
    return name


def text(elem) -> str:
    """The text of *elem*, child elements included (a title written with
    markup that is not escaped still gives its words)."""
    if elem is None:
        return ""
    return elem.text or "" if len(elem) == 0 else "".join(elem.itertext())


def release(elem: etree._Element) -> None:
    """Free an element read and its earlier siblings (bounded memory)."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def note_removed(source, cleaned: CleanStream, index) -> None:
    """Report the characters :class:`CleanStream` dropped, once per line, and
    the prefixes the file used without declaring them (supplied)."""
    if cleaned.supplied_used:
        index.undeclared[source.name] = sorted(cleaned.supplied_used)
    counts: dict[int, int] = {}
    for line in cleaned.removed:
        counts[line] = counts.get(line, 0) + 1
    for line, n in sorted(counts.items()):
        index.problems.append(
            f"{source.path}:{line}: {n} control character{'s' if n > 1 else ''} that XML does "
            f"not allow {'were' if n > 1 else 'was'} dropped"
        )
