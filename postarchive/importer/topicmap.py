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
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml

from ..core.slugs import is_slug, slugify
from ..core.topiclist import TopicsFile, is_text, scan_topics
from . import ImportFailure
from .records import Index

TAXONOMIES = {"category": "category", "post_tag": "tag", "tag": "tag"}
DROPPED = {
    "uncategorized",
    "uncategorised",
    "non classé",
    "sin categoría",
    "allgemein",
    "senza categoria",
    "sem categoria",
}


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


def _mapping_items(path: Path, text: str) -> list[tuple[str, object]]:
    """The entries of a topic map, each name as the text it is written as
    (``2008: year-2008`` maps the tag “2008”, ``yes: …`` the tag “yes”), a
    slug written as a number read as that text; a null value drops the term."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise ImportFailure(
            path,
            "the topic map must map category or tag names to topic slugs",
            1,
            "write one “name: topic-slug” line per category or tag",
        )
    loader = yaml.SafeLoader("")
    items = []
    for key, value in root.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else loader.construct_document(key)
        target = loader.construct_document(value)
        if (
            isinstance(value, yaml.ScalarNode)
            and target is not None
            and not isinstance(target, str)
        ):
            target = value.value  # a slug YAML read as a number, a boolean or a date
        items.append((str(name), target))
    return items


def read_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    try:
        items = _mapping_items(path, path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportFailure(path, f"cannot read the topic map ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ImportFailure(
            path,
            f"the topic map is not valid YAML ({getattr(exc, 'problem', exc)})",
            mark.line + 1 if mark else None,
            "write one “name: topic-slug” line per category or tag (null to drop it)",
        ) from None
    mapping = Mapping()
    for key, value in items:
        if value is None:
            target = None
        elif isinstance(value, str):
            target = {"slug": value.strip()}
        elif isinstance(value, dict) and value.get("slug") is not None:
            target = {
                k: str(v).strip() for k, v in value.items() if k in ("slug", "title", "description")
            }
        else:
            raise ImportFailure(
                path,
                f"the topic map's entry for {key!r} must be a topic slug, "
                "null, or {slug, title, description}",
                hint="e.g. “Cloud: cloud-computing”",
            )
        if target is not None and not is_slug(target["slug"]):
            raise ImportFailure(
                path,
                f"{target['slug']!r} (for {key!r}) is not a topic slug",
                hint="use lowercase letters, digits and single hyphens",
            )
        mapping.targets[key.strip().casefold()] = target
    return mapping


def plain(text: str) -> str:
    """Text of a name or description that may hold entities or markup."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", html.unescape(text or "")))
    return " ".join(text.split())


def read_topics_file(path: Path) -> TopicsFile:
    if not path.exists():
        return TopicsFile()
    try:
        return scan_topics(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ImportFailure(
            path,
            f"the topic list is not valid YAML ({exc})",
            hint="fix docs/topics.yaml first (make html names the line)",
        ) from None


@dataclass
class Topics:
    """The topics of the posts of one import. Besides the topics to add, it
    notes what the summary tells the user: terms renamed to fit the slug rule
    (``C++`` → ``c``), different terms merged into one topic by that rule, and
    slugs that YAML would read as something else than text (``2008``, ``yes``),
    written in quotes."""

    existing: dict[str, dict]
    mapping: Mapping
    index: Index
    added: dict[str, dict] = field(default_factory=dict)  # new slug → {title, description}
    renamed: dict[str, str] = field(default_factory=dict)  # term name → topic slug
    quoted: list[str] = field(default_factory=list)  # slugs YAML would not read as text
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # slug → casefold → name
    categories_only: bool = False  # --categories-only: tags become no topics
    min_tag_posts: int = 1  # --min-tag-posts N: a tag with fewer posts becomes no topic
    tag_posts: dict[str, int] = field(default_factory=dict)  # tag key → posts using it
    category_topics: set[str] = field(default_factory=set)  # the categories' topic slugs
    dropped_tags: dict[str, int] = field(default_factory=dict)  # tag name → its posts
    _cache: dict[tuple, str | None] = field(default_factory=dict)

    def count_tags(self, entries) -> None:
        """Count the posts of the import that use each tag (for
        :attr:`min_tag_posts`): each post once per tag."""
        for entry in entries:
            keys = {
                _tag_key(slug, name)
                for taxonomy, slug, name in entry.terms
                if TAXONOMIES.get(taxonomy) == "tag"
            }
            self.category_topics.update(
                self._natural(slug, plain(name))
                for taxonomy, slug, name in entry.terms
                if TAXONOMIES.get(taxonomy) == "category"
            )
            for key in keys:
                self.tag_posts[key] = self.tag_posts.get(key, 0) + 1

    def left_out(self, kind: str, slug: str, name: str) -> bool:
        """Whether a tag becomes no topic: with --categories-only, or used by
        fewer than --min-tag-posts posts. Kept: categories; a tag the topic map
        names (the map decides); a tag whose topic is already there (in
        topics.yaml, or a category's): it adds no topic."""
        if kind != "tag" or not (self.categories_only or self.min_tag_posts > 1):
            return False
        if self.mapping.lookup(name, slug)[0]:
            return False
        natural = self._natural(slug, name)
        if natural in self.existing or natural in self.category_topics:
            return False
        posts = self.tag_posts.get(_tag_key(slug, name), 0)
        if self.categories_only or posts < self.min_tag_posts:
            self.dropped_tags.setdefault(name or slug, posts)
            return True
        return False

    def merged(self) -> dict[str, list[str]]:
        """Topic slug → the different terms the slug rule put into it."""
        return {
            slug: sorted(names.values()) for slug, names in self.names.items() if len(names) > 1
        }

    def topic(self, taxonomy: str, slug: str, name: str) -> str | None:
        """The topic slug of one term of a post, or None."""
        kind = TAXONOMIES.get(taxonomy)
        if kind is None:
            return None
        key = (kind, slug, name)
        if key not in self._cache:
            self._cache[key] = (
                None
                if self.left_out(kind, slug, plain(name))
                else self._topic(kind, taxonomy, slug, plain(name))
            )
        return self._cache[key]

    def _natural(self, slug: str, name: str) -> str:
        """The topic slug of a term by the slug rule, or as the topic map says."""
        known, target = self.mapping.lookup(name, slug)
        if known:
            return target["slug"] if target else ""
        return slugify(slug) or slugify(name)

    def _topic(self, kind: str, taxonomy: str, slug: str, name: str) -> str | None:
        term = self.index.terms.get((taxonomy, slug)) or self.index.terms.get((taxonomy, name))
        known, target = self.mapping.lookup(name, slug)
        if not known:
            if name.casefold() in DROPPED or slug == "uncategorized":
                return None
            target = {
                "slug": slugify(slug)
                or slugify(name)
                or "topic-" + hashlib.sha1(name.encode()).hexdigest()[:8]
            }
        if target is None:
            return None
        topic_slug = target["slug"]
        if topic_slug == "index":  # topics/index is the overview page
            topic_slug = "index-topic"
        if not known:
            self._note_rule(topic_slug, slug, name)
        if not is_text(topic_slug) and topic_slug not in self.quoted:
            self.quoted.append(topic_slug)
        if topic_slug not in self.existing and topic_slug not in self.added:
            description = target.get("description") or plain(term.description if term else "")
            if not description:
                where = "filed under the category" if kind == "category" else "tagged"
                description = f"Posts {where} “{name}” on the original blog."
            self.added[topic_slug] = {
                "title": target.get("title") or name or topic_slug,
                "description": description,
            }
        return topic_slug

    def _note_rule(self, topic_slug: str, slug: str, name: str) -> None:
        """Note a term the slug rule renamed, or merged with another."""
        natural = re.sub(r"[\s_-]+", "-", (unquote(slug) if slug else name).strip().lower())
        if natural.strip("-") != topic_slug and name:
            self.renamed.setdefault(name, topic_slug)
        if name:
            self.names.setdefault(topic_slug, {}).setdefault(name.casefold(), name)

    def of(self, terms: list[tuple[str, str, str]]) -> list[str]:
        found: list[str] = []
        for taxonomy, slug, name in sorted(terms, key=lambda t: (t[0] != "category",)):
            topic = self.topic(taxonomy, slug, name)
            if topic and topic not in found:
                found.append(topic)
        return found


def _tag_key(slug: str, name: str) -> str:
    """A tag as the posts name it: by its slug, else by its name."""
    return unquote(slug).casefold() if slug else plain(name).casefold()
