"""``postarchive links``: check the outbound links of the posts and keep the
results in the record beside conf.py (``links.json``, :mod:`.linkrecord`);
a dead link gets the Wayback Machine's last snapshot from before the post
(else the closest one, taken after), which the build shows beside the
author's link ("archived copy"). The build itself never uses the network.
Sphinx-free.

* The links: every link target of the posts' Markdown (``docs/posts/*.md``,
  parsed with markdown-it-py, as MyST parses it), the comments from the
  original blog included (the bodies of the directives whose content is
  Markdown, :data:`MARKDOWN_DIRECTIVES`, which markdown-it sees as fenced
  code, are parsed as Markdown too; code blocks are not), http(s) only, but
  the blog's own host (the posts' ``url``; ``--own-host``) and the Wayback
  Machine's.
* The rules of Sphinx's linkcheck builder: ``HEAD`` first, then ``GET`` when
  HEAD fails with an HTTP error; redirects followed (at most 10); a timeout;
  at most ``--workers`` requests at a time and two per host; a 429's
  ``Retry-After`` (seconds or a date) honoured for the whole host, up to
  ``--rate-limit-timeout``; exponential backoff otherwise. Private and
  loopback addresses are not checked (``--allow-local`` does).
* The archived copy: the last snapshot (status 200) taken up to the moment
  the first post using the link was published (its ``date_utc``, else the
  end of the day before its ``date``), from the CDX API
  (:func:`.wayback.last_before`); when there is none, the snapshot closest to
  the post's day (the availability API). The record says which:
  ``archived.before_post`` (absent for an undated post).
* The record: each link's status, HTTP code, final address, the posts that
  use it, the day it was checked, and (broken only) its archived copy. Run
  again, every link is checked again: a link that works again loses its
  archived copy; one that is still broken keeps the copy found before (a
  copy recorded without ``before_post`` is looked up again);
  links no post uses any more leave the record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from markdown_it import MarkdownIt

from ..core import linkrecord
from . import wayback
from .fetch import Client, FetchError, Limits, Policy
from .media import hosts_of

NOT_CHECKED = {"web.archive.org", "archive.org"}
#: MyST directives whose content is Markdown (markdown-it, which does not know
#: MyST, sees them as fenced code): the imported comments, editorial notes,
#: figures' captions, ``only`` blocks and admonitions.
MARKDOWN_DIRECTIVES = frozenset(
    {"archive-comments", "archive-comment", "archive-note", "figure", "only", "note", "tip"}
    | {"admonition", "warning", "important", "hint", "attention", "caution", "danger"}
    | {"error", "seealso", "topic", "sidebar", "epigraph", "pull-quote", "div", "container"}
)
_DIRECTIVE = re.compile(r"\{([\w-]+)\}")
_OPTION = re.compile(r":[\w-]+:(?:\s.*)?\Z")


@dataclass
class Link:
    url: str
    posts: list[str] = field(default_factory=list)
    day: str = ""  # the earliest day of a post using it (YYYY-MM-DD)
    moment: str = ""  # 14 digits: the snapshot must be taken up to then (the earliest post)


def _directive_body(token) -> str | None:
    """The Markdown inside a fence that is a MyST directive whose content is
    Markdown (its leading ``:option:`` lines left out), or None."""
    match = _DIRECTIVE.match(token.info.strip())
    if token.type != "fence" or not match or match.group(1) not in MARKDOWN_DIRECTIVES:
        return None
    lines = token.content.splitlines()
    while lines and _OPTION.match(lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def link_targets(markdown: str, depth: int = 0) -> list[str]:
    """The link targets of *markdown*, in order (markdown-it-py's tokens),
    those inside directives whose content is Markdown included."""
    found = []
    stack = list(reversed(MarkdownIt("commonmark").parse(markdown)))
    while stack:
        token = stack.pop()
        if token.type == "link_open" and token.attrGet("href"):
            found.append(str(token.attrGet("href")))
        body = _directive_body(token) if depth < 20 else None
        if body:
            found += link_targets(body, depth + 1)
        stack.extend(reversed(token.children or []))
    return found


def _moment(meta: dict) -> str:
    """Up to when the post's links' snapshots must have been taken (14
    digits, UTC): its ``date_utc``, else the end of the day before its
    ``date``; "" for an undated post."""
    utc = meta.get("date_utc")
    if isinstance(utc, dt.datetime):
        utc = utc.astimezone(dt.timezone.utc) if utc.tzinfo else utc
        return utc.strftime("%Y%m%d%H%M%S")
    match = re.match(r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)", str(utc or ""))
    if match:
        return "".join(match.groups())
    try:
        day = dt.date.fromisoformat(str(meta.get("date") or "")[:10])
    except ValueError:
        return ""
    return (day - dt.timedelta(days=1)).strftime("%Y%m%d235959")


def _split(text: str) -> tuple[dict, str]:
    """A post's front matter and its Markdown."""
    if text.startswith("---"):
        _, _, rest = text.partition("\n")
        head, sep, body = rest.partition("\n---")
        if sep:
            try:
                meta = yaml.safe_load(head)
            except yaml.YAMLError:
                meta = None
            return (meta if isinstance(meta, dict) else {}), body.partition("\n")[2]
    return {}, text


def post_links(docs: Path, own: set[str]) -> dict[str, Link]:
    """The outbound links of the posts under *docs*/posts, by address; *own*
    gets the blog's hosts."""
    links: dict[str, Link] = {}
    posts = []
    for path in sorted((docs / "posts").rglob("*.md")):
        meta, body = _split(path.read_text(encoding="utf-8-sig"))
        own |= hosts_of([str(meta.get("url") or "")])
        day = str(meta.get("date") or "")
        day = day if day[:1].isdigit() else ""
        posts.append((path.relative_to(docs).as_posix(), day, _moment(meta), body))
    for rel, day, moment, body in posts:
        for url in link_targets(body):
            try:
                host = (urlsplit(url).hostname or "").lower()
            except ValueError:
                continue
            if not url.startswith(("http://", "https://")) or host in own | NOT_CHECKED:
                continue
            link = links.setdefault(url, Link(url))
            if rel not in link.posts:
                link.posts.append(rel)
            if day and (not link.day or day < link.day):
                link.day = day
            if moment and (not link.moment or moment < link.moment):
                link.moment = moment
    return links


def check(client: Client, url: str, policy: Policy) -> dict:
    """One link's result (linkcheck's rules: HEAD, then GET on an HTTP error)."""
    try:
        try:
            answer = client.request(url, policy=policy, method="HEAD", body=False)
        except FetchError as exc:
            if exc.kind not in ("gone", "http", "redirects"):
                raise
            answer = client.request(url, policy=policy, method="GET", body=False)
    except FetchError as exc:
        status = {
            "timeout": "timeout",
            "rate-limited": "rate-limited",
            "not-allowed": "ignored",
            "stopped": "timeout",
        }.get(exc.kind, "broken")
        result = {"status": status, "reason": exc.reason}
        if exc.status:
            result["code"] = exc.status
        return result
    result = {"status": "redirected" if answer.redirects else "working", "code": answer.status}
    if answer.redirects:
        result["final_url"] = answer.url
    return result


@dataclass
class Lookup:
    """Where archived copies are asked for."""

    client: Client
    closest: str | None  # the availability API; None: no lookups
    cdx: str
    allow_local: bool


def _snapshot(lookup: Lookup, link: Link) -> dict | None:
    """The last snapshot up to the link's moment (CDX), else the closest."""
    closest, cdx = lookup.closest, lookup.cdx
    before = None
    if link.moment:
        policy = wayback.policy(cdx, lookup.allow_local)
        try:
            before = wayback.last_before(lookup.client, link.url, link.moment, cdx, policy)
        except FetchError:
            before = None  # the closest, then
    policy = wayback.policy(closest, lookup.allow_local)
    snap = before or wayback.closest(lookup.client, link.url, link.day, closest, policy)
    if snap is None:
        return None
    found = {"url": snap.url, "timestamp": snap.timestamp, "date": snap.day}
    if link.moment:
        found["before_post"] = snap.timestamp <= link.moment
    return found


def _archived(lookup: Lookup, link: Link, previous: dict):
    """The archived copy of a broken link: the one found before (if the
    record says whether it is from before the post), else the Wayback
    Machine's last snapshot from before the post, else the closest."""
    try:
        known = linkrecord.archived_copy(link.url, previous)
    except ValueError:
        known = None
    if known and isinstance(previous["archived"].get("before_post"), bool):
        return previous["archived"]
    if not lookup.closest:
        return previous["archived"] if known else None
    try:
        found = _snapshot(lookup, link)
    except FetchError:
        found = None
    return found or (previous["archived"] if known else None)


def update(links: dict[str, Link], old: dict[str, dict], args, today: str) -> dict[str, dict]:
    """The new record: every link checked (in parallel), dead ones looked up."""
    limits = Limits(
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        max_wait=args.rate_limit_timeout,
        per_host=2,
        max_redirects=10,
    )
    client = Client(limits)
    policy = Policy(hosts=None, allow_local=args.allow_local)
    endpoint = None if args.no_wayback else wayback.endpoint(args.wayback_endpoint)
    lookup = Lookup(client, endpoint, wayback.cdx_endpoint(args.cdx_endpoint), args.allow_local)

    def one(link: Link) -> tuple[str, dict]:
        result = check(client, link.url, policy)
        result.update(checked=today, posts=sorted(link.posts))
        if result["status"] == "broken":
            found = _archived(lookup, link, old.get(link.url, {}))
            if found:
                result["archived"] = found
        return link.url, result

    with ThreadPoolExecutor(max_workers=args.workers, thread_name_prefix="links") as pool:
        return dict(pool.map(one, [links[url] for url in sorted(links)]))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="postarchive links",
        description="Check the posts' outbound links; record the results (and the Wayback "
        "Machine's copies of dead links, which the build shows beside them) in links.json.",
    )
    p.add_argument("--docs", type=Path, default=Path("docs"), metavar="DIR")
    p.add_argument(
        "--record",
        type=Path,
        default=Path("links.json"),
        metavar="FILE",
        help="the record (default: links.json, beside conf.py)",
    )
    p.add_argument(
        "--own-host",
        action="append",
        default=[],
        metavar="HOST",
        help="a host of the blog itself, not checked (the posts' url: hosts are not)",
    )
    p.add_argument("--workers", type=int, default=5, help="links checked at a time (5)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="default: 30")
    p.add_argument("--retries", type=int, default=2, help="after a timeout, 5xx or 429 (2)")
    p.add_argument(
        "--backoff",
        type=float,
        default=1.0,
        metavar="S",
        help="the first wait before a retry, doubled each time (1)",
    )
    p.add_argument(
        "--rate-limit-timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="the longest wait a host's 429 Retry-After may ask (300)",
    )
    p.add_argument(
        "--wayback-endpoint",
        metavar="URL",
        help=f"the availability API (default: {wayback.DEFAULT_ENDPOINT})",
    )
    p.add_argument(
        "--cdx-endpoint",
        metavar="URL",
        help="the CDX API, asked for the last snapshot from before the post "
        f"(default: {wayback.DEFAULT_CDX}, or ${wayback.CDX_ENV})",
    )
    p.add_argument("--no-wayback", action="store_true", help="no archived copies")
    p.add_argument(
        "--allow-local",
        action="store_true",
        help="check private and loopback addresses too (tests)",
    )
    return p


def report(record: dict[str, dict], path: Path) -> str:
    counts: dict[str, int] = {}
    for entry in record.values():
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    copies = sum(1 for e in record.values() if e.get("archived"))
    lines = [
        f"Checked {len(record)} links: "
        + ", ".join(f"{counts.get(s, 0)} {s}" for s in linkrecord.STATUSES if counts.get(s))
        + f"; {copies} dead with an archived copy. Record: {path}"
    ]
    for url, entry in sorted(record.items()):
        if entry["status"] not in ("working", "redirected"):
            copy = entry.get("archived", {}).get("url", "no archived copy")
            why = entry.get("reason", entry["status"])
            lines.append(f"  {url} ({', '.join(entry['posts'])}): {why}; {copy}")
    return "\n".join(lines)


def main(argv: list[str] | None = None, today: str | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        old = linkrecord.read(args.record)
    except ValueError as exc:
        print(f"links: {args.record}: {exc}", file=sys.stderr)
        return 1
    if not (args.docs / "posts").is_dir():
        print(f"links: no posts in {args.docs / 'posts'}", file=sys.stderr)
        return 1
    own = {h.lower() for h in args.own_host}
    links = post_links(args.docs, own)
    today = today or dt.datetime.now(dt.timezone.utc).date().isoformat()
    record = update(links, old, args, today)
    text = linkrecord.dumps(record)
    if not args.record.exists() or args.record.read_text(encoding="utf-8") != text:
        part = args.record.with_name(f".{args.record.name}.part")
        part.write_text(text, encoding="utf-8")
        os.replace(part, args.record)
    print(report(record, args.record))
    return 0
