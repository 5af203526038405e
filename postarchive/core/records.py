"""The records the build keeps of what pages hold for other pages: a roundup
post's article blurbs, the links to glossary terms and the glossary's
entries. Plain, frozen data (pickled with the environment, merged after a
parallel read); Sphinx-free."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Blurb:
    """The editors' blurb of one article a roundup post quotes."""

    docname: str  # the roundup post
    article: str  # the article's title
    venue: str | None  # where it was published; None when unknown
    topics: tuple[str, ...]  # the topics the editors gave it
    post: str | None  # the docname, when the article is a post of this blog
    line: int  # of the blurb directive, for messages
    anchor: str = ""  # the id of the article's section in the roundup post


@dataclass(frozen=True)
class TermUse:
    """A link to a glossary term: where it is, for the term's "Used in" list."""

    docname: str
    term: str  # the term's name, lowercase
    anchor: str  # the enclosing section's id; "" for the post's top
    section: str  # that section's title; "" for the post's top
    post: str  # the page's title
    line: int | None


@dataclass(frozen=True)
class GlossaryEntry:
    """One entry of a glossary: its terms, their anchors, the first sentence
    of its definition (the hover title of links to it)."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    summary: str
