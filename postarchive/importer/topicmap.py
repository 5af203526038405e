"""Categories and tags become the archive's topics, by their names.

A term is looked up in ``--topic-map`` (by its name or its slug, case
aside): the map renames it (``Cloud: cloud-computing``), merges several into
one slug, or drops it (``null``); "Uncategorized" is dropped unless the map
says otherwise. A topic not yet in ``docs/topics.yaml`` is added with the
term's name as its title and the export's description (or a sentence saying
where the term came from). Post formats and other taxonomies are not topics.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import ImportFailure
from .records import Index
from .slugs import slugify

TAXONOMIES = {"category": "category", "post_tag": "tag", "tag": "tag"}
DROPPED = {"uncategorized", "uncategorised", "non classé", "sin categoría", "allgemein",
           "senza categoria", "sem categoria"}


@dataclass
class Mapping:
    """``--topic-map``: a term's name or slug (casefolded) → a topic slug, a
    topic (slug, title, description) or None (dropped)."""

    targets: dict[str, dict | None] = field(default_factory=dict)

    def lookup(self, *keys: str):
        for key in keys:
            if key and key.casefold() in self.targets:
                return True, self.targets[key.casefold()]
        return False, None


def read_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise ImportFailure(path, f"cannot read the topic map ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ImportFailure(path, f"the topic map is not valid YAML ({getattr(exc, 'problem', exc)})",
                            mark.line + 1 if mark else None,
                            "write one “name: topic-slug” line per category or tag "
                            "(null to drop it)") from None
    if data is None:
        return Mapping()
    if not isinstance(data, dict):
        raise ImportFailure(path, "the topic map must map category or tag names to topic slugs",
                            1, "write one “name: topic-slug” line per category or tag")
    mapping = Mapping()
    for key, value in data.items():
        if value is None:
            target = None
        elif isinstance(value, str):
            target = {"slug": value.strip()}
        elif isinstance(value, dict) and isinstance(value.get("slug"), str):
            target = {k: str(v).strip() for k, v in value.items() if k in ("slug", "title",
                                                                          "description")}
        else:
            raise ImportFailure(path, f"the topic map's entry for {key!r} must be a topic slug, "
                                "null, or {slug, title, description}",
                                hint="e.g. “Cloud: cloud-computing”")
        if target is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", target["slug"]):
            raise ImportFailure(path, f"{target['slug']!r} (for {key!r}) is not a topic slug",
                                hint="use lowercase letters, digits and single hyphens")
        mapping.targets[str(key).strip().casefold()] = target
    return mapping


def plain(text: str) -> str:
    """Text of a name or description that may hold entities or markup."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", html.unescape(text or "")))
    return " ".join(text.split())


def read_topics_file(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ImportFailure(path, f"the topic list is not valid YAML ({exc})",
                            hint="fix docs/topics.yaml first (make html names the line)") from None
    return data if isinstance(data, dict) else {}


@dataclass
class Topics:
    existing: dict[str, dict]
    mapping: Mapping
    index: Index
    added: dict[str, dict] = field(default_factory=dict)  # new slug → {title, description}
    _cache: dict[tuple, str | None] = field(default_factory=dict)

    def topic(self, taxonomy: str, slug: str, name: str) -> str | None:
        """The topic slug of one term of a post, or None."""
        kind = TAXONOMIES.get(taxonomy)
        if kind is None:
            return None
        key = (kind, slug, name)
        if key in self._cache:
            return self._cache[key]
        name = plain(name)
        term = self.index.terms.get((taxonomy, slug)) or self.index.terms.get((taxonomy, name))
        known, target = self.mapping.lookup(name, slug)
        if not known:
            if name.casefold() in DROPPED or slug == "uncategorized":
                self._cache[key] = None
                return None
            target = {"slug": slugify(slug) or slugify(name) or "topic-" + hashlib.sha1(name.encode()).hexdigest()[:8]}
        if target is None:
            self._cache[key] = None
            return None
        topic_slug = target["slug"]
        if topic_slug == "index":  # topics/index is the overview page
            topic_slug = "index-topic"
        if topic_slug not in self.existing and topic_slug not in self.added:
            description = target.get("description") or plain(term.description if term else "")
            if not description:
                where = "filed under the category" if kind == "category" else "tagged"
                description = f"Posts {where} “{name}” on the original blog."
            self.added[topic_slug] = {"title": target.get("title") or name or topic_slug,
                                      "description": description}
        self._cache[key] = topic_slug
        return topic_slug

    def of(self, terms: list[tuple[str, str, str]]) -> list[str]:
        found: list[str] = []
        for taxonomy, slug, name in sorted(terms, key=lambda t: (t[0] != "category",)):
            topic = self.topic(taxonomy, slug, name)
            if topic and topic not in found:
                found.append(topic)
        return found


def topics_yaml_addition(added: dict[str, dict]) -> str:
    """New entries for docs/topics.yaml, appended to the file as it is."""
    lines = []
    for slug, topic in added.items():
        lines.append(f"{slug}:\n  title: {json.dumps(topic['title'], ensure_ascii=False)}\n"
                     f"  description: {json.dumps(topic['description'], ensure_ascii=False)}\n")
    return "".join(lines)
