"""Incremental builds that give the clean build's site: every decision about
what Sphinx reads and writes again, in one place.

Before reading (``env-get-outdated``, :func:`plan_reading`):

* the generated year and topic pages are registered with the project (see
  :func:`.virtualdocs.install`) and read again when their source changed;
* documents that had input errors are read again, so a build cannot pass by
  skipping them;
* the documents deleted since the last build are remembered (their pages
  are removed from the output when the build finishes).

After reading (``env-get-updated``, :func:`pages_to_rewrite`): a page shows
things of other documents (post lists, navigation, "Used in" lists, hover
definitions). What it shows is summarised in digests, kept in the domain's
``freshness`` record; a page is rewritten when its digest changed:

* the date order or a title (every page's navigation lists the posts): every page;
* what lists show of posts, blurbs or the topic list: the pages that list them;
* what a post's "More from the archive" box shows: that post;
* what the glossary's "Used in" lists show: the glossary pages;
* the glossary's definitions (hover text of term links): every page with term links.

Editing a post's text (with the same reading time and terms) rewrites no
other page. When the HTML build finishes, pages of deleted documents are
removed, and so are the words Sphinx leaves in the search index with no page.

The builders share one environment (``make`` reads with the HTML builder; the
LaTeX builder after it reads nothing again). What a build updated (read, or
found to depend on what was read) is stamped with that build's generation
(:func:`track_updates`); a builder also writes the documents updated since
its own last build, by another builder's reading, and the documents deleted
since then stay on record until they are found again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import weakref
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..content import autolink, glossary
from ..content.posts import post_docnames
from ..core.model import reading_minutes
from ..core.topiclist import load_topics
from ..ext import compat
from ..ext.domain import get_domain
from . import virtualdocs
from .navigation import nav_view, related_index

logger = logging.getLogger(__name__)

#: The fields of a post that other pages show.
SHOWN = (
    "docname",
    "title",
    "date",
    "date_after",
    "date_note",
    "summary",
    "excerpt",
    "topics",
    "url",
    "author",
)
BLURB_SHOWN = ("anchor", "article", "venue", "topics", "post")


def digest(value) -> str:
    def jsonable(v):
        if dataclasses.is_dataclass(v):
            return dataclasses.asdict(v)
        return sorted(v, key=repr) if isinstance(v, (set, frozenset)) else repr(v)

    return hashlib.sha256(json.dumps(value, sort_keys=True, default=jsonable).encode()).hexdigest()


# -- before reading ---------------------------------------------------------------
def plan_reading(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """Register the generated documents, and return the documents to read
    again besides the added and changed ones."""
    again = []
    for docname in list(added | changed):
        path = compat.project_documents(env.project).get(docname)
        if path is not None and virtualdocs.is_generated(path):
            added.discard(docname)
            changed.discard(docname)
    for docname, path in virtualdocs.install(app, env).items():
        removed.discard(docname)
        if docname not in env.all_docs:
            added.add(docname)
        elif path.stat().st_mtime_ns // 1_000 > env.all_docs[docname]:
            again.append(docname)
    domain = get_domain(env)
    # (kept until found again: the builder that reads may not be the one whose
    # output holds their pages)
    domain.removed = sorted((set(domain.removed) | removed) - set(env.found_docs))
    again += sorted(set(domain.problems) & env.found_docs - added - changed)
    again += sorted(set(_posts_with_new_terms(app, env)) - added - changed - set(again))
    return again


def _posts_with_new_terms(app: Sphinx, env) -> list[str]:
    """The posts whose automatic glossary links change with the glossary: those
    whose source mentions a term of an entry added, removed or changed."""
    domain = get_domain(env)
    recorded = domain.autolink_terms
    now = autolink.glossary_terms(app, env)
    domain.autolink_terms = list(now)
    if recorded is None or set(recorded) == set(now):
        return []  # (the first build reads every post anyway)
    before = set(recorded)
    changed = tuple(autolink.Entry(e.names) for e in before ^ set(now))
    find = autolink.matcher(changed)
    mentioning = []
    for docname in post_docnames(env):
        try:
            text = Path(env.doc2path(docname)).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if next(find.find(text), None) is not None:
            mentioning.append(docname)
    return mentioning


def leave_out(app: Sphinx, env, docnames: list[str], docname: str) -> None:
    """Leave *docname* out of this build, as if its file did not exist (it is
    not read; what an earlier build read of it, and its page, are removed)."""
    if docname in docnames:
        docnames.remove(docname)
    compat.project_remove(env.project, docname)
    if docname in env.all_docs:
        compat.purge_document(app, env, docname)
        get_domain(env).removed.append(docname)


# -- after reading ----------------------------------------------------------------
def _views(app: Sphinx, domain) -> dict[str, str]:
    """The digests of what pages show of other documents (but the navigation boxes)."""
    posts = domain.sorted_posts()
    topic_list = load_topics(app)
    blurbs = {
        d: [{k: getattr(b, k) for k in BLURB_SHOWN} for b in entries]
        for d, entries in sorted(domain.blurbs.items())
    }
    return {
        "order": digest([[p.docname, p.title] for p in posts]),
        "posts": digest([{**p.shown(*SHOWN), "minutes": reading_minutes(p.words)} for p in posts]),
        "blurbs": digest(blurbs),
        "topics": digest(topic_list),
        "nav-inputs": digest(
            [
                [p.shown(*SHOWN) for p in posts],
                blurbs,
                topic_list,
                {d: domain.term_uses.get(d) for d in sorted(domain.posts)},
                glossary.definitions_view(domain),
            ]
        ),
        "glossary-uses": digest(glossary.uses_view(domain)),
        "glossary-definitions": digest(glossary.definitions_view(domain)),
    }


def pages_to_rewrite(app: Sphinx, env) -> list[str]:
    domain = get_domain(env)
    before = dict(domain.freshness)
    now = _views(app, domain)
    domain.freshness.clear()
    domain.freshness.update(now)
    if before.get("nav-inputs") == now["nav-inputs"]:
        nav = before.get("nav", {})
    else:
        index = related_index(app)
        nav = {d: digest(nav_view(app, index, d)) for d in domain.posts}
    domain.freshness["nav"] = nav
    if not before:
        return []  # the first build writes every page
    if before["order"] != now["order"]:
        return sorted(env.all_docs)
    outdated: set[str] = set()
    for docname, kinds in domain.listings.items():
        if any(before[kind] != now[kind] for kind in kinds):
            outdated.add(docname)
    outdated.update(d for d, view in nav.items() if before.get("nav", {}).get(d) != view)
    if (
        before["glossary-uses"] != now["glossary-uses"]
        or before["glossary-definitions"] != now["glossary-definitions"]
    ):
        outdated.update(domain.glossary)
    if before["glossary-definitions"] != now["glossary-definitions"]:
        outdated.update(domain.term_uses)
    return sorted(d for d in outdated if d in env.all_docs)


#: {the application: the documents its build updated, or another builder's since
#: its last build} (:func:`track_updates`)
UPDATED: weakref.WeakKeyDictionary[Sphinx, set[str]] = weakref.WeakKeyDictionary()


def track_updates(app: Sphinx, env) -> list[str]:
    """Once this build has read (``env-updated``: the readers of a parallel
    build are done, the environment is no longer pickled for them): stamp
    what it updated with a new generation, and have the builder write those
    and what other builders' reading updated since its own last build
    (:data:`UPDATED`)."""
    UPDATED[app] = set()

    def updated(docnames: set[str]) -> set[str]:
        domain = get_domain(app.env)
        if docnames:
            domain.generation += 1
            domain.revisions.update(dict.fromkeys(docnames, domain.generation))
        last = domain.written.get(app.builder.name, 0)
        more = {d for d, rev in domain.revisions.items() if rev > last and d in app.env.all_docs}
        domain.written[app.builder.name] = domain.generation
        UPDATED[app] = docnames | more
        return more

    compat.after_reading(env, updated)
    return []


# -- writing --------------------------------------------------------------------------
def prune_search_index(app: Sphinx) -> list:
    """Drop the words left with no page by Sphinx's pruning of the index."""
    for mapping in compat.search_word_maps(app):
        for word in [w for w, docs in mapping.items() if not docs]:
            del mapping[word]
    return []


def remove_stale_output(app: Sphinx, exception: Exception | None) -> None:
    """Delete the pages (and copied sources) of documents that no longer exist."""
    builder = app.builder
    if exception is not None or builder.format != "html" or not hasattr(builder, "get_outfilename"):
        return
    outdir = Path(app.outdir).resolve()
    removed = set(get_domain(app.env).removed) - set(app.env.found_docs)
    for docname in sorted(removed):
        stale = [Path(builder.get_outfilename(docname))]
        sources = outdir / "_sources"
        stale += sources.glob(f"{docname}.*") if sources.is_dir() else []
        for path in stale:
            path = path.resolve()
            if path.is_file() and path.is_relative_to(outdir):
                path.unlink()
                logger.info("removed %s (its document was deleted)", path.relative_to(outdir))
                # and directories left empty, as a clean build would not make them
                parent = path.parent
                while parent != outdir and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent


def setup(app: Sphinx) -> None:
    app.connect("env-updated", track_updates)
    app.connect("env-get-outdated", plan_reading)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("html-collect-pages", prune_search_index)
    app.connect("build-finished", remove_stale_output)
