"""``postarchive new DIR [--from FILE…]``: a fresh archive.

DIR gets a ``conf.py`` whose settings block names the blog (from the export's
or feed's channel, :mod:`postarchive.importer.channel`, or from the options
``--title``, ``--author``, ``--language``, ``--address``, which also override
what the channel says), ``docs/`` with a landing page, an About page, the
archive by date, ``topics.yaml`` and ``posts/``, a ``.gitignore`` and a short
``README.md``; then the import of the files, if any (``postarchive.importer``,
whose topics go into ``docs/topics.yaml``). No glossary page: an archive has
one when its editors write ``docs/glossary.md``.

The templates are package data (``postarchive/templates/new/``), filled with
:class:`string.Template`. What comes from the export reaches ``conf.py`` only
as Python string literals (``repr``) and the pages only through the
``{archive}`` role or as literal text: never as code or markup.

Everything is written into a staging directory beside DIR and moved into
place only when the import succeeded: a failed ``new`` leaves nothing. A DIR
that exists and is not empty is refused (exit status 2); nothing is ever
overwritten. Sphinx-free.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from .core.slugs import slugify
from .importer import ImportFailure
from .importer import cli as importer_cli
from .importer.channel import DEFAULT_TAGLINES, Channel, read_channel
from .importer.topicmap import read_topics_file

TEMPLATES = Path(__file__).resolve().parent / "templates" / "new"
#: template → the file it becomes (under DIR)
FILES = {
    "conf.py.tmpl": "conf.py",
    "gitignore.txt": ".gitignore",
    "README.md.tmpl": "README.md",
    "index.md.tmpl": "docs/index.md",
    "about.md.tmpl": "docs/about.md",
    "archive.md": "docs/archive.md",
    "topics.yaml": "docs/topics.yaml",
}
KINDS = {
    "wxr": "a WordPress export",
    "rss": "an RSS feed",
    "rss1": "an RSS 1.0 feed",
    "atom": "an Atom feed",
}
UNKNOWN = "unknown"
NO_SUBJECTS = "not known yet (the editors have not described them)"
UNKNOWN_AUTHOR = "Unknown author"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Options:
    """What the command line gives (None: not given)."""

    title: str | None = None
    author: str | None = None
    language: str | None = None
    address: str | None = None


def clean(value: str | None) -> str:
    """*value* as one line of text: no control characters, spaces collapsed."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


def language_code(value: str) -> str:
    """The language Sphinx is given: ``en-US`` → ``en``; ``en`` when unknown."""
    match = re.fullmatch(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9-_]*)?", value.strip())
    return match.group(1).lower() if match else "en"


def web_address(value: str) -> str:
    """An ``http(s)`` address with a host, or "" (anything else is not an address)."""
    parts = urlsplit(value) if not re.search(r"\s", value) else None
    return value if parts and parts.scheme in ("http", "https") and parts.hostname else ""


def host_of(address: str) -> str:
    host = urlsplit(address).hostname or "" if address else ""
    return host.removeprefix("www.")


def _series(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def subjects_of(channel: Channel | None) -> str:
    """The blog's description (not WordPress's default tagline), else its main
    categories, else a plain "not known"."""
    if channel is None:
        return NO_SUBJECTS
    description = clean(channel.description)
    if description and description.casefold().rstrip(".") not in DEFAULT_TAGLINES:
        return description
    categories = [c for c in (clean(c) for c in channel.categories[:5]) if c]
    return _series(categories) if categories else NO_SUBJECTS


def archive_names(channel: Channel | None, options: Options, fallback: str) -> dict[str, str]:
    """The settings block: the options first, then the channel, then placeholders."""
    title = clean(options.title) or clean(channel.title if channel else "")
    address = web_address(clean(options.address) or clean(channel.address if channel else ""))
    author = clean(options.author) or clean(channel.author if channel else "")
    host = host_of(address)
    title = title or host or fallback
    blog = (f"{author}’s blog “{title}”" if author else f"the blog “{title}”") + (
        f" ({host})" if host else ""
    )
    names = {
        "title": title,
        "author": author or UNKNOWN_AUTHOR,
        "blog": blog,
        "blog_citation": f"{title} ({host})" if host else title,
        "subjects": subjects_of(channel),
        "pdf_name": slugify(title, "archive") + ".pdf",
        "language": language_code(
            clean(options.language) or clean(channel.language if channel else "")
        ),
        "address": address or UNKNOWN,
    }
    return names


def code(value: str) -> str:
    """*value* as a Markdown code span: shown as written, never read as markup."""
    value = clean(value) or "?"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def provenance(sources: list[tuple[Path, str]], day: dt.date) -> str:
    """The About page's paragraph on where the posts come from."""
    if not sources:
        return (
            "No export or feed was imported when this archive was created: where its posts "
            "come from is unknown. When you import one (`postarchive import FILE`), say here "
            "which file it was and when it was imported."
        )
    files = _series([f"{code(path.name)} ({KINDS.get(kind, 'a feed')})" for path, kind in sources])
    return (
        f"The posts were imported on {day.isoformat()} from {files} by `postarchive new`. "
        "What was read is recorded in `sources/imports/` (each file's name, SHA-256 and "
        "size; the file itself is not copied), and each post's “About this post” box "
        "names the file it comes from."
    )


#: the parts of the landing and About pages that name the topics: with topics,
#: and without (an archive without topics has no topic pages to link to)
TOPIC_PARTS = {
    "find_topics": (
        (
            "- **{doc}`Topics <topics/index>`** and **{doc}`the archive by date <archive>`** — "
            "the posts\n  grouped by subject and by year."
        ),
        "- **{doc}`The archive by date <archive>`** — the posts grouped by year.",
    ),
    "topic_overview": ("```{rubric} Topics\n```\n\n```{topic-overview}\n:compact:\n```\n", ""),
    "topics_entry": ("topics/index\n", ""),
    "topics_comment": (
        "",
        (
            "\n% docs/topics.yaml has no topic yet: when it has, link "
            "`topics/index` in the same\n% places (the import adds the blog's "
            "categories and tags)."
        ),
    ),
    "topics_about": (
        (
            "The {doc}`topic pages <topics/index>` and the {doc}`archive by date <archive>` are "
            "generated\nfrom the posts' front matter; the topics and their descriptions are the "
            "editors'\n(`docs/topics.yaml`)."
        ),
        "The {doc}`archive by date <archive>` is generated from the posts' front matter.",
    ),
}
#: written before the import (which fills docs/topics.yaml), and after it
BEFORE = ("conf.py.tmpl", "gitignore.txt", "README.md.tmpl", "archive.md", "topics.yaml")
AFTER = ("index.md.tmpl", "about.md.tmpl")


def render(
    templates: tuple[str, ...],
    names: dict[str, str],
    sources: list[tuple[Path, str]],
    topics: bool = True,
) -> dict[str, str]:
    """The files of the new archive made from *templates* (relative path → text)."""
    imported = bool(sources)
    values = {key: repr(value) for key, value in names.items()}
    values["origin"] = (
        "Filled in by `postarchive new` from the export's channel: check every value."
        if imported
        else 'Filled in from `postarchive new`\'s options: edit "subjects" and "address".'
    )
    values["provenance"] = provenance(sources, dt.datetime.now(dt.UTC).date())
    values.update({key: parts[0 if topics else 1] for key, parts in TOPIC_PARTS.items()})
    readme_origin = (
        "Its posts were first imported from an export or a feed (see `docs/about.md`)."
        if imported
        else "It has no posts yet."
    )
    files = {}
    for template in templates:
        target = FILES[template]
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        if template.endswith(".tmpl"):
            text = Template(text).substitute(
                values, origin=readme_origin if target == "README.md" else values["origin"]
            )
        files[target] = text
    return files


def _refusal(target: Path) -> str | None:
    """Why *target* cannot become a new archive (None: it can)."""
    if target.exists() and not target.is_dir():
        return f"{target} exists and is not a directory"
    if target.is_dir() and any(target.iterdir()):
        return f"{target} is not empty: give a new or an empty directory"
    return None


def _fail(message: str, status: int) -> int:
    print(f"postarchive new: {message}; nothing was created.", file=sys.stderr)
    return status


def _write(stage: Path, files: dict[str, str]) -> None:
    (stage / "docs" / "posts").mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = stage / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:  # never overwrite
            fh.write(text)


def _read_channels(sources: list[Path]) -> tuple[Channel | None, list[tuple[Path, str]]]:
    """The first file's channel, its gaps filled by the next files'."""
    channels = [read_channel(path) for path in sources]
    if not channels:
        return None, []
    first = channels[0]
    for other in channels[1:]:
        for name in ("title", "address", "description", "language", "author"):
            setattr(first, name, getattr(first, name) or getattr(other, name))
        first.categories = first.categories or other.categories
    return first, [(path, ch.kind) for path, ch in zip(sources, channels)]


def _import(stage: Path, sources: list[tuple[Path, str]]) -> int:
    """Import *sources* into the archive at *stage*; the import's status."""
    files = [str(path.resolve()) for path, _kind in sources]
    cwd = Path.cwd()
    try:
        os.chdir(stage)  # the import's summary names docs/, not the staging directory
        return importer_cli.main([*files, "--docs", "docs", "--sources", "sources"])
    finally:
        os.chdir(cwd)


def _populate(stage: Path, names: dict[str, str], sources: list[tuple[Path, str]]) -> int:
    """Write the archive into *stage* and import into it; the import's status."""
    _write(stage, render(BEFORE, names, sources))
    status = _import(stage, sources) if sources else 0
    if status == 0:
        topics = read_topics_file(stage / "docs" / "topics.yaml").topics
        _write(stage, render(AFTER, names, sources, topics=bool(topics)))
    return status


def _report(target: Path, names: dict[str, str], imported: bool) -> None:
    print(f"Created the archive {target} (conf.py, docs/, README.md, .gitignore).")
    for key in ("title", "author", "blog", "subjects", "language", "address", "pdf_name"):
        print(f"  {key}: {names[key]}")
    unknown = [
        key
        for key, placeholder in (
            ("author", UNKNOWN_AUTHOR),
            ("subjects", NO_SUBJECTS),
            ("address", UNKNOWN),
        )
        if names[key] == placeholder
    ]
    if unknown:
        print(
            f"  not known: {', '.join(unknown)} — edit the settings block of {target / 'conf.py'}"
        )
    if not imported:
        print("  no posts yet: postarchive -C DIR import FILE imports an export or a feed")
    print(f"Next: cd {target} && postarchive build (then postarchive serve)")


def create(target: Path, sources: list[Path], options: Options | None = None) -> int:
    """Create the archive *target* (see the module's description); the exit status."""
    options = options or Options()
    refusal = _refusal(target)
    if refusal:
        return _fail(refusal, 2)
    if not sources and not (clean(options.title) and clean(options.author)):
        return _fail("without --from, give the archive's --title and --author", 2)
    try:
        channel, kinds = _read_channels(sources)
    except ImportFailure as failure:
        return _fail(f"cannot read the blog's names: {failure}", 1)
    names = archive_names(channel, options, sources[0].stem if sources else "Archive")
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    mask = os.umask(0)
    os.umask(mask)
    stage.chmod(0o777 & ~mask)  # as a directory made by mkdir (mkdtemp's is private)
    try:
        status = _populate(stage, names, kinds)
        if status != 0:
            return _fail("the import failed (see above)", status)
        os.rename(stage, target)  # onto an empty directory only: never replaces a file
    except ImportFailure as failure:
        return _fail(str(failure), 1)
    except OSError as exc:
        return _fail(f"cannot write {target}: {exc.strerror or exc}", 1)
    finally:
        if stage.exists():
            shutil.rmtree(stage)
    _report(target, names, bool(sources))
    return 0
