"""``postarchive new DIR [--from FILE…]``: a fresh archive.

DIR gets a ``conf.py`` whose settings block names the blog (from the export's
or feed's channel, :mod:`postarchive.importer.channel`, or from the options
``--title``, ``--author``, ``--language``, ``--address``, which also override
what the channel says), ``docs/`` with a landing page, an About page, the
archive by date, ``topics.yaml`` and ``posts/``, a ``.gitignore`` and a short
``README.md``; then the import of the files, if any (``postarchive.importer``,
whose topics go into ``docs/topics.yaml``). No glossary page: an archive has
one when its editors write ``docs/glossary.md``.

The templates are package data (``postarchive/templates/new/``), rendered
with Jinja2 without autoescaping (they are Markdown and Python, not HTML).
The pages are written in the archive's language: their text is in
``{% trans %}`` blocks and the phrases made here go through the package's
catalog (:mod:`.core.i18n`, the same as the extension's), so ``pybabel
extract`` finds both (``postarchive/locale/babel.cfg``). What comes from the
export is given to the templates as data, never as template source: it
reaches ``conf.py`` only as Python string literals (``repr``) and the pages
only through the ``{archive}`` role or as literal text (a code span): never
as code, markup or template.

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
from urllib.parse import urlsplit

import jinja2

from .core import i18n
from .core.i18n import N_
from .core.settings import tex
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
    "archive.md.tmpl": "docs/archive.md",
    "topics.yaml": "docs/topics.yaml",
}
#: the kinds of file read (the About page names them, in the archive's language)
KINDS = {
    "wxr": N_("a WordPress export"),
    "rss": N_("an RSS feed"),
    "rss1": N_("an RSS 1.0 feed"),
    "atom": N_("an Atom feed"),
}
#: the settings block's placeholders for what the channel does not say
UNKNOWN = N_("unknown")
NO_SUBJECTS = N_("not known yet (the editors have not described them)")
UNKNOWN_AUTHOR = N_("Unknown author")
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


def _series(items: list[str], language: str) -> str:
    """*items* as a sentence lists them: "a", "a and b", "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return i18n.translate(language, "{items} and {last}").format(
        items=", ".join(items[:-1]), last=items[-1]
    )


def subjects_of(channel: Channel | None, language: str = "en") -> str:
    """The blog's description (not WordPress's default tagline), else its main
    categories, else a plain "not known"."""
    if channel is None:
        return i18n.translate(language, NO_SUBJECTS)
    description = clean(channel.description)
    if description and description.casefold().rstrip(".") not in DEFAULT_TAGLINES:
        return description
    categories = [c for c in (clean(c) for c in channel.categories[:5]) if c]
    return _series(categories, language) if categories else i18n.translate(language, NO_SUBJECTS)


def blog_name(title: str, author: str, host: str, language: str) -> str:
    """The blog as the pages' sentences name it ("Sam’s blog “Notes” (example.org)")."""
    if author:
        name = i18n.translate(language, "{author}’s blog “{title}”")
    else:
        name = i18n.translate(language, "the blog “{title}”")
    return name.format(author=author, title=title) + (f" ({host})" if host else "")


def archive_names(channel: Channel | None, options: Options, fallback: str) -> dict[str, str]:
    """The settings block: the options first, then the channel, then placeholders
    (in the archive's language)."""
    title = clean(options.title) or clean(channel.title if channel else "")
    address = web_address(clean(options.address) or clean(channel.address if channel else ""))
    author = clean(options.author) or clean(channel.author if channel else "")
    language = language_code(clean(options.language) or clean(channel.language if channel else ""))
    host = host_of(address)
    title = title or host or fallback
    return {
        "title": title,
        "author": author or i18n.translate(language, UNKNOWN_AUTHOR),
        "blog": blog_name(title, author, host, language),
        "blog_citation": f"{title} ({host})" if host else title,
        "subjects": subjects_of(channel, language),
        "pdf_name": slugify(title, "archive") + ".pdf",
        "language": language,
        "address": address or i18n.translate(language, UNKNOWN),
    }


def code(value: str) -> str:
    """*value* as a Markdown code span: shown as written, never read as markup."""
    value = clean(value) or "?"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def imported_files(sources: list[tuple[Path, str]], language: str) -> str:
    """The About page's list of the files imported: "`feed.xml` (an RSS feed)"."""
    return _series(
        [
            f"{code(path.name)} ({i18n.translate(language, KINDS.get(kind, N_('a feed')))})"
            for path, kind in sources
        ],
        language,
    )


def environment(language: str) -> jinja2.Environment:
    """The templates' Jinja2 environment: Markdown and Python, so no
    autoescaping (values are escaped where they are made: ``code()``,
    ``repr``); an undefined name is an error; the catalog of *language*."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        extensions=["jinja2.ext.i18n"],
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=False)
    env.filters["literal"] = repr  # a Python string literal (conf.py)
    env.filters["latex"] = tex  # text in raw LaTeX
    return env


#: written before the import (which fills docs/topics.yaml), and after it
BEFORE = ("conf.py.tmpl", "gitignore.txt", "README.md.tmpl", "archive.md.tmpl", "topics.yaml")
AFTER = ("index.md.tmpl", "about.md.tmpl")


def render(
    templates: tuple[str, ...],
    names: dict[str, str],
    sources: list[tuple[Path, str]],
    topics: bool = True,
) -> dict[str, str]:
    """The files of the new archive made from *templates* (relative path → text)."""
    imported = bool(sources)
    language = names["language"]
    env = environment(language)
    values = {
        **names,
        "topics": topics,
        "day": dt.datetime.now(dt.UTC).date().isoformat(),
        "files": imported_files(sources, language) if sources else "",
    }
    # conf.py and README.md are the archivist's, in English like the command line
    origins = {
        "conf.py": (
            "Filled in by `postarchive new` from the export's channel: check every value."
            if imported
            else 'Filled in from `postarchive new`\'s options: edit "subjects" and "address".'
        ),
        "README.md": (
            "Its posts were first imported from an export or a feed (see `docs/about.md`)."
            if imported
            else "It has no posts yet."
        ),
    }
    files = {}
    for template in templates:
        target = FILES[template]
        if template.endswith(".tmpl"):
            files[target] = env.get_template(template).render(
                values, origin=origins.get(target, "")
            )
        else:
            files[target] = (TEMPLATES / template).read_text(encoding="utf-8")
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
        if names[key] == i18n.translate(names["language"], placeholder)
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
