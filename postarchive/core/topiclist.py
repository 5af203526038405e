"""The topic list: one YAML file in the source directory (``topics.yaml``, see
:confval:`archive_topics_file`), ``slug: {title, description}`` in the order
readers see the topics. Its one codec, for the build and the importer:

* reading: :func:`parse_topics` (the build's view: the valid topics, and every
  problem with its line) and :func:`scan_topics` (the importer's view: every
  key as the text it is written as, and where YAML would read it otherwise),
  both from one pass over the file's YAML nodes;
* writing: :func:`append_topics`, new topics appended to the file's own text,
  which is kept byte for byte (but slugs YAML would not read as text, put in
  quotes).

A slug is the text of its key and follows the one slug rule
(:mod:`.slugs`). Sphinx-free: the build's functions take its application as
anything with ``srcdir`` and ``config``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .frontmatter import yaml_scalar
from .slugs import is_slug, slugify

TOPICS_DIR = "topics"
OVERVIEW = f"{TOPICS_DIR}/index"
STR_TAG = "tag:yaml.org,2002:str"


def topics_path(app) -> Path:
    """The topic list of a build (*app*: Sphinx's application)."""
    return Path(app.srcdir) / app.config.archive_topics_file


def topic_docname(slug: str) -> str:
    return f"{TOPICS_DIR}/{slug}"


# -- slugs as YAML -------------------------------------------------------------------
def is_text(slug: str) -> bool:
    """Whether YAML reads *slug*, unquoted, as the text it is (``2008``,
    ``yes``, ``null``, ``0755`` and ``2016-06-07`` it reads as a number, a
    boolean, nothing or a date)."""
    try:
        return yaml.safe_load(slug) == slug
    except yaml.YAMLError:
        return False


def yaml_slug(slug: str) -> str:
    """*slug* as YAML that reads back as that text: quoted when YAML would
    read it otherwise."""
    return slug if is_text(slug) else json.dumps(slug)


# -- reading ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Key:
    """One key of the file: its text (None when it is not a scalar), its YAML
    tag, its line and place, and its value's node."""

    slug: str | None
    tag: str
    line: int
    start: int
    end: int
    value: yaml.Node


def _keys(text: str) -> list[_Key] | None:
    """The keys of the file, in file order; None when the file is not a
    mapping. Raises :class:`yaml.YAMLError` when it is not YAML."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        return None
    return [
        _Key(
            key.value if isinstance(key, yaml.ScalarNode) else None,
            key.tag,
            key.start_mark.line + 1,
            key.start_mark.index,
            key.end_mark.index,
            value,
        )
        for key, value in root.value
    ]


@dataclass
class TopicsFile:
    """The topic list as the importer reads it: its topics by slug (always
    text, as written in the file; the entry as written), the slugs YAML reads
    as something else (``2008:``, unquoted; with the place of the key) and
    the slugs given twice (with their lines)."""

    topics: dict[str, dict] = field(default_factory=dict)
    unquoted: list[tuple[str, int, int, int]] = field(
        default_factory=list
    )  # slug, line, start, end
    twice: dict[str, list[int]] = field(default_factory=dict)  # slug → lines

    def quoted_text(self, text: str) -> str:
        """*text* (the file) with every key of :attr:`unquoted` in quotes."""
        for _slug, _line, start, end in sorted(self.unquoted, key=lambda u: -u[2]):
            text = text[:start] + json.dumps(text[start:end]) + text[end:]
        return text


def scan_topics(text: str) -> TopicsFile:
    """The topics of a topic list's *text*; every key is read as the text it
    is written as (YAML would read ``2008:`` as a number)."""
    found = TopicsFile()
    loader = yaml.SafeLoader("")
    lines: dict[str, int] = {}
    for key in _keys(text) or []:
        if key.slug is None:
            continue
        if key.tag != STR_TAG:
            found.unquoted.append((key.slug, key.line, key.start, key.end))
        if key.slug in lines:
            found.twice.setdefault(key.slug, [lines[key.slug]]).append(key.line)
            continue
        lines[key.slug] = key.line
        entry = loader.construct_document(key.value)
        found.topics[key.slug] = entry if isinstance(entry, dict) else {}
    return found


_READ_AS = {
    "int": "a number",
    "float": "a number",
    "bool": "yes or no (a boolean)",
    "null": "nothing (null)",
    "timestamp": "a date",
}


def _problem(key: _Key, entry, first: dict[str, int]) -> str | None:
    """What is wrong with one entry of the list, or None."""
    slug = key.slug
    if slug is not None and key.tag != STR_TAG:
        what = _READ_AS.get(key.tag.rsplit(":", 1)[-1], "something other than text")
        return (
            f"topic slug {slug} is read by YAML as {what}, not as text: "
            f'write it in quotes, "{slug}":'
        )
    if slug is None or not is_slug(slug):
        suggestion = slugify(slug or "")
        return f"topic slug {slug!r} must be lower-case letters, digits and -" + (
            f" (e.g. {suggestion})" if suggestion and slug is not None else ""
        )
    if slug in first:
        return f"topic {slug!r} is already defined at line {first[slug]}: keep one entry per topic"
    if (
        not isinstance(entry, dict)
        or set(entry) != {"title", "description"}
        or not all(isinstance(v, str) and v.strip() for v in entry.values())
    ):
        return f"topic {slug!r} needs exactly a non-empty title and description"
    return None


def parse_topics(text: str) -> tuple[dict[str, dict], list[tuple[int, str]]]:
    """The topics of the list's *text* and its problems. A slug is the text
    of its key: ``"2008":`` (quoted) is the topic 2008; ``2008:`` bare, which
    YAML reads as a number, is refused with what to write instead."""
    keys = _keys(text)
    if keys is None:
        return {}, [(1, "must map topic slugs to {title, description}")]
    loader = yaml.SafeLoader("")
    topics: dict[str, dict] = {}
    problems: list[tuple[int, str]] = []
    first: dict[str, int] = {}
    for key in keys:
        entry = loader.construct_document(key.value)
        problem = _problem(key, entry, first)
        if problem:
            problems.append((key.line, problem))
            continue
        first[key.slug] = key.line
        topics[key.slug] = {
            "title": entry["title"].strip(),
            "description": entry["description"].strip(),
        }
    return topics, problems


# -- writing ---------------------------------------------------------------------------
def topics_addition(added: dict[str, dict]) -> str:
    """New entries for the topic list; each slug, title and description in
    double quotes (:func:`~.frontmatter.yaml_scalar`), so that YAML reads
    ``2008`` or ``yes`` as the text it is, and a line break as one."""
    return "".join(
        f"{yaml_scalar(slug)}:\n  title: {yaml_scalar(topic['title'])}\n"
        f"  description: {yaml_scalar(topic['description'])}\n"
        for slug, topic in added.items()
    )


def append_topics(text: str, added: dict[str, dict]) -> str:
    """The list's *text* with *added* appended: its own text kept byte for
    byte, but for the slugs YAML would not read as text, put in quotes."""
    text = scan_topics(text).quoted_text(text)
    addition = topics_addition(added)
    return text + ("\n" if text and not text.endswith("\n") else "") + addition


# -- the build's topic list ------------------------------------------------------------
_cache: dict[str, tuple[int, dict, list]] = {}


def read_topics(app) -> tuple[dict[str, dict], list[tuple[int, str]]]:
    """The topic list of a build, ``{slug: {"title": ..., "description":
    ...}}`` in file order, and its problems as ``(line, message)``. A missing
    file means no topics; a broken entry is left out (and reported), a file
    that is not YAML gives no topics."""
    path = topics_path(app)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return {}, []
    cached = _cache.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1], cached[2]
    try:
        topics, problems = parse_topics(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        topics, problems = (
            {},
            [
                (
                    line,
                    f"not valid YAML ({getattr(exc, 'problem', None) or exc}); "
                    "write one `slug:` per topic with `title:` and "
                    "`description:`",
                )
            ],
        )
    _cache[str(path)] = (mtime, topics, problems)
    return topics, problems


def load_topics(app) -> dict[str, dict]:
    """The valid topics of the topic list (see :func:`read_topics`)."""
    return read_topics(app)[0]


def topic_title(topics: dict[str, dict], slug: str) -> str:
    return topics.get(slug, {}).get("title", slug)
