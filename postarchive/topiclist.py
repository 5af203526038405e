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
    topics: dict[str, dict] = {}
    problems: list[tuple[int, str]] = []
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append((line, f"not valid YAML ({getattr(exc, 'problem', None) or exc}); "
                               "write one `slug:` per topic with `title:` and `description:`"))
        data, root = None, None
    if data is not None and not isinstance(data, dict):
        problems.append((1, "must map topic slugs to {title, description}"))
    elif isinstance(data, dict):
        lines = {str(k.value): k.start_mark.line + 1 for k, _v in root.value}
        for slug, entry in data.items():
            line = lines.get(str(slug), 1)
            if not isinstance(slug, str) or not slug.replace("-", "").isalnum() \
                    or slug != slug.lower():
                problems.append((line, f"topic slug {slug!r} must be lower-case letters, "
                                       "digits and -"))
            elif (
                not isinstance(entry, dict)
                or set(entry) != {"title", "description"}
                or not all(isinstance(v, str) and v.strip() for v in entry.values())
            ):
                problems.append((line, f"topic {slug!r} needs exactly a non-empty title "
                                       "and description"))
            else:
                topics[slug] = {"title": entry["title"].strip(),
                                "description": entry["description"].strip()}
    _cache[str(path)] = (mtime, topics, problems)
    return topics, problems


def load_topics(app: Sphinx) -> dict[str, dict]:
    """The valid topics of the topic list (see :func:`read_topics`)."""
    return read_topics(app)[0]


def topic_title(topics: dict[str, dict], slug: str) -> str:
    return topics.get(slug, {}).get("title", slug)
