"""``--fetch-media``: the images the imported posts show, downloaded from the
blog (and WordPress's CDN) into a cache that has the layout of
wp-content/uploads; the import then reads that cache exactly as it reads
``--uploads DIR`` (:func:`.htmlprep.find_upload`: the same paths in
docs/_uploads/, the same size-variant mapping, SVGs made safe, "Image not
archived" for the rest).

* What: the files other than images the posts link to (``<a href>``) on the
  blog's uploads, of the kinds :mod:`.downloads` keeps (PDF, ZIP, text,
  audio, video; exactly the address linked), and every ``<img>`` of the posts as WordPress showed them (blocks,
  shortcodes and galleries expanded, a ``[gallery]`` without ``ids`` listing
  the post's attachments), whose address is an upload (``/wp-content/uploads/``,
  ``/files/``, ``*.files.wordpress.com``) of an allowed host, with an image
  type the archive shows. The original of a size variant (``-300x200``,
  ``-scaled``, ``?w=``) is asked for first, then the variant (so the linked
  original of a thumbnail is the file kept); Photon addresses (``i0.wp.com/<host>/…``)
  are asked of the blog first.
* Hosts: the blog's (its export's ``link``, ``wp:base_site_url``,
  ``wp:base_blog_url``, the posts' permalinks, with and without ``www.``),
  ``*.files.wordpress.com``, ``i0``–``i3.wp.com``, and ``--media-allow-host``.
* Checked by their bytes: a file must be what its name says (JPEG, PNG, GIF,
  WebP, PDF by their magic numbers; an SVG must pass :mod:`.svg`): an HTML
  error page saved as ``.jpg`` is refused.
* What the blog no longer has (404, 410, refused content) is taken from the
  Wayback Machine's snapshot closest to the post's day (:mod:`.wayback`); the
  post's notes name the snapshot.
* The cache (``build/media-cache/`` beside docs/, or ``--media-cache``) keeps
  each file as soon as it is complete (an atomic rename) and a line in
  ``fetched.jsonl``: an interrupted import, run again, downloads nothing twice.
  No path of the cache or of docs/ comes from an address unchecked.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..core import linkrecord
from . import downloads, wayback
from .fetch import MB, Budget, Client, FetchError, Limits, Policy
from .htmlprep import _SIZE, WEB_IMAGE_TYPES, upload_path
from .svg import SvgRefused, sanitize

CDN_SUFFIXES = (".files.wordpress.com",)
CDN_HOSTS = {f"i{n}.wp.com" for n in range(4)}
_BAD = re.compile(r"[\x00-\x1f\x7f\\]")


@dataclass
class Settings:
    cache: Path
    hosts: set[str] = field(default_factory=set)  # besides the blog's
    allow_local: bool = False
    limits: Limits = field(default_factory=Limits)
    max_total: int = 2048 * MB
    wayback: str | None = None  # the availability endpoint; None: no lookups
    progress: bool | None = None


@dataclass
class Wanted:
    """One file to fetch: ``(address, upload path)`` candidates, the original first."""

    rel: str  # the original's upload path (the key)
    candidates: list[tuple[str, str]] = field(default_factory=list)
    day: str = ""  # the earliest day a post showing it was published (YYYY-MM-DD)


@dataclass
class Outcome:
    fetched: int = 0
    cached: int = 0  # already in the cache (an earlier, maybe interrupted, import)
    bytes: int = 0
    from_wayback: list[str] = field(default_factory=list)  # upload paths
    failed: dict[str, str] = field(default_factory=dict)  # address → why
    other_hosts: int = 0  # images on other sites: not fetched
    records: dict[str, dict] = field(default_factory=dict)  # upload path → cache record


def hosts_of(urls) -> set[str]:
    """The host names of *urls*, each with and without ``www.``."""
    hosts = set()
    for url in urls:
        try:
            host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
        except ValueError:
            continue
        if host:
            bare = host.removeprefix("www.")
            hosts |= {bare, f"www.{bare}"}
    return hosts


def media_policy(blog_hosts: set[str], settings: Settings) -> Policy:
    return Policy(
        hosts=blog_hosts | {h.lower() for h in settings.hosts} | CDN_HOSTS,
        suffixes=CDN_SUFFIXES,
        allow_local=settings.allow_local,
    )


class _Images(HTMLParser):
    """The ``src`` (else ``data-src``) of every ``<img>``, as htmlprep reads
    them; the ``href`` of every ``<a>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        values = dict(attrs)
        if tag == "img":
            src = (values.get("src") or values.get("data-src") or "").strip()
            if src and not src.startswith("data:"):
                self.found.append(src)
        elif tag == "a" and (values.get("href") or "").strip():
            self.links.append(values["href"].strip())


def image_addresses(html: str, base: str, links: bool = False) -> list[str]:
    """The addresses of the images *html* shows (*links*: of its links)."""
    parser = _Images()
    parser.feed(html)
    parser.close()
    found = []
    for src in parser.links if links else parser.found:
        try:
            found.append(urljoin(base, src) if base else src)
        except ValueError:
            continue
    return found


KEPT_TYPES = frozenset(WEB_IMAGE_TYPES) | frozenset(downloads.KINDS)


def safe_rel(rel: str | None, types=KEPT_TYPES) -> str | None:
    """*rel* if it is a harmless relative path of a file of *types* (by
    default: an image the archive shows, or a file it keeps)."""
    if not rel or rel.startswith("/") or _BAD.search(rel):
        return None
    parts = rel.split("/")
    if any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
        return None
    if Path(parts[-1]).suffix.lower() not in types:
        return None
    return rel


def _fetchable(url: str, policy: Policy):
    """*url* split, when it is an http(s) address the policy allows; else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if policy.refusal(url) or parts.scheme not in ("http", "https"):
        return None
    return parts


def candidates(url: str, policy: Policy) -> list[tuple[str, str]]:
    """What to ask for the image at *url*: ``(address, upload path)``, the
    original first; [] when it is no upload of an allowed host."""
    parts = _fetchable(url, policy)
    if parts is None:
        return []
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    addresses = []
    if (parts.hostname or "") in CDN_HOSTS:  # Photon: i0.wp.com/<host>/<path>, the blog's only
        origin, _, rest = parts.path.lstrip("/").partition("/")
        direct = f"{parts.scheme}://{origin}/{rest}"
        if not origin or policy.refusal(direct) or origin.lower() in CDN_HOSTS:
            return []
        addresses.append(direct)
    addresses.append(bare)
    found: list[tuple[str, str]] = []
    for address in addresses:
        path = urlsplit(address).path
        original = urlunsplit(urlsplit(address)._replace(path=_SIZE.sub("", path)))
        for candidate in (original, address):
            rel = safe_rel(upload_path(candidate), WEB_IMAGE_TYPES)
            if rel and (candidate, rel) not in found:
                found.append((candidate, rel))
    return found


def file_candidates(url: str, policy: Policy) -> list[tuple[str, str]]:
    """What to ask for the file other than an image linked at *url*: the
    address itself (no size variants), if it is a file of a kind the archive
    keeps on the uploads of an allowed host (not the CDN's proxy)."""
    parts = _fetchable(url, policy)
    if parts is None:
        return []
    if (parts.hostname or "") in CDN_HOSTS:
        return []
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    rel = safe_rel(upload_path(bare), frozenset(downloads.KINDS))
    return [(bare, rel)] if rel else []


def _want(wanted: dict[str, Wanted], pairs, day: str) -> None:
    item = wanted.setdefault(pairs[0][1], Wanted(pairs[0][1], day=day))
    item.candidates += [p for p in pairs if p not in item.candidates]
    if day and (not item.day or day < item.day):
        item.day = day


def collect(posts, policy: Policy, outcome: Outcome) -> dict[str, Wanted]:
    """*posts*: ``(html, base address, day)`` of each post; the files to
    fetch, by the original's upload path."""
    wanted: dict[str, Wanted] = {}
    for html, base, day in posts:
        for url in image_addresses(html, base, links=True):
            pairs = file_candidates(url, policy)
            if pairs:
                _want(wanted, pairs, day)
        for url in image_addresses(html, base):
            pairs = candidates(url, policy)
            if not pairs:
                if url.startswith(("http://", "https://")) and upload_path(url) is None:
                    outcome.other_hosts += 1
                continue
            _want(wanted, pairs, day)
    return wanted


#: what an image's first bytes must be, by its suffix (an SVG must pass
#: :mod:`.svg`; a kept file, a PDF among them, is checked by :mod:`.downloads`)
IMAGE_BYTES = {
    ".jpg": downloads.starts(b"\xff\xd8\xff"),
    ".jpeg": downloads.starts(b"\xff\xd8\xff"),
    ".png": downloads.starts(b"\x89PNG\r\n\x1a\n"),
    ".gif": downloads.starts(b"GIF87a", b"GIF89a"),
    ".webp": downloads.riff(b"WEBP"),
}


def content_problem(rel: str, data: bytes) -> str | None:
    """Why *data* is not the image (or kept file: :mod:`.downloads`) its name
    says, or None."""
    suffix = Path(rel).suffix.lower()
    if downloads.kept(rel):
        return downloads.problem(rel, data)
    if not data:
        return "an empty file"
    if suffix == ".svg":
        try:
            sanitize(data)
        except SvgRefused as exc:
            return f"not an SVG image that can be made safe ({exc})"
        return None
    check = IMAGE_BYTES.get(suffix)
    if check is not None and check(data):
        return None
    if downloads.HTML_PAGE.match(data[:512]):
        return f"an HTML page, not a {suffix} image"
    return f"not a {suffix} image (its first bytes say otherwise)"


class Cache:
    """Fetched files under ``<dir>/uploads/`` and ``<dir>/fetched.jsonl``."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.uploads = directory / "uploads"
        self.log = directory / "fetched.jsonl"
        self._lock = threading.Lock()

    def path(self, rel: str) -> Path | None:
        if safe_rel(rel) is None:
            return None
        path = self.uploads / rel
        root = self.uploads.resolve()
        return path if path.resolve().is_relative_to(root) else None

    def load(self) -> dict[str, dict]:
        """The complete files of earlier imports, by upload path."""
        records: dict[str, dict] = {}
        try:
            lines = self.log.read_text(encoding="utf-8").splitlines()
        except OSError:
            return records
        for line in lines:
            try:
                record = json.loads(line)
                path = self.path(record["rel"])
                if path is not None and path.is_file() and path.stat().st_size == record["bytes"]:
                    records[record["rel"]] = record
            except (ValueError, KeyError, TypeError, OSError):
                continue  # a line cut short by an interruption
        return records

    def store(self, rel: str, data: bytes, record: dict) -> None:
        path = self.path(rel)
        if path is None:
            raise FetchError("not-allowed", f"no safe place for {rel!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{uuid.uuid4().hex}.part")
        part.write_bytes(data)
        os.replace(part, path)
        line = json.dumps({**record, "rel": rel, "bytes": len(data)}, sort_keys=True)
        with self._lock, self.log.open("a", encoding="utf-8") as log:
            log.write(line + "\n")


@dataclass
class _Job:
    client: Client
    policy: Policy
    cache: Cache
    wayback: str | None
    wayback_policy: Policy | None


def _download(job: _Job, url: str, rel: str) -> bytes:
    data = job.client.request(url, policy=job.policy).body
    problem = content_problem(rel, data)
    if problem:
        raise FetchError("refused", problem)
    return data


def _from_wayback(job: _Job, item: Wanted) -> tuple[str, dict] | None:
    for url, rel in item.candidates:
        snapshot = wayback.closest(job.client, url, item.day, job.wayback, job.wayback_policy)
        if snapshot is None:
            continue
        raw = snapshot.raw_url(job.wayback)
        data = job.client.request(raw, policy=job.wayback_policy).body
        problem = content_problem(rel, data)
        if problem:
            raise FetchError("refused", f"the Wayback Machine's copy is {problem}")
        record = {"url": url, "from": "wayback", "snapshot": snapshot.timestamp}
        job.cache.store(rel, data, record)
        return rel, {**record, "rel": rel, "bytes": len(data), "snapshot_url": snapshot.url}
    return None


def fetch_one(job: _Job, item: Wanted) -> tuple[str, dict]:
    """Fetch *item* into the cache: ``(upload path, record)``; a
    :class:`FetchError` says why not."""
    last: FetchError | None = None
    for url, rel in item.candidates:
        try:
            data = _download(job, url, rel)
        except FetchError as exc:
            if exc.kind not in ("gone", "refused"):
                raise
            last = last if last and last.kind == "refused" else exc
            continue
        record = {"url": url, "from": "blog"}
        job.cache.store(rel, data, record)
        return rel, {**record, "rel": rel, "bytes": len(data)}
    if job.wayback:
        try:
            found = _from_wayback(job, item)
        except FetchError as exc:
            raise FetchError(exc.kind, f"{last.reason}; Wayback Machine: {exc.reason}") from None
        if found:
            return found
        raise FetchError(last.kind, f"{last.reason}; the Wayback Machine has no copy")
    raise last or FetchError("gone", "nothing to fetch")


def _bar(total: int, enabled: bool | None):
    from tqdm import tqdm

    enabled = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, unit="file", desc="media", disable=not enabled, file=sys.stderr)


def _cached(item: Wanted, known: dict[str, dict]) -> dict | None:
    for _url, rel in item.candidates:
        if rel in known:
            return known[rel]
    return None


def fetch_all(wanted: dict[str, Wanted], blog_policy: Policy, settings: Settings) -> Outcome:
    """Fetch every file of *wanted* not in the cache yet (see the module's
    description); what could not be fetched is in the outcome, with why."""
    outcome = Outcome()
    cache = Cache(settings.cache)
    known = cache.load()
    todo = []
    for rel, item in sorted(wanted.items()):
        record = _cached(item, known)
        if record is not None:
            outcome.cached += 1
            outcome.records[record["rel"]] = record
        else:
            todo.append(item)
    stop = threading.Event()
    client = Client(settings.limits, Budget(settings.max_total), stop)
    wb_policy = wayback.policy(settings.wayback, settings.allow_local) if settings.wayback else None
    job = _Job(client, blog_policy, cache, settings.wayback, wb_policy)
    hosts = {urlsplit(i.candidates[0][0]).hostname for i in todo}
    workers = max(1, min(32, settings.limits.per_host * max(1, len(hosts))))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="media")
    bar = _bar(len(wanted), settings.progress)
    bar.update(outcome.cached)
    try:
        futures = {pool.submit(fetch_one, job, item): item for item in todo}
        for future in as_completed(futures):
            _finish(future, futures[future], outcome, bar)
    except KeyboardInterrupt:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        bar.close()
        raise
    pool.shutdown()
    bar.close()
    return outcome


def _finish(future, item: Wanted, outcome: Outcome, bar) -> None:
    try:
        rel, record = future.result()
    except FetchError as exc:
        outcome.failed[item.candidates[0][0]] = exc.reason
    except OSError as exc:  # the cache cannot be written
        outcome.failed[item.candidates[0][0]] = f"cannot be saved ({exc})"
    else:
        outcome.fetched += 1
        outcome.bytes += record["bytes"]
        outcome.records[rel] = record
        if record["from"] == "wayback":
            outcome.from_wayback.append(rel)
    bar.update(1)
    bar.set_postfix_str(f"{outcome.bytes / MB:.1f} MB, {len(outcome.failed)} failed", refresh=False)


def notes(outcome: Outcome, uploads: Path) -> dict[str, str]:
    """The note of each file taken from the Wayback Machine, by its path as
    the import finds it (``uploads / rel``)."""
    found = {}
    for rel, record in outcome.records.items():
        stamp = str(record.get("snapshot", ""))
        if record.get("from") != "wayback" or not re.fullmatch(r"\d{14}", stamp):
            continue
        snapshot = wayback.Snapshot(stamp, record["url"])
        found[str(uploads / rel)] = (
            f"The {'file' if downloads.kept(rel) else 'image'} {rel} "
            "is no longer on the blog: the archive's copy is the "
            f"Wayback Machine's snapshot of {linkrecord.day_label(stamp)} ({snapshot.url})."
        )
    return found
