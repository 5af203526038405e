"""Related posts: for each post, the posts that share the most topics and
glossary terms with it.

:class:`RelatedIndex` is built once per build from the domain: the date
order, each post's position in it, the glossary entries each post uses and
inverted indexes by topic and by term, so ranking the related posts of a
post is O(N) (not O(N²) for each post)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from ..core.model import Post

TOPIC_WEIGHT = 3.0
TERM_WEIGHT = 1.0


def glossary_names(domain) -> dict[str, str]:
    """Every glossary term (lower case, as term links target it) mapped to the
    first name of its entry, so synonyms count once and read as spelt."""
    return {
        name.lower(): entry.names[0]
        for entries in domain.glossary.values()
        for entry in entries
        for name in entry.names
    }


def _terms(uses, names: dict[str, str]) -> set[str]:
    """The glossary entries a document links to (its ``term_uses`` records)."""
    return {names.get(use.term, use.term) for use in uses or ()}


def relatedness(
    a: Post, b: Post, terms_a: Iterable[str] = (), terms_b: Iterable[str] = ()
) -> tuple[float, list[str], list[str]]:
    """Score how related post *b* is to post *a*: each shared topic counts
    ``TOPIC_WEIGHT``, each shared glossary term ``TERM_WEIGHT``. Returns the
    score and the shared topics (in *a*'s order) and terms (sorted)."""
    shared_topics = [t for t in a.topics if t in b.topics]
    shared_terms = sorted(set(terms_a) & set(terms_b))
    score = TOPIC_WEIGHT * len(shared_topics) + TERM_WEIGHT * len(shared_terms)
    return score, shared_topics, shared_terms


class RelatedIndex:
    """What ranking related posts needs from every post, computed once."""

    def __init__(self, domain) -> None:
        self.posts = domain.sorted_posts()
        self.by_docname = domain.posts
        self.position = {p.docname: i for i, p in enumerate(self.posts)}
        names = glossary_names(domain)
        self.terms = {d: _terms(domain.term_uses.get(d), names) for d in domain.posts}
        self.by_topic: dict[str, list[str]] = {}
        self.by_term: dict[str, list[str]] = {}
        for post in self.posts:
            for topic in post.topics:
                self.by_topic.setdefault(topic, []).append(post.docname)
            for term in self.terms[post.docname]:
                self.by_term.setdefault(term, []).append(post.docname)
        self._related: dict[str, list] = {}

    def neighbours(self, docname: str) -> tuple[Post | None, Post | None]:
        """The previous (older) and next (newer) post in date order."""
        at = self.position[docname]
        older = self.posts[at - 1] if at > 0 else None
        newer = self.posts[at + 1] if at + 1 < len(self.posts) else None
        return older, newer

    def related(self, docname: str, limit: int = 3) -> list[tuple[Post, list[str], list[str]]]:
        """The posts most related to *docname*, best first, with the topics
        and terms they share; ties go to the post nearest in date order, then
        to the title. Posts sharing nothing are left out."""
        if docname not in self._related:
            self._related[docname] = self._rank(docname, limit)
        return self._related[docname]

    def _rank(self, docname: str, limit: int) -> list:
        me = self.by_docname[docname]
        mine = self.terms.get(docname, set())
        here = self.position[docname]
        # the scores of relatedness(), counted from the posts that share something
        values: dict[str, float] = {}
        for topic in dict.fromkeys(me.topics):
            for other in self.by_topic.get(topic, ()):
                values[other] = values.get(other, 0.0) + TOPIC_WEIGHT
        for term in mine:
            for other in self.by_term.get(term, ()):
                values[other] = values.get(other, 0.0) + TERM_WEIGHT
        values.pop(docname, None)
        best = heapq.nsmallest(
            limit,
            (
                ((-value, abs(self.position[other] - here), self.by_docname[other].title), other)
                for other, value in values.items()
                if value > 0
            ),
        )
        out = []
        for _key, other in best:
            post = self.by_docname[other]
            _value, topics, terms = relatedness(me, post, mine, self.terms.get(other, set()))
            out.append((post, topics, terms))
        return out
