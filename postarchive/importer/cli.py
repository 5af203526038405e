"""``python -m postarchive.importer FILE…`` (``make import FROM=FILE``): import
a WordPress export (WXR) or an RSS 2.0 / Atom feed into the archive."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from html import escape
from pathlib import Path

from ..core.topiclist import TopicsFile, append_topics, yaml_slug
from . import ImportFailure, feeds, media, wayback, wxr
from .eligibility import skip_reason
from .fetch import MB, Limits
from .htmlprep import NestingTooDeep, normalise_url
from .records import Entry, Index, SourceFile
from .render import Options, _pages, featured_image, plain, render
from .report import Progress, Summary
from .shortcodes import Found, attributes
from .slugs import assign, base_slug
from .staging import Stage, read_manifest
from .topicmap import Topics, read_mapping, read_topics_file
from .xmlsource import sha256, sniff

READERS = {"wxr": wxr.read, "rss": feeds.read, "rss1": feeds.read, "atom": feeds.read}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m postarchive.importer",
        description="Import a WordPress export (WXR) or an RSS 2.0/Atom feed: one "
        "docs/posts/<slug>.md per published post, word for word. Several files "
        "are one import (a split export). Nothing is written unless the whole "
        "import succeeds; posts edited by hand since an earlier import are never "
        "overwritten (see --force).",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        type=Path,
        help="the export (Tools → Export in WordPress) or feed, .xml",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="report what would be imported; write nothing"
    )
    p.add_argument("--pages", action="store_true", help="import the blog's pages too")
    p.add_argument(
        "--uploads",
        type=Path,
        metavar="DIR",
        help="a local copy of the blog's wp-content/uploads: images found there "
        "are copied into docs/_uploads/ (else they stay links, not archived)",
    )
    _media_options(p)
    _topic_options(p)
    _where_options(p)
    return p


def _media_options(p: argparse.ArgumentParser) -> None:
    """--fetch-media and its limits."""
    g = p.add_argument_group(
        "fetching the images (--fetch-media)",
        "Download the images the posts show from the blog's own host(s) and WordPress's "
        "CDN into docs/_uploads/ (as --uploads does); what the blog no longer has is taken "
        "from the Wayback Machine. Builds never use the network.",
    )
    g.add_argument(
        "--fetch-media",
        action="store_true",
        help="download the posts' images (instead of --uploads)",
    )
    g.add_argument(
        "--media-cache",
        type=Path,
        metavar="DIR",
        help="where fetched files are kept, so that an interrupted import resumes "
        "without downloading them again (default: build/media-cache beside the docs)",
    )
    _media_limits(g)
    g.add_argument(
        "--media-allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="another host the blog's images are on (repeatable)",
    )
    g.add_argument(
        "--media-allow-local",
        action="store_true",
        default=os.environ.get("POSTARCHIVE_MEDIA_ALLOW_LOCAL") == "1",
        help="allow private and loopback addresses (a local copy of the blog, "
        "tests; also POSTARCHIVE_MEDIA_ALLOW_LOCAL=1). Off by default",
    )
    g.add_argument(
        "--wayback-endpoint",
        metavar="URL",
        help="the Wayback Machine's availability API (default: "
        f"{wayback.DEFAULT_ENDPOINT}, or ${wayback.ENV})",
    )
    g.add_argument(
        "--no-wayback",
        action="store_true",
        help="do not look for missing images in the Wayback Machine",
    )


def _media_limits(g) -> None:
    """--fetch-media's limits: concurrency, timeouts, retries, sizes."""
    g.add_argument(
        "--media-concurrency",
        type=_at_least_one,
        default=4,
        metavar="N",
        help="downloads at a time from one host (default: 4)",
    )
    g.add_argument(
        "--media-timeout",
        type=_seconds,
        default=30.0,
        metavar="S",
        help="seconds to wait for a connection or an answer (default: 30)",
    )
    g.add_argument(
        "--media-retries",
        type=int,
        default=3,
        metavar="N",
        help="retries after a timeout, a lost connection, 5xx or 429 (default: 3)",
    )
    g.add_argument(
        "--media-backoff",
        type=_seconds,
        default=1.0,
        metavar="S",
        help="the first wait before a retry, doubled each time (default: 1)",
    )
    g.add_argument(
        "--media-max-file",
        type=_at_least_one,
        default=25,
        metavar="MB",
        help="the largest file fetched (default: 25 MB)",
    )
    g.add_argument(
        "--media-max-total",
        type=_at_least_one,
        default=2048,
        metavar="MB",
        help="the most all fetched files may take together (default: 2048 MB)",
    )


def _topic_options(p: argparse.ArgumentParser) -> None:
    """Which categories and tags become topics."""
    p.add_argument(
        "--topic-map",
        type=Path,
        metavar="FILE",
        help="YAML: category or tag name (or slug) → topic slug, or null to drop "
        "it, e.g. “Cloud: cloud-computing”",
    )
    p.add_argument(
        "--categories-only",
        action="store_true",
        help="make topics of the categories only: tags become no topics (a tag "
        "the --topic-map names is kept; a feed does not tell tags from "
        "categories, so all its categories are kept)",
    )
    p.add_argument(
        "--min-tag-posts",
        type=_at_least_one,
        default=1,
        metavar="N",
        help="make a topic of a tag only when at least N of the imported posts "
        "use it (categories are always kept; a tag the --topic-map names "
        "is kept); the summary lists the tags left out. Default: 1, every tag",
    )


def _where_options(p: argparse.ArgumentParser) -> None:
    """Where the import writes, and how."""
    p.add_argument(
        "--force", action="store_true", help="overwrite posts edited by hand since their import"
    )
    p.add_argument(
        "--docs",
        type=Path,
        default=Path("docs"),
        metavar="DIR",
        help="the archive's source directory (default: docs)",
    )
    p.add_argument(
        "--sources",
        type=Path,
        default=Path("sources"),
        metavar="DIR",
        help="where the import is recorded (default: sources)",
    )
    p.add_argument(
        "--huge-tree",
        action="store_true",
        help="allow text nodes over 10 MB (lxml's huge_tree; only if asked for)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: on a terminal)",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 to 3600)")
    return value


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of posts (1 or more)")
    return value


def _key(entry: Entry) -> str:
    site = normalise_url(entry.source.site_url) if entry.source.site_url else entry.source.name
    return f"{site}#{entry.id}"


def _order(entry: Entry) -> tuple:
    return (entry.date or "9999", int(entry.id) if entry.id.isdigit() else 0, entry.id)


def read_sources(files: list[Path], huge: bool) -> tuple[Index, dict[str, str]]:
    index = Index()
    kinds = {}
    names: dict[str, int] = {}
    for path in files:
        kind = sniff(path)
        name = path.name
        names[name] = names.get(name, 0) + 1
        if names[name] > 1:
            name = f"{path.stem}-{names[name]}{path.suffix}"
        source = SourceFile(
            path=str(path), name=name, sha256=sha256(path), size=path.stat().st_size, kind=kind
        )
        index.sources.append(source)
        kinds[str(path)] = kind
        count = 0
        for entry in READERS[kind](path, source, index, full=False, huge=huge):
            index.entries.append(entry)
            count += 1
        if count == 0:
            what = "export" if kind == "wxr" else "feed"
            raise ImportFailure(
                path,
                f"the {what} holds no items (no posts at all)",
                None,
                "export the blog again with “All content”, or check that the "
                "feed's address is the blog's feed",
            )
    return index, kinds


def plan_import(args, index: Index, summary: Summary) -> tuple[list[Entry], dict[str, str]]:
    """The entries to import and their slugs."""
    chosen: dict[str, Entry] = {}
    for entry in index.entries:
        reason = skip_reason(entry, args.pages)
        if reason is not None:
            summary.skip(reason)
            continue
        key = _key(entry)
        if key in chosen:
            summary.problems.append(
                f"{entry.source.path}:{entry.line}: item {entry.id} "
                "appears twice; the first is imported"
            )
            continue
        chosen[key] = entry
    if not chosen:
        first = index.sources[0].path
        found = ", ".join(f"{reason}: {n}" for reason, n in sorted(summary.skipped.items()))
        raise ImportFailure(
            first,
            f"nothing to import: no published post among the {len(index.entries)} items ({found})",
            None,
            "publish the posts in WordPress and export again; add --pages to import pages",
        )
    manifest = read_manifest(args.sources)
    previous = {info.get("key"): rel for rel, info in manifest["posts"].items()}
    posts_dir = args.docs / "posts"
    existing = {p.stem for p in posts_dir.glob("*.md")} if posts_dir.is_dir() else set()
    ours = {Path(rel).stem for rel in manifest["posts"]}
    taken = (existing - ours) | {Path(previous[k]).stem for k in chosen if k in previous}
    slugs = {k: Path(previous[k]).stem for k in chosen if k in previous}
    wanted = [
        (k, base_slug(e.post_name, plain(e.title), e.id))
        for k, e in sorted(chosen.items(), key=lambda kv: _order(kv[1]))
        if k not in slugs
    ]
    slugs.update(assign(wanted, taken))
    entries = sorted(chosen.values(), key=_order)
    return entries, {_key(e): slugs[_key(e)] for e in entries}


def convert_one(entry: Entry, index: Index, topics: Topics, options: Options, note: str):
    """One post's file; a post that cannot be converted is one clear error
    naming it (never a traceback)."""
    try:
        # each slug as YAML that reads back as text ("2008", not the number 2008)
        return render(entry, index, [yaml_slug(t) for t in topics.of(entry.terms)], options, note)
    except (NestingTooDeep, RecursionError) as exc:
        what = (
            str(exc)
            if isinstance(exc, NestingTooDeep)
            else "its HTML is nested too deeply to convert"
        )
        hint = "fix the post's HTML in WordPress and export again"
    except Exception as exc:  # noqa: BLE001 - one clear message naming the post, not a traceback
        what = f"{type(exc).__name__}: {exc}"
        hint = "a fault of the importer: please report it with this post's HTML"
    title = plain(entry.title) or "untitled"
    raise ImportFailure(
        entry.source.path,
        f"the {entry.type} “{title}” (ID {entry.id}) cannot be converted: {what}",
        entry.line or None,
        hint,
    )


def link_post_note(entry: Entry) -> str:
    """The note of a link post: the other site it points to."""
    return f"Link post: points to {entry.link_to}" + (
        "."
        if entry.link
        else "; the feed gives no address of the post on the blog itself, "
        "so the archive has no original address for it."
    )


_GALLERY = re.compile(r"(?<!\[)\[gallery\b([^\]]*)\]")


def lost_galleries(entry: Entry, index: Index) -> int:
    """How many ``[gallery]`` shortcodes of *entry* show nothing: the export
    holds none of their images (WordPress showed them; the archive cannot)."""
    lost = 0
    for match in _GALLERY.finditer(entry.content):
        attrs = attributes(match.group(1))
        ids = [
            i for i in re.split(r"[,\s]+", attrs.get("ids", "") or attrs.get("include", "")) if i
        ] or index.children.get(entry.id, [])
        if not any(index.attachments.get(i) and index.attachments[i].url for i in ids):
            lost += 1
    return lost


def record(entry: Entry, index: Index, result, rel: str, summary: Summary) -> None:
    """What the summary says of one converted post."""
    for name in result.unknown_shortcodes:
        summary.unknown_shortcodes.setdefault(name, []).append(rel)
    if result.images_not_archived:
        summary.images_not_archived[rel] = result.images_not_archived
    summary.images_archived += result.images_archived
    summary.files_archived += len(set(result.files_archived))
    for url, why in result.files_not_archived:
        summary.files_not_archived.setdefault(url, (why, rel))
    for name, _url in result.embeds:
        summary.embeds.setdefault(name, []).append(rel)
    summary.comments += result.comments
    if entry.link_to:
        summary.link_posts[rel] = entry.link_to
    galleries = lost_galleries(entry, index)
    if galleries:
        summary.galleries_not_archived[rel] = galleries
    if not entry.author.strip():
        summary.no_author.append(rel)


def convert_all(
    args,
    index: Index,
    wanted: dict,
    slugs: dict,
    topics: Topics,
    options: Options,
    stage: Stage,
    summary: Summary,
) -> set[str]:
    """The second pass: convert each post to import and stage its file."""
    done: set[str] = set()
    progress = Progress(len(wanted), enabled=args.progress)
    for source in index.sources:
        reader = READERS[source.kind]
        for entry in reader(Path(source.path), source, index, full=True, huge=args.huge_tree):
            key = _key(entry)
            if (
                key not in wanted
                or wanted[key].source is not source
                or wanted[key].line != entry.line
            ):
                continue
            slug = slugs[key]
            note = ""
            natural = base_slug(entry.post_name, plain(entry.title), entry.id)
            if slug != natural and entry.post_name:
                note = (
                    f"The original address's name was “{natural}”; another post has that "
                    f"file name here, so this one is “{slug}”."
                )
            if entry.link_to:
                note = " ".join(filter(None, [note, link_post_note(entry)]))
            result = convert_one(entry, index, topics, options, note)
            rel = f"posts/{slug}.md"
            stage.add_post(rel, key, result.text)
            done.add(key)
            for target, path in result.copies.items():
                stage.add_copy(args.docs / target, path)
            record(entry, index, result, rel, summary)
            progress.advance()
    progress.close()
    return done


def stage_topics(
    topics_file: Path, known: TopicsFile, topics: Topics, stage: Stage, summary: Summary
) -> None:
    """docs/topics.yaml with the new topics appended (their slugs in quotes),
    and the slugs an earlier import left unquoted (``2008:``, which YAML
    reads as a number) put in quotes."""
    summary.topics_quoted = list(topics.quoted)
    summary.topics_renamed = dict(topics.renamed)
    summary.topics_merged = topics.merged()
    summary.topics_twice = dict(known.twice)
    summary.tags_left_out = dict(topics.dropped_tags)
    summary.categories_only, summary.min_tag_posts = topics.categories_only, topics.min_tag_posts
    if not topics.added and not known.unquoted:
        return
    old = topics_file.read_text(encoding="utf-8") if topics_file.exists() else ""
    summary.topics_requoted = [slug for slug, *_place in known.unquoted]
    stage.add_file(topics_file, append_topics(old, topics.added).encode("utf-8"))
    summary.topics_added = list(topics.added)


def _first_summary(index: Index) -> Summary:
    """The summary as the reading of the files left it."""
    summary = Summary(sources=[s.name for s in index.sources])
    summary.problems += index.problems
    summary.undeclared = dict(index.undeclared)
    for reason in index.blocks_withheld.values():
        summary.blocks_withheld[reason] = summary.blocks_withheld.get(reason, 0) + 1
    return summary


def _link_options(args, index: Index, entries: list[Entry], slugs: dict[str, str]) -> Options:
    """Links between imported posts go to their pages here: by address and
    by ID; links to files on the blog's own uploads (its hosts, and
    --media-allow-host) download the archive's copy."""
    urls = [u for s in index.sources for u in [s.site_url, *s.site_urls]]
    hosts = media.hosts_of(urls + [e.link for e in entries])
    options = Options(
        uploads=args.uploads,
        download_hosts=hosts | {h.lower() for h in args.media_allow_host},
        max_download=args.media_max_file * MB,
    )
    for entry in entries:
        slug = slugs[_key(entry)]
        if entry.link:
            options.links[normalise_url(entry.link)] = slug
        if entry.id:
            options.ids[entry.id] = slug
    return options


def _media_posts(index: Index, wanted: dict):
    """``(html, base address, day)`` of each post to import, as WordPress
    showed its text (blocks, shortcodes and galleries expanded), and its
    featured image."""
    for source in index.sources:
        reader = READERS[source.kind]
        for entry in reader(Path(source.path), source, index, full=True, huge=False):
            chosen = wanted.get(_key(entry))
            if chosen is None or chosen.source is not source or chosen.line != entry.line:
                continue
            try:
                html = "<hr>".join(_pages(entry, index, Found(), [], [0]))
            except Exception:  # noqa: BLE001 - the conversion reports it, with the post's name
                continue
            featured = featured_image(entry, index)
            if featured is not None:
                html += f'<img src="{escape(featured.url.strip(), quote=True)}">'
            yield html, entry.link or entry.source.site_url, (entry.date or "")[:10]


def media_settings(args) -> media.Settings:
    cache = args.media_cache or args.docs.parent / "build" / "media-cache"
    limits = Limits(
        timeout=args.media_timeout,
        retries=max(0, args.media_retries),
        backoff=args.media_backoff,
        per_host=args.media_concurrency,
        max_bytes=args.media_max_file * MB,
    )
    return media.Settings(
        cache=cache,
        hosts=set(args.media_allow_host),
        allow_local=args.media_allow_local,
        limits=limits,
        max_total=args.media_max_total * MB,
        wayback=None if args.no_wayback else wayback.endpoint(args.wayback_endpoint),
        progress=args.progress,
    )


def fetch_media(args, index: Index, wanted: dict, options: Options, summary: Summary) -> None:
    """--fetch-media: the posts' images into the cache, which the conversion
    then reads as it reads --uploads."""
    settings = media_settings(args)
    urls = [u for s in index.sources for u in [s.site_url, *s.site_urls]]
    urls += [e.link for e in wanted.values()]
    policy = media.media_policy(media.hosts_of(urls), settings)
    outcome = media.Outcome()
    found = media.collect(_media_posts(index, wanted), policy, outcome)
    if args.dry_run:
        summary.notes.append(
            f"--fetch-media: {len(found)} image files to fetch (nothing is fetched in a dry run)."
        )
        return
    fetched = media.fetch_all(found, policy, settings)
    fetched.other_hosts = outcome.other_hosts
    summary.media = fetched
    options.uploads = settings.cache / "uploads"
    options.fetched = True
    options.media_notes = media.notes(fetched, options.uploads)


def _stage_records(index: Index, sources: Path, stage: Stage) -> None:
    """sources/imports/<file>.json: what each imported file was."""
    for source in index.sources:
        record = {
            "file": source.name,
            "sha256": source.sha256,
            "bytes": source.size,
            "kind": source.kind,
            "site": source.site_title,
            "address": source.site_url,
        }
        stage.add_file(
            sources / "imports" / f"{source.name}.json",
            (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode(),
        )


def run(args) -> int:
    index, _kinds = read_sources(args.files, args.huge_tree)
    summary = _first_summary(index)
    if args.fetch_media and args.uploads is not None:
        raise ImportFailure(
            args.uploads,
            "--uploads and --fetch-media cannot be given together",
            hint="give the local copy (--uploads) or fetch from the blog (--fetch-media)",
        )
    if args.uploads is not None and not args.uploads.is_dir():
        raise ImportFailure(
            args.uploads,
            "the uploads directory does not exist",
            hint="give a copy of the blog's wp-content/uploads directory",
        )
    entries, slugs = plan_import(args, index, summary)
    mapping = read_mapping(args.topic_map)
    topics_file = args.docs / "topics.yaml"
    known = read_topics_file(topics_file)
    topics = Topics(
        known.topics,
        mapping,
        index,
        categories_only=args.categories_only,
        min_tag_posts=args.min_tag_posts,
    )
    topics.count_tags(entries)
    options = _link_options(args, index, entries, slugs)
    wanted = {_key(e): e for e in entries}
    if args.fetch_media:
        fetch_media(args, index, wanted, options, summary)
    stage = Stage(args.docs)
    try:
        done = convert_all(args, index, wanted, slugs, topics, options, stage, summary)
        missing = set(wanted) - done
        if missing:
            raise ImportFailure(
                index.sources[0].path,
                "the file changed while it was imported",
                hint="run the import again",
            )
        stage_topics(topics_file, known, topics, stage, summary)
        _stage_records(index, args.sources, stage)
        outcome, moves = stage.decide(args.sources, args.force)
        if not args.dry_run:
            stage.commit(moves)
    finally:
        stage.remove()
    print(summary.text(outcome, args.dry_run, str(args.docs)))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except ImportFailure as failure:
        print(f"import failed: {failure}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        kept = " (files already fetched are kept in the media cache)" if args.fetch_media else ""
        print(f"import interrupted: nothing was written{kept}.", file=sys.stderr)
        return 130
