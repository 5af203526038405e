"""The topic list: one YAML file in the source directory (``topics.yaml``, see
:confval:`archive_topics_file`), ``slug: {title, description}`` in the order
readers see the topics. Read here, with the line of every problem; this
module imports nothing else of the package."""

from __future__ import annotations

from pathlib import Path

import yaml
from sphinx.application import Sphinx

TOPICS_DIR = "topics"
OVERVIEW = f"{TOPICS_DIR}/index"


def topics_path(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.archive_topics_file


def topic_docname(slug: str) -> str:
    return f"{TOPICS_DIR}/{slug}"


_cache: dict[str, tuple[int, dict, list]] = {}


def read_topics(app: Sphinx) -> tuple[dict[str, dict], list[tuple[int, str]]]:
    """The topic list, ``{slug: {"title": ..., "description": ...}}`` in file
    order, and its problems as ``(line, message)``. A missing file means no
    topics; a broken entry is left out (and reported), a file that is not
    YAML gives no topics."""
    path = topics_path(app)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return {}, []
    cached = _cache.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1], cached[2]
    try:
        topics, problems = _read(path.read_text(encoding="utf-8"))
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


_STR = "tag:yaml.org,2002:str"
_READ_AS = {
    "int": "a number",
    "float": "a number",
    "bool": "yes or no (a boolean)",
    "null": "nothing (null)",
    "timestamp": "a date",
}


def _read(text: str) -> tuple[dict[str, dict], list[tuple[int, str]]]:
    """The topics of the list's *text* and its problems. A slug is the text
    of its key: ``"2008":`` (quoted) is the topic 2008; ``2008:`` bare, which
    YAML reads as a number, is refused with what to write instead."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, [(1, "must map topic slugs to {title, description}")]
    loader = yaml.SafeLoader("")
    topics: dict[str, dict] = {}
    problems: list[tuple[int, str]] = []
    first: dict[str, int] = {}
    for key, value in root.value:
        line = key.start_mark.line + 1
        slug = key.value if isinstance(key, yaml.ScalarNode) else None
        entry = loader.construct_document(value)
        if slug is not None and key.tag != _STR:
            what = _READ_AS.get(key.tag.rsplit(":", 1)[-1], "something other than text")
            problems.append(
                (
                    line,
                    f"topic slug {slug} is read by YAML as {what}, not as text: "
                    f'write it in quotes, "{slug}":',
                )
            )
        elif slug is None or not slug.replace("-", "").isalnum() or slug != slug.lower():
            problems.append((line, f"topic slug {slug!r} must be lower-case letters, digits and -"))
        elif slug in first:
            problems.append(
                (
                    line,
                    f"topic {slug!r} is already defined at line {first[slug]}: "
                    "keep one entry per topic",
                )
            )
        elif (
            not isinstance(entry, dict)
            or set(entry) != {"title", "description"}
            or not all(isinstance(v, str) and v.strip() for v in entry.values())
        ):
            problems.append(
                (line, f"topic {slug!r} needs exactly a non-empty title and description")
            )
        else:
            first[slug] = line
            topics[slug] = {
                "title": entry["title"].strip(),
                "description": entry["description"].strip(),
            }
    return topics, problems


def load_topics(app: Sphinx) -> dict[str, dict]:
    """The valid topics of the topic list (see :func:`read_topics`)."""
    return read_topics(app)[0]


def topic_title(topics: dict[str, dict], slug: str) -> str:
    return topics.get(slug, {}).get("title", slug)
